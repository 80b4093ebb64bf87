import "cdktf/lib/testing/adapters/jest";
import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Testing } from "cdktf";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountKey } from "@cdktf/provider-google/lib/service-account-key";
import { GameServerStack } from "../main";
import { readGameServerConfig } from "../main-config";

const ROOT = join(__dirname, "..");

function synthStack(env: Record<string, string> = {}) {
  const stack = new GameServerStack(Testing.app(), "game-servers", readGameServerConfig(env));
  const text = Testing.synth(stack);
  return { stack, text, json: JSON.parse(text) };
}

describe("GameServerStack (default configuration)", () => {
  const { stack, text, json } = synthStack();

  it("configures the google provider with the project only (credentials come from the environment)", () => {
    expect(json.provider.google).toEqual([{ project: "my-game-project" }]);
    expect(stack.google).toBeInstanceOf(GoogleProvider);
  });

  it("creates the pull account, the repository grant and the key", () => {
    expect(text).toHaveResourceWithProperties(ServiceAccount, { project: "my-game-project" });
    expect(text).toHaveResourceWithProperties(ArtifactRegistryRepositoryIamMember, {
      project: "my-game-project",
      location: "us",
      repository: "game-servers",
      role: "roles/artifactregistry.reader",
    });
    expect(text).toHaveResourceWithProperties(ServiceAccountKey, { lifecycle: { create_before_destroy: true } });
  });

  it("outputs the account email, registry, image and tag, and never the key", () => {
    expect(Object.keys(json.output).sort()).toEqual(["image", "registry", "service_account_email", "tag"]);
    expect(json.output.registry.value).toBe("us-docker.pkg.dev");
    expect(json.output.image.value).toBe("my-game-project/game-servers/my-game");
    expect(json.output.tag.value).toBe("1.0.0");
    expect(json.output.service_account_email.value).toMatch(/^\$\{google_service_account\.\S+\.email\}$/);
    expect(JSON.stringify(json.output)).not.toMatch(/private_key|base64decode|service_account_key/);
  });
});

describe("GameServerStack (configured)", () => {
  it("follows GCP_* variables", () => {
    const { text, json } = synthStack({
      GCP_PROJECT: "ci-accounts",
      GCP_REPOSITORY: "eu.gcr.io/studio-prod/arena:v7",
      GCP_GRANT_SCOPE: "project",
      GCP_KEY_ROTATION: "2027-01",
    });
    expect(json.provider.google).toEqual([{ project: "ci-accounts" }]);
    expect(text).toHaveResourceWithProperties(ServiceAccount, { project: "ci-accounts" });
    expect(text).toHaveResourceWithProperties(ProjectIamMember, { project: "studio-prod", role: "roles/artifactregistry.reader" });
    expect(text).toHaveResourceWithProperties(ServiceAccountKey, { keepers: { rotation: "2027-01" } });
    expect(json.output.registry.value).toBe("eu.gcr.io");
  });
});

describe("main.ts as a program", () => {
  let workDir: string;
  beforeEach(() => {
    workDir = mkdtempSync(join(tmpdir(), "main-test-"));
  });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  /** Runs node with ts-node (as cdktf.json's app does) and only the variables given, plus PATH. */
  function runNode(args: string[], env: Record<string, string>) {
    return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", CDKTF_OUTDIR: join(workDir, "out"), ...env },
      encoding: "utf8",
      timeout: 60_000,
    });
  }

  it("synthesizes game-servers when run as the entry point", () => {
    const result = runNode(["main.ts"], { GCP_REPOSITORY: "asia.gcr.io/studio-prod/arena:v1" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const written = JSON.parse(readFileSync(join(workDir, "out", "stacks", "game-servers", "cdk.tf.json"), "utf8"));
    expect(Object.keys(written.resource).sort()).toEqual([
      "google_artifact_registry_repository_iam_member",
      "google_service_account",
      "google_service_account_key",
    ]);
    expect(written.output.registry.value).toBe("asia.gcr.io");
  }, 60_000);

  it("does not synthesize when imported", () => {
    const result = runNode(["-e", 'require("./main.ts")'], {});
    expect(result.status).toBe(0);
    expect(existsSync(join(workDir, "out"))).toBe(false);
  }, 60_000);

  it("fails naming the variable when the configuration is invalid", () => {
    const result = runNode(["main.ts"], { GCP_GRANT_SCOPE: "everything" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('GCP_GRANT_SCOPE: "everything" is not valid: expected "repository" or "project"');
    expect(existsSync(join(workDir, "out"))).toBe(false);
  }, 60_000);
});

describe("help", () => {
  it("names the commands of every section", () => {
    const help = readFileSync(join(ROOT, "help"), "utf8");
    for (const section of ["Compile", "Synthesize", "Diff", "Deploy", "Destroy", "Test", "Benchmark"]) {
      expect(help).toContain(section);
    }
    for (const command of ["npm run build", "npx cdktf synth", "npx cdktf diff", "npm test", "npm run bench"]) {
      expect(help).toContain(command);
    }
  });
});
