import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deriveAccountId } from "../lib/constructs/gcr-pull-account-naming";
import { EdgegapEmulator, LoggedRequest } from "../lib/testing/edgegap-emulator";
import { GoogleCloudState, liveKeys, ServiceAccountKeyRecord } from "../lib/testing/google-stand-in";
import { findSecrets, keyFileSecrets, NamedSecret, pullsGrantedByStandIn } from "../lib/testing/sandbox";
import { CDKTF_UNATTENDED_FLAGS, createWorkspace, RunResult, Workspace } from "../lib/testing/terraform-harness";

/**
 * The whole flow, offline: the example app (main.ts, configured by environment variables) deployed, diffed,
 * rotated and destroyed with the real `cdktf` CLI and terraform, the google stand-in playing Google Cloud and the
 * Edgegap emulator playing Edgegap. The emulator's image check (verify_image) passes only for the JSON of a live
 * stand-in key granted read access on the image's repository, so a 200 means Edgegap could really pull.
 */
jest.setTimeout(120_000);

const STACK = "game-servers";
const APP = "arena-e2e";
const TAG = "2026.12.03";
const CONFIG = {
  GCP_REPOSITORY: `europe-west4-docker.pkg.dev/e2e-studio/builds/arena:${TAG}`,
  EDGEGAP_APP_NAME: APP,
  EDGEGAP_REQ_CPU: "512",
  EDGEGAP_REQ_MEMORY: "1024",
  EDGEGAP_PORTS: "7777/UDP:gameport,8080/HTTP+tls:web",
};
const EMAIL = `${deriveAccountId(`${STACK}/pull-account`)}@e2e-studio.iam.gserviceaccount.com`;
const VERSION_PATH = `/v1/app/${APP}/version/${TAG}`;
const ROTATED = { GCP_KEY_ROTATION: "2027-01" };

let emulator: EdgegapEmulator;
let ws: Workspace;
let project: string;
/** Every cdktf run, for the leak check at the end. */
const runs: RunResult[] = [];

async function cdktf(args: readonly string[], env: Record<string, string> = {}): Promise<RunResult> {
  const result = await ws.cdktf(args, { env, timeoutMs: 100_000 });
  runs.push(result);
  return result;
}

function expectSuccess(result: RunResult): void {
  if (result.code !== 0) throw new Error(`expected success:\n${ws.describe(result)}`);
}

/** The one live key; fails when there is not exactly one. */
function theLiveKey(cloud: GoogleCloudState): ServiceAccountKeyRecord {
  const keys = liveKeys(cloud);
  expect(keys.map((key) => key.serviceAccountEmail)).toEqual([EMAIL]);
  return keys[0];
}

/** The google provider's `private_key` as Terraform keeps it in state: base64 of the key file. */
function privateKeyInState(): Buffer {
  const state = JSON.parse(readFileSync(join(project, `terraform.${STACK}.tfstate`), "utf8"));
  const keys = state.resources.filter((resource: { type: string }) => resource.type === "google_service_account_key");
  expect(keys).toHaveLength(1);
  return Buffer.from(keys[0].instances[0].attributes.private_key, "base64");
}

/** Requests that change something (anything but GET), from index `from` of the log on. */
function writesSince(from: number): LoggedRequest[] {
  return emulator.requests.entries.slice(from).filter((request) => request.method !== "GET");
}

const tokenOf = (request: LoggedRequest) => (request.body as { private_token: string }).private_token;

beforeAll(async () => {
  emulator = await EdgegapEmulator.start();
  ws = await createWorkspace({
    prefix: "e2e-",
    env: { ...CONFIG, EDGEGAP_BASE_URL: emulator.url, EDGEGAP_TOKEN: emulator.token, NPM_CONFIG_UPDATE_NOTIFIER: "false" },
  });
  emulator.registry.setPredicate(pullsGrantedByStandIn(ws.googleStatePath));
  project = ws.copyProject();
});

afterAll(async () => {
  await emulator?.close();
  ws?.dispose();
});

