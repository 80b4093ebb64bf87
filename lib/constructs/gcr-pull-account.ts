import { Fn, TerraformResource, Token } from "cdktf";
import { Construct } from "constructs";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import type { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountKey } from "@cdktf/provider-google/lib/service-account-key";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { isValidProjectId, PROJECT_ID_RULE, RepositoryReference, splitRepository } from "../repository";
import {
  ACCOUNT_ID_PATTERN,
  ACCOUNT_ID_RULE,
  deriveAccountId,
  SERVICE_ACCOUNT_EMAIL_PATTERN,
  SERVICE_ACCOUNT_EMAIL_RULE,
  truncate,
} from "./gcr-pull-account-naming";

/**
 * Where the pull permission is granted.
 * - `repository`: `roles/artifactregistry.reader` on the one Artifact Registry repository that serves the image.
 * - `project`: the same role on the whole registry project (every repository in it).
 */
export type GrantScope = "repository" | "project";

const GRANT_SCOPES: readonly GrantScope[] = ["repository", "project"];
const READER_ROLE = "roles/artifactregistry.reader";
const LEGACY_BUCKET_ROLE = "roles/storage.objectViewer";
const MAX_DISPLAY_NAME = 100;
const MAX_DESCRIPTION = 256;

export interface GcrPullAccountProps {
  /**
   * The image to pull: its full name as copied from the Google Cloud console (`gcr.io/my-project/my-game:v1`,
   * `us-docker.pkg.dev/my-project/games/my-game`), validated with `splitRepository`, or a reference it returned.
   */
  readonly repository: string | RepositoryReference;

  /**
   * The project the service account is created in.
   * @default - the project that owns the registry (from the repository name)
   */
  readonly project?: string;

  /**
   * The service account id (the part of the email before "@"): 6 to 30 characters, `^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$`.
   * Changing it replaces the account and its key.
   * @default - derived from the construct path: a readable part plus a short hash, e.g. "release-pull-account-1f0c2a9b";
   * moving or renaming the construct changes it (and so replaces the account)
   */
  readonly accountId?: string;

  /**
   * Use this existing service account instead of creating one; the construct then only grants and creates a key.
   * Cannot be combined with `accountId`, `project`, `displayName` or `description`.
   * @default - a service account is created
   */
  readonly existingServiceAccountEmail?: string;

  /**
   * The service account's display name (at most 100 characters).
   * @default - "Edgegap pull IMAGE"
   */
  readonly displayName?: string;

  /**
   * The service account's description (at most 256 characters).
   * @default - says which repository it pulls, for Edgegap, and the construct path that manages it
   */
  readonly description?: string;

  /**
   * Any string; changing it replaces the key. Terraform creates the new key before destroying the old one, so a
   * dependant (such as the Edgegap app version) is updated while both keys are valid.
   * @default - no rotation value: the key is created once and kept
   */
  readonly rotation?: string;

  /**
   * Where the pull permission is granted; see `GrantScope`.
   * @default "repository"
   */
  readonly grantScope?: GrantScope;

  /**
   * Also grant `roles/storage.objectViewer` on the legacy Container Registry bucket (`artifacts.PROJECT.appspot.com`,
   * or `us.`/`eu.`/`asia.`). Only for gcr.io hosts; Container Registry stopped serving in 2025, so only for projects
   * still relying on the old buckets.
   * @default false
   */
  readonly legacyBucketGrant?: boolean;

  /**
   * The google provider every resource of this construct uses.
   * @default - the stack's default google provider
   */
  readonly provider?: GoogleProvider;
}

/**
 * A Google service account that can pull one image and nothing else, with a JSON key in the form Edgegap takes
 * (username `_json_key`, password the key file's JSON).
 *
 * Creates a `google_service_account` (child "Resource"), `roles/artifactregistry.reader` on the Artifact Registry
 * repository that serves the image (or on the project, or additionally on the legacy Container Registry bucket),
 * and a `google_service_account_key` that depends on the grants and is replaced, new before old, when `rotation` changes.
 *
 * @see https://docs.edgegap.com/docs/container/registries/gcp-gcr
 * @see https://cloud.google.com/artifact-registry/docs/access-control
 */
export class GcrPullAccount extends Construct {
  /** The username Edgegap (and docker) use with a JSON key. */
  static readonly DOCKER_USERNAME = "_json_key";

  /** The split repository this account can pull from. */
  readonly reference: RepositoryReference;
  /** The created service account; undefined with `existingServiceAccountEmail`. */
  readonly serviceAccount?: ServiceAccount;
  /** The service account email. @attribute */
  readonly email: string;
  /** The IAM member, "serviceAccount:EMAIL". @attribute */
  readonly member: string;
  /** The key resource. */
  readonly key: ServiceAccountKey;
  /** The docker username for the key: `_json_key`. */
  readonly dockerUsername: string = GcrPullAccount.DOCKER_USERNAME;
  /** The key file's JSON (`base64decode` of the key's private_key): the docker password. Sensitive. @attribute */
  readonly jsonKey: string;

  private readonly grantResources: TerraformResource[] = [];

