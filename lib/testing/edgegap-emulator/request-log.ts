/**
 * Every API request the emulator received, in order, for tests to assert on. Bodies are kept raw (private_token
 * included): the emulator is test-only and tests need to check what was sent. Admin routes are not logged.
 */

export type RequestOutcome = "pending" | "responded" | "dropped" | "lost-response" | "aborted";

export interface LoggedRequest {
  /** 1, 2, 3... in arrival order. */
  readonly seq: number;
  readonly method: string;
  /** Decoded path without query, e.g. `/v1/app/my game/version`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-cased header names (authorization included: test-only). */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body; the raw text when not JSON; undefined when empty. */
  readonly body: unknown;
  /** When it arrived. */
  readonly time: Date;
  /** Status sent back; undefined while pending or when the connection was dropped. */
  status?: number;
  outcome: RequestOutcome;
  /** Id of the fault rule that acted on it, if any. */
  fault?: number;
  durationMs?: number;
}

/** `path` matches `pattern` when the patterns' `/` segments match: `*` or `:name` is one segment, `**` the rest. */
export function pathMatches(pattern: string | RegExp, path: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(path);
  const want = pattern.split("?")[0].split("/");
  const have = path.split("/");
  for (let i = 0; i < want.length; i++) {
    if (want[i] === "**") return true;
    if (i >= have.length) return false;
    if (want[i] !== "*" && !want[i].startsWith(":") && want[i] !== have[i]) return false;
  }
  return want.length === have.length;
}

export interface RequestFilter {
  readonly method?: string;
  readonly path?: string | RegExp;
}

export class RequestLog {
  private list: LoggedRequest[] = [];
  private nextSeq = 1;

  /** All entries, oldest first. */
  get entries(): readonly LoggedRequest[] {
    return this.list;
  }

  /** @internal */
  record(entry: Omit<LoggedRequest, "seq" | "outcome">): LoggedRequest {
    const logged: LoggedRequest = { ...entry, seq: this.nextSeq++, outcome: "pending" };
    this.list.push(logged);
    return logged;
  }

  filter(filter: RequestFilter = {}): LoggedRequest[] {
    return this.list.filter(
      (entry) =>
        (filter.method === undefined || entry.method === filter.method.toUpperCase()) &&
        (filter.path === undefined || pathMatches(filter.path, entry.path)),
    );
  }

  count(filter: RequestFilter = {}): number {
    return this.filter(filter).length;
  }

  last(filter: RequestFilter = {}): LoggedRequest | undefined {
    return this.filter(filter).at(-1);
  }

  /** `METHOD path -> status` lines, handy in assertion messages. */
  summary(filter: RequestFilter = {}): string[] {
    return this.filter(filter).map((e) => `${e.method} ${e.path} -> ${e.status ?? e.outcome}`);
  }

  /** Empties the log; seq starts again at 1. */
  clear(): void {
    this.list = [];
    this.nextSeq = 1;
  }
}
