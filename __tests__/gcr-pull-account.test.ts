import "cdktf/lib/testing/adapters/jest";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountKey } from "@cdktf/provider-google/lib/service-account-key";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { GcrPullAccount, GcrPullAccountProps } from "../lib/constructs/gcr-pull-account";
import { ACCOUNT_ID_PATTERN } from "../lib/constructs/gcr-pull-account-naming";
import { InvalidRepositoryError, splitRepository } from "../lib/repository";

type Json = Record<string, any>;

function newStack(id = "stack"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new GoogleProvider(stack, "google", { project: "provider-default" });
  return stack;
}

function synth(stack: TerraformStack): { text: string; json: Json } {
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) };
}

/** The resources of one type in synthesized JSON, as a list. */
function resources(json: Json, type: string): Json[] {
  return Object.values(json.resource?.[type] ?? {});
}

function synthAccount(props: GcrPullAccountProps): { account: GcrPullAccount; text: string; json: Json } {
  const stack = newStack();
  const account = new GcrPullAccount(stack, "PullAccount", props);
  return { account, ...synth(stack) };
}

describe("GcrPullAccount defaults (gcr.io)", () => {
  const { account, text, json } = synthAccount({ repository: "gcr.io/project-name/example:v1" });

  it("creates a service account with a derived, valid id in the registry's project", () => {
    expect(text).toHaveResourceWithProperties(ServiceAccount, {
      project: "project-name",
      display_name: "Edgegap pull project-name/example",
      description: "Pulls gcr.io/project-name/example for Edgegap. Managed by cdktf (stack/PullAccount).",
    });
    const [serviceAccount] = resources(json, "google_service_account");
    expect(serviceAccount.account_id).toMatch(/^pull-account-[0-9a-f]{8}$/);
    expect(serviceAccount.account_id).toMatch(ACCOUNT_ID_PATTERN);
  });

  it("grants artifactregistry.reader on the gcr.io repository in location us, and nothing more", () => {
    expect(resources(json, "google_artifact_registry_repository_iam_member")).toEqual([
      {
        project: "project-name",
        location: "us",
        repository: "gcr.io",
        role: "roles/artifactregistry.reader",
        member: expect.stringMatching(/^\$\{google_service_account\.PullAccount_\w+\.member\}$/),
      },
    ]);
    expect(text).not.toHaveResource(ProjectIamMember);
    expect(text).not.toHaveResource(StorageBucketIamMember);
  });

  it("creates the key after the grant, new before old, without keepers", () => {
    const [key] = resources(json, "google_service_account_key");
    expect(key).toEqual({
      service_account_id: expect.stringMatching(/^\$\{google_service_account\.PullAccount_\w+\.name\}$/),
      depends_on: [expect.stringMatching(/^google_artifact_registry_repository_iam_member\.PullAccount_RepositoryReader_\w+$/)],
      lifecycle: { create_before_destroy: true },
    });
  });

  it("exposes the reference, docker username and grants", () => {
    expect(account.reference).toEqual(splitRepository("gcr.io/project-name/example:v1"));
    expect(account.dockerUsername).toBe("_json_key");
    expect(GcrPullAccount.DOCKER_USERNAME).toBe("_json_key");
    expect(account.grants).toHaveLength(1);
    expect(account.grants[0]).toBeInstanceOf(ArtifactRegistryRepositoryIamMember);
    expect(account.key).toBeInstanceOf(ServiceAccountKey);
    expect(account.serviceAccount).toBeInstanceOf(ServiceAccount);
    expect(account.node.defaultChild).toBe(account.serviceAccount);
  });
});

describe("GcrPullAccount attributes render as Terraform references", () => {
  it("email, member and jsonKey (base64decode of the key's private_key)", () => {
    const stack = newStack();
    const account = new GcrPullAccount(stack, "PullAccount", { repository: "gcr.io/project-name/example" });
    new TerraformOutput(stack, "email", { value: account.email });
    new TerraformOutput(stack, "member", { value: account.member });
    new TerraformOutput(stack, "json_key", { value: account.jsonKey, sensitive: true });
    const { json } = synth(stack);
    expect(json.output.email.value).toMatch(/^\$\{google_service_account\.PullAccount_\w+\.email\}$/);
    expect(json.output.member.value).toMatch(/^\$\{google_service_account\.PullAccount_\w+\.member\}$/);
    expect(json.output.json_key.value).toMatch(
      /^\$\{base64decode\(google_service_account_key\.PullAccount_Key_\w+\.private_key\)\}$/,
    );
  });
});

