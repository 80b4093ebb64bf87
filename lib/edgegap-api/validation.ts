/**
 * Checks run before any request (and by the provider at plan time): each returns every problem found, with its
 * attribute path in wire names (`ports[1].protocol`), the value (secrets redacted) and the rule broken.
 *
 * `validateAppVersionFields` checks only the fields present, so a plan with unknown values can still be checked;
 * the `validateCreate*`/`validateUpdate*` functions add what the whole request needs (required and forbidden fields).
 */
import type { ValidationProblem } from "./errors";
import {
  problem,
  validateAppName,
  validateDockerImage,
  validateDockerRepository,
  validateDockerTag,
  validateVersionName,
} from "./field-rules";
import {
  APP_VERSION_RESOURCE_FIELDS,
  APP_VERSION_SCALAR_SETTINGS,
  PORT_PROTOCOLS,
  RESTART_POLICIES,
  TLS_UPGRADE_PROTOCOLS,
} from "./models";
import { REDACTED } from "./redact";

export const MIN_REQ_UNITS = 100;
export const ENV_VALUE_MAX_BYTES = 4096;
export const PORT_RANGE = { min: 0, max: 59999 } as const;
export const GRACE_PERIOD_RANGE = { min: 5, max: 3600 } as const;
export const MAX_DURATION_RANGE = { min: -1, max: 1440 } as const;
/** The spec says both "default 10" and "minimum 15"; we only require a positive number of seconds. */
export const MIN_TIME_TO_DEPLOY = 1;

type Fields = Readonly<Record<string, unknown>>;

const APP_FIELDS = ["name", "is_active", "image"];
const VERSION_SETTINGS: readonly string[] = [...APP_VERSION_SCALAR_SETTINGS, "ports", "envs"];
const RESOURCE_FIELDS: readonly string[] = APP_VERSION_RESOURCE_FIELDS;

// ---------------------------------------------------------------- apps

export function validateCreateAppRequest(request: object): ValidationProblem[] {
  const fields = request as Fields;
  return [
    ...unknownFields(fields, APP_FIELDS, "an app"),
    ...validateAppName(fields.name),
    ...required(fields, ["is_active", "image"]),
    ...validateAppFields(fields),
  ];
}

export function validateUpdateAppRequest(request: object): ValidationProblem[] {
  const fields = request as Fields;
  return [
    ...unknownFields(fields, APP_FIELDS, "an app"),
    ...(fields.name === undefined ? [] : validateAppName(fields.name)),
    ...validateAppFields(fields),
  ];
}

function validateAppFields(fields: Fields): ValidationProblem[] {
  return [...booleans(fields, ["is_active"]), ...strings(fields, ["image"])];
}

// ---------------------------------------------------------------- app versions

export function validateCreateAppVersionRequest(request: object): ValidationProblem[] {
  const fields = request as Fields;
  return [
    ...unknownFields(fields, ["name", ...RESOURCE_FIELDS, ...VERSION_SETTINGS], "an app version"),
    ...validateVersionName(fields.name),
    ...required(fields, ["docker_repository", "docker_image", "docker_tag", "req_cpu", "req_memory"]),
    ...validateAppVersionFields(fields),
  ];
}

export function validateUpdateAppVersionRequest(request: object): ValidationProblem[] {
  const fields = request as Fields;
  const immutable = RESOURCE_FIELDS.filter((key) => fields[key] !== undefined).map((key) =>
    problem(key, fields[key], `${key} cannot be changed after creation (Edgegap rejects it in PATCH): replace the version`),
  );
  return [
    ...unknownFields(fields, ["name", ...RESOURCE_FIELDS, ...VERSION_SETTINGS], "an app version"),
    ...immutable,
    ...(fields.name === undefined ? [] : validateVersionName(fields.name)),
    ...validateAppVersionFields(fields),
  ];
}

