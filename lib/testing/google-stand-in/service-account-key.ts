import { createPublicKey } from "node:crypto";
import { attr, DiagnosticError, defineResource, requiresReplace, ResourceContext, types, useStateForUnknown } from "../../provider-runtime";
import { StandInCloud } from "./cloud";
import { liveKeys, ServiceAccountKeyRecord } from "./cloud-state";
import { createKeyMaterial, KEY_VALID_BEFORE, rsaBits } from "./key-material";
import { keyName, newKeyId, parseServiceAccountReference } from "./names";

const TYPE = "google_service_account_key";
const KEY_ALGORITHMS = ["KEY_ALG_UNSPECIFIED", "KEY_ALG_RSA_1024", "KEY_ALG_RSA_2048"];
const PRIVATE_KEY_TYPES = ["TYPE_UNSPECIFIED", "TYPE_PKCS12_FILE", "TYPE_GOOGLE_CREDENTIALS_FILE"];
const PUBLIC_KEY_TYPES = ["TYPE_NONE", "TYPE_X509_PEM_FILE", "TYPE_RAW_PUBLIC_KEY"];
/** Every argument replaces the key, as in the real provider: keys are immutable. */
const replaces = () => [requiresReplace()];
const stable = () => [useStateForUnknown()];

/**
 * google_service_account_key: a key of a service account. `private_key` is the base64 of a JSON key file with a
 * real, freshly generated RSA private key; Google only returns it at creation, so reads keep the stored one.
 */
