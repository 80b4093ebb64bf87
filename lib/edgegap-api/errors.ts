/**
 * The two errors the client throws. Neither carries a token, a private_token or a hidden env value: they are built
 * from plain fields (never from an axios error, whose config holds the headers and the body), and every text that
 * came from the network is scrubbed of the request's secrets before it is stored.
 */

/** What went wrong, for callers that branch on it (the provider maps `not_found` on read to "gone"). */
export type EdgegapErrorKind =
  | "bad_request" // 400: validation, or the free-tier limit
  | "unauthorized" // 401
  | "forbidden" // 403
  | "not_found" // 404
  | "conflict" // 409
  | "image_pull_failed" // 424 (verify_image)
  | "rate_limited" // 429, retries exhausted
  | "server_error" // 5xx, retries exhausted
  | "unexpected_status" // any other status (3xx included: redirects are not followed)
  | "invalid_response" // 2xx whose body is not what the API documents
  | "network" // connection failed, reset or dropped; retries exhausted
  | "timeout" // no response within the per-request timeout; retries exhausted
  | "deadline_exceeded" // the overall deadline ran out (or a Retry-After reached past it)
  | "aborted"; // cancelled through an AbortSignal

/** Names that make a hint precise (which app, which version, which image). */
export interface ErrorSubject {
  readonly appName?: string;
  readonly versionName?: string;
  /** `repository/image:tag` when the request named one (hint for 424). */
  readonly imageReference?: string;
}

export interface EdgegapApiErrorFields {
  readonly kind: EdgegapErrorKind;
  readonly method: string;
  /** Request path, e.g. `/v1/app/my-game/version`. */
  readonly path: string;
  /** HTTP status of the last response, when there was one. */
  readonly status?: number;
  /** The API's `message`, scrubbed of secrets. */
  readonly apiMessage?: string;
  /** Node's network error code (ECONNRESET, ECONNREFUSED...), when the failure was at the network. */
  readonly networkCode?: string;
  /** Requests sent for this operation, retries included. */
  readonly attempts: number;
  /** What to do about it. */
  readonly hint: string;
  /** A summary overriding the default first sentence of the message. */
  readonly summary?: string;
  /**
   * Whether Edgegap may have acted on the request although the call failed: an attempt timed out, was cancelled or
   * lost its connection after it was sent, or got a 5xx (which can come after the change was made). A failed create
   * with this set may have created the object. @default false
   */
  readonly mayHaveApplied?: boolean;
}

/** An Edgegap API call failed: HTTP status, the API's message, method, path and a hint for the usual causes. */
export class EdgegapApiError extends Error {
  override readonly name = "EdgegapApiError";
  readonly kind: EdgegapErrorKind;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly apiMessage?: string;
  readonly networkCode?: string;
  readonly attempts: number;
  readonly hint: string;
  /** See EdgegapApiErrorFields.mayHaveApplied. */
  readonly mayHaveApplied: boolean;
  private readonly fields: EdgegapApiErrorFields;

  constructor(fields: EdgegapApiErrorFields) {
    super(`${fields.summary ?? summarize(fields)} ${fields.hint}`);
    this.kind = fields.kind;
    this.method = fields.method;
    this.path = fields.path;
    this.status = fields.status;
    this.apiMessage = fields.apiMessage;
    this.networkCode = fields.networkCode;
    this.attempts = fields.attempts;
    this.hint = fields.hint;
    this.mayHaveApplied = fields.mayHaveApplied ?? false;
    this.fields = fields;
  }

  /** The same error, saying that the operation it ended may have been applied (a follow-up of a write failed). */
  asMayHaveApplied(): EdgegapApiError {
    return this.mayHaveApplied ? this : new EdgegapApiError({ ...this.fields, mayHaveApplied: true });
  }

  get isNotFound(): boolean {
    return this.kind === "not_found";
  }

  get isConflict(): boolean {
    return this.kind === "conflict";
  }
}

function summarize(fields: EdgegapApiErrorFields): string {
  const what = `Edgegap API ${fields.method} ${fields.path}`;
  const tries = fields.attempts > 1 ? ` after ${fields.attempts} attempts` : "";
  if (fields.status !== undefined) {
    const message = fields.apiMessage ? `: "${fields.apiMessage}"` : "";
    return `${what} failed with HTTP ${fields.status}${tries}${message}.`;
  }
  const code = fields.networkCode ? ` (${fields.networkCode})` : "";
  return `${what} failed: ${fields.kind.replace(/_/g, " ")}${code}${tries}.`;
}

