import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { stripAnsi } from "./text";

/**
 * Runs one command the way a terminal would, but bounded: in its own process group (so Ctrl-C, a timeout or
 * the end of a test reach everything it started), with its output captured. A timeout terminates the whole
 * process tree, including processes in other sessions such as terraform under cdktf's pseudo-terminal.
 */
export interface RunOptions {
  /** Working directory. */
  readonly cwd: string;
  /** The complete environment of the process (nothing is inherited). */
  readonly env: NodeJS.ProcessEnv;
  /** Terminate the process tree after this long. @default 120000 */
  readonly timeoutMs?: number;
  /** Written to stdin, which is then closed. @default - stdin is closed at once */
  readonly input?: string;
  /** Runs alongside the process: wait for output, send Ctrl-C, … The run's result waits for it too. */
  readonly whileRunning?: (process: RunningProcess) => Promise<void> | void;
}

export interface RunResult {
  /** The command line, for messages. */
  readonly command: string;
  /** Exit code; null when a signal ended the process. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Output with ANSI escapes removed (cdktf draws with them even with --no-color). */
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as they arrived. */
  readonly output: string;
  readonly durationMs: number;
  /** The timeout ended it. */
  readonly timedOut: boolean;
}

export interface RunningProcess {
  readonly pid: number;
  /** stdout and stderr so far (ANSI removed). */
  output(): string;
  /** Resolves once the output matches; rejects after `timeoutMs` or when the process ends without a match. */
  waitForOutput(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
  /** SIGINT to the process group, as a terminal's Ctrl-C does. */
  interrupt(): void;
  /** Any signal to the process group. */
  signal(signal: NodeJS.Signals): void;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/** After SIGTERM, how long the tree gets before SIGKILL. */
const TERMINATE_GRACE_MS = 3_000;

export async function runCommand(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  const spawnFailure = new Promise<Error>((resolve) => child.once("error", resolve));
  let stdout = "";
  let stderr = "";
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (stream: "out" | "err") => (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    if (stream === "out") stdout += text;
    else stderr += text;
    output += text;
    listeners.forEach((listener) => listener());
  };
  child.stdout.on("data", onData("out"));
  child.stderr.on("data", onData("err"));
  child.stdin.on("error", () => undefined); // the process may exit before reading its input
  child.stdin.end(options.input ?? "");

  let exited = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, signal) => {
      exited = true;
      listeners.forEach((listener) => listener());
      resolve({ code, signal });
    }),
  );
  const pid = child.pid;
  if (pid === undefined) {
    const error = await spawnFailure;
    throw new Error(`cannot start ${command}: ${error.message}`);
  }

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void terminateTree(pid, () => exited);
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);

  const running: RunningProcess = {
    pid,
    output: () => stripAnsi(output),
    waitForOutput(pattern, timeoutMs = 60_000) {
      const matches = () => (typeof pattern === "string" ? stripAnsi(output).includes(pattern) : pattern.test(stripAnsi(output)));
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (matches()) done(() => resolve());
          else if (exited) done(() => reject(new Error(`${command} exited before its output matched ${pattern}`)));
        };
        const deadline = setTimeout(() => done(() => reject(new Error(`no output matching ${pattern} from ${command} within ${timeoutMs} ms`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(deadline);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
    interrupt: () => signalGroup(pid, "SIGINT"),
    signal: (signal) => signalGroup(pid, signal),
  };

  let hookError: unknown;
  const hook = Promise.resolve()
    .then(() => options.whileRunning?.(running))
    .catch((error: unknown) => {
      hookError = error;
      void terminateTree(pid, () => exited);
    });
  const { code, signal } = await exit;
  clearTimeout(timer);
  await hook;
  if (hookError !== undefined) throw hookError;
  return {
    command: [command, ...args].join(" "),
    code,
    signal,
    stdout: stripAnsi(stdout),
    stderr: stripAnsi(stderr),
    output: stripAnsi(output),
    durationMs: Math.round(performance.now() - started),
    timedOut,
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/** SIGTERM to the group and to every descendant (some live in sessions of their own), then SIGKILL to stragglers. */
async function terminateTree(pid: number, hasExited: () => boolean): Promise<void> {
  const tree = [pid, ...descendantsOf(pid)];
  signalGroup(pid, "SIGTERM");
  tree.forEach((member) => signalProcess(member, "SIGTERM"));
  const deadline = Date.now() + TERMINATE_GRACE_MS;
  while (Date.now() < deadline && !hasExited()) await new Promise((resolve) => setTimeout(resolve, 50));
  signalGroup(pid, "SIGKILL");
  [...tree, ...descendantsOf(pid)].forEach((member) => signalProcess(member, "SIGKILL"));
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Every process below `pid`, from /proc (Linux); empty elsewhere, where the process group has to do. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  for (const entry of entries) {
    try {
      // The command name (field 2) is parenthesised and may contain spaces: the parent pid follows the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = [];
  const visit = (parent: number) => (children.get(parent) ?? []).forEach((child) => (found.push(child), visit(child)));
  visit(pid);
  return found;
}
