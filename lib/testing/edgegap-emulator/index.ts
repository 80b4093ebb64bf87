/**
 * Edgegap API emulator for tests (and `npm run emulator`). Test support: not exported from lib/index.ts.
 */
export * from "./emulator";
export * from "./faults";
export * from "./registry";
export * from "./request-log";
export { MASKED, type StoredApp, type StoredVersion, AppsAccess, VersionsAccess } from "./state";
export * from "./fixtures";
export { asCreatedByEdgegap } from "./api-routes";
