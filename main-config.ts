/**
 * Configuration of the example app (main.ts): an embedded default, overridable by environment variables.
 * Everything is checked here, before any construct exists, and an error names the variable and its rule.
 */
import { GrantScope, isValidProjectId, PROJECT_ID_RULE, RepositoryReference, splitRepository } from "./lib";

/** What GameServerStack builds from. */
export interface GameServerConfig {
  /** The project of the google provider and of the pull service account. */
  readonly project: string;
  /** The game server image. */
  readonly repository: RepositoryReference;
  /** Where the pull permission is granted. */
  readonly grantScope: GrantScope;
  /** Changing it rotates the key; undefined keeps the first key. */
  readonly keyRotation?: string;
}

/** The environment variables read, by config field. */
export const CONFIG_ENV = {
  project: "GCP_PROJECT",
  repository: "GCP_REPOSITORY",
  grantScope: "GCP_GRANT_SCOPE",
  keyRotation: "GCP_KEY_ROTATION",
} as const;

/** The example image used when GCP_REPOSITORY is not set (so `cdktf synth` works with nothing set). */
export const DEFAULT_REPOSITORY = "us-docker.pkg.dev/my-game-project/game-servers/my-game:1.0.0";

const MAX_ROTATION_LENGTH = 64;

/** A configuration value is invalid; the message names the variable and the rule. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = "ConfigError";
  }
}

/**
 * Reads the configuration from `env`. A variable that is unset or blank takes its default.
 *
 * - GCP_REPOSITORY: the image's full name as the Google Cloud console shows it. Default: DEFAULT_REPOSITORY.
 * - GCP_PROJECT: project of the provider and the service account. Default: the project in GCP_REPOSITORY.
 * - GCP_GRANT_SCOPE: "repository" (default) or "project".
 * - GCP_KEY_ROTATION: any value up to 64 characters; changing it rotates the key. Default: unset (no rotation).
 */
export function readGameServerConfig(env: Readonly<Record<string, string | undefined>>): GameServerConfig {
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === "" ? undefined : raw;
  };

  const repositoryName = value(CONFIG_ENV.repository) ?? DEFAULT_REPOSITORY;
  let repository: RepositoryReference;
  try {
    repository = splitRepository(repositoryName);
  } catch (error) {
    throw new ConfigError(CONFIG_ENV.repository, (error as Error).message);
  }

  const project = value(CONFIG_ENV.project) ?? repository.project;
  if (!isValidProjectId(project)) {
    throw new ConfigError(CONFIG_ENV.project, `"${project}" is not a valid project id: expected ${PROJECT_ID_RULE}`);
  }

  const grantScope = value(CONFIG_ENV.grantScope) ?? "repository";
  if (grantScope !== "repository" && grantScope !== "project") {
    throw new ConfigError(CONFIG_ENV.grantScope, `"${grantScope}" is not valid: expected "repository" or "project"`);
  }

  const keyRotation = value(CONFIG_ENV.keyRotation);
  if (keyRotation !== undefined && keyRotation.length > MAX_ROTATION_LENGTH) {
    throw new ConfigError(
      CONFIG_ENV.keyRotation,
      `is ${keyRotation.length} characters long: expected at most ${MAX_ROTATION_LENGTH}, such as "2027-01"`,
    );
  }

  return { project, repository, grantScope, ...(keyRotation !== undefined ? { keyRotation } : {}) };
}
