import { createPrivateKey, X509Certificate } from "node:crypto";
import { createServerCertificate } from "../lib/provider-runtime/certificate";
import * as der from "../lib/provider-runtime/der";

describe("DER encoder", () => {
  it("encodes short and long lengths", () => {
    expect(der.encodeLength(5).toString("hex")).toBe("05");
    expect(der.encodeLength(127).toString("hex")).toBe("7f");
    expect(der.encodeLength(128).toString("hex")).toBe("8180");
    expect(der.encodeLength(300).toString("hex")).toBe("82012c");
  });

  it("encodes OIDs with base-128 arcs", () => {
    expect(der.objectIdentifier("1.2.840.10045.4.3.2").toString("hex")).toBe("06082a8648ce3d040302");
    expect(der.objectIdentifier("2.5.29.17").toString("hex")).toBe("0603551d11");
    expect(() => der.objectIdentifier("1")).toThrow(/not a dotted OID/);
  });

  it("encodes unsigned integers minimally and never negative", () => {
    expect(der.unsignedInteger(Buffer.from([0x00, 0x00, 0x7f])).toString("hex")).toBe("02017f");
    expect(der.unsignedInteger(Buffer.from([0x80])).toString("hex")).toBe("02020080");
    expect(der.unsignedInteger(Buffer.from([0x00])).toString("hex")).toBe("020100");
  });

  it("encodes UTCTime before 2050 and GeneralizedTime after", () => {
    expect(der.time(new Date("2025-01-02T03:04:05.678Z")).toString("ascii").slice(2)).toBe("250102030405Z");
    expect(der.time(new Date("2025-01-02T03:04:05Z"))[0]).toBe(0x17);
    const late = der.time(new Date("2051-06-07T08:09:10Z"));
    expect(late[0]).toBe(0x18);
    expect(late.subarray(2).toString("ascii")).toBe("20510607080910Z");
  });

  it("encodes booleans, bit strings and context tags", () => {
    expect(der.boolean(true).toString("hex")).toBe("0101ff");
    expect(der.bitString(Buffer.from([0xac]), 2).toString("hex")).toBe("030202ac");
    expect(der.explicit(3, der.boolean(true)).toString("hex")).toBe("a3030101ff");
    expect(der.implicitPrimitive(2, Buffer.from("a")).toString("hex")).toBe("820161");
  });
});

describe("self-signed server certificate for go-plugin AutoMTLS", () => {
  const created = createServerCertificate({ now: new Date("2030-05-01T00:00:00Z") });
  const certificate = new X509Certificate(created.certPem);

  it("parses, is self-signed by its key, and is valid for DNS localhost only", () => {
    expect(certificate.verify(created.publicKey)).toBe(true);
    expect(certificate.checkIssued(certificate)).toBe(true);
    expect(certificate.checkHost("localhost")).toBe("localhost");
    expect(certificate.checkHost("example.com")).toBeUndefined();
    expect(certificate.subjectAltName).toBe("DNS:localhost");
  });

  it("is a CA usable for server and client auth, with an ECDSA P-256 key matching the PKCS#8 private key", () => {
    expect(certificate.ca).toBe(true);
    expect(certificate.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
    expect(certificate.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: "prime256v1" });
    expect(created.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(certificate.checkPrivateKey(createPrivateKey(created.keyPem))).toBe(true);
    expect(certificate.publicKey.equals(created.publicKey)).toBe(true);
  });

  it("is valid from just before now for 30 days, with a positive 16-byte serial", () => {
    expect(new Date(certificate.validFrom).toISOString()).toBe("2030-04-30T23:59:00.000Z");
    expect(new Date(certificate.validTo).toISOString()).toBe("2030-05-31T00:00:00.000Z");
    expect(certificate.serialNumber).toMatch(/^[0-7][0-9A-F]{31}$/);
  });

  it("exposes the DER the handshake line carries, identical to the PEM body", () => {
    expect(certificate.raw.equals(created.der)).toBe(true);
  });
});
