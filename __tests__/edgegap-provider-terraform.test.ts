import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, DataResource, Fn, LocalBackend, TerraformStack, Token } from "cdktf";
import { EdgegapApp } from "../lib/bindings/edgegap-app";
import { EdgegapAppVersion, EdgegapAppVersionConfig } from "../lib/bindings/edgegap-app-version";
import { EdgegapProvider } from "../lib/bindings/edgegap-provider";
import { asCreatedByEdgegap, EdgegapEmulator } from "../lib/testing/edgegap-emulator";

/**
 * The bundled Edgegap provider under the real terraform CLI (offline) against the emulator, with stacks synthesized
 * from our bindings: the whole lifecycle in order, each test building on the state the previous one left.
 */
jest.setTimeout(120_000);

let emulator: EdgegapEmulator;
let work: string;
const stackDir = () => join(work, "out", "stacks", "edgegap");

interface Run {
  code: number | null;
  out: string;
}

function terraform(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const child = spawn("terraform", [...args, "-no-color"], {
    cwd: stackDir(), // terraform.d/plugins is found relative to the working directory
    env: {
      PATH: process.env.PATH,
      HOME: work,
      TMPDIR: work,
      CHECKPOINT_DISABLE: "1",
      TF_CLI_CONFIG_FILE: "/dev/null",
      TF_IN_AUTOMATION: "1",
      EDGEGAP_TOKEN: emulator.token,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out })));
}

const RELEASE: EdgegapAppVersionConfig = {
  app: "my-game",
  name: "release",
  dockerRepository: "gcr.io",
  dockerImage: "my-project/my-game",
  dockerTag: "v1",
  privateUsername: "_json_key",
  reqCpu: 256,
  reqMemory: 512,
  ports: [{ port: 7777, protocol: "UDP", toCheck: false, name: "gameport" }],
  envs: [
    { key: "MAP", value: "forest" },
  ],
};

interface StackOptions {
  readonly release?: Partial<EdgegapAppVersionConfig>;
  /** The registry password, known only after apply (terraform_data's output), as a service account key is. */
  readonly registryToken?: string;
  readonly extra?: (stack: TerraformStack, game: EdgegapApp) => void;
}

/** Synthesizes the test stack into work/out with our bindings (the provider executable is shipped into it). */
function synth(options: StackOptions = {}): void {
  const app = new App({ outdir: join(work, "out"), skipValidation: true });
  const stack = new TerraformStack(app, "edgegap");
  new LocalBackend(stack, { path: join(work, "terraform.tfstate") });
  new EdgegapProvider(stack, "edgegap", { baseUrl: emulator.url, imagePullRetrySeconds: 3 });
  const game = new EdgegapApp(stack, "game", { name: "my-game" });
  // sensitive() as a key's private_key is: Terraform then hides it in every plan, and so must we everywhere else.
  const token = new DataResource(stack, "registry_token", { input: Fn.sensitive(options.registryToken ?? "first-token") as never });
  new EdgegapAppVersion(stack, "release", {
    ...RELEASE,
    app: game.name,
    privateToken: Token.asString(token.output),
    ...options.release,
  });
  options.extra?.(stack, game);
  app.synth();
}

const requests = (method: string) => emulator.requests.filter({ method }).filter((r) => r.path.includes("/version"));

beforeAll(async () => {
  emulator = await EdgegapEmulator.start();
  work = mkdtempSync(join(tmpdir(), "edgegap-provider-"));
});

afterAll(async () => {
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
});

