/**
 * Fault injection per route. A rule matches requests by method and path pattern and decides, for each of its next
 * `times` matches, one step: answer a status (without applying the request), pass through, drop the connection
 * before handling, or apply the request and then drop the connection (a lost response). Steps can add latency and
 * a Retry-After header. Rules expire after `times` uses or `expiresInMs`; the first live matching rule wins.
 */
import { type LoggedRequest, pathMatches } from "./request-log";

/** `pass` = handle normally; `drop` = destroy the socket before handling; `lose-response` = handle, then destroy it. */
export type FaultAction = "pass" | "drop" | "lose-response";

export interface FaultStep {
  /** Answer this status with `{message}` instead of handling (200 means pass through). */
  readonly status?: number;
  readonly action?: FaultAction;
  /** Retry-After header to send with `status` (seconds, or an HTTP date). */
  readonly retryAfter?: number | string;
  /** Delay before this step acts. */
  readonly latencyMs?: number;
  /** Body sent with `status`. @default { message: "Injected fault: HTTP <status>" } */
  readonly body?: unknown;
  /** Apply the request first, then answer `status` (a gateway error after the change was made). */
  readonly afterApply?: boolean;
}

/** A step: a status (200 = pass), an action, or a full step. */
export type FaultStepSpec = number | FaultAction | FaultStep;

export interface FaultRule extends FaultStep {
  /** HTTP method to match; any when omitted. */
  readonly method?: string;
  /** `/v1/app/*\/version` (`*` or `:name` = one segment, `**` = the rest) or a RegExp on the decoded path. */
  readonly path: string | RegExp;
  /**
   * One step per matching request, in order; the last one repeats if `times` is larger. The rule's own retryAfter,
   * latencyMs, body and afterApply apply to every step (a step's own value wins).
   */
  readonly sequence?: readonly FaultStepSpec[];
  /** Matching requests the rule acts on; Infinity (or -1) = until removed. @default sequence length, else 1 */
  readonly times?: number;
  /** The rule expires this long after it was added. */
  readonly expiresInMs?: number;
  /** In-process only: called when the rule acts on a request (e.g. to change state between attempts). */
  readonly onHit?: (request: LoggedRequest, hit: number) => void;
}

export interface FaultHandle {
  readonly id: number;
  /** Requests the rule has acted on. */
  readonly hits: number;
  /** Uses left (Infinity = unlimited); 0 once spent or expired. */
  readonly remaining: number;
  remove(): void;
}

interface LiveRule {
  readonly id: number;
  readonly rule: FaultRule;
  readonly steps: readonly FaultStep[];
  readonly times: number;
  readonly expiresAt: number;
  hits: number;
}

/** The step a request gets, and which rule gave it. */
export interface FaultDecision {
  readonly ruleId: number;
  readonly step: FaultStep;
}

export class FaultInjector {
  private rules: LiveRule[] = [];
  private nextId = 1;

  /** Adds a rule; returns a handle to watch or remove it. */
  inject(rule: FaultRule): FaultHandle {
    if (rule.path === undefined) throw new Error("emulator fault: a path pattern is required");
    // Fields given beside a sequence (retryAfter, latencyMs, body, afterApply) apply to each of its steps.
    const shared = { retryAfter: rule.retryAfter, latencyMs: rule.latencyMs, body: rule.body, afterApply: rule.afterApply };
    const steps = (rule.sequence ?? [rule]).map((spec) => toStep(spec, shared));
    if (steps.length === 0) throw new Error("emulator fault: sequence must not be empty");
    const times = rule.times === -1 ? Infinity : (rule.times ?? steps.length);
    const live: LiveRule = {
      id: this.nextId++,
      rule,
      steps,
      times,
      expiresAt: rule.expiresInMs === undefined ? Infinity : Date.now() + rule.expiresInMs,
      hits: 0,
    };
    this.rules.push(live);
    return this.handle(live);
  }

  /** Live rules (spent and expired ones are dropped). */
  list(): Array<FaultHandle & { method?: string; path: string }> {
    this.prune();
    return this.rules.map((live) => ({ ...this.handle(live), method: live.rule.method, path: String(live.rule.path) }));
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((live) => live.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  /** @internal Consumes one use of the first live rule matching the request. */
  take(request: LoggedRequest): FaultDecision | undefined {
    this.prune();
    const live = this.rules.find(
      (candidate) =>
        (candidate.rule.method === undefined || candidate.rule.method.toUpperCase() === request.method) &&
        pathMatches(candidate.rule.path, request.path),
    );
    if (live === undefined) return undefined;
    const step = live.steps[Math.min(live.hits, live.steps.length - 1)];
    live.hits++;
    live.rule.onHit?.(request, live.hits);
    return { ruleId: live.id, step };
  }

  private prune(): void {
    const now = Date.now();
    this.rules = this.rules.filter((live) => live.hits < live.times && now < live.expiresAt);
  }

  private handle(live: LiveRule): FaultHandle {
    const remove = () => void this.remove(live.id);
    return {
      id: live.id,
      get hits() {
        return live.hits;
      },
      get remaining() {
        return Date.now() >= live.expiresAt ? 0 : Math.max(0, live.times - live.hits);
      },
      remove,
    };
  }
}

const ACTIONS: readonly unknown[] = ["pass", "drop", "lose-response"];

function toStep(spec: FaultStepSpec | FaultRule, shared: FaultStep): FaultStep {
  const own: FaultStep = typeof spec === "number" ? { status: spec } : typeof spec === "string" ? { action: spec } : spec;
  const step: FaultStep = { ...withoutUndefined(shared), ...withoutUndefined(own) };
  const { status, action, retryAfter, latencyMs, body, afterApply } = step;
  if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
    throw new Error(`emulator fault: status ${JSON.stringify(status)} is not an HTTP status`);
  }
  if (action !== undefined && !ACTIONS.includes(action)) {
    throw new Error(`emulator fault: action ${JSON.stringify(action)} must be one of ${ACTIONS.join(", ")}`);
  }
  if (status === 200) return { action: "pass", latencyMs };
  return { status, action, retryAfter, latencyMs, body, afterApply };
}

function withoutUndefined(step: FaultStep): FaultStep {
  return Object.fromEntries(Object.entries(step).filter(([, value]) => value !== undefined)) as FaultStep;
}
