import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { TerraformVariable } from "cdktf";
import { EdgegapGcrAppVersion } from "../lib/constructs/edgegap-gcr-app-version";
import { EdgegapEmulator } from "../lib/testing/edgegap-emulator";
import { createWorkspace, runCommand, Workspace } from "../lib/testing/terraform-harness";
import {
  Build,
  build,
  GCR_VERSION,
  collapse,
  diagnosticsOf,
  EDGEGAP_PROVIDER_ADDRESS as PROVIDER,
  filesUnder,
  PlanVariable,
  ProviderShape,
  synthesize,
  synthPlanStack,
} from "./support/bad-input/fixtures";

/**
 * Trust under bad input: every invalid configuration is refused before anything is created, by a message naming
 * the value (a stand-in for a secret, never the secret) and the rule. One row per case. A value written in code is
 * refused at synth: the error is thrown and nothing is written. A value known only inside Terraform (a variable,
 * terraform's environment) is refused by our provider at a real `terraform plan` against the Edgegap emulator: exit
 * 1, one diagnostic at the attribute, and the emulator's request log stays empty, for every case and at the end.
 */
jest.setTimeout(60_000);

type Area =
  | "repository" | "account id" | "names" | "resources" | "ports" | "envs" | "tags" | "settings" | "provider"
  | "example app" | "secrets";

interface PlanInput {
  /** Bad values for the plan stack's variables (a -var-file); the rest keep their valid defaults. */
  readonly vars?: Partial<Record<PlanVariable, unknown>>;
  /** terraform's environment for this case (undefined removes a variable). */
  readonly env?: Record<string, string | undefined>;
  /** How the stack configures the Edgegap provider. @default "variables" */
  readonly shape?: ProviderShape;
  /** Where the diagnostic points: the resource or provider address, and the attribute its quoted line shows. */
  readonly at: readonly [address: string, attribute?: string];
}

interface BadInput {
  readonly area: Area;
  /** The bad input, as a reader would write it. */
  readonly input: string;
  readonly stage: "synth" | "plan";
  /** Fragments of the message: the value (or its stand-in) and words of the rule. */
  readonly expected: readonly string[];
  /** A secret the message, the thrown object and terraform's output must not contain. */
  readonly secret?: string;
  readonly build?: Build;
  /** The example app run as `cdktf synth` runs it (its own process, this environment): exit 1, nothing written. */
  readonly exampleAppProcess?: Record<string, string>;
  readonly plan?: PlanInput;
}

const synth = (area: Area, input: string, buildCase: Build, expected: string[], secret?: string): BadInput =>
  ({ area, input, stage: "synth", build: buildCase, expected, secret });
const plan = (area: Area, input: string, planInput: PlanInput, expected: string[], secret?: string): BadInput =>
  ({ area, input, stage: "plan", plan: planInput, expected, secret });

const VERSION = "edgegap_app_version.release";
const APP = "edgegap_app.game";
const UNTAGGED = "us-docker.pkg.dev/my-game-project/game-servers/my-game";
const KEY_JSON = '{"type":"service_account","private_key_id":"SECRET-key-7f3a9c"}';
const LONG_SECRET = `SECRET-env-${"s".repeat(5000)}`;
const example = build.exampleApp;