test("init finds the shipped provider offline and apply creates with exactly one POST per version", async () => {
  synth();
  const init = await terraform(["init", "-input=false"]);
  expect(init.out).toContain("Installing edgegap-cdktf.local/edgegap-cdktf/edgegap v0.1.0");
  expect(init.code).toBe(0);

  const apply = await terraform(["apply", "-auto-approve", "-input=false"]);
  expect(apply.code).toBe(0);
  expect(apply.out).toContain("edgegap_app_version.release: Creation complete");
  expect(requests("POST")).toHaveLength(1);
  const post = requests("POST")[0];
  expect(post.path).toBe("/v1/app/my-game/version");
  expect(post.body).toMatchObject({
    name: "release",
    docker_repository: "gcr.io",
    docker_image: "my-project/my-game",
    docker_tag: "v1",
    private_username: "_json_key",
    private_token: "first-token", // unknown at plan time, sent once known
    req_cpu: 256,
    req_memory: 512,
    ports: [{ port: 7777, protocol: "UDP", to_check: false, tls_upgrade: false, name: "gameport" }],
  });
  expect(apply.out).not.toContain("first-token");
});

test("a plan right after apply has no changes", async () => {
  const plan = await terraform(["plan", "-detailed-exitcode", "-input=false"]);
  expect(plan.out).toContain("No changes.");
  expect(plan.code).toBe(0);
});

test("a tag change is one PATCH in place, no DELETE", async () => {
  emulator.requests.clear();
  synth({ release: { dockerTag: "v2" } });
  const plan = await terraform(["plan", "-input=false"]);
  expect(plan.out).toMatch(/~ docker_tag\s+= "v1" -> "v2"/);
  expect(plan.out).toContain("1 to change, 0 to destroy");
  expect((await terraform(["apply", "-auto-approve", "-input=false"])).code).toBe(0);
  expect(emulator.requests.summary().filter((line) => !line.startsWith("GET"))).toEqual([
    "PATCH /v1/app/my-game/version/release -> 200",
  ]);
  expect(requests("PATCH")[0].body).toEqual({ docker_tag: "v2" });
  expect(emulator.versions.get("my-game", "release")?.docker_tag).toBe("v2");
});

test("a new registry token is sent with one PATCH and never shown", async () => {
  emulator.requests.clear();
  synth({ release: { dockerTag: "v2" }, registryToken: "second-token" });
  const apply = await terraform(["apply", "-auto-approve", "-input=false"]);
  expect(apply.code).toBe(0);
  expect(requests("PATCH").map((r) => r.body)).toEqual([{ private_token: "second-token" }]);
  expect(apply.out).not.toContain("second-token");
  expect(emulator.versions.get("my-game", "release")?.private_token).toBe("second-token");
});

