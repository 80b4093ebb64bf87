import { rmSync } from "node:fs";
import { join } from "node:path";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { GcrPullAccount } from "../lib/constructs/gcr-pull-account";
import { deriveAccountId } from "../lib/constructs/gcr-pull-account-naming";
import { liveKeys } from "../lib/testing/google-stand-in";
import { CDKTF_SKIP_PROVIDER_LOCK_ENV, createWorkspace, Workspace } from "../lib/testing/terraform-harness";

/**
 * Stacks built with @cdktf/provider-google 16.12.1 bindings and GcrPullAccount, against the google stand-in:
 * synthesized in-process and run with terraform, then deployed with the real `cdktf deploy`.
 */
jest.setTimeout(90_000);

const PROJECT = "cdktf-stand-in";
let ws: Workspace;

beforeAll(async () => {
  ws = await createWorkspace();
});
afterAll(() => ws?.dispose());

describe("a GcrPullAccount stack synthesized in-process, under terraform", () => {
  const STACK = "pull-accounts";
  let outdir: string;
  let stackDir: string;
  const tf = (args: string[]) => ws.terraform([...args, "-no-color"], { cwd: stackDir });

  function synth(rotation: string): void {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, STACK);
    // Every kind of provider setting a studio might write: the stand-in's schema must accept what the binding synthesizes.
    new GoogleProvider(stack, "google", {
      project: PROJECT,
      region: "europe-west1",
      zone: "europe-west1-b",
      defaultLabels: { team: "games" },
      addTerraformAttributionLabel: true,
      requestTimeout: "60s",
      userProjectOverride: true,
      billingProject: PROJECT,
      scopes: ["https://www.googleapis.com/auth/cloud-platform"],
      batching: [{ enableBatching: true, sendAfter: "5s" }],
      artifactRegistryCustomEndpoint: "https://artifactregistry.googleapis.com/v1/",
      universeDomain: "googleapis.com",
    });
    const release = new GcrPullAccount(stack, "release", { repository: `gcr.io/${PROJECT}/game:v1`, rotation });
    new GcrPullAccount(stack, "legacy", { repository: `eu.gcr.io/${PROJECT}/game:v1`, accountId: "legacy-puller", grantScope: "project", legacyBucketGrant: true });
    new TerraformOutput(stack, "release_json_key", { value: release.jsonKey, sensitive: true });
    new TerraformOutput(stack, "release_email", { value: release.email });
    app.synth();
  }

  beforeAll(() => {
    outdir = ws.dir("synth");
    stackDir = join(outdir, "stacks", STACK);
    synth("2026-12");
  });

  it("validates: the deep-import bindings fit the stand-in's schema", async () => {
    expect((await tf(["init", "-input=false"])).code).toBe(0);
    const validate = await ws.terraform(["validate", "-json"], { cwd: stackDir });
    expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
  });

  it("applies: accounts, grants and keys; the construct's jsonKey is the key file of its account", async () => {
    const apply = await tf(["apply", "-auto-approve", "-input=false"]);
    expect(apply.code).toBe(0);
    expect(apply.output).toContain("Apply complete! Resources: 7 added, 0 changed, 0 destroyed.");
    const outputs = JSON.parse((await tf(["output", "-json"])).stdout);
    const email = outputs.release_email.value as string;
    expect(email).toMatch(new RegExp(`^release-[a-z0-9-]+@${PROJECT}\\.iam\\.gserviceaccount\\.com$`));
    expect(JSON.parse(outputs.release_json_key.value)).toMatchObject({ type: "service_account", client_email: email, project_id: PROJECT });

    const cloud = ws.googleCloud();
    expect(Object.keys(cloud.accounts).sort()).toEqual([email, `legacy-puller@${PROJECT}.iam.gserviceaccount.com`].sort());
    expect(Object.values(cloud.bindings).map((b) => `${b.resource} ${b.role}`).sort()).toEqual([
      `b/eu.artifacts.${PROJECT}.appspot.com roles/storage.objectViewer`,
      `${PROJECT} roles/artifactregistry.reader`,
      `projects/${PROJECT}/locations/us/repositories/gcr.io roles/artifactregistry.reader`,
    ]);
    expect(liveKeys(cloud)).toHaveLength(2);
    expect((await tf(["plan", "-detailed-exitcode", "-input=false"])).code).toBe(0);
  });

  it("rotates: a new rotation value creates the new key before deleting the old one", async () => {
    const email = JSON.parse((await tf(["output", "-json"])).stdout).release_email.value as string;
    const old = liveKeys(ws.googleCloud()).find((key) => key.serviceAccountEmail === email)!;
    synth("2027-01");
    const apply = await tf(["apply", "-auto-approve", "-input=false"]);
    expect(apply.output).toContain("Resources: 1 added, 0 changed, 1 destroyed.");
    const cloud = ws.googleCloud();
    const current = liveKeys(cloud).find((key) => key.serviceAccountEmail === email)!;
    expect(current.name).not.toBe(old.name);
    expect(current.created.seq).toBeLessThan(cloud.keys[old.name]!.deleted!.seq);
  });
});

describe("cdktf deploy of a fresh project copy (a stack only local mirrors can serve)", () => {
  const STACK = "pull";
  const MAIN = `
import { App, TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { GcrPullAccount } from "./lib/constructs/gcr-pull-account";

const app = new App();
const stack = new TerraformStack(app, "${STACK}");
new GoogleProvider(stack, "google", { project: "${PROJECT}" });
new GcrPullAccount(stack, "account", { repository: "us-docker.pkg.dev/${PROJECT}/games/game:v1" });
app.synth();
`;
  const ACCOUNT_EMAIL = `${deriveAccountId(`${STACK}/account`)}@${PROJECT}.iam.gserviceaccount.com`;
  let project: string;
  const fresh = () => rmSync(join(project, "cdktf.out"), { recursive: true, force: true });

  beforeAll(() => {
    project = ws.copyProject({ files: { "main.ts": MAIN } });
  });

  it("fails on the first deploy without skipping the providers lock: the registry is asked for checksums", async () => {
    const run = await ws.cdktf(["deploy", STACK, "--auto-approve", "--no-color"]);
    expect(run.code).toBe(1);
    expect(run.output).toContain("Could not retrieve providers for locking");
    expect(ws.googleCloud().accounts[ACCOUNT_EMAIL]).toBeUndefined();
  });

  it("deploys from a fresh directory with --skip-provider-lock", async () => {
    fresh();
    const run = await ws.cdktf(["deploy", STACK, "--auto-approve", "--skip-provider-lock", "--no-color"]);
    expect(run.code).toBe(0);
    expect(run.output).toContain("Apply complete! Resources: 3 added, 0 changed, 0 destroyed.");
    expect(ws.googleCloud().accounts[ACCOUNT_EMAIL]).toBeDefined();
  });

  it("CDKTF_SKIP_PROVIDER_LOCK=true does the same (cdktf reads CDKTF_* variables for its flags)", async () => {
    fresh();
    rmSync(join(project, "terraform.pull.tfstate"), { force: true });
    const run = await ws.cdktf(["diff", STACK, "--no-color"], { env: CDKTF_SKIP_PROVIDER_LOCK_ENV });
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/Plan: \d+ to add/);
  });
});
