/**
 * The HTTP exchange under every client call: one axios request per attempt, retried with backoff on transient
 * failures, bounded by a per-request timeout and the operation's deadline, cancelled by AbortSignals, logged with
 * redacted bodies. axios errors never escape: they are reduced to a network code here.
 */
import type { AxiosInstance, AxiosStatic } from "axios";
import type { ResolvedClientOptions } from "./client-options";
import { EdgegapApiError, type EdgegapErrorKind, type ErrorSubject, hintFor, kindOfStatus } from "./errors";
import { redact, scrubText, secretsOf } from "./redact";
import {
  RETRYABLE_STATUSES,
  backoffDelay,
  isRetryableNetworkCode,
  mayHaveReachedServer,
  parseRetryAfter,
  sleep,
} from "./retry";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface ApiRequest {
  readonly method: HttpMethod;
  /** Path with names already percent-encoded, e.g. `/v1/app/my-game/version`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number>>;
  readonly body?: unknown;
  /** Names the error hints use. */
  readonly subject: ErrorSubject;
}

export interface ApiResponse {
  readonly status: number;
  /** Parsed JSON; the raw text when it is not JSON; undefined when empty. */
  readonly body: unknown;
  readonly attempts: number;
  /** An earlier attempt of this request may have been acted on by the server (lost response, timeout, 5xx). */
  readonly earlierAttemptMayHaveApplied: boolean;
}

/** What a failed attempt was, for the error that ends its retries. */
interface FailureDescription {
  readonly kind: EdgegapErrorKind;
  readonly status?: number;
  readonly apiMessage?: string;
  readonly networkCode?: string;
  readonly cause: string;
}

/** One client call: the deadline and cancellation shared by all its requests (pages, follow-up GETs). */
export interface Operation {
  readonly deadlineAt: number;
  readonly deadlineMs: number;
  readonly signals: readonly AbortSignal[];
}

type AttemptOutcome =
  | { readonly type: "response"; readonly status: number; readonly body: unknown; readonly retryAfterMs?: number }
  | { readonly type: "network"; readonly code: string }
  | { readonly type: "timeout" | "deadline" | "aborted" };

export class Transport {
  private readonly http: AxiosInstance;

