import "cdktf/lib/testing/adapters/jest";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountKey } from "@cdktf/provider-google/lib/service-account-key";
import { EdgegapApp } from "../lib/bindings/edgegap-app";
import { EdgegapAppVersion } from "../lib/bindings/edgegap-app-version";
import { EdgegapProvider } from "../lib/bindings/edgegap-provider";
import { EdgegapGcrAppVersion, EdgegapGcrAppVersionProps } from "../lib/constructs/edgegap-gcr-app-version";
import { GcrPullAccount } from "../lib/constructs/gcr-pull-account";
import * as lib from "../lib";

type Json = Record<string, any>;

const BASE: EdgegapGcrAppVersionProps = { app: "my-game", name: "2026.12.03", repository: "gcr.io/project-name/example:v1" };

function newStack(id = "stack"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new GoogleProvider(stack, "google", { project: "provider-default" });
  new EdgegapProvider(stack, "edgegap");
  return stack;
}

function synth(stack: TerraformStack): { text: string; json: Json } {
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) };
}

function resources(json: Json, type: string): Json[] {
  return Object.values(json.resource?.[type] ?? {});
}

function synthVersion(props: Partial<EdgegapGcrAppVersionProps> = {}) {
  const stack = newStack();
  const release = new EdgegapGcrAppVersion(stack, "release", { ...BASE, ...props });
  const out = synth(stack);
  return { stack, release, ...out, version: resources(out.json, "edgegap_app_version")[0] };
}

const KEY_REFERENCE = /^\$\{base64decode\(google_service_account_key\.release_PullAccount_Key_\w+\.private_key\)\}$/;

describe("EdgegapGcrAppVersion defaults", () => {
  const { release, json, version } = synthVersion();

  it("creates exactly the account, the grant, the key and the version", () => {
    expect(Object.keys(json.resource).sort()).toEqual([
      "edgegap_app_version",
      "google_artifact_registry_repository_iam_member",
      "google_service_account",
      "google_service_account_key",
    ]);
    for (const type of Object.keys(json.resource)) expect(resources(json, type)).toHaveLength(1);
  });

  it("sends registry, image and tag from the name, _json_key and the decoded key, and only the chosen defaults", () => {
    expect(version).toEqual({
      app: "my-game",
      name: "2026.12.03",
      docker_repository: "gcr.io",
      docker_image: "project-name/example",
      docker_tag: "v1",
      private_username: "_json_key",
      private_token: expect.stringMatching(KEY_REFERENCE),
      req_cpu: 1024,
      req_memory: 1024,
      verify_image: true,
      depends_on: [expect.stringMatching(/^google_artifact_registry_repository_iam_member\.release_PullAccount_RepositoryReader_\w+$/)],
    });
  });

  it("never forces the version's replacement: no lifecycle, no replace triggers", () => {
    expect(version.lifecycle).toBeUndefined();
    expect(JSON.stringify(version)).not.toMatch(/replace/);
  });

  it("depends on the grant the key depends on, and the key is created before the old one is destroyed", () => {
    const [key] = resources(json, "google_service_account_key");
    expect(key.lifecycle).toEqual({ create_before_destroy: true });
    expect(version.depends_on).toEqual(key.depends_on);
  });

  it("has the version as its default child, id Resource, and the pull account as PullAccount", () => {
    expect(release.node.defaultChild).toBe(release.version);
    expect(release.version).toBeInstanceOf(EdgegapAppVersion);
    expect(release.node.findChild("Resource")).toBe(release.version);
    expect(release.node.findChild("PullAccount")).toBe(release.pullAccount);
    expect(resources(json, "google_service_account")[0].account_id).toMatch(/^release-pull-account-[0-9a-f]{8}$/);
  });

  it("exposes what a studio needs, as literals where known at synth and references otherwise", () => {
    expect(release.registry).toBe("gcr.io");
    expect(release.image).toBe("project-name/example");
    expect(release.tag).toBe("v1");
    expect(release.appName).toBe("my-game");
    expect(release.versionName).toBe("2026.12.03");
    expect(release.reference.project).toBe("project-name");
    expect(release.pullAccount).toBeInstanceOf(GcrPullAccount);
    expect(Object.keys(release)).not.toContain("jsonKey");
  });
});

describe("EdgegapGcrAppVersion attributes render as Terraform references", () => {
  it("versionId is the version's id (app/version) and serviceAccountEmail the account's email", () => {
    const stack = newStack();
    const release = new EdgegapGcrAppVersion(stack, "release", BASE);
    new TerraformOutput(stack, "version_id", { value: release.versionId });
    new TerraformOutput(stack, "email", { value: release.serviceAccountEmail });
    const { json } = synth(stack);
    expect(json.output.version_id.value).toMatch(/^\$\{edgegap_app_version\.release_\w+\.id\}$/);
    expect(json.output.email.value).toMatch(/^\$\{google_service_account\.release_PullAccount_\w+\.email\}$/);
  });
});