describe("GcrPullAccount grants the repository that serves each host", () => {
  it.each([
    ["us.gcr.io/my-game-project/arena", "my-game-project", "us", "us.gcr.io"],
    ["eu.gcr.io/my-game-project/arena", "my-game-project", "europe", "eu.gcr.io"],
    ["asia.gcr.io/my-game-project/arena", "my-game-project", "asia", "asia.gcr.io"],
    ["us-docker.pkg.dev/my-game-project/game-servers/my-game:1.0.0", "my-game-project", "us", "game-servers"],
    ["europe-west4-docker.pkg.dev/studio-prod/builds/team/arena", "studio-prod", "europe-west4", "builds"],
    ["gcr.io/example.com/my-project/arena", "example.com:my-project", "us", "gcr.io"],
  ])("%s → project %s, location %s, repository %s", (repository, project, location, arRepository) => {
    const { text } = synthAccount({ repository });
    expect(text).toHaveResourceWithProperties(ArtifactRegistryRepositoryIamMember, {
      project,
      location,
      repository: arRepository,
      role: "roles/artifactregistry.reader",
    });
    expect(text).toHaveResourceWithProperties(ServiceAccount, { project });
  });

  it("accepts an already split reference", () => {
    const { text } = synthAccount({ repository: splitRepository("eu.gcr.io/my-game-project/arena") });
    expect(text).toHaveResourceWithProperties(ArtifactRegistryRepositoryIamMember, { location: "europe", repository: "eu.gcr.io" });
  });
});

describe("GcrPullAccount options", () => {
  it("grantScope project grants the role on the registry project instead of the repository", () => {
    const { text, json, account } = synthAccount({ repository: "us-docker.pkg.dev/my-game-project/games/arena", grantScope: "project" });
    expect(resources(json, "google_project_iam_member")).toEqual([
      { project: "my-game-project", role: "roles/artifactregistry.reader", member: expect.stringContaining(".member}") },
    ]);
    expect(text).not.toHaveResource(ArtifactRegistryRepositoryIamMember);
    expect(account.grants[0]).toBeInstanceOf(ProjectIamMember);
    expect(resources(json, "google_service_account_key")[0].depends_on).toEqual([
      expect.stringMatching(/^google_project_iam_member\.PullAccount_ProjectReader_\w+$/),
    ]);
  });

  it.each([
    ["gcr.io/my-game-project/arena", "artifacts.my-game-project.appspot.com"],
    ["us.gcr.io/my-game-project/arena", "us.artifacts.my-game-project.appspot.com"],
    ["eu.gcr.io/my-game-project/arena", "eu.artifacts.my-game-project.appspot.com"],
    ["asia.gcr.io/my-game-project/arena", "asia.artifacts.my-game-project.appspot.com"],
  ])("legacyBucketGrant on %s adds objectViewer on %s, and the key waits for both grants", (repository, bucket) => {
    const { text, json, account } = synthAccount({ repository, legacyBucketGrant: true });
    expect(text).toHaveResourceWithProperties(StorageBucketIamMember, { bucket, role: "roles/storage.objectViewer" });
    expect(text).toHaveResource(ArtifactRegistryRepositoryIamMember);
    expect(account.grants).toHaveLength(2);
    expect(resources(json, "google_service_account_key")[0].depends_on).toHaveLength(2);
  });

  it("rotation sets the key's keepers, and a new value changes them", () => {
    const first = synthAccount({ repository: "gcr.io/project-name/example", rotation: "2026-12" });
    const second = synthAccount({ repository: "gcr.io/project-name/example", rotation: "2027-01" });
    expect(first.text).toHaveResourceWithProperties(ServiceAccountKey, { keepers: { rotation: "2026-12" } });
    expect(second.text).toHaveResourceWithProperties(ServiceAccountKey, { keepers: { rotation: "2027-01" } });
    // Same construct path, same account: only the key changes.
    expect(resources(first.json, "google_service_account")).toEqual(resources(second.json, "google_service_account"));
  });

  it("uses a given accountId, project, display name and description", () => {
    const { json } = synthAccount({
      repository: "gcr.io/project-name/example",
      accountId: "edgegap-puller",
      project: "ci-accounts",
      displayName: "Puller",
      description: "Pulls the game",
    });
    expect(resources(json, "google_service_account")).toEqual([
      { account_id: "edgegap-puller", project: "ci-accounts", display_name: "Puller", description: "Pulls the game" },
    ]);
    // The grant stays on the registry's project.
    expect(resources(json, "google_artifact_registry_repository_iam_member")[0].project).toBe("project-name");
  });

  it("leaves token values (variables) to Terraform", () => {
    const stack = newStack();
    const accountId = new TerraformVariable(stack, "account_id", { type: "string" });
    const rotation = new TerraformVariable(stack, "rotation", { type: "string" });
    new GcrPullAccount(stack, "PullAccount", {
      repository: "gcr.io/project-name/example",
      accountId: accountId.stringValue,
      rotation: rotation.stringValue,
    });
    const { text } = synth(stack);
    expect(text).toHaveResourceWithProperties(ServiceAccount, { account_id: "${var.account_id}" });
    expect(text).toHaveResourceWithProperties(ServiceAccountKey, { keepers: { rotation: "${var.rotation}" } });
  });

  it("existingServiceAccountEmail grants and keys that account without creating one", () => {
    const email = "game-puller@ci-accounts.iam.gserviceaccount.com";
    const { json, text, account } = synthAccount({ repository: "gcr.io/project-name/example", existingServiceAccountEmail: email });
    expect(text).not.toHaveResource(ServiceAccount);
    expect(account.serviceAccount).toBeUndefined();
    expect(account.email).toBe(email);
    expect(account.member).toBe(`serviceAccount:${email}`);
    expect(text).toHaveResourceWithProperties(ArtifactRegistryRepositoryIamMember, { member: `serviceAccount:${email}` });
    expect(resources(json, "google_service_account_key")[0].service_account_id).toBe(email);
  });

  it("passes an explicit provider to every resource", () => {
    const stack = newStack();
    const other = new GoogleProvider(stack, "other", { alias: "registry", project: "elsewhere" });
    new GcrPullAccount(stack, "PullAccount", {
      repository: "gcr.io/project-name/example",
      legacyBucketGrant: true,
      provider: other,
    });
    const { json } = synth(stack);
    const all = Object.values(json.resource as Json).flatMap((byName) => Object.values(byName as Json));
    expect(all).toHaveLength(4);
    for (const resource of all) expect(resource.provider).toBe("google.registry");
  });

  it("works twice in one stack, and the same id in two stacks, without clashing account ids", () => {
    const stack = newStack("game-servers");
    new GcrPullAccount(stack, "Arena", { repository: "gcr.io/project-name/arena" });
    new GcrPullAccount(stack, "Lobby", { repository: "gcr.io/project-name/lobby" });
    const other = newStack("game-servers-staging");
    new GcrPullAccount(other, "Arena", { repository: "gcr.io/project-name/arena" });
    const ids = [...resources(synth(stack).json, "google_service_account"), ...resources(synth(other).json, "google_service_account")].map(
      (account) => account.account_id,
    );
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(ACCOUNT_ID_PATTERN);
  });
});