/** The kind of error an HTTP status means. */
export function kindOfStatus(status: number): EdgegapErrorKind {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 424:
      return "image_pull_failed";
    case 429:
      return "rate_limited";
  }
  return status >= 500 && status <= 599 ? "server_error" : "unexpected_status";
}

/** The usual causes of an error of this kind, and what to do. */
export function hintFor(kind: EdgegapErrorKind, subject: ErrorSubject, baseUrl: string): string {
  const hint = hintText(kind, subject, baseUrl);
  return hint.charAt(0).toUpperCase() + hint.slice(1);
}

function hintText(kind: EdgegapErrorKind, subject: ErrorSubject, baseUrl: string): string {
  const app = subject.appName !== undefined ? `app "${subject.appName}"` : "the app";
  const version = subject.versionName !== undefined ? `version "${subject.versionName}"` : undefined;
  switch (kind) {
    case "unauthorized":
      return "The token is missing or invalid: set EDGEGAP_TOKEN (or the provider's token) to an API token from https://app.edgegap.com/user-settings?tab=tokens; with or without the \"token \" prefix.";
    case "forbidden":
      return "The token was refused: it is likely a deleted or template token. Create a new one at https://app.edgegap.com/user-settings?tab=tokens.";
    case "not_found":
      return version
        ? `${app} or its ${version} does not exist (deleted or renamed outside Terraform?).`
        : `${app} does not exist (deleted or renamed outside Terraform?).`;
    case "conflict":
      return version
        ? `A ${version} already exists in ${app}. Choose another name, or manage the existing one: terraform import <address> ${subject.appName}/${subject.versionName}`
        : `An ${app} already exists. Choose another name, or manage the existing one: terraform import <address> ${subject.appName}`;
    case "image_pull_failed":
      return `Edgegap could not pull ${subject.imageReference ?? "the image"} with the given private_username/private_token (verify_image). Check the image and tag exist and that the credentials can pull them (for a GCP key: roles/artifactregistry.reader on the repository; new IAM grants can take a minute to apply).`;
    case "bad_request":
      return "Edgegap rejected the request as invalid: see its message. On a create, a 400 can also mean the plan's limit is reached (the free tier allows 2 apps and 2 versions).";
    case "rate_limited":
      return "Edgegap kept rate-limiting the requests: retry later, or lower Terraform's -parallelism.";
    case "server_error":
      return "Edgegap kept failing on its side: retry later. An empty endpoint_storage is a known cause of 500.";
    case "network":
      return `Could not talk to ${baseUrl}: check the base URL, the network and any proxy (HTTPS_PROXY/NO_PROXY).`;
    case "timeout":
      return `${baseUrl} did not answer in time: retry later, or raise the per-request timeout.`;
    case "deadline_exceeded":
      return "Gave up when the overall deadline ran out: retry later, or raise the deadline.";
    case "aborted":
      return "The operation was cancelled; a create or update may or may not have reached Edgegap (check with terraform refresh).";
    case "invalid_response":
      return `The response did not have the documented shape: is ${baseUrl} the Edgegap API?`;
    case "unexpected_status":
      return `Unexpected status from ${baseUrl}: is it the Edgegap API (redirects are not followed)?`;
  }
}

// ---------------------------------------------------------------- validation

/** One problem found before any request: where (`ports[1].protocol`), the offending value, and the rule it breaks. */
export interface ValidationProblem {
  /** Attribute path in wire names, e.g. `ports[1].protocol`, `envs[0].key`, `req_memory`. */
  readonly path: string;
  /** The value, or REDACTED for secrets, or a size summary for very long strings. */
  readonly value: unknown;
  readonly rule: string;
}

/** Thrown before any request when an input breaks a documented rule; lists every problem found. */
export class EdgegapValidationError extends Error {
  override readonly name = "EdgegapValidationError";
  readonly problems: readonly ValidationProblem[];

  constructor(subject: string, problems: readonly ValidationProblem[]) {
    super(`Invalid ${subject}: ${problems.map(formatProblem).join("; ")}`);
    this.problems = problems;
  }
}

/** `ports[1].protocol = "udp": must be one of ...` */
export function formatProblem(problem: ValidationProblem): string {
  return `${problem.path} = ${describeValue(problem.value)}: ${problem.rule}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Throws EdgegapValidationError when there are problems. */
export function throwIfInvalid(subject: string, problems: readonly ValidationProblem[]): void {
  if (problems.length > 0) throw new EdgegapValidationError(subject, problems);
}
