/**
 * Stand-in for the registries Edgegap pulls from when `verify_image` is true. With nothing configured every pull
 * succeeds; once grants are added (or a predicate set) only matching pulls do, and the API answers 424 otherwise.
 */

/** The pull Edgegap would attempt. */
export interface PullAttempt {
  readonly repository: string;
  readonly image: string;
  readonly tag: string;
  readonly username?: string | null;
  readonly token?: string | null;
}

/** Who may pull what; an omitted field matches anything. */
export interface RegistryGrant {
  readonly repository: string;
  readonly image: string;
  readonly tag?: string;
  readonly username?: string;
  readonly token?: string;
}

export type PullPredicate = (pull: PullAttempt) => boolean;

export class RegistryStandIn {
  private grants: RegistryGrant[] = [];
  private predicate: PullPredicate | undefined;

  /** Lets pulls matching this grant succeed (and, from now on, only those or other grants). */
  allow(grant: RegistryGrant): void {
    this.grants.push({ ...grant });
  }

  /** Decides every pull with a function instead of grants; undefined removes it. */
  setPredicate(predicate: PullPredicate | undefined): void {
    this.predicate = predicate;
  }

  /** Back to "every pull succeeds". */
  clear(): void {
    this.grants = [];
    this.predicate = undefined;
  }

  /** The grants, without their tokens (for the admin route). */
  describe(): { grants: Omit<RegistryGrant, "token">[]; predicate: boolean } {
    return { grants: this.grants.map(({ token, ...rest }) => (void token, rest)), predicate: this.predicate !== undefined };
  }

  canPull(pull: PullAttempt): boolean {
    if (this.predicate !== undefined) return this.predicate(pull);
    if (this.grants.length === 0) return true;
    return this.grants.some(
      (grant) =>
        grant.repository === pull.repository &&
        grant.image === pull.image &&
        (grant.tag === undefined || grant.tag === pull.tag) &&
        (grant.username === undefined || grant.username === pull.username) &&
        (grant.token === undefined || grant.token === pull.token),
    );
  }
}
