/**
 * How long a user's program waits for our library, compared with loading @cdktf/provider-google from its package
 * root (which loads every one of its resources). Target: our library loads in under 10% of that time.
 *
 * Measured from the compiled output (dist/, `npm run build`), which is what users load: through ts-node the numbers
 * would mostly time the TypeScript compiler. Each sample is a fresh node process, timed inside the process, so
 * node's own start-up (the same for every variant) is left out.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";
import { BenchSection, measureInterleaved, measurementTable, ratio, Variant } from "./harness";

const ROOT = join(__dirname, "..");
const DIST_INDEX = join(ROOT, "dist", "lib", "index.js");
const DIST_MAIN = join(ROOT, "dist", "main.js");
const DIST_CONFIG = join(ROOT, "dist", "main-config.js");
const DIST_REPOSITORY = join(ROOT, "dist", "lib", "repository", "index.js");
const DIST_PULL_ACCOUNT = join(ROOT, "dist", "lib", "constructs", "gcr-pull-account.js");
const TARGET_BELOW = 0.1;

export const title = "Library load";

export async function run(): Promise<BenchSection> {
  for (const file of [DIST_INDEX, DIST_MAIN, DIST_CONFIG, DIST_REPOSITORY, DIST_PULL_ACCOUNT]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm run bench does)`);
  }
  const outdirs = mkdtempSync(join(tmpdir(), "bench-synth-"));
  const buildExample = `
    const { App } = require("cdktf");
    const { GameServerStack } = require(${JSON.stringify(DIST_MAIN)});
    const { readGameServerConfig } = require(${JSON.stringify(DIST_CONFIG)});
    const app = new App({ outdir: require("fs").mkdtempSync(require("path").join(${JSON.stringify(outdirs)}, "out-")) });
    new GameServerStack(app, "game-servers", readGameServerConfig({}));`;

  // The same Google resources as the example's pull account, written directly with provider-google's L1 classes
  // (deep imports) in a bare stack: what a studio would write by hand, without our constructs or Edgegap.
  const buildBare = `
    const { App, TerraformStack, Fn } = require("cdktf");
    const { GoogleProvider } = require("@cdktf/provider-google/lib/provider");
    const { ServiceAccount } = require("@cdktf/provider-google/lib/service-account");
    const { ArtifactRegistryRepositoryIamMember } = require("@cdktf/provider-google/lib/artifact-registry-repository-iam-member");
    const { ServiceAccountKey } = require("@cdktf/provider-google/lib/service-account-key");
    const app = new App({ outdir: require("fs").mkdtempSync(require("path").join(${JSON.stringify(outdirs)}, "bare-")) });
    const stack = new TerraformStack(app, "game-servers");
    new GoogleProvider(stack, "google", { project: "my-game-project" });
    const account = new ServiceAccount(stack, "account", { accountId: "pull-account-1234abcd", project: "my-game-project" });
    const grant = new ArtifactRegistryRepositoryIamMember(stack, "grant", { project: "my-game-project", location: "us",
      repository: "game-servers", role: "roles/artifactregistry.reader", member: account.member });
    new ServiceAccountKey(stack, "key", { serviceAccountId: account.name, dependsOn: [grant], lifecycle: { createBeforeDestroy: true } });`;

  const variants: Variant[] = [
    { name: "cdktf (baseline)", script: `require("cdktf");` },
    { name: "our library (dist/lib/index.js)", script: `require(${JSON.stringify(DIST_INDEX)});` },
    { name: "example app: load, build, app.synth()", script: `${buildExample}\n    app.synth();` },
    { name: "example app: app.synth() only", script: `${buildExample}\n    benchRestartClock();\n    app.synth();` },
    { name: "bare stack, same Google resources: load, build, app.synth()", script: `${buildBare}\n    app.synth();` },
    { name: "@cdktf/provider-google package root", script: `require("@cdktf/provider-google");` },
    // Where the library's time goes: our Google side alone, and the HTTP client the Edgegap client brings in.
    { name: "breakdown: lib/repository", script: `require(${JSON.stringify(DIST_REPOSITORY)});` },
    { name: "breakdown: GcrPullAccount (with cdktf)", script: `require(${JSON.stringify(DIST_PULL_ACCOUNT)});` },
    { name: "breakdown: axios", script: `require("axios");` },
  ];

  try {
    const measured = measureInterleaved(variants, {
      cwd: ROOT,
      onSample: (name, ms) => process.stderr.write(`  ${name}: ${ms.toFixed(1)} ms\n`),
    });
    const [cdktf, library, exampleTotal, , bareTotal, packageRoot, , pullAccount] = measured;
    return {
      title,
      description:
        "Time to `require` each entry in a fresh node process (timed inside it, so node's start-up is excluded), " +
        "and time to build and synthesize the example stack from dist/main.js. Variants interleaved in one run.",
      table: measurementTable(measured),
      ratios: [
        ratio(library, packageRoot, TARGET_BELOW, "our library / provider-google package root"),
        ratio(exampleTotal, packageRoot, undefined, "example app (load + synth) / provider-google package root"),
        ratio(exampleTotal, bareTotal, undefined, "example app (load + synth) / bare stack with the same Google resources"),
        ratio(library, cdktf, undefined, "our library / cdktf alone"),
        ratio(pullAccount, packageRoot, undefined, "GcrPullAccount module (with cdktf) / provider-google package root"),
      ],
      notes: [...staleBuildNotes()],
      charts: [{
        title: "Load time: our library vs @cdktf/provider-google's package root (median)",
        unit: "ms",
        categories: ["cdktf alone", "our library", "example app: load + synth", "bare stack: load + synth", "provider-google root"],
        series: [{ name: "median", values: [cdktf, library, exampleTotal, bareTotal, packageRoot].map((m) => m.medianMs) }],
      }],
    };
  } finally {
    rmSync(outdirs, { recursive: true, force: true });
  }
}

/** Warns when a source has no compiled file in dist/ or is newer than it: the numbers may describe other code. */
function* staleBuildNotes(): Generator<string> {
  const sources = [join(ROOT, "main.ts"), join(ROOT, "main-config.ts"), ...tsFiles(join(ROOT, "lib"))];
  const stale = sources.filter((source) => {
    const compiled = join(ROOT, "dist", relative(ROOT, source)).replace(/\.ts$/, ".js");
    return !existsSync(compiled) || statSync(compiled).mtimeMs < statSync(source).mtimeMs;
  });
  if (stale.length > 0) {
    const shown = stale.slice(0, 5).map((file) => relative(ROOT, file)).join(", ");
    yield `${stale.length} source file(s) are newer than dist/ or not compiled there (${shown}${stale.length > 5 ? ", …" : ""}): ` +
      'run "npm run build" and measure again';
  }
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}
