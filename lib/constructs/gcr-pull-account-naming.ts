import { createHash } from "crypto";

/**
 * Names GcrPullAccount gives or checks: service account ids and emails. Strings only, so the rules are testable alone.
 */

/** The google provider's rule for `account_id` (RFC 1035, 6 to 30 characters). */
export const ACCOUNT_ID_PATTERN = /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/;
export const ACCOUNT_ID_RULE =
  "6 to 30 lowercase letters, digits or hyphens, starting with a letter and ending with a letter or digit (^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$)";

/** A service account email: ACCOUNT@PROJECT.iam.gserviceaccount.com, or a Google-managed one (…@developer.gserviceaccount.com). */
export const SERVICE_ACCOUNT_EMAIL_PATTERN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?@(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?\.)+gserviceaccount\.com$/;
export const SERVICE_ACCOUNT_EMAIL_RULE =
  "a service account email, ACCOUNT@PROJECT.iam.gserviceaccount.com (or another …gserviceaccount.com address)";

const HASH_LENGTH = 8;
const MAX_READABLE_LENGTH = 30 - HASH_LENGTH - 1;

/**
 * A valid account id derived from a construct path: the path below the stack, made readable, plus a short hash of
 * the whole path. Deterministic (the same path always gives the same id) and distinct for distinct paths, so two
 * accounts in one stack, or the same construct in two stacks, never clash in one project.
 *
 * "game-servers/release/PullAccount" → "release-pull-account-" + 8 hex digits
 */
export function deriveAccountId(constructPath: string): string {
  const hash = createHash("sha256").update(constructPath).digest("hex").slice(0, HASH_LENGTH);
  const ids = constructPath.split("/");
  const belowStack = ids.length > 1 ? ids.slice(1) : ids;
  const readable = belowStack
    .join("-")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, MAX_READABLE_LENGTH)
    .replace(/-+$/, "");
  return readable === "" ? `pull-${hash}` : `${readable}-${hash}`;
}

/** Cuts `text` to `max` characters, marking the cut, for display names and descriptions with length limits. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
