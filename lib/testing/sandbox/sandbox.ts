import { bundledProviderExecutable } from "../../bindings/provider-installation";
import { EdgegapEmulator } from "../edgegap-emulator";
import { GoogleCloudState, liveKeys } from "../google-stand-in";
import { CDKTF_UNATTENDED_FLAGS, createWorkspace, maskSecrets, RunningProcess, RunResult, Workspace } from "../terraform-harness";
import { DeploymentReport, describeDeployment, formatDeployment } from "./deployment-report";
import { progressReader } from "./progress";
import { findSecrets, keyFileSecrets, NamedSecret } from "./secret-scan";
import { pullsGrantedByStandIn } from "./stand-in-registry";

/**
 * The sandbox: the example app's real `cdktf deploy` and `cdktf destroy`, offline and with no accounts. The Edgegap
 * API emulator plays Edgegap (its image check trusts the google stand-in's keys and grants), the google stand-in
 * plays Google Cloud, and a throwaway harness workspace keeps HOME, state and the project copy out of the repo.
 * Every step is checked; a failure throws a SandboxError that says what went wrong, without secrets.
 */
export interface SandboxOptions {
  /** Receives each output line. @default - written to stdout */
  readonly write?: (line: string) => void;
  /** Keep the workspace (its path is printed) instead of removing it. @default false */
  readonly keep?: boolean;
  /**
   * The example app's configuration (GCP_*, EDGEGAP_*). EDGEGAP_TOKEN and EDGEGAP_BASE_URL are the emulator's, and
   * TF_STATE_* is refused (the sandbox keeps state locally).
   * @default - the GCP_* and EDGEGAP_* variables of this process
   */
  readonly config?: Readonly<Record<string, string>>;
  /** Limit for each cdktf command. @default 180000 */
  readonly commandTimeoutMs?: number;
  /** Aborting it stops the running cdktf as Ctrl-C would, then cleans up and throws a SandboxError. */
  readonly signal?: AbortSignal;
}

export interface SandboxResult {
  /** What the deploy created. */
  readonly deployed: DeploymentReport;
  readonly deploySeconds: number;
  readonly destroySeconds: number;
  /** The workspace, when kept. */
  readonly workspace?: string;
}

export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxError";
  }
}

/** Configuration variables the sandbox never passes on: the emulator's connection, and remote state. */
const NOT_PASSED_ON = new Set(["EDGEGAP_TOKEN", "EDGEGAP_BASE_URL"]);
const STACK = "game-servers";

export async function runSandbox(options: SandboxOptions = {}): Promise<SandboxResult> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const config = exampleConfig(options.config ?? process.env);
  try {
    bundledProviderExecutable();
  } catch (error) {
    throw new SandboxError((error as Error).message);
  }

  const emulator = await EdgegapEmulator.start();
  let ws: Workspace | undefined;
  try {
    write("edgegap-cdktf sandbox: the example app's cdktf deploy and destroy, offline, with no accounts");
    const configured = Object.keys(config);
    write(`  configuration  ${configured.length > 0 ? configured.join(", ") : "the example's defaults (no GCP_* or EDGEGAP_* set)"}`);
    write(`  Edgegap        API emulator at ${emulator.url}`);
    ws = await createWorkspace({
      prefix: "edgegap-sandbox-",
      env: { ...config, EDGEGAP_BASE_URL: emulator.url, EDGEGAP_TOKEN: emulator.token, NPM_CONFIG_UPDATE_NOTIFIER: "false" },
    });
    const workspace = ws;
    emulator.registry.setPredicate(pullsGrantedByStandIn(workspace.googleStatePath));
    write("  Google Cloud   google stand-in (hashicorp/google 6.50.0 from a local mirror)");
    write(`  workspace      ${workspace.root}${options.keep ? " (kept)" : " (removed at the end; --keep keeps it)"}`);
    workspace.copyProject();

    const secrets = (): NamedSecret[] => [{ name: "the Edgegap token", value: emulator.token }, ...keySecrets(workspace.googleCloud())];
    const mask = (text: string) => maskSecrets(text, secrets().map((secret) => secret.value));
    const cdktf = async (command: "deploy" | "destroy") => {
      const result = await runCdktf(workspace, command, write, mask, options);
      if (options.signal?.aborted) {
        throw new SandboxError(`interrupted (Ctrl-C) during cdktf ${command}`);
      }
      return result;
    };

    write("");
    write(`cdktf deploy ${STACK}`);
    const deploy = await cdktf("deploy");
    expectSuccess(workspace, deploy, "cdktf deploy");
    const deployed = describeDeployment(emulator, workspace.googleCloud());
    write(`  deployed in ${seconds(deploy)} s`);
    write("");
    formatDeployment(deployed).forEach((line) => write(line));
    checkDeployment(deployed);
    checkNoLeak("cdktf deploy's output", deploy.output, secrets());

    write("");
    write(`cdktf destroy ${STACK}`);
    const destroy = await cdktf("destroy");
    expectSuccess(workspace, destroy, "cdktf destroy");
    checkNoLeak("cdktf destroy's output", destroy.output, secrets());
    const left = leftovers(emulator, workspace.googleCloud());
    if (left.length > 0) throw new SandboxError(`cdktf destroy left resources behind: ${left.join("; ")}`);
    write(`  destroyed in ${seconds(destroy)} s: Edgegap holds no app or version; Google holds no service account, key or grant`);
    write("");
    write("Sandbox passed.");
    return {
      deployed,
      deploySeconds: deploy.durationMs / 1000,
      destroySeconds: destroy.durationMs / 1000,
      ...(options.keep ? { workspace: workspace.root } : {}),
    };
  } finally {
    await emulator.close();
    if (!options.keep) ws?.dispose();
  }
}

