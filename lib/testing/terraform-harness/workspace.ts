import { appendFileSync, lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../bindings/provider-installation";
import { changeCloudState, Changes, GoogleCloudState, readCloudState, STATE_ENV } from "../google-stand-in/cloud-state";
import { installGoogleStandIn, InstalledGoogleStandIn } from "../google-stand-in/install";
import { copyProject, CopyProjectOptions } from "./project-copy";
import { RunOptions, RunResult, runCommand } from "./process-runner";
import { maskSecrets, secretValuesOf } from "./text";

/**
 * An isolated place to run terraform and cdktf offline, as a fresh machine would:
 *
 *   <root>/home                  HOME; home/.terraform.d/plugins is an implied local mirror holding the google stand-in
 *   <root>/tmp                   TMPDIR (provider sockets land here)
 *   <root>/terraform.rc          TF_CLI_CONFIG_FILE: an empty file (no provider_installation, no credentials)
 *   <root>/google-cloud.json     GOOGLE_STAND_IN_STATE: the stand-in's "Google Cloud"
 *   <root>/harness.log           every command run, with secrets masked
 *
 * Processes get only the workspace's environment (PATH and LANG are the only variables taken from this process),
 * so nothing on the machine (a TF_CLI_CONFIG_FILE, cloud credentials) leaks in.
 */
export interface WorkspaceOptions {
  /** Install the google stand-in into the workspace HOME's implied mirror. @default true */
  readonly googleStandIn?: boolean;
  /** Extra environment for every command (e.g. EDGEGAP_BASE_URL); secret-looking values are masked in the log. */
  readonly env?: Readonly<Record<string, string>>;
  /** Prefix of the temp directory's name. @default "terraform-harness-" */
  readonly prefix?: string;
  /**
   * Use this directory (created when missing, kept contents reused) instead of a new temp directory: for a sandbox
   * that keeps its state between runs.
   * @default - a new directory under the OS temp dir
   */
  readonly root?: string;
}

export interface CommandOptions extends Partial<Omit<RunOptions, "env">> {
  /** Added to (or, with undefined, removed from) the workspace environment for this command. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface Workspace {
  readonly root: string;
  readonly home: string;
  readonly tmp: string;
  readonly cliConfigFile: string;
  readonly googleStatePath: string;
  readonly logFile: string;
  /** The implied mirror in HOME: `home/.terraform.d/plugins`. */
  readonly homePluginsDir: string;
  /** The environment every command starts from. */
  readonly env: Readonly<Record<string, string>>;
  /** Set when the google stand-in was installed. */
  readonly googleStandIn?: InstalledGoogleStandIn;
  /** A new (or existing) directory under the workspace. */
  dir(name: string): string;
  /** `terraform ARGS` (the terraform on PATH); cwd defaults to the workspace root. */
  terraform(args: readonly string[], options?: CommandOptions): Promise<RunResult>;
  /** The project's `node_modules/.bin/cdktf ARGS`; cwd defaults to the project copied by `copyProject`. */
  cdktf(args: readonly string[], options?: CommandOptions): Promise<RunResult>;
  /** Any command, with the workspace environment. */
  run(command: string, args: readonly string[], options?: CommandOptions): Promise<RunResult>;
  /** Copies the cdktf project (main.ts, cdktf.json, lib/, …) into `<root>/project`, node_modules symlinked. */
  copyProject(options?: CopyProjectOptions): string;
  /** The stand-in's current "Google Cloud". */
  googleCloud(): GoogleCloudState;
  /** Changes "Google Cloud" as someone outside Terraform would (drift, faults), under the stand-in's lock. */
  changeGoogleCloud<T>(change: (changes: Changes) => T): T;
  /** A value to mask wherever the harness writes (its log, `describe`). */
  addSecret(value: string): void;
  /** A short report of a run (command, exit code, time, the output's tail), secrets masked: for assertion messages. */
  describe(result: RunResult, tailLines?: number): string;
  /** Removes the workspace (kept when TERRAFORM_HARNESS_KEEP=1, for debugging). */
  dispose(): void;
}

export async function createWorkspace(options: WorkspaceOptions = {}): Promise<Workspace> {
  const root = options.root ?? mkdtempSync(join(tmpdir(), options.prefix ?? "terraform-harness-"));
  const home = join(root, "home");
  const tmp = join(root, "tmp");
  const homePluginsDir = join(home, ".terraform.d", "plugins");
  const cliConfigFile = join(root, "terraform.rc");
  const googleStatePath = join(root, "google-cloud.json");
  const logFile = join(root, "harness.log");
  mkdirSync(homePluginsDir, { recursive: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(cliConfigFile, "");
  const packageDir = packageRoot();

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    ...(process.env.LANG ? { LANG: process.env.LANG } : {}),
    HOME: home,
    TMPDIR: tmp,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_CLI_CONFIG_FILE: cliConfigFile,
    [STATE_ENV]: googleStatePath,
    // Provider bundles keep V8's compiled code here: shared by workspaces, so only the first start compiles.
    TF_PROVIDER_COMPILE_CACHE_DIR: privateDir(join(tmpdir(), `terraform-harness-compile-cache-${process.getuid?.() ?? "user"}`)),
    // Plain output from cdktf's UI (chalk); terraform's own colours are turned off with -no-color / --no-color.
    FORCE_COLOR: "0",
    ...options.env,
  };
  const secrets = new Set<string>(secretValuesOf(env));
  const log = (line: string) => appendFileSync(logFile, `${new Date().toISOString()} ${maskSecrets(line, secrets)}\n`);
  const googleStandIn = options.googleStandIn === false ? undefined : await installGoogleStandIn(homePluginsDir);
  let project: string | undefined;

  const run = async (command: string, args: readonly string[], commandOptions: CommandOptions = {}): Promise<RunResult> => {
    const merged: NodeJS.ProcessEnv = { ...env };
    for (const [name, value] of Object.entries(commandOptions.env ?? {})) {
      if (value === undefined) delete merged[name];
      else merged[name] = value;
    }
    secretValuesOf(merged).forEach((secret) => secrets.add(secret));
    const cwd = commandOptions.cwd ?? root;
    const extra = Object.keys(commandOptions.env ?? {});
    log(`$ ${[command, ...args].join(" ")}  (cwd ${cwd}${extra.length ? `; env ${extra.join(", ")}` : ""})`);
    const result = await runCommand(command, args, { ...commandOptions, cwd, env: merged });
    log(`  → ${result.timedOut ? "timed out" : `exit ${result.code ?? result.signal}`} after ${result.durationMs} ms`);
    return result;
  };

  return {
    root,
    home,
    tmp,
    cliConfigFile,
    googleStatePath,
    logFile,
    homePluginsDir,
    env,
    ...(googleStandIn ? { googleStandIn } : {}),
    dir(name) {
      const dir = join(root, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    terraform: (args, commandOptions) => run("terraform", args, commandOptions),
    cdktf(args, commandOptions = {}) {
      const cwd = commandOptions.cwd ?? project;
      if (cwd === undefined) throw new Error("cdktf needs a project: call workspace.copyProject() first or pass { cwd }");
      return run(join(packageDir, "node_modules", ".bin", "cdktf"), args, { ...commandOptions, cwd });
    },
    run,
    copyProject(copyOptions) {
      project = copyProject(join(root, "project"), copyOptions);
      return project;
    },
    googleCloud: () => readCloudState(googleStatePath),
    changeGoogleCloud: (change) => changeCloudState(googleStatePath, change),
    addSecret: (value) => void secrets.add(value),
    describe(result, tailLines = 40) {
      const tail = result.output.trimEnd().split("\n").slice(-tailLines).join("\n");
      const status = result.timedOut ? "timed out" : `exit ${result.code ?? result.signal}`;
      return maskSecrets(`$ ${result.command}\n${status} after ${result.durationMs} ms\n${tail}`, secrets);
    },
    dispose() {
      if (process.env.TERRAFORM_HARNESS_KEEP === "1") return;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A directory only this user can write (bundle-loader refuses a compile cache others could write into). */
function privateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid()) || (stat.mode & 0o022) !== 0) {
    throw new Error(`${dir} must be a directory owned by this user and writable only by it`);
  }
  return dir;
}
