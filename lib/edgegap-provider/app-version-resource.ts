import { EdgegapApiError } from "../edgegap-api/errors";
import { validateAppName, validateVersionName } from "../edgegap-api/field-rules";
import { validateAppVersionFields } from "../edgegap-api/validation";
import { defineResource, isUnknown, isWhollyKnown, ResourceContext, Value } from "../provider-runtime";
import { apiFailure, validationFailure, versionCreateFailure } from "./api-diagnostics";
import {
  AppVersionPlan,
  createRequest,
  differencesFromCreate,
  parseVersionId,
  patchRequest,
  stateAfterWrite,
  stateFromApi,
  versionId,
} from "./app-version-mapping";
import { appVersionAttributes } from "./app-version-schema";
import { ImageReference, retryImagePull } from "./image-pull-retry";
import type { EdgegapConnection } from "./provider";

type Context = ResourceContext<EdgegapConnection>;

/**
 * `edgegap_app_version`: which image Edgegap deploys for an app, how it pulls it, and with what resources, ports and
 * environment. Create is one POST, an in-place change one PATCH, a refresh one GET, destroy one DELETE.
 */
export const appVersionResource = defineResource({
  typeName: "edgegap_app_version",
  description: "An Edgegap app version. Import with the id `app/version`.",
  attributes: appVersionAttributes,

  validate({ config }) {
    const problems = [
      ...(typeof config.app === "string" ? validateAppName(config.app, "app") : []),
      ...(typeof config.name === "string" ? validateVersionName(config.name) : []),
      ...validateAppVersionFields(knownFields(config as unknown as Record<string, Value>)),
    ];
    if (problems.length > 0) throw validationFailure("Invalid Edgegap app version", problems);
  },

  modifyPlan({ plan }) {
    // The id is derived from names, so it is known whenever they are, and follows a rename.
    if (!isUnknown(plan.app) && !isUnknown(plan.name)) plan.id = versionId(plan.app, plan.name);
  },

  async create({ plan }, ctx: Context) {
    const client = ctx.provider.client();
    const request = createRequest(plan);
    try {
      const version = await retryImagePull(
        () => client.createAppVersion(plan.app, request, { signal: ctx.signal }),
        pullRetryOptions(plan, ctx),
      );
      return stateAfterWrite(plan, version);
    } catch (error) {
      const id = versionId(plan.app, plan.name);
      throw versionCreateFailure(`Creating Edgegap app version ${id} failed`, error, { ...plan, id });
    }
  },

  async read({ state }, ctx: Context) {
    try {
      const version = await ctx.provider.client().getAppVersion(state.app, state.name, { signal: ctx.signal });
      // State a failed create left (no create_time: Edgegap never confirmed it) is ours only if Edgegap holds what
      // we sent; a version that differs was made by someone else under that name: not ours to adopt or replace.
      if (state.create_time === null && differencesFromCreate(state, version).length > 0) return null;
      return stateFromApi(version, state);
    } catch (error) {
      if (error instanceof EdgegapApiError && error.isNotFound) return null; // deleted outside Terraform: plan a create
      throw apiFailure(`Reading Edgegap app version ${state.id} failed`, error);
    }
  },

  async update({ prior, plan }, ctx: Context) {
    const client = ctx.provider.client();
    const patch = patchRequest(prior, plan);
    try {
      const version = await retryImagePull(
        () => client.updateAppVersion(prior.app, prior.name, patch, { signal: ctx.signal }),
        pullRetryOptions(plan, ctx),
      );
      return stateAfterWrite(plan, version);
    } catch (error) {
      throw apiFailure(`Updating Edgegap app version ${prior.id} failed`, error);
    }
  },

  async delete({ state }, ctx: Context) {
    try {
      await ctx.provider.client().deleteAppVersion(state.app, state.name, { signal: ctx.signal });
    } catch (error) {
      if (error instanceof EdgegapApiError && error.isNotFound) return; // already gone: the goal is reached
      throw apiFailure(`Deleting Edgegap app version ${state.id} failed`, error);
    }
  },

  importState({ id }) {
    const parts = parseVersionId(id);
    if (!parts) {
      throw validationFailure(`Cannot import Edgegap app version "${id}"`, [
        { path: "id", value: id, rule: "the import id must be app/version, e.g. my-game/2026.12.03" },
      ]);
    }
    const problems = [...validateAppName(parts.app, "app"), ...validateVersionName(parts.name)];
    if (problems.length > 0) throw validationFailure(`Cannot import Edgegap app version "${id}"`, problems);
    return { id, app: parts.app, name: parts.name };
  },
});

/** Configuration values known at plan time, as wire fields; unknown values and lists holding any are left out. */
function knownFields(config: Record<string, Value>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) {
    if (value === null || !isWhollyKnown(value) || name === "app" || name === "name" || name === "id") continue;
    fields[name] = Array.isArray(value) ? value.map(withoutNulls) : value;
  }
  return fields;
}

/** Nested objects arrive with every attribute, null when unset: the wire rules treat absent and null alike. */
function withoutNulls(item: Value): Value {
  if (item === null || typeof item !== "object" || Array.isArray(item)) return item;
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== null)) as Value;
}

function pullRetryOptions(plan: AppVersionPlan, ctx: Context) {
  const image: ImageReference = {
    repository: plan.docker_repository,
    image: plan.docker_image,
    tag: plan.docker_tag,
    username: plan.private_username,
  };
  return {
    windowMs: ctx.provider.imagePullRetryMs,
    signal: ctx.signal,
    image,
    onRetry: (waitMs: number, tries: number) =>
      ctx.log.info("Edgegap cannot pull the image yet (424); retrying while IAM propagates", { tries, wait_ms: waitMs }),
  };
}