  constructor(scope: Construct, id: string, props: GcrPullAccountProps) {
    super(scope, id);
    const fail = (message: string): never => {
      throw new Error(`GcrPullAccount ${this.node.path}: ${message}`);
    };

    this.reference = typeof props.repository === "string" ? splitRepository(props.repository) : props.repository;
    const grantScope = props.grantScope ?? "repository";
    const legacyBucketGrant = props.legacyBucketGrant ?? false;
    validateOptions(props, grantScope, this.reference, legacyBucketGrant, fail);
    const provider = props.provider;

    const existing = props.existingServiceAccountEmail;
    if (existing === undefined) {
      const image = `${this.reference.repository}/${this.reference.image}`;
      this.serviceAccount = new ServiceAccount(this, "Resource", {
        accountId: props.accountId ?? deriveAccountId(this.node.path),
        project: props.project ?? this.reference.project,
        displayName: props.displayName ?? truncate(`Edgegap pull ${this.reference.image}`, MAX_DISPLAY_NAME),
        description:
          props.description ??
          truncate(`Pulls ${image} for Edgegap. Managed by cdktf (${this.node.path}).`, MAX_DESCRIPTION),
        provider,
      });
      this.email = this.serviceAccount.email;
      this.member = this.serviceAccount.member;
    } else {
      this.email = existing;
      this.member = `serviceAccount:${existing}`;
    }

    if (grantScope === "repository") {
      this.grantResources.push(
        new ArtifactRegistryRepositoryIamMember(this, "RepositoryReader", {
          project: this.reference.project,
          location: this.reference.artifactRegistryLocation,
          repository: this.reference.artifactRegistryRepository,
          role: READER_ROLE,
          member: this.member,
          provider,
        }),
      );
    } else {
      this.grantResources.push(
        new ProjectIamMember(this, "ProjectReader", {
          project: this.reference.project,
          role: READER_ROLE,
          member: this.member,
          provider,
        }),
      );
    }
    // validateOptions has thrown if a legacy grant was asked for where there is no bucket.
    const legacyBucket = legacyBucketGrant ? this.reference.legacyBucket : undefined;
    if (legacyBucket !== undefined) {
      this.grantResources.push(
        new StorageBucketIamMember(this, "LegacyBucketViewer", {
          bucket: legacyBucket,
          role: LEGACY_BUCKET_ROLE,
          member: this.member,
          provider,
        }),
      );
    }

    this.key = new ServiceAccountKey(this, "Key", {
      serviceAccountId: this.serviceAccount?.name ?? this.email,
      ...(props.rotation !== undefined ? { keepers: { rotation: props.rotation } } : {}),
      dependsOn: [...this.grantResources],
      lifecycle: { createBeforeDestroy: true },
      provider,
    });
    this.jsonKey = Fn.base64decode(this.key.privateKey);
  }

  /** The grant resources: the reader grant, then the legacy bucket grant when asked for. */
  get grants(): TerraformResource[] {
    return [...this.grantResources];
  }
}

/** Checks every option before anything is created; literal values only, tokens are left to Terraform. */
function validateOptions(
  props: GcrPullAccountProps,
  grantScope: GrantScope,
  reference: RepositoryReference,
  legacyBucketGrant: boolean,
  fail: (message: string) => never,
): void {
  const literal = (value: string | undefined): value is string => value !== undefined && !Token.isUnresolved(value);

  if (!GRANT_SCOPES.includes(grantScope)) {
    fail(`grantScope "${grantScope}" is not valid: expected "repository" or "project"`);
  }
  if (legacyBucketGrant && reference.kind !== "container-registry") {
    fail(
      `legacyBucketGrant applies only to Container Registry hosts (gcr.io, us.gcr.io, eu.gcr.io, asia.gcr.io), not "${reference.repository}"`,
    );
  }
  if (legacyBucketGrant && reference.legacyBucket === undefined) {
    fail(
      `legacyBucketGrant is not supported for the domain-scoped project "${reference.project}": Google does not document its bucket name`,
    );
  }
  const existing = props.existingServiceAccountEmail;
  if (existing !== undefined) {
    const conflicting = (["accountId", "project", "displayName", "description"] as const).filter((p) => props[p] !== undefined);
    if (conflicting.length > 0) {
      fail(`existingServiceAccountEmail cannot be combined with ${conflicting.join(", ")}: those describe an account this construct creates`);
    }
    if (literal(existing) && !SERVICE_ACCOUNT_EMAIL_PATTERN.test(existing)) {
      fail(`existingServiceAccountEmail "${existing}" is not valid: expected ${SERVICE_ACCOUNT_EMAIL_RULE}`);
    }
  }
  if (literal(props.accountId) && !ACCOUNT_ID_PATTERN.test(props.accountId)) {
    fail(`accountId "${props.accountId}" is not valid: expected ${ACCOUNT_ID_RULE}`);
  }
  if (literal(props.project) && !isValidProjectId(props.project)) {
    fail(`project "${props.project}" is not valid: expected ${PROJECT_ID_RULE}`);
  }
  if (literal(props.displayName) && (props.displayName.length === 0 || props.displayName.length > MAX_DISPLAY_NAME)) {
    fail(`displayName "${props.displayName}" is not valid: expected 1 to ${MAX_DISPLAY_NAME} characters`);
  }
  if (literal(props.description) && props.description.length > MAX_DESCRIPTION) {
    fail(`description is ${props.description.length} characters long: expected at most ${MAX_DESCRIPTION}`);
  }
  if (props.rotation !== undefined && props.rotation.trim() === "") {
    fail('rotation must not be empty: omit it for the first key, then set any value such as "2027-01" to rotate');
  }
}
