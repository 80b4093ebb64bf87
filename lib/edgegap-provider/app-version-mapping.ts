import {
  AppVersion,
  AppVersionPort,
  CreateAppVersionRequest,
  EnvVariable,
  MASKED_SECRET_VALUE,
  UpdateAppVersionRequest,
  APP_VERSION_SCALAR_SETTINGS,
} from "../edgegap-api/models";
import { appVersionDifferences } from "../edgegap-api/idempotency";
import { ApplyPlanOf, isUnknown, isWhollyKnown, Value } from "../provider-runtime";
import { appVersionAttributes, AppVersionState } from "./app-version-schema";

/**
 * Conversions between Terraform state and Edgegap's wire models. After a write, state is the plan with what only
 * Edgegap knows filled in (so the apply result equals the plan); after a read, state is what Edgegap says (so drift
 * shows), except secrets, which Edgegap masks and which therefore stay as configured.
 */
export type AppVersionPlan = ApplyPlanOf<typeof appVersionAttributes>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Port = NonNullable<AppVersionState["ports"]>[number];
type Env = NonNullable<AppVersionState["envs"]>[number];

/** Settings sent on create and compared for PATCH; resources and names are handled apart. */
const SETTINGS = APP_VERSION_SCALAR_SETTINGS;

export const versionId = (app: string, name: string): string => `${app}/${name}`;

/** Splits an import id `app/version`; undefined when it is not of that shape. */
export function parseVersionId(id: string): { app: string; name: string } | undefined {
  const slash = id.indexOf("/");
  if (slash <= 0 || slash === id.length - 1 || id.indexOf("/", slash + 1) >= 0) return undefined;
  return { app: id.slice(0, slash), name: id.slice(slash + 1) };
}

export function createRequest(plan: AppVersionPlan): CreateAppVersionRequest {
  const request: Record<string, unknown> = {
    name: plan.name,
    req_cpu: plan.req_cpu,
    req_memory: plan.req_memory,
  };
  if (typeof plan.req_video === "number") request.req_video = plan.req_video;
  for (const field of SETTINGS) {
    const value = plan[field];
    // null: left out of configuration; UNKNOWN: Edgegap's default, filled from the response.
    if (value !== null && !isUnknown(value)) request[field] = value;
  }
  if (plan.ports !== null) request.ports = plan.ports.map(portToWire);
  if (plan.envs !== null) request.envs = plan.envs.map(envToWire);
  return request as unknown as CreateAppVersionRequest;
}

/**
 * The non-secret fields in which `version` differs from the create `state` describes (the rule the client applies to
 * a 409 after a retried create). Fields the state does not hold (after an import, all but the names) are not compared.
 */
export function differencesFromCreate(state: AppVersionState, version: AppVersion): string[] {
  const sent = Object.entries(createRequest(state as unknown as AppVersionPlan)).filter(([, value]) => value !== null);
  return appVersionDifferences(Object.fromEntries(sent) as unknown as CreateAppVersionRequest, version);
}

/** Only what changed, so the PATCH (and the request log) says exactly what the plan showed; lists are sent whole. */
export function patchRequest(prior: AppVersionState, plan: AppVersionPlan): UpdateAppVersionRequest {
  const patch: Record<string, unknown> = {};
  if (plan.name !== prior.name) patch.name = plan.name;
  for (const field of SETTINGS) {
    const value = plan[field];
    if (isUnknown(value) || value === prior[field]) continue;
    // A field removed from configuration: Edgegap's PATCH clears optional strings with null.
    patch[field] = value;
  }
  if (!sameJson(plan.ports, prior.ports)) patch.ports = (plan.ports ?? []).map(portToWire);
  if (!sameJson(plan.envs, prior.envs)) patch.envs = (plan.envs ?? []).map(envToWire);
  return patch as UpdateAppVersionRequest;
}

/** The state after a create or update: the plan, with Edgegap's values where the plan was unknown. */
export function stateAfterWrite(plan: AppVersionPlan, version: AppVersion): AppVersionState {
  const fromApi = stateFromApi(version, null);
  const state = { ...fromApi } as Record<string, Value>;
  for (const [name, value] of Object.entries(plan)) {
    if (isWhollyKnown(value as Value)) state[name] = value as Value;
  }
  state.id = versionId(plan.app, version.name);
  return state as unknown as AppVersionState;
}

/**
 * The state a read gives: Edgegap's values, with secrets kept from `prior` because Edgegap masks them
 * (private_token always; a hidden env value, or any other value that comes back masked).
 */
export function stateFromApi(version: AppVersion, prior: AppVersionState | null, app?: string): AppVersionState {
  const unmask = <T>(value: T, previous: T | null | undefined): T | null =>
    value === MASKED_SECRET_VALUE ? previous ?? null : value;
  const appName = app ?? prior?.app ?? "";
  return {
    id: versionId(appName, version.name),
    app: appName,
    name: version.name,
    docker_repository: version.docker_repository,
    docker_image: version.docker_image,
    docker_tag: version.docker_tag,
    private_username: unmask(version.private_username ?? null, prior?.private_username),
    private_token: prior?.private_token ?? null,
    req_cpu: version.req_cpu,
    req_memory: version.req_memory,
    req_video: version.req_video ?? 0,
    ports: listFromApi(version.ports, prior?.ports, (port): Port => ({
      port: port.port,
      protocol: port.protocol,
      to_check: port.to_check ?? true,
      tls_upgrade: port.tls_upgrade ?? false,
      name: port.name ?? null,
    })),
    envs: listFromApi(version.envs, prior?.envs, (env): Env => ({
      key: env.key,
      value: env.value === MASKED_SECRET_VALUE || env.is_hidden
        ? prior?.envs?.find((known) => known.key === env.key)?.value ?? env.value
        : env.value,
      is_hidden: env.is_hidden ?? false,
    })),
    is_active: version.is_active ?? true,
    verify_image: version.verify_image ?? false,
    force_cache: version.force_cache ?? false,
    time_to_deploy: version.time_to_deploy ?? null,
    max_duration: version.max_duration ?? null,
    restart_policy: version.restart_policy ?? null,
    termination_grace_period_seconds: version.termination_grace_period_seconds ?? null,
    endpoint_storage: version.endpoint_storage ?? null,
    dns_config: version.dns_config ?? null,
    will_deploy_in_mainland_china: version.will_deploy_in_mainland_china ?? false,
    create_time: version.create_time ?? prior?.create_time ?? null,
    last_updated: version.last_updated ?? prior?.last_updated ?? null,
  };
}

/** An empty list from the API matches a list left out of configuration (null), so it is no drift. */
function listFromApi<W, S>(wire: readonly W[] | null | undefined, prior: S[] | null | undefined, map: (item: W) => S): S[] | null {
  if (!wire || wire.length === 0) return prior === null || prior === undefined ? null : [];
  return wire.map(map);
}

function portToWire(port: unknown): AppVersionPort {
  const p = port as Port;
  const wire: Mutable<AppVersionPort> = { port: p.port, protocol: p.protocol as AppVersionPort["protocol"] };
  if (p.to_check !== null) wire.to_check = p.to_check;
  if (p.tls_upgrade !== null) wire.tls_upgrade = p.tls_upgrade;
  if (p.name !== null) wire.name = p.name;
  return wire;
}

function envToWire(env: unknown): EnvVariable {
  const e = env as Env;
  return { key: e.key, value: e.value, is_hidden: e.is_hidden ?? false };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
