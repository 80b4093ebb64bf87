import "cdktf/lib/testing/adapters/jest";
import { App, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { EdgegapApp, EdgegapGcrAppVersion, EdgegapProvider, GcrPullAccount } from "../lib";
import { ACCOUNT_ID_PATTERN } from "../lib/constructs/gcr-pull-account-naming";

/** EdgegapGcrAppVersion in stacks that hold more than it: other resources, several games, several stacks. */

type Json = Record<string, any>;

function synth(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack));
}

function resources(json: Json, type: string): Json[] {
  return Object.values(json.resource?.[type] ?? {});
}

describe("the studio example of ARCHITECTURE.md", () => {
  it("synthesizes as written", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "game-servers");
    new GoogleProvider(stack, "google", { project: "my-project" });
    new EdgegapProvider(stack, "edgegap");
    const game = new EdgegapApp(stack, "game", { name: "my-game" });
    new EdgegapGcrAppVersion(stack, "release", {
      app: game,
      name: "2026.12.03",
      repository: "gcr.io/my-project/my-game:2026.12.03",
      reqCpu: 1024,
      reqMemory: 2048,
      ports: [{ port: 7777, protocol: "UDP", name: "gameport" }],
    });
    const json = synth(stack);
    expect(resources(json, "edgegap_app_version")).toEqual([
      expect.objectContaining({
        app: "${edgegap_app.game.name}",
        docker_repository: "gcr.io",
        docker_image: "my-project/my-game",
        docker_tag: "2026.12.03",
        private_username: "_json_key",
        ports: [{ port: 7777, protocol: "UDP", name: "gameport" }],
      }),
    ]);
  });
});

describe("a stack that already has a google provider and other resources", () => {
  it("uses the stack's default providers and leaves the other resources alone", () => {
    const stack = new TerraformStack(Testing.app(), "game-servers");
    new GoogleProvider(stack, "google", { project: "studio-prod" });
    new EdgegapProvider(stack, "edgegap");
    new StorageBucket(stack, "replays", { name: "studio-replays", location: "EU" });
    new ServiceAccount(stack, "ci", { accountId: "ci-deployer" });
    new EdgegapGcrAppVersion(stack, "release", { app: "arena", name: "v1", repository: "eu.gcr.io/studio-prod/arena:v1" });
    const json = synth(stack);
    expect(json.provider.google).toEqual([{ project: "studio-prod" }]);
    expect(resources(json, "google_storage_bucket")).toEqual([{ name: "studio-replays", location: "EU" }]);
    expect(resources(json, "google_service_account")).toHaveLength(2);
    const all = Object.values(json.resource as Json).flatMap((byName) => Object.values(byName as Json));
    for (const resource of all) expect(resource.provider).toBeUndefined();
  });

  it("passes explicit aliased providers down: google to every pull-account resource, Edgegap to the version", () => {
    const stack = new TerraformStack(Testing.app(), "game-servers");
    new GoogleProvider(stack, "google", { project: "studio-prod" });
    const registry = new GoogleProvider(stack, "registry", { project: "studio-registry", alias: "registry" });
    new EdgegapProvider(stack, "edgegap");
    const studioB = new EdgegapProvider(stack, "studio-b", { alias: "studio-b" });
    new EdgegapGcrAppVersion(stack, "release", {
      app: "arena",
      name: "v1",
      repository: "gcr.io/studio-registry/arena:v1",
      legacyBucketGrant: true,
      googleProvider: registry,
      edgegapProvider: studioB,
    });
    const json = synth(stack);
    const google = Object.entries(json.resource as Json)
      .filter(([type]) => type.startsWith("google_"))
      .flatMap(([, byName]) => Object.values(byName as Json));
    expect(google).toHaveLength(4);
    for (const resource of google) expect(resource.provider).toBe("google.registry");
    expect(resources(json, "edgegap_app_version")[0].provider).toBe("edgegap.studio-b");
  });
});

