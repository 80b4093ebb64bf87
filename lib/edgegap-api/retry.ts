/**
 * Retry policy: which failures are worth another attempt, how long to wait (exponential backoff with jitter, or
 * the server's Retry-After), and a sleep that a cancellation cuts short.
 */

/** Statuses worth retrying: rate limiting and transient server or gateway failures. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Network errors worth retrying (connection reset or refused, DNS hiccup, broken pipe, socket hang up). */
const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
]);

/** Errors raised before the request could reach the server: retrying them can never duplicate a create. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "EAI_AGAIN", "ENOTFOUND", "ENETUNREACH", "EHOSTUNREACH"]);

export function isRetryableNetworkCode(code: string): boolean {
  return RETRYABLE_NETWORK_CODES.has(code);
}

/** Whether a request that failed with this network code may have been received (and acted on) by the server. */
export function mayHaveReachedServer(code: string): boolean {
  return !NOT_SENT_CODES.has(code);
}

export interface BackoffOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** 0 ≤ random() < 1, for the jitter. */
  readonly random: () => number;
}

/**
 * Delay before retry number `retry` (1 for the first retry): base × 2^(retry-1), capped, with "equal jitter"
 * (half fixed, half random) so that parallel clients spread out while the delay keeps growing.
 */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exponential / 2 + options.random() * (exponential / 2));
}

/**
 * Milliseconds a `Retry-After` header asks to wait: delay-seconds (decimals accepted) or an HTTP date; undefined
 * when absent or unreadable. A date in the past means 0.
 */
export function parseRetryAfter(header: string | undefined, now: number = Date.now()): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with `cancelled()` as soon as any of the signals aborts. */
export function sleep(ms: number, signals: readonly AbortSignal[], cancelled: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signals.some((signal) => signal.aborted)) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      detach();
      reject(cancelled());
    };
    const detach = () => signals.forEach((signal) => signal.removeEventListener("abort", onAbort));
    const timer = setTimeout(() => {
      detach();
      resolve();
    }, ms);
    signals.forEach((signal) => signal.addEventListener("abort", onAbort, { once: true }));
  });
}