/** Checks every app-version field that is present (undefined means "not known yet" or "not sent"). */
export function validateAppVersionFields(fields: Fields): ValidationProblem[] {
  const present = (key: string) => fields[key] !== undefined;
  return [
    ...(present("docker_repository") ? validateDockerRepository(fields.docker_repository) : []),
    ...(present("docker_image") ? validateDockerImage(fields.docker_image) : []),
    ...(present("docker_tag") ? validateDockerTag(fields.docker_tag) : []),
    ...validateResources(fields),
    ...booleans(fields, ["is_active", "verify_image", "force_cache", "will_deploy_in_mainland_china"]),
    ...strings(fields, ["private_username", "dns_config"]),
    ...(present("private_token") && typeof fields.private_token !== "string"
      ? [problem("private_token", REDACTED, "private_token must be a string")]
      : []),
    ...integerInRange(fields, "termination_grace_period_seconds", GRACE_PERIOD_RANGE.min, GRACE_PERIOD_RANGE.max),
    ...integerInRange(fields, "max_duration", MAX_DURATION_RANGE.min, MAX_DURATION_RANGE.max),
    ...integerInRange(fields, "time_to_deploy", MIN_TIME_TO_DEPLOY, Number.MAX_SAFE_INTEGER),
    ...(present("restart_policy") && !(RESTART_POLICIES as readonly unknown[]).includes(fields.restart_policy)
      ? [problem("restart_policy", fields.restart_policy, `restart_policy must be one of ${RESTART_POLICIES.join(", ")}`)]
      : []),
    ...(present("endpoint_storage") && (typeof fields.endpoint_storage !== "string" || fields.endpoint_storage === "")
      ? [
          problem(
            "endpoint_storage",
            fields.endpoint_storage,
            'endpoint_storage must be a storage name; omit it when unused (Edgegap answers 500 to "")',
          ),
        ]
      : []),
    ...(present("ports") ? validatePorts(fields.ports) : []),
    ...(present("envs") ? validateEnvs(fields.envs) : []),
  ];
}

/** req_cpu and req_memory at least 100, req_memory at most 2 × req_cpu, req_video at least 0 (those present). */
export function validateResources(fields: Fields): ValidationProblem[] {
  const problems = [
    ...integerInRange(fields, "req_cpu", MIN_REQ_UNITS, Number.MAX_SAFE_INTEGER),
    ...integerInRange(fields, "req_memory", MIN_REQ_UNITS, Number.MAX_SAFE_INTEGER),
    ...integerInRange(fields, "req_video", 0, Number.MAX_SAFE_INTEGER),
  ];
  const cpu = fields.req_cpu;
  const memory = fields.req_memory;
  if (problems.length === 0 && typeof cpu === "number" && typeof memory === "number" && memory > 2 * cpu) {
    problems.push(
      problem("req_memory", memory, `req_memory must be at most double req_cpu (${cpu} → at most ${2 * cpu} MB)`),
    );
  }
  return problems;
}

/** Each port: 0–59999, a known protocol, a name when port is 0, tls_upgrade only on HTTP or WS. */
export function validatePorts(ports: unknown, path = "ports"): ValidationProblem[] {
  if (!Array.isArray(ports)) return [problem(path, ports, "ports must be a list of {port, protocol, ...}")];
  return ports.flatMap((entry: unknown, index) => {
    const at = `${path}[${index}]`;
    if (entry === null || typeof entry !== "object") return [problem(at, entry, "a port must be an object")];
    const port = entry as Fields;
    const problems = [
      ...unknownFields(port, ["port", "protocol", "to_check", "tls_upgrade", "name"], "a port", at),
      ...integerInRange(port, "port", PORT_RANGE.min, PORT_RANGE.max, at, true),
      ...booleans(port, ["to_check", "tls_upgrade"], at),
      ...strings(port, ["name"], at),
    ];
    if (!(PORT_PROTOCOLS as readonly unknown[]).includes(port.protocol)) {
      problems.push(problem(`${at}.protocol`, port.protocol, `protocol must be one of ${PORT_PROTOCOLS.join(", ")}`));
    } else if (port.tls_upgrade === true && !(TLS_UPGRADE_PROTOCOLS as readonly unknown[]).includes(port.protocol)) {
      problems.push(problem(`${at}.tls_upgrade`, true, `tls_upgrade is only available on ${TLS_UPGRADE_PROTOCOLS.join(" and ")} ports`));
    }
    if (port.port === 0 && (typeof port.name !== "string" || port.name === "")) {
      problems.push(problem(`${at}.name`, port.name, "a name is required when port is 0 (one-to-one port mapping)"));
    }
    return problems;
  });
}

