/**
 * The Edgegap provider at scale: init, apply (create), a no-op plan, an in-place update and destroy of N app versions
 * against the emulator with 50 ms of API latency, side by side in one run with the same cycle of N `terraform_data`
 * resources (Terraform's built-in, no provider process). Also counts the API calls of each step and records the
 * provider's peak RSS (GNU time around the provider executable).
 *
 * Targets: a whole cycle of 50 versions within 3× the cycle of one (Terraform's parallelism, no serial stalls); a
 * no-op plan of 100 versions within 2× that of 10; provider peak RSS under 100 MB.
 */
import { spawn } from "child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { App, DataResource, LocalBackend, TerraformStack } from "cdktf";
import { EdgegapAppVersion } from "../lib/bindings/edgegap-app-version";
import { EdgegapProvider } from "../lib/bindings/edgegap-provider";
import { EDGEGAP_PROVIDER_EXECUTABLE } from "../lib/bindings/provider-address";
import { currentPlatform, providerMirrorFolder } from "../lib/bindings/provider-installation";
import { EdgegapEmulator } from "../lib/testing/edgegap-emulator";
import { PACKAGE_VERSION } from "../lib/version";
import { BenchSection, formatSection, Ratio, summarize } from "./harness";

export const title = "Provider lifecycle at scale (50 ms API latency)";

const STEPS = ["init", "apply (create)", "plan (no change)", "apply (update tag)", "destroy"] as const;
type Step = (typeof STEPS)[number];
type Kind = "edgegap" | "terraform_data";
const LATENCY_MS = 50;
const APP = "bench-game";

interface CycleResult {
  readonly ms: Record<Step, number>;
  readonly calls: Record<Step, Record<string, number>>;
  /** The no-op plan's GETs: most in flight at once, and first arrival to last answer. */
  readonly planReads: { readonly peakInFlight: number; readonly spanMs: number };
}

