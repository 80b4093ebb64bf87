import { generateKeyPair, KeyObject, randomBytes, sign } from "node:crypto";
import { promisify } from "node:util";
import * as der from "../../provider-runtime/der";

/**
 * A service account key as Google hands it out: a fresh RSA key pair, a self-signed X.509 certificate of its
 * public half, and the JSON key file (`TYPE_GOOGLE_CREDENTIALS_FILE`) that `private_key` carries base64-encoded.
 *
 * Google's keys are 2048-bit. Generating one takes ~0.2 s of CPU here, so the stand-in uses 1024 bits unless
 * `GOOGLE_STAND_IN_RSA_BITS` says otherwise: the key is real and usable, only shorter.
 */
export const RSA_BITS_ENV = "GOOGLE_STAND_IN_RSA_BITS";
const generateRsa = promisify(generateKeyPair);
const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
const COMMON_NAME = "2.5.4.3";
/** Google's keys never expire unless an organisation policy says so. */
export const KEY_VALID_BEFORE = "9999-12-31T23:59:59Z";

export interface KeyFileIdentity {
  readonly project: string;
  readonly keyId: string;
  readonly email: string;
  /** The service account's unique id. */
  readonly clientId: string;
}

export interface KeyMaterial {
  /** The JSON key file, formatted as Google formats it. */
  readonly keyFile: string;
  readonly certificatePem: string;
  readonly validAfter: string;
}

export function rsaBits(keyAlgorithm: string, env: NodeJS.ProcessEnv = process.env): number {
  if (keyAlgorithm === "KEY_ALG_RSA_1024") return 1024;
  const wanted = Number(env[RSA_BITS_ENV] ?? 1024);
  if (!Number.isInteger(wanted) || wanted < 1024 || wanted > 4096) {
    throw new Error(`${RSA_BITS_ENV}=${env[RSA_BITS_ENV]} must be a whole number of bits from 1024 to 4096`);
  }
  return wanted;
}

export async function createKeyMaterial(identity: KeyFileIdentity, bits: number, now = new Date()): Promise<KeyMaterial> {
  const { publicKey, privateKey } = await generateRsa("rsa", { modulusLength: bits });
  const keyFile = {
    type: "service_account",
    project_id: identity.project,
    private_key_id: identity.keyId,
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: identity.email,
    client_id: identity.clientId,
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: "https://oauth2.googleapis.com/token",
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(identity.email)}`,
    universe_domain: "googleapis.com",
  };
  return {
    keyFile: `${JSON.stringify(keyFile, null, 2)}\n`,
    certificatePem: selfSignedCertificate(identity.clientId, publicKey, privateKey, now),
    validAfter: `${now.toISOString().slice(0, 19)}Z`,
  };
}

/** The certificate Google publishes for a key: self-signed, subject CN = the account's unique id. */
function selfSignedCertificate(commonName: string, publicKey: KeyObject, privateKey: KeyObject, now: Date): string {
  const algorithm = der.sequence(der.objectIdentifier(SHA256_WITH_RSA), der.tlv(0x05, Buffer.alloc(0)));
  const name = der.sequence(der.set(der.sequence(der.objectIdentifier(COMMON_NAME), der.utf8String(commonName))));
  const serial = randomBytes(8);
  serial[0]! &= 0x7f;
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)),
    der.unsignedInteger(serial),
    algorithm,
    name,
    der.sequence(der.time(now), der.time(new Date(Date.UTC(9999, 11, 31, 23, 59, 59)))),
    name,
    publicKey.export({ type: "spki", format: "der" }),
  );
  const certificate = der.sequence(tbs, algorithm, der.bitString(sign("sha256", tbs, privateKey)));
  const lines = certificate.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}
