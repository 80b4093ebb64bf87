import { EdgegapClient } from "../edgegap-api/client";
import { DEFAULT_BASE_URL, normalizeBaseUrl, normalizeToken } from "../edgegap-api/client-options";
import { EdgegapValidationError, formatProblem } from "../edgegap-api/errors";
import { attr, DiagnosticError, defineProvider, isUnknown } from "../provider-runtime";
import { PACKAGE_VERSION } from "../version";
import { appResource } from "./app-resource";
import { appVersionResource } from "./app-version-resource";

/**
 * The Edgegap provider: configuration becomes one API client shared by every resource operation of the process
 * (Terraform runs up to 10 at once; the client holds no per-call state).
 */
export const DEFAULT_IMAGE_PULL_RETRY_SECONDS = 180;
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
export const DEFAULT_OPERATION_TIMEOUT_SECONDS = 300;

/** What resources receive as `ctx.provider`. The client is made on first use, so plans without Edgegap calls need no token. */
export interface EdgegapConnection {
  client(): EdgegapClient;
  /** How long a create or update retries Edgegap's 424 (cannot pull the image) while IAM propagates. */
  readonly imagePullRetryMs: number;
}

const attributes = {
  token: attr.string({
    optional: true,
    sensitive: true,
    description: "Edgegap API token (Dashboard → User Settings → Tokens). Defaults to the EDGEGAP_TOKEN environment " +
      "variable. A pasted \"token \" prefix is accepted.",
  }),
  base_url: attr.string({
    optional: true,
    description: `Edgegap API base URL. Defaults to the EDGEGAP_BASE_URL environment variable, else ${DEFAULT_BASE_URL}.`,
  }),
  image_pull_retry_seconds: attr.number({
    optional: true,
    description: "How long creating or updating an app version retries while Edgegap answers 424 (it cannot pull the " +
      "image with the credentials given): a Google key and its grant take a while to work after they are created. " +
      `Defaults to EDGEGAP_IMAGE_PULL_RETRY_SECONDS, else ${DEFAULT_IMAGE_PULL_RETRY_SECONDS}.`,
  }),
  request_timeout_seconds: attr.number({
    optional: true,
    description: `Timeout of one HTTP request to Edgegap, retried on expiry. Defaults to ${DEFAULT_REQUEST_TIMEOUT_SECONDS}.`,
  }),
  operation_timeout_seconds: attr.number({
    optional: true,
    description: "Deadline of one API operation, retries and backoff included (429, 5xx, network errors). Defaults to " +
      `${DEFAULT_OPERATION_TIMEOUT_SECONDS}.`,
  }),
};

