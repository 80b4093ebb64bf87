import { InvalidRepositoryError } from "./errors";
import { ARTIFACT_REGISTRY_LOCATION } from "./grammar";

/**
 * Which kind of Google registry a host is. Since 2025 both are served by Artifact Registry; `container-registry`
 * names the gcr.io hosts, whose path is HOST/PROJECT/IMAGE and whose legacy storage was a Cloud Storage bucket.
 */
export type RegistryKind = "container-registry" | "artifact-registry";

/** What a registry host tells about where an image lives. */
export interface RegistryHost {
  readonly host: string;
  readonly kind: RegistryKind;
  /** Artifact Registry location of the repositories behind this host. */
  readonly location: string;
  /** For gcr.io hosts: the Artifact Registry repository id (the host itself) and the legacy bucket's prefix. */
  readonly gcr?: { readonly repositoryId: string; readonly bucketPrefix: string };
}

/**
 * The four Container Registry hosts and the Artifact Registry repositories that serve them
 * (cloud.google.com/artifact-registry/docs/transition/gcr-repositories): the repository id is the host.
 */
const CONTAINER_REGISTRY_HOSTS: Readonly<Record<string, RegistryHost>> = {
  "gcr.io": { host: "gcr.io", kind: "container-registry", location: "us", gcr: { repositoryId: "gcr.io", bucketPrefix: "" } },
  "us.gcr.io": { host: "us.gcr.io", kind: "container-registry", location: "us", gcr: { repositoryId: "us.gcr.io", bucketPrefix: "us." } },
  "eu.gcr.io": { host: "eu.gcr.io", kind: "container-registry", location: "europe", gcr: { repositoryId: "eu.gcr.io", bucketPrefix: "eu." } },
  "asia.gcr.io": { host: "asia.gcr.io", kind: "container-registry", location: "asia", gcr: { repositoryId: "asia.gcr.io", bucketPrefix: "asia." } },
};

const ARTIFACT_REGISTRY_DOCKER_HOST = /^([a-z0-9-]+)-docker\.pkg\.dev$/;
const ARTIFACT_REGISTRY_OTHER_FORMAT_HOST = /^[a-z0-9-]+-(?:npm|maven|python|go|apt|yum|kfp|generic)\.pkg\.dev$/;

/** The hosts splitRepository accepts, for error messages. */
export const ACCEPTED_HOSTS = "gcr.io, us.gcr.io, eu.gcr.io, asia.gcr.io or LOCATION-docker.pkg.dev";

/** Resolves the host part of a repository name, or throws an InvalidRepositoryError about `input`. */
export function resolveRegistryHost(input: string, host: string): RegistryHost {
  const known = CONTAINER_REGISTRY_HOSTS[host];
  if (known !== undefined) return known;

  const artifactRegistry = ARTIFACT_REGISTRY_DOCKER_HOST.exec(host);
  if (artifactRegistry !== null) {
    const location = artifactRegistry[1];
    if (!ARTIFACT_REGISTRY_LOCATION.pattern.test(location)) {
      throw new InvalidRepositoryError(
        input,
        `the Artifact Registry location "${location}" of host "${host}" is not valid: expected ${ARTIFACT_REGISTRY_LOCATION.description}`,
      );
    }
    return { host, kind: "artifact-registry", location };
  }

  const lower = host.toLowerCase();
  if (lower !== host && (CONTAINER_REGISTRY_HOSTS[lower] !== undefined || ARTIFACT_REGISTRY_DOCKER_HOST.test(lower))) {
    throw new InvalidRepositoryError(input, `write the host "${host}" in lowercase ("${lower}")`);
  }
  if (ARTIFACT_REGISTRY_OTHER_FORMAT_HOST.test(host)) {
    throw new InvalidRepositoryError(
      input,
      `the host "${host}" serves non-Docker packages; container images come from LOCATION-docker.pkg.dev`,
    );
  }
  throw new InvalidRepositoryError(input, `the host "${host}" is not a Google registry: expected ${ACCEPTED_HOSTS}`);
}