/** GCP_* and EDGEGAP_* variables (but the emulator's own), checked for what the sandbox cannot do. */
function exampleConfig(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  if (env.TF_STATE_BUCKET?.trim()) {
    throw new SandboxError("TF_STATE_BUCKET is set: the sandbox keeps its state locally, in its workspace. Unset it to run the sandbox");
  }
  const config: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (/^(GCP|EDGEGAP)_/.test(name) && !NOT_PASSED_ON.has(name) && value !== undefined && value.trim() !== "") config[name] = value;
  }
  return config;
}

/** Runs cdktf with progress lines as they come (masked, in case anything secret slipped into them). */
async function runCdktf(
  ws: Workspace,
  command: "deploy" | "destroy",
  write: (line: string) => void,
  mask: (text: string) => string,
  { commandTimeoutMs = 180_000, signal }: SandboxOptions,
): Promise<RunResult> {
  const read = progressReader();
  const report = (output: string) => read(output).forEach((line) => write(`  · ${mask(line)}`));
  let running: RunningProcess | undefined;
  const ticker = setInterval(() => running && report(running.output()), 250);
  // cdktf runs in a process group of its own: a Ctrl-C of the sandbox reaches it only through here.
  const interrupt = () => running?.interrupt();
  signal?.addEventListener("abort", interrupt);
  try {
    const result = await ws.cdktf([command, STACK, ...CDKTF_UNATTENDED_FLAGS], {
      timeoutMs: commandTimeoutMs,
      whileRunning: (process) => {
        running = process;
        if (signal?.aborted) process.interrupt();
      },
    });
    report(result.output);
    return result;
  } finally {
    clearInterval(ticker);
    signal?.removeEventListener("abort", interrupt);
  }
}

function expectSuccess(ws: Workspace, result: RunResult, what: string): void {
  if (result.code === 0 && !result.timedOut) return;
  const why = result.timedOut ? "timed out" : `failed (exit ${result.code ?? result.signal})`;
  // Without cdktf's redraws (spinners, the stacks board, blank lines), the tail is the part that explains.
  const output = result.output
    .split("\n")
    .filter((line) => line.trim() !== "" && !/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/.test(line.trim()) && !/^\d+ Stacks? \w+/.test(line.trim()))
    .join("\n");
  throw new SandboxError(`${what} ${why}. The end of its output:\n${ws.describe({ ...result, output }, 30)}`);
}

/** What must hold after the deploy: a version pulling with a live key's JSON, and an account with a grant. */
function checkDeployment(report: DeploymentReport): void {
  const problems: string[] = [];
  if (report.versions.length === 0) problems.push("Edgegap holds no app version");
  for (const version of report.versions) {
    if (version.username !== "_json_key") problems.push(`${version.app}/${version.version}: private_username is ${version.username}, not _json_key`);
    if (version.tokenKeyId === undefined) problems.push(`${version.app}/${version.version}: private_token is not the JSON of a live Google key`);
  }
  if (report.accounts.length === 0) problems.push("Google holds no service account");
  for (const account of report.accounts) {
    if (account.grants.length === 0) problems.push(`${account.email} has no grant`);
    if (account.keyIds.length !== 1) problems.push(`${account.email} has ${account.keyIds.length} live keys, not 1`);
  }
  if (problems.length > 0) throw new SandboxError(`the deploy did not create what it should: ${problems.join("; ")}`);
}

function checkNoLeak(where: string, text: string, secrets: readonly NamedSecret[]): void {
  const found = findSecrets(where, text, secrets);
  if (found.length > 0) throw new SandboxError(`${where} shows secrets: ${found.map((finding) => finding.secret).join(", ")}`);
}

/** Every key the stand-in ever made (deleted ones too), in each form it can travel in. */
function keySecrets(cloud: GoogleCloudState): NamedSecret[] {
  return Object.values(cloud.keys).flatMap((key) => (key.privateKeyData === null ? [] : keyFileSecrets(`key ${key.keyId}`, key.privateKeyData)));
}

function leftovers(emulator: EdgegapEmulator, cloud: GoogleCloudState): string[] {
  const apps = emulator.apps.list().map((app) => `Edgegap app ${app.name} (${emulator.versions.list(app.name).length} versions)`);
  const accounts = Object.keys(cloud.accounts).map((email) => `service account ${email}`);
  const keys = liveKeys(cloud).map((key) => `key ${key.keyId}`);
  const grants = Object.values(cloud.bindings).map((binding) => `${binding.role} for ${binding.member}`);
  return [...apps, ...accounts, ...keys, ...grants];
}

function seconds(result: RunResult): string {
  return (result.durationMs / 1000).toFixed(1);
}