describe("GcrPullAccount rejects bad input before creating anything", () => {
  const base = { repository: "gcr.io/project-name/example" };
  it.each<[string, GcrPullAccountProps, RegExp]>([
    ["an invalid repository", { repository: "docker.io/library/nginx" }, /invalid repository "docker\.io\/library\/nginx": the host "docker\.io" is not a Google registry/],
    ["a short accountId", { ...base, accountId: "abc" }, /accountId "abc" is not valid: expected 6 to 30 .*\^\[a-z\]/],
    ["an uppercase accountId", { ...base, accountId: "Game-Puller" }, /accountId "Game-Puller" is not valid/],
    ["an accountId ending with a hyphen", { ...base, accountId: "game-puller-" }, /accountId "game-puller-" is not valid/],
    ["an accountId of 31 characters", { ...base, accountId: `a${"b".repeat(30)}` }, /is not valid: expected 6 to 30/],
    ["an invalid existing email", { ...base, existingServiceAccountEmail: "someone@gmail.com" }, /existingServiceAccountEmail "someone@gmail\.com" is not valid: expected a service account email/],
    ["an existing email with accountId", { ...base, existingServiceAccountEmail: "puller@p-123456.iam.gserviceaccount.com", accountId: "game-puller" }, /cannot be combined with accountId/],
    ["an existing email with displayName and project", { ...base, existingServiceAccountEmail: "puller@p-123456.iam.gserviceaccount.com", displayName: "x", project: "other-project" }, /cannot be combined with project, displayName/],
    ["a legacy grant on pkg.dev", { repository: "us-docker.pkg.dev/my-project/games/arena", legacyBucketGrant: true }, /legacyBucketGrant applies only to Container Registry hosts .* not "us-docker\.pkg\.dev"/],
    ["a legacy grant for a domain-scoped project", { repository: "gcr.io/example.com/my-project/arena", legacyBucketGrant: true }, /domain-scoped project "example\.com:my-project"/],
    ["an invalid project", { ...base, project: "Bad_Project" }, /project "Bad_Project" is not valid: expected 6 to 30/],
    ["a display name over 100 characters", { ...base, displayName: "x".repeat(101) }, /displayName .* expected 1 to 100 characters/],
    ["a description over 256 characters", { ...base, description: "x".repeat(257) }, /description is 257 characters long: expected at most 256/],
    ["an empty rotation", { ...base, rotation: " " }, /rotation must not be empty/],
    ["an unknown grantScope", { ...base, grantScope: "organization" as never }, /grantScope "organization" is not valid: expected "repository" or "project"/],
  ])("%s", (_case, props, message) => {
    const stack = newStack();
    expect(() => new GcrPullAccount(stack, "PullAccount", props)).toThrow(message);
    expect(synth(stack).json.resource).toBeUndefined();
  });

  it("names the construct path in its errors and rethrows InvalidRepositoryError as is", () => {
    const stack = newStack();
    expect(() => new GcrPullAccount(stack, "Puller", { ...base, accountId: "abc" })).toThrow(/^GcrPullAccount stack\/Puller: /);
    expect(() => new GcrPullAccount(stack, "Puller2", { repository: "gcr.io/x" })).toThrow(InvalidRepositoryError);
  });

  it("rejects a repository that is a token", () => {
    const stack = newStack();
    const repository = new TerraformVariable(stack, "repository", { type: "string" });
    expect(() => new GcrPullAccount(stack, "PullAccount", { repository: repository.stringValue })).toThrow(
      /unresolved token .* pass a literal string/,
    );
  });
});
