/**
 * Redaction: what may leave the client (logs, errors) never carries the Edgegap token, a `private_token` or the
 * value of an env variable marked hidden. Exported so the provider's own logging can reuse it.
 */

export const REDACTED = "[REDACTED]";

/** Keys whose values are secrets wherever they appear (compared case-insensitively). */
const SECRET_KEYS = new Set([
  "private_token",
  "token",
  "authorization",
  "password",
  "secret",
  "api_key",
  "apikey",
  "access_token",
  "private_key",
]);

/**
 * Secrets shorter than this are not scrubbed from free text: replacing every "1" or "on" would mangle messages.
 * Structured fields (private_token, hidden env values) are redacted whatever their length.
 */
export const MIN_SCRUBBED_SECRET_LENGTH = 4;

export interface RedactOptions {
  /** Extra secret strings to scrub wherever they occur inside strings (the token, a private_token...). */
  readonly secrets?: readonly string[];
}

/**
 * A deep copy of `value` with secrets replaced by REDACTED: values of secret keys (private_token, token,
 * authorization...), `value` of any object marked `is_hidden` (or the legacy `is_secret`), and occurrences of
 * `options.secrets` inside strings. null and undefined stay as they are: "unset" is not a secret.
 */
export function redact<T>(value: T, options: RedactOptions = {}): T {
  const secrets = scrubbable(options.secrets ?? []);
  return redactValue(value, secrets, new WeakSet()) as T;
}

/** `text` with every occurrence of the given secrets replaced by REDACTED. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of scrubbable(secrets)) result = result.split(secret).join(REDACTED);
  return result;
}

/**
 * The secret values a request body carries: its `private_token` (and, when that is a service account key file, the
 * private key inside it), and the values of its hidden env variables.
 */
export function secretsOf(body: unknown): string[] {
  if (body === null || typeof body !== "object") return [];
  const record = body as Record<string, unknown>;
  const found: string[] = [];
  if (typeof record.private_token === "string") found.push(record.private_token, ...embeddedPrivateKey(record.private_token));
  if (Array.isArray(record.envs)) {
    for (const env of record.envs as unknown[]) {
      if (isHiddenEnv(env) && typeof env.value === "string") found.push(env.value);
    }
  }
  return found;
}

/**
 * A JSON key file's `private_key`, whole and each line of its PEM body: an error message can quote the key without
 * the rest of the file, or quote it with its newlines escaped, and must not leak it either way.
 */
function embeddedPrivateKey(token: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(token);
  } catch {
    return []; // not a key file: a password or an access token, scrubbed whole
  }
  const key = parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>).private_key : undefined;
  if (typeof key !== "string") return [];
  const bodyLines = key.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("-----"));
  return [key, ...bodyLines];
}

function isHiddenEnv(entry: unknown): entry is Record<string, unknown> {
  if (entry === null || typeof entry !== "object") return false;
  const record = entry as Record<string, unknown>;
  return record.is_hidden === true || record.is_secret === true;
}

/** Longest first, so that a secret containing another is replaced whole. */
function scrubbable(secrets: readonly string[]): string[] {
  return [...new Set(secrets.filter((s) => typeof s === "string" && s.length >= MIN_SCRUBBED_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
}

function redactValue(value: unknown, secrets: readonly string[], seen: WeakSet<object>): unknown {
  if (typeof value === "string") return scrubText(value, secrets);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, seen));
  const hidden = isHiddenEnv(value);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const secretKey = SECRET_KEYS.has(key.toLowerCase()) || (hidden && key === "value");
    copy[key] = secretKey && item !== null && item !== undefined ? REDACTED : redactValue(item, secrets, seen);
  }
  return copy;
}
