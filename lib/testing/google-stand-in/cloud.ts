import { DiagnosticError } from "../../provider-runtime";
import { CloudStore, FaultRule } from "./cloud-state";

/** The defaults a configured google provider hands its resources. */
export interface ProviderDefaults {
  readonly project: string | null;
  readonly region: string | null;
  readonly zone: string | null;
}

/**
 * What the stand-in's resources receive as `ctx.provider`: the state file and the provider's defaults. Every
 * operation first passes `checkFaults`, which plays the fault rules a test put in the state file.
 */
export class StandInCloud {
  constructor(
    readonly store: CloudStore,
    readonly defaults: ProviderDefaults,
  ) {}

  /** Waits and/or fails as the first live fault rule for this resource type and operation says; consumes one use. */
  async checkFaults(type: string, operation: FaultRule["operation"], signal: AbortSignal): Promise<void> {
    const matches = (rule: FaultRule) => rule.type === type && rule.operation === operation && (rule.times === undefined || rule.times > 0);
    if (!this.store.read().faults.some(matches)) return;
    const rule = await this.store.update(({ state }) => {
      const live = state.faults.find(matches);
      if (live?.times !== undefined) live.times -= 1;
      return live;
    });
    if (!rule) return;
    if (rule.delayMs) await sleep(rule.delayMs, signal);
    if (rule.error) throw new DiagnosticError(`Error in ${operation} of ${type}`, { detail: rule.error });
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => new Error("cancelled: Terraform asked the provider to stop");
    if (signal.aborted) return reject(cancelled());
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(cancelled());
    });
  });
}
