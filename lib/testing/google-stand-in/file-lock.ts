import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";

/**
 * A lock file next to the state file, so that read-modify-write is serialised across processes too: a test (or
 * a second provider process) may change "Google Cloud" while Terraform's provider does. Holders keep it for a
 * few milliseconds (read, change, write); a lock left by a dead process, or older than `staleMs`, is broken.
 */
const RETRY_MS = 2;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

export interface FileLockOptions {
  /** Give up after this long. @default 30000 */
  readonly timeoutMs?: number;
  /** A lock held this long is considered abandoned. @default 10000 */
  readonly staleMs?: number;
}

export function withFileLock<T>(path: string, work: () => T, options: FileLockOptions = {}): T {
  const lockPath = `${path}.lock`;
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(lockPath, "wx", 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return work();
      } finally {
        unlinkSync(lockPath);
      }
    }
    if (isAbandoned(lockPath, options.staleMs ?? 10_000)) {
      removeQuietly(lockPath);
      continue;
    }
    if (Date.now() > deadline) throw new Error(`could not lock ${path}: ${lockPath} has been held for too long`);
    // Synchronous on purpose (callers hold nothing while waiting): a few milliseconds at most in practice.
    Atomics.wait(sleeper, 0, 0, RETRY_MS);
  }
}

function isAbandoned(lockPath: string, staleMs: number): boolean {
  try {
    const holder = Number(readFileSync(lockPath, "utf8"));
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && !isAlive(holder)) return true;
    return Date.now() - statSync(lockPath).mtimeMs > staleMs;
  } catch {
    return false; // released meanwhile, or not written yet
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // someone else removed it
  }
}
