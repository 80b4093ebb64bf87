import { generateKeyPairSync } from "node:crypto";
import { EdgegapApiError, EdgegapClient, secretsOf } from "../lib/edgegap-api";
import { EdgegapEmulator, exampleVersion } from "../lib/testing/edgegap-emulator";
import { findSecrets, keyFileSecrets } from "../lib/testing/sandbox";

/**
 * A service account key file sent as `private_token` is a secret in parts too: an error from Edgegap may quote its
 * private key alone (found by __tests__/secret-hygiene.test.ts: the whole token was scrubbed, its PEM was not).
 */
function keyFile(): string {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  return JSON.stringify({
    type: "service_account",
    project_id: "hygiene-studio",
    private_key_id: "0123456789abcdef0123456789abcdef01234567",
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: "pull@hygiene-studio.iam.gserviceaccount.com",
  });
}

describe("secretsOf a body whose private_token is a key file", () => {
  it("lists the token, the private key and each line of its PEM body", () => {
    const token = keyFile();
    const pem = JSON.parse(token).private_key as string;
    const lines = pem.split("\n").filter((line) => line !== "" && !line.startsWith("-----"));
    expect(lines.length).toBeGreaterThan(5);
    expect(secretsOf({ private_token: token })).toEqual([token, pem, ...lines]);
  });

  it("lists a token that is not a key file as it is", () => {
    expect(secretsOf({ private_token: "a-registry-password" })).toEqual(["a-registry-password"]);
    expect(secretsOf({ private_token: '{"user":"x"}' })).toEqual(['{"user":"x"}']);
  });
});

describe("an Edgegap error quoting only the private key", () => {
  let emulator: EdgegapEmulator;
  beforeAll(async () => {
    emulator = await EdgegapEmulator.start();
    emulator.apps.put({ name: "my-game" });
  });
  afterAll(() => emulator.close());

  it.each([
    ["as is", (pem: string) => pem],
    ["with escaped newlines", (pem: string) => JSON.stringify(pem).slice(1, -1)],
  ])("%s: is scrubbed from the thrown error and from the client's log", async (_, quote) => {
    const token = keyFile();
    const pem = JSON.parse(token).private_key as string;
    emulator.faults.inject({ method: "POST", path: "/v1/app/my-game/version", status: 400, body: { message: `private_key is not valid: ${quote(pem)}` } });
    const logged: string[] = [];
    const client = new EdgegapClient({
      token: emulator.token,
      baseUrl: emulator.url,
      maxRetries: 0,
      logger: { debug: (message, fields) => logged.push(`${message} ${JSON.stringify(fields)}`) },
    });

    const error = await client.createAppVersion("my-game", exampleVersion({ private_token: token })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EdgegapApiError);
    expect((error as EdgegapApiError).status).toBe(400);
    expect((error as EdgegapApiError).message).toContain("private_key is not valid");
    const everything = [String(error), (error as Error).stack ?? "", JSON.stringify(error), ...logged].join("\n");
    expect(everything).toContain("[REDACTED]");
    expect(findSecrets("error and log", everything, keyFileSecrets("the key", token))).toEqual([]);
  });
});
