/**
 * The Edgegap v1 apps and app-versions endpoints, synchronous over the emulator's state: 200 on success with the
 * documented shapes (versions wrapped as {success, version} on create and PATCH, bare on GET), `{message}` errors.
 */
import { APP_FIELDS, checkAppBody, checkVersionBody, isObject } from "./api-rules";
import { type EmulatorState, type StoredVersion, maskedVersion } from "./state";
import type { RegistryStandIn } from "./registry";

export interface ApiResult {
  readonly status: number;
  /** undefined = empty body. */
  readonly body?: unknown;
}

export interface ApiContext {
  readonly state: EmulatorState;
  readonly registry: RegistryStandIn;
  /** Default and largest page size. */
  readonly pageSize: number;
}

export interface ApiCall {
  readonly method: string;
  /** Decoded path segments after `/v1`, e.g. ["app", "my-game", "version"]. */
  readonly segments: readonly string[];
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** Set when the body is not valid JSON. */
  readonly bodyError?: string;
}

const error = (status: number, message: string): ApiResult => ({ status, body: { message } });

/** Defaults Edgegap fills on create (spec defaults; see the README for the guessed ones). */
const VERSION_DEFAULTS = {
  is_active: true,
  req_video: 0,
  verify_image: false,
  force_cache: false,
  caching_percent: 0,
  time_to_deploy: 10,
  max_duration: 1440,
  restart_policy: "always",
  termination_grace_period_seconds: 5,
  will_deploy_in_mainland_china: false,
  private_username: null,
  private_token: null,
  dns_config: null,
  endpoint_storage: null,
};

/**
 * A version as Edgegap stores it after a create with `body`: defaults filled in, port and env fields completed. Tests
 * use it to put a version "made elsewhere" into the emulator without restating every default.
 */
export function asCreatedByEdgegap(body: Record<string, unknown> & { name: string }): StoredVersion {
  return { ...VERSION_DEFAULTS, ...normalized(body) } as StoredVersion;
}

export function handleApi(ctx: ApiContext, call: ApiCall): ApiResult {
  const [root, appName, sub, versionName, ...rest] = call.segments;
  const route = `${call.method} ${root ?? ""}${appName === undefined ? "" : "/_"}${sub === undefined ? "" : `/${sub}`}${versionName === undefined ? "" : "/_"}`;
  if (rest.length > 0) return error(404, "Not Found");
  if (call.bodyError !== undefined && ["POST", "PATCH"].includes(call.method)) return error(400, call.bodyError);
  switch (route) {
    case "POST app":
      return createApp(ctx, call.body);
    case "GET apps":
      return listPage(ctx, call.query, "applications", ctx.state.appNames().map((name) => ctx.state.app(name)));
    case "GET app/_":
      return withApp(ctx, appName, () => ({ status: 200, body: ctx.state.app(appName) }));
    case "PATCH app/_":
      return withApp(ctx, appName, () => updateApp(ctx, appName, call.body));
    case "DELETE app/_":
      return withApp(ctx, appName, () => (ctx.state.deleteApp(appName), { status: 200 }));
    case "POST app/_/version":
      return withApp(ctx, appName, () => createVersion(ctx, appName, call.body));
    case "GET app/_/versions":
      return withApp(ctx, appName, () =>
        listPage(ctx, call.query, "versions", ctx.state.versions(appName).map(maskedVersion)),
      );
    case "GET app/_/version/_":
      return withVersion(ctx, appName, versionName, (v) => ({ status: 200, body: maskedVersion(v) }));
    case "PATCH app/_/version/_":
      return withVersion(ctx, appName, versionName, (v) => updateVersion(ctx, appName, v, call.body));
    case "DELETE app/_/version/_":
      return withVersion(ctx, appName, versionName, () => {
        ctx.state.deleteVersion(appName, versionName);
        return { status: 200, body: { success: true, message: `Version ${versionName} deleted` } };
      });
  }
  return error(404, "Not Found");
}

function withApp(ctx: ApiContext, appName: string, then: () => ApiResult): ApiResult {
  return ctx.state.app(appName) === undefined ? error(404, `App ${appName} not found`) : then();
}

function withVersion(
  ctx: ApiContext,
  appName: string,
  versionName: string,
  then: (version: StoredVersion) => ApiResult,
): ApiResult {
  if (ctx.state.app(appName) === undefined) return error(404, `App ${appName} not found`);
  const version = ctx.state.version(appName, versionName);
  return version === undefined ? error(404, `Version ${versionName} not found for app ${appName}`) : then(version);
}

// ---------------------------------------------------------------- apps

function createApp(ctx: ApiContext, body: unknown): ApiResult {
  if (!isObject(body)) return error(400, "Request body must be a JSON object.");
  const problem = checkAppBody(body, false);
  if (problem !== undefined) return error(400, problem);
  const name = body.name as string;
  if (ctx.state.app(name) !== undefined) return error(409, `App ${name} already exists`);
  return { status: 200, body: ctx.state.putApp({ name, is_active: body.is_active as boolean, image: body.image as string }) };
}