export const serviceAccountKey = defineResource({
  typeName: TYPE,
  description: "A service account key (stand-in).",
  attributes: {
    service_account_id: attr.string({ required: true, planModifiers: replaces(), description: "EMAIL or projects/PROJECT/serviceAccounts/EMAIL." }),
    keepers: attr.of(types.map(types.string), { optional: true, planModifiers: replaces(), description: "Changing any value replaces the key." }),
    key_algorithm: attr.string({ optional: true, computed: true, default: "KEY_ALG_RSA_2048", planModifiers: replaces() }),
    private_key_type: attr.string({ optional: true, computed: true, default: "TYPE_GOOGLE_CREDENTIALS_FILE", planModifiers: replaces() }),
    public_key_type: attr.string({ optional: true, computed: true, default: "TYPE_X509_PEM_FILE", planModifiers: replaces() }),
    public_key_data: attr.string({ optional: true, planModifiers: replaces(), description: "Upload this base64 X.509 PEM instead of generating a key pair." }),
    private_key: attr.string({ computed: true, sensitive: true, planModifiers: stable(), description: "base64 of the JSON key file." }),
    public_key: attr.string({ computed: true, planModifiers: stable() }),
    name: attr.string({ computed: true, planModifiers: stable() }),
    valid_after: attr.string({ computed: true, planModifiers: stable() }),
    valid_before: attr.string({ computed: true, planModifiers: stable() }),
    id: attr.string({ optional: true, computed: true, planModifiers: stable() }),
  },

  validate({ config }) {
    const oneOf = (name: "key_algorithm" | "private_key_type" | "public_key_type", allowed: string[]) => {
      const value = config[name];
      if (typeof value === "string" && !allowed.includes(value)) {
        throw new DiagnosticError(`Invalid ${name}`, { detail: `"${value}" must be one of ${allowed.join(", ")}`, path: name });
      }
    };
    oneOf("key_algorithm", KEY_ALGORITHMS);
    oneOf("private_key_type", PRIVATE_KEY_TYPES);
    oneOf("public_key_type", PUBLIC_KEY_TYPES);
    if (config.private_key_type === "TYPE_PKCS12_FILE") {
      throw new DiagnosticError("Unsupported private_key_type", { detail: "the google stand-in only makes TYPE_GOOGLE_CREDENTIALS_FILE keys", path: "private_key_type" });
    }
    if (config.public_key_data !== null) {
      const conflicting = (["key_algorithm", "private_key_type"] as const).find((name) => config[name] !== null);
      if (conflicting) throw new DiagnosticError("Conflicting configuration arguments", { detail: `"public_key_data": conflicts with ${conflicting}`, path: conflicting });
    }
    if (typeof config.service_account_id === "string" && !parseServiceAccountReference(config.service_account_id)) {
      throw new DiagnosticError("Invalid service_account_id", {
        detail: `"${config.service_account_id}" must be an email or projects/PROJECT/serviceAccounts/EMAIL`,
        path: "service_account_id",
      });
    }
  },

  async create({ config }, ctx: ResourceContext<StandInCloud>) {
    const cloud = ctx.provider;
    await cloud.checkFaults(TYPE, "create", ctx.signal);
    const reference = parseServiceAccountReference(config.service_account_id)!;
    const notFound = () =>
      new DiagnosticError("Error creating service account key", {
        detail: `googleapi: Error 404: Service account projects/${reference.project ?? "-"}/serviceAccounts/${reference.email} does not exist., notFound`,
        path: "service_account_id",
      });
    const account = cloud.store.read().accounts[reference.email];
    if (!account || (reference.project !== undefined && reference.project !== account.project)) throw notFound();

    const keyId = newKeyId();
    const keyAlgorithm = config.key_algorithm ?? "KEY_ALG_RSA_2048";
    const uploaded = config.public_key_data === null ? null : decodeUploadedCertificate(config.public_key_data);
    const material = uploaded
      ? { keyFile: null, certificatePem: uploaded, validAfter: `${new Date().toISOString().slice(0, 19)}Z` }
      : await createKeyMaterial({ project: account.project, keyId, email: account.email, clientId: account.uniqueId }, rsaBits(keyAlgorithm));

    const key = await cloud.store.update(({ state, record }) => {
      if (state.accounts[account.email]?.uniqueId !== account.uniqueId) throw notFound(); // deleted meanwhile
      const name = keyName(account.project, account.email, keyId);
      const created: ServiceAccountKeyRecord = {
        name,
        keyId,
        serviceAccountEmail: account.email,
        serviceAccountUniqueId: account.uniqueId,
        project: account.project,
        keyAlgorithm,
        privateKeyType: config.private_key_type ?? "TYPE_GOOGLE_CREDENTIALS_FILE",
        publicKeyType: config.public_key_type ?? "TYPE_X509_PEM_FILE",
        privateKeyData: material.keyFile,
        publicKeyPem: material.certificatePem,
        validAfter: material.validAfter,
        validBefore: KEY_VALID_BEFORE,
        created: record("create", "service_account_key", name),
      };
      state.keys[name] = created;
      return created;
    });
    ctx.log.info("created service account key", { name: key.name });
    return {
      ...config,
      key_algorithm: key.keyAlgorithm,
      private_key_type: key.privateKeyType,
      public_key_type: key.publicKeyType,
      private_key: key.privateKeyData === null ? null : Buffer.from(key.privateKeyData).toString("base64"),
      public_key: publicKeyAs(key.publicKeyType, key.publicKeyPem),
      name: key.name,
      valid_after: key.validAfter,
      valid_before: key.validBefore,
      id: key.name,
    };
  },

  async read({ state }, ctx: ResourceContext<StandInCloud>) {
    const cloud = ctx.provider;
    await cloud.checkFaults(TYPE, "read", ctx.signal);
    const key = liveKeys(cloud.store.read()).find((live) => live.name === (state.name ?? state.id));
    if (!key) return null;
    return { ...state, public_key: publicKeyAs(key.publicKeyType, key.publicKeyPem), valid_after: key.validAfter, valid_before: key.validBefore };
  },

  // Every argument but `id` replaces the key: nothing changes in Google on an update.
  update: ({ prior, config }) => ({ ...prior, id: config.id ?? prior.id }),

  async delete({ state }, ctx: ResourceContext<StandInCloud>) {
    const cloud = ctx.provider;
    await cloud.checkFaults(TYPE, "delete", ctx.signal);
    await cloud.store.update(({ state: cloudState, record }) => {
      const key = cloudState.keys[state.name ?? ""];
      if (key && !key.deleted) key.deleted = record("delete", "service_account_key", key.name);
    });
    ctx.log.info("deleted service account key", { name: state.name });
  },
});

function publicKeyAs(publicKeyType: string, certificatePem: string): string | null {
  if (publicKeyType === "TYPE_NONE") return null;
  if (publicKeyType === "TYPE_RAW_PUBLIC_KEY") return createPublicKey(certificatePem).export({ type: "spki", format: "der" }).toString("base64");
  return Buffer.from(certificatePem).toString("base64");
}

function decodeUploadedCertificate(publicKeyData: string): string {
  const pem = Buffer.from(publicKeyData, "base64").toString("utf8");
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw new DiagnosticError("Invalid public_key_data", { detail: "expected the base64 of an X.509 certificate in PEM form", path: "public_key_data" });
  }
  return pem;
}