export const edgegapProvider = defineProvider({
  name: "edgegap",
  version: PACKAGE_VERSION,
  description: "Edgegap apps and app versions, managed through Edgegap's v1 API.",
  attributes,
  resources: [appResource, appVersionResource],

  validate({ config }) {
    if (typeof config.base_url === "string") baseUrlOrError(config.base_url);
    secondsOrError("image_pull_retry_seconds", config.image_pull_retry_seconds, 0, 3600);
    secondsOrError("request_timeout_seconds", config.request_timeout_seconds, 1, 600);
    secondsOrError("operation_timeout_seconds", config.operation_timeout_seconds, 1, 3600);
  },

  configure({ config }, ctx): EdgegapConnection {
    const fromEnv = (name: string) => (process.env[name]?.trim() ? process.env[name]!.trim() : undefined);
    const token = isUnknown(config.token) ? undefined : config.token ?? fromEnv("EDGEGAP_TOKEN");
    const baseUrl = isUnknown(config.base_url) ? undefined : config.base_url ?? fromEnv("EDGEGAP_BASE_URL");
    // validate() has checked the arguments; what comes from the environment is checked here, still before any request.
    if (config.base_url === null && baseUrl !== undefined) baseUrlOrError(baseUrl, "EDGEGAP_BASE_URL");
    const envRetry = fromEnv("EDGEGAP_IMAGE_PULL_RETRY_SECONDS");
    const retrySeconds = known(config.image_pull_retry_seconds) ??
      (envRetry === undefined
        ? DEFAULT_IMAGE_PULL_RETRY_SECONDS
        : secondsOrError("EDGEGAP_IMAGE_PULL_RETRY_SECONDS", Number(envRetry), 0, 3600, JSON.stringify(envRetry)));
    if (!isUnknown(config.token)) checkToken(token, config.token !== null);
    let client: EdgegapClient | undefined;
    const requestTimeout = known(config.request_timeout_seconds) ?? DEFAULT_REQUEST_TIMEOUT_SECONDS;
    const deadline = known(config.operation_timeout_seconds) ?? DEFAULT_OPERATION_TIMEOUT_SECONDS;
    return {
      imagePullRetryMs: (retrySeconds ?? DEFAULT_IMAGE_PULL_RETRY_SECONDS) * 1000,
      client() {
        if (token === undefined || baseUrl === undefined && isUnknown(config.base_url)) {
          throw new DiagnosticError("Edgegap provider configuration unknown", {
            detail: "The provider's token or base_url depends on a value known only after apply; Edgegap cannot be called yet.",
          });
        }
        client ??= new EdgegapClient({
          token,
          baseUrl: baseUrl ?? DEFAULT_BASE_URL,
          requestTimeoutMs: requestTimeout * 1000,
          deadlineMs: deadline * 1000,
          signal: ctx.signal,
          logger: ctx.log, // request lines with bodies already redacted, at debug level
        });
        return client;
      },
    };
  },
});

/** A number when known; UNKNOWN and null both mean "use the default". */
function known(value: number | null | symbol): number | undefined {
  return typeof value === "number" ? value : undefined;
}

/** The base URL from the `base_url` argument (the diagnostic points at it) or from EDGEGAP_BASE_URL. */
function baseUrlOrError(value: string, source: "base_url" | "EDGEGAP_BASE_URL" = "base_url"): string {
  try {
    return normalizeBaseUrl(value);
  } catch (error) {
    throw new DiagnosticError(source === "base_url" ? "Invalid Edgegap base_url" : "Invalid EDGEGAP_BASE_URL", {
      detail: (error as Error).message,
      path: source === "base_url" ? "base_url" : undefined,
    });
  }
}

const MISSING_TOKEN_DETAIL = "Set the EDGEGAP_TOKEN environment variable for cdktf deploy / terraform (or the " +
  "provider's token argument from a sensitive variable). Create a token in the Edgegap dashboard: User Settings → Tokens.";

/**
 * A token that is missing or blank, or that no HTTP header can carry, fails the plan here rather than the first
 * request. The diagnostic points at the token argument when the token came from it; it never shows the token.
 */
function checkToken(token: string | undefined, fromArgument: boolean): void {
  try {
    normalizeToken(token);
  } catch (error) {
    if (!(error instanceof EdgegapValidationError)) throw error;
    const [problem] = error.problems;
    const path = fromArgument ? "token" : undefined;
    if (problem.value === undefined || problem.value === "") {
      const given = token === undefined ? "" : `${fromArgument ? "The token argument" : "EDGEGAP_TOKEN"} is blank (or only the "token " prefix). `;
      throw new DiagnosticError("Missing Edgegap API token", { detail: given + MISSING_TOKEN_DETAIL, path });
    }
    throw new DiagnosticError("Invalid Edgegap API token", { detail: formatProblem(problem), path });
  }
}

/** `shown`: how the message quotes the value (e.g. the text of an environment variable that is not a number). */
function secondsOrError(name: string, value: unknown, min: number, max: number, shown = String(value)): number | undefined {
  if (typeof value !== "number") return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DiagnosticError(`Invalid ${name}`, {
      detail: `${name} = ${shown}: must be a whole number of seconds from ${min} to ${max}`,
      path: name.toLowerCase() === name ? name : undefined,
    });
  }
  return value;
}
