import type { IResolvable } from "cdktf";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import type { EdgegapApp } from "../bindings/edgegap-app";
import type { EdgegapAppVersionSettings } from "../bindings/edgegap-app-version";
import type { EdgegapProvider } from "../bindings/edgegap-provider";
import type { GcrPullAccount, GcrPullAccountProps } from "./gcr-pull-account";

/**
 * The GcrPullAccount options EdgegapGcrAppVersion passes through when it creates the pull account
 * (accountId, project, existingServiceAccountEmail, displayName, description, rotation, grantScope,
 * legacyBucketGrant); see GcrPullAccountProps for each. Not allowed together with `pullAccount`.
 */
export type PullAccountOptions = Omit<GcrPullAccountProps, "repository" | "provider">;

/** The names of PullAccountOptions, to refuse them next to a shared `pullAccount`. */
export const PULL_ACCOUNT_OPTION_NAMES: readonly (keyof PullAccountOptions)[] = [
  "accountId",
  "project",
  "existingServiceAccountEmail",
  "displayName",
  "description",
  "rotation",
  "grantScope",
  "legacyBucketGrant",
];

/**
 * Props of EdgegapGcrAppVersion: what to pull and where it goes, the version's settings (EdgegapAppVersionSettings,
 * named after Edgegap's API, camelCased, so Edgegap's documentation reads across) and the pull account's options.
 */
export interface EdgegapGcrAppVersionProps extends PullAccountOptions, EdgegapAppVersionSettings {
  /**
   * The image as copied from the Google Cloud console: `gcr.io/PROJECT/IMAGE[:TAG]` (also us., eu., asia.gcr.io) or
   * `LOCATION-docker.pkg.dev/PROJECT/REPO/IMAGE[:TAG]`. A literal string: it is split at synth with splitRepository.
   * A digest (`@sha256:…`) is refused: Edgegap pulls by tag and has no field for a digest.
   */
  readonly repository: string;

  /**
   * The image tag, when the repository name has none. May be a token (a TerraformVariable's value, say).
   * @default - the tag in `repository`; one of the two is required, and if both are given they must be equal
   */
  readonly tag?: string;

  /**
   * The Edgegap application: an `EdgegapApp` of this stack or another (the version then depends on it), or the name
   * of an application that already exists.
   */
  readonly app: string | EdgegapApp;

  /** The version name, 1 to 64 characters, unique in the app (e.g. the tag, or a build id). */
  readonly name: string;

  /**
   * vCPU units, 1024 = 1 vCPU, at least 100. Changing it replaces the version (Edgegap cannot patch it).
   * @default 1024
   */
  readonly reqCpu?: number;

  /**
   * Memory in MB, at least 100 and at most twice `reqCpu`. Changing it replaces the version.
   * @default - the same number as reqCpu (1024 → 1024 MB)
   */
  readonly reqMemory?: number;

  /**
   * Whether Edgegap checks, when the version is created or updated, that it can pull the image with the key.
   * On by default here, so that a bad key or a missing grant fails `cdktf deploy` (Edgegap answers 424) rather than
   * the first deployment; the provider retries a 424 for a while (EdgegapProvider `imagePullRetrySeconds`), since a
   * new key and grant take a moment to work.
   * @default true
   */
  readonly verifyImage?: boolean | IResolvable;

  /**
   * An existing pull account to use, to share one service account and key across versions of images served by the
   * same repository (or, with grantScope "project", the same project). It must be in this construct's stack (the
   * key never crosses stacks). Not allowed together with the pull-account options or `googleProvider`.
   * @default - a GcrPullAccount is created (child id "PullAccount")
   */
  readonly pullAccount?: GcrPullAccount;

  /**
   * The google provider of the pull account's resources.
   * @default - the stack's default google provider
   */
  readonly googleProvider?: GoogleProvider;

  /**
   * The Edgegap provider of the app version.
   * @default - the stack's default Edgegap provider
   */
  readonly edgegapProvider?: EdgegapProvider;
}