const CASES: readonly BadInput[] = [
  synth("repository", "docker.io/library/nginx:1.25", build.pullAccount({ repository: "docker.io/library/nginx:1.25" }), ['"docker.io/library/nginx:1.25"', 'the host "docker.io" is not a Google registry']),
  synth("repository", "https://gcr.io/my-game-project/my-game:1", build.pullAccount({ repository: "https://gcr.io/my-game-project/my-game:1" }), ['"https://gcr.io/my-game-project/my-game:1"', 'remove the scheme "https://"']),
  synth("repository", "gcr.io/my-game-project/My-Game:1", build.gcrVersion({ repository: "gcr.io/my-game-project/My-Game:1" }), ['"gcr.io/my-game-project/My-Game:1"', "has uppercase letters"]),
  synth("repository", "us-docker.pkg.dev/my-game-project/my-game:1", build.gcrVersion({ repository: "us-docker.pkg.dev/my-game-project/my-game:1" }), ['"us-docker.pkg.dev/my-game-project/my-game:1"', "needs a project, a repository and an image name"]),
  synth("repository", "gcr.io/my/game:1 (project id)", build.pullAccount({ repository: "gcr.io/my/game:1" }), ['the project id "my" is not valid', "6 to 30 lowercase letters"]),
  synth("repository", "europe-west4-npm.pkg.dev/…", build.pullAccount({ repository: "europe-west4-npm.pkg.dev/my-game-project/packages/my-game:1" }), ['"europe-west4-npm.pkg.dev"', "serves non-Docker packages"]),
  synth("repository", "…/my-game@sha256:1234 (digest)", build.pullAccount({ repository: `${UNTAGGED}@sha256:1234` }), ['the digest "sha256:1234" is not valid', "64 lowercase hex digits"]),
  synth("repository", "…/my-game:1.0.0@sha256:<64 hex> (pinned)", build.gcrVersion({ repository: `${UNTAGGED}:1.0.0@sha256:${"a".repeat(64)}` }), [`pins the digest "sha256:${"a".repeat(64)}"`, "Edgegap pulls by tag"]),
  synth("repository", "a TerraformVariable's value", build.gcrVersion((stack) => ({ repository: new TerraformVariable(stack, "image", { type: "string" }).stringValue })), ['"${TfToken[', "is an unresolved token", "pass a literal string"]),
  synth("repository", "a 300-character name", build.pullAccount({ repository: `gcr.io/my-game-project/${"g".repeat(280)}:1` }), ['"gcr.io/my-game-project/ggg', "longer than 255 characters"]),
  plan("repository", 'docker_repository = "https://gcr.io"', { vars: { docker_repository: "https://gcr.io" }, at: [VERSION, "docker_repository"] }, ['docker_repository = "https://gcr.io"', "without a scheme"]),
  plan("repository", 'docker_image = "My-Project/Game"', { vars: { docker_image: "My-Project/Game" }, at: [VERSION, "docker_image"] }, ['docker_image = "My-Project/Game"', "must be lowercase"]),
  plan("repository", 'docker_image = "gcr.io/my-project/game"', { vars: { docker_image: "gcr.io/my-project/game" }, at: [VERSION, "docker_image"] }, ['docker_image = "gcr.io/my-project/game"', 'must not start with a registry host: put "gcr.io" in docker_repository']),

  synth("account id", 'accountId "Pull"', build.pullAccount({ accountId: "Pull" }), ['accountId "Pull" is not valid', "6 to 30 lowercase letters, digits or hyphens"]),
  synth("account id", "accountId of 37 characters", build.pullAccount({ accountId: "pull-account-for-edgegap-game-servers" }), ['accountId "pull-account-for-edgegap-game-servers" is not valid', "6 to 30"]),
  synth("account id", 'accountId "7-pull-account"', build.gcrVersion({ accountId: "7-pull-account" }), ["game/release/PullAccount", 'accountId "7-pull-account" is not valid', "starting with a letter"]),
  synth("account id", 'accountId "pull-account-"', build.pullAccount({ accountId: "pull-account-" }), ['accountId "pull-account-" is not valid', "ending with a letter or digit"]),
  synth("account id", 'existingServiceAccountEmail "builder@gmail.com"', build.pullAccount({ existingServiceAccountEmail: "builder@gmail.com" }), ['existingServiceAccountEmail "builder@gmail.com" is not valid', "ACCOUNT@PROJECT.iam.gserviceaccount.com"]),
  synth("account id", 'project "My_Project"', build.pullAccount({ project: "My_Project" }), ['project "My_Project" is not valid', "6 to 30 lowercase letters"]),

  synth("names", 'app name "ab"', build.app({ name: "ab" }), ['name = "ab"', "an app name must be 3–64 characters long (is 2)"]),
  synth("names", 'app name "my/game"', build.app({ name: "my/game" }), ['name = "my/game"', 'must not contain "/"']),
  synth("names", 'version name ""', build.version({ name: "" }), ['name = ""', "a version name must be 1–64 characters long (is 0)"]),
  synth("names", 'version name " v1"', build.version({ name: " v1" }), ['name = " v1"', "must not start or end with whitespace"]),
  synth("names", "version name of 65 characters", build.gcrVersion({ name: "v".repeat(65) }), [`name = "${"v".repeat(60)}`, "1–64 characters long (is 65)"]),
  synth("names", 'version app "x"', build.version({ app: "x" }), ['app = "x"', "an app name must be 3–64 characters"]),
  synth("names", "one version name twice in an app", build.gcrVersion({}, (_, stack) => new EdgegapGcrAppVersion(stack, "again", GCR_VERSION)), ['app "my-game" version "1.0.0" is already declared', "unique in an app"]),
  plan("names", 'app name "x"', { vars: { app_name: "x" }, at: [APP, "name"] }, ['name = "x"', "an app name must be 3–64 characters long (is 1)"]),
  plan("names", 'version name "a/b"', { vars: { version_name: "a/b" }, at: [VERSION, "name"] }, ['name = "a/b"', 'must not contain "/"']),
  plan("names", 'version name ".."', { vars: { version_name: ".." }, at: [VERSION, "name"] }, ['name = ".."', 'must not be "." or ".."']),

  synth("resources", "reqCpu 50", build.version({ reqCpu: 50, reqMemory: 100 }), ["reqCpu = 50", "req_cpu must be an integer at least 100"]),
  synth("resources", "reqMemory 4096 with reqCpu 1024", build.gcrVersion({ reqCpu: 1024, reqMemory: 4096 }), ["reqMemory = 4096", "req_memory must be at most double req_cpu (1024 → at most 2048 MB)"]),
  synth("resources", "reqVideo -1", build.version({ reqVideo: -1 }), ["reqVideo = -1", "req_video must be an integer at least 0"]),
  synth("resources", "reqCpu 1.5", build.gcrVersion({ reqCpu: 1.5 }), ["reqCpu = 1.5", "req_cpu must be an integer"]),
  plan("resources", "req_cpu = 99", { vars: { req_cpu: 99, req_memory: 100 }, at: [VERSION, "req_cpu"] }, ["req_cpu = 99", "req_cpu must be an integer at least 100"]),
  plan("resources", "req_memory = 3000 with req_cpu 1024", { vars: { req_memory: 3000 }, at: [VERSION, "req_memory"] }, ["req_memory = 3000", "at most double req_cpu (1024 → at most 2048 MB)"]),
  plan("resources", "req_video = -1024", { vars: { req_video: -1024 }, at: [VERSION, "req_video"] }, ["req_video = -1024", "req_video must be an integer at least 0"]),

  synth("ports", "port 60000", build.version({ ports: [{ port: 60000, protocol: "UDP" }] }), ["ports[0].port = 60000", "port must be an integer between 0 and 59999"]),
  synth("ports", 'protocol "udp"', build.gcrVersion({ ports: [{ port: 7777, protocol: "udp" }] }), ['ports[0].protocol = "udp"', "protocol must be one of TCP, UDP, TCP/UDP, HTTP, HTTPS, WS, WSS"]),
  synth("ports", "tlsUpgrade on UDP", build.version({ ports: [{ port: 7777, protocol: "UDP", tlsUpgrade: true }] }), ["ports[0].tlsUpgrade = true", "tls_upgrade is only available on HTTP and WS ports"]),
  synth("ports", "port 0 without a name", build.version({ ports: [{ port: 0, protocol: "TCP" }] }), ["ports[0].name = undefined", "a name is required when port is 0"]),
  synth("ports", 'addPort protocol "QUIC"', build.gcrVersion({}, (version) => version.addPort({ port: 7778, protocol: "QUIC" })), ['ports[0].protocol = "QUIC"', "protocol must be one of"]),
  plan("ports", 'protocol "QUIC"', { vars: { ports: [{ port: 7777, protocol: "QUIC" }] }, at: [VERSION, "ports"] }, ['ports[0].protocol = "QUIC"', "protocol must be one of TCP, UDP"]),
  plan("ports", "port 65535", { vars: { ports: [{ port: 7777, protocol: "UDP" }, { port: 65535, protocol: "TCP" }] }, at: [VERSION, "ports"] }, ["ports[1].port = 65535", "between 0 and 59999"]),
  plan("ports", "port 0 without a name", { vars: { ports: [{ port: 0, protocol: "UDP" }] }, at: [VERSION, "ports"] }, ["ports[0].name", "a name is required when port is 0"]),
  plan("ports", "tls_upgrade on TCP", { vars: { ports: [{ port: 8080, protocol: "TCP", tls_upgrade: true }] }, at: [VERSION, "ports"] }, ["ports[0].tls_upgrade = true", "only available on HTTP and WS ports"]),

  synth("envs", 'key ""', build.version({ envs: [{ key: "", value: "forest" }] }), ['envs[0].key = ""', "an env key must be a non-empty string"]),
  synth("envs", 'key "MAP" twice', build.version({ envs: [{ key: "MAP", value: "forest" }, { key: "MAP", value: "desert" }] }), ['envs[1].key = "MAP"', "env keys must be unique"]),
  synth("envs", "value of 5000 bytes", build.gcrVersion({ envs: [{ key: "MOTD", value: "m".repeat(5000) }] }), ['envs[0].value = "<5000 bytes>"', "at most 4096 bytes (UTF-8)"]),
  synth("envs", 'addEnv key "MAP" again', build.version({ envs: [{ key: "MAP", value: "forest" }] }, (version) => version.addEnv({ key: "MAP", value: "desert" })), ['envs[1].key = "MAP"', "env keys must be unique"]),
  plan("envs", 'key "MAP" twice', { vars: { envs: [{ key: "MAP", value: "forest" }, { key: "MAP", value: "desert" }] }, at: [VERSION, "envs"] }, ['envs[1].key = "MAP"', "env keys must be unique"]),
  plan("envs", 'key ""', { vars: { envs: [{ key: "", value: "forest" }] }, at: [VERSION, "envs"] }, ['envs[0].key = ""', "non-empty"]),
  plan("envs", "value of 4097 bytes", { vars: { envs: [{ key: "MOTD", value: "é".repeat(2048) + "m" }] }, at: [VERSION, "envs"] }, ['envs[0].value = "<4097 bytes>"', "at most 4096 bytes (UTF-8)"]),

  synth("tags", 'tag "-rc1"', build.gcrVersion({ repository: UNTAGGED, tag: "-rc1" }), ['tag = "-rc1"', "docker_tag must be 1–128 letters, digits"]),
  synth("tags", 'tag "2.0.0" beside ":1.0.0"', build.gcrVersion({ tag: "2.0.0" }), ['the tag prop ("2.0.0") differs from the tag "1.0.0"', "give the tag one way"]),
  synth("tags", "no tag anywhere", build.gcrVersion({ repository: UNTAGGED }), [`repository "${UNTAGGED}" has no tag`, "pass the tag prop"]),
  synth("tags", '":v1+build" in the name', build.pullAccount({ repository: `${UNTAGGED}:v1+build` }), ['the tag "v1+build" is not valid', "up to 128 letters, digits"]),
  synth("tags", 'dockerTag "latest!"', build.version({ dockerTag: "latest!" }), ['dockerTag = "latest!"', "docker_tag must be 1–128 letters"]),
  plan("tags", 'docker_tag = "-v1"', { vars: { docker_tag: "-v1" }, at: [VERSION, "docker_tag"] }, ['docker_tag = "-v1"', "not starting with '.' or '-'"]),
  plan("tags", "docker_tag of 129 characters", { vars: { docker_tag: "t".repeat(129) }, at: [VERSION, "docker_tag"] }, [`docker_tag = "${"t".repeat(60)}`, "docker_tag must be 1–128"]),

  synth("settings", 'restartPolicy "sometimes"', build.version({ restartPolicy: "sometimes" }), ['restartPolicy = "sometimes"', "restart_policy must be one of always, never, on_failure"]),
  synth("settings", "terminationGracePeriodSeconds 1", build.gcrVersion({ terminationGracePeriodSeconds: 1 }), ["terminationGracePeriodSeconds = 1", "between 5 and 3600"]),
  synth("settings", "maxDuration 2000", build.version({ maxDuration: 2000 }), ["maxDuration = 2000", "between -1 and 1440"]),
  synth("settings", 'endpointStorage ""', build.version({ endpointStorage: "" }), ['endpointStorage = ""', "omit it when unused"]),
  plan("settings", 'restart_policy = "on-failure"', { vars: { restart_policy: "on-failure" }, at: [VERSION, "restart_policy"] }, ['restart_policy = "on-failure"', "must be one of always, never, on_failure"]),

  synth("provider", 'baseUrl "api.edgegap.com"', build.provider({ baseUrl: "api.edgegap.com" }), ['baseUrl "api.edgegap.com"', "http(s) URL"]),
  synth("provider", 'baseUrl "ftp://api.edgegap.com"', build.provider({ baseUrl: "ftp://api.edgegap.com" }), ['baseUrl "ftp://api.edgegap.com"', "http(s) URL"]),
  synth("provider", 'baseUrl "https://api.edgegap.com/?team=1"', build.provider({ baseUrl: "https://api.edgegap.com/?team=1" }), ['baseUrl "https://api.edgegap.com/?team=1"', "must not have a query or fragment"]),
  synth("provider", "imagePullRetrySeconds 3601", build.provider({ imagePullRetrySeconds: 3601 }), ["imagePullRetrySeconds 3601", "whole number of seconds from 0 to 3600"]),
  synth("provider", "imagePullRetrySeconds 2.5", build.provider({ imagePullRetrySeconds: 2.5 }), ["imagePullRetrySeconds 2.5", "whole number of seconds from 0 to 3600"]),
  synth("provider", "requestTimeoutSeconds 0", build.provider({ requestTimeoutSeconds: 0 }), ["requestTimeoutSeconds 0", "whole number of seconds from 1 to 600"]),
  synth("provider", "operationTimeoutSeconds 3601", build.provider({ operationTimeoutSeconds: 3601 }), ["operationTimeoutSeconds 3601", "from 1 to 3600"]),
  synth("provider", "token as a literal", build.provider({ token: "egt-SECRET-0a1b2c3d4e" }), ["token must not be a literal string", "EDGEGAP_TOKEN", "sensitive TerraformVariable"], "egt-SECRET-0a1b2c3d4e"),
  plan("provider", 'base_url = "ftp://api.edgegap.com"', { vars: { base_url: "ftp://api.edgegap.com" }, at: [PROVIDER, "base_url"] }, ['baseUrl = "ftp://api.edgegap.com"', "must use http or https"]),
  plan("provider", 'base_url = "https://api.edgegap.com#v1"', { vars: { base_url: "https://api.edgegap.com#v1" }, at: [PROVIDER, "base_url"] }, ['"https://api.edgegap.com#v1"', "must not have a query or fragment"]),
  plan("provider", "image_pull_retry_seconds = 3601", { vars: { image_pull_retry_seconds: 3601 }, at: [PROVIDER, "image_pull_retry_seconds"] }, ["image_pull_retry_seconds = 3601", "whole number of seconds from 0 to 3600"]),
  plan("provider", "image_pull_retry_seconds = -1", { vars: { image_pull_retry_seconds: -1 }, at: [PROVIDER, "image_pull_retry_seconds"] }, ["image_pull_retry_seconds = -1", "from 0 to 3600"]),
  plan("provider", "request_timeout_seconds = 0", { vars: { request_timeout_seconds: 0 }, at: [PROVIDER, "request_timeout_seconds"] }, ["request_timeout_seconds = 0", "whole number of seconds from 1 to 600"]),
  plan("provider", "operation_timeout_seconds = 7200", { vars: { operation_timeout_seconds: 7200 }, at: [PROVIDER, "operation_timeout_seconds"] }, ["operation_timeout_seconds = 7200", "from 1 to 3600"]),
  plan("provider", "EDGEGAP_BASE_URL=ftp://edgegap.internal", { shape: "environment", env: { EDGEGAP_BASE_URL: "ftp://edgegap.internal" }, at: [PROVIDER] }, ["EDGEGAP_BASE_URL", '"ftp://edgegap.internal"', "must use http or https"]),
  plan("provider", 'EDGEGAP_IMAGE_PULL_RETRY_SECONDS="3 minutes"', { shape: "environment", env: { EDGEGAP_IMAGE_PULL_RETRY_SECONDS: "3 minutes" }, at: [PROVIDER] }, ["EDGEGAP_IMAGE_PULL_RETRY_SECONDS", '"3 minutes"', "whole number of seconds from 0 to 3600"]),
  plan("provider", "EDGEGAP_TOKEN unset", { shape: "environment", env: { EDGEGAP_TOKEN: undefined }, at: [PROVIDER] }, ["Missing Edgegap API token", "Set the EDGEGAP_TOKEN environment variable"]),
  plan("provider", "EDGEGAP_TOKEN with a space inside", { shape: "environment", env: { EDGEGAP_TOKEN: "egt SECRET-9z8y7x6w" }, at: [PROVIDER] }, ['token = "[REDACTED]"', "must not contain whitespace or control characters"], "egt SECRET-9z8y7x6w"),
  plan("provider", "token variable blank", { shape: "token-variable", env: { TF_VAR_edgegap_token: "   " }, at: [PROVIDER, "token"] }, ["Missing Edgegap API token", "The token argument is blank", "Set the EDGEGAP_TOKEN environment variable"]),
  plan("provider", "token variable with a newline", { shape: "token-variable", env: { TF_VAR_edgegap_token: "egt-SECRET-5e6f\nx" }, at: [PROVIDER, "token"] }, ['token = "[REDACTED]"', "must not contain whitespace or control characters"], "egt-SECRET-5e6f"),

  synth("secrets", "privateToken as a literal", build.version({ privateToken: KEY_JSON }), ['privateToken = "<a literal string>"', "must be a reference", "written in clear into cdk.tf.json"], KEY_JSON),
  synth("secrets", "hidden env value as a literal", build.version({ envs: [{ key: "API_KEY", value: "SECRET-api-1234567", isHidden: true }] }), ['envs[0].value = "<a literal string>"', "must be a reference"], "SECRET-api-1234567"),
  synth("secrets", "addEnv hidden literal", build.gcrVersion({}, (version) => version.addEnv({ key: "API_KEY", value: "SECRET-api-7654321", isHidden: true })), ['envs[0].value = "<a literal string>"', "must be a reference"], "SECRET-api-7654321"),
  synth("secrets", "hidden literal of 5000 bytes", build.version({ envs: [{ key: "API_KEY", value: LONG_SECRET, isHidden: true }] }), ['envs[0].value = "[REDACTED]"', "at most 4096 bytes", "must be a reference"], LONG_SECRET),
  synth("secrets", "baseUrl with a password", build.provider({ baseUrl: "https://ci:SECRET-pass-42@api.edgegap.com" }), ['baseUrl "https://[REDACTED]@api.edgegap.com"', "must not contain credentials"], "SECRET-pass-42"),
  synth("secrets", "ftp:// baseUrl with a password", build.provider({ baseUrl: "ftp://ci:SECRET-pass-43@api.edgegap.com" }), ['baseUrl "ftp://[REDACTED]@api.edgegap.com"', "must use http or https"], "SECRET-pass-43"),
  plan("secrets", "hidden env value of 5000 bytes (sensitive variable)", { vars: { hidden_envs: [{ key: "API_KEY", value: LONG_SECRET, is_hidden: true }] }, at: [VERSION, "envs"] }, ['envs[1].value = "[REDACTED]"', "at most 4096 bytes (UTF-8)"], LONG_SECRET),
  plan("secrets", "base_url with a password", { vars: { base_url: "https://ci:SECRET-pass-42@api.edgegap.com" }, at: [PROVIDER, "base_url"] }, ['baseUrl = "https://[REDACTED]@api.edgegap.com"', "must not contain credentials"], "SECRET-pass-42"),
  plan("secrets", "base_url = ftp:// with a password", { vars: { base_url: "ftp://ci:SECRET-pass-45@api.edgegap.com" }, at: [PROVIDER, "base_url"] }, ['baseUrl = "ftp://[REDACTED]@api.edgegap.com"', "must use http or https"], "SECRET-pass-45"),
  plan("secrets", "EDGEGAP_BASE_URL=ftp:// with a password", { shape: "environment", env: { EDGEGAP_BASE_URL: "ftp://ci:SECRET-pass-44@edgegap.internal" }, at: [PROVIDER] }, ["EDGEGAP_BASE_URL", '"ftp://[REDACTED]@edgegap.internal"', "must use http or https"], "SECRET-pass-44"),

  synth("example app", "GCP_REPOSITORY=ghcr.io/studio/game:1", example({ GCP_REPOSITORY: "ghcr.io/studio/game:1" }), ['GCP_REPOSITORY: invalid repository "ghcr.io/studio/game:1"', "is not a Google registry"]),
  synth("example app", "GCP_REPOSITORY with a digest", example({ GCP_REPOSITORY: `${UNTAGGED}@sha256:${"b".repeat(64)}` }), ["GCP_REPOSITORY", `"${UNTAGGED}@sha256:${"b".repeat(64)}" pins a digest`, "Edgegap pulls by tag"]),
  synth("example app", "GCP_PROJECT=My_Project", example({ GCP_PROJECT: "My_Project" }), ['GCP_PROJECT: "My_Project" is not a valid project id', "6 to 30 lowercase letters"]),
  synth("example app", "GCP_GRANT_SCOPE=organization", example({ GCP_GRANT_SCOPE: "organization" }), ['GCP_GRANT_SCOPE: "organization" is not valid', 'expected "repository" or "project"']),
  synth("example app", "GCP_KEY_ROTATION of 65 characters", example({ GCP_KEY_ROTATION: "r".repeat(65) }), ["GCP_KEY_ROTATION: is 65 characters long", "at most 64"]),
  synth("example app", "GCP_IMAGE_TAG=2.0.0 beside :1.0.0", example({ GCP_IMAGE_TAG: "2.0.0" }), ['GCP_IMAGE_TAG: "2.0.0" differs from the tag "1.0.0" in GCP_REPOSITORY']),
  synth("example app", "GCP_IMAGE_TAG=-rc1", example({ GCP_REPOSITORY: UNTAGGED, GCP_IMAGE_TAG: "-rc1" }), ['GCP_IMAGE_TAG: "-rc1" is not valid', "docker_tag must be 1–128"]),
  synth("example app", "EDGEGAP_APP_NAME=ab", example({ EDGEGAP_APP_NAME: "ab" }), ['EDGEGAP_APP_NAME: "ab" is not valid', "3–64 characters long"]),
  synth("example app", "EDGEGAP_CREATE_APP=yes", example({ EDGEGAP_CREATE_APP: "yes" }), ['EDGEGAP_CREATE_APP: "yes" is not valid', 'expected "true" or "false"']),
  synth("example app", "EDGEGAP_VERSION_NAME=1.0/beta", example({ EDGEGAP_VERSION_NAME: "1.0/beta" }), ['EDGEGAP_VERSION_NAME: "1.0/beta" is not valid', 'must not contain "/"']),
  synth("example app", "EDGEGAP_REQ_CPU=1.5", example({ EDGEGAP_REQ_CPU: "1.5" }), ['EDGEGAP_REQ_CPU: "1.5" is not valid', "expected a whole number"]),
  synth("example app", "EDGEGAP_REQ_CPU=50", example({ EDGEGAP_REQ_CPU: "50" }), ["EDGEGAP_REQ_CPU: 50 is not valid", "at least 100"]),
  synth("example app", "EDGEGAP_REQ_MEMORY=4096", example({ EDGEGAP_REQ_MEMORY: "4096" }), ["EDGEGAP_REQ_MEMORY: 4096 is not valid", "at most double req_cpu (1024 → at most 2048 MB)"]),
  synth("example app", "EDGEGAP_PORTS=7777/UDP+tls", example({ EDGEGAP_PORTS: "7777/UDP+tls" }), ['EDGEGAP_PORTS: entry 1 "7777/UDP+tls" is not valid', "only available on HTTP and WS"]),
  synth("example app", "EDGEGAP_PORTS=7777/UDP:game,7778/TCP:game", example({ EDGEGAP_PORTS: "7777/UDP:game,7778/TCP:game" }), ['EDGEGAP_PORTS: the port name "game" is used twice', "names must be unique"]),
  synth("example app", "EDGEGAP_PORTS=7777", example({ EDGEGAP_PORTS: "7777" }), ['EDGEGAP_PORTS: entry 1 "7777" is not valid', "PORT/PROTOCOL"]),
  synth("example app", "TF_STATE_BUCKET=My_Bucket", example({ TF_STATE_BUCKET: "My_Bucket" }), ['TF_STATE_BUCKET: "My_Bucket" is not a valid bucket name', "lowercase letters"]),
  synth("example app", "TF_STATE_PREFIX=/games/state", example({ TF_STATE_BUCKET: "my-game-state", TF_STATE_PREFIX: "/games/state" }), ['TF_STATE_PREFIX: "/games/state" is not valid', "expected a relative object path"]),
  synth("example app", "TF_STATE_PREFIX without TF_STATE_BUCKET", example({ TF_STATE_PREFIX: "games" }), ["TF_STATE_PREFIX: is set but TF_STATE_BUCKET is not"]),
  { area: "example app", input: "EDGEGAP_PORTS=7777/QUIC (main.ts run as cdktf runs it)", stage: "synth", exampleAppProcess: { EDGEGAP_PORTS: "7777/QUIC" }, expected: ['EDGEGAP_PORTS: entry 1 "7777/QUIC" is not valid', "protocol must be one of TCP, UDP"] },
];

