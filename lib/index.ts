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

// Edgegap API client (lib/edgegap-api): typed wire models, the axios client, its errors, validation and redaction.
export {
  EdgegapClient,
  DEFAULT_BASE_URL,
  DEFAULT_USER_AGENT,
  EdgegapApiError,
  EdgegapValidationError,
  formatProblem,
  redact,
  scrubText,
  secretsOf,
  REDACTED,
  MASKED_SECRET_VALUE,
  PLACEHOLDER_APP_IMAGE,
  PORT_PROTOCOLS,
  RESTART_POLICIES,
  TLS_UPGRADE_PROTOCOLS,
  validateAppName,
  validateVersionName,
  validateDockerImage,
  validateDockerRepository,
  validateDockerTag,
  validateCreateAppRequest,
  validateUpdateAppRequest,
  validateCreateAppVersionRequest,
  validateUpdateAppVersionRequest,
  validateAppVersionFields,
  validateResources,
  validatePorts,
  validateEnvs,
} from "./edgegap-api";
export type {
  EdgegapClientOptions,
  CallOptions,
  ListOptions,
  EdgegapLogger,
  EdgegapErrorKind,
  ValidationProblem,
  RedactOptions,
  Application,
  CreateAppRequest,
  UpdateAppRequest,
  AppVersion,
  CreateAppVersionRequest,
  UpdateAppVersionRequest,
  AppVersionSettings,
  AppVersionPort,
  AppVersionPortResponse,
  EnvVariable,
  EnvVariableResponse,
  PortProtocol,
  RestartPolicy,
  Pagination,
} from "./edgegap-api";

// cdktf bindings of our Edgegap Terraform provider (lib/bindings).
export { EdgegapProvider } from "./bindings/edgegap-provider";
export type { EdgegapProviderProps } from "./bindings/edgegap-provider";
export { EdgegapApp } from "./bindings/edgegap-app";
export type { EdgegapAppConfig } from "./bindings/edgegap-app";
export { EdgegapAppVersion } from "./bindings/edgegap-app-version";
export type { EdgegapAppVersionConfig, EdgegapPort, EdgegapEnv } from "./bindings/edgegap-app-version";
export { EDGEGAP_PROVIDER_SOURCE } from "./bindings/provider-address";

// EdgegapGcrAppVersion (lib/constructs): an Edgegap app version of a Google registry image, with its pull account.
export { EdgegapGcrAppVersion } from "./constructs/edgegap-gcr-app-version";
export type { EdgegapGcrAppVersionProps, PullAccountOptions } from "./constructs/edgegap-gcr-app-version";
