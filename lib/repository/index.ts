/** Repository references: strings in, strings out (no cdktf, no Edgegap). */
export { splitRepository } from "./split-repository";
export type { RepositoryReference } from "./split-repository";
export { InvalidRepositoryError } from "./errors";
export { ACCEPTED_HOSTS } from "./hosts";
export type { RegistryKind } from "./hosts";
export { isValidProjectId, PROJECT_ID_RULE } from "./grammar";
