/**
 * Configuration of the example app (main.ts): an embedded default, overridable by environment variables read at
 * synth. Everything is checked here, before any construct exists, and an error names the variable and its rule.
 * The rules themselves are the library's (splitRepository, the Edgegap field validation); this file adds only the
 * syntax of the variables.
 *
 * The Edgegap token is not configuration: the provider reads EDGEGAP_TOKEN (and EDGEGAP_BASE_URL) from the
 * environment of terraform at deploy time, so nothing here reads it and it never reaches cdk.tf.json.
 */
import {
  EdgegapPort,
  GrantScope,
  isValidProjectId,
  PORT_PROTOCOLS,
  PROJECT_ID_RULE,
  RepositoryReference,
  splitRepository,
  validateAppName,
  validateDockerTag,
  validatePorts,
  validateResources,
  validateVersionName,
  ValidationProblem,
} from "./lib";

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
  /** The Edgegap application's name. */
  readonly appName: string;
  /** true: the stack creates the application; false: it exists already and is referenced by name. */
  readonly createApp: boolean;
  /** The Edgegap version's name. */
  readonly versionName: string;
  /** The image tag Edgegap deploys. */
  readonly tag: string;
  /** vCPU units (1024 = 1 vCPU). */
  readonly reqCpu: number;
  /** Memory in MB; undefined leaves EdgegapGcrAppVersion's default (the same number as reqCpu). */
  readonly reqMemory?: number;
  /** Ports exposed to players. */
  readonly ports: EdgegapPort[];
  /**
   * Where Terraform keeps state: a Google Cloud Storage bucket (with GCS's built-in state locking), for a team or
   * CI; undefined keeps the local file terraform.game-servers.tfstate.
   */
  readonly stateBackend?: { readonly bucket: string; readonly prefix: string };
}

/** The environment variables read, by config field. */
export const CONFIG_ENV = {
  project: "GCP_PROJECT",
  repository: "GCP_REPOSITORY",
  grantScope: "GCP_GRANT_SCOPE",
  keyRotation: "GCP_KEY_ROTATION",
  tag: "GCP_IMAGE_TAG",
  appName: "EDGEGAP_APP_NAME",
  createApp: "EDGEGAP_CREATE_APP",
  versionName: "EDGEGAP_VERSION_NAME",
  reqCpu: "EDGEGAP_REQ_CPU",
  reqMemory: "EDGEGAP_REQ_MEMORY",
  ports: "EDGEGAP_PORTS",
  stateBucket: "TF_STATE_BUCKET",
  statePrefix: "TF_STATE_PREFIX",
} as const;

/** The example image used when GCP_REPOSITORY is not set (so `cdktf synth` works with nothing set). */
export const DEFAULT_REPOSITORY = "us-docker.pkg.dev/my-game-project/game-servers/my-game:1.0.0";
export const DEFAULT_APP_NAME = "my-game";
export const DEFAULT_REQ_CPU = 1024;
export const DEFAULT_PORTS = "7777/UDP:gameport";
/** The state object prefix in TF_STATE_BUCKET when TF_STATE_PREFIX is not set. */
export const DEFAULT_STATE_PREFIX = "edgegap-cdktf/game-servers";
/** Google's bucket naming rules (the dotted, domain-named form is left to Google to check further). */
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;
const STATE_PREFIX = /^[A-Za-z0-9._\/-]{1,256}$/;

/** EDGEGAP_PORTS value for a version without ports. */
export const NO_PORTS = "none";

/** The syntax of EDGEGAP_PORTS, for error messages. */
export const PORTS_SYNTAX =
  `comma-separated PORT/PROTOCOL[+tls][:NAME] entries such as "7777/UDP,8080/HTTP+tls:web" (PROTOCOL one of ` +
  `${PORT_PROTOCOLS.join(", ")}, any case), or "${NO_PORTS}"`;

const MAX_ROTATION_LENGTH = 64;
const PORT_ENTRY = /^(\d{1,5})\/([A-Za-z/]+?)(\+tls)?(?::([^\s:,]+))?$/i;

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
 * Reads the configuration from `env`. A variable that is unset or blank takes its default; see CONFIG_ENV and the
 * README's configuration reference.
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

  const tag = readTag(repository, value(CONFIG_ENV.tag));
  const appName = value(CONFIG_ENV.appName) ?? DEFAULT_APP_NAME;
  check(CONFIG_ENV.appName, validateAppName(appName));
  const createApp = readBoolean(CONFIG_ENV.createApp, value(CONFIG_ENV.createApp) ?? "true");
  const versionName = value(CONFIG_ENV.versionName) ?? tag;
  check(CONFIG_ENV.versionName, validateVersionName(versionName));

  const reqCpu = readInteger(CONFIG_ENV.reqCpu, value(CONFIG_ENV.reqCpu)) ?? DEFAULT_REQ_CPU;
  const reqMemory = readInteger(CONFIG_ENV.reqMemory, value(CONFIG_ENV.reqMemory));
  const resourceProblems = validateResources({ req_cpu: reqCpu, req_memory: reqMemory ?? reqCpu });
  check(CONFIG_ENV.reqCpu, resourceProblems.filter((p) => p.path === "req_cpu"));
  check(
    CONFIG_ENV.reqMemory,
    resourceProblems.filter((p) => p.path === "req_memory"),
    reqMemory === undefined ? ` (unset, it follows ${CONFIG_ENV.reqCpu}: set it)` : "",
  );

  const ports = readPorts(value(CONFIG_ENV.ports) ?? DEFAULT_PORTS);
  const stateBackend = readStateBackend(value(CONFIG_ENV.stateBucket), value(CONFIG_ENV.statePrefix));

  return {
    project,
    repository,
    grantScope,
    ...(keyRotation !== undefined ? { keyRotation } : {}),
    appName,
    createApp,
    versionName,
    tag,
    reqCpu,
    ...(reqMemory !== undefined ? { reqMemory } : {}),
    ports,
    ...(stateBackend !== undefined ? { stateBackend } : {}),
  };
}

