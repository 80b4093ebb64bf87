import { Construct } from "constructs";
import { EdgegapApp } from "../bindings/edgegap-app";
import {
  EDGEGAP_APP_VERSION_SETTINGS,
  EdgegapAppVersion,
  EdgegapAppVersionConfig,
  EdgegapEnv,
  EdgegapPort,
} from "../bindings/edgegap-app-version";
import { throwOnProblems, validateAppVersionLiterals } from "../bindings/literal-validation";
import { RepositoryReference, splitRepository } from "../repository";
import { GcrPullAccount } from "./gcr-pull-account";
import {
  checkSameStack,
  checkSharedPullAccount,
  claimVersionName,
  renameProblemPaths,
  resolveTag,
} from "./edgegap-gcr-app-version-checks";
import { EdgegapGcrAppVersionProps, PULL_ACCOUNT_OPTION_NAMES, PullAccountOptions } from "./edgegap-gcr-app-version-props";

export type { EdgegapGcrAppVersionProps, PullAccountOptions } from "./edgegap-gcr-app-version-props";

/** 1 vCPU: enough for most dedicated game servers to start with. */
const DEFAULT_REQ_CPU = 1024;

/**
 * One Edgegap app version of an image in a Google Cloud registry, with the pull-only credentials it needs.
 *
 * Splits the repository name into Edgegap's registry, image and tag, creates (or shares) a GcrPullAccount — a
 * service account with `roles/artifactregistry.reader` on the repository serving the image and a JSON key — and an
 * `edgegap_app_version` (child "Resource") that pulls with `_json_key` and that key.
 *
 * Order on `cdktf deploy`: account → grant → key → version (the version also depends on the grants explicitly, so it
 * never reaches Edgegap before the key can pull). Key rotation (`rotation`) has no moment where Edgegap holds a
 * deleted key, see the comment in the constructor.
 *
 * @see https://docs.edgegap.com/docs/container/registries/gcp-gcr
 * @see https://docs.edgegap.com/api (app versions)
 */
export class EdgegapGcrAppVersion extends Construct {
  /** The app version resource. */
  readonly version: EdgegapAppVersion;
  /** The pull account the version uses (created here, or the one given). */
  readonly pullAccount: GcrPullAccount;
  /** The split repository name (host, image, project, the Artifact Registry repository serving it). */
  readonly reference: RepositoryReference;
  /** Edgegap `docker_repository`: the registry host, e.g. "gcr.io". Known at synth. */
  readonly registry: string;
  /** Edgegap `docker_image`: the image path without host or tag. Known at synth. */
  readonly image: string;
  /** Edgegap `docker_tag`: from the repository name or the `tag` prop (a token if that was one). */
  readonly tag: string;
  /** The app's name: the literal given, or a reference to the EdgegapApp's name. */
  readonly appName: string;
  /** The version name, as given. */
  readonly versionName: string;

  constructor(scope: Construct, id: string, props: EdgegapGcrAppVersionProps) {
    super(scope, id);
    const fail = (message: string): never => {
      throw new Error(`EdgegapGcrAppVersion ${this.node.path}: ${message}`);
    };

    // Every check runs before any child exists. Rules are those of splitRepository, the bindings and GcrPullAccount;
    // the checks file adds only what comes from composing them.
    this.reference = splitRepository(props.repository);
    this.registry = this.reference.repository;
    this.image = this.reference.image;
    this.tag = resolveTag(this.reference, props.tag, fail);
    if (!(props.app instanceof EdgegapApp) && typeof props.app !== "string") {
      fail(`app must be an application name or an EdgegapApp, got ${describeValue(props.app)}`);
    }
    this.appName = props.app instanceof EdgegapApp ? props.app.name : props.app;
    this.versionName = props.name;
    checkSharedPullAccount(this, props, this.reference, fail);
    checkSameStack(this, "googleProvider", props.googleProvider, fail);
    checkSameStack(this, "edgegapProvider", props.edgegapProvider, fail);

    const reqCpu = props.reqCpu ?? DEFAULT_REQ_CPU;
    const config: EdgegapAppVersionConfig = {
      app: this.appName,
      name: props.name,
      dockerRepository: this.registry,
      dockerImage: this.image,
      dockerTag: this.tag,
      privateUsername: GcrPullAccount.DOCKER_USERNAME,
      reqCpu,
      reqMemory: props.reqMemory ?? reqCpu,
      ...pick(props, EDGEGAP_APP_VERSION_SETTINGS),
      verifyImage: props.verifyImage ?? true,
      provider: props.edgegapProvider,
    };
    throwOnProblems(`EdgegapGcrAppVersion ${this.node.path}`, renameProblemPaths(validateAppVersionLiterals(config)));
    const releaseName = claimVersionName(this, props.app, props.name, fail);

    try {
      this.pullAccount =
        props.pullAccount ??
        new GcrPullAccount(this, "PullAccount", {
          ...pullAccountOptions(props),
          repository: this.reference,
          provider: props.googleProvider,
        });
    } catch (error) {
      releaseName(); // the account's options were refused: this version was never declared
      throw error;
    }

    // Rotation: changing `rotation` replaces the key, and the key has lifecycle.create_before_destroy. For a
    // create_before_destroy replacement Terraform (1.x) runs: create the new key → apply every resource that refers
    // to the key (here the version: private_token is an in-place update, one PATCH) → destroy the deposed old key;
    // the deposed-destroy node waits for the dependants' apply nodes. So Edgegap switches to the new key while the
    // old one still works, and never holds a deleted key. This needs the version to be updated, not replaced: nothing
    // here forces replacement (no lifecycle, no replace triggers; our provider updates private_token in place), and
    // a replaced version would be destroyed and recreated in between, leaving the app without it for a moment.
    // __tests__/edgegap-gcr-app-version-rotation.test.ts checks this order with terraform on this graph.
    this.version = new EdgegapAppVersion(this, "Resource", {
      ...config,
      privateToken: this.pullAccount.jsonKey,
      dependsOn: this.pullAccount.grants,
    });
  }

  /** `app/version`, the version's id (the id `terraform import` takes). @attribute */
  get versionId(): string {
    return this.version.id;
  }

  /** The email of the service account Edgegap pulls with. @attribute */
  get serviceAccountEmail(): string {
    return this.pullAccount.email;
  }

  /** Exposes one more port; checked like the ports given in props. */
  addPort(port: EdgegapPort): void {
    this.version.addPort(port);
  }

  /** Injects one more environment variable; checked like the envs given in props. */
  addEnv(env: EdgegapEnv): void {
    this.version.addEnv(env);
  }
}

function pullAccountOptions(props: EdgegapGcrAppVersionProps): PullAccountOptions {
  return pick(props, PULL_ACCOUNT_OPTION_NAMES);
}

function pick<T extends object, K extends keyof T>(from: T, names: readonly K[]): Pick<T, K> {
  return Object.fromEntries(names.map((name) => [name, from[name]])) as Pick<T, K>;
}

function describeValue(value: unknown): string {
  return value === null || typeof value !== "object" ? JSON.stringify(value) ?? String(value) : `a ${value.constructor?.name ?? "object"}`;
}
