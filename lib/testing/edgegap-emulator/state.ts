/**
 * The emulator's apps and versions, kept as sent (secrets in clear, so tests can assert what was stored) and shown
 * to API clients masked, as Edgegap does. `apps` and `versions` are also the tests' handle for out-of-band changes.
 */
import type { AppVersion, Application } from "../../edgegap-api/models";

/** What Edgegap answers in place of a stored secret. */
export const MASKED = "This value is set and encrypted";

/** A stored version: any AppVersion fields, with real `private_token` and env values. */
export type StoredVersion = { -readonly [K in keyof AppVersion]: AppVersion[K] } & Record<string, unknown>;
export type StoredApp = { -readonly [K in keyof Application]: Application[K] } & Record<string, unknown>;

/** Edgegap's timestamp format `YYYY-MM-DD HH:MM:SS.ffffff` (UTC, no zone), strictly increasing. */
export class Clock {
  private lastMicros = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  stamp(): string {
    const micros = Math.max(this.now().getTime() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    const date = new Date(Math.floor(micros / 1000));
    const fraction = String(micros % 1_000_000).padStart(6, "0");
    return `${date.toISOString().slice(0, 19).replace("T", " ")}.${fraction}`;
  }
}

interface AppRecord {
  app: StoredApp;
  versions: Map<string, StoredVersion>;
}

/** Deep copy, so callers never alias stored state. */
function copy<T>(value: T): T {
  return structuredClone(value);
}

/** Rename a key of a Map keeping its position (list order is creation order). */
function renameKey<V>(map: Map<string, V>, from: string, to: string, value: V): Map<string, V> {
  return new Map([...map].map(([key, item]) => (key === from ? [to, value] : [key, item])));
}

export class EmulatorState {
  private records = new Map<string, AppRecord>();

  constructor(readonly clock: Clock) {}

  clear(): void {
    this.records = new Map();
  }

  app(name: string): StoredApp | undefined {
    return this.records.get(name)?.app;
  }

  appNames(): string[] {
    return [...this.records.keys()];
  }

  /** Stores (or replaces) an app, filling timestamps. */
  putApp(app: Partial<StoredApp> & { name: string }): StoredApp {
    const existing = this.records.get(app.name);
    const stamp = this.clock.stamp();
    const { name, ...fields } = copy(app);
    const stored: StoredApp = {
      name,
      is_active: true,
      image: "",
      ...fields,
      create_time: app.create_time ?? existing?.app.create_time ?? stamp,
      last_updated: app.last_updated ?? stamp,
    };
    this.records.set(app.name, { app: stored, versions: existing?.versions ?? new Map() });
    return stored;
  }

  renameApp(from: string, to: string): void {
    const record = this.records.get(from);
    if (record === undefined || from === to) return;
    record.app.name = to;
    this.records = renameKey(this.records, from, to, record);
  }

  /** Deletes an app and all its versions. */
  deleteApp(name: string): boolean {
    return this.records.delete(name);
  }

  version(appName: string, versionName: string): StoredVersion | undefined {
    return this.records.get(appName)?.versions.get(versionName);
  }

  versions(appName: string): StoredVersion[] {
    return [...(this.records.get(appName)?.versions.values() ?? [])];
  }

  /** Stores (or replaces) a version as given, filling timestamps; the app must exist. */
  putVersion(appName: string, version: Partial<StoredVersion> & { name: string }): StoredVersion {
    const record = this.records.get(appName);
    if (record === undefined) throw new Error(`emulator: no app "${appName}" to put version "${version.name}" in`);
    const existing = record.versions.get(version.name);
    const stamp = this.clock.stamp();
    const stored = {
      ...copy(version),
      create_time: version.create_time ?? existing?.create_time ?? stamp,
      last_updated: version.last_updated ?? stamp,
    } as StoredVersion;
    record.versions.set(version.name, stored);
    return stored;
  }

  renameVersion(appName: string, from: string, to: string): void {
    const record = this.records.get(appName);
    const version = record?.versions.get(from);
    if (record === undefined || version === undefined || from === to) return;
    version.name = to;
    record.versions = renameKey(record.versions, from, to, version);
  }

  deleteVersion(appName: string, versionName: string): boolean {
    return this.records.get(appName)?.versions.delete(versionName) ?? false;
  }
}

/** A version as Edgegap shows it: `private_token` and hidden env values replaced by MASKED. */
export function maskedVersion(version: StoredVersion): StoredVersion {
  const shown = copy(version);
  if (typeof shown.private_token === "string" && shown.private_token !== "") shown.private_token = MASKED;
  if (Array.isArray(shown.envs)) {
    shown.envs = shown.envs.map((env) => (env.is_hidden ? { ...env, value: MASKED } : env));
  }
  return shown;
}

/** Test-facing access to apps: copies in and out, so a test's later edits do not leak into state. */
export class AppsAccess {
  constructor(private readonly state: EmulatorState) {}

  get(name: string): StoredApp | undefined {
    const app = this.state.app(name);
    return app && copy(app);
  }

  list(): StoredApp[] {
    return this.state.appNames().map((name) => copy(this.state.app(name) as StoredApp));
  }

  /** Creates or replaces an app out of band (timestamps filled when missing). */
  put(app: Partial<StoredApp> & { name: string }): StoredApp {
    return copy(this.state.putApp(app));
  }

  /** Deletes an app and its versions out of band. */
  delete(name: string): boolean {
    return this.state.deleteApp(name);
  }
}

/** Test-facing access to versions, with the secrets as stored (not masked). */
export class VersionsAccess {
  constructor(private readonly state: EmulatorState) {}

  get(appName: string, versionName: string): StoredVersion | undefined {
    const version = this.state.version(appName, versionName);
    return version && copy(version);
  }

  list(appName: string): StoredVersion[] {
    return this.state.versions(appName).map(copy);
  }

  /** Creates or replaces a version out of band, stored exactly as given (no defaults, no validation). */
  put(appName: string, version: Partial<StoredVersion> & { name: string }): StoredVersion {
    return copy(this.state.putVersion(appName, version));
  }

  /** Changes some fields of a stored version out of band (drift). */
  update(appName: string, versionName: string, changes: Partial<StoredVersion>): StoredVersion {
    const existing = this.state.version(appName, versionName);
    if (existing === undefined) throw new Error(`emulator: no version "${appName}/${versionName}" to update`);
    const { create_time, last_updated, ...rest } = existing;
    void last_updated;
    return copy(this.state.putVersion(appName, { ...rest, ...copy(changes), name: versionName, create_time }));
  }

  delete(appName: string, versionName: string): boolean {
    return this.state.deleteVersion(appName, versionName);
  }
}
