import { spawn } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { ArtifactRegistryRepositoryIamMember } from "@cdktf/provider-google/lib/artifact-registry-repository-iam-member";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountKey } from "@cdktf/provider-google/lib/service-account-key";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { StandInCloud } from "../lib/testing/google-stand-in/cloud";
import { changeCloudState, CloudStore, readCloudState } from "../lib/testing/google-stand-in/cloud-state";
import { createKeyMaterial, rsaBits } from "../lib/testing/google-stand-in/key-material";
import { ACCOUNT_ID_PATTERN, parseServiceAccountReference } from "../lib/testing/google-stand-in/names";
import { googleStandIn } from "../lib/testing/google-stand-in/provider";

/** The stand-in's pieces without Terraform: schema coverage of the cdktf bindings, the state file, keys, names. */
jest.setTimeout(30_000);

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "google-stand-in-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("schema: everything @cdktf/provider-google 16.12.1 can synthesize is accepted", () => {
  /** Every argument a binding can write (its synthesizeAttributes lists them all, unset ones included). */
  const argumentsOf = (element: unknown): string[] =>
    Object.keys((element as { synthesizeAttributes(): Record<string, unknown> }).synthesizeAttributes()).filter((name) => name !== "alias");
  const stack = new TerraformStack(Testing.app(), "schema");
  const schemaOf = (typeName: string) => Object.keys(googleStandIn.resources.find((r) => r.typeName === typeName)!.attributes);

  it("provider configuration", () => {
    const provider = new GoogleProvider(stack, "google", {});
    const accepted = Object.keys(googleStandIn.attributes);
    expect(argumentsOf(provider).filter((name) => !accepted.includes(name))).toEqual([]);
    expect(argumentsOf(provider).length).toBeGreaterThan(150);
  });

  it.each([
    ["google_service_account", () => new ServiceAccount(stack, "sa", { accountId: "x" })],
    ["google_service_account_key", () => new ServiceAccountKey(stack, "key", { serviceAccountId: "x" })],
    ["google_artifact_registry_repository_iam_member", () => new ArtifactRegistryRepositoryIamMember(stack, "ar", { repository: "r", role: "r", member: "m" })],
    ["google_project_iam_member", () => new ProjectIamMember(stack, "project", { project: "p", role: "r", member: "m" })],
    ["google_storage_bucket_iam_member", () => new StorageBucketIamMember(stack, "bucket", { bucket: "b", role: "r", member: "m" })],
  ])("%s", (typeName, create) => {
    expect(argumentsOf(create()).filter((name) => !schemaOf(typeName).includes(name))).toEqual([]);
  });
});

describe("state file", () => {
  it("serialises read-modify-write across processes: every event gets its own increasing seq", async () => {
    const path = join(dir, "concurrent.json");
    // All three start writing at the same moment, so they really contend for the lock.
    const startAt = Date.now() + 2_500;
    const writer = `
      const { changeCloudState } = require(${JSON.stringify(join(__dirname, "../lib/testing/google-stand-in/cloud-state"))});
      while (Date.now() < ${startAt}) {}
      for (let i = 0; i < 40; i++) changeCloudState(process.argv[1], ({ record }) => record("create", "iam_member", process.pid + "-" + i));
    `;
    const writers = [1, 2, 3].map(
      () =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", writer, path], { stdio: "inherit" });
          child.on("exit", resolve);
        }),
    );
    expect(await Promise.all(writers)).toEqual([0, 0, 0]);
    const { events, nextSeq } = readCloudState(path);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(nextSeq).toBe(121);
    expect(new Set(events.map((e) => e.pid)).size).toBe(3);
    // Wall times are on Date.now()'s scale and follow seq across processes (to within a millisecond of clock noise).
    events.slice(1).forEach((event, i) => expect(event.time).toBeGreaterThanOrEqual(events[i]!.time - 1));
    const interleaved = events.slice(1).filter((event, i) => event.pid !== events[i]!.pid).length;
    expect(interleaved).toBeGreaterThan(2);
    expect(Math.abs(events[0]!.time - Date.now())).toBeLessThan(60_000);
  });

  it("an absent file is an empty cloud", () => {
    expect(readCloudState(join(dir, "absent.json"))).toMatchObject({ accounts: {}, bindings: {}, keys: {}, events: [], nextSeq: 1 });
  });

  it("fault rules delay and fail matching operations, counting down", async () => {
    const path = join(dir, "faults.json");
    changeCloudState(path, ({ state }) => state.faults.push({ type: "google_service_account_key", operation: "create", error: "quota exceeded", delayMs: 50, times: 2 }));
    const cloud = new StandInCloud(new CloudStore(path), { project: null, region: null, zone: null });
    const signal = new AbortController().signal;
    await expect(cloud.checkFaults("google_service_account", "create", signal)).resolves.toBeUndefined();
    const started = Date.now();
    await expect(cloud.checkFaults("google_service_account_key", "create", signal)).rejects.toThrow("Error in create of google_service_account_key: quota exceeded");
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    await expect(cloud.checkFaults("google_service_account_key", "create", signal)).rejects.toThrow("quota exceeded");
    await expect(cloud.checkFaults("google_service_account_key", "create", signal)).resolves.toBeUndefined();
    expect(readCloudState(path).faults[0]!.times).toBe(0);
  });

  it("a delay is cancelled when Terraform stops the provider", async () => {
    const path = join(dir, "delay.json");
    changeCloudState(path, ({ state }) => state.faults.push({ type: "google_service_account", operation: "delete", delayMs: 60_000 }));
    const cloud = new StandInCloud(new CloudStore(path), { project: null, region: null, zone: null });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 50);
    await expect(cloud.checkFaults("google_service_account", "delete", stop.signal)).rejects.toThrow("cancelled: Terraform asked the provider to stop");
  });
});

