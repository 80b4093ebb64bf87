import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { EdgegapProvider } from "../lib/bindings/edgegap-provider";
import { EdgegapGcrAppVersion, EdgegapGcrAppVersionProps } from "../lib/constructs/edgegap-gcr-app-version";
import { GcrPullAccount } from "../lib/constructs/gcr-pull-account";
import { InvalidRepositoryError } from "../lib/repository";

const DIGEST = `sha256:${"ab".repeat(32)}`;
const BASE: EdgegapGcrAppVersionProps = { app: "my-game", name: "2026.12.03", repository: "gcr.io/project-name/example:v1" };

function newStack(id = "stack"): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new GoogleProvider(stack, "google", { project: "provider-default" });
  new EdgegapProvider(stack, "edgegap");
  return stack;
}

/** Builds the construct, expecting `message`, then checks that nothing at all was added to the stack. */
function expectRejected(stack: TerraformStack, props: EdgegapGcrAppVersionProps, message: RegExp): void {
  expect(() => new EdgegapGcrAppVersion(stack, "release", props)).toThrow(message);
  expect(JSON.parse(Testing.synth(stack)).resource).toBeUndefined();
}

describe("EdgegapGcrAppVersion rejects bad props at synth, naming the value and the rule, before creating anything", () => {
  it.each<[string, Partial<EdgegapGcrAppVersionProps>, RegExp]>([
    // splitRepository's errors, as they are.
    ["a registry that is not Google's", { repository: "docker.io/library/nginx:1" }, /invalid repository "docker\.io\/library\/nginx:1": the host "docker\.io" is not a Google registry/],
    ["an uppercase image", { repository: "gcr.io/project-name/Game:v1" }, /the image "project-name\/Game" has uppercase letters/],
    ["a pkg.dev name without repository", { repository: "us-docker.pkg.dev/project-name/game:v1" }, /needs a project, a repository and an image name/],
    // Where the tag comes from.
    ["no tag anywhere", { repository: "gcr.io/project-name/example" }, /^EdgegapGcrAppVersion stack\/release: repository "gcr\.io\/project-name\/example" has no tag: write it in the name \("gcr\.io\/project-name\/example:TAG"\) or pass the tag prop$/],
    ["a tag prop that differs from the name's", { tag: "v2" }, /the tag prop \("v2"\) differs from the tag "v1" in repository "gcr\.io\/project-name\/example:v1": give the tag one way/],
    ["a digest only", { repository: `gcr.io/project-name/example@${DIGEST}` }, new RegExp(`pins the digest "${DIGEST}", but Edgegap pulls by tag \\(docker_tag\\) and has no field for a digest: give the tag that points at it instead, e.g. "gcr\\.io/project-name/example:TAG"`)],
    ["a tag and a digest", { repository: `gcr.io/project-name/example:v1@${DIGEST}` }, /pins the digest .* e\.g\. "gcr\.io\/project-name\/example:v1"/],
    ["a digest with a tag prop", { repository: `gcr.io/project-name/example@${DIGEST}`, tag: "v1" }, /pins the digest/],
    // The bindings' rules, with our prop names.
    ["a tag prop docker refuses", { repository: "gcr.io/project-name/example", tag: "-v1" }, /invalid configuration: tag = "-v1": docker_tag must be 1–128 letters/],
    ["an app name too short", { app: "ab" }, /invalid configuration: app = "ab": an app name must be 3–64 characters long/],
    ["an empty version name", { name: "" }, /name = "": a version name must be 1–64 characters long/],
    ["a version name with a slash", { name: "release/1" }, /name = "release\/1": a version name must not contain "\/"/],
    ["cpu under 100", { reqCpu: 50 }, /reqCpu = 50: req_cpu must be an integer at least 100/],
    ["memory over twice the cpu", { reqCpu: 512, reqMemory: 2048 }, /reqMemory = 2048: req_memory must be at most double req_cpu \(512 → at most 1024 MB\)/],
    ["a lowercase protocol", { ports: [{ port: 7777, protocol: "udp" }] }, /ports\[0\]\.protocol = "udp": protocol must be one of TCP, UDP/],
    ["a port out of range", { ports: [{ port: 70000, protocol: "UDP" }] }, /ports\[0\]\.port = 70000: port must be an integer between 0 and 59999/],
    ["an unknown restart policy", { restartPolicy: "sometimes" }, /restartPolicy = "sometimes": restart_policy must be one of always, never, on_failure/],
    ["a grace period too short", { terminationGracePeriodSeconds: 1 }, /terminationGracePeriodSeconds = 1: termination_grace_period_seconds must be an integer between 5 and 3600/],
    ["an empty endpoint storage", { endpointStorage: "" }, /endpointStorage = "": endpoint_storage must be a storage name/],
    ["a literal hidden env value", { envs: [{ key: "SECRET", value: "hunter2", isHidden: true }] }, /envs\[0\]\.value = "<a literal string>": envs\[0\]\.value must be a reference/],
    ["duplicate env keys", { envs: [{ key: "A", value: "1" }, { key: "A", value: "2" }] }, /envs\[1\]\.key = "A": env keys must be unique/],
    ["an app that is neither a name nor an EdgegapApp", { app: 42 as never }, /app must be an application name or an EdgegapApp, got 42/],
    // GcrPullAccount's checks, passed through.
    ["a short accountId", { accountId: "abc" }, /GcrPullAccount stack\/release\/PullAccount: accountId "abc" is not valid: expected 6 to 30/],
    ["a legacy grant on pkg.dev", { repository: "us-docker.pkg.dev/p-123456/games/arena:v1", legacyBucketGrant: true }, /legacyBucketGrant applies only to Container Registry hosts/],
    ["an empty rotation", { rotation: "" }, /rotation must not be empty/],
  ])("%s", (_case, props, message) => {
    expectRejected(newStack(), { ...BASE, ...props }, message);
  });

  it("names the construct path, and lets InvalidRepositoryError through as it is", () => {
    const stack = newStack();
    expect(() => new EdgegapGcrAppVersion(stack, "a", { ...BASE, tag: "v9" })).toThrow(/^EdgegapGcrAppVersion stack\/a: /);
    expect(() => new EdgegapGcrAppVersion(stack, "b", { ...BASE, repository: "gcr.io/x" })).toThrow(InvalidRepositoryError);
  });

  it("never shows a hidden env's literal value", () => {
    const stack = newStack();
    let message = "";
    try {
      new EdgegapGcrAppVersion(stack, "release", { ...BASE, envs: [{ key: "SECRET", value: "hunter2", isHidden: true }] });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/envs\[0\]\.value/);
    expect(message).not.toContain("hunter2");
  });

  it("a repository given as a token", () => {
    const stack = newStack();
    const repository = new TerraformVariable(stack, "repository", { type: "string" });
    expectRejected(stack, { ...BASE, repository: repository.stringValue }, /unresolved token .* pass a literal string/);
  });

  it("a token tag prop next to a tag in the name", () => {
    const stack = newStack();
    const tag = new TerraformVariable(stack, "tag", { type: "string" });
    expectRejected(stack, { ...BASE, tag: tag.stringValue }, /the tag prop \(a token\) differs from the tag "v1"/);
  });
});

