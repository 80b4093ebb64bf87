import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleProviderIntoMirror } from "../scripts/build-provider";
import type { StoreFile, ThingRecord } from "./support/toy-provider/store";

/**
 * The bundled toy provider under the real terraform CLI (offline): the whole lifecycle, in order. Each test builds
 * on the state the previous one left.
 */
jest.setTimeout(60_000);

let work: string;
let socketDir: string;
const storePath = () => join(work, "store.json");
const store = (): StoreFile => JSON.parse(readFileSync(storePath(), "utf8"));
const thingNamed = (name: string): ThingRecord => Object.values(store().things).find((t) => t.name === name)!;
const changeStore = (change: (file: StoreFile) => void) => {
  const file = store();
  change(file);
  writeFileSync(storePath(), JSON.stringify(file));
};

const IMPORTED = 'resource "toy_thing" "imported" {\n  name  = "external"\n  value = "x"\n}\n';

interface Run {
  code: number | null;
  out: string;
}

function terraform(args: string[], options: { env?: NodeJS.ProcessEnv; whileRunning?: (pid: number) => Promise<void> } = {}): Promise<Run> {
  const child = spawn("terraform", [...args], {
    cwd: work,
    detached: true, // its own process group, so a test can Ctrl-C it like a terminal would
    env: {
      PATH: process.env.PATH,
      HOME: work,
      TMPDIR: socketDir,
      CHECKPOINT_DISABLE: "1",
      TF_CLI_CONFIG_FILE: join(work, "cli.tfrc"),
      TF_IN_AUTOMATION: "1",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  void options.whileRunning?.(child.pid!);
  return exited.then((code) => ({ code, out }));
}

function writeConfig(options: { name?: string; value?: string; extra?: string } = {}): void {
  writeFileSync(
    join(work, "main.tf"),
    `
terraform {
  required_providers {
    toy = { source = "test/toy", version = "0.1.0" }
  }
}

provider "toy" {
  store_path = "${storePath()}"
}

resource "terraform_data" "later" {
  input = "computed-at-apply"
}

resource "toy_thing" "a" {
  name   = "${options.name ?? "alpha"}"
  value  = "${options.value ?? "v1"}"
  secret = "hunter22"
  ports  = [{ port = 7777 }, { port = 7778, protocol = "TCP" }]
  tags   = { env = "test" }
}

resource "toy_thing" "u" {
  name  = "from-unknown"
  value = terraform_data.later.output
}

resource "toy_thing" "parallel" {
  count    = 3
  name     = "parallel-\${count.index}"
  sleep_ms = 400
}

output "u_value" {
  value = toy_thing.u.value
}
${options.extra ?? ""}
`,
  );
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "provider-runtime-terraform-"));
  socketDir = join(work, "tmp");
  mkdirSync(socketDir);
  writeFileSync(join(work, "cli.tfrc"), "# no registry access in tests\n");
  await bundleProviderIntoMirror({
    entry: join(__dirname, "support/toy-provider/main.ts"),
    mirrorDir: join(work, "terraform.d", "plugins"),
    source: "registry.terraform.io/test/toy",
    version: "0.1.0",
  });
  writeConfig();
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

it("init finds the bundled provider in the implied local mirror (offline)", async () => {
  const run = await terraform(["init", "-input=false", "-no-color"]);
  expect(run.out).toContain("Installed test/toy v0.1.0 (unauthenticated)");
  expect(run.code).toBe(0);
});

it("apply creates everything, fills an unknown from terraform_data, runs creates concurrently, masks secrets in logs", async () => {
  const logPath = join(work, "apply.log");
  const run = await terraform(["apply", "-auto-approve", "-input=false", "-no-color"], { env: { TF_LOG_PROVIDER: "INFO", TF_LOG_PATH: logPath } });
  expect(run.out).toContain("Apply complete! Resources: 6 added, 0 changed, 0 destroyed.");
  expect(run.out).toContain('u_value = "computed-at-apply"');
  expect(run.code).toBe(0);
  expect(thingNamed("from-unknown").value).toBe("computed-at-apply");
  expect(thingNamed("alpha")).toMatchObject({ size: 1, ports: [{ port: 7777, protocol: "UDP" }, { port: 7778, protocol: "TCP" }], tags: { env: "test" } });
  // The three sleeping creates overlap (others may join them): nothing serialises operations.
  expect(store().peakConcurrentCreates).toBeGreaterThanOrEqual(3);
  const log = readFileSync(logPath, "utf8");
  expect(log).toContain("created thing");
  expect(log).not.toContain("hunter22");
});

it("plans no changes right after apply", async () => {
  const run = await terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
  expect(run.out).toContain("No changes.");
  expect(run.code).toBe(0);
});

it("updates in place, keeping the id (useStateForUnknown) and showing the computed revision as unknown", async () => {
  const id = thingNamed("alpha").id;
  writeConfig({ value: "v2" });
  const run = await terraform(["apply", "-auto-approve", "-input=false", "-no-color"]);
  expect(run.out).toContain("toy_thing.a will be updated in-place");
  expect(run.out).toMatch(/~ value\s+= "v1" -> "v2"/);
  expect(run.out).toMatch(/~ revision\s+= 1 -> \(known after apply\)/);
  expect(run.out).toContain("Resources: 0 added, 1 changed, 0 destroyed.");
  expect(thingNamed("alpha")).toMatchObject({ id, value: "v2", revision: 2 });
});

it("replaces the thing when a requiresReplace attribute changes", async () => {
  const oldId = thingNamed("alpha").id;
  writeConfig({ name: "alpha2", value: "v2" });
  const run = await terraform(["apply", "-auto-approve", "-input=false", "-no-color"]);
  expect(run.out).toContain("toy_thing.a must be replaced");
  expect(run.out).toMatch(/~ name\s+= "alpha" -> "alpha2" # forces replacement/);
  expect(run.out).toContain("Resources: 1 added, 0 changed, 1 destroyed.");
  expect(thingNamed("alpha2").id).not.toBe(oldId);
  expect(store().things[oldId]).toBeUndefined();
});

it("detects drift: a deleted object is planned for creation, a changed value as a diff", async () => {
  changeStore((file) => {
    delete file.things[thingNamed("from-unknown").id];
    file.things[thingNamed("alpha2").id]!.value = "drifted";
  });
  const run = await terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
  expect(run.out).toContain("toy_thing.u will be created");
  expect(run.out).toMatch(/~ value\s+= "drifted" -> "v2"/);
  expect(run.code).toBe(2);
  const converge = await terraform(["apply", "-auto-approve", "-input=false", "-no-color"]);
  expect(converge.out).toContain("Resources: 1 added, 1 changed, 0 destroyed.");
  expect((await terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"])).code).toBe(0);
});

it("imports an existing object, then plans no changes; an unknown id is a clear error", async () => {
  changeStore((file) => {
    file.things["ext-123"] = { id: "ext-123", name: "external", size: 1, value: "x", secret: null, ports: null, tags: null, revision: 7 };
  });
  writeConfig({ name: "alpha2", value: "v2", extra: IMPORTED });
  const imported = await terraform(["import", "-input=false", "-no-color", "toy_thing.imported", "ext-123"]);
  expect(imported.out).toContain("Import successful!");
  expect(imported.code).toBe(0);
  const plan = await terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"]);
  expect(plan.out).toContain("No changes.");
  expect(plan.code).toBe(0);

  const missing = await terraform(["import", "-input=false", "-no-color", "toy_thing.imported", "nope"]);
  expect(missing.code).toBe(1);
  expect(missing.out).toContain("Cannot import non-existent remote object");
  expect(missing.out).toContain("no toy_thing with id nope");
});

it("Ctrl-C during a slow create: StopProvider cancels it at once, the plugin survives SIGINT to report it", async () => {
  writeConfig({ name: "alpha2", value: "v2", extra: `${IMPORTED}resource "toy_thing" "slow" {\n  name     = "slow"\n  sleep_ms = 60000\n}\n` });
  const startedAt = Date.now();
  const run = await terraform(["apply", "-auto-approve", "-input=false", "-no-color"], {
    whileRunning: async (pid) => {
      while (!safeStore()?.creating.includes("slow")) await new Promise((r) => setTimeout(r, 50));
      process.kill(-pid, "SIGINT");
    },
  });
  expect(Date.now() - startedAt).toBeLessThan(30_000);
  expect(run.out).toContain("Interrupt received");
  expect(run.out).toContain("cancelled: Terraform asked the provider to stop");
  expect(run.code).toBe(1);
  expect(store().creating).toEqual([]);
  expect(store().things["ext-123"]).toBeDefined();
});

it("destroys everything and leaves no plugin sockets behind", async () => {
  writeConfig({ name: "alpha2", value: "v2", extra: IMPORTED });
  const run = await terraform(["destroy", "-auto-approve", "-input=false", "-no-color"]);
  expect(run.out).toContain("Destroy complete! Resources: 7 destroyed.");
  expect(store().things).toEqual({});
  expect(readdirSync(socketDir).filter((name) => name.startsWith("plugin"))).toEqual([]);
});

function safeStore(): StoreFile | undefined {
  try {
    return store();
  } catch {
    return undefined;
  }
}
