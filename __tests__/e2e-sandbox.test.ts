import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readCloudState } from "../lib/testing/google-stand-in";
import { findSecrets, keyFileSecrets, runSandbox, SandboxError } from "../lib/testing/sandbox";
import { runCommand, RunResult } from "../lib/testing/terraform-harness";

/**
 * `npm run sandbox` as a user runs it, from the repository: the example app deployed and destroyed offline, and
 * what it prints. The workspace is kept (--keep) so the test can compare the printed token size and key id with
 * the stand-in's records, then removed.
 */
jest.setTimeout(120_000);

const root = join(__dirname, "..");
let home: string;
let kept: string | undefined;

/** The sandbox CLI with a clean environment: none of the GCP_ or EDGEGAP_ variables of this process leak into the example's config. */
function npmRunSandbox(args: readonly string[]): Promise<RunResult> {
  return runCommand("npm", ["run", "--silent", "sandbox", ...(args.length > 0 ? ["--", ...args] : [])], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: home, NPM_CONFIG_UPDATE_NOTIFIER: "false", ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}) },
    timeoutMs: 110_000,
  });
}

/** The printed value of a report row, e.g. row("tag") → "1.0.0". */
function rowOf(output: string, label: string): string {
  const match = new RegExp(`^  ${label} +(.+)$`, "m").exec(output);
  if (!match) throw new Error(`no "${label}" row in:\n${output}`);
  return match[1].trim();
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), "e2e-sandbox-home-"));
});

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  if (kept) rmSync(kept, { recursive: true, force: true });
});

describe("npm run sandbox", () => {
  it("deploys, prints what was created in Edgegap's and Google's terms, destroys, and exits 0", async () => {
    const run = await npmRunSandbox(["--keep"]);
    kept = /^ {2}workspace +(\S+) \(kept\)$/m.exec(run.stdout)?.[1];
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    const out = run.stdout;

    expect(out).toMatch(/^ {2}· synthesizing the stack/m);
    expect(out).toMatch(/^ {2}· release\/Resource: created$/m);
    expect(out).toContain("Apply complete! Resources: 5 added, 0 changed, 0 destroyed.");
    expect(rowOf(out, "app")).toBe("my-game");
    expect(rowOf(out, "version")).toBe("1.0.0");
    expect(rowOf(out, "registry")).toBe("us-docker.pkg.dev                            docker_repository");
    expect(rowOf(out, "image")).toMatch(/^my-game-project\/game-servers\/my-game +docker_image$/);
    expect(rowOf(out, "tag")).toMatch(/^1\.0\.0 +docker_tag$/);
    expect(rowOf(out, "username")).toMatch(/^_json_key +private_username$/);
    expect(rowOf(out, "service account")).toBe("pull-account-c376ad2f@my-game-project.iam.gserviceaccount.com");
    expect(rowOf(out, "grant")).toBe("roles/artifactregistry.reader on repository game-servers (location us, project my-game-project)");
    expect(out).toContain("Destroy complete! Resources: 5 destroyed.");
    expect(out).toMatch(/destroyed in [\d.]+ s: Edgegap holds no app or version; Google holds no service account, key or grant/);
    expect(out).toMatch(/^Sandbox passed\.$/m);

    // The token is shown only as its size, which is the size of the key's JSON; the key id is that key's.
    const token = /^(\(sensitive, (\d+) bytes\)) +private_token: the JSON of key ([0-9a-f]{12})…$/.exec(rowOf(out, "token"));
    expect(token).not.toBeNull();
    expect(kept).toBeDefined();
    const cloud = readCloudState(join(kept!, "google-cloud.json"));
    const keys = Object.values(cloud.keys);
    expect(keys).toHaveLength(1);
    const [key] = keys;
    expect(key.deleted).toBeDefined(); // destroyed, but the stand-in keeps its record
    expect(rowOf(out, "key id")).toBe(key.keyId);
    expect(token![3]).toBe(key.keyId.slice(0, 12));
    expect(Number(token![2])).toBe(Buffer.byteLength(key.privateKeyData!, "utf8"));
    expect(findSecrets("sandbox output", run.output, keyFileSecrets("the key", key.privateKeyData!))).toEqual([]);
  });

  it("refuses unknown options with its usage (exit 2)", async () => {
    const run = await npmRunSandbox(["--keeep"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option "--keeep"');
    expect(run.stderr).toContain("usage: npm run sandbox [-- --keep]");
  });

  it("fails with a clear message when the deploy fails, and removes its workspace", async () => {
    const lines: string[] = [];
    const failure = await runSandbox({ write: (line) => lines.push(line), config: { EDGEGAP_PORTS: "7778/QUIC" } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SandboxError);
    expect((failure as Error).message).toMatch(/^cdktf deploy failed \(exit 1\)\. The end of its output:/);
    expect((failure as Error).message).toContain('EDGEGAP_PORTS: entry 1 "7778/QUIC" is not valid');
    const workspace = /^ {2}workspace +(\S+) /m.exec(lines.join("\n"))?.[1];
    expect(workspace).toBeDefined();
    expect(existsSync(workspace!)).toBe(false);
  });
});
