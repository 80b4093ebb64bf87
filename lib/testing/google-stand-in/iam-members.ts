import { attr, defineResource, requiresReplace, ResourceContext } from "../../provider-runtime";
import { StandInCloud } from "./cloud";
import { IamBindingRecord } from "./cloud-state";
import { bindingAttributes, conditionOf, createBinding, defaultedArgument, deleteBinding, importedBinding, readBinding, validateBinding } from "./iam-binding";
import { resolveDefaulted } from "./names";

type Ctx = ResourceContext<StandInCloud>;
const required = () => attr.string({ required: true, planModifiers: [requiresReplace()] });
/** The binding's own values; the arguments naming its resource come from each resource type. */
const bindingState = (binding: IamBindingRecord) => ({
  role: binding.role,
  member: binding.member,
  condition: binding.condition,
  etag: binding.etag,
  id: binding.id,
});

const REPOSITORY_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/]+)$/;
const REPOSITORY_TYPE = "google_artifact_registry_repository_iam_member";
const PROJECT_TYPE = "google_project_iam_member";
const BUCKET_TYPE = "google_storage_bucket_iam_member";

/** A repository as written in an import id: projects/P/locations/L/repositories/R, or P/L/R. */
function repositoryName(written: string): string {
  const [project, location, repository] = written.split("/");
  return REPOSITORY_NAME.test(written) ? written : `projects/${project}/locations/${location}/repositories/${repository}`;
}

/** google_artifact_registry_repository_iam_member: a role on one Artifact Registry repository. */
export const artifactRegistryRepositoryIamMember = defineResource({
  typeName: REPOSITORY_TYPE,
  attributes: { project: defaultedArgument(), location: defaultedArgument(), repository: required(), ...bindingAttributes },
  validate: ({ config }) => validateBinding(config),
  async create({ config }, ctx: Ctx) {
    const cloud = ctx.provider;
    const full = REPOSITORY_NAME.exec(config.repository);
    const project = full?.[1] ?? resolveDefaulted("project", config.project, cloud.defaults.project);
    const location = full?.[2] ?? resolveDefaulted("location", config.location, cloud.defaults.region);
    const resource = `projects/${project}/locations/${location}/repositories/${full?.[3] ?? config.repository}`;
    const binding = await createBinding(cloud, REPOSITORY_TYPE, { scope: "artifact_registry_repository", resource, role: config.role, member: config.member, condition: conditionOf(config.condition) }, ctx.signal);
    return { ...config, project, location, ...bindingState(binding) };
  },
  async read({ state }, ctx: Ctx) {
    const binding = await readBinding(ctx.provider, REPOSITORY_TYPE, state.id, ctx.signal);
    if (!binding) return null;
    const [, project, location, repository] = REPOSITORY_NAME.exec(binding.resource)!;
    return { project: state.project ?? project!, location: state.location ?? location!, repository: state.repository ?? repository!, ...bindingState(binding) };
  },
  update: ({ prior, config }) => ({ ...prior, id: config.id ?? prior.id }),
  delete: ({ state }, ctx: Ctx) => deleteBinding(ctx.provider, REPOSITORY_TYPE, state.id, ctx.signal),
  importState: ({ id }, ctx: Ctx) => ({ id: importedBinding(ctx.provider, id, repositoryName).id }),
});

/** google_project_iam_member: a role on a whole project. */
export const projectIamMember = defineResource({
  typeName: PROJECT_TYPE,
  attributes: { project: required(), ...bindingAttributes },
  validate: ({ config }) => validateBinding(config),
  async create({ config }, ctx: Ctx) {
    const binding = await createBinding(ctx.provider, PROJECT_TYPE, { scope: "project", resource: config.project, role: config.role, member: config.member, condition: conditionOf(config.condition) }, ctx.signal);
    return { ...config, ...bindingState(binding) };
  },
  async read({ state }, ctx: Ctx) {
    const binding = await readBinding(ctx.provider, PROJECT_TYPE, state.id, ctx.signal);
    return binding ? { project: state.project ?? binding.resource, ...bindingState(binding) } : null;
  },
  update: ({ prior, config }) => ({ ...prior, id: config.id ?? prior.id }),
  delete: ({ state }, ctx: Ctx) => deleteBinding(ctx.provider, PROJECT_TYPE, state.id, ctx.signal),
  importState: ({ id }, ctx: Ctx) => ({ id: importedBinding(ctx.provider, id, (written) => written).id }),
});

/** google_storage_bucket_iam_member: a role on a Cloud Storage bucket (legacy Container Registry buckets). */
export const storageBucketIamMember = defineResource({
  typeName: BUCKET_TYPE,
  attributes: { bucket: required(), ...bindingAttributes },
  validate: ({ config }) => validateBinding(config),
  async create({ config }, ctx: Ctx) {
    const resource = `b/${config.bucket.replace(/^b\//, "")}`;
    const binding = await createBinding(ctx.provider, BUCKET_TYPE, { scope: "storage_bucket", resource, role: config.role, member: config.member, condition: conditionOf(config.condition) }, ctx.signal);
    return { ...config, ...bindingState(binding) };
  },
  async read({ state }, ctx: Ctx) {
    const binding = await readBinding(ctx.provider, BUCKET_TYPE, state.id, ctx.signal);
    return binding ? { bucket: state.bucket ?? binding.resource.replace(/^b\//, ""), ...bindingState(binding) } : null;
  },
  update: ({ prior, config }) => ({ ...prior, id: config.id ?? prior.id }),
  delete: ({ state }, ctx: Ctx) => deleteBinding(ctx.provider, BUCKET_TYPE, state.id, ctx.signal),
  importState: ({ id }, ctx: Ctx) => ({ id: importedBinding(ctx.provider, id, (written) => `b/${written.replace(/^b\//, "")}`).id }),
});
