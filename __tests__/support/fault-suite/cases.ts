import type { LoggedRequest } from "../../../lib/testing/edgegap-emulator";
import type { RunResult } from "../../../lib/testing/terraform-harness";
import { checkConsistency, Consistency } from "./consistency";
import { FaultWorkspace, REGISTRY_TOKEN } from "./fault-workspace";
import { countCalls, Outcome, Row } from "./report";

/**
 * What every case does with a run: keep the calls it made (from the emulator log), check that nothing secret and
 * nothing like a crash reached the user, check state against Edgegap, and add the case's row to the table.
 */
export const VERSIONS_PATH = "/v1/app/my-game/version";
export const versionPath = (name: string) => `${VERSIONS_PATH}/${name}`;

/** Patterns that must never appear in what terraform prints: secrets and signs of a crash. */
const CRASH = /panic:|stack trace|rpc error|Plugin did not respond|at \S+ \(\/.*:\d+:\d+\)/;

export class CaseRecorder {
  readonly rows: Row[] = [];
  private mark = 0;
  private readonly secrets = new Set<string>([REGISTRY_TOKEN]);

  constructor(private readonly suite: FaultWorkspace) {
    this.secrets.add(suite.token);
  }

  /** A value that must never be printed (an extra token a case uses). */
  addSecret(value: string): void {
    this.secrets.add(value);
  }

  /** Starts counting calls from now (a case's faulted run, or its rerun). */
  startCounting(): void {
    this.mark = this.suite.emulator.requests.entries.length;
  }

  /** Requests since startCounting. */
  counted(): LoggedRequest[] {
    return this.suite.emulator.requests.entries.slice(this.mark);
  }

  /** Calls since startCounting, e.g. "POST×3 GET×1". */
  calls(): string {
    return countCalls(this.counted());
  }

  /** Throws when a run printed a secret or crashed, with the output's tail (secrets masked) as the message. */
  checkOutput(run: RunResult): void {
    const leaked = [...this.secrets].filter((secret) => run.output.includes(secret));
    if (leaked.length > 0) throw new Error(`terraform printed ${leaked.length} secret value(s):\n${this.suite.describe(run)}`);
    if (CRASH.test(run.output)) throw new Error(`terraform output looks like a crash:\n${this.suite.describe(run)}`);
  }

  consistency(expected: readonly string[]): Consistency {
    return checkConsistency(this.suite.emulator, this.suite.state(), expected);
  }

  record(row: Row): Row {
    this.rows.push(row);
    return row;
  }

  /** The row's outcome, or FAILED when `ok` is false (the assertions then say why). */
  outcome(ok: boolean, outcome: Outcome): Outcome | "FAILED" {
    return ok ? outcome : "FAILED";
  }
}

/** Fails with the run's output (secrets masked) when it did not exit with `code` or lacks some `messages`. */
export function expectRun(suite: FaultWorkspace, run: RunResult, code: number, messages: readonly (string | RegExp)[] = []): void {
  const missing = missingMessages(run, messages);
  if (run.code !== code || missing.length > 0) {
    const why = run.code !== code ? `exit code ${run.code}, expected ${code}` : `missing ${missing.map(String).join(", ")}`;
    throw new Error(`${why}:\n${suite.describe(run, 80)}`);
  }
}

export function missingMessages(run: RunResult, messages: readonly (string | RegExp)[]): (string | RegExp)[] {
  const text = errorText(run);
  return messages.filter((m) => (typeof m === "string" ? !text.includes(m) : !m.test(text)));
}

/** Text of a failed run's error diagnostics, joined into lines (terraform wraps them at 80 columns). */
export function errorText(run: RunResult): string {
  return run.output.replace(/\s*\n\s*/g, " ");
}
