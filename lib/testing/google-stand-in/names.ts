import { randomBytes, randomInt } from "node:crypto";
import { DiagnosticError } from "../../provider-runtime";

/** Google's names for service accounts and their keys, and the ids the real provider gives its resources. */

/** The real provider's check (`ValidateRFC1035Name(6, 30)`). */
export const ACCOUNT_ID_PATTERN = /^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$/;

export function serviceAccountEmail(accountId: string, project: string): string {
  return `${accountId}@${project}.iam.gserviceaccount.com`;
}

export function serviceAccountName(project: string, email: string): string {
  return `projects/${project}/serviceAccounts/${email}`;
}

export interface ServiceAccountReference {
  readonly email: string;
  /** The project named in the reference; undefined for a bare email or `projects/-/…`. */
  readonly project?: string;
}

/**
 * What the real provider accepts where a service account is named: `projects/P/serviceAccounts/EMAIL`
 * (P may be `-`), `P/EMAIL`, or `EMAIL`. Null when it is none of those.
 */
export function parseServiceAccountReference(reference: string): ServiceAccountReference | null {
  const full = /^projects\/([^/]+)\/serviceAccounts\/([^/]+@[^/]+)$/.exec(reference);
  if (full) return full[1] === "-" ? { email: full[2]! } : { email: full[2]!, project: full[1]! };
  const short = /^([^/@]+)\/([^/]+@[^/]+)$/.exec(reference);
  if (short) return { email: short[2]!, project: short[1]! };
  return /^[^/\s]+@[^/\s]+$/.test(reference) ? { email: reference } : null;
}

/** The project in a service account email (`x@PROJECT.iam.gserviceaccount.com`), if it is one. */
export function projectOfEmail(email: string): string | undefined {
  return /^[^@]+@(.+)\.iam\.gserviceaccount\.com$/.exec(email)?.[1];
}

export function keyName(project: string, email: string, keyId: string): string {
  return `${serviceAccountName(project, email)}/keys/${keyId}`;
}

/** A service account's numeric unique id (21 digits, no leading zero), also the key file's client_id. */
export function newUniqueId(): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < 21) digits += String(randomInt(0, 10));
  return digits;
}

/** A key id: 40 hex digits, like Google's. */
export function newKeyId(): string {
  return randomBytes(20).toString("hex");
}

/** An IAM policy etag: base64 of 8 bytes, like Google's "BwX…". */
export function newEtag(): string {
  return randomBytes(8).toString("base64");
}

/**
 * An argument the provider may default (project, location): the resource's own value, else the provider's,
 * else the error the real provider gives.
 */
export function resolveDefaulted(name: "project" | "location", own: string | null, providerDefault: string | null): string {
  const value = own ?? providerDefault;
  if (!value) {
    const where = name === "project" ? "the google provider's project (or GOOGLE_PROJECT in the environment)" : "the google provider's region";
    throw new DiagnosticError(`${name}: required field is not set`, { detail: `set ${name} on the resource or ${where}`, path: name });
  }
  return value;
}