function updateApp(ctx: ApiContext, appName: string, body: unknown): ApiResult {
  if (!isObject(body)) return error(400, "Request body must be a JSON object.");
  const problem = checkAppBody(body, true);
  if (problem !== undefined) return error(400, problem);
  const newName = (body.name as string | undefined) ?? appName;
  if (newName !== appName && ctx.state.app(newName) !== undefined) return error(409, `App ${newName} already exists`);
  ctx.state.renameApp(appName, newName);
  const { create_time, name, is_active, image } = ctx.state.app(newName)!;
  const changes = Object.fromEntries(APP_FIELDS.filter((key) => body[key] !== undefined).map((key) => [key, body[key]]));
  return { status: 200, body: ctx.state.putApp({ name, is_active, image, create_time, ...changes }) };
}

// ---------------------------------------------------------------- versions

function createVersion(ctx: ApiContext, appName: string, body: unknown): ApiResult {
  if (!isObject(body)) return error(400, "Request body must be a JSON object.");
  if (body.endpoint_storage === "") return error(500, "Internal Server Error"); // documented Edgegap behaviour
  const problem = checkVersionBody(body, false);
  if (problem !== undefined) return error(400, problem);
  const name = body.name as string;
  if (ctx.state.version(appName, name) !== undefined) return error(409, `Version ${name} already exists for app ${appName}`);
  const version = asCreatedByEdgegap({ ...body, name });
  const pullFailure = verifyPull(ctx, version);
  if (pullFailure !== undefined) return pullFailure;
  const stored = ctx.state.putVersion(appName, version);
  return { status: 200, body: { success: true, version: maskedVersion(stored) } };
}

function updateVersion(ctx: ApiContext, appName: string, existing: StoredVersion, body: unknown): ApiResult {
  if (!isObject(body)) return error(400, "Request body must be a JSON object.");
  if (body.endpoint_storage === "") return error(500, "Internal Server Error");
  const problem = checkVersionBody(body, true);
  if (problem !== undefined) return error(400, problem);
  const newName = (body.name as string | undefined) ?? existing.name;
  if (newName !== existing.name && ctx.state.version(appName, newName) !== undefined) {
    return error(409, `Version ${newName} already exists for app ${appName}`);
  }
  const { last_updated, ...kept } = existing;
  void last_updated;
  const merged = { ...kept, ...normalized(body), name: newName } as StoredVersion;
  const touchesPull = ["docker_repository", "docker_image", "docker_tag", "private_username", "private_token", "verify_image"]
    .some((key) => body[key] !== undefined);
  if (touchesPull) {
    const pullFailure = verifyPull(ctx, merged);
    if (pullFailure !== undefined) return pullFailure;
  }
  ctx.state.renameVersion(appName, existing.name, newName);
  const stored = ctx.state.putVersion(appName, merged);
  return { status: 200, body: { success: true, version: maskedVersion(stored) } };
}

/** Port and env defaults filled; the legacy `is_secret` read as `is_hidden`. */
function normalized(body: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...body };
  if (Array.isArray(body.ports)) {
    result.ports = body.ports.map((port: Record<string, unknown>) => ({
      port: port.port,
      protocol: port.protocol,
      to_check: port.to_check ?? true,
      tls_upgrade: port.tls_upgrade ?? false,
      name: port.name ?? null,
    }));
  }
  if (Array.isArray(body.envs)) {
    result.envs = body.envs.map((env: Record<string, unknown>) => ({
      key: env.key,
      value: env.value,
      is_hidden: env.is_hidden ?? env.is_secret ?? false,
    }));
  }
  return result;
}

/** 424 when verify_image is on and the registry stand-in refuses the pull. */
function verifyPull(ctx: ApiContext, version: StoredVersion): ApiResult | undefined {
  if (version.verify_image !== true) return undefined;
  const pull = {
    repository: version.docker_repository,
    image: version.docker_image,
    tag: version.docker_tag,
    username: version.private_username,
    token: version.private_token,
  };
  if (ctx.registry.canPull(pull)) return undefined;
  return error(
    424,
    `Unable to pull image ${pull.repository}/${pull.image}:${pull.tag} with the provided credentials: check the repository, image, tag, username and token.`,
  );
}

// ---------------------------------------------------------------- pagination

function listPage(
  ctx: ApiContext,
  query: Readonly<Record<string, string>>,
  key: "applications" | "versions",
  all: readonly unknown[],
): ApiResult {
  const page = query.page === undefined ? 1 : Number(query.page);
  const requested = query.limit === undefined ? ctx.pageSize : Number(query.limit);
  if (!Number.isInteger(page) || page < 1) return error(400, "page: must be an integer >= 1.");
  if (!Number.isInteger(requested) || requested < 1) return error(400, "limit: must be an integer >= 1.");
  const limit = Math.min(requested, ctx.pageSize);
  const numPages = Math.max(1, Math.ceil(all.length / limit));
  const hasNext = page < numPages;
  const hasPrevious = page > 1;
  return {
    status: 200,
    body: {
      [key]: all.slice((page - 1) * limit, page * limit),
      total_count: all.length,
      pagination: {
        number: page,
        next_page_number: hasNext ? page + 1 : null,
        previous_page_number: hasPrevious ? page - 1 : null,
        paginator: { num_pages: numPages },
        has_next: hasNext,
        has_previous: hasPrevious,
      },
    },
  };
}