  constructor(private readonly options: ResolvedClientOptions) {
    // axios is loaded on first use: it costs ~80 ms, which studios importing the library for its constructs never need.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const axios: AxiosStatic = require("axios");
    this.http = axios.create({
      baseURL: options.baseUrl,
      adapter: "http",
      allowAbsoluteUrls: false,
      maxRedirects: 0, // a redirect could carry the token to another host
      maxContentLength: 16 * 1024 * 1024,
      responseType: "text",
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
    });
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** Sends `request`, retrying transient failures; returns the first non-retryable response (any status). */
  async send(operation: Operation, request: ApiRequest): Promise<ApiResponse> {
    const secrets = [this.options.token, ...secretsOf(request.body)];
    // Whether an attempt so far may have been acted on by Edgegap; every failure thrown carries it.
    let mayHaveApplied = false;
    // The last retryable failure, so running out of time still says what kept failing.
    let last: FailureDescription | undefined;
    for (let attempt = 1; ; attempt++) {
      if (operation.signals.some((signal) => signal.aborted)) throw this.failure(request, "aborted", attempt - 1, { mayHaveApplied });
      const remaining = operation.deadlineAt - Date.now();
      if (remaining <= 0) throw this.deadlineFailure(request, operation, attempt - 1, mayHaveApplied, last);
      const timeoutMs = Math.min(this.options.requestTimeoutMs, remaining);
      const outcome = await this.attempt(operation, request, attempt, timeoutMs, secrets);

      if (outcome.type === "response" && !RETRYABLE_STATUSES.has(outcome.status)) {
        return { status: outcome.status, body: outcome.body, attempts: attempt, earlierAttemptMayHaveApplied: mayHaveApplied };
      }
      mayHaveApplied ||= mayHaveBeenApplied(outcome);
      // Cancelled or out of time while the request was out: it may have reached Edgegap all the same.
      if (outcome.type === "aborted") throw this.failure(request, "aborted", attempt, { mayHaveApplied });
      if (outcome.type === "deadline") throw this.deadlineFailure(request, operation, attempt, mayHaveApplied, last);
      if (outcome.type === "network" && !isRetryableNetworkCode(outcome.code)) {
        throw this.failure(request, "network", attempt, { networkCode: outcome.code, mayHaveApplied });
      }
      last = this.describe(outcome, secrets);
      if (attempt > this.options.maxRetries) throw this.failure(request, last.kind, attempt, { ...last, mayHaveApplied });

      const delay =
        outcome.type === "response" && outcome.retryAfterMs !== undefined
          ? Math.min(outcome.retryAfterMs, this.options.retryAfterCapMs)
          : backoffDelay(attempt, {
              baseDelayMs: this.options.retryBaseDelayMs,
              maxDelayMs: this.options.retryMaxDelayMs,
              random: this.options.random,
            });
      if (Date.now() + delay >= operation.deadlineAt) {
        throw this.deadlineFailure(request, operation, attempt, mayHaveApplied, last, `the next retry (in ${delay} ms) would be past it`);
      }
      this.log(`Edgegap API retry of ${request.method} ${request.path} in ${delay} ms after ${last.cause}`, {
        method: request.method,
        path: request.path,
        attempt,
        delayMs: delay,
        status: last.status,
        networkCode: last.networkCode,
      });
      await sleep(delay, operation.signals, () => this.failure(request, "aborted", attempt, { mayHaveApplied }));
    }
  }

  /** An EdgegapApiError for `request` with the hint its kind calls for. */
  failure(
    request: ApiRequest,
    kind: EdgegapErrorKind,
    attempts: number,
    details: {
      status?: number;
      apiMessage?: string;
      networkCode?: string;
      summary?: string;
      hint?: string;
      mayHaveApplied?: boolean;
    } = {},
  ): EdgegapApiError {
    return new EdgegapApiError({
      kind,
      method: request.method,
      path: request.path,
      attempts,
      status: details.status,
      apiMessage: details.apiMessage,
      networkCode: details.networkCode,
      summary: details.summary,
      hint: details.hint ?? hintFor(kind, request.subject, this.options.baseUrl),
      mayHaveApplied: details.mayHaveApplied,
    });
  }

  /** The error a non-2xx response means; an earlier attempt of the request may still have been applied. */
  statusFailure(request: ApiRequest, response: ApiResponse, hint?: string): EdgegapApiError {
    const secrets = [this.options.token, ...secretsOf(request.body)];
    return this.failure(request, kindOfStatus(response.status), response.attempts, {
      status: response.status,
      apiMessage: apiMessageOf(response.body, secrets),
      hint,
      mayHaveApplied: response.earlierAttemptMayHaveApplied,
    });
  }

  private deadlineFailure(
    request: ApiRequest,
    operation: Operation,
    attempts: number,
    mayHaveApplied: boolean,
    last?: FailureDescription,
    why = "it ran out",
  ): EdgegapApiError {
    const lastPart = last ? ` Last failure: ${last.cause}.` : "";
    return this.failure(request, "deadline_exceeded", attempts, {
      ...last,
      mayHaveApplied,
      summary: `Edgegap API ${request.method} ${request.path} gave up after ${attempts} attempt(s) at the ${operation.deadlineMs} ms deadline: ${why}.${lastPart}`,
    });
  }

  private describe(
    outcome: AttemptOutcome,
    secrets: readonly string[],
  ): FailureDescription {
    switch (outcome.type) {
      case "response": {
        const apiMessage = apiMessageOf(outcome.body, secrets);
        const cause = `HTTP ${outcome.status}${apiMessage ? ` "${apiMessage}"` : ""}`;
        return { kind: kindOfStatus(outcome.status), status: outcome.status, apiMessage, cause };
      }
      case "network":
        return { kind: "network", networkCode: outcome.code, cause: `network error ${outcome.code}` };
      default:
        return { kind: "timeout", cause: `no response within ${this.options.requestTimeoutMs} ms` };
    }
  }

  private async attempt(
    operation: Operation,
    request: ApiRequest,
    attempt: number,
    timeoutMs: number,
    secrets: readonly string[],
  ): Promise<AttemptOutcome> {
    const controller = new AbortController();
    let stopped: "timeout" | "deadline" | "aborted" | undefined;
    const stop = (why: "timeout" | "deadline" | "aborted") => {
      stopped ??= why;
      controller.abort();
    };
    const timer = setTimeout(() => stop(timeoutMs < this.options.requestTimeoutMs ? "deadline" : "timeout"), timeoutMs);
    const onAbort = () => stop("aborted");
    operation.signals.forEach((signal) => signal.addEventListener("abort", onAbort, { once: true }));
    const started = Date.now();
    this.log(`Edgegap API request ${request.method} ${request.path} (attempt ${attempt})`, {
      method: request.method,
      path: request.path,
      query: request.query,
      attempt,
      body: redact(request.body, { secrets }),
    });
    try {
      const response = await this.http.request<string>({
        method: request.method,
        url: request.path,
        params: request.query,
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
        headers: {
          Authorization: `token ${this.options.token}`,
          "User-Agent": this.options.userAgent,
          Accept: "application/json",
          ...(request.body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        signal: controller.signal,
      });
      const body = parseBody(response.data);
      const retryAfter = response.headers["retry-after"];
      this.log(`Edgegap API response ${response.status} to ${request.method} ${request.path} in ${Date.now() - started} ms`, {
        method: request.method,
        path: request.path,
        status: response.status,
        durationMs: Date.now() - started,
        body: redact(body, { secrets }),
      });
      return {
        type: "response",
        status: response.status,
        body,
        retryAfterMs: parseRetryAfter(typeof retryAfter === "string" ? retryAfter : undefined),
      };
    } catch (error) {
      if (stopped !== undefined) return { type: stopped };
      return { type: "network", code: networkCodeOf(error) };
    } finally {
      clearTimeout(timer);
      operation.signals.forEach((signal) => signal.removeEventListener("abort", onAbort));
    }
  }

  private log(message: string, fields: Record<string, unknown>): void {
    this.options.logger?.debug(message, fields);
  }
}

/** Whether the server may have acted on a failed attempt: not after a 429 or a connection that never opened. */
function mayHaveBeenApplied(outcome: AttemptOutcome): boolean {
  if (outcome.type === "response") return outcome.status !== 429;
  if (outcome.type === "network") return mayHaveReachedServer(outcome.code);
  return true;
}

function parseBody(text: unknown): unknown {
  if (typeof text !== "string" || text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The API's `message` (plus `details` when present), or the start of a non-JSON body, scrubbed of secrets. */
export function apiMessageOf(body: unknown, secrets: readonly string[]): string | undefined {
  let message: string | undefined;
  if (typeof body === "string") message = body.slice(0, 300);
  else if (body !== null && typeof body === "object") {
    const record = body as Record<string, unknown>;
    if (typeof record.message === "string") message = record.message;
    if (typeof record.details === "string") message = `${message ?? ""} ${record.details}`.trim();
  }
  return message === undefined ? undefined : scrubText(message, secrets);
}

/** Node's error code (ECONNRESET...) from whatever axios threw; nothing else of it is kept. */
function networkCodeOf(error: unknown): string {
  const candidates = [error, (error as { cause?: unknown } | undefined)?.cause];
  for (const candidate of candidates) {
    const code = (candidate as { code?: unknown } | undefined)?.code;
    if (typeof code === "string" && /^[A-Z][A-Z0-9_]*$/.test(code) && code !== "ERR_NETWORK") return code;
  }
  return "ERR_NETWORK";
}