test("a cpu change replaces the version (DELETE then POST)", async () => {
  emulator.requests.clear();
  synth({ release: { dockerTag: "v2", reqCpu: 512 }, registryToken: "second-token" });
  const plan = await terraform(["plan", "-input=false"]);
  expect(plan.out).toMatch(/~ req_cpu\s+= 256 -> 512 # forces replacement/);
  expect((await terraform(["apply", "-auto-approve", "-input=false"])).code).toBe(0);
  expect(emulator.requests.summary().filter((line) => !line.startsWith("GET"))).toEqual([
    "DELETE /v1/app/my-game/version/release -> 200",
    "POST /v1/app/my-game/version -> 200",
  ]);
  expect(emulator.versions.get("my-game", "release")?.req_cpu).toBe(512);
});

test("a tag changed outside Terraform shows as a diff, and apply puts it back", async () => {
  emulator.versions.update("my-game", "release", { docker_tag: "hotfix" });
  const plan = await terraform(["plan", "-detailed-exitcode", "-input=false"]);
  expect(plan.code).toBe(2);
  expect(plan.out).toMatch(/~ docker_tag\s+= "hotfix" -> "v2"/);
  expect((await terraform(["apply", "-auto-approve", "-input=false"])).code).toBe(0);
  expect(emulator.versions.get("my-game", "release")?.docker_tag).toBe("v2");
});

test("a version deleted outside Terraform is planned as a create", async () => {
  emulator.versions.delete("my-game", "release");
  const plan = await terraform(["plan", "-input=false"]);
  expect(plan.out).toContain("edgegap_app_version.release will be created");
  expect(plan.out).toContain("1 to add, 0 to change, 0 to destroy");
  expect((await terraform(["apply", "-auto-approve", "-input=false"])).code).toBe(0);
});

test("import adopts an existing version, then the plan has no changes", async () => {
  emulator.versions.put("my-game", asCreatedByEdgegap({
    name: "hotfix",
    docker_repository: "gcr.io",
    docker_image: "my-project/my-game",
    docker_tag: "v2.1",
    req_cpu: 256,
    req_memory: 512,
    ports: [{ port: 7777, protocol: "UDP" }],
    envs: [],
  }));
  const hotfix = (stack: TerraformStack, game: EdgegapApp) =>
    new EdgegapAppVersion(stack, "hotfix", {
      app: game.name,
      name: "hotfix",
      dockerRepository: "gcr.io",
      dockerImage: "my-project/my-game",
      dockerTag: "v2.1",
      reqCpu: 256,
      reqMemory: 512,
      ports: [{ port: 7777, protocol: "UDP" }],
    });
  synth({ release: { dockerTag: "v2", reqCpu: 512 }, registryToken: "second-token", extra: hotfix });
  const imported = await terraform(["import", "-input=false", "edgegap_app_version.hotfix", "my-game/hotfix"]);
  expect(imported.out).toContain("Import successful!");
  const plan = await terraform(["plan", "-detailed-exitcode", "-input=false"]);
  expect(plan.out).toContain("No changes.");
  expect(plan.code).toBe(0);

  const missing = await terraform(["import", "-input=false", "edgegap_app_version.hotfix", "my-game/nope"]);
  expect(missing.code).not.toBe(0);
  const malformed = await terraform(["import", "-input=false", "edgegap_app_version.hotfix", "no-slash"]);
  expect(malformed.out).toContain("the import id must be app/version");
});

test("destroy deletes every version and the app; a version already gone is fine", async () => {
  emulator.requests.clear();
  emulator.versions.delete("my-game", "hotfix");
  const destroy = await terraform(["destroy", "-auto-approve", "-input=false", "-refresh=false"]);
  expect(destroy.code).toBe(0);
  expect(emulator.requests.summary().filter((line) => line.startsWith("DELETE")).sort()).toEqual([
    "DELETE /v1/app/my-game -> 200",
    "DELETE /v1/app/my-game/version/hotfix -> 404",
    "DELETE /v1/app/my-game/version/release -> 200",
  ]);
  expect(emulator.apps.list()).toEqual([]);
});

test("a missing token is a clear error at plan time", async () => {
  synth();
  const plan = await terraform(["plan", "-input=false"], { EDGEGAP_TOKEN: "" });
  expect(plan.code).toBe(1);
  expect(plan.out).toContain("Missing Edgegap API token");
  expect(plan.out).toContain("EDGEGAP_TOKEN");
  expect(plan.out).not.toMatch(/panic|stack trace|rpc error/i);
});

test("a 424 is retried while IAM propagates, then the version is created", async () => {
  emulator.requests.clear();
  let pulls = 0;
  emulator.registry.setPredicate(() => ++pulls > 2); // the first two pulls fail, as with a grant still propagating
  synth({ release: { verifyImage: true } });
  const apply = await terraform(["apply", "-auto-approve", "-input=false"]);
  expect(apply.out).toContain("edgegap_app_version.release: Creation complete");
  expect(requests("POST").map((r) => r.status)).toEqual([424, 424, 200]);
  emulator.registry.clear();
});

test("a 424 that outlasts the retry window names the image, never the token", async () => {
  emulator.registry.clear();
  emulator.registry.allow({ repository: "gcr.io", image: "someone-else/image" });
  synth({ release: { verifyImage: true, dockerTag: "v9" }, registryToken: "third-token-value" });
  const apply = await terraform(["apply", "-auto-approve", "-input=false"]);
  expect(apply.code).toBe(1);
  expect(apply.out).toContain("Edgegap cannot pull the image");
  expect(apply.out).toContain("gcr.io/my-project/my-game:v9");
  expect(apply.out).not.toContain("third-token-value");
  emulator.registry.clear();
  expect((await terraform(["destroy", "-auto-approve", "-input=false"])).code).toBe(0);
});