describe("EdgegapGcrAppVersion splits every Google registry host", () => {
  it.each([
    ["gcr.io/my-game-project/arena:v2", "gcr.io", "my-game-project/arena", "us", "gcr.io"],
    ["us.gcr.io/my-game-project/arena:v2", "us.gcr.io", "my-game-project/arena", "us", "us.gcr.io"],
    ["eu.gcr.io/my-game-project/arena:v2", "eu.gcr.io", "my-game-project/arena", "europe", "eu.gcr.io"],
    ["asia.gcr.io/my-game-project/arena:v2", "asia.gcr.io", "my-game-project/arena", "asia", "asia.gcr.io"],
    ["us-docker.pkg.dev/my-game-project/game-servers/arena:v2", "us-docker.pkg.dev", "my-game-project/game-servers/arena", "us", "game-servers"],
    ["europe-west4-docker.pkg.dev/my-game-project/builds/team/arena:v2", "europe-west4-docker.pkg.dev", "my-game-project/builds/team/arena", "europe-west4", "builds"],
  ])("%s → %s %s, reader on %s/%s", (repository, host, image, location, arRepository) => {
    const { text, version } = synthVersion({ repository });
    expect(version).toMatchObject({ docker_repository: host, docker_image: image, docker_tag: "v2" });
    expect(text).toHaveResourceWithProperties(ArtifactRegistryRepositoryIamMember, {
      project: "my-game-project",
      location,
      repository: arRepository,
      role: "roles/artifactregistry.reader",
    });
  });

  it("takes the name with surrounding whitespace, as pasted", () => {
    expect(synthVersion({ repository: "  gcr.io/project-name/example:v1 \n" }).version.docker_image).toBe("project-name/example");
  });
});

describe("EdgegapGcrAppVersion tag", () => {
  it("comes from the tag prop when the name has none", () => {
    const { version, release } = synthVersion({ repository: "gcr.io/project-name/example", tag: "2026.12.03" });
    expect(version.docker_tag).toBe("2026.12.03");
    expect(release.tag).toBe("2026.12.03");
  });

  it("may be given both ways when equal", () => {
    expect(synthVersion({ tag: "v1" }).version.docker_tag).toBe("v1");
  });

  it("may be a token (a variable set at deploy)", () => {
    const stack = newStack();
    const tag = new TerraformVariable(stack, "tag", { type: "string" });
    new EdgegapGcrAppVersion(stack, "release", { ...BASE, repository: "gcr.io/project-name/example", tag: tag.stringValue });
    expect(resources(synth(stack).json, "edgegap_app_version")[0].docker_tag).toBe("${var.tag}");
  });
});

describe("EdgegapGcrAppVersion name", () => {
  it("may be a token, left to the provider's checks", () => {
    const stack = newStack();
    const name = new TerraformVariable(stack, "version_name", { type: "string" });
    const release = new EdgegapGcrAppVersion(stack, "release", { ...BASE, name: name.stringValue });
    new EdgegapGcrAppVersion(stack, "other", { ...BASE, name: name.stringValue, repository: "gcr.io/project-name/other:v1" });
    expect(resources(synth(stack).json, "edgegap_app_version").map((v) => v.name)).toEqual(["${var.version_name}", "${var.version_name}"]);
    expect(Token.isUnresolved(release.versionName)).toBe(true);
  });
});

describe("EdgegapGcrAppVersion app", () => {
  it("as a name references an existing application", () => {
    const { json, version } = synthVersion({ app: "existing-game" });
    expect(version.app).toBe("existing-game");
    expect(json.resource.edgegap_app).toBeUndefined();
  });

  it("as an EdgegapApp references it, so the version is created after the app", () => {
    const stack = newStack();
    const game = new EdgegapApp(stack, "game", { name: "my-game" });
    const release = new EdgegapGcrAppVersion(stack, "release", { ...BASE, app: game });
    const { json } = synth(stack);
    expect(resources(json, "edgegap_app_version")[0].app).toBe("${edgegap_app.game.name}");
    expect(Token.isUnresolved(release.appName)).toBe(true);
  });
});