/** TF_STATE_BUCKET (and TF_STATE_PREFIX): state in Google Cloud Storage; unset keeps local state. */
function readStateBackend(bucket: string | undefined, prefix: string | undefined): GameServerConfig["stateBackend"] {
  if (bucket === undefined) {
    if (prefix !== undefined) {
      throw new ConfigError(CONFIG_ENV.statePrefix, `is set but ${CONFIG_ENV.stateBucket} is not: set the bucket too, or unset the prefix`);
    }
    return undefined;
  }
  const name = bucket.replace(/^gs:\/\//, "");
  if (!BUCKET_NAME.test(name) || name.includes("..") || name.length > 222 || (!name.includes(".") && name.length > 63)) {
    throw new ConfigError(
      CONFIG_ENV.stateBucket,
      `"${bucket}" is not a valid bucket name: expected 3 to 63 characters (222 if dotted) of lowercase letters, digits, ` +
        "dashes, underscores and dots, starting and ending with a letter or digit",
    );
  }
  const statePrefix = prefix ?? DEFAULT_STATE_PREFIX;
  if (!STATE_PREFIX.test(statePrefix) || statePrefix.startsWith("/") || statePrefix.includes("..")) {
    throw new ConfigError(
      CONFIG_ENV.statePrefix,
      `"${statePrefix}" is not valid: expected a relative object path of letters, digits, ".", "_", "-" and "/", such as "${DEFAULT_STATE_PREFIX}"`,
    );
  }
  return { bucket: name, prefix: statePrefix };
}

/** The tag from GCP_IMAGE_TAG or GCP_REPOSITORY: exactly one of them, or both the same; never a digest. */
function readTag(repository: RepositoryReference, tagVariable: string | undefined): string {
  const { fullName, tag: inName, digest } = repository;
  if (digest !== undefined) {
    throw new ConfigError(
      CONFIG_ENV.repository,
      `"${fullName}" pins a digest, but Edgegap pulls by tag and has no field for a digest: ` +
        `write the tag instead (":TAG" in ${CONFIG_ENV.repository}, or ${CONFIG_ENV.tag})`,
    );
  }
  if (tagVariable === undefined) {
    if (inName === undefined) {
      throw new ConfigError(
        CONFIG_ENV.tag,
        `is unset and ${CONFIG_ENV.repository} "${fullName}" has no tag: set ${CONFIG_ENV.tag}, or write ":TAG" at the end of ${CONFIG_ENV.repository}`,
      );
    }
    return inName;
  }
  check(CONFIG_ENV.tag, validateDockerTag(tagVariable));
  if (inName !== undefined && inName !== tagVariable) {
    throw new ConfigError(
      CONFIG_ENV.tag,
      `"${tagVariable}" differs from the tag "${inName}" in ${CONFIG_ENV.repository}: give the tag in one of them, or the same in both`,
    );
  }
  return tagVariable;
}

function readBoolean(variable: string, text: string): boolean {
  const lower = text.toLowerCase();
  if (lower !== "true" && lower !== "false") {
    throw new ConfigError(variable, `"${text}" is not valid: expected "true" or "false"`);
  }
  return lower === "true";
}

function readInteger(variable: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text)) {
    throw new ConfigError(variable, `"${text}" is not valid: expected a whole number such as 1024`);
  }
  return Number(text);
}

/**
 * EDGEGAP_PORTS: `PORT/PROTOCOL[+tls][:NAME]`, comma-separated. The protocol is upper-cased (Edgegap accepts upper
 * case only); `+tls` sets tls_upgrade; the rest (ranges, protocols, tls only on HTTP and WS, a name for port 0) is
 * checked by the library's validatePorts. Names must be unique: deployments list their ports by name.
 */
export function readPorts(text: string): EdgegapPort[] {
  const variable = CONFIG_ENV.ports;
  if (text.toLowerCase() === NO_PORTS) return [];
  const entries = text.split(",").map((entry) => entry.trim());
  const ports = entries.map((entry, index): EdgegapPort => {
    const match = PORT_ENTRY.exec(entry);
    if (match === null) {
      throw new ConfigError(variable, `entry ${index + 1} "${entry}" is not valid: expected ${PORTS_SYNTAX}`);
    }
    const [, port, protocol, tls, name] = match;
    return {
      port: Number(port),
      protocol: protocol.toUpperCase(),
      ...(tls !== undefined ? { tlsUpgrade: true } : {}),
      ...(name !== undefined ? { name } : {}),
    };
  });
  const wire = ports.map((p) => ({ port: p.port, protocol: p.protocol, tls_upgrade: p.tlsUpgrade, name: p.name }));
  const [first] = validatePorts(wire);
  if (first !== undefined) {
    const index = Number(/^ports\[(\d+)\]/.exec(first.path)?.[1] ?? 0);
    throw new ConfigError(variable, `entry ${index + 1} "${entries[index]}" is not valid: ${first.rule}`);
  }
  const names = ports.flatMap((p) => (p.name === undefined ? [] : [p.name]));
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) {
    throw new ConfigError(variable, `the port name "${repeated}" is used twice: names must be unique`);
  }
  return ports;
}

/** Throws the first problem as a ConfigError of `variable`. */
function check(variable: string, problems: readonly ValidationProblem[], note = ""): void {
  const [first] = problems;
  if (first !== undefined) {
    throw new ConfigError(variable, `${JSON.stringify(first.value)} is not valid: ${first.rule}${note}`);
  }
}
