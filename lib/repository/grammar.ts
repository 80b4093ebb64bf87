/**
 * The naming rules a repository reference has to follow, as Docker and Google Cloud define them.
 * Each rule is a pattern plus the sentence an error shows, so a message always states the rule it enforces.
 */
export interface NameRule {
  readonly pattern: RegExp;
  readonly description: string;
}

/** Docker (distribution/reference): lowercase letters and digits, joined by ".", "_", "__" or dashes. */
export const PATH_COMPONENT: NameRule = {
  pattern: /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/,
  description: 'lowercase letters and digits, separated by ".", "_", "__" or "-" (docker\'s rule)',
};

/** Docker tag rule. */
export const TAG: NameRule = {
  pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
  description: 'up to 128 letters, digits, "_", "." or "-", not starting with "." or "-" (docker\'s rule)',
};

/** The only digest algorithm Google's registries serve. */
export const SHA256_DIGEST: NameRule = {
  pattern: /^sha256:[a-f0-9]{64}$/,
  description: '"sha256:" followed by 64 lowercase hex digits',
};

/** Google Cloud project id (the part after the colon for domain-scoped projects). */
export const PROJECT_ID: NameRule = {
  pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
  description: "6 to 30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen",
};

/** The domain of a domain-scoped project id such as "example.com:my-project". */
export const PROJECT_DOMAIN: NameRule = {
  pattern: /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
  description: 'a lowercase domain name such as "example.com"',
};

/** Artifact Registry repository id (the REPO of LOCATION-docker.pkg.dev/PROJECT/REPO/IMAGE). */
export const ARTIFACT_REGISTRY_REPOSITORY: NameRule = {
  pattern: /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
  description: "up to 63 lowercase letters, digits or hyphens, starting with a letter and ending with a letter or digit",
};

/** Artifact Registry location: a multi-region ("us", "europe", "asia") or a region ("us-central1", "europe-west4"). */
export const ARTIFACT_REGISTRY_LOCATION: NameRule = {
  pattern: /^[a-z]+(?:-[a-z]+[0-9]+)?$/,
  description: 'a multi-region such as "us" or a region such as "europe-west4"',
};

/** Docker's limit on the length of a name (host and path, without tag or digest). */
export const MAX_NAME_LENGTH = 255;

/**
 * Whether `projectId` is a valid Google Cloud project id, plain ("my-project") or domain-scoped ("example.com:my-project").
 */
export function isValidProjectId(projectId: string): boolean {
  const colon = projectId.indexOf(":");
  if (colon < 0) return PROJECT_ID.pattern.test(projectId);
  return (
    PROJECT_DOMAIN.pattern.test(projectId.slice(0, colon)) && PROJECT_ID.pattern.test(projectId.slice(colon + 1))
  );
}

/** The rule `isValidProjectId` checks, for error messages. */
export const PROJECT_ID_RULE =
  `${PROJECT_ID.description}; a domain-scoped id is written "example.com:my-project"`;