describe("EdgegapGcrAppVersion settings", () => {
  it("passes every Edgegap setting in snake_case", () => {
    const { version } = synthVersion({
      reqCpu: 1536,
      reqMemory: 3072,
      reqVideo: 0,
      ports: [{ port: 7777, protocol: "UDP", toCheck: false, name: "gameport" }],
      envs: [{ key: "MAP", value: "forest" }],
      isActive: false,
      verifyImage: false,
      forceCache: true,
      timeToDeploy: 120,
      maxDuration: 60,
      restartPolicy: "on_failure",
      terminationGracePeriodSeconds: 30,
      endpointStorage: "logs",
      willDeployInMainlandChina: false,
    });
    expect(version).toMatchObject({
      req_cpu: 1536,
      req_memory: 3072,
      req_video: 0,
      ports: [{ port: 7777, protocol: "UDP", to_check: false, name: "gameport" }],
      envs: [{ key: "MAP", value: "forest" }],
      is_active: false,
      verify_image: false,
      force_cache: true,
      time_to_deploy: 120,
      max_duration: 60,
      restart_policy: "on_failure",
      termination_grace_period_seconds: 30,
      endpoint_storage: "logs",
      will_deploy_in_mainland_china: false,
    });
  });

  it("defaults memory to the cpu given", () => {
    expect(synthVersion({ reqCpu: 512 }).version).toMatchObject({ req_cpu: 512, req_memory: 512 });
  });

  it("adds ports and envs after construction", () => {
    const stack = newStack();
    const release = new EdgegapGcrAppVersion(stack, "release", { ...BASE, ports: [{ port: 7777, protocol: "UDP" }] });
    release.addPort({ port: 8080, protocol: "HTTP", tlsUpgrade: true, name: "web" });
    release.addEnv({ key: "REGION", value: "eu" });
    const [version] = resources(synth(stack).json, "edgegap_app_version");
    expect(version.ports).toEqual([
      { port: 7777, protocol: "UDP" },
      { port: 8080, protocol: "HTTP", tls_upgrade: true, name: "web" },
    ]);
    expect(version.envs).toEqual([{ key: "REGION", value: "eu" }]);
    expect(() => release.addPort({ port: 9000, protocol: "udp" })).toThrow(/ports\[2\]\.protocol = "udp": protocol must be one of TCP, UDP/);
  });

  it("passes a hidden env's sensitive variable as a reference", () => {
    const stack = newStack();
    const secret = new TerraformVariable(stack, "match_secret", { type: "string", sensitive: true });
    new EdgegapGcrAppVersion(stack, "release", { ...BASE, envs: [{ key: "SECRET", value: secret.stringValue, isHidden: true }] });
    expect(resources(synth(stack).json, "edgegap_app_version")[0].envs).toEqual([
      { key: "SECRET", value: "${var.match_secret}", is_hidden: true },
    ]);
  });
});

describe("EdgegapGcrAppVersion pull-account options", () => {
  it("rotation sets the key's keepers, and only the key changes between rotations", () => {
    const first = synthVersion({ rotation: "2026-12" });
    const second = synthVersion({ rotation: "2027-01" });
    expect(first.text).toHaveResourceWithProperties(ServiceAccountKey, {
      keepers: { rotation: "2026-12" },
      lifecycle: { create_before_destroy: true },
    });
    expect(second.text).toHaveResourceWithProperties(ServiceAccountKey, { keepers: { rotation: "2027-01" } });
    const withoutKey = (json: Json): Json => {
      const rest = { ...json.resource };
      delete rest.google_service_account_key;
      return rest;
    };
    // Everything else, the version included, is identical: its private_token changes only through the new key.
    expect(withoutKey(first.json)).toEqual(withoutKey(second.json));
  });

  it("passes accountId, project, grantScope and legacyBucketGrant, and the version waits for every grant", () => {
    const { json, version, release } = synthVersion({
      accountId: "edgegap-puller",
      project: "ci-accounts",
      legacyBucketGrant: true,
    });
    expect(resources(json, "google_service_account")[0]).toMatchObject({ account_id: "edgegap-puller", project: "ci-accounts" });
    expect(release.pullAccount.grants).toHaveLength(2);
    expect(version.depends_on).toEqual([
      expect.stringMatching(/^google_artifact_registry_repository_iam_member\./),
      expect.stringMatching(/^google_storage_bucket_iam_member\./),
    ]);
  });

  it("grantScope project grants on the project", () => {
    const { json, version } = synthVersion({ grantScope: "project" });
    expect(resources(json, "google_project_iam_member")).toHaveLength(1);
    expect(version.depends_on).toEqual([expect.stringMatching(/^google_project_iam_member\./)]);
  });

  it("existingServiceAccountEmail keys that account instead of creating one", () => {
    const email = "game-puller@ci-accounts.iam.gserviceaccount.com";
    const { text, release } = synthVersion({ existingServiceAccountEmail: email });
    expect(text).not.toHaveResource(ServiceAccount);
    expect(release.serviceAccountEmail).toBe(email);
    expect(text).toHaveResourceWithProperties(ServiceAccountKey, { service_account_id: email });
  });
});

describe("EdgegapGcrAppVersion keeps the key out of everything but private_token", () => {
  it("the key appears once in the synthesized JSON, as the version's private_token", () => {
    const { text } = synthVersion();
    expect(text.match(/private_key/g)).toHaveLength(1);
    expect(text).toMatch(/"private_token": "\$\{base64decode\(google_service_account_key\.\w+\.private_key\)\}"/);
  });
});

describe("lib/index.ts", () => {
  it("exports the construct and the bindings", () => {
    expect(lib.EdgegapGcrAppVersion).toBe(EdgegapGcrAppVersion);
    expect(lib.EdgegapApp).toBe(EdgegapApp);
    expect(lib.EdgegapAppVersion).toBe(EdgegapAppVersion);
    expect(lib.EdgegapProvider).toBe(EdgegapProvider);
    expect(lib.EDGEGAP_PROVIDER_SOURCE).toBe("edgegap-cdktf.local/edgegap-cdktf/edgegap");
  });
});
