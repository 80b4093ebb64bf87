import { generateKeyPairSync, KeyObject, randomBytes, sign } from "node:crypto";
import * as der from "./der";

/**
 * The self-signed server certificate go-plugin's AutoMTLS expects: ECDSA P-256, valid for DNS "localhost", a CA
 * (the client trusts exactly this certificate as its root), usable for server and client auth. Built directly
 * with node:crypto and a tiny DER encoder: an X.509 library costs ~80 ms of start-up.
 */
const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  basicConstraints: "2.5.29.19",
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  subjectAltName: "2.5.29.17",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
};

export interface ServerCertificate {
  /** PEM certificate (cert_chain for grpc-js). */
  readonly certPem: string;
  /** PKCS#8 PEM private key (what grpc-js expects). */
  readonly keyPem: string;
  /** DER bytes of the certificate: go-plugin's handshake line carries them base64-encoded. */
  readonly der: Buffer;
  readonly publicKey: KeyObject;
}

export interface CertificateOptions {
  readonly hostname?: string;
  readonly now?: Date;
  /** Default 30 days: the certificate only lives as long as one provider process. */
  readonly validDays?: number;
}

export function createServerCertificate(options: CertificateOptions = {}): ServerCertificate {
  const hostname = options.hostname ?? "localhost";
  const now = options.now ?? new Date();
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const algorithm = der.sequence(der.objectIdentifier(OID.ecdsaWithSha256));
  const name = der.sequence(
    der.set(der.sequence(der.objectIdentifier(OID.organization), der.utf8String("Terraform provider"))),
    der.set(der.sequence(der.objectIdentifier(OID.commonName), der.utf8String(hostname))),
  );
  // Clock skew between Terraform and the provider is zero (same machine), but allow a little anyway.
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + (options.validDays ?? 30) * 86_400_000);
  const serial = randomBytes(16);
  serial[0]! &= 0x7f; // positive, and at most 16 octets once encoded

  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)), // v3
    der.unsignedInteger(serial),
    algorithm,
    name,
    der.sequence(der.time(notBefore), der.time(notAfter)),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    der.explicit(3, der.sequence(...extensions(hostname))),
  );
  const signature = sign("sha256", tbs, privateKey); // DER ECDSA-Sig-Value, as X.509 wants it
  const certificate = der.sequence(tbs, algorithm, der.bitString(signature));
  return {
    certPem: toPem("CERTIFICATE", certificate),
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    der: certificate,
    publicKey,
  };
}

function extensions(hostname: string): Buffer[] {
  const extension = (oid: string, critical: boolean, value: Buffer) =>
    der.sequence(der.objectIdentifier(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
  // keyUsage bits (from the most significant): digitalSignature(0), keyEncipherment(2), keyAgreement(4),
  // keyCertSign(5) → 1010 1100; the two low bits are unused.
  const keyUsage = der.bitString(Buffer.from([0b1010_1100]), 2);
  return [
    extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
    extension(OID.keyUsage, true, keyUsage),
    extension(OID.extKeyUsage, false, der.sequence(der.objectIdentifier(OID.serverAuth), der.objectIdentifier(OID.clientAuth))),
    extension(OID.subjectAltName, false, der.sequence(der.implicitPrimitive(2, Buffer.from(hostname, "ascii")))),
  ];
}

function toPem(label: string, body: Buffer): string {
  const lines = body.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
