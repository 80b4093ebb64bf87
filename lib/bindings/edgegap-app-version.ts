import { IResolvable, TerraformMetaArguments, TerraformResource, Token } from "cdktf";
import { Construct } from "constructs";
import { ArgumentTable, synthesizeArguments, synthesizeHclArguments } from "./attribute-table";
import { EDGEGAP_PROVIDER_TYPE, EDGEGAP_PROVIDER_VERSION } from "./provider-address";
import { throwOnProblems, validateAppVersionLiterals } from "./literal-validation";

/** A port Edgegap exposes to players, mapped to a port the game server listens on. */
export interface EdgegapPort {
  /** The port the server listens on inside its container, 0 to 59999 (0: one-to-one mapping, a name is then required). */
  readonly port: number;
  /** One of TCP, UDP, TCP/UDP, HTTP, HTTPS, WS, WSS. */
  readonly protocol: string;
  /** Whether Edgegap waits for this port to accept connections before a deployment is ready. @default true */
  readonly toCheck?: boolean;
  /** Whether Edgegap terminates TLS in front of this port; only for HTTP and WS. @default false */
  readonly tlsUpgrade?: boolean;
  /** The port's name; deployments list their ports by it. @default - none */
  readonly name?: string;
}

/** An environment variable injected into every deployment of the version. */
export interface EdgegapEnv {
  /** The variable name. */
  readonly key: string;
  /** The value, up to 4 KB. Always shown as (sensitive value) in plans, since hidden values must never be shown. */
  readonly value: string;
  /**
   * Whether Edgegap encrypts the value so that no API call can read it back. A hidden value must not be a literal
   * (it would be written in clear into cdk.tf.json): pass a sensitive TerraformVariable's value.
   * @default false
   */
  readonly isHidden?: boolean;
}

/**
 * The optional settings of an app version, with Edgegap's API names camelCased so its documentation reads across.
 * Constructs that build a version (EdgegapGcrAppVersion) take the same settings.
 */
export interface EdgegapAppVersionSettings {
  /** GPU units, 1024 = 1 GPU. Changing it replaces the version. @default 0 */
  readonly reqVideo?: number;
  /** Ports exposed to players. More can be added with addPort. @default - none (players cannot connect until one is added) */
  readonly ports?: EdgegapPort[];
  /** Environment variables. More can be added with addEnv. @default - none */
  readonly envs?: EdgegapEnv[];
  /** Whether the version accepts deployments. @default true */
  readonly isActive?: boolean | IResolvable;
  /** Whether Edgegap checks, on create and update, that it can pull the image with these credentials. @default false */
  readonly verifyImage?: boolean | IResolvable;
  /** Whether Edgegap preloads the image at its locations for faster deployments. @default false */
  readonly forceCache?: boolean | IResolvable;
  /** Seconds an image download may take before a deployment fails. @default - Edgegap's default */
  readonly timeToDeploy?: number;
  /** Minutes a deployment may run before Edgegap stops it, -1 to 1440. @default 1440 */
  readonly maxDuration?: number;
  /** What Edgegap does when the server process exits: always, never or on_failure. @default "always" */
  readonly restartPolicy?: string;
  /** Seconds between SIGTERM and the container being stopped, 5 to 3600. @default - Edgegap's default */
  readonly terminationGracePeriodSeconds?: number;
  /** The name of an Endpoint Storage that receives deployment logs. @default - none */
  readonly endpointStorage?: string;
  /** A DNS configuration identifier, for custom deployment domains. @default - none */
  readonly dnsConfig?: string;
  /** Whether deployments go to mainland China through Edgegap's gateway. @default false */
  readonly willDeployInMainlandChina?: boolean | IResolvable;
}