/** Each env: a non-empty key unique in the list, a string value of at most 4096 bytes (UTF-8). */
export function validateEnvs(envs: unknown, path = "envs"): ValidationProblem[] {
  if (!Array.isArray(envs)) return [problem(path, envs, "envs must be a list of {key, value, is_hidden}")];
  const seen = new Set<string>();
  return envs.flatMap((entry: unknown, index) => {
    const at = `${path}[${index}]`;
    if (entry === null || typeof entry !== "object") return [problem(at, entry, "an env variable must be an object")];
    const env = entry as Fields;
    const hidden = env.is_hidden === true;
    const problems = [
      ...unknownFields(env, ["key", "value", "is_hidden"], "an env variable", at),
      ...booleans(env, ["is_hidden"], at),
    ];
    if (typeof env.key !== "string" || env.key === "") {
      problems.push(problem(`${at}.key`, env.key, "an env key must be a non-empty string"));
    } else if (seen.has(env.key)) {
      problems.push(problem(`${at}.key`, env.key, "env keys must be unique"));
    } else {
      seen.add(env.key);
    }
    const shownValue = hidden ? REDACTED : env.value;
    if (typeof env.value !== "string") {
      problems.push(problem(`${at}.value`, shownValue, "an env value must be a string"));
    } else if (Buffer.byteLength(env.value, "utf8") > ENV_VALUE_MAX_BYTES) {
      const size = Buffer.byteLength(env.value, "utf8");
      problems.push(problem(`${at}.value`, hidden ? REDACTED : `<${size} bytes>`, `an env value must be at most ${ENV_VALUE_MAX_BYTES} bytes (UTF-8); it is ${size}`));
    }
    return problems;
  });
}

// ---------------------------------------------------------------- small rules

function join(prefix: string | undefined, key: string): string {
  return prefix === undefined ? key : `${prefix}.${key}`;
}

function required(fields: Fields, keys: readonly string[]): ValidationProblem[] {
  return keys.filter((key) => fields[key] === undefined).map((key) => problem(key, undefined, `${key} is required`));
}

function unknownFields(fields: Fields, known: readonly string[], what: string, prefix?: string): ValidationProblem[] {
  return Object.keys(fields)
    .filter((key) => !known.includes(key) && fields[key] !== undefined)
    .map((key) => problem(join(prefix, key), key, `"${key}" is not a field of ${what}`));
}

function booleans(fields: Fields, keys: readonly string[], prefix?: string): ValidationProblem[] {
  return keys
    .filter((key) => fields[key] !== undefined && typeof fields[key] !== "boolean")
    .map((key) => problem(join(prefix, key), fields[key], `${key} must be true or false`));
}

function strings(fields: Fields, keys: readonly string[], prefix?: string): ValidationProblem[] {
  return keys
    .filter((key) => fields[key] !== undefined && typeof fields[key] !== "string")
    .map((key) => problem(join(prefix, key), fields[key], `${key} must be a string`));
}

function integerInRange(
  fields: Fields,
  key: string,
  min: number,
  max: number,
  prefix?: string,
  isRequired = false,
): ValidationProblem[] {
  const value = fields[key];
  if (value === undefined && !isRequired) return [];
  const bounds = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    return [problem(join(prefix, key), value, `${key} must be an integer ${bounds}`)];
  }
  return [];
}
