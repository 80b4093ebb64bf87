import { attr, DiagnosticError, defineResource, known, requiresReplace, ResourceContext, StateOf, useStateForUnknown } from "../../provider-runtime";
import { StandInCloud } from "./cloud";
import { ServiceAccountRecord } from "./cloud-state";
import {
  ACCOUNT_ID_PATTERN,
  newUniqueId,
  parseServiceAccountReference,
  projectOfEmail,
  resolveDefaulted,
  serviceAccountEmail,
  serviceAccountName,
} from "./names";

const TYPE = "google_service_account";
const MAX_DISPLAY_NAME = 100;
const MAX_DESCRIPTION = 256;
const stable = () => [useStateForUnknown()];

const attributes = {
  account_id: attr.string({ required: true, planModifiers: [requiresReplace()], description: "6-30 characters, ^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$." }),
  project: attr.string({ optional: true, computed: true, planModifiers: [useStateForUnknown(), requiresReplace()] }),
  display_name: attr.string({ optional: true }),
  description: attr.string({ optional: true }),
  disabled: attr.bool({ optional: true, computed: true, default: false }),
  create_ignore_already_exists: attr.bool({ optional: true }),
  timeouts: attr.nested({ create: attr.string({ optional: true }) }, { optional: true }),
  email: attr.string({ computed: true, planModifiers: stable() }),
  member: attr.string({ computed: true, planModifiers: stable(), description: "serviceAccount:<email>" }),
  name: attr.string({ computed: true, planModifiers: stable(), description: "projects/<project>/serviceAccounts/<email>" }),
  unique_id: attr.string({ computed: true, planModifiers: stable() }),
  id: attr.string({ optional: true, computed: true, planModifiers: stable() }),
};

/** google_service_account: an account in a project; its email is `<account_id>@<project>.iam.gserviceaccount.com`. */
export const serviceAccount = defineResource({
  typeName: TYPE,
  description: "A Google service account (stand-in).",
  attributes,

  validate({ config }) {
    if (typeof config.account_id === "string" && !ACCOUNT_ID_PATTERN.test(config.account_id)) {
      throw new DiagnosticError("Invalid account_id", {
        detail: `"${config.account_id}" must be 6-30 characters matching ${ACCOUNT_ID_PATTERN.source} (lower-case letters, digits, hyphens; a letter first)`,
        path: "account_id",
      });
    }
    if (typeof config.display_name === "string" && config.display_name.length > MAX_DISPLAY_NAME) {
      throw new DiagnosticError("Invalid display_name", { detail: `at most ${MAX_DISPLAY_NAME} characters, got ${config.display_name.length}`, path: "display_name" });
    }
    if (typeof config.description === "string" && config.description.length > MAX_DESCRIPTION) {
      throw new DiagnosticError("Invalid description", { detail: `at most ${MAX_DESCRIPTION} characters, got ${config.description.length}`, path: "description" });
    }
  },

  async create({ plan, config }, ctx: ResourceContext<StandInCloud>) {
    const cloud = ctx.provider;
    await cloud.checkFaults(TYPE, "create", ctx.signal);
    const project = resolveDefaulted("project", config.project, cloud.defaults.project);
    const email = serviceAccountEmail(config.account_id, project);
    const disabled = known(plan.disabled, "disabled") ?? false;
    const record = await cloud.store.update(({ state, record }) => {
      const existing = state.accounts[email];
      if (existing) {
        if (!config.create_ignore_already_exists) {
          throw new DiagnosticError("Error creating service account", {
            detail: `googleapi: Error 409: Service account ${config.account_id} already exists within project projects/${project}., alreadyExists`,
            path: "account_id",
          });
        }
        Object.assign(existing, { displayName: config.display_name, description: config.description, disabled });
        existing.updated = record("update", "service_account", email, "create_ignore_already_exists: adopted the existing account");
        return existing;
      }
      const created: ServiceAccountRecord = {
        project,
        accountId: config.account_id,
        email,
        name: serviceAccountName(project, email),
        uniqueId: newUniqueId(),
        displayName: config.display_name,
        description: config.description,
        disabled,
        created: record("create", "service_account", email),
      };
      state.accounts[email] = created;
      return created;
    });
    ctx.log.info("created service account", { email });
    return toState(record, config);
  },

  async read({ state }, ctx: ResourceContext<StandInCloud>) {
    await ctx.provider.checkFaults(TYPE, "read", ctx.signal);
    const email = state.email ?? parseServiceAccountReference(state.id ?? state.name ?? "")?.email;
    const record = email === undefined ? undefined : ctx.provider.store.read().accounts[email];
    return record ? toState(record, state) : null;
  },

  async update({ prior, config }, ctx: ResourceContext<StandInCloud>) {
    const cloud = ctx.provider;
    await cloud.checkFaults(TYPE, "update", ctx.signal);
    const email = known(prior.email, "email")!;
    const record = await cloud.store.update(({ state, record }) => {
      const existing = state.accounts[email];
      if (!existing) throw new DiagnosticError("Error updating service account", { detail: `googleapi: Error 404: ${prior.name} not found, notFound` });
      Object.assign(existing, { displayName: config.display_name, description: config.description, disabled: config.disabled ?? false });
      existing.updated = record("update", "service_account", email);
      return existing;
    });
    return toState(record, config);
  },

  async delete({ state }, ctx: ResourceContext<StandInCloud>) {
    const cloud = ctx.provider;
    await cloud.checkFaults(TYPE, "delete", ctx.signal);
    await cloud.store.update(({ state: cloudState, record }) => {
      const email = state.email ?? "";
      if (!cloudState.accounts[email]) return; // already gone: nothing to do, as with Google's 404 on delete
      delete cloudState.accounts[email];
      record("delete", "service_account", email);
      for (const key of Object.values(cloudState.keys)) {
        if (key.serviceAccountEmail === email && !key.deleted) key.deleted = record("delete", "service_account_key", key.name, "service account deleted");
      }
    });
  },

  importState({ id }, ctx: ResourceContext<StandInCloud>) {
    const reference = parseServiceAccountReference(id);
    const record = reference ? ctx.provider.store.read().accounts[reference.email] : undefined;
    if (!reference || !record || (reference.project !== undefined && reference.project !== record.project)) {
      throw new DiagnosticError("Cannot import non-existent remote object", {
        detail: `no service account "${id}" (give projects/PROJECT/serviceAccounts/EMAIL, PROJECT/EMAIL or EMAIL)`,
      });
    }
    return { id: record.name, name: record.name, email: record.email, project: record.project };
  },
});

type State = StateOf<typeof attributes>;
type Settings = Pick<State, "create_ignore_already_exists" | "timeouts">;

function toState(record: ServiceAccountRecord, settings: Settings): State {
  return {
    account_id: record.accountId,
    project: record.project ?? projectOfEmail(record.email) ?? null,
    display_name: record.displayName,
    description: record.description,
    disabled: record.disabled,
    create_ignore_already_exists: settings.create_ignore_already_exists,
    timeouts: settings.timeouts,
    email: record.email,
    member: `serviceAccount:${record.email}`,
    name: record.name,
    unique_id: record.uniqueId,
    id: record.name,
  };
}
