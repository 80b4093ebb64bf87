/** The Edgegap Terraform provider: its configuration and the edgegap_app and edgegap_app_version resources. */
export { edgegapProvider } from "./provider";
export type { EdgegapConnection } from "./provider";
export { appResource } from "./app-resource";
export { appVersionResource } from "./app-version-resource";
export { appVersionAttributes } from "./app-version-schema";
