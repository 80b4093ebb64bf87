import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { withFileLock } from "./file-lock";

/**
 * "Google Cloud" as the stand-in provider sees it: one JSON file that tests read (and tamper with, for drift).
 * Every change is a serialised read-modify-write under a lock file, because Terraform runs up to 10 operations
 * at once in one provider process, and tests or other processes may write too. Changes are appended to an
 * ordered event log whose `seq` is monotonic across processes and whose `time` is comparable with other
 * processes' clocks (the Edgegap emulator's request log), to prove orderings such as a key rotation's.
 */
export const STATE_ENV = "GOOGLE_STAND_IN_STATE";

/** `$GOOGLE_STAND_IN_STATE`, else `$XDG_STATE_HOME/google-stand-in/state.json` (~/.local/state by default). */
export function defaultStatePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env[STATE_ENV]) return env[STATE_ENV]!;
  const stateHome = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state");
  return join(stateHome, "google-stand-in", "state.json");
}

/** When something happened: `seq` orders events of one state file; `time` is epoch milliseconds with sub-ms digits. */
export interface Stamp {
  readonly seq: number;
  readonly time: number;
  /** `time` as an ISO string, for people reading the file. */
  readonly at: string;
  /** The process that made the change. */
  readonly pid: number;
}

export interface ServiceAccountRecord {
  readonly project: string;
  readonly accountId: string;
  readonly email: string;
  /** `projects/<project>/serviceAccounts/<email>`. */
  readonly name: string;
  /** 21 digits, like Google's. */
  readonly uniqueId: string;
  displayName: string | null;
  description: string | null;
  disabled: boolean;
  readonly created: Stamp;
  updated?: Stamp;
}

export type BindingScope = "artifact_registry_repository" | "project" | "storage_bucket";

export interface IamCondition {
  readonly expression: string;
  readonly title: string;
  readonly description: string | null;
}

/** One IAM member binding: `member` holds `role` on `resource`. */
export interface IamBindingRecord {
  /** Terraform's id: `<resource>/<role>/<member>` (with the condition title appended when conditional). */
  readonly id: string;
  readonly scope: BindingScope;
  /** `projects/p/locations/us/repositories/gcr.io`, `p`, or `b/bucket`: the policy the binding lives in. */
  readonly resource: string;
  readonly role: string;
  readonly member: string;
  readonly condition: IamCondition | null;
  readonly etag: string;
  readonly created: Stamp;
}

export interface ServiceAccountKeyRecord {
  /** `projects/<project>/serviceAccounts/<email>/keys/<keyId>`. */
  readonly name: string;
  readonly keyId: string;
  readonly serviceAccountEmail: string;
  /** The account's unique id: a key dies with its account, and a new account of the same email has other keys. */
  readonly serviceAccountUniqueId: string;
  readonly project: string;
  readonly keyAlgorithm: string;
  readonly privateKeyType: string;
  readonly publicKeyType: string;
  /** The JSON key file (the decoded `private_key`); null for an uploaded public key. Test-only: real secrets never. */
  readonly privateKeyData: string | null;
  /** The X.509 certificate (PEM) of the key pair. */
  readonly publicKeyPem: string;
  readonly validAfter: string;
  readonly validBefore: string;
  readonly created: Stamp;
  /** Set when the key was deleted; deleted keys stay in the file so tests can see the history. */
  deleted?: Stamp;
}

export type EventKind = "service_account" | "iam_member" | "service_account_key";

/** One change of the cloud, in order. */
export interface CloudEvent extends Stamp {
  readonly operation: "create" | "update" | "delete";
  readonly kind: EventKind;
  /** The account email, binding id or key name. */
  readonly id: string;
  /** Why, when it was not a direct request (e.g. "service account deleted"). */
  readonly reason?: string;
}

/** A provider configuration seen by the stand-in: which kinds of credentials were given, never their values. */
export interface ConfigurationRecord {
  readonly time: number;
  readonly pid: number;
  readonly project: string | null;
  readonly credentials: readonly string[];
}

/**
 * Makes the next matching operations fail or wait, for fault tests. `type` is a Terraform resource type,
 * `operation` one of create/read/update/delete; `times` counts down (absent: forever).
 */
export interface FaultRule {
  readonly type: string;
  readonly operation: "create" | "read" | "update" | "delete";
  /** Fail with this message (like a Google API error). */
  readonly error?: string;
  /** Wait this long first (Ctrl-C/StopProvider cancels the wait). */
  readonly delayMs?: number;
  times?: number;
}

export interface GoogleCloudState {
  readonly formatVersion: 1;
  /** Keyed by email. */
  accounts: { [email: string]: ServiceAccountRecord };
  /** Keyed by binding id. */
  bindings: { [id: string]: IamBindingRecord };
  /** Keyed by key name; deleted keys included (see `deleted`). */
  keys: { [name: string]: ServiceAccountKeyRecord };
  events: CloudEvent[];
  configurations: ConfigurationRecord[];
  faults: FaultRule[];
  /** The next event's seq. */
  nextSeq: number;
}

const MAX_CONFIGURATIONS = 50;

export function emptyCloudState(): GoogleCloudState {
  return { formatVersion: 1, accounts: {}, bindings: {}, keys: {}, events: [], configurations: [], faults: [], nextSeq: 1 };
}

/** The current contents; an absent file is an empty cloud. */
export function readCloudState(path: string): GoogleCloudState {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyCloudState();
    throw error;
  }
  return { ...emptyCloudState(), ...(JSON.parse(text) as Partial<GoogleCloudState>) };
}

/** Keys that work now: not deleted, and their account (the same one, not a re-created namesake) still exists. */
export function liveKeys(state: GoogleCloudState): ServiceAccountKeyRecord[] {
  return Object.values(state.keys).filter((key) => !key.deleted && state.accounts[key.serviceAccountEmail]?.uniqueId === key.serviceAccountUniqueId);
}

/** Wall-clock time with sub-millisecond digits, on the same scale as Date.now() in any process. */
export function wallTime(): number {
  return performance.timeOrigin + performance.now();
}

/** Changes passed to `change` can stamp events: `record(...)` appends one and returns its stamp. */
export interface Changes {
  readonly state: GoogleCloudState;
  record(operation: CloudEvent["operation"], kind: EventKind, id: string, reason?: string): Stamp;
}

/** Synchronous read-modify-write under the lock file (for tests; the provider goes through CloudStore). */
export function changeCloudState<T>(path: string, change: (changes: Changes) => T): T {
  mkdirSync(dirname(path), { recursive: true });
  return withFileLock(path, () => {
    const state = readCloudState(path);
    const result = change({
      state,
      record(operation, kind, id, reason) {
        const time = wallTime();
        const stamp: Stamp = { seq: state.nextSeq++, time, at: new Date(time).toISOString(), pid: process.pid };
        state.events.push({ ...stamp, operation, kind, id, ...(reason !== undefined ? { reason } : {}) });
        return stamp;
      },
    });
    state.configurations = state.configurations.slice(-MAX_CONFIGURATIONS);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state, null, 2), { mode: 0o600 });
    renameSync(temporary, path);
    return result;
  });
}

/** The provider's handle on the state file: changes run one at a time in this process, and under the lock file. */
export class CloudStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  read(): GoogleCloudState {
    return readCloudState(this.path);
  }

  update<T>(change: (changes: Changes) => T): Promise<T> {
    const next = this.queue.then(() => changeCloudState(this.path, change));
    this.queue = next.catch(() => undefined);
    return next;
  }
}