/** The names of EdgegapAppVersionSettings, for constructs that pass them through. */
export const EDGEGAP_APP_VERSION_SETTINGS: readonly (keyof EdgegapAppVersionSettings)[] = [
  "reqVideo", "ports", "envs", "isActive", "verifyImage", "forceCache", "timeToDeploy", "maxDuration", "restartPolicy",
  "terminationGracePeriodSeconds", "endpointStorage", "dnsConfig", "willDeployInMainlandChina",
];

export interface EdgegapAppVersionConfig extends TerraformMetaArguments, EdgegapAppVersionSettings {
  /** The application's name. Changing it replaces the version. */
  readonly app: string;
  /** The version name, 1 to 64 characters. Renaming updates in place. */
  readonly name: string;
  /** The registry host, e.g. `gcr.io` or `us-docker.pkg.dev` (Edgegap's name for it is "repository"). */
  readonly dockerRepository: string;
  /** The image path without host or tag, lowercase, e.g. `my-project/my-game`. */
  readonly dockerImage: string;
  /** The image tag. */
  readonly dockerTag: string;
  /** The registry username, e.g. `_json_key` for a Google service account key. @default - a public image */
  readonly privateUsername?: string;
  /**
   * The registry password, e.g. a service account key's JSON. Never a literal: pass a reference such as
   * `GcrPullAccount.jsonKey` or a sensitive TerraformVariable's value. @default - a public image
   */
  readonly privateToken?: string;
  /** vCPU units, 1024 = 1 vCPU, at least 100. Changing it replaces the version (Edgegap cannot patch resources). */
  readonly reqCpu: number;
  /** Memory in MB, at least 100 and at most twice reqCpu. Changing it replaces the version. */
  readonly reqMemory: number;
}

const PORT_FIELDS = {
  port: { from: "port", kind: "number" },
  protocol: { from: "protocol", kind: "string" },
  to_check: { from: "toCheck", kind: "boolean" },
  tls_upgrade: { from: "tlsUpgrade", kind: "boolean" },
  name: { from: "name", kind: "string" },
} as const;

const ENV_FIELDS = {
  key: { from: "key", kind: "string" },
  value: { from: "value", kind: "string" },
  is_hidden: { from: "isHidden", kind: "boolean" },
} as const;

const ARGUMENTS: ArgumentTable = {
  app: { from: "app", kind: "string" },
  name: { from: "name", kind: "string" },
  docker_repository: { from: "dockerRepository", kind: "string" },
  docker_image: { from: "dockerImage", kind: "string" },
  docker_tag: { from: "dockerTag", kind: "string" },
  private_username: { from: "privateUsername", kind: "string" },
  private_token: { from: "privateToken", kind: "string" },
  req_cpu: { from: "reqCpu", kind: "number" },
  req_memory: { from: "reqMemory", kind: "number" },
  req_video: { from: "reqVideo", kind: "number" },
  ports: { from: "ports", kind: "objectList", fields: PORT_FIELDS },
  envs: { from: "envs", kind: "objectList", fields: ENV_FIELDS },
  is_active: { from: "isActive", kind: "boolean" },
  verify_image: { from: "verifyImage", kind: "boolean" },
  force_cache: { from: "forceCache", kind: "boolean" },
  time_to_deploy: { from: "timeToDeploy", kind: "number" },
  max_duration: { from: "maxDuration", kind: "number" },
  restart_policy: { from: "restartPolicy", kind: "string" },
  termination_grace_period_seconds: { from: "terminationGracePeriodSeconds", kind: "number" },
  endpoint_storage: { from: "endpointStorage", kind: "string" },
  dns_config: { from: "dnsConfig", kind: "string" },
  will_deploy_in_mainland_china: { from: "willDeployInMainlandChina", kind: "boolean" },
};

/**
 * An Edgegap app version (`edgegap_app_version`): which image Edgegap deploys for an application, how it pulls it,
 * and with what resources, ports and environment.
 *
 * Image, credentials and settings change in place (one PATCH); resources (cpu, memory, video) and the app replace the
 * version, because Edgegap cannot change them.
 */
