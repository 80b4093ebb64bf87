import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createWorkspace, descendantsOf, runCommand, waitFor, Workspace } from "../lib/testing/terraform-harness";

/** The terraform/cdktf harness: bounded processes in their own group, isolated workspaces, secrets kept out of its log. */
jest.setTimeout(30_000);

const TOKEN = "edgegap-token-0123456789";
let ws: Workspace;

beforeAll(async () => {
  process.env.HARNESS_TEST_LEAK = "must-not-reach-children";
  ws = await createWorkspace({ env: { EDGEGAP_TOKEN: TOKEN, EDGEGAP_BASE_URL: "http://127.0.0.1:1" } });
});
afterAll(() => {
  delete process.env.HARNESS_TEST_LEAK;
  ws?.dispose();
});

describe("runCommand", () => {
  const env = { PATH: process.env.PATH };

  it("captures stdout, stderr, both interleaved, the exit code and the duration", async () => {
    const result = await runCommand("sh", ["-c", "echo out; echo err >&2; printf '\\033[31mred\\033[0m\\n'; exit 3"], { cwd: ws.root, env });
    expect(result).toMatchObject({ code: 3, signal: null, timedOut: false, stdout: "out\nred\n", stderr: "err\n" });
    expect(result.output.split("\n").sort()).toEqual(["", "err", "out", "red"]);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("kills the whole process tree on timeout, also processes that left the group", async () => {
    let escaped: number[] = [];
    const started = Date.now();
    const result = await runCommand("sh", ["-c", "setsid sleep 60 & sleep 60 & echo started; wait"], {
      cwd: ws.root,
      env,
      timeoutMs: 1_000,
      whileRunning: async (running) => {
        await running.waitForOutput("started");
        escaped = descendantsOf(running.pid);
      },
    });
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(escaped.length).toBeGreaterThanOrEqual(2);
    await waitFor(() => escaped.every((pid) => !isAlive(pid)), "the sleeps to be gone", 5_000);
  });

  it("interrupt() sends SIGINT to the whole group, like a terminal's Ctrl-C", async () => {
    const script = [
      "const { spawn } = require('child_process');",
      "const child = spawn(process.execPath, ['-e', \"process.on('SIGINT', () => { console.log('child got SIGINT'); process.exit(0); }); setInterval(() => {}, 1000); console.log('child ready');\"], { stdio: 'inherit' });",
      "process.on('SIGINT', () => console.log('parent got SIGINT'));",
      "child.on('exit', () => process.exit(130));",
    ].join("\n");
    const result = await runCommand(process.execPath, ["-e", script], {
      cwd: ws.root,
      env,
      whileRunning: async (running) => {
        await running.waitForOutput("child ready");
        running.interrupt();
      },
    });
    expect(result.code).toBe(130);
    expect(result.stdout).toContain("parent got SIGINT");
    expect(result.stdout).toContain("child got SIGINT");
  });

  it("fails the run when the whileRunning hook fails, and stops the process", async () => {
    await expect(
      runCommand("sleep", ["60"], { cwd: ws.root, env, whileRunning: (running) => running.waitForOutput("never", 200) }),
    ).rejects.toThrow("no output matching never from sleep within 200 ms");
  });

  it("reports a command that cannot start", async () => {
    await expect(runCommand("/nonexistent/terraform", [], { cwd: ws.root, env })).rejects.toThrow("cannot start /nonexistent/terraform");
  });
});

describe("workspace", () => {
  it("gives commands an isolated HOME, TMPDIR and terraform CLI config, and nothing else from this process", async () => {
    const result = await ws.run("env", []);
    const seen = Object.fromEntries(result.stdout.trim().split("\n").map((line) => line.split(/=(.*)/s).slice(0, 2)));
    expect(seen).toMatchObject({
      HOME: ws.home,
      TMPDIR: ws.tmp,
      TF_CLI_CONFIG_FILE: ws.cliConfigFile,
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      GOOGLE_STAND_IN_STATE: ws.googleStatePath,
      EDGEGAP_TOKEN: TOKEN,
    });
    expect(seen.HARNESS_TEST_LEAK).toBeUndefined();
    const removed = await ws.run("env", [], { env: { EDGEGAP_TOKEN: undefined, EXTRA: "1" } });
    expect(removed.stdout).not.toContain("EDGEGAP_TOKEN=");
    expect(removed.stdout).toContain("EXTRA=1");
  });

  it("installs the google stand-in into HOME's implied mirror", () => {
    expect(ws.googleStandIn?.executable).toBe(join(ws.homePluginsDir, "registry.terraform.io/hashicorp/google/6.50.0/linux_amd64/terraform-provider-google_v6.50.0"));
    expect(lstatSync(ws.googleStandIn!.executable).mode & 0o777).toBe(0o755);
    expect(readFileSync(ws.googleStandIn!.executable, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("keeps secrets out of its log and its run reports", async () => {
    ws.addSecret("another-secret-value");
    const result = await ws.run("sh", ["-c", `echo "token is $EDGEGAP_TOKEN, other is another-secret-value"`], { env: { API_PASSWORD: "hunter2-hunter2" } });
    expect(result.stdout).toContain(TOKEN); // the caller gets the real output
    const report = ws.describe(result);
    expect(report).toContain("token is ***, other is ***");
    await ws.run("echo", [TOKEN, "hunter2-hunter2"]);
    const log = readFileSync(ws.logFile, "utf8");
    expect(log).toContain("$ echo *** ***");
    expect(log).toContain("env API_PASSWORD");
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain("hunter2-hunter2");
  });

  it("copies the cdktf project with node_modules symlinked, and lets a test replace files", () => {
    const project = ws.copyProject({ files: { "main.ts": "// test app\n", "extra/config.json": "{}" } });
    expect(readlinkSync(join(project, "node_modules"))).toBe(join(__dirname, "..", "node_modules"));
    expect(existsSync(join(project, "cdktf.json"))).toBe(true);
    expect(existsSync(join(project, "lib", "constructs", "gcr-pull-account.ts"))).toBe(true);
    expect(readFileSync(join(project, "main.ts"), "utf8")).toBe("// test app\n");
    expect(readFileSync(join(project, "extra", "config.json"), "utf8")).toBe("{}");
    expect(ws.copyProject()).toBe(project); // again over the earlier copy
    expect(readFileSync(join(project, "main.ts"), "utf8")).toBe(readFileSync(join(__dirname, "..", "main.ts"), "utf8"));
  });

  it("reuses a given root (a sandbox keeps its state between runs)", async () => {
    const root = ws.dir("sandbox");
    const first = await createWorkspace({ root, googleStandIn: false });
    first.changeGoogleCloud(({ record }) => record("create", "service_account", "kept@p.iam.gserviceaccount.com"));
    const second = await createWorkspace({ root, googleStandIn: false });
    expect(second.root).toBe(root);
    expect(second.googleCloud().events.map((e) => e.id)).toEqual(["kept@p.iam.gserviceaccount.com"]);
  });

  it("cdktf's pseudo-terminal works without its install script (prebuilt binary found at run time)", async () => {
    const script = "const pty = require('@cdktf/node-pty-prebuilt-multiarch'); const p = pty.spawn('sh', ['-c', 'tty'], {}); p.onData((d) => process.stdout.write(d)); p.onExit(({ exitCode }) => process.exit(exitCode));";
    const result = await ws.run(process.execPath, ["-e", script], { cwd: join(__dirname, "..") });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\/dev\/pts\/\d+/);
  });
});

describe("Ctrl-C during terraform apply (google stand-in delays the key)", () => {
  it("terraform stops the provider's wait at once, saves what was created, and leaves no plugin sockets", async () => {
    const stack = ws.dir("interrupted");
    writeFileSync(
      join(stack, "main.tf.json"),
      JSON.stringify({
        terraform: { required_providers: { google: { source: "google", version: "6.50.0" } } },
        provider: { google: [{ project: "harness-project" }] },
        resource: {
          google_service_account: { sa: { account_id: "harness-account" } },
          google_service_account_key: { key: { service_account_id: "${google_service_account.sa.email}" } },
        },
      }),
    );
    ws.changeGoogleCloud(({ state }) => state.faults.push({ type: "google_service_account_key", operation: "create", delayMs: 60_000, times: 1 }));
    expect((await ws.terraform(["init", "-input=false", "-no-color"], { cwd: stack })).code).toBe(0);
    const started = Date.now();
    const result = await ws.terraform(["apply", "-auto-approve", "-input=false", "-no-color"], {
      cwd: stack,
      whileRunning: async (running) => {
        await waitFor(() => ws.googleCloud().faults[0]?.times === 0, "the key's create to start waiting");
        running.interrupt();
      },
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.code).toBe(1);
    expect(result.output).toContain("Interrupt received");
    expect(result.output).toContain("cancelled: Terraform asked the provider to stop");
    const state = JSON.parse(readFileSync(join(stack, "terraform.tfstate"), "utf8")) as { resources: { type: string }[] };
    expect(state.resources.map((r) => r.type)).toEqual(["google_service_account"]);
    expect(readdirSync(ws.tmp).filter((name) => name.startsWith("plugin"))).toEqual([]);
  });
});

/** Running (a zombie waiting for its new parent to reap it counts as gone). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}
