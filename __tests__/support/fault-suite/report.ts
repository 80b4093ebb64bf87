import type { LoggedRequest } from "../../../lib/testing/edgegap-emulator";

/**
 * The suite's summary table: one row per case, printed to stdout once every case has run. API calls are counted from
 * the emulator's request log, per method in order of first use ("POST×3 GET×1").
 */
export type Outcome =
  | "succeeded after retries"
  | "adopted in the same apply"
  | "failed clearly"
  | "failed clearly, converged on rerun"
  | "interrupted, converged on rerun";

export interface Row {
  readonly name: string;
  readonly outcome: Outcome | "FAILED";
  /** Calls of the faulted run. */
  readonly calls: string;
  /** Calls of the rerun, when there was one. */
  readonly rerunCalls?: string;
  readonly consistent: boolean;
}

export function countCalls(requests: readonly LoggedRequest[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request.method, (counts.get(request.method) ?? 0) + 1);
  return counts.size === 0 ? "none" : [...counts].map(([method, count]) => `${method}×${count}`).join(" ");
}

export function formatTable(rows: readonly Row[], elapsedMs: number): string {
  const header = ["case", "outcome", "API calls (faulted run)", "API calls (rerun)", "state consistent"];
  const cells = rows.map((row) => [row.name, row.outcome, row.calls, row.rerunCalls ?? "-", row.consistent ? "yes" : "no"]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((cell) => cell[i].length)));
  const line = (values: string[]) => `| ${values.map((value, i) => value.padEnd(widths[i])).join(" | ")} |`;
  return [
    `Fault suite: ${rows.length} cases in ${(elapsedMs / 1000).toFixed(1)} s`,
    line(header),
    `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`,
    ...cells.map(line),
  ].join("\n");
}
