/**
 * The emulator's own checks of request bodies, written from the API docs independently of the client's validation
 * (so a client bug is not mirrored here). Each returns the first problem as Edgegap-style message, or undefined.
 */

type Body = Record<string, unknown>;

export const PROTOCOLS = ["TCP", "UDP", "TCP/UDP", "HTTP", "HTTPS", "WS", "WSS"];
const RESTART_POLICIES = ["always", "never", "on_failure"];

export const APP_FIELDS = ["name", "is_active", "image"];
export const VERSION_FIELDS = [
  "name", "is_active", "req_cpu", "req_memory", "req_video", "docker_repository", "docker_image", "docker_tag",
  "private_username", "private_token", "verify_image", "force_cache", "time_to_deploy", "max_duration",
  "restart_policy", "termination_grace_period_seconds", "will_deploy_in_mainland_china", "dns_config", "ports",
  "envs", "endpoint_storage",
];
export const IMMUTABLE_VERSION_FIELDS = ["req_cpu", "req_memory", "req_video"];
/** Optional strings a PATCH may clear with null. */
const NULLABLE_STRINGS = ["private_username", "private_token", "dns_config", "endpoint_storage"];

export function isObject(value: unknown): value is Body {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function length(value: string): number {
  return [...value].length;
}

export function checkAppBody(body: Body, partial: boolean): string | undefined {
  const unknown = Object.keys(body).filter((key) => !APP_FIELDS.includes(key));
  if (unknown.length > 0) return `Unknown field(s): ${unknown.join(", ")}`;
  if (!partial) {
    for (const key of APP_FIELDS) if (body[key] === undefined) return `${key}: This field is required.`;
  }
  if (body.name !== undefined && (typeof body.name !== "string" || length(body.name) < 3 || length(body.name) > 64)) {
    return "name: must be a string of 3 to 64 characters.";
  }
  if (body.is_active !== undefined && typeof body.is_active !== "boolean") return "is_active: must be a boolean.";
  if (body.image !== undefined && typeof body.image !== "string") return "image: must be a base64 string.";
  return undefined;
}

const INTEGER_RANGES: Record<string, [number, number]> = {
  req_cpu: [100, Infinity],
  req_memory: [100, Infinity],
  req_video: [0, Infinity],
  time_to_deploy: [1, Infinity],
  max_duration: [-1, 1440],
  termination_grace_period_seconds: [5, 3600],
};
const BOOLEANS = ["is_active", "verify_image", "force_cache", "will_deploy_in_mainland_china"];
const STRINGS = ["private_username", "private_token", "dns_config"];

/** Checks a version create (`partial` false) or PATCH (`partial` true) body. */
export function checkVersionBody(body: Body, partial: boolean): string | undefined {
  const unknown = Object.keys(body).filter((key) => !VERSION_FIELDS.includes(key));
  if (unknown.length > 0) return `Unknown field(s): ${unknown.join(", ")}`;
  if (partial) {
    const immutable = IMMUTABLE_VERSION_FIELDS.filter((key) => body[key] !== undefined);
    if (immutable.length > 0) return `Unknown field(s): ${immutable.join(", ")} (resources cannot be updated)`;
  } else {
    for (const key of ["name", "docker_repository", "docker_image", "docker_tag", "req_cpu", "req_memory"]) {
      if (body[key] === undefined) return `${key}: This field is required.`;
    }
  }
  for (const [key, value] of Object.entries(body)) {
    if (value === null && !NULLABLE_STRINGS.includes(key)) return `${key}: This field may not be null.`;
  }
  if (body.name !== undefined && (typeof body.name !== "string" || length(body.name) < 1 || length(body.name) > 64)) {
    return "name: must be a string of 1 to 64 characters.";
  }
  for (const [key, [min, max]] of Object.entries(INTEGER_RANGES)) {
    const value = body[key];
    if (value !== undefined && (!Number.isInteger(value) || (value as number) < min || (value as number) > max)) {
      return `${key}: must be an integer${max === Infinity ? ` >= ${min}` : ` between ${min} and ${max}`}.`;
    }
  }
  if (typeof body.req_cpu === "number" && typeof body.req_memory === "number" && body.req_memory > 2 * body.req_cpu) {
    return `req_memory: must be at most double the vCPU units (${2 * body.req_cpu}).`;
  }
  for (const key of BOOLEANS) if (body[key] !== undefined && typeof body[key] !== "boolean") return `${key}: must be a boolean.`;
  for (const key of STRINGS) {
    if (body[key] !== undefined && body[key] !== null && typeof body[key] !== "string") return `${key}: must be a string.`;
  }
  return (
    checkDockerFields(body) ??
    (body.restart_policy !== undefined && !RESTART_POLICIES.includes(body.restart_policy as string)
      ? `restart_policy: "${String(body.restart_policy)}" is not a valid choice.`
      : undefined) ??
    (body.ports !== undefined ? checkPorts(body.ports) : undefined) ??
    (body.envs !== undefined ? checkEnvs(body.envs) : undefined)
  );
}

function checkDockerFields(body: Body): string | undefined {
  const { docker_repository: repository, docker_image: image, docker_tag: tag } = body;
  if (repository !== undefined && (typeof repository !== "string" || !/^[A-Za-z0-9.-]+(:\d+)?$/.test(repository))) {
    return "docker_repository: must be a registry host, without scheme or path.";
  }
  if (image !== undefined) {
    if (typeof image !== "string" || !/^[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*$/.test(image)) {
      return "docker_image: must be a lowercase image path without registry, tag or digest.";
    }
    const first = image.split("/")[0];
    if (image.includes("/") && (first.includes(".") || first === "localhost")) {
      return "docker_image: must not include the registry host.";
    }
  }
  if (tag !== undefined && (typeof tag !== "string" || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag))) {
    return "docker_tag: not a valid docker tag.";
  }
  return undefined;
}

function checkPorts(ports: unknown): string | undefined {
  if (!Array.isArray(ports)) return "ports: must be a list.";
  for (const [index, port] of ports.entries()) {
    const at = `ports[${index}]`;
    if (!isObject(port)) return `${at}: must be an object.`;
    const unknown = Object.keys(port).filter((key) => !["port", "protocol", "to_check", "tls_upgrade", "name"].includes(key));
    if (unknown.length > 0) return `${at}: unknown field(s) ${unknown.join(", ")}`;
    if (!Number.isInteger(port.port) || (port.port as number) < 0 || (port.port as number) > 59999) {
      return `${at}.port: must be an integer between 0 and 59999.`;
    }
    if (!PROTOCOLS.includes(port.protocol as string)) return `${at}.protocol: must be one of ${PROTOCOLS.join(", ")}.`;
    for (const key of ["to_check", "tls_upgrade"]) {
      if (port[key] !== undefined && typeof port[key] !== "boolean") return `${at}.${key}: must be a boolean.`;
    }
    if (port.tls_upgrade === true && !["HTTP", "WS"].includes(port.protocol as string)) {
      return `${at}.tls_upgrade: only available with HTTP and WS ports.`;
    }
    if (port.name !== undefined && port.name !== null && typeof port.name !== "string") return `${at}.name: must be a string.`;
    if (port.port === 0 && (typeof port.name !== "string" || port.name === "")) {
      return `${at}.name: required when port is 0.`;
    }
  }
  return undefined;
}

function checkEnvs(envs: unknown): string | undefined {
  if (!Array.isArray(envs)) return "envs: must be a list.";
  const keys = new Set<string>();
  for (const [index, env] of envs.entries()) {
    const at = `envs[${index}]`;
    if (!isObject(env)) return `${at}: must be an object.`;
    const unknown = Object.keys(env).filter((key) => !["key", "value", "is_hidden", "is_secret"].includes(key));
    if (unknown.length > 0) return `${at}: unknown field(s) ${unknown.join(", ")}`;
    if (typeof env.key !== "string" || env.key === "") return `${at}.key: must be a non-empty string.`;
    if (keys.has(env.key)) return `${at}.key: duplicate key ${env.key}.`;
    keys.add(env.key);
    if (typeof env.value !== "string") return `${at}.value: must be a string.`;
    if (Buffer.byteLength(env.value, "utf8") > 4096) return `${at}.value: must be at most 4 KB.`;
    for (const key of ["is_hidden", "is_secret"]) {
      if (env[key] !== undefined && typeof env[key] !== "boolean") return `${at}.${key}: must be a boolean.`;
    }
  }
  return undefined;
}
