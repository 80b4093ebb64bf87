import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import { lstatSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { liveKeys as liveKeysOf } from "../lib/testing/google-stand-in";
import { createWorkspace, Workspace } from "../lib/testing/terraform-harness";

/**
 * The google stand-in under the real terraform CLI, offline, configured the way our constructs synthesize it.
 * Tests run in order, each building on the state the previous one left.
 */
jest.setTimeout(60_000);

const PROJECT = "stand-in-project";
const ACCOUNT_ID = "pull-account-1";
const EMAIL = `${ACCOUNT_ID}@${PROJECT}.iam.gserviceaccount.com`;
const ACCESS_TOKEN = "ya29.stand-in-access-token-value";

const SA = { account_id: ACCOUNT_ID, display_name: "Edgegap pull game", description: "Pulls gcr.io/stand-in-project/game" };

let ws: Workspace;
let stack: string;
const applyArgs = ["apply", "-auto-approve", "-input=false", "-no-color"];
const planArgs = ["plan", "-detailed-exitcode", "-input=false", "-no-color"];

function writeStack(options: { rotation?: string; extraResources?: object } = {}): void {
  const config = {
    terraform: { required_providers: { google: { source: "google", version: "6.50.0" } } },
    provider: { google: [{ project: PROJECT, region: "us-central1", default_labels: { team: "games" }, add_terraform_attribution_label: true }] },
    resource: {
      google_service_account: { sa: SA },
      google_artifact_registry_repository_iam_member: {
        reader: { project: PROJECT, location: "us", repository: "gcr.io", role: "roles/artifactregistry.reader", member: "${google_service_account.sa.member}" },
      },
      google_project_iam_member: { viewer: { project: PROJECT, role: "roles/artifactregistry.reader", member: "${google_service_account.sa.member}" } },
      google_storage_bucket_iam_member: { legacy: { bucket: `artifacts.${PROJECT}.appspot.com`, role: "roles/storage.objectViewer", member: "${google_service_account.sa.member}" } },
      google_service_account_key: {
        key: {
          service_account_id: "${google_service_account.sa.name}",
          keepers: { rotation: options.rotation ?? "r1" },
          depends_on: ["google_artifact_registry_repository_iam_member.reader"],
          lifecycle: { create_before_destroy: true },
        },
      },
      ...options.extraResources,
    },
    output: {
      key_file: { value: "${base64decode(google_service_account_key.key.private_key)}", sensitive: true },
      key_name: { value: "${google_service_account_key.key.name}" },
    },
  };
  writeFileSync(join(stack, "main.tf.json"), JSON.stringify(config, null, 2));
}

beforeAll(async () => {
  ws = await createWorkspace({ env: { GOOGLE_OAUTH_ACCESS_TOKEN: ACCESS_TOKEN } });
  stack = ws.dir("stack");
  writeStack();
});
afterAll(() => ws?.dispose());

/** Terraform wraps diagnostics at 78 columns. */
const unwrapped = (text: string) => text.replace(/\s+/g, " ");
const liveKeys = () => liveKeysOf(ws.googleCloud());

it("init finds hashicorp/google 6.50.0 in the isolated HOME's implied mirror, with an empty CLI config", async () => {
  expect(readFileSync(ws.cliConfigFile, "utf8")).toBe("");
  const run = await ws.terraform(["init", "-input=false", "-no-color"], { cwd: stack });
  expect(run.code).toBe(0);
  expect(run.output).toContain("Installed hashicorp/google v6.50.0 (unauthenticated)");
  const installed = join(stack, ".terraform/providers/registry.terraform.io/hashicorp/google/6.50.0/linux_amd64");
  expect(lstatSync(installed).isSymbolicLink()).toBe(true);
  expect(readlinkSync(installed)).toBe(join(ws.homePluginsDir, "registry.terraform.io/hashicorp/google/6.50.0/linux_amd64"));
  expect(readFileSync(join(stack, ".terraform.lock.hcl"), "utf8")).toMatch(/provider "registry.terraform.io\/hashicorp\/google" \{\s+version\s+= "6.50.0"/);
});

it("apply creates the account, the grants and a key whose private_key is a Google JSON key file", async () => {
  const run = await ws.terraform(applyArgs, { cwd: stack, env: { TF_LOG_PROVIDER: "INFO", TF_LOG_PATH: join(ws.root, "apply.log") } });
  expect(run.code).toBe(0);
  expect(run.output).toContain("Apply complete! Resources: 5 added, 0 changed, 0 destroyed.");

  const cloud = ws.googleCloud();
  expect(cloud.accounts[EMAIL]).toMatchObject({ project: PROJECT, accountId: ACCOUNT_ID, name: `projects/${PROJECT}/serviceAccounts/${EMAIL}`, displayName: "Edgegap pull game", disabled: false });
  expect(cloud.accounts[EMAIL]!.uniqueId).toMatch(/^[1-9]\d{20}$/);
  expect(Object.keys(cloud.bindings).sort()).toEqual([
    `b/artifacts.${PROJECT}.appspot.com/roles/storage.objectViewer/serviceaccount:${EMAIL}`,
    `projects/${PROJECT}/locations/us/repositories/gcr.io/roles/artifactregistry.reader/serviceaccount:${EMAIL}`,
    `${PROJECT}/roles/artifactregistry.reader/serviceaccount:${EMAIL}`,
  ]);

  const output = await ws.terraform(["output", "-json"], { cwd: stack });
  const outputs = JSON.parse(output.stdout) as { key_file: { value: string; sensitive: boolean }; key_name: { value: string } };
  expect(outputs.key_file.sensitive).toBe(true);
  const keyFile = JSON.parse(outputs.key_file.value);
  const [key] = liveKeys();
  expect(key!.name).toBe(outputs.key_name.value);
  expect(key!.name).toMatch(new RegExp(`^projects/${PROJECT}/serviceAccounts/${EMAIL}/keys/[0-9a-f]{40}$`));
  expect(key!.privateKeyData).toBe(outputs.key_file.value);
  expect(keyFile).toMatchObject({
    type: "service_account",
    project_id: PROJECT,
    private_key_id: key!.keyId,
    client_email: EMAIL,
    client_id: cloud.accounts[EMAIL]!.uniqueId,
    token_uri: "https://oauth2.googleapis.com/token",
  });
  // A real RSA key, and the published certificate is its public half.
  const privateKey = createPrivateKey(keyFile.private_key);
  expect(privateKey.asymmetricKeyType).toBe("rsa");
  const certificate = new X509Certificate(key!.publicKeyPem);
  expect(certificate.verify(certificate.publicKey)).toBe(true);
  expect(createPublicKey(privateKey).export({ type: "spki", format: "pem" })).toBe(certificate.publicKey.export({ type: "spki", format: "pem" }));

  // Credentials: accepted whatever they are, recorded by kind, never by value.
  expect(cloud.configurations.at(-1)).toMatchObject({ project: PROJECT, credentials: ["$GOOGLE_OAUTH_ACCESS_TOKEN"] });
  const log = readFileSync(join(ws.root, "apply.log"), "utf8");
  expect(log).toContain("google stand-in configured");
  expect(log).not.toContain(ACCESS_TOKEN);
  expect(readFileSync(ws.logFile, "utf8")).not.toContain(ACCESS_TOKEN);
});

it("plans no changes right after apply", async () => {
  const run = await ws.terraform(planArgs, { cwd: stack });
  expect(run.output).toContain("No changes.");
  expect(run.code).toBe(0);
});

it("a keepers change replaces the key, the new one created before the old one is deleted", async () => {
  const [old] = liveKeys();
  writeStack({ rotation: "r2" });
  const run = await ws.terraform(applyArgs, { cwd: stack });
  expect(run.code).toBe(0);
  expect(run.output).toMatch(/google_service_account_key.key must be replaced/);
  expect(run.output).toMatch(/~ "rotation" = "r1" -> "r2"/);
  expect(run.output).toContain("Resources: 1 added, 0 changed, 1 destroyed.");

  const cloud = ws.googleCloud();
  const [current] = liveKeys();
  expect(current!.name).not.toBe(old!.name);
  expect(cloud.keys[old!.name]!.deleted).toBeDefined();
  const created = cloud.events.find((e) => e.operation === "create" && e.id === current!.name)!;
  const deleted = cloud.events.find((e) => e.operation === "delete" && e.id === old!.name)!;
  expect(created.seq).toBeLessThan(deleted.seq);
  expect(created.time).toBeLessThan(deleted.time);
  expect(cloud.keys[current!.name]!.created).toMatchObject({ seq: created.seq, time: created.time });
  expect(cloud.keys[old!.name]!.deleted).toMatchObject({ seq: deleted.seq, time: deleted.time });
});

it("detects drift: an account deleted outside Terraform is planned for creation, with a new key", async () => {
  ws.changeGoogleCloud(({ state }) => void delete state.accounts[EMAIL]);
  const plan = await ws.terraform(planArgs, { cwd: stack });
  expect(plan.code).toBe(2);
  expect(plan.output).toContain("google_service_account.sa will be created");
  expect(plan.output).toContain("google_service_account_key.key will be created");
  expect(liveKeys()).toEqual([]); // the key died with its account

  const apply = await ws.terraform(applyArgs, { cwd: stack });
  expect(apply.code).toBe(0);
  expect(ws.googleCloud().accounts[EMAIL]).toBeDefined();
  expect(liveKeys()).toHaveLength(1);
  // As with the real provider: the grant the key depends on inherits the key's create_before_destroy, so its
  // replacement by an identical binding (same member) is created first, then the old one deleted, which removes
  // the binding; the next apply restores it.
  const reader = `projects/${PROJECT}/locations/us/repositories/gcr.io/roles/artifactregistry.reader/serviceaccount:${EMAIL}`;
  expect(ws.googleCloud().bindings[reader]).toBeUndefined();
  expect((await ws.terraform(applyArgs, { cwd: stack })).output).toContain("Resources: 1 added, 0 changed, 0 destroyed.");
  expect(ws.googleCloud().bindings[reader]).toBeDefined();
  expect((await ws.terraform(planArgs, { cwd: stack })).code).toBe(0);
});

it("imports a service account by email and a repository grant by its IAM id, then plans no changes; an unknown one is a clear error", async () => {
  const grant = "google_artifact_registry_repository_iam_member.reader";
  expect((await ws.terraform(["state", "rm", "google_service_account.sa", grant], { cwd: stack })).code).toBe(0);
  const imported = await ws.terraform(["import", "-input=false", "-no-color", "google_service_account.sa", EMAIL], { cwd: stack });
  expect(imported.output).toContain("Import successful!");
  const grantId = `projects/${PROJECT}/locations/us/repositories/gcr.io roles/artifactregistry.reader serviceAccount:${EMAIL}`;
  expect((await ws.terraform(["import", "-input=false", "-no-color", grant, grantId], { cwd: stack })).output).toContain("Import successful!");
  const plan = await ws.terraform(planArgs, { cwd: stack });
  expect(plan.output).toContain("No changes.");
  expect(plan.code).toBe(0);

  writeStack({ rotation: "r2", extraResources: { google_service_account: { sa: SA, other: { account_id: "nobody-account" } } } });
  const missing = await ws.terraform(["import", "-input=false", "-no-color", "google_service_account.other", `projects/${PROJECT}/serviceAccounts/nobody-account@${PROJECT}.iam.gserviceaccount.com`], { cwd: stack });
  expect(missing.code).toBe(1);
  expect(missing.output).toContain("Cannot import non-existent remote object");
  writeStack({ rotation: "r2" });
});

it("destroy removes everything; deleted keys stay in the history", async () => {
  const run = await ws.terraform(["destroy", "-auto-approve", "-input=false", "-no-color"], { cwd: stack });
  expect(run.code).toBe(0);
  expect(run.output).toContain("Destroy complete! Resources: 5 destroyed.");
  const cloud = ws.googleCloud();
  expect(cloud.accounts).toEqual({});
  expect(cloud.bindings).toEqual({});
  expect(liveKeys()).toEqual([]);
  expect(Object.keys(cloud.keys).length).toBeGreaterThanOrEqual(3);
  const seqs = cloud.events.map((e) => e.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
});

describe("Google's rules", () => {
  const OTHER = "rules-project";
  let dir: string;
  const write = (resources: object) =>
    writeFileSync(
      join(dir, "main.tf.json"),
      JSON.stringify({ terraform: { required_providers: { google: { source: "google", version: "6.50.0" } } }, provider: { google: [{ project: OTHER }] }, resource: resources }),
    );

  beforeAll(async () => {
    dir = ws.dir("rules");
    write({ google_service_account: { first: { account_id: "same-account" } } });
    expect((await ws.terraform(["init", "-input=false", "-no-color"], { cwd: dir })).code).toBe(0);
  });

  it("validates account ids and key types before anything is created", async () => {
    write({
      google_service_account: { bad: { account_id: "Bad_Id" } },
      google_service_account_key: { key: { service_account_id: "x@y.iam.gserviceaccount.com", private_key_type: "TYPE_PEM" } },
    });
    const run = await ws.terraform(["validate", "-no-color"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(unwrapped(run.output)).toContain('"Bad_Id" must be 6-30 characters matching ^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$');
    expect(unwrapped(run.output)).toContain('"TYPE_PEM" must be one of TYPE_UNSPECIFIED, TYPE_PKCS12_FILE, TYPE_GOOGLE_CREDENTIALS_FILE');
  });

  it("refuses a second account with the same id (409) unless create_ignore_already_exists adopts it", async () => {
    write({ google_service_account: { first: { account_id: "same-account" }, second: { account_id: "same-account", depends_on: ["google_service_account.first"] } } });
    const refused = await ws.terraform(applyArgs, { cwd: dir });
    expect(refused.code).toBe(1);
    expect(unwrapped(refused.output)).toContain(`Service account same-account already exists within project projects/${OTHER}., alreadyExists`);

    write({
      google_service_account: {
        first: { account_id: "same-account" },
        second: { account_id: "same-account", display_name: "adopted", create_ignore_already_exists: true, depends_on: ["google_service_account.first"] },
      },
    });
    expect((await ws.terraform(applyArgs, { cwd: dir })).code).toBe(0);
    const email = `same-account@${OTHER}.iam.gserviceaccount.com`;
    expect(ws.googleCloud().accounts[email]!.displayName).toBe("adopted");
    expect(ws.googleCloud().events.filter((e) => e.id === email).map((e) => e.operation)).toEqual(["create", "update"]);
  });
});
