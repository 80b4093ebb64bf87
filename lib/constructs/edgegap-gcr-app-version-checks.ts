import { TerraformStack, Token } from "cdktf";
import { IConstruct } from "constructs";
import type { ValidationProblem } from "../edgegap-api/errors";
import type { RepositoryReference } from "../repository";
import { EdgegapGcrAppVersionProps, PULL_ACCOUNT_OPTION_NAMES } from "./edgegap-gcr-app-version-props";

/**
 * The checks EdgegapGcrAppVersion adds to those of splitRepository, the bindings and GcrPullAccount: only what comes
 * from composing them (where the tag comes from, digests, sharing an account, providers of other stacks).
 */

type Fail = (message: string) => never;

/**
 * The tag Edgegap deploys: the one in the repository name or the `tag` prop. Refuses a digest, since Edgegap pulls
 * by tag (`docker_tag`) and has no field for a digest, so a pin could not be honoured.
 */
export function resolveTag(reference: RepositoryReference, tag: string | undefined, fail: Fail): string {
  const name = reference.fullName;
  if (reference.digest !== undefined) {
    const withoutDigest = name.slice(0, name.lastIndexOf("@"));
    fail(
      `repository "${name}" pins the digest "${reference.digest}", but Edgegap pulls by tag (docker_tag) and has no ` +
        `field for a digest: give the tag that points at it instead, e.g. "${withoutDigest}${reference.tag === undefined ? ":TAG" : ""}"`,
    );
  }
  const inName = reference.tag;
  if (tag === undefined) {
    if (inName === undefined) {
      fail(`repository "${name}" has no tag: write it in the name ("${name}:TAG") or pass the tag prop`);
    }
    return inName;
  }
  if (inName !== undefined && (Token.isUnresolved(tag) || tag !== inName)) {
    const given = Token.isUnresolved(tag) ? "a token" : `"${tag}"`;
    fail(`the tag prop (${given}) differs from the tag "${inName}" in repository "${name}": give the tag one way, or the same in both`);
  }
  return tag;
}

/** Refuses pull-account options and a google provider next to a shared account, and an account of another stack. */
export function checkSharedPullAccount(
  scope: IConstruct,
  props: EdgegapGcrAppVersionProps,
  reference: RepositoryReference,
  fail: Fail,
): void {
  const account = props.pullAccount;
  if (account === undefined) return;
  const conflicting = [...PULL_ACCOUNT_OPTION_NAMES, "googleProvider" as const].filter((name) => props[name] !== undefined);
  if (conflicting.length > 0) {
    fail(`pullAccount cannot be combined with ${conflicting.join(", ")}: those configure the account, which ${account.node.path} already is`);
  }
  if (TerraformStack.of(account) !== TerraformStack.of(scope)) {
    fail(
      `pullAccount ${account.node.path} is in another stack: its key would cross stacks through outputs and remote state; ` +
        "create a pull account in this stack",
    );
  }
  const pulls = account.reference;
  const projectWide = account.grants.some((grant) => grant.terraformResourceType === "google_project_iam_member");
  const sameProject = pulls.project === reference.project;
  const sameRepository =
    sameProject &&
    pulls.artifactRegistryLocation === reference.artifactRegistryLocation &&
    pulls.artifactRegistryRepository === reference.artifactRegistryRepository;
  if (projectWide ? !sameProject : !sameRepository) {
    const covers = projectWide
      ? `images of project "${pulls.project}"`
      : `images of Artifact Registry repository "${pulls.artifactRegistryRepository}" in ${pulls.artifactRegistryLocation} of project "${pulls.project}"`;
    fail(`pullAccount ${account.node.path} can pull only ${covers}, not "${reference.fullName}"`);
  }
}

/** A provider configures resources of its own stack only. */
export function checkSameStack(scope: IConstruct, what: string, other: IConstruct | undefined, fail: Fail): void {
  if (other !== undefined && TerraformStack.of(other) !== TerraformStack.of(scope)) {
    fail(`${what} ${other.node.path} is in another stack: a provider serves its own stack only; configure one in ${TerraformStack.of(scope).node.path}`);
  }
}

/** Our prop names for the bindings' problem paths, where they differ (the rest are camelCased by throwOnProblems). */
const PROP_NAMES: Readonly<Record<string, string>> = { docker_tag: "tag", docker_repository: "repository", docker_image: "repository" };

export function renameProblemPaths(problems: readonly ValidationProblem[]): ValidationProblem[] {
  return problems.map((problem) => ({ ...problem, path: PROP_NAMES[problem.path] ?? problem.path }));
}

/** Versions already declared per stack, by Edgegap identity (app and version name), to catch two of the same. */
const declaredVersions = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * Remembers `app/name` for the stack, failing when another construct already declared it: Edgegap would answer 409
 * to the second at apply. Apps given as tokens, and token names, cannot be compared and are skipped.
 * Returns a function that releases the claim.
 */
export function claimVersionName(
  scope: IConstruct,
  app: string | { node: { path: string } },
  name: string,
  fail: Fail,
): () => void {
  const appKey = typeof app === "string" ? (Token.isUnresolved(app) ? undefined : `app "${app}"`) : `EdgegapApp ${app.node.path}`;
  if (appKey === undefined || Token.isUnresolved(name)) return () => undefined;
  const stack = TerraformStack.of(scope);
  const claimed = declaredVersions.get(stack) ?? new Map<string, string>();
  declaredVersions.set(stack, claimed);
  const key = `${appKey} version "${name}"`;
  const owner = claimed.get(key);
  if (owner !== undefined) {
    fail(`${key} is already declared by ${owner}: version names must be unique in an app`);
  }
  claimed.set(key, scope.node.path);
  return () => claimed.delete(key);
}
