import type { EdgegapEmulator } from "../edgegap-emulator";
import { GoogleCloudState, liveKeys } from "../google-stand-in";

/**
 * What a deploy created, in Edgegap's terms and Google's, read from the emulator's stored state and the stand-in's
 * state file. The pull token itself never leaves this module: only its size, and which live key it is.
 */
export interface EdgegapVersionReport {
  readonly app: string;
  readonly version: string;
  /** docker_repository */
  readonly registry: string;
  /** docker_image */
  readonly image: string;
  /** docker_tag */
  readonly tag: string;
  /** private_username */
  readonly username: string | null;
  /** Size of private_token in bytes (UTF-8); null when unset. */
  readonly tokenBytes: number | null;
  /** The id of the live Google key whose JSON is private_token, byte for byte; undefined when none is. */
  readonly tokenKeyId?: string;
  /** `PORT/PROTOCOL name` of each port. */
  readonly ports: readonly string[];
}

export interface GoogleAccountReport {
  readonly email: string;
  /** `ROLE on WHAT`, e.g. "roles/artifactregistry.reader on repository game-servers (us, my-game-project)". */
  readonly grants: readonly string[];
  /** Ids of the account's live keys. */
  readonly keyIds: readonly string[];
}

export interface DeploymentReport {
  readonly apps: readonly string[];
  readonly versions: readonly EdgegapVersionReport[];
  readonly accounts: readonly GoogleAccountReport[];
}

export function describeDeployment(emulator: EdgegapEmulator, cloud: GoogleCloudState): DeploymentReport {
  const live = liveKeys(cloud);
  const apps = emulator.apps.list().map((app) => app.name);
  const versions = apps.flatMap((app) =>
    emulator.versions.list(app).map((stored): EdgegapVersionReport => {
      const token = typeof stored.private_token === "string" ? stored.private_token : null;
      const key = token === null ? undefined : live.find((candidate) => candidate.privateKeyData === token);
      return {
        app,
        version: stored.name,
        registry: stored.docker_repository,
        image: stored.docker_image,
        tag: stored.docker_tag,
        username: stored.private_username ?? null,
        tokenBytes: token === null ? null : Buffer.byteLength(token, "utf8"),
        ...(key ? { tokenKeyId: key.keyId } : {}),
        ports: (stored.ports ?? []).map((port) => `${port.port}/${port.protocol}${port.name ? ` ${port.name}` : ""}`),
      };
    }),
  );
  const accounts = Object.values(cloud.accounts).map(
    (account): GoogleAccountReport => ({
      email: account.email,
      grants: Object.values(cloud.bindings)
        .filter((binding) => binding.member === `serviceAccount:${account.email}`)
        .map((binding) => `${binding.role} on ${describeResource(binding.resource, binding.scope)}`),
      keyIds: live.filter((key) => key.serviceAccountEmail === account.email).map((key) => key.keyId),
    }),
  );
  return { apps, versions, accounts };
}

/** The report as aligned lines, for people. */
export function formatDeployment(report: DeploymentReport): string[] {
  const row = (label: string, value: string, note = "") => `  ${label.padEnd(16)}${note ? `${value.padEnd(44)} ${note}` : value}`;
  const lines = ["Edgegap (what the emulator stores)"];
  if (report.versions.length === 0) lines.push(row("versions", "none"));
  for (const version of report.versions) {
    const token =
      version.tokenBytes === null
        ? row("token", "none", "private_token")
        : row("token", `(sensitive, ${version.tokenBytes} bytes)`, version.tokenKeyId ? `private_token: the JSON of key ${version.tokenKeyId.slice(0, 12)}…` : "private_token: NOT a live key's JSON");
    lines.push(
      row("app", version.app),
      row("version", version.version),
      row("registry", version.registry, "docker_repository"),
      row("image", version.image, "docker_image"),
      row("tag", version.tag, "docker_tag"),
      row("username", version.username ?? "none", "private_username"),
      token,
      row("ports", version.ports.join(", ") || "none"),
    );
  }
  lines.push("Google Cloud (what the stand-in holds)");
  if (report.accounts.length === 0) lines.push(row("accounts", "none"));
  for (const account of report.accounts) {
    lines.push(row("service account", account.email));
    account.grants.forEach((grant) => lines.push(row("grant", grant)));
    account.keyIds.forEach((keyId) => lines.push(row("key id", keyId)));
  }
  return lines;
}

function describeResource(resource: string, scope: string): string {
  const repository = /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/]+)$/.exec(resource);
  if (repository) return `repository ${repository[3]} (location ${repository[2]}, project ${repository[1]})`;
  if (scope === "project") return `project ${resource}`;
  if (scope === "storage_bucket") return `bucket ${resource.replace(/^b\//, "")}`;
  return resource;
}
