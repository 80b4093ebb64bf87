/**
 * Edgegap API client: typed wire models, the axios client, its errors, the pre-request validation (reusable at
 * plan time) and redaction (reusable by the provider's logging). No Terraform, no cdktf.
 */
export * from "./models";
export * from "./errors";
export * from "./redact";
export * from "./field-rules";
export * from "./validation";
export * from "./client-options";
export * from "./client";
export { RETRYABLE_STATUSES, parseRetryAfter, backoffDelay } from "./retry";
