/**
 * edgegap-cdktf: ship game servers from Google Cloud registries to Edgegap with CDKTF.
 *
 * The public API: constructs, the cdktf bindings of our Edgegap provider, splitRepository and the Edgegap API client.
 */
export {};

// Repository references (lib/repository): split a Google registry name into Edgegap's fields.
export { splitRepository, InvalidRepositoryError, isValidProjectId, PROJECT_ID_RULE, ACCEPTED_HOSTS } from "./repository";
export type { RepositoryReference, RegistryKind } from "./repository";

// GcrPullAccount (lib/constructs): a pull-only Google service account and its JSON key.
export { GcrPullAccount } from "./constructs/gcr-pull-account";
export type { GcrPullAccountProps, GrantScope } from "./constructs/gcr-pull-account";
