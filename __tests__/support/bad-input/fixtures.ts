/**
 * Fixtures of the bad-input suite (__tests__/bad-input.test.ts): valid baselines that each case changes one thing
 * of, synthesizing a case's stack and seeing what was written, the stack whose Terraform variables carry the
 * plan-time cases' values, and terraform's diagnostics read back from its output.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App, Fn, LocalBackend, TerraformStack, TerraformVariable } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { EdgegapApp, EdgegapAppConfig } from "../../../lib/bindings/edgegap-app";
import { EdgegapAppVersion, EdgegapAppVersionConfig } from "../../../lib/bindings/edgegap-app-version";
import { EdgegapProvider, EdgegapProviderProps } from "../../../lib/bindings/edgegap-provider";
import { EdgegapGcrAppVersion, EdgegapGcrAppVersionProps } from "../../../lib/constructs/edgegap-gcr-app-version";
import { GcrPullAccount, GcrPullAccountProps } from "../../../lib/constructs/gcr-pull-account";
import { GameServerStack } from "../../../main";
import { readGameServerConfig } from "../../../main-config";

export const VALID_REPOSITORY = "us-docker.pkg.dev/my-game-project/game-servers/my-game:1.0.0";

/** Builds a case's constructs in a fresh App; throwing is how a synth-time case is refused. */
export type Build = (app: App) => void;

/** A stack as a studio writes one: google and Edgegap providers (unless the case is about the Edgegap provider). */
function gameStack(app: App, withEdgegapProvider = true): TerraformStack {
  const stack = new TerraformStack(app, "game");
  new GoogleProvider(stack, "google", { project: "my-game-project" });
  if (withEdgegapProvider) new EdgegapProvider(stack, "edgegap");
  return stack;
}

/** A sensitive variable's value, the way a registry password or hidden value reaches a stack. */
const sensitiveValue = (stack: TerraformStack, id: string) =>
  new TerraformVariable(stack, id, { type: "string", sensitive: true }).stringValue;

const VERSION: Omit<EdgegapAppVersionConfig, "privateToken"> = {
  app: "my-game",
  name: "release",
  dockerRepository: "gcr.io",
  dockerImage: "my-project/my-game",
  dockerTag: "v1",
  privateUsername: "_json_key",
  reqCpu: 1024,
  reqMemory: 1024,
  ports: [{ port: 7777, protocol: "UDP", name: "gameport" }],
};

export const GCR_VERSION: EdgegapGcrAppVersionProps = { app: "my-game", name: "1.0.0", repository: VALID_REPOSITORY };

/** Props, or props made with the stack (to hold a TerraformVariable's value). */
type Changes<T> = Partial<T> | ((stack: TerraformStack) => Partial<T>);
const changes = <T>(stack: TerraformStack, given: Changes<T>): Partial<T> =>
  typeof given === "function" ? given(stack) : given;

/** Valid constructs with one thing changed; `then` does more after construction (addPort, a second version). */
export const build = {
  pullAccount: (props: Changes<GcrPullAccountProps>): Build => (app) => {
    const stack = gameStack(app);
    new GcrPullAccount(stack, "pull", { repository: VALID_REPOSITORY, ...changes(stack, props) });
  },
  gcrVersion: (props: Changes<EdgegapGcrAppVersionProps>, then?: (version: EdgegapGcrAppVersion, stack: TerraformStack) => void): Build =>
    (app) => {
      const stack = gameStack(app);
      const version = new EdgegapGcrAppVersion(stack, "release", { ...GCR_VERSION, ...changes(stack, props) });
      then?.(version, stack);
    },
  version: (config: Changes<EdgegapAppVersionConfig>, then?: (version: EdgegapAppVersion) => void): Build => (app) => {
    const stack = gameStack(app);
    const version = new EdgegapAppVersion(stack, "release", {
      ...VERSION,
      privateToken: sensitiveValue(stack, "registry_password"),
      ...changes(stack, config),
    });
    then?.(version);
  },
  app: (config: Partial<EdgegapAppConfig>): Build => (app) => {
    new EdgegapApp(gameStack(app), "game", { name: "my-game", ...config });
  },
  provider: (props: EdgegapProviderProps): Build => (app) => {
    new EdgegapProvider(gameStack(app, false), "edgegap", props);
  },
  /** The example app (main.ts) under these environment variables: config read first, then the stack. */
  exampleApp: (env: Record<string, string>): Build => (app) => {
    new GameServerStack(app, "game-servers", readGameServerConfig(env));
  },
};

export { sensitiveValue };

export interface SynthOutcome {
  readonly error?: unknown;
  /** Files the synth left in its output directory, relative to it. */
  readonly written: readonly string[];
}

