import { Token } from "cdktf";
import { formatProblem, ValidationProblem } from "../edgegap-api/errors";
import { problem, validateAppName, validateVersionName } from "../edgegap-api/field-rules";
import { validateAppVersionFields, validateEnvs, validatePorts } from "../edgegap-api/validation";
import type { EdgegapAppConfig } from "./edgegap-app";
import type { EdgegapAppVersionConfig, EdgegapEnv, EdgegapPort } from "./edgegap-app-version";

/**
 * Synth-time checks of the values a studio wrote literally, with the same rules the API client applies before a
 * request and the provider applies at plan time. Values that are tokens are unknown until apply and are left to the
 * provider. Paths are reported in the config's camelCase names.
 */

/** Throws one error naming the construct and every problem, or returns when there is none. */
export function throwOnProblems(subject: string, problems: readonly ValidationProblem[]): void {
  if (problems.length > 0) {
    const described = problems.map((p) => formatProblem({ ...p, path: camelPath(p.path) }));
    throw new Error(`${subject}: invalid configuration: ${described.join("; ")}`);
  }
}

export function validateAppLiterals(config: EdgegapAppConfig): ValidationProblem[] {
  return isLiteral(config.name) ? validateAppName(config.name) : [];
}

export function validateAppVersionLiterals(config: EdgegapAppVersionConfig): ValidationProblem[] {
  const fields = literalsOnly({
    docker_repository: config.dockerRepository,
    docker_image: config.dockerImage,
    docker_tag: config.dockerTag,
    private_username: config.privateUsername,
    req_cpu: config.reqCpu,
    req_memory: config.reqMemory,
    req_video: config.reqVideo,
    is_active: config.isActive,
    verify_image: config.verifyImage,
    force_cache: config.forceCache,
    time_to_deploy: config.timeToDeploy,
    max_duration: config.maxDuration,
    restart_policy: config.restartPolicy,
    termination_grace_period_seconds: config.terminationGracePeriodSeconds,
    endpoint_storage: config.endpointStorage,
    dns_config: config.dnsConfig,
    will_deploy_in_mainland_china: config.willDeployInMainlandChina,
  });
  return [
    ...(isLiteral(config.app) ? validateAppName(config.app, "app") : []),
    ...(isLiteral(config.name) ? validateVersionName(config.name) : []),
    ...validateAppVersionFields(fields),
    ...literalSecret("private_token", config.privateToken),
    ...checkList(config.ports, "ports", portFields, validatePorts),
    ...checkList(config.envs, "envs", envFields, validateEnvs),
    ...hiddenEnvLiterals(config.envs),
  ];
}

/** A secret written literally in code would be written in clear into cdk.tf.json, so it is refused. */
function literalSecret(path: string, value: string | undefined): ValidationProblem[] {
  return value !== undefined && isLiteral(value)
    ? [problem(path, "<a literal string>", `${path} must be a reference, such as GcrPullAccount.jsonKey or a ` +
      "sensitive TerraformVariable's value: a literal would be written in clear into cdk.tf.json")]
    : [];
}

function hiddenEnvLiterals(envs: EdgegapEnv[] | undefined): ValidationProblem[] {
  if (envs === undefined || !isLiteral(envs)) return [];
  return envs.flatMap((env, index) =>
    env.isHidden === true ? literalSecret(`envs[${index}].value`, env.value) : []);
}

/**
 * Checks a list whose entries are fully literal. When every entry is, the whole list is checked (so duplicate env
 * keys are found); entries holding tokens are skipped.
 */
function checkList<T>(
  list: T[] | undefined,
  path: string,
  toWire: (entry: T) => Record<string, unknown>,
  validate: (entries: unknown, path: string) => ValidationProblem[],
): ValidationProblem[] {
  if (list === undefined || !isLiteral(list)) return [];
  if (!Array.isArray(list)) return [problem(path, list, `${path} must be a list`)];
  const wire = list.map((entry) => (entry !== null && typeof entry === "object" ? toWire(entry) : entry));
  const literal = wire.map((entry) => entry === null || typeof entry !== "object" || Object.values(entry).every(isLiteral));
  if (literal.every(Boolean)) return validate(wire, path);
  return wire.flatMap((entry, index) =>
    literal[index] ? validate([entry], path).map((p) => ({ ...p, path: p.path.replace(`${path}[0]`, `${path}[${index}]`) })) : []);
}

function portFields(port: EdgegapPort): Record<string, unknown> {
  return dropUndefined({ port: port.port, protocol: port.protocol, to_check: port.toCheck, tls_upgrade: port.tlsUpgrade, name: port.name });
}

function envFields(env: EdgegapEnv): Record<string, unknown> {
  return dropUndefined({ key: env.key, value: env.value, is_hidden: env.isHidden });
}

function isLiteral(value: unknown): boolean {
  return !Token.isUnresolved(value);
}

function literalsOnly(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && isLiteral(v)));
}

function dropUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** `ports[1].tls_upgrade` → `ports[1].tlsUpgrade`, the name the studio wrote. */
function camelPath(path: string): string {
  return path.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
