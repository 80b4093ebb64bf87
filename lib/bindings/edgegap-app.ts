import { IResolvable, TerraformMetaArguments, TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { ArgumentTable, synthesizeArguments, synthesizeHclArguments } from "./attribute-table";
import { EDGEGAP_PROVIDER_TYPE, EDGEGAP_PROVIDER_VERSION } from "./provider-address";
import { throwOnProblems, validateAppLiterals } from "./literal-validation";

export interface EdgegapAppConfig extends TerraformMetaArguments {
  /** The application name, 3 to 64 characters; versions and deployments refer to it. Renaming updates in place. */
  readonly name: string;

  /** Whether the application accepts deployments. @default true */
  readonly isActive?: boolean | IResolvable;

  /** The application's icon, a base64-encoded image (Edgegap requires one). @default - a 1×1 transparent PNG */
  readonly image?: string;
}

const ARGUMENTS: ArgumentTable = {
  name: { from: "name", kind: "string" },
  is_active: { from: "isActive", kind: "boolean" },
  image: { from: "image", kind: "string" },
};

/**
 * An Edgegap application (`edgegap_app`): the named container of a game's versions.
 *
 * Destroying it deletes every version Edgegap holds for it, including versions not managed here.
 */
export class EdgegapApp extends TerraformResource {
  public static readonly tfResourceType = "edgegap_app";

  private readonly config: EdgegapAppConfig;

  public constructor(scope: Construct, id: string, config: EdgegapAppConfig) {
    super(scope, id, {
      terraformResourceType: EdgegapApp.tfResourceType,
      terraformGeneratorMetadata: { providerName: EDGEGAP_PROVIDER_TYPE, providerVersion: EDGEGAP_PROVIDER_VERSION },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    throwOnProblems(`EdgegapApp ${this.node.path}`, validateAppLiterals(config));
    this.config = config;
  }

  /** The application name (also the resource id). @attribute */
  public get name(): string {
    return this.getStringAttribute("name");
  }

  /** @attribute */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** @attribute */
  public get isActive(): IResolvable {
    return this.getBooleanAttribute("is_active");
  }

  /** When Edgegap created the application, as Edgegap formats it (`YYYY-MM-DD HH:MM:SS.ffffff`, UTC). @attribute */
  public get createTime(): string {
    return this.getStringAttribute("create_time");
  }

  /** @attribute */
  public get lastUpdated(): string {
    return this.getStringAttribute("last_updated");
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return synthesizeArguments(ARGUMENTS, { ...this.config });
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return synthesizeHclArguments(ARGUMENTS, { ...this.config });
  }
}