// ------------------------------------------------------------------ running the table

let emulator: EdgegapEmulator;
let ws: Workspace;
const outcomes: { row: BadInput; outcome: string; ms: number }[] = [];

beforeAll(async () => {
  emulator = await EdgegapEmulator.start();
  ws = await createWorkspace({ googleStandIn: false, prefix: "bad-input-", env: { EDGEGAP_TOKEN: emulator.token } });
});

afterAll(async () => {
  process.stdout.write(summaryTable());
  await emulator?.close();
  ws?.dispose();
});

/** Runs one row's checks and records its outcome for the summary. */
async function recorded(row: BadInput, check: () => Promise<void> | void): Promise<void> {
  const started = performance.now();
  try {
    await check();
    outcomes.push({ row, outcome: "refused", ms: performance.now() - started });
  } catch (error) {
    outcomes.push({ row, outcome: "NOT AS EXPECTED", ms: performance.now() - started });
    throw error;
  }
}

/** A secret must not show, not even its start (long values are summarised by their first characters). */
function expectNoSecret(texts: readonly string[], secret: string | undefined): void {
  if (secret === undefined) return;
  for (const text of texts) expect(text).not.toContain(secret.slice(0, 16));
}

const title = (row: BadInput) => `${row.area}: ${row.input}`;
const rowsOf = (stage: BadInput["stage"]) => CASES.filter((row) => row.stage === stage).map((row) => [title(row), row] as const);

