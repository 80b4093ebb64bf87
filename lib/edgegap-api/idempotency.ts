/**
 * When a retried create answers 409 (or a retried rename answers 404), the first attempt may have succeeded with
 * its response lost. We then read what exists and accept it only if it is what we sent. Secrets cannot take part:
 * the API masks `private_token` and hidden env values on read.
 */
import { APP_VERSION_RESOURCE_FIELDS, APP_VERSION_SCALAR_SETTINGS } from "./models";
import type {
  AppVersion,
  AppVersionPort,
  AppVersionPortResponse,
  Application,
  CreateAppRequest,
  CreateAppVersionRequest,
  EnvVariable,
  EnvVariableResponse,
  UpdateAppRequest,
  UpdateAppVersionRequest,
} from "./models";

/** Scalar fields compared as sent; `private_token` is masked on read and `verify_image` is an action, not state. */
const COMPARED_VERSION_FIELDS: readonly string[] = [
  "name",
  ...APP_VERSION_RESOURCE_FIELDS,
  ...APP_VERSION_SCALAR_SETTINGS.filter((field) => field !== "private_token" && field !== "verify_image"),
];

/** Names of the non-secret fields of `sent` that `stored` does not match (empty: it is what we sent). */
export function appVersionDifferences(
  sent: CreateAppVersionRequest | UpdateAppVersionRequest,
  stored: AppVersion,
): string[] {
  const sentFields = sent as Readonly<Record<string, unknown>>;
  const storedFields = stored as unknown as Readonly<Record<string, unknown>>;
  const differences: string[] = COMPARED_VERSION_FIELDS.filter(
    (key) => sentFields[key] !== undefined && sentFields[key] !== storedFields[key],
  );
  if (sent.ports !== undefined && canonicalPorts(sent.ports) !== canonicalPorts(stored.ports ?? [])) {
    differences.push("ports");
  }
  if (sent.envs !== undefined && canonicalEnvs(sent.envs) !== canonicalEnvs(stored.envs ?? [])) {
    differences.push("envs");
  }
  return differences;
}

export function applicationDifferences(sent: CreateAppRequest | UpdateAppRequest, stored: Application): string[] {
  return (["name", "is_active", "image"] as const).filter((key) => sent[key] !== undefined && sent[key] !== stored[key]);
}

/** Ports with defaults applied (to_check true, tls_upgrade false), order-insensitive. */
function canonicalPorts(ports: readonly (AppVersionPort | AppVersionPortResponse)[]): string {
  return ports
    .map((port) =>
      JSON.stringify([port.port, port.protocol, port.to_check ?? true, port.tls_upgrade ?? false, port.name ?? null]),
    )
    .sort()
    .join("|");
}

/** Envs by key with is_hidden defaulted; a hidden value cannot be read back, so only its key and flag count. */
function canonicalEnvs(envs: readonly (EnvVariable | EnvVariableResponse)[]): string {
  return envs
    .map((env) => {
      const hidden = env.is_hidden ?? false;
      return JSON.stringify([env.key, hidden, hidden ? null : env.value]);
    })
    .sort()
    .join("|");
}
