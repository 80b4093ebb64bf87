/**
 * A harness for running the real terraform and cdktf CLIs offline in isolated workspaces: for end-to-end tests,
 * the sandbox, fault tests and benchmarks. Test support: not exported from lib/index.ts. See README.md.
 */
export { createWorkspace } from "./workspace";
export type { CommandOptions, Workspace, WorkspaceOptions } from "./workspace";
export { copyProject } from "./project-copy";
export type { CopyProjectOptions } from "./project-copy";
export { descendantsOf, runCommand } from "./process-runner";
export type { RunOptions, RunResult, RunningProcess } from "./process-runner";
export { maskSecrets, MASK, SECRET_NAME, secretValuesOf, stripAnsi } from "./text";
export { waitFor } from "./waiting";
export { CDKTF_SKIP_PROVIDER_LOCK_ENV, CDKTF_UNATTENDED_FLAGS } from "./cdktf-cli";
