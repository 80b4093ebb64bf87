import { splitRepository } from "../../repository";
import type { PullAttempt, PullPredicate } from "../edgegap-emulator";
import { GoogleCloudState, liveKeys, readCloudState } from "../google-stand-in";

/**
 * The registry behind the Edgegap emulator's `verify_image`, trusting the google stand-in the way Artifact Registry
 * trusts Google IAM: a pull succeeds only with username `_json_key` and the JSON of a key that is live at that
 * moment, whose service account holds roles/artifactregistry.reader on the repository serving the image (or on its
 * project). So an offline deploy proves that Edgegap got a working key, not merely some text.
 */
export const READER_ROLE = "roles/artifactregistry.reader";

export function pullsGrantedByStandIn(statePath: string): PullPredicate {
  return (pull) => whyPullFails(readCloudState(statePath), pull) === undefined;
}

/** undefined when the pull would succeed; otherwise what is missing (for messages). */
export function whyPullFails(cloud: GoogleCloudState, pull: PullAttempt): string | undefined {
  if (pull.username !== "_json_key") return `username ${JSON.stringify(pull.username)} is not _json_key`;
  const key = liveKeys(cloud).find((candidate) => candidate.privateKeyData !== null && candidate.privateKeyData === pull.token);
  if (key === undefined) return "the token is not the JSON of a live service account key";
  const member = `serviceAccount:${key.serviceAccountEmail}`;
  const { resource, project } = imageResource(pull);
  const granted = Object.values(cloud.bindings).some(
    (binding) =>
      binding.role === READER_ROLE &&
      binding.member === member &&
      binding.condition === null &&
      ((binding.scope === "artifact_registry_repository" && binding.resource === resource) ||
        (binding.scope === "project" && binding.resource === project)),
  );
  return granted ? undefined : `${member} holds no ${READER_ROLE} on ${resource} or project ${project}`;
}

/** The Artifact Registry repository serving the image, as the stand-in names IAM resources. */
function imageResource(pull: PullAttempt): { resource: string; project: string } {
  const reference = splitRepository(`${pull.repository}/${pull.image}`);
  return {
    resource: `projects/${reference.project}/locations/${reference.artifactRegistryLocation}/repositories/${reference.artifactRegistryRepository}`,
    project: reference.project,
  };
}
