/**
 * Facts about cdktf-cli 0.21.0 the harness's users need (measured offline with terraform 1.11.4):
 *
 * - On a stack's first init (no .terraform.lock.hcl), `cdktf deploy` (also diff, destroy, output) runs
 *   `terraform providers lock -platform=<this platform>` after `terraform init`. That asks each provider's origin
 *   registry for checksums and fails for a provider found only in a local mirror ("Could not retrieve providers
 *   for locking"): the first deploy fails, a second one (the lock file now exists) succeeds.
 * - `--skip-provider-lock`, or `CDKTF_SKIP_PROVIDER_LOCK=true` (exactly "true": yargs reads "1", "TRUE", "yes" as
 *   false), skips it; `terraform init` still writes a lock file with local `h1:` hashes.
 * - cdktf runs terraform in a pseudo-terminal (@cdktf/node-pty-prebuilt-multiarch). npm 11 skips its install
 *   script, which only checks the prebuilt binary: the loader finds prebuilds/<platform>-<arch>/node.abi<N>.node
 *   at run time (Node 20 = abi115: present for linux x64/arm64/arm/ia32, darwin-arm64 and win32-x64), so nothing
 *   needs fixing here. There is no darwin-x64 prebuild: on an Intel Mac the package must be built from source.
 * - Ctrl-C (SIGINT to cdktf's process group) makes cdktf write ^C into terraform's terminal and exit at once;
 *   terraform stops, but the closing terminal kills it before it saves state, so resources created by that run
 *   are missing from the state file.
 */
export const CDKTF_SKIP_PROVIDER_LOCK_ENV = { CDKTF_SKIP_PROVIDER_LOCK: "true" } as const;

/** Flags for an unattended `cdktf deploy`/`destroy` against local-mirror providers. */
export const CDKTF_UNATTENDED_FLAGS = ["--auto-approve", "--skip-provider-lock", "--no-color"] as const;