export class EdgegapAppVersion extends TerraformResource {
  public static readonly tfResourceType = "edgegap_app_version";

  private readonly config: EdgegapAppVersionConfig;
  private readonly addedPorts: EdgegapPort[] = [];
  private readonly addedEnvs: EdgegapEnv[] = [];

  public constructor(scope: Construct, id: string, config: EdgegapAppVersionConfig) {
    super(scope, id, {
      terraformResourceType: EdgegapAppVersion.tfResourceType,
      terraformGeneratorMetadata: { providerName: EDGEGAP_PROVIDER_TYPE, providerVersion: EDGEGAP_PROVIDER_VERSION },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    throwOnProblems(`EdgegapAppVersion ${this.node.path}`, validateAppVersionLiterals(config));
    this.config = config;
  }

  /** Exposes one more port; checked like the ports given at construction. */
  public addPort(port: EdgegapPort): void {
    throwOnProblems(`EdgegapAppVersion ${this.node.path}`,
      validateAppVersionLiterals({ ...this.config, ports: [...this.allPorts(), port] }));
    this.addedPorts.push(port);
  }

  /** Injects one more environment variable; checked like the envs given at construction. */
  public addEnv(env: EdgegapEnv): void {
    throwOnProblems(`EdgegapAppVersion ${this.node.path}`,
      validateAppVersionLiterals({ ...this.config, envs: [...this.allEnvs(), env] }));
    this.addedEnvs.push(env);
  }

  /** `app/version`, the id `terraform import` takes. @attribute */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** @attribute */
  public get app(): string {
    return this.getStringAttribute("app");
  }

  /** @attribute */
  public get name(): string {
    return this.getStringAttribute("name");
  }

  /** @attribute */
  public get dockerRepository(): string {
    return this.getStringAttribute("docker_repository");
  }

  /** @attribute */
  public get dockerImage(): string {
    return this.getStringAttribute("docker_image");
  }

  /** @attribute */
  public get dockerTag(): string {
    return this.getStringAttribute("docker_tag");
  }

  /** @attribute */
  public get reqCpu(): number {
    return this.getNumberAttribute("req_cpu");
  }

  /** @attribute */
  public get reqMemory(): number {
    return this.getNumberAttribute("req_memory");
  }

  /** When Edgegap created the version (`YYYY-MM-DD HH:MM:SS.ffffff`, UTC). @attribute */
  public get createTime(): string {
    return this.getStringAttribute("create_time");
  }

  /** When Edgegap last changed the version. @attribute */
  public get lastUpdated(): string {
    return this.getStringAttribute("last_updated");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return synthesizeArguments(ARGUMENTS, this.renderedConfig());
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return synthesizeHclArguments(ARGUMENTS, this.renderedConfig());
  }

  private renderedConfig(): Record<string, unknown> {
    return {
      ...this.config,
      ports: this.listWithAdded(this.config.ports, this.addedPorts),
      envs: this.listWithAdded(this.config.envs, this.addedEnvs),
    };
  }

  /** A list given as a token cannot be extended at synth; otherwise added items follow the given ones. */
  private listWithAdded<T>(given: T[] | undefined, added: T[]): T[] | undefined {
    if (given !== undefined && Token.isUnresolved(given)) {
      if (added.length > 0) throw new Error(`${this.node.path}: cannot add items to a list given as a token`);
      return given;
    }
    const all = [...(given ?? []), ...added];
    return all.length > 0 || given !== undefined ? all : undefined;
  }

  private allPorts(): EdgegapPort[] {
    return [...(Token.isUnresolved(this.config.ports) ? [] : this.config.ports ?? []), ...this.addedPorts];
  }

  private allEnvs(): EdgegapEnv[] {
    return [...(Token.isUnresolved(this.config.envs) ? [] : this.config.envs ?? []), ...this.addedEnvs];
  }
}
