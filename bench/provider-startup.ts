/**
 * Provider start-up: how long Terraform waits from spawning our provider to reading its go-plugin handshake line.
 * Terraform starts a provider 3-5 times per command, so this is paid over and over. Measured on the bundled Edgegap
 * provider, built as `npm run build` builds it, with AutoMTLS as Terraform uses it, side by side
 * with the floor: spawning `node -e 0` until it exits. Target: under 150 ms (measured where `node -e 0` takes ~50 ms).
 */
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { createServerCertificate } from "../lib/provider-runtime/certificate";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../lib/provider-runtime/handshake";
import { buildProvider } from "../scripts/build-provider";
import { BenchSection, formatSection, measureInterleaved, measurementTable, ratio, Variant } from "./harness";

const ROOT = join(__dirname, "..");
const TARGET_MS = 150;

export const title = "Provider start-up";

/** A child script that spawns `command` and stops the clock at its first stdout line (or its exit). */
function spawnUntilFirstLine(command: readonly string[], env: Record<string, string>): string {
  return `
    const { spawn } = require("child_process");
    await new Promise((resolve, reject) => {
      const child = spawn(${JSON.stringify(command[0])}, ${JSON.stringify(command.slice(1))}, {
        env: { PATH: process.env.PATH, ...${JSON.stringify(env)} }, stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      // SIGTERM, not SIGKILL: like Terraform's Shutdown, it lets the provider write its compile cache at exit.
      child.stdout.on("data", (chunk) => { out += chunk; if (out.includes("\\n")) { if (!out.startsWith("1|6|")) reject(new Error(out)); resolve(); child.kill("SIGTERM"); } });
      child.on("exit", () => resolve());
      child.on("error", reject);
    });`;
}

export async function run(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), "bench-provider-startup-"));
  try {
    const { outfile, bytes } = await buildProvider({ entry: join(ROOT, "lib/edgegap-provider/main.ts"), outfile: join(dir, "terraform-provider-edgegap_v0.1.0"), version: "0.1.0" });
    // Terraform's client certificate is ECDSA P-521; any certificate serves for the provider's side of the work.
    const clientCert = createServerCertificate().certPem;
    writeFileSync(join(dir, "client.pem"), clientCert);
    const plugin = { [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "5,6", TMPDIR: dir, TF_PROVIDER_COMPILE_CACHE_DIR: join(dir, "cache") };
    const variants: Variant[] = [
      { name: "node -e 0 (baseline: spawn to exit)", script: spawnUntilFirstLine([process.execPath, "-e", "0"], {}) },
      { name: "Edgegap provider bundle, AutoMTLS (spawn to handshake line)", script: spawnUntilFirstLine([outfile], { ...plugin, PLUGIN_CLIENT_CERT: clientCert }) },
      { name: "Edgegap provider bundle, no TLS (spawn to handshake line)", script: spawnUntilFirstLine([outfile], plugin) },
      {
        name: "Edgegap provider bundle, AutoMTLS, compile cache off",
        script: spawnUntilFirstLine([outfile], { ...plugin, PLUGIN_CLIENT_CERT: clientCert, TF_PROVIDER_COMPILE_CACHE: "0" }),
      },
    ];
    const measured = measureInterleaved(variants, {
      runs: Number(process.env.BENCH_RUNS ?? 20),
      cwd: ROOT,
      onSample: (name, ms) => process.stderr.write(`  ${name}: ${ms.toFixed(1)} ms\n`),
    });
    const [baseline, mtls, plain, uncached] = measured;
    const chart = {
      title: "Provider start-up: spawn to handshake line (median)",
      unit: "ms",
      categories: ["node -e 0 (floor)", "provider, AutoMTLS", "provider, no TLS", "provider, no compile cache"],
      series: [{ name: "median", values: [baseline!, mtls!, plain!, uncached!].map((m) => m.medianMs) }],
    };
    return {
      charts: [chart],
      title,
      description:
        "Spawn of the bundled Edgegap provider (esbuild single file, protos embedded as JSON, hand-rolled certificate) until its " +
        "handshake line, against spawning `node -e 0` until exit. Samples interleaved in one run; each timed by a fresh node parent.",
      table: measurementTable(measured),
      ratios: [
        ratio(mtls!, baseline!, undefined, "provider with AutoMTLS / node -e 0"),
        ratio(plain!, baseline!, undefined, "provider without TLS / node -e 0"),
        ratio(mtls!, uncached!, undefined, "with compile cache / without"),
      ],
      notes: [
        `Bundle: ${Math.round(bytes / 1024)} KiB. Provider start-up over the node floor: ${(mtls!.medianMs - baseline!.medianMs).toFixed(1)} ms (median) with AutoMTLS.`,
        "Most of the AutoMTLS cost is node building its root certificate store on the first TLS context (~25 ms, even though " +
          "the only trusted CA is Terraform's certificate); NODE_EXTRA_CA_CERTS in Terraform's environment moves that to node's start.",
        `Target: handshake under ${TARGET_MS} ms where \`node -e 0\` takes ~50 ms, i.e. under ~${TARGET_MS - 50} ms over the floor: ${
          mtls!.medianMs - baseline!.medianMs < TARGET_MS - 50 ? "met" : "NOT met"
        } on this machine; absolute median ${mtls!.medianMs.toFixed(1)} ms (${mtls!.medianMs < TARGET_MS ? "under" : "over"} ${TARGET_MS} ms).`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