describe("keys and names", () => {
  it("makes a Google JSON key file with a real RSA key and its certificate", async () => {
    const material = await createKeyMaterial({ project: "p-1", keyId: "ab".repeat(20), email: "a-account@p-1.iam.gserviceaccount.com", clientId: "123456789012345678901" }, 1024, new Date("2026-12-03T10:00:00.123Z"));
    const file = JSON.parse(material.keyFile);
    expect(Object.keys(file)).toEqual([
      "type", "project_id", "private_key_id", "private_key", "client_email", "client_id", "auth_uri", "token_uri",
      "auth_provider_x509_cert_url", "client_x509_cert_url", "universe_domain",
    ]);
    expect(file.client_x509_cert_url).toBe("https://www.googleapis.com/robot/v1/metadata/x509/a-account%40p-1.iam.gserviceaccount.com");
    expect(createPrivateKey(file.private_key).asymmetricKeyDetails?.modulusLength).toBe(1024);
    const certificate = new X509Certificate(material.certificatePem);
    expect(certificate.subject).toBe("CN=123456789012345678901");
    expect(certificate.checkPrivateKey(createPrivateKey(file.private_key))).toBe(true);
    expect(material.validAfter).toBe("2026-12-03T10:00:00Z");
  });

  it("sizes keys: 1024 bits by default, GOOGLE_STAND_IN_RSA_BITS for Google's 2048, checked", () => {
    expect(rsaBits("KEY_ALG_RSA_2048", {})).toBe(1024);
    expect(rsaBits("KEY_ALG_RSA_2048", { GOOGLE_STAND_IN_RSA_BITS: "2048" })).toBe(2048);
    expect(rsaBits("KEY_ALG_RSA_1024", { GOOGLE_STAND_IN_RSA_BITS: "2048" })).toBe(1024);
    expect(() => rsaBits("KEY_ALG_RSA_2048", { GOOGLE_STAND_IN_RSA_BITS: "512" })).toThrow("GOOGLE_STAND_IN_RSA_BITS=512 must be a whole number of bits from 1024 to 4096");
  });

  it("reads service account references the way the real provider does", () => {
    const email = "a-account@p-1.iam.gserviceaccount.com";
    expect(parseServiceAccountReference(email)).toEqual({ email });
    expect(parseServiceAccountReference(`projects/p-1/serviceAccounts/${email}`)).toEqual({ email, project: "p-1" });
    expect(parseServiceAccountReference(`projects/-/serviceAccounts/${email}`)).toEqual({ email });
    expect(parseServiceAccountReference(`p-1/${email}`)).toEqual({ email, project: "p-1" });
    expect(parseServiceAccountReference("not an account")).toBeNull();
    expect(["abcdef", "a-2345678901234567890123456789"].every((id) => ACCOUNT_ID_PATTERN.test(id))).toBe(true);
    expect(["abcde", "1abcdef", "abcdef-", "Abcdef", "a-23456789012345678901234567890"].some((id) => ACCOUNT_ID_PATTERN.test(id))).toBe(false);
  });
});
