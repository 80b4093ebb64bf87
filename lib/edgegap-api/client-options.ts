/**
 * Client options, their defaults, and the normalization of what users paste (tokens, base URLs).
 */
import { EdgegapValidationError } from "./errors";
import { REDACTED } from "./redact";
import { PACKAGE_VERSION } from "../version";

export const DEFAULT_BASE_URL = "https://api.edgegap.com";
/** `edgegap-cdktf/<version> node/<version>`; the provider may append e.g. ` terraform/1.11.4`. */
export const DEFAULT_USER_AGENT = `edgegap-cdktf/${PACKAGE_VERSION} node/${process.versions.node}`;

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_DEADLINE_MS = 5 * 60_000;
export const DEFAULT_MAX_RETRIES = 5;
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
export const DEFAULT_RETRY_MAX_DELAY_MS = 15_000;
export const DEFAULT_RETRY_AFTER_CAP_MS = 60_000;
/** Items per page when listing; Edgegap's own default is undocumented (the community reports 10). */
export const DEFAULT_PAGE_SIZE = 100;

/** Debug lines for each request, response and retry; bodies are already redacted. */
export interface EdgegapLogger {
  debug(message: string, fields: Readonly<Record<string, unknown>>): void;
}

export interface EdgegapClientOptions {
  /** Edgegap API token; a pasted `token ` prefix (any case) and surrounding whitespace are removed. */
  readonly token: string;
  /** http(s) URL of the API; a trailing slash is removed. @default "https://api.edgegap.com" */
  readonly baseUrl?: string;
  /** @default DEFAULT_USER_AGENT */
  readonly userAgent?: string;
  /** Time one HTTP request may take before it is abandoned (and retried). @default 30_000 */
  readonly requestTimeoutMs?: number;
  /** Time one client call may take, retries, backoff and pages included. @default 300_000 (5 min) */
  readonly deadlineMs?: number;
  /** Retries after the first attempt (so `maxRetries + 1` requests at most). @default 5 */
  readonly maxRetries?: number;
  /** First backoff delay; doubles on each retry, with jitter. @default 500 */
  readonly retryBaseDelayMs?: number;
  /** Longest backoff delay. @default 15_000 */
  readonly retryMaxDelayMs?: number;
  /** Longest wait a `Retry-After` header can impose. @default 60_000 */
  readonly retryAfterCapMs?: number;
  /** Items requested per page when listing. @default 100 */
  readonly pageSize?: number;
  /** Cancels every call of this client (in-flight requests and backoff sleeps), e.g. on Terraform's StopProvider. */
  readonly signal?: AbortSignal;
  readonly logger?: EdgegapLogger;
  /** Source of jitter, 0 ≤ random() < 1. @default Math.random */
  readonly random?: () => number;
}

/** Options of one call. */
export interface CallOptions {
  /** Cancels this call: the in-flight request and any backoff sleep stop at once. */
  readonly signal?: AbortSignal;
  /** Overrides the client's deadline for this call. */
  readonly deadlineMs?: number;
}

export type ResolvedClientOptions = Required<Omit<EdgegapClientOptions, "signal" | "logger">> &
  Pick<EdgegapClientOptions, "signal" | "logger">;

export function resolveClientOptions(options: EdgegapClientOptions): ResolvedClientOptions {
  const positive = (name: string, value: number | undefined, fallback: number, min = 1): number => {
    const resolved = value ?? fallback;
    if (!Number.isFinite(resolved) || resolved < min) {
      throw new EdgegapValidationError("Edgegap client options", [
        { path: name, value: resolved, rule: `${name} must be a number of at least ${min}` },
      ]);
    }
    return resolved;
  };
  return {
    token: normalizeToken(options.token),
    baseUrl: normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL),
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    requestTimeoutMs: positive("requestTimeoutMs", options.requestTimeoutMs, DEFAULT_REQUEST_TIMEOUT_MS),
    deadlineMs: positive("deadlineMs", options.deadlineMs, DEFAULT_DEADLINE_MS),
    maxRetries: positive("maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES, 0),
    retryBaseDelayMs: positive("retryBaseDelayMs", options.retryBaseDelayMs, DEFAULT_RETRY_BASE_DELAY_MS, 0),
    retryMaxDelayMs: positive("retryMaxDelayMs", options.retryMaxDelayMs, DEFAULT_RETRY_MAX_DELAY_MS, 0),
    retryAfterCapMs: positive("retryAfterCapMs", options.retryAfterCapMs, DEFAULT_RETRY_AFTER_CAP_MS, 0),
    pageSize: positive("pageSize", options.pageSize, DEFAULT_PAGE_SIZE),
    signal: options.signal,
    logger: options.logger,
    random: options.random ?? Math.random,
  };
}

/**
 * The bare token: surrounding whitespace and a pasted `token ` prefix (any case) removed. Errors never show it.
 */
export function normalizeToken(raw: string | undefined): string {
  const token = (raw ?? "").trim().replace(/^token(\s+|$)/i, "").trim();
  if (token === "") {
    throw new EdgegapValidationError("Edgegap token", [
      { path: "token", value: raw === undefined ? undefined : "", rule: "the token is empty: set EDGEGAP_TOKEN to an API token" },
    ]);
  }
  // A header value cannot hold whitespace or control characters; Node's error would be less clear than ours.
  if (/[\s\u0000-\u001f\u007f]/.test(token)) {
    throw new EdgegapValidationError("Edgegap token", [
      { path: "token", value: REDACTED, rule: "the token must not contain whitespace or control characters" },
    ]);
  }
  return token;
}

/** An http(s) URL without query, fragment, credentials or trailing slash. */
export function normalizeBaseUrl(raw: string): string {
  // Whatever is wrong, a password in the URL is never shown.
  const shown = raw.replace(/^((?:[A-Za-z][A-Za-z0-9+.-]*:)?\/\/)?[^/]*@/, `$1${REDACTED}@`);
  const fail = (rule: string): never => {
    throw new EdgegapValidationError("Edgegap base URL", [{ path: "baseUrl", value: shown, rule }]);
  };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail("baseUrl must be an absolute http(s) URL such as https://api.edgegap.com");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    fail("baseUrl must use http or https");
  }
  if (url.username !== "" || url.password !== "") {
    fail("baseUrl must not contain credentials: the token goes in the token option");
  }
  if (url.search !== "" || url.hash !== "") fail("baseUrl must not have a query or fragment");
  return url.toString().replace(/\/+$/, "");
}
