import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { EdgegapEmulator } from "../lib/testing/edgegap-emulator";
import { liveKeys } from "../lib/testing/google-stand-in";
import { findSecrets, keyFileSecrets, NamedSecret, pullsGrantedByStandIn, scanTree, SecretFinding } from "../lib/testing/sandbox";
import { CDKTF_UNATTENDED_FLAGS, createWorkspace, RunResult, Workspace } from "../lib/testing/terraform-harness";

/**
 * Trust: a deploy and a key rotation (one failing on an Edgegap error that echoes every secret back) with
 * TF_LOG=trace, then everything they produced is searched for the Edgegap token, the key files (as JSON, escaped,
 * base64, and each line of their private key's PEM body) and a hidden env value: cdktf and terraform output, the
 * trace log (providers' logs included), cdktf's own log, the harness log, every file of the workspace (cdktf.out,
 * .terraform, HOME) and the repo's test snapshots. Only state files may hold them (the README says so), and the
 * stand-in's "Google Cloud" file, which plays Google itself.
 */
jest.setTimeout(120_000);

const STACK = "hygiene";
const APP = "hygiene-game";
const VERSION = "v1";
const HIDDEN_VALUE = `match-secret-${randomBytes(12).toString("hex")}`;
const MAIN = `
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { EdgegapApp, EdgegapGcrAppVersion, EdgegapProvider } from "./lib";

// The example app has no hidden env: this stack adds one, from a sensitive variable (TF_VAR_match_secret).
const app = new App();
const stack = new TerraformStack(app, "${STACK}");
new GoogleProvider(stack, "google", { project: "hygiene-studio" });
new EdgegapProvider(stack, "edgegap");
const matchSecret = new TerraformVariable(stack, "match_secret", { type: "string", sensitive: true });
new EdgegapGcrAppVersion(stack, "release", {
  app: new EdgegapApp(stack, "game", { name: "${APP}" }),
  name: "${VERSION}",
  repository: "gcr.io/hygiene-studio/arena:v1",
  rotation: process.env.GCP_KEY_ROTATION,
  envs: [
    { key: "MATCH_SECRET", value: matchSecret.stringValue, isHidden: true },
    { key: "MODE", value: "ranked" },
  ],
});
app.synth();
`;

/** Files that hold secrets by design: Terraform state, and the stand-in's cloud (Google keeps the keys). */
const SECRET_HOLDERS = /(^|\/)[^/]*\.tfstate(\.backup)?$|^google-cloud\.json(\.lock)?$/;

let emulator: EdgegapEmulator;
let ws: Workspace;
let logs: string;
const runs: RunResult[] = [];
let secrets: NamedSecret[];

async function cdktf(args: readonly string[], env: Record<string, string> = {}): Promise<RunResult> {
  const result = await ws.cdktf(args, { env, timeoutMs: 100_000 });
  runs.push(result);
  return result;
}

function expectSuccess(result: RunResult): void {
  if (result.code !== 0) throw new Error(`expected success:\n${ws.describe(result)}`);
}

const describeFindings = (findings: readonly SecretFinding[]) => findings.map(({ where, secret }) => `${secret} in ${where}`);

beforeAll(async () => {
  emulator = await EdgegapEmulator.start();
  ws = await createWorkspace({ prefix: "secret-hygiene-", env: { EDGEGAP_BASE_URL: emulator.url, EDGEGAP_TOKEN: emulator.token } });
  logs = ws.dir("logs");
  mkdirSync(logs, { recursive: true });
  emulator.registry.setPredicate(pullsGrantedByStandIn(ws.googleStatePath));
  ws.copyProject({ files: { "main.ts": MAIN } });
  const env = {
    TF_VAR_match_secret: HIDDEN_VALUE,
    TF_LOG: "trace",
    TF_LOG_PATH: join(logs, "terraform.log"),
    CDKTF_LOG_LEVEL: "all",
    CDKTF_LOG_FILE_DIRECTORY: logs,
    NPM_CONFIG_UPDATE_NOTIFIER: "false",
  };

  expectSuccess(await cdktf(["deploy", STACK, ...CDKTF_UNATTENDED_FLAGS], env));

  // Edgegap answers the rotation's PATCH with an error quoting everything it was sent: the key file, its private
  // key, the token and the hidden value. Our provider must not pass any of it on.
  const echo = { message: "" };
  emulator.faults.inject({
    method: "PATCH",
    path: `/v1/app/${APP}/version/${VERSION}`,
    status: 400,
    body: echo,
    onHit: (request) => {
      const token = (request.body as { private_token?: string }).private_token ?? "";
      const pem = token ? String(JSON.parse(token).private_key) : "";
      echo.message = `private_token: ${token} is not accepted (private_key ${pem}); header: ${request.headers.authorization}; MATCH_SECRET=${HIDDEN_VALUE}`;
    },
  });
  const failed = await cdktf(["deploy", STACK, ...CDKTF_UNATTENDED_FLAGS], { ...env, GCP_KEY_ROTATION: "2027-01" });
  expect(failed.code).not.toBe(0);
  expect(failed.output).toContain("400");
  expect(echo.message).toContain(emulator.token); // the fault did echo the secrets

  expectSuccess(await cdktf(["deploy", STACK, ...CDKTF_UNATTENDED_FLAGS], { ...env, GCP_KEY_ROTATION: "2027-01" }));

  const cloud = ws.googleCloud();
  secrets = [
    { name: "the Edgegap token", value: emulator.token },
    { name: "the hidden env value", value: HIDDEN_VALUE },
    ...Object.values(cloud.keys).flatMap((key) => keyFileSecrets(`key ${key.keyId}`, key.privateKeyData!)),
  ];
});

afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
});

describe("secrets after a deploy and a key rotation with TF_LOG=trace", () => {
  it("travelled: Edgegap holds the live key's JSON and the hidden value, and two keys existed", () => {
    const cloud = ws.googleCloud();
    expect(Object.keys(cloud.keys)).toHaveLength(2);
    const stored = emulator.versions.get(APP, VERSION);
    expect(stored?.private_token).toBe(liveKeys(cloud)[0].privateKeyData);
    expect(stored?.envs).toContainEqual(expect.objectContaining({ key: "MATCH_SECRET", value: HIDDEN_VALUE, is_hidden: true }));
  });

  it("are found by the scan where they are kept (state), so the scan can see them", () => {
    const state = readFileSync(join(ws.root, "project", `terraform.${STACK}.tfstate`), "utf8");
    const found = findSecrets("state", state, secrets).map((finding) => finding.secret);
    expect(found).toContain("the hidden env value");
    expect(found.some((name) => /\(key JSON, base64\)$/.test(name))).toBe(true);
    expect(found.some((name) => /\(PEM line \d+\)$/.test(name))).toBe(true);
  });

  it("never appear in cdktf's or terraform's output, the failed rotation's error included", () => {
    expect(runs).toHaveLength(3);
    expect(runs[1].output).toMatch(/Error: Updating Edgegap app version/);
    expect(describeFindings(runs.flatMap((run, index) => findSecrets(`run ${index + 1} (${run.command})`, run.output, secrets)))).toEqual([]);
  });

  it("never appear in terraform's trace log (provider logs included) or cdktf's log", () => {
    const trace = readFileSync(join(logs, "terraform.log"), "utf8");
    expect(trace).toContain("provider.terraform-provider-edgegap"); // our provider's own lines are in it
    expect(trace).toMatch(/Edgegap API request PATCH/);
    const files = readdirSync(logs);
    expect(files).toEqual(expect.arrayContaining(["terraform.log", "cdktf.log"]));
    const findings = files.flatMap((name) => findSecrets(`logs/${name}`, readFileSync(join(logs, name), "utf8"), secrets));
    expect(describeFindings(findings)).toEqual([]);
  });

  it("never appear in any file the run produced but state: cdktf.out, HOME (npm logs included), harness.log", () => {
    const scan = scanTree(ws.root, secrets, (path) => SECRET_HOLDERS.test(path));
    expect(scan.files).toEqual(expect.arrayContaining(["harness.log", join("project", "cdktf.out", "stacks", STACK, "cdk.tf.json")]));
    // The provider executables (what .terraform/providers and cdktf's plugin cache link to) and npx's logs in HOME.
    expect(scan.files.some((file) => file.startsWith(join("project", "cdktf.out", "stacks", STACK, "terraform.d", "plugins")))).toBe(true);
    expect(scan.files.some((file) => file.startsWith(join("home", ".npm", "_logs")))).toBe(true);
    expect(describeFindings(scan.findings)).toEqual([]);
  });

  it("never appear in the repo's test snapshots, nor does any private key", () => {
    const root = join(__dirname, "..");
    const snapshots = snapshotFiles(join(root, "__tests__"));
    for (const file of snapshots) {
      const text = readFileSync(file, "utf8");
      expect(findSecrets(relative(root, file), text, secrets)).toEqual([]);
      expect({ file: relative(root, file), privateKey: /-----BEGIN [A-Z ]*PRIVATE KEY-----\\?n?[A-Za-z0-9+/]{16}/.test(text) }).toEqual({
        file: relative(root, file),
        privateKey: false,
      });
    }
  });
});

/** Every file in a __snapshots__ folder under `dir`. */
function snapshotFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((path) => path.split(/[\\/]/).includes("__snapshots__") && !path.endsWith("__snapshots__"))
    .map((path) => join(dir, path));
}