function sizes(): number[] {
  const raw = process.env.BENCH_VERSIONS ?? "1,10,50,100";
  return raw.split(",").map((text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_VERSIONS "${raw}": expected positive integers, e.g. 1,10,50,100`);
    return n;
  });
}

function terraform(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn("terraform", [...args, "-no-color", "-input=false"], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) =>
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`terraform ${args.join(" ")} exited ${code}: ${stderr.slice(-1500)}`));
      else resolve(Number(process.hrtime.bigint() - started) / 1e6);
    }),
  );
}

/** Synthesizes N versions (or N terraform_data) with our bindings into `dir`; returns the stack directory. */
function synth(dir: string, kind: Kind, n: number, tag: string, emulator: EdgegapEmulator): string {
  const app = new App({ outdir: join(dir, "out"), skipValidation: true });
  const stack = new TerraformStack(app, "bench");
  new LocalBackend(stack, { path: join(dir, "terraform.tfstate") });
  if (kind === "edgegap") new EdgegapProvider(stack, "edgegap", { baseUrl: emulator.url });
  for (let i = 0; i < n; i++) {
    if (kind === "edgegap") {
      new EdgegapAppVersion(stack, `v${i}`, {
        app: APP, name: `v${i}`, dockerRepository: "gcr.io", dockerImage: "bench/game", dockerTag: tag,
        reqCpu: 256, reqMemory: 512, ports: [{ port: 7777, protocol: "UDP" }],
      });
    } else {
      new DataResource(stack, `v${i}`, { input: { tag } });
    }
  }
  app.synth();
  return join(dir, "out", "stacks", "bench");
}

/** Wraps the shipped executable with GNU time so each provider process appends its peak RSS (KiB) to `rssFile`. */
function measureProviderMemory(stackDir: string, rssFile: string): boolean {
  if (!existsSync("/usr/bin/time")) return false;
  const executable = join(providerMirrorFolder(stackDir), PACKAGE_VERSION, currentPlatform(), EDGEGAP_PROVIDER_EXECUTABLE);
  const real = `${executable}.real`;
  writeFileSync(real, readFileSync(executable), { mode: 0o755 });
  writeFileSync(executable, `#!/bin/sh\nexec /usr/bin/time -a -f "%M" -o "${rssFile}" "${real}" "$@"\n`);
  chmodSync(executable, 0o755);
  return true;
}

async function cycle(kind: Kind, n: number, emulator: EdgegapEmulator, rssFile: string): Promise<CycleResult> {
  const dir = mkdtempSync(join(tmpdir(), `bench-lifecycle-${kind}-`));
  try {
    emulator.reset();
    emulator.apps.put({ name: APP, is_active: true, image: "" });
    const env = { PATH: process.env.PATH, HOME: dir, TMPDIR: dir, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null", EDGEGAP_TOKEN: emulator.token };
    let stackDir = synth(dir, kind, n, "v1", emulator);
    if (kind === "edgegap") measureProviderMemory(stackDir, rssFile);
    const ms = {} as Record<Step, number>;
    const calls = {} as Record<Step, Record<string, number>>;
    const run = async (step: Step, args: string[]) => {
      emulator.requests.clear();
      ms[step] = await terraform(stackDir, args, env);
      calls[step] = countByMethod(emulator);
    };
    await run("init", ["init"]);
    await run("apply (create)", ["apply", "-auto-approve"]);
    await run("plan (no change)", ["plan", "-detailed-exitcode"]);
    const planReads = concurrency(emulator);
    stackDir = synth(dir, kind, n, "v2", emulator);
    if (kind === "edgegap") measureProviderMemory(stackDir, rssFile); // synth shipped the executable afresh
    await run("apply (update tag)", ["apply", "-auto-approve"]);
    await run("destroy", ["destroy", "-auto-approve"]);
    return { ms, calls, planReads };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Peak number of requests in flight together, and the time from the first arrival to the last answer. */
function concurrency(emulator: EdgegapEmulator): { peakInFlight: number; spanMs: number } {
  const events = emulator.requests.entries.flatMap((r) => [
    { at: r.time.getTime(), delta: 1 },
    { at: r.time.getTime() + (r.durationMs ?? 0), delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let inFlight = 0;
  let peakInFlight = 0;
  for (const event of events) peakInFlight = Math.max(peakInFlight, (inFlight += event.delta));
  const spanMs = events.length === 0 ? 0 : events[events.length - 1].at - events[0].at;
  return { peakInFlight, spanMs };
}

function countByMethod(emulator: EdgegapEmulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of emulator.requests.filter({})) counts[entry.method] = (counts[entry.method] ?? 0) + 1;
  return counts;
}

function describeCalls(calls: Record<string, number>, n: number): string {
  const parts = Object.entries(calls).sort().map(([method, count]) => `${method} ${count / n}`);
  return parts.length === 0 ? "none" : parts.join(", ");
}

export async function run(): Promise<BenchSection> {
  const runs = Number(process.env.BENCH_LIFECYCLE_RUNS ?? 3);
  const emulator = await EdgegapEmulator.start({ latencyMs: LATENCY_MS, pageSize: 100 });
  const rssDir = mkdtempSync(join(tmpdir(), "bench-rss-"));
  const rssFile = join(rssDir, "rss.txt");
  const results = new Map<string, CycleResult[]>();
  try {
    for (let round = 0; round < runs; round++) {
      for (const n of sizes()) {
        // Alternate which kind goes first so drift in machine load hits both.
        const kinds: Kind[] = round % 2 === 0 ? ["edgegap", "terraform_data"] : ["terraform_data", "edgegap"];
        for (const kind of kinds) {
          const result = await cycle(kind, n, emulator, rssFile);
          const key = `${kind}:${n}`;
          results.set(key, [...(results.get(key) ?? []), result]);
          process.stderr.write(`  ${key} round ${round + 1}: ${STEPS.map((s) => `${s} ${result.ms[s].toFixed(0)} ms`).join(", ")}\n`);
        }
      }
    }
  } finally {
    await emulator.close();
  }
  const peakRssMb = existsSync(rssFile)
    ? Math.max(...readFileSync(rssFile, "utf8").trim().split("\n").map(Number)) / 1024
    : undefined;
  rmSync(rssDir, { recursive: true, force: true });

  const median = (kind: Kind, n: number, step?: Step) =>
    summarize(`${kind} ${n}`, results.get(`${kind}:${n}`)!.map((r) => (step ? r.ms[step] : STEPS.reduce((sum, s) => sum + r.ms[s], 0)))).medianMs;
  const rows: string[][] = [];
  for (const n of sizes()) {
    for (const step of [...STEPS, undefined]) {
      const edgegap = median("edgegap", n, step);
      const builtin = median("terraform_data", n, step);
      const calls = step ? describeCalls(results.get(`edgegap:${n}`)![0].calls[step], n) : "";
      rows.push([String(n), step ?? "**whole cycle**", edgegap.toFixed(0), builtin.toFixed(0), (edgegap / builtin).toFixed(1), calls]);
    }
  }
  const ratios: Ratio[] = [];
  const ns = sizes();
  if (ns.includes(1) && ns.includes(50)) {
    ratios.push({ name: "whole cycle, 50 versions / 1 version", value: median("edgegap", 50) / median("edgegap", 1), targetBelow: 3 });
  }
  if (ns.includes(10) && ns.includes(100)) {
    ratios.push({
      name: "no-op plan, 100 versions / 10 versions",
      value: median("edgegap", 100, "plan (no change)") / median("edgegap", 10, "plan (no change)"),
      targetBelow: 2,
    });
  }
  for (const n of ns) ratios.push({ name: `whole cycle, ${n} versions / ${n} terraform_data`, value: median("edgegap", n) / median("terraform_data", n) });
  const byN = (kind: Kind, step?: Step) => ns.map((n) => median(kind, n, step) / 1000);
  const charts = [
    {
      title: "Whole cycle (init, create, no-op plan, update, destroy) by number of versions (median)",
      unit: "s",
      categories: ns.map((n) => `${n} version${n === 1 ? "" : "s"}`),
      series: [{ name: "edgegap_app_version", values: byN("edgegap") }, { name: "terraform_data", values: byN("terraform_data") }],
    },
    {
      title: "No-op plan by number of versions (median)",
      unit: "s",
      categories: ns.map((n) => `${n} version${n === 1 ? "" : "s"}`),
      series: [
        { name: "edgegap_app_version", values: byN("edgegap", "plan (no change)") },
        { name: "terraform_data", values: byN("terraform_data", "plan (no change)") },
      ],
    },
  ];
  return {
    title,
    charts,
    description:
      `Each cycle runs in a fresh directory: init, apply creating N versions, a plan with no change, an apply changing every ` +
      `tag, destroy. The emulator answers after ${LATENCY_MS} ms. Medians of ${runs} cycles; Edgegap and terraform_data ` +
      "cycles alternate in one run. API calls are per version, counted by the emulator.",
    table: { columns: ["N", "step", "edgegap ms", "terraform_data ms", "×", "API calls per version"], rows },
    ratios,
    notes: [
      peakRssMb === undefined
        ? "Provider peak RSS not measured: /usr/bin/time (GNU time) is missing."
        : `Provider peak RSS over every process of every cycle: ${peakRssMb.toFixed(1)} MB (target under 100 MB: ${peakRssMb < 100 ? "met" : "NOT met"}).`,
      "Expected API calls: create 1 POST, in-place update 1 PATCH (after refresh: 1 GET), no-op plan 1 GET, destroy 1 DELETE, per version; nothing else.",
      ...ns.map((n) => {
        const reads = results.get(`edgegap:${n}`)!.map((r) => r.planReads);
        const spans = reads.map((r) => r.spanMs.toFixed(0)).join(", ");
        return `No-op plan of ${n}: at most ${Math.max(...reads.map((r) => r.peakInFlight))} GETs in flight at once; first GET to last answer ${spans} ms (each cycle; ${LATENCY_MS} ms latency each).`;
      }),
    ],
  };
}

if (require.main === module) {
  run().then(
    (section) => process.stdout.write(formatSection(section)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