describe("EdgegapGcrAppVersion rejects what comes from composing", () => {
  it("the same app and version name twice in one stack", () => {
    const stack = newStack();
    new EdgegapGcrAppVersion(stack, "first", BASE);
    expect(() => new EdgegapGcrAppVersion(stack, "second", { ...BASE, repository: "gcr.io/project-name/other:v1" })).toThrow(
      /EdgegapGcrAppVersion stack\/second: app "my-game" version "2026\.12\.03" is already declared by stack\/first: version names must be unique in an app/,
    );
  });

  it("a name refused only because of the account's options stays free", () => {
    const stack = newStack();
    expect(() => new EdgegapGcrAppVersion(stack, "first", { ...BASE, accountId: "abc" })).toThrow(/accountId "abc"/);
    expect(() => new EdgegapGcrAppVersion(stack, "second", BASE)).not.toThrow();
  });

  it("a shared pull account with pull-account options or a google provider", () => {
    const stack = newStack();
    const pullAccount = new GcrPullAccount(stack, "shared", { repository: "gcr.io/project-name/example" });
    const registry = new GoogleProvider(stack, "registry", { alias: "registry" });
    expect(() => new EdgegapGcrAppVersion(stack, "release", { ...BASE, pullAccount, rotation: "2027-01", grantScope: "project", googleProvider: registry })).toThrow(
      /pullAccount cannot be combined with rotation, grantScope, googleProvider: those configure the account, which stack\/shared already is/,
    );
  });

  it("a shared pull account that cannot pull the image", () => {
    const stack = newStack();
    const pullAccount = new GcrPullAccount(stack, "shared", { repository: "us-docker.pkg.dev/project-name/builds/arena" });
    expect(() => new EdgegapGcrAppVersion(stack, "release", { ...BASE, repository: "us-docker.pkg.dev/project-name/other/arena:v1", pullAccount })).toThrow(
      /pullAccount stack\/shared can pull only images of Artifact Registry repository "builds" in us of project "project-name", not "us-docker\.pkg\.dev\/project-name\/other\/arena:v1"/,
    );
    const projectWide = new GcrPullAccount(stack, "project-wide", { repository: "gcr.io/project-name/arena", grantScope: "project" });
    expect(() => new EdgegapGcrAppVersion(stack, "elsewhere", { ...BASE, repository: "gcr.io/other-project/arena:v1", pullAccount: projectWide })).toThrow(
      /can pull only images of project "project-name", not "gcr\.io\/other-project\/arena:v1"/,
    );
  });

  it("a pull account of another stack (its key would cross stacks)", () => {
    const app = Testing.app();
    const accounts = new TerraformStack(app, "accounts");
    new GoogleProvider(accounts, "google");
    const pullAccount = new GcrPullAccount(accounts, "shared", { repository: "gcr.io/project-name/example" });
    const versions = new TerraformStack(app, "versions");
    expect(() => new EdgegapGcrAppVersion(versions, "release", { ...BASE, pullAccount })).toThrow(
      /pullAccount accounts\/shared is in another stack: its key would cross stacks through outputs and remote state/,
    );
  });

  it("providers of another stack", () => {
    const app = Testing.app();
    const other = new TerraformStack(app, "other");
    const google = new GoogleProvider(other, "google");
    const edgegap = new EdgegapProvider(other, "edgegap");
    const stack = new TerraformStack(app, "stack");
    expect(() => new EdgegapGcrAppVersion(stack, "a", { ...BASE, googleProvider: google })).toThrow(
      /googleProvider other\/google is in another stack: a provider serves its own stack only; configure one in stack/,
    );
    expect(() => new EdgegapGcrAppVersion(stack, "b", { ...BASE, edgegapProvider: edgegap })).toThrow(/edgegapProvider other\/edgegap is in another stack/);
  });
});
