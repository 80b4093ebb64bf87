import { InvalidRepositoryError } from "./errors";
import {
  ARTIFACT_REGISTRY_REPOSITORY,
  MAX_NAME_LENGTH,
  PATH_COMPONENT,
  PROJECT_DOMAIN,
  PROJECT_ID,
  SHA256_DIGEST,
  TAG,
} from "./grammar";
import { RegistryKind, resolveRegistryHost } from "./hosts";

/**
 * A Google Cloud repository name split the way Edgegap's GCP page splits it, plus what the IAM grant needs.
 *
 * `gcr.io/project-name/example:v1` → repository "gcr.io", image "project-name/example", tag "v1",
 * served by Artifact Registry repository "gcr.io" in location "us" of project "project-name".
 */
export interface RepositoryReference {
  /** The name as given, without surrounding whitespace. */
  readonly fullName: string;
  /** Edgegap `docker_repository`: the registry host, e.g. "gcr.io" or "us-docker.pkg.dev". */
  readonly repository: string;
  /**
   * Edgegap `docker_image`: the path after the host, without tag or digest,
   * e.g. "project-name/example" or, for pkg.dev, "PROJECT/REPO/IMAGE".
   */
  readonly image: string;
  /** The tag after ":", e.g. "v1". Undefined when the name has none. */
  readonly tag?: string;
  /** The digest after "@", e.g. "sha256:…". Undefined when the name has none. */
  readonly digest?: string;
  /**
   * The Google Cloud project that owns the registry. A domain-scoped project, written "example.com/my-project"
   * in image paths, is returned as its real id "example.com:my-project".
   */
  readonly project: string;
  /** `container-registry` for gcr.io hosts, `artifact-registry` for LOCATION-docker.pkg.dev. */
  readonly kind: RegistryKind;
  /** Artifact Registry location of the repository serving the image: "us", "europe", "asia", or the pkg.dev location. */
  readonly artifactRegistryLocation: string;
  /** Artifact Registry repository id serving the image: the gcr host ("gcr.io", "eu.gcr.io", …) or REPO for pkg.dev. */
  readonly artifactRegistryRepository: string;
  /**
   * The legacy Container Registry bucket (`artifacts.PROJECT.appspot.com`, `eu.artifacts.…`) for gcr hosts.
   * Undefined for Artifact Registry hosts, and for domain-scoped projects, whose bucket naming Google does not document.
   */
  readonly legacyBucket?: string;
}

/** cdktf encodes unresolved tokens in strings with these markers (cdktf/lib/tokens/private/encoding). */
const TOKEN_MARKERS = ["${TfToken[", "#{TfToken[", "&{TfToken["];
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * Splits a full repository name copied from the Google Cloud console into what Edgegap asks for.
 *
 * Accepts `HOST/PROJECT/IMAGE…` for gcr.io, us.gcr.io, eu.gcr.io and asia.gcr.io, and
 * `LOCATION-docker.pkg.dev/PROJECT/REPO/IMAGE…`, each with an optional `:tag` and/or `@sha256:…` digest.
 * Domain-scoped projects are written with a slash, as Google's registries do: `gcr.io/example.com/my-project/game`.
 * Surrounding whitespace is ignored.
 *
 * @throws InvalidRepositoryError naming the input and the rule it breaks
 */
