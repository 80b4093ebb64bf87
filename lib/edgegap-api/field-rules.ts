/**
 * Rules for single fields: names and the three parts of a docker reference. Each returns the problems it finds
 * (at most one per field: the first rule broken), so callers at plan time can report them as diagnostics.
 */
import type { ValidationProblem } from "./errors";

export const APP_NAME_LENGTH = { min: 3, max: 64 } as const;
export const VERSION_NAME_LENGTH = { min: 1, max: 64 } as const;

/** Strings longer than this are shown as a size summary in problems rather than verbatim. */
const SHOWN_VALUE_LENGTH = 200;

/** The value as a problem shows it: verbatim when short, a size summary when long. */
export function shown(value: unknown): unknown {
  if (typeof value === "string" && value.length > SHOWN_VALUE_LENGTH) {
    return `<${Buffer.byteLength(value, "utf8")} bytes starting ${JSON.stringify(value.slice(0, 20))}>`;
  }
  return value;
}

export function problem(path: string, value: unknown, rule: string): ValidationProblem {
  return { path, value: shown(value), rule };
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Edgegap documents only lengths for names. We add what keeps a name usable as one URL path segment and as a
 * Terraform import id: no "/", no control characters, no leading or trailing whitespace, not "." or "..".
 */
function validateName(
  value: unknown,
  path: string,
  what: string,
  length: { min: number; max: number },
): ValidationProblem[] {
  if (typeof value !== "string") return [problem(path, value, `${what} must be a string`)];
  const characters = [...value].length;
  if (characters < length.min || characters > length.max) {
    return [problem(path, value, `${what} must be ${length.min}–${length.max} characters long (is ${characters})`)];
  }
  if (value.trim() !== value) return [problem(path, value, `${what} must not start or end with whitespace`)];
  if (CONTROL_CHARACTERS.test(value)) return [problem(path, value, `${what} must not contain control characters`)];
  if (value.includes("/")) return [problem(path, value, `${what} must not contain "/" (it is a URL path segment)`)];
  if (value === "." || value === "..") return [problem(path, value, `${what} must not be "." or ".."`)];
  return [];
}

export function validateAppName(value: unknown, path = "name"): ValidationProblem[] {
  return validateName(value, path, "an app name", APP_NAME_LENGTH);
}

export function validateVersionName(value: unknown, path = "name"): ValidationProblem[] {
  return validateName(value, path, "a version name", VERSION_NAME_LENGTH);
}

/** One `/`-separated part of an image path, as the docker distribution reference grammar defines it. */
const IMAGE_PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** `docker_image`: lowercase namespaced path, without registry host, tag or digest (e.g. `project-name/repo`). */
export function validateDockerImage(value: unknown, path = "docker_image"): ValidationProblem[] {
  if (typeof value !== "string" || value === "") {
    return [problem(path, value, "docker_image must be a non-empty string such as project-name/repo")];
  }
  if (value.includes("@")) {
    return [problem(path, value, "docker_image must not include a digest (@sha256:...): set the tag in docker_tag")];
  }
  if (value !== value.toLowerCase()) {
    return [problem(path, value, "docker_image must be lowercase (Edgegap rejects uppercase)")];
  }
  const segments = value.split("/");
  const first = segments[0];
  if (segments.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    return [
      problem(path, value, `docker_image must not start with a registry host: put "${first}" in docker_repository`),
    ];
  }
  if (value.includes(":")) {
    return [problem(path, value, "docker_image must not include a tag: put what follows ':' in docker_tag")];
  }
  if (!segments.every((segment) => IMAGE_PATH_COMPONENT.test(segment))) {
    return [
      problem(
        path,
        value,
        "docker_image must be '/'-separated parts of lowercase letters and digits joined by '.', '_', '__' or '-' (e.g. project-name/repo)",
      ),
    ];
  }
  return [];
}

const HOST_LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
const REGISTRY_HOST = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9a-fA-F:]+\\])(?::(\\d{1,5}))?$`);

/** `docker_repository`: a registry host such as `gcr.io` or `europe-west1-docker.pkg.dev`, optionally with a port. */
export function validateDockerRepository(value: unknown, path = "docker_repository"): ValidationProblem[] {
  if (typeof value !== "string" || value === "") {
    return [problem(path, value, "docker_repository must be a registry host such as gcr.io")];
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return [problem(path, value, "docker_repository must be a registry host without a scheme, e.g. gcr.io")];
  }
  if (value.includes("/")) {
    return [
      problem(path, value, "docker_repository must be only the registry host (e.g. gcr.io): put the path in docker_image"),
    ];
  }
  const match = REGISTRY_HOST.exec(value);
  const port = match?.[1] === undefined ? undefined : Number(match[1]);
  if (!match || (port !== undefined && (port < 1 || port > 65535))) {
    return [problem(path, value, "docker_repository must be a host name (letters, digits, '-', '.') with an optional :port")];
  }
  return [];
}

const DOCKER_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** `docker_tag`: the docker tag grammar, up to 128 characters. */
export function validateDockerTag(value: unknown, path = "docker_tag"): ValidationProblem[] {
  if (typeof value !== "string" || !DOCKER_TAG.test(value)) {
    return [
      problem(
        path,
        value,
        "docker_tag must be 1–128 letters, digits, '_', '.' or '-', not starting with '.' or '-' (e.g. 2026.12.03)",
      ),
    ];
  }
  return [];
}
