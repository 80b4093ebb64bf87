/**
 * The google stand-in: a test-only Terraform provider that plays hashicorp/google 6.50.0 offline, backed by a
 * JSON file ("Google Cloud") that tests read. Test support: not exported from lib/index.ts. See README.md.
 *
 * This module only loads what tests need (state file access, the installer); the provider itself runs as a
 * bundled executable (main.ts).
 */
export { GOOGLE_STAND_IN_SOURCE, GOOGLE_STAND_IN_VERSION } from "./address";
export { installGoogleStandIn, googleStandInBundle } from "./install";
export type { InstalledGoogleStandIn } from "./install";
export { STATE_ENV, defaultStatePath, readCloudState, liveKeys, changeCloudState, emptyCloudState, wallTime } from "./cloud-state";
export type { Changes, CloudEvent, ConfigurationRecord, EventKind, FaultRule, GoogleCloudState, IamBindingRecord, IamCondition, ServiceAccountKeyRecord, ServiceAccountRecord, Stamp } from "./cloud-state";
export { RSA_BITS_ENV } from "./key-material";
export { ACCOUNT_ID_PATTERN, serviceAccountEmail, serviceAccountName } from "./names";