export function splitRepository(fullName: string): RepositoryReference {
  if (typeof fullName !== "string") {
    throw new InvalidRepositoryError(String(fullName), `expected a string, got ${typeof fullName}`);
  }
  const name = fullName.trim();
  const fail: (reason: string) => never = (reason) => {
    throw new InvalidRepositoryError(fullName, reason);
  };

  if (name === "") fail("it is empty: expected HOST/PROJECT/IMAGE, for example gcr.io/my-project/my-game");
  if (TOKEN_MARKERS.some((marker) => name.includes(marker))) {
    fail(
      "it is an unresolved token (a resource attribute or TerraformVariable); the repository is split at synth time, so pass a literal string",
    );
  }
  if (name.includes("${")) fail('it contains a Terraform expression "${…}"; pass a literal string');
  const scheme = SCHEME.exec(name);
  if (scheme !== null) fail(`remove the scheme "${scheme[0]}": expected HOST/PROJECT/IMAGE, as docker writes it`);
  if (/\s/.test(name)) fail("it contains whitespace");

  const [withoutDigest, digest] = cutLast(name, "@");
  if (digest === "") fail('the digest after "@" is empty');
  if (digest !== undefined && !SHA256_DIGEST.pattern.test(digest)) {
    fail(`the digest "${digest}" is not valid: expected ${SHA256_DIGEST.description}`);
  }

  const slash = withoutDigest.indexOf("/");
  if (slash < 0) fail(`it has no path after the host "${withoutDigest}": expected HOST/PROJECT/IMAGE`);
  const hostPart = withoutDigest.slice(0, slash);
  const registry = resolveRegistryHost(fullName, hostPart);

  const pathAndTag = withoutDigest.slice(slash + 1);
  const lastSegmentStart = pathAndTag.lastIndexOf("/") + 1;
  const colon = pathAndTag.indexOf(":", lastSegmentStart);
  const path = colon < 0 ? pathAndTag : pathAndTag.slice(0, colon);
  const tag = colon < 0 ? undefined : pathAndTag.slice(colon + 1);
  if (tag === "") fail('the tag after ":" is empty');
  if (tag !== undefined && !TAG.pattern.test(tag)) fail(`the tag "${tag}" is not valid: expected ${TAG.description}`);

  const segments = path.split("/");
  if (segments.some((segment) => segment === "")) {
    fail(`the path "${path}" has an empty segment ("//", or a "/" at its start or end)`);
  }
  const misplacedColon = segments.find((segment) => segment.includes(":"));
  if (misplacedColon !== undefined) {
    fail(
      misplacedColon.includes(".")
        ? `"${misplacedColon}" looks like a domain-scoped project: Google's registries write it with a slash, "${misplacedColon.replace(":", "/")}"`
        : `":" may only introduce the tag at the end, found in "${misplacedColon}"`,
    );
  }
  if (path !== path.toLowerCase()) {
    fail(`the image "${path}" has uppercase letters: Edgegap and docker accept lowercase image names only`);
  }
  if (registry.host.length + 1 + path.length > MAX_NAME_LENGTH) {
    fail(`the name is longer than ${MAX_NAME_LENGTH} characters (docker's limit, without tag and digest)`);
  }

  // A project id never contains a dot, so a dotted first segment is the domain of a domain-scoped project.
  const domainScoped = segments[0].includes(".");
  const projectSegments = domainScoped ? 2 : 1;
  const isArtifactRegistry = registry.kind === "artifact-registry";
  const expected = isArtifactRegistry ? "LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE" : `${registry.host}/PROJECT/IMAGE`;
  const needed = projectSegments + (isArtifactRegistry ? 2 : 1);
  if (segments.length < needed) {
    const parts = isArtifactRegistry ? "a project, a repository and an image name" : "both a project and an image name";
    fail(`the path "${path}" needs ${parts}: expected ${expected}`);
  }

  if (domainScoped && !PROJECT_DOMAIN.pattern.test(segments[0])) {
    fail(`the project domain "${segments[0]}" is not valid: expected ${PROJECT_DOMAIN.description}`);
  }
  const projectName = segments[projectSegments - 1];
  if (!PROJECT_ID.pattern.test(projectName)) {
    fail(`the project id "${projectName}" is not valid: expected ${PROJECT_ID.description}`);
  }
  const project = domainScoped ? `${segments[0]}:${projectName}` : projectName;

  const arRepository = registry.gcr?.repositoryId ?? segments[projectSegments];
  if (isArtifactRegistry && !ARTIFACT_REGISTRY_REPOSITORY.pattern.test(arRepository)) {
    fail(`the Artifact Registry repository "${arRepository}" is not valid: expected ${ARTIFACT_REGISTRY_REPOSITORY.description}`);
  }
  const badComponent = segments.slice(needed - 1).find((segment) => !PATH_COMPONENT.pattern.test(segment));
  if (badComponent !== undefined) {
    fail(`the image path component "${badComponent}" is not valid: expected ${PATH_COMPONENT.description}`);
  }

  const legacyBucket =
    registry.gcr !== undefined && !domainScoped ? `${registry.gcr.bucketPrefix}artifacts.${project}.appspot.com` : undefined;

  return {
    fullName: name,
    repository: registry.host,
    image: path,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
    project,
    kind: registry.kind,
    artifactRegistryLocation: registry.location,
    artifactRegistryRepository: arRepository,
    ...(legacyBucket !== undefined ? { legacyBucket } : {}),
  };
}

/** Splits at the last `separator`: ["a@b", "c"] for "a@b@c"; [text, undefined] when absent. */
function cutLast(text: string, separator: string): [string, string | undefined] {
  const at = text.lastIndexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
