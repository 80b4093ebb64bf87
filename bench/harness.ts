/**
 * A small benchmark harness: every sample runs in a fresh child process (nothing cached between samples), and the
 * compared variants are interleaved in one run (round 1: A B C, round 2: B C A, ...), so machine noise hits all of
 * them alike. Results are min and median; ratios compare medians measured side by side.
 */
import { spawnSync } from "child_process";
import type { Chart } from "./chart";

/** One thing to time. Give either `script` (timed inside the child) or `command` (timed as a whole process). */
export interface Variant {
  readonly name: string;
  /**
   * JavaScript (CommonJS, may use `await`) run by a fresh `node` in the repository root. The clock starts just
   * before it and stops when it finishes; calling `benchRestartClock()` restarts it, to leave set-up out.
   */
  readonly script?: string;
  /** A program and its arguments; the wall time from spawn to exit is measured. */
  readonly command?: readonly [string, ...string[]];
  /** Extra environment for the child. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface Measurement {
  readonly name: string;
  readonly samplesMs: readonly number[];
  readonly minMs: number;
  readonly medianMs: number;
  readonly maxMs: number;
}

export interface Table {
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

export interface Ratio {
  readonly name: string;
  /** numerator median / denominator median. */
  readonly value: number;
  /** When set, the ratio meets its target if it is below this value. */
  readonly targetBelow?: number;
}

/** What every bench module's `run()` returns; bench/run.ts prints it and writes it to bench/RESULTS.md. */
export interface BenchSection {
  readonly title: string;
  readonly description?: string;
  readonly table: Table;
  readonly ratios: readonly Ratio[];
  readonly notes?: readonly string[];
  /** Bar charts drawn into bench/RESULTS.svg. */
  readonly charts?: readonly Chart[];
}

export interface MeasureOptions {
  /** Samples kept per variant. @default BENCH_RUNS from the environment, else 7 */
  readonly runs?: number;
  /** Rounds run first and thrown away (disk cache, JIT of the first spawn). @default 1 */
  readonly warmupRounds?: number;
  /** Working directory of the children. @default process.cwd() */
  readonly cwd?: string;
  /** Called after every sample, for progress output. */
  readonly onSample?: (name: string, ms: number) => void;
}

const RESULT_MARKER = "@@bench-ms ";

/** Runs every variant `runs` times, interleaved, each sample in a fresh process. */
export function measureInterleaved(variants: readonly Variant[], options: MeasureOptions = {}): Measurement[] {
  const runs = options.runs ?? positiveInteger(process.env.BENCH_RUNS) ?? 7;
  const warmupRounds = options.warmupRounds ?? 1;
  const names = variants.map((variant) => variant.name);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) throw new Error(`bench variant "${duplicate}" is named twice: names must be unique`);
  const samples = new Map<string, number[]>(variants.map((variant) => [variant.name, []]));

  for (let round = 0; round < warmupRounds + runs; round++) {
    // Rotate the order each round so no variant always runs first (or right after a heavy one).
    const order = variants.map((_, i) => variants[(i + round) % variants.length]);
    for (const variant of order) {
      const ms = runOnce(variant, options.cwd ?? process.cwd());
      if (round >= warmupRounds) {
        samples.get(variant.name)!.push(ms);
        options.onSample?.(variant.name, ms);
      }
    }
  }

  return variants.map((variant) => summarize(variant.name, samples.get(variant.name)!));
}

/** Times one sample of `variant` in a new child process. */
export function runOnce(variant: Variant, cwd: string): number {
  if ((variant.script === undefined) === (variant.command === undefined)) {
    throw new Error(`bench variant "${variant.name}": give exactly one of script or command`);
  }
  const env = { ...process.env, ...variant.env };
  if (variant.command !== undefined) {
    const [file, ...args] = variant.command;
    const started = process.hrtime.bigint();
    const result = spawnSync(file, args, { cwd, env, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assertSucceeded(variant, result);
    return ms;
  }
  const result = spawnSync(process.execPath, ["-e", wrapScript(variant.script!)], { cwd, env, encoding: "utf8" });
  assertSucceeded(variant, result);
  const line = result.stdout.split("\n").reverse().find((l) => l.startsWith(RESULT_MARKER));
  if (line === undefined) throw new Error(`bench variant "${variant.name}" printed no result`);
  return Number(line.slice(RESULT_MARKER.length));
}

function wrapScript(script: string): string {
  return `
let __benchStart = process.hrtime.bigint();
globalThis.benchRestartClock = () => { __benchStart = process.hrtime.bigint(); };
(async () => {
${script}
})().then(() => {
  const ms = Number(process.hrtime.bigint() - __benchStart) / 1e6;
  process.stdout.write("\\n${RESULT_MARKER}" + ms + "\\n");
}, (error) => { console.error(error); process.exit(1); });
`;
}

function assertSucceeded(variant: Variant, result: ReturnType<typeof spawnSync>): void {
  if (result.error !== undefined) throw new Error(`bench variant "${variant.name}" did not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`bench variant "${variant.name}" exited with ${result.status}:\n${String(result.stderr).slice(-2000)}`);
  }
}

export function summarize(name: string, samplesMs: readonly number[]): Measurement {
  if (samplesMs.length === 0) throw new Error(`bench variant "${name}" has no samples`);
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const medianMs = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { name, samplesMs, minMs: sorted[0], medianMs, maxMs: sorted[sorted.length - 1] };
}

/** The usual table: one row per measurement. */
export function measurementTable(measurements: readonly Measurement[]): Table {
  return {
    columns: ["variant", "runs", "min ms", "median ms", "max ms"],
    rows: measurements.map((m) => [m.name, String(m.samplesMs.length), fixed(m.minMs), fixed(m.medianMs), fixed(m.maxMs)]),
  };
}

/** numerator.median / denominator.median, named "numerator / denominator" unless a name is given. */
export function ratio(numerator: Measurement, denominator: Measurement, targetBelow?: number, name?: string): Ratio {
  return {
    name: name ?? `${numerator.name} / ${denominator.name}`,
    value: numerator.medianMs / denominator.medianMs,
    ...(targetBelow !== undefined ? { targetBelow } : {}),
  };
}

/** A section as Markdown: title, description, table, ratios (with target verdicts), notes. */
export function formatSection(section: BenchSection): string {
  const lines = [`## ${section.title}`, ""];
  if (section.description !== undefined) lines.push(section.description, "");
  lines.push(`| ${section.table.columns.join(" | ")} |`, `|${section.table.columns.map(() => " --- ").join("|")}|`);
  for (const row of section.table.rows) lines.push(`| ${row.join(" | ")} |`);
  lines.push("");
  for (const r of section.ratios) {
    const verdict = r.targetBelow === undefined ? "" : r.value < r.targetBelow ? ` (target < ${percent(r.targetBelow)}: met)` : ` (target < ${percent(r.targetBelow)}: NOT met)`;
    lines.push(`- ${r.name}: **${percent(r.value)}** (×${r.value.toFixed(3)})${verdict}`);
  }
  if (section.notes !== undefined && section.notes.length > 0) {
    lines.push("");
    for (const note of section.notes) lines.push(`> ${note}`);
  }
  return lines.join("\n") + "\n";
}

function fixed(ms: number): string {
  return ms.toFixed(1);
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function positiveInteger(text: string | undefined): number | undefined {
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_RUNS "${text}" is not valid: expected a positive integer`);
  return value;
}
