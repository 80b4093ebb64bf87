/**
 * go-plugin's handshake, provider side. Terraform starts the plugin with a magic cookie in the environment, the
 * protocol versions it speaks, and (AutoMTLS) its client certificate; the plugin answers with one line on stdout:
 * `CORE|APP|NETWORK|ADDRESS|PROTOCOL|CERT`, e.g. `1|6|unix|/tmp/plugin123|grpc|MIIB...`.
 */
export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/** go-plugin's own protocol version (not Terraform's). */
export const CORE_PROTOCOL_VERSION = 1;
export const PROTOCOL_VERSION = 6;

/** What a person running the provider by hand sees (on stderr; stdout stays empty), before exit code 1. */
export const NOT_A_PLUGIN_MESSAGE =
  "This binary is a plugin. These are not meant to be executed directly.\n" +
  "It is a Terraform provider: Terraform starts it when a configuration uses it (terraform init, plan, apply).\n";

export function hasMagicCookie(env: NodeJS.ProcessEnv): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

/**
 * The versions Terraform offered in PLUGIN_PROTOCOL_VERSIONS ("5,6"). We speak 6 only; like go-plugin we answer 6
 * even when it was not offered, and the client reports the mismatch to the user.
 */
export function offeredProtocolVersions(env: NodeJS.ProcessEnv): number[] {
  return (env.PLUGIN_PROTOCOL_VERSIONS ?? "")
    .split(",")
    .map((v) => Number(v.trim()))
    .filter((v) => Number.isInteger(v) && v > 0);
}

export interface HandshakeLineOptions {
  readonly network: "unix" | "tcp";
  readonly address: string;
  /** The server certificate's DER bytes under AutoMTLS; absent in insecure mode. */
  readonly certificateDer?: Buffer;
}

/** The certificate travels as unpadded standard base64 of the DER (Go's RawStdEncoding), newline-free. */
export function handshakeLine(options: HandshakeLineOptions): string {
  const cert = options.certificateDer ? options.certificateDer.toString("base64").replace(/=+$/, "") : "";
  return `${CORE_PROTOCOL_VERSION}|${PROTOCOL_VERSION}|${options.network}|${options.address}|grpc|${cert}\n`;
}