describe("several versions in one stack", () => {
  it("two games, each with its app, version and account, without clashing names", () => {
    const stack = new TerraformStack(Testing.app(), "game-servers");
    new GoogleProvider(stack, "google");
    new EdgegapProvider(stack, "edgegap");
    for (const game of ["arena", "lobby"]) {
      const app = new EdgegapApp(stack, `${game}-app`, { name: game });
      new EdgegapGcrAppVersion(stack, game, { app, name: "v1", repository: `us-docker.pkg.dev/studio-prod/games/${game}:v1` });
    }
    const json = synth(stack);
    const versions = resources(json, "edgegap_app_version");
    expect(versions.map((v) => v.app).sort()).toEqual(["${edgegap_app.arena-app.name}", "${edgegap_app.lobby-app.name}"]);
    const accountIds = resources(json, "google_service_account").map((a) => a.account_id);
    expect(new Set(accountIds).size).toBe(2);
    for (const id of accountIds) expect(id).toMatch(ACCOUNT_ID_PATTERN);
    // Each version pulls with its own key.
    expect(new Set(versions.map((v) => v.private_token)).size).toBe(2);
  });

  it("two versions of one game sharing one pull account (one account, one key, both versions after its grant)", () => {
    const stack = new TerraformStack(Testing.app(), "game-servers");
    new GoogleProvider(stack, "google");
    new EdgegapProvider(stack, "edgegap");
    const game = new EdgegapApp(stack, "game", { name: "arena" });
    const pullAccount = new GcrPullAccount(stack, "puller", { repository: "us-docker.pkg.dev/studio-prod/games/arena", rotation: "2027-01" });
    const stable = new EdgegapGcrAppVersion(stack, "stable", { app: game, name: "1.4.0", repository: "us-docker.pkg.dev/studio-prod/games/arena:1.4.0", pullAccount });
    const canary = new EdgegapGcrAppVersion(stack, "canary", { app: game, name: "1.5.0-rc1", repository: "us-docker.pkg.dev/studio-prod/games/arena", tag: "1.5.0-rc1", pullAccount });
    expect(stable.pullAccount).toBe(pullAccount);
    expect(canary.serviceAccountEmail).toBe(pullAccount.email);
    const json = synth(stack);
    expect(resources(json, "google_service_account")).toHaveLength(1);
    expect(resources(json, "google_service_account_key")).toHaveLength(1);
    const versions = resources(json, "edgegap_app_version");
    expect(versions.map((v) => v.docker_tag).sort()).toEqual(["1.4.0", "1.5.0-rc1"]);
    expect(versions[0].private_token).toBe(versions[1].private_token);
    expect(versions[0].private_token).toMatch(/^\$\{base64decode\(google_service_account_key\.puller_Key_\w+\.private_key\)\}$/);
    expect(versions[0].depends_on).toEqual(versions[1].depends_on);
  });

  it("the same construct in a staging and a production stack gets distinct accounts", () => {
    const app = Testing.app();
    const ids = ["staging", "production"].map((id) => {
      const stack = new TerraformStack(app, id);
      new GoogleProvider(stack, "google");
      new EdgegapProvider(stack, "edgegap");
      new EdgegapGcrAppVersion(stack, "release", { app: `arena-${id}`, name: "v1", repository: "gcr.io/studio-prod/arena:v1" });
      return resources(synth(stack), "google_service_account")[0].account_id;
    });
    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe("across stacks", () => {
  /** cdktf turns cross-stack references into outputs and remote state while preparing stacks (app.synth does it). */
  function prepare(app: App): void {
    for (const child of app.node.children) if (child instanceof TerraformStack) child.prepareStack();
  }

  it("the app in one stack, its version in another, through a cross-stack reference", () => {
    const app = Testing.app();
    const apps = new TerraformStack(app, "apps");
    new EdgegapProvider(apps, "edgegap");
    const game = new EdgegapApp(apps, "game", { name: "arena" });

    const versions = new TerraformStack(app, "versions");
    new GoogleProvider(versions, "google", { project: "studio-prod" });
    new EdgegapProvider(versions, "edgegap");
    const release = new EdgegapGcrAppVersion(versions, "release", { app: game, name: "v1", repository: "gcr.io/studio-prod/arena:v1" });
    new TerraformOutput(versions, "version_id", { value: release.versionId });
    prepare(app);

    const appsJson = synth(apps);
    const versionsJson = synth(versions);
    const [exported] = Object.entries(appsJson.output as Json).filter(([, output]) => output.value === "${edgegap_app.game.name}");
    expect(exported).toBeDefined();
    const [version] = resources(versionsJson, "edgegap_app_version");
    expect(version.app).toBe(`\${data.terraform_remote_state.cross-stack-reference-input-apps.outputs.${exported[0]}}`);
    expect(versionsJson.data.terraform_remote_state).toHaveProperty("cross-stack-reference-input-apps");
    // The key stays in its stack: nothing about it is exported.
    expect(JSON.stringify(appsJson)).not.toMatch(/google_|private_key/);
    expect(resources(versionsJson, "google_service_account_key")).toHaveLength(1);
  });
});
