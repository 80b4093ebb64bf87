import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { EDGEGAP_PROVIDER_EXECUTABLE, EDGEGAP_PROVIDER_VERSION } from "../../../lib/bindings/provider-address";
import { currentPlatform, providerMirrorFolder } from "../../../lib/bindings/provider-installation";
import { EdgegapEmulator } from "../../../lib/testing/edgegap-emulator";
import { CommandOptions, createWorkspace, RunResult, Workspace } from "../../../lib/testing/terraform-harness";
import { APP, REGISTRY_TOKEN_VARIABLE, StackSpec, stackDirectory, synthStack } from "./stack";

/**
 * One emulator and one harness workspace holding the suite's stack directory, initialised once: each case
 * re-synthesizes the stack (same providers, so no new `terraform init`), starts from an empty state and a reset
 * emulator, and runs plain terraform (not cdktf, whose Ctrl-C loses state) in that directory.
 */
export const REGISTRY_TOKEN = "registry-secret-7f3a9c";

export interface TerraformState {
  readonly resources?: ReadonlyArray<{
    readonly mode: string;
    readonly type: string;
    readonly name: string;
    readonly instances: ReadonlyArray<{ readonly status?: string; readonly attributes: Record<string, unknown> }>;
  }>;
}

export class FaultWorkspace {
  static async start(): Promise<FaultWorkspace> {
    const emulator = await EdgegapEmulator.start();
    const ws = await createWorkspace({
      googleStandIn: false,
      prefix: "fault-suite-",
      env: { EDGEGAP_TOKEN: emulator.token, [`TF_VAR_${REGISTRY_TOKEN_VARIABLE}`]: REGISTRY_TOKEN },
    });
    const suite = new FaultWorkspace(emulator, ws);
    suite.synth({});
    await suite.initIfProviderChanged();
    return suite;
  }

  readonly stackDir: string;
  /** Hash of the shipped provider executable `terraform init` locked. */
  private initializedProvider: string | undefined;

  private constructor(readonly emulator: EdgegapEmulator, readonly ws: Workspace) {
    this.stackDir = stackDirectory(join(ws.root, "out"));
  }

  get token(): string {
    return this.emulator.token;
  }

  /** (Re)writes the stack's configuration. */
  synth(spec: Omit<StackSpec, "baseUrl">): void {
    synthStack(join(this.ws.root, "out"), { ...spec, baseUrl: this.emulator.url });
  }

  /** A new case: empty state, empty emulator (log, faults, grants, latency) holding only the app. */
  reset(spec: Omit<StackSpec, "baseUrl"> = {}): void {
    for (const file of ["terraform.tfstate", "terraform.tfstate.backup"]) rmSync(join(this.stackDir, file), { force: true });
    this.emulator.reset();
    this.emulator.latencyMs = 0;
    this.emulator.apps.put({ name: APP, is_active: true, image: "iVBORw0KGgo=" });
    this.synth(spec);
  }

  async terraform(args: readonly string[], options: CommandOptions = {}): Promise<RunResult> {
    await this.initIfProviderChanged();
    return this.run(args, options);
  }

  private run(args: readonly string[], options: CommandOptions = {}): Promise<RunResult> {
    return this.ws.terraform([...args], { timeoutMs: 90_000, ...options, cwd: this.stackDir });
  }

  /**
   * `terraform init` once, and again whenever synth shipped a different provider executable into the stack (the
   * shared tree's `npm run build` may run while the suite does): the lock file holds the old one's hash.
   */
  private async initIfProviderChanged(): Promise<void> {
    const shipped = join(providerMirrorFolder(this.stackDir), EDGEGAP_PROVIDER_VERSION, currentPlatform(), EDGEGAP_PROVIDER_EXECUTABLE);
    const hash = createHash("sha256").update(readFileSync(shipped)).digest("hex");
    if (hash === this.initializedProvider) return;
    rmSync(join(this.stackDir, ".terraform.lock.hcl"), { force: true });
    const init = await this.run(["init", "-input=false", "-no-color"]);
    if (init.code !== 0) throw new Error(`terraform init failed:\n${this.ws.describe(init)}`);
    this.initializedProvider = hash;
  }

  apply(options: CommandOptions = {}): Promise<RunResult> {
    return this.terraform(["apply", "-auto-approve", "-input=false", "-no-color"], options);
  }

  destroy(options: CommandOptions = {}): Promise<RunResult> {
    return this.terraform(["destroy", "-auto-approve", "-input=false", "-no-color"], options);
  }

  /** `terraform plan -detailed-exitcode`: 0 = no changes, 2 = changes, 1 = error. */
  plan(options: CommandOptions = {}): Promise<RunResult> {
    return this.terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"], options);
  }

  /** The local state file as Terraform wrote it (empty when there is none yet). */
  state(): TerraformState {
    const file = join(this.stackDir, "terraform.tfstate");
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as TerraformState) : {};
  }

  describe(result: RunResult, tailLines = 40): string {
    return this.ws.describe(result, tailLines);
  }

  async close(): Promise<void> {
    await this.emulator.close();
    this.ws.dispose();
  }
}
