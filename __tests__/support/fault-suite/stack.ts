import { join } from "node:path";
import { App, LocalBackend, TerraformStack, TerraformVariable } from "cdktf";
import { EdgegapAppVersion } from "../../../lib/bindings/edgegap-app-version";
import { EdgegapProvider, EdgegapProviderProps } from "../../../lib/bindings/edgegap-provider";

/**
 * The fault suite's stack, synthesized from our bindings: an Edgegap provider pointed at the emulator with short
 * timeouts, and app versions of one app that exists outside the stack (as with EDGEGAP_CREATE_APP=false), so every
 * API call a case makes is a version call. The registry password comes from a sensitive variable (TF_VAR_...), so
 * the suite can check it never shows.
 */
export const APP = "my-game";
export const STACK = "faults";
export const REGISTRY_TOKEN_VARIABLE = "registry_token";

export interface StackSpec {
  readonly baseUrl: string;
  /** Version names, all of the same image. @default ["release"] */
  readonly versions?: readonly string[];
  /** @default "v1" */
  readonly dockerTag?: string;
  /** @default false */
  readonly verifyImage?: boolean;
  /** Provider props on top of the suite's short defaults. */
  readonly provider?: Omit<EdgegapProviderProps, "baseUrl" | "token" | "alias">;
}

/** Short enough that a failing case ends in seconds, long enough for the retries a passing case needs. */
export const SUITE_PROVIDER_DEFAULTS = {
  requestTimeoutSeconds: 5,
  operationTimeoutSeconds: 20,
  imagePullRetrySeconds: 0,
} as const;

export const IMAGE = { repository: "gcr.io", image: "my-project/my-game" } as const;

/** The stack directory cdktf writes under `outdir`. */
export function stackDirectory(outdir: string): string {
  return join(outdir, "stacks", STACK);
}

/**
 * Writes `<outdir>/stacks/faults/cdk.tf.json` (and ships the provider beside it). State goes to terraform.tfstate in
 * that directory: cdktf's default backend would put it in the current directory, the project.
 */
export function synthStack(outdir: string, spec: StackSpec): void {
  const app = new App({ outdir, skipValidation: true });
  const stack = new TerraformStack(app, STACK);
  new LocalBackend(stack, { path: join(stackDirectory(outdir), "terraform.tfstate") });
  new EdgegapProvider(stack, "edgegap", { ...SUITE_PROVIDER_DEFAULTS, ...spec.provider, baseUrl: spec.baseUrl });
  const registryToken = new TerraformVariable(stack, REGISTRY_TOKEN_VARIABLE, { type: "string", sensitive: true });
  for (const name of spec.versions ?? ["release"]) {
    new EdgegapAppVersion(stack, name, {
      app: APP,
      name,
      dockerRepository: IMAGE.repository,
      dockerImage: IMAGE.image,
      dockerTag: spec.dockerTag ?? "v1",
      privateUsername: "_json_key",
      privateToken: registryToken.stringValue,
      verifyImage: spec.verifyImage ?? false,
      reqCpu: 256,
      reqMemory: 512,
      ports: [{ port: 7777, protocol: "UDP", toCheck: false, name: "gameport" }],
    });
  }
  app.synth();
}

/** The Terraform address of a version's resource (cdktf names resources by construct id). */
export function versionAddress(name: string): string {
  return `edgegap_app_version.${name}`;
}