/** Builds and synthesizes into a fresh directory, reporting what was thrown and what was written. */
export function synthesize(buildCase: Build): SynthOutcome {
  const outdir = mkdtempSync(join(tmpdir(), "bad-input-synth-"));
  let error: unknown;
  try {
    const app = new App({ outdir });
    buildCase(app);
    app.synth();
  } catch (thrown) {
    error = thrown;
  }
  const written = filesUnder(outdir).map((file) => relative(outdir, file));
  rmSync(outdir, { recursive: true, force: true });
  return { error, written };
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

// ------------------------------------------------------------------ the plan-time stack

/**
 * The Terraform variables of the plan stack, with valid defaults: a case gives bad values for some of them
 * (`-var-file`), so the value is known only inside Terraform and only our provider can refuse it.
 */
export const PLAN_VARIABLES = {
  image_pull_retry_seconds: { type: "number", default: 3 },
  request_timeout_seconds: { type: "number", default: 30 },
  operation_timeout_seconds: { type: "number", default: 300 },
  app_name: { type: "string", default: "my-game" },
  version_name: { type: "string", default: "release" },
  docker_repository: { type: "string", default: "gcr.io" },
  docker_image: { type: "string", default: "my-project/my-game" },
  docker_tag: { type: "string", default: "v1" },
  req_cpu: { type: "number", default: 1024 },
  req_memory: { type: "number", default: 1024 },
  req_video: { type: "number", default: 0 },
  restart_policy: { type: "string", default: "always" },
  ports: {
    type: "list(object({port=number, protocol=string, name=optional(string), tls_upgrade=optional(bool)}))",
    default: [{ port: 7777, protocol: "UDP", name: "gameport" }],
  },
  envs: { type: "list(object({key=string, value=string}))", default: [{ key: "MAP", value: "forest" }] },
} as const;

export type PlanVariable = keyof typeof PLAN_VARIABLES | "base_url" | "hidden_envs" | "edgegap_token";

/**
 * How the stack configures the Edgegap provider:
 * - `variables`: every argument from a Terraform variable (base_url defaults to the emulator);
 * - `environment`: no arguments, as main.ts does: EDGEGAP_TOKEN, EDGEGAP_BASE_URL, EDGEGAP_IMAGE_PULL_RETRY_SECONDS
 *   come from terraform's environment;
 * - `token-variable`: as `variables`, plus the token from a sensitive variable (given by TF_VAR_edgegap_token).
 */
export type ProviderShape = "variables" | "environment" | "token-variable";

export const PLAN_STACK = "bad-input";
export const EDGEGAP_PROVIDER_ADDRESS = 'provider["edgegap-cdktf.local/edgegap-cdktf/edgegap"]';

/**
 * Synthesizes the plan stack into `outdir` (the same stack directory every time, so one `terraform init` serves
 * every case): an edgegap_app and an edgegap_app_version whose values come from PLAN_VARIABLES, a hidden env value
 * from a sensitive variable, the registry password from another. Returns the stack directory.
 */
export function synthPlanStack(outdir: string, shape: ProviderShape, emulatorUrl: string): string {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, PLAN_STACK);
  new LocalBackend(stack, { path: join(outdir, "terraform.tfstate") });
  const variables = Object.fromEntries(
    Object.entries(PLAN_VARIABLES).map(([name, spec]) => [name, new TerraformVariable(stack, name, { ...spec, default: spec.default as never })]),
  ) as Record<keyof typeof PLAN_VARIABLES, TerraformVariable>;

  if (shape === "environment") {
    new EdgegapProvider(stack, "edgegap");
  } else {
    new EdgegapProvider(stack, "edgegap", {
      baseUrl: new TerraformVariable(stack, "base_url", { type: "string", default: emulatorUrl }).stringValue,
      imagePullRetrySeconds: variables.image_pull_retry_seconds.numberValue,
      requestTimeoutSeconds: variables.request_timeout_seconds.numberValue,
      operationTimeoutSeconds: variables.operation_timeout_seconds.numberValue,
      ...(shape === "token-variable" ? { token: sensitiveValue(stack, "edgegap_token") } : {}),
    });
  }
  const hiddenEnvs = new TerraformVariable(stack, "hidden_envs", {
    type: "list(object({key=string, value=string, is_hidden=bool}))",
    default: [],
    sensitive: true,
  });
  const game = new EdgegapApp(stack, "game", { name: variables.app_name.stringValue });
  new EdgegapAppVersion(stack, "release", {
    app: game.name,
    name: variables.version_name.stringValue,
    dockerRepository: variables.docker_repository.stringValue,
    dockerImage: variables.docker_image.stringValue,
    dockerTag: variables.docker_tag.stringValue,
    privateUsername: "_json_key",
    privateToken: new TerraformVariable(stack, "registry_password", { type: "string", sensitive: true, default: "registry-password" }).stringValue,
    reqCpu: variables.req_cpu.numberValue,
    reqMemory: variables.req_memory.numberValue,
    reqVideo: variables.req_video.numberValue,
    restartPolicy: variables.restart_policy.stringValue,
    ports: variables.ports.value,
    envs: Fn.concat([variables.envs.value, hiddenEnvs.value]),
  });
  app.synth();
  return join(outdir, "stacks", PLAN_STACK);
}

// ------------------------------------------------------------------ terraform's diagnostics

export interface Diagnostic {
  readonly severity: "Error" | "Warning";
  readonly summary: string;
  /** The `with …,` line: the resource or provider the diagnostic is about. */
  readonly address?: string;
  /** The source line terraform quotes (`"ports": "${var.ports}",`): the attribute it points at. */
  readonly code?: string;
  /** The whole block with whitespace collapsed (terraform wraps long lines). */
  readonly text: string;
}

/** The diagnostics in terraform's human-readable output (run with -no-color). */
export function diagnosticsOf(output: string): Diagnostic[] {
  return output
    .split(/^(?=(?:Error|Warning): )/m)
    .filter((block) => /^(?:Error|Warning): /.test(block))
    .map((block) => {
      const [, severity, summary] = /^(Error|Warning): (.*)$/m.exec(block)!;
      return {
        severity: severity as Diagnostic["severity"],
        summary: summary.trim(),
        address: /^\s*with (.+),$/m.exec(block)?.[1],
        code: /^\s*\d+: (.*)$/m.exec(block)?.[1].trim(),
        text: block.replace(/\s+/g, " ").trim(),
      };
    });
}

/** Collapses whitespace, so a message fragment matches however terraform wrapped it. */
export const collapse = (text: string): string => text.replace(/\s+/g, " ");
