/**
 * The sandbox (`npm run sandbox`) and what offline end-to-end tests share with it: a registry for the Edgegap
 * emulator that trusts the google stand-in, a report of what a deploy created, cdktf progress lines and a secret
 * scanner. Test support: not exported from lib/index.ts.
 */
export { runSandbox, SandboxError } from "./sandbox";
export type { SandboxOptions, SandboxResult } from "./sandbox";
export { describeDeployment, formatDeployment } from "./deployment-report";
export type { DeploymentReport, EdgegapVersionReport, GoogleAccountReport } from "./deployment-report";
export { progressLine, progressReader } from "./progress";
export { findSecrets, keyFileSecrets, scanTree } from "./secret-scan";
export type { NamedSecret, ScannedTree, SecretFinding } from "./secret-scan";
export { pullsGrantedByStandIn, whyPullFails, READER_ROLE } from "./stand-in-registry";