describe("the example app deployed offline with cdktf (google stand-in, Edgegap emulator)", () => {
  it("deploys: one app POST and one version POST whose private_token is the live key's JSON, byte for byte", async () => {
    const deploy = await cdktf(["deploy", STACK, ...CDKTF_UNATTENDED_FLAGS]);
    expectSuccess(deploy);
    expect(deploy.output).toContain("Apply complete! Resources: 5 added, 0 changed, 0 destroyed.");
    expect(deploy.output).toMatch(new RegExp(`version_id = "?${APP}/${TAG}`));

    expect(emulator.requests.summary({ method: "POST" })).toEqual([`POST /v1/app -> 200`, `POST /v1/app/${APP}/version -> 200`]);
    expect(emulator.requests.filter({ method: "POST", path: "/v1/app" })[0].body).toMatchObject({ name: APP });
    const [post] = emulator.requests.filter({ method: "POST", path: `/v1/app/${APP}/version` });
    expect(post.body).toMatchObject({
      name: TAG,
      docker_repository: "europe-west4-docker.pkg.dev",
      docker_image: "e2e-studio/builds/arena",
      docker_tag: TAG,
      private_username: "_json_key",
      req_cpu: 512,
      req_memory: 1024,
      verify_image: true,
      ports: [
        { port: 7777, protocol: "UDP", name: "gameport" },
        { port: 8080, protocol: "HTTP", name: "web", tls_upgrade: true },
      ],
    });

    const cloud = ws.googleCloud();
    const key = theLiveKey(cloud);
    const sent = Buffer.from(tokenOf(post), "utf8");
    expect(sent.equals(Buffer.from(key.privateKeyData!, "utf8"))).toBe(true);
    expect(sent.equals(privateKeyInState())).toBe(true); // base64decode(google_service_account_key.private_key)
    expect(JSON.parse(tokenOf(post))).toMatchObject({ type: "service_account", client_email: EMAIL, private_key_id: key.keyId });
    expect(emulator.versions.get(APP, TAG)?.private_token).toBe(key.privateKeyData);

    expect(Object.keys(cloud.accounts)).toEqual([EMAIL]);
    expect(Object.values(cloud.bindings).map(({ role, resource, member }) => ({ role, resource, member }))).toEqual([
      { role: "roles/artifactregistry.reader", resource: "projects/e2e-studio/locations/europe-west4/repositories/builds", member: `serviceAccount:${EMAIL}` },
    ]);
  });

  it("cdktf diff shows no changes and writes nothing", async () => {
    const before = emulator.requests.entries.length;
    const diff = await cdktf(["diff", STACK, "--skip-provider-lock", "--no-color"]);
    expectSuccess(diff);
    expect(diff.output).toContain("No changes. Your infrastructure matches the configuration.");
    expect(writesSince(before)).toEqual([]);
  });

  it("rotates the key: the new key is created, then the version is PATCHed once with it, then the old key is deleted", async () => {
    const old = theLiveKey(ws.googleCloud());
    const before = emulator.requests.entries.length;
    const rotate = await cdktf(["deploy", STACK, ...CDKTF_UNATTENDED_FLAGS], ROTATED);
    expectSuccess(rotate);
    expect(rotate.output).toContain("Apply complete! Resources: 1 added, 1 changed, 1 destroyed.");

    const cloud = ws.googleCloud();
    const current = theLiveKey(cloud);
    expect(current.name).not.toBe(old.name);
    const writes = writesSince(before);
    expect(writes.map((request) => `${request.method} ${request.path} -> ${request.status}`)).toEqual([`PATCH ${VERSION_PATH} -> 200`]);
    const [patch] = writes;
    expect(Buffer.from(tokenOf(patch), "utf8").equals(Buffer.from(current.privateKeyData!, "utf8"))).toBe(true);
    expect(emulator.versions.get(APP, TAG)?.private_token).toBe(current.privateKeyData);

    const created = current.created.time;
    const patched = patch.time.getTime();
    const deleted = cloud.keys[old.name].deleted?.time;
    expect(deleted).toBeDefined();
    // Wall clocks of three processes (stand-in in terraform's provider, emulator here): new key < PATCH < old key gone.
    expect(created).toBeLessThan(patched);
    expect(patched).toBeLessThan(deleted!);
  });

  it("cdktf destroy removes the app, the version, the account, its key and its grant", async () => {
    const before = emulator.requests.entries.length;
    const destroy = await cdktf(["destroy", STACK, ...CDKTF_UNATTENDED_FLAGS], ROTATED);
    expectSuccess(destroy);
    expect(destroy.output).toContain("Destroy complete! Resources: 5 destroyed.");
    expect(writesSince(before).map((request) => `${request.method} ${request.path} -> ${request.status}`)).toEqual([
      `DELETE ${VERSION_PATH} -> 200`,
      `DELETE /v1/app/${APP} -> 200`,
    ]);
    expect(emulator.apps.list()).toEqual([]);
    expect(emulator.versions.list(APP)).toEqual([]);
    const cloud = ws.googleCloud();
    expect(cloud.accounts).toEqual({});
    expect(liveKeys(cloud)).toEqual([]);
    expect(cloud.bindings).toEqual({});
  });

  it("never shows the token, a key's JSON or its private key in cdktf's or terraform's output", () => {
    expect(runs.map((run) => run.command.split(" ")[1])).toEqual(["deploy", "diff", "deploy", "destroy"]);
    const secrets: NamedSecret[] = [
      { name: "the Edgegap token", value: emulator.token },
      ...Object.values(ws.googleCloud().keys).flatMap((key) => keyFileSecrets(`key ${key.keyId}`, key.privateKeyData!)),
    ];
    expect(secrets.length).toBeGreaterThan(2 * 4); // two keys, each as JSON, escaped, base64 and PEM lines
    expect(runs.flatMap((run, index) => findSecrets(`run ${index + 1}: ${run.command}`, run.output, secrets))).toEqual([]);
  });
});
