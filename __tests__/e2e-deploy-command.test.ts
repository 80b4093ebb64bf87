import { cpSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { providerMirrorFolder } from "../lib/bindings/provider-installation";
import { EdgegapEmulator } from "../lib/testing/edgegap-emulator";
import { liveKeys } from "../lib/testing/google-stand-in";
import { pullsGrantedByStandIn } from "../lib/testing/sandbox";
import { createWorkspace, RunResult, Workspace } from "../lib/testing/terraform-harness";
import { PACKAGE_VERSION } from "../lib/version";

/**
 * The README's deploy command (`npm run deploy`, i.e. `cdktf deploy --skip-provider-lock`) in a fresh directory,
 * offline, and an upgrade of the package (so of our provider's version) under a stack deployed with the old one.
 */
jest.setTimeout(120_000);

const STACK_DIR = join("cdktf.out", "stacks", "game-servers");
const LOCK_FILE = join(STACK_DIR, ".terraform.lock.hcl");
const NEXT_VERSION = "0.2.0";
const CI = ["--", "--auto-approve"]; // the README's unattended form: npm passes the flag on to cdktf

let emulator: EdgegapEmulator;
let ws: Workspace;
let project: string;

const npm = (args: readonly string[], env: Record<string, string> = {}) => ws.run("npm", args, { cwd: project, env, timeoutMs: 100_000 });

function expectSuccess(result: RunResult): void {
  if (result.code !== 0) throw new Error(`expected success:\n${ws.describe(result)}`);
}

/** The version our provider is locked at in the stack's .terraform.lock.hcl. */
function lockedEdgegapVersion(): string | undefined {
  const lock = readFileSync(join(project, LOCK_FILE), "utf8");
  return /provider "edgegap-cdktf\.local\/edgegap-cdktf\/edgegap" \{\s*version\s*=\s*"([^"]+)"/.exec(lock)?.[1];
}

beforeAll(async () => {
  emulator = await EdgegapEmulator.start();
  ws = await createWorkspace({
    prefix: "e2e-deploy-command-",
    env: { EDGEGAP_BASE_URL: emulator.url, EDGEGAP_TOKEN: emulator.token, NPM_CONFIG_UPDATE_NOTIFIER: "false" },
  });
  emulator.registry.setPredicate(pullsGrantedByStandIn(ws.googleStatePath));
  project = ws.copyProject();
});

afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
});

describe("the first deploy in a fresh directory", () => {
  it("fails with plain cdktf deploy: its providers lock step asks a registry for our local-only provider", async () => {
    const plain = await ws.cdktf(["deploy", "--auto-approve", "--no-color"], { timeoutMs: 100_000 });
    expect(plain.code).not.toBe(0);
    expect(plain.output).toContain("Could not retrieve providers for locking");
    expect(emulator.requests.entries).toEqual([]);
    expect(ws.googleCloud().accounts).toEqual({});
    rmSync(join(project, "cdktf.out"), { recursive: true, force: true }); // fresh again: init had written a lock file
  });

  it("succeeds with the README's command, npm run deploy", async () => {
    const deploy = await npm(["run", "deploy", ...CI]);
    expectSuccess(deploy);
    expect(deploy.output).toContain("cdktf deploy --skip-provider-lock --auto-approve");
    expect(deploy.output).toContain("Apply complete! Resources: 5 added, 0 changed, 0 destroyed.");
    expect(emulator.requests.summary({ method: "POST" })).toEqual(["POST /v1/app -> 200", "POST /v1/app/my-game/version -> 200"]);
    expect(lockedEdgegapVersion()).toBe(PACKAGE_VERSION);
  });

  it("npm run diff then shows no changes", async () => {
    const diff = await npm(["run", "diff"]);
    expectSuccess(diff);
    expect(diff.output).toContain("No changes. Your infrastructure matches the configuration.");
  });
});

describe(`upgrading the package (and so the provider) from ${PACKAGE_VERSION} to ${NEXT_VERSION} under a deployed stack`, () => {
  beforeAll(async () => {
    // The project as the next release would be: its version in package.json and lib/version.ts, and its provider
    // bundled the way `npm run build` does (scripts/build-provider.js takes the version from package.json).
    const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    const versionSource = readFileSync(join(project, "lib", "version.ts"), "utf8");
    expect(versionSource).toContain(`"${PACKAGE_VERSION}"`);
    ws.copyProject({
      files: {
        "package.json": JSON.stringify({ ...manifest, version: NEXT_VERSION }, null, 2),
        "lib/version.ts": versionSource.replace(`"${PACKAGE_VERSION}"`, `"${NEXT_VERSION}"`),
      },
    });
    cpSync(join(__dirname, "..", "scripts"), join(project, "scripts"), { recursive: true });
    rmSync(join(project, "dist", "provider"), { recursive: true, force: true });
    const build = await ws.run(
      "node",
      ["scripts/build-provider.js", "lib/edgegap-provider/main.ts", `dist/provider/terraform-provider-edgegap_v${NEXT_VERSION}`],
      { cwd: project },
    );
    expectSuccess(build);
  });

  it("deploys with the new provider: cdktf re-runs terraform init with -upgrade since the lock no longer matches", async () => {
    const before = emulator.requests.entries.length;
    // A change as well, so the new provider has to apply something.
    const deploy = await npm(["run", "deploy", ...CI], { EDGEGAP_PORTS: "7777/UDP:gameport,8080/HTTP:web" });
    expectSuccess(deploy);
    expect(deploy.output).toContain(`Installed edgegap-cdktf.local/edgegap-cdktf/edgegap v${NEXT_VERSION}`);
    expect(deploy.output).toContain("Apply complete! Resources: 0 added, 1 changed, 0 destroyed.");
    expect(lockedEdgegapVersion()).toBe(NEXT_VERSION);
    // Synth removed the old version from the stack's mirror, so only the new one can be picked.
    expect(readdirSync(providerMirrorFolder(join(project, STACK_DIR)))).toEqual([NEXT_VERSION]);

    const calls = emulator.requests.entries.slice(before);
    expect(calls.map((call) => `${call.method} ${call.path}`)).toContain("PATCH /v1/app/my-game/version/1.0.0");
    // Every call came from the new provider (its client's user agent carries the package version).
    expect(new Set(calls.map((call) => call.headers["user-agent"]?.split(" ")[0]))).toEqual(new Set([`edgegap-cdktf/${NEXT_VERSION}`]));
    expect(emulator.versions.get("my-game", "1.0.0")?.ports?.map((port) => port.name)).toEqual(["gameport", "web"]);
  });

  it("npm run destroy removes everything", async () => {
    const destroy = await npm(["run", "destroy", ...CI], { EDGEGAP_PORTS: "7777/UDP:gameport,8080/HTTP:web" });
    expectSuccess(destroy);
    expect(destroy.output).toContain("Destroy complete! Resources: 5 destroyed.");
    expect(emulator.apps.list()).toEqual([]);
    const cloud = ws.googleCloud();
    expect(cloud.accounts).toEqual({});
    expect(liveKeys(cloud)).toEqual([]);
    expect(cloud.bindings).toEqual({});
  });
});
