import { EdgegapApiError } from "../edgegap-api/errors";
import { validateAppName } from "../edgegap-api/field-rules";
import { Application, PLACEHOLDER_APP_IMAGE, UpdateAppRequest } from "../edgegap-api/models";
import { attr, defineResource, isUnknown, ResourceContext, StateOf, useStateForUnknown } from "../provider-runtime";
import { apiFailure, appCreateFailure, validationFailure } from "./api-diagnostics";
import type { EdgegapConnection } from "./provider";

const attributes = {
  id: attr.string({ computed: true, description: "The application name, which the API uses as its id." }),
  name: attr.string({
    required: true,
    description: "Application name, 3 to 64 characters. Renaming updates in place (PATCH) and moves its versions along.",
  }),
  is_active: attr.bool({
    optional: true,
    computed: true,
    default: true,
    description: "Whether the application accepts deployments (PATCH in place). Defaults to true.",
  }),
  image: attr.string({
    optional: true,
    computed: true,
    default: PLACEHOLDER_APP_IMAGE,
    description: "The application's icon as base64 (Edgegap requires one; PATCH in place). Defaults to a 1×1 transparent PNG.",
  }),
  create_time: attr.string({
    computed: true,
    planModifiers: [useStateForUnknown()],
    description: "When Edgegap created the application (YYYY-MM-DD HH:MM:SS.ffffff, UTC).",
  }),
  last_updated: attr.string({ computed: true, description: "When Edgegap last changed the application." }),
};

type AppState = StateOf<typeof attributes>;
type Context = ResourceContext<EdgegapConnection>;

/** `edgegap_app`: an Edgegap application, the named container of a game's versions. */
export const appResource = defineResource({
  typeName: "edgegap_app",
  description: "An Edgegap application. Destroying it deletes every version Edgegap holds for it. Import by name.",
  attributes,

  validate({ config }) {
    if (typeof config.name === "string") {
      const problems = validateAppName(config.name);
      if (problems.length > 0) throw validationFailure("Invalid Edgegap application name", problems);
    }
  },

  modifyPlan({ plan }) {
    // The id is the name, so it is known as soon as the name is (and follows a rename).
    plan.id = isUnknown(plan.name) ? plan.id : plan.name;
  },

  async create({ plan }, ctx: Context) {
    const request = { name: plan.name, is_active: plan.is_active as boolean, image: plan.image as string };
    try {
      return toState(await ctx.provider.client().createApp(request, { signal: ctx.signal }));
    } catch (error) {
      throw appCreateFailure(`Creating Edgegap application "${plan.name}" failed`, error, plan.name);
    }
  },

  async read({ state }, ctx: Context) {
    try {
      return toState(await ctx.provider.client().getApp(state.id ?? state.name, { signal: ctx.signal }));
    } catch (error) {
      if (error instanceof EdgegapApiError && error.isNotFound) return null;
      throw apiFailure(`Reading Edgegap application "${state.name}" failed`, error);
    }
  },

  async update({ prior, plan }, ctx: Context) {
    const change: { -readonly [K in keyof UpdateAppRequest]: UpdateAppRequest[K] } = {};
    if (plan.name !== prior.name) change.name = plan.name;
    if (plan.is_active !== prior.is_active) change.is_active = plan.is_active as boolean;
    if (plan.image !== prior.image) change.image = plan.image as string;
    try {
      return toState(await ctx.provider.client().updateApp(prior.name, change, { signal: ctx.signal }));
    } catch (error) {
      throw apiFailure(`Updating Edgegap application "${prior.name}" failed`, error);
    }
  },

  async delete({ state }, ctx: Context) {
    try {
      await ctx.provider.client().deleteApp(state.name, { signal: ctx.signal });
    } catch (error) {
      if (error instanceof EdgegapApiError && error.isNotFound) return; // already gone: the goal is reached
      throw apiFailure(`Deleting Edgegap application "${state.name}" failed`, error);
    }
  },

  importState({ id }) {
    const problems = validateAppName(id, "id");
    if (problems.length > 0) throw validationFailure(`Cannot import Edgegap application "${id}"`, problems);
    return { id, name: id };
  },
});

function toState(app: Application): AppState {
  return {
    id: app.name,
    name: app.name,
    is_active: app.is_active,
    image: app.image,
    create_time: app.create_time,
    last_updated: app.last_updated,
  };
}