describe("refused at synth: thrown, nothing written", () => {
  test("control: each builder with its valid baseline synthesizes and writes cdk.tf.json", () => {
    const baselines = [build.pullAccount({}), build.gcrVersion({}), build.version({}), build.app({}), build.provider({}), example({})];
    for (const baseline of baselines) {
      const { error, written } = synthesize(baseline);
      expect(error).toBeUndefined();
      expect(written.filter((file) => file.endsWith("cdk.tf.json"))).toHaveLength(1);
    }
  });

  test.each(rowsOf("synth").filter(([, row]) => row.build))("%s", (_, row) =>
    recorded(row, () => {
      const { error, written } = synthesize(row.build!);
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      for (const fragment of row.expected) expect(message).toContain(fragment);
      expect(written).toEqual([]);
      expectNoSecret([message, String((error as Error).stack), inspect(error), JSON.stringify(error)], row.secret);
      expect(emulator.requests.count()).toBe(0);
    }));

  /** main.ts as `cdktf synth` runs it (cdktf.json: ts-node --transpile-only), in an empty directory. */
  const runExampleApp = (env: Record<string, string>, cwd: string) =>
    runCommand(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), join(__dirname, "..", "main.ts")], {
      cwd,
      env: { PATH: process.env.PATH, HOME: cwd, TS_NODE_PROJECT: join(__dirname, "..", "tsconfig.json"), ...env },
      timeoutMs: 30_000,
    });

  test.each(rowsOf("synth").filter(([, row]) => row.exampleAppProcess))("%s", (_, row) =>
    recorded(row, async () => {
      const cwd = mkdtempSync(join(tmpdir(), "bad-input-example-"));
      try {
        const run = await runExampleApp(row.exampleAppProcess!, cwd);
        expect(run.code).toBe(1);
        for (const fragment of row.expected) expect(run.stderr).toContain(fragment);
        expect(filesUnder(cwd)).toEqual([]);
        expect(emulator.requests.count()).toBe(0);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    }));

  test("control: the example app with nothing set writes cdktf.out", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "bad-input-example-"));
    try {
      const run = await runExampleApp({}, cwd);
      expect(run.code).toBe(0);
      expect(filesUnder(cwd).map((file) => file.slice(cwd.length + 1))).toContain("cdktf.out/stacks/game-servers/cdk.tf.json");
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("refused at terraform plan: exit 1, one diagnostic at the attribute, no request", () => {
  let stackDir = "";
  let shape: ProviderShape | undefined;
  /** Re-synthesizes the plan stack into the same directory when the provider's shape changes: one init serves all. */
  const useShape = (wanted: ProviderShape) => {
    if (shape !== wanted) stackDir = synthPlanStack(join(ws.root, "out"), wanted, emulator.url);
    shape = wanted;
  };
  const terraformPlan = (vars: PlanInput["vars"] = {}, env: PlanInput["env"] = {}) => {
    const varFile = join(ws.root, "case.tfvars.json");
    writeFileSync(varFile, JSON.stringify(vars));
    return ws.terraform(["plan", "-input=false", "-no-color", "-lock=false", `-var-file=${varFile}`], {
      cwd: stackDir,
      env: { EDGEGAP_BASE_URL: emulator.url, ...env },
    });
  };

  beforeAll(async () => {
    useShape("variables");
    const init = await ws.terraform(["init", "-input=false", "-no-color"], { cwd: stackDir });
    if (init.code !== 0) throw new Error(`terraform init failed:\n${ws.describe(init)}`);
  });

  test.each<[ProviderShape, PlanInput["env"]]>([
    ["variables", {}],
    ["environment", {}],
    ["token-variable", { TF_VAR_edgegap_token: "edgegap-token-from-a-variable" }],
  ])("control: the %s stack with valid values plans both resources", async (wanted, env) => {
    useShape(wanted);
    const run = await terraformPlan({}, env);
    expect(run.output).toContain("Plan: 2 to add, 0 to change, 0 to destroy.");
    expect(run.code).toBe(0);
  });

  test.each(rowsOf("plan"))("%s", (_, row) =>
    recorded(row, async () => {
      const { vars, env, at } = row.plan!;
      useShape(row.plan!.shape ?? "variables");
      const run = await terraformPlan(vars, env);
      expect(emulator.requests.count()).toBe(0);
      expect(run.code).toBe(1);
      const errors = diagnosticsOf(run.output).filter((diagnostic) => diagnostic.severity === "Error");
      expect(errors).toHaveLength(1);
      const [address, attribute] = at;
      expect(errors[0].address).toBe(address);
      if (attribute !== undefined) expect(errors[0].code).toMatch(new RegExp(`^"${attribute}":`));
      for (const fragment of row.expected) expect(errors[0].text).toContain(collapse(fragment));
      expectNoSecret([run.output], row.secret);
    }));
});

test("the emulator received no request at all", () => {
  expect(emulator.requests.summary()).toEqual([]);
});

function summaryTable(): string {
  const header = ["#", "area", "stage", "outcome", "time", "input"];
  const rows = outcomes.map(({ row, outcome, ms }, index) =>
    [String(index + 1), row.area, row.stage, outcome, `${Math.round(ms)} ms`, row.input]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((cells) => cells[column].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ");
  const count = (stage: string) => outcomes.filter(({ row }) => row.stage === stage).length;
  const refused = outcomes.filter(({ outcome }) => outcome === "refused").length;
  return [
    "",
    `bad-input: ${outcomes.length} of ${CASES.length} cases run (${count("synth")} synth, ${count("plan")} plan), ` +
      `${refused} refused as expected; emulator requests: ${emulator?.requests.count() ?? "?"}`,
    ...[header, ...rows].map(line),
    "",
  ].join("\n");
}
