import { TerraformProvider, TerraformStack, Token } from "cdktf";
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { Construct } from "constructs";
import { normalizeBaseUrl } from "../edgegap-api/client-options";
import { EdgegapValidationError } from "../edgegap-api/errors";
import { ArgumentTable, synthesizeArguments, synthesizeHclArguments } from "./attribute-table";
import { EDGEGAP_PROVIDER_SOURCE, EDGEGAP_PROVIDER_TYPE, EDGEGAP_PROVIDER_VERSION } from "./provider-address";
import { installProvider } from "./provider-installation";
import * as path from "path";

export interface EdgegapProviderProps {
  /**
   * The Edgegap API token. It must not be a literal: a literal would be written in clear into `cdk.tf.json`.
   * Pass a sensitive `TerraformVariable`'s value, or leave it unset.
   * @default - the `EDGEGAP_TOKEN` environment variable of the process running terraform
   */
  readonly token?: string;

  /**
   * The Edgegap API base URL.
   * @default - the `EDGEGAP_BASE_URL` environment variable, else https://api.edgegap.com
   */
  readonly baseUrl?: string;

  /**
   * How long creating or updating an app version keeps retrying while Edgegap answers 424 (it cannot pull the image
   * with the credentials given). Right after a service account key and its grant are created, Google IAM takes a
   * while to let the key pull; after this window the error is reported.
   * @default 180
   */
  readonly imagePullRetrySeconds?: number;

  /**
   * How long one HTTP request to Edgegap may take before it is abandoned and retried (within the operation's
   * deadline). Whole seconds from 1 to 600.
   * @default 30
   */
  readonly requestTimeoutSeconds?: number;

  /**
   * The deadline of one API operation (a create, read, update or delete), retries and their backoff included: 429s
   * (honouring Retry-After), 5xx and network errors are retried until it runs out, then the error is reported.
   * Whole seconds from 1 to 3600.
   * @default 300
   */
  readonly operationTimeoutSeconds?: number;

  /** An alias, to use several Edgegap organisations in one stack. @default - the default provider */
  readonly alias?: string;
}

const ARGUMENTS: ArgumentTable = {
  token: { from: "token", kind: "string" },
  base_url: { from: "baseUrl", kind: "string" },
  image_pull_retry_seconds: { from: "imagePullRetrySeconds", kind: "number" },
  request_timeout_seconds: { from: "requestTimeoutSeconds", kind: "number" },
  operation_timeout_seconds: { from: "operationTimeoutSeconds", kind: "number" },
};

/**
 * The Edgegap Terraform provider, configured for a stack, and shipped with it.
 *
 * At synth it copies the provider executable bundled in this package into the stack's `terraform.d/plugins` folder,
 * so `cdktf deploy` finds it with no registry and no install step. Terraform runs it with `node`.
 */
export class EdgegapProvider extends TerraformProvider {
  private readonly props: EdgegapProviderProps;

  public constructor(scope: Construct, id: string, props: EdgegapProviderProps = {}) {
    super(scope, id, {
      terraformResourceType: EDGEGAP_PROVIDER_TYPE,
      terraformGeneratorMetadata: { providerName: EDGEGAP_PROVIDER_TYPE, providerVersion: EDGEGAP_PROVIDER_VERSION },
      terraformProviderSource: EDGEGAP_PROVIDER_SOURCE,
    });
    validateProviderProps(props);
    this.props = props;
    const stack = TerraformStack.of(this);
    addCustomSynthesis(this, {
      // Idempotent: aliased providers in one stack install the same file once.
      onSynthesize: (session) =>
        installProvider(path.join(session.outdir, session.manifest.forStack(stack).workingDirectory)),
    });
  }

  public get alias(): string | undefined {
    return this.props.alias;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return synthesizeArguments(ARGUMENTS, { ...this.props });
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return synthesizeHclArguments(ARGUMENTS, { ...this.props });
  }
}

function validateProviderProps(props: EdgegapProviderProps): void {
  if (props.token !== undefined && !Token.isUnresolved(props.token)) {
    throw new Error(
      "EdgegapProvider token must not be a literal string: it would be written in clear into cdk.tf.json. " +
      "Set EDGEGAP_TOKEN in the environment of cdktf deploy, or pass a sensitive TerraformVariable's value",
    );
  }
  if (props.baseUrl !== undefined && !Token.isUnresolved(props.baseUrl)) checkBaseUrl(props.baseUrl);
  checkSeconds("imagePullRetrySeconds", props.imagePullRetrySeconds, 0, 3600);
  checkSeconds("requestTimeoutSeconds", props.requestTimeoutSeconds, 1, 600);
  checkSeconds("operationTimeoutSeconds", props.operationTimeoutSeconds, 1, 3600);
}

/**
 * The client's rule for base URLs (the provider applies it at plan): what it refuses is refused here, before a URL
 * with credentials is written into cdk.tf.json, and the message shows credentials redacted.
 */
function checkBaseUrl(baseUrl: string): void {
  try {
    normalizeBaseUrl(baseUrl);
  } catch (error) {
    if (!(error instanceof EdgegapValidationError)) throw error;
    const [problem] = error.problems;
    throw new Error(`EdgegapProvider baseUrl ${JSON.stringify(problem.value)} is not an http(s) URL Edgegap accepts: ${problem.rule}`);
  }
}

/** The provider's own bounds (lib/edgegap-provider/provider.ts), checked at synth for literal values. */
function checkSeconds(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && !Token.isUnresolved(value) && (!Number.isInteger(value) || value < min || value > max)) {
    throw new Error(`EdgegapProvider ${name} ${value} must be a whole number of seconds from ${min} to ${max}`);
  }
}
