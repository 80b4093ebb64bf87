import { spawnSync } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { TerraformStack, Testing } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { EdgegapApp } from "../lib/bindings/edgegap-app";
import { EdgegapProvider } from "../lib/bindings/edgegap-provider";
import { EdgegapGcrAppVersion } from "../lib/constructs/edgegap-gcr-app-version";
import { GcrPullAccount } from "../lib/constructs/gcr-pull-account";

/**
 * Key rotation must never leave Edgegap holding a deleted key: Terraform has to create the new key, update the
 * version(s) in place, and only then destroy the old key.
 *
 * The real providers are not available offline, so this runs the real terraform CLI on a mirror of the synthesized
 * stack: every resource becomes a `terraform_data` (built into Terraform) with the same references, depends_on and
 * lifecycle, and the key's keepers as `triggers_replace`. The order Terraform applies is decided by that graph
 * alone, so it is the order the real stack gets. (That the version is updated rather than replaced is the provider's
 * decision: our provider updates private_token in place; the construct adds nothing forcing replacement.)
 */

type Json = Record<string, any>;
const REFERENCE = /\b((?:google|edgegap)_[a-z_]+)\.([A-Za-z0-9_-]+)/g;

function mirrorName(type: string, name: string): string {
  return `${type}__${name}`;
}

/** The stack as terraform_data resources with the same dependency graph. */
function mirror(json: Json): Json {
  const mirrored: Json = {};
  for (const [type, byName] of Object.entries(json.resource as Json)) {
    for (const [name, config] of Object.entries(byName as Json)) {
      const { depends_on: dependsOn = [], lifecycle, keepers, provider: _provider, ...attributes } = config;
      const refs = [...new Set([...JSON.stringify(attributes).matchAll(REFERENCE)].map((m) => mirrorName(m[1], m[2])))];
      mirrored[mirrorName(type, name)] = {
        input: { refs: refs.map((ref) => `\${terraform_data.${ref}.output}`), keepers: keepers ?? {} },
        ...(keepers !== undefined ? { triggers_replace: keepers } : {}),
        ...(dependsOn.length > 0 ? { depends_on: dependsOn.map((d: string) => `terraform_data.${mirrorName(...(d.split(".") as [string, string]))}`) } : {}),
        ...(lifecycle !== undefined ? { lifecycle } : {}),
      };
    }
  }
  return { resource: { terraform_data: mirrored } };
}

function terraform(dir: string, args: string[]): string {
  const result = spawnSync("terraform", args, {
    cwd: dir,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: join(dir, "none.tfrc"), TF_IN_AUTOMATION: "1" },
  });
  if (result.status !== 0) throw new Error(`terraform ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Applies the mirror of `build("2026-12")`, then of `build("2027-01")`, and returns the second apply's log lines. */
function rotate(build: (stack: TerraformStack, rotation: string) => void): string[] {
  const dir = mkdtempSync(join(tmpdir(), "rotation-order-"));
  try {
    writeFileSync(join(dir, "none.tfrc"), "");
    const applyMirrorOf = (rotation: string): string => {
      const stack = new TerraformStack(Testing.app(), "stack");
      new GoogleProvider(stack, "google");
      new EdgegapProvider(stack, "edgegap");
      build(stack, rotation);
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify(mirror(JSON.parse(Testing.synth(stack)))));
      return terraform(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);
    };
    terraform(dir, ["init", "-input=false", "-no-color"]);
    applyMirrorOf("2026-12");
    return applyMirrorOf("2027-01").split("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Index of the first log line about `resourceType` that contains `event`. */
function at(log: string[], resourceType: string, event: string, from = 0): number {
  const index = log.findIndex((line, i) => i >= from && line.startsWith(`terraform_data.${resourceType}__`) && line.includes(event));
  if (index < 0) throw new Error(`no "${event}" for ${resourceType} in:\n${log.join("\n")}`);
  return index;
}

function expectRotationOrder(log: string[], versions: number): void {
  const keyCreated = at(log, "google_service_account_key", "Creation complete");
  const oldKeyDestroyed = at(log, "google_service_account_key", "(deposed object");
  expect(log[oldKeyDestroyed]).toContain("Destroying...");
  const updates = log.filter((line) => line.startsWith("terraform_data.edgegap_app_version__") && line.includes("Modifying..."));
  expect(updates).toHaveLength(versions);
  for (const update of updates) {
    const started = log.indexOf(update);
    const finished = at(log, "edgegap_app_version", "Modifications complete", started);
    expect(keyCreated).toBeLessThan(started);
    expect(finished).toBeLessThan(oldKeyDestroyed);
  }
  // Only the key is replaced; the version is never destroyed or recreated, the account and grants never touched.
  const touched = log.filter((line) => /: (Creating|Destroying|Modifying)\.\.\./.test(line));
  expect(touched.filter((line) => !/google_service_account_key__|edgegap_app_version__/.test(line))).toEqual([]);
  expect(touched.filter((line) => /edgegap_app_version__/.test(line) && !line.includes("Modifying"))).toEqual([]);
}

describe("key rotation order (real terraform on the stack's dependency graph)", () => {
  it("new key → version updated in place → old key destroyed", () => {
    const log = rotate((stack, rotation) => {
      const game = new EdgegapApp(stack, "game", { name: "arena" });
      new EdgegapGcrAppVersion(stack, "release", { app: game, name: "v1", repository: "gcr.io/studio-prod/arena:v1", rotation });
    });
    expectRotationOrder(log, 1);
  }, 120_000);

  it("with a shared pull account, every version is updated before the old key goes", () => {
    const log = rotate((stack, rotation) => {
      const pullAccount = new GcrPullAccount(stack, "puller", { repository: "gcr.io/studio-prod/arena", rotation });
      new EdgegapGcrAppVersion(stack, "stable", { app: "arena", name: "v1", repository: "gcr.io/studio-prod/arena:v1", pullAccount });
      new EdgegapGcrAppVersion(stack, "canary", { app: "arena", name: "v2", repository: "gcr.io/studio-prod/arena:v2", pullAccount });
    });
    expectRotationOrder(log, 2);
  }, 120_000);
});
