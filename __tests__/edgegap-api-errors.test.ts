import { inspect } from "node:util";
import { EdgegapApiError, EdgegapClient, EdgegapValidationError, REDACTED, redact } from "../lib/edgegap-api";
import { EdgegapEmulator, exampleVersion, fakeServiceAccountKey } from "../lib/testing/edgegap-emulator";

const TOKEN = "6f1c2a9e-e458-4592-b607-c2c28afd8b62";
const PRIVATE_TOKEN = fakeServiceAccountKey("feedfacecafebeef");
const HIDDEN_VALUE = "hidden-match-secret-42";
/** Parts of the secrets that must never show up, even partly. */
const SECRET_PARTS = [TOKEN, PRIVATE_TOKEN, "feedfacecafebeef", "BEGIN PRIVATE KEY", HIDDEN_VALUE];

let emu: EdgegapEmulator;
let logLines: string[];

function newClient(overrides: Partial<ConstructorParameters<typeof EdgegapClient>[0]> = {}): EdgegapClient {
  return new EdgegapClient({
    token: TOKEN,
    baseUrl: emu.url,
    retryBaseDelayMs: 1,
    maxRetries: 2,
    logger: { debug: (message, fields) => logLines.push(`${message} ${JSON.stringify(fields)}`) },
    ...overrides,
  });
}

const secretVersion = () =>
  exampleVersion({
    private_token: PRIVATE_TOKEN,
    envs: [
      { key: "MAP_ID", value: "forest1" },
      { key: "MATCH_SECRET", value: HIDDEN_VALUE, is_hidden: true },
    ],
  });

async function failureOf(promise: Promise<unknown>): Promise<EdgegapApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EdgegapApiError);
  return error as EdgegapApiError;
}

function expectNoSecrets(error: unknown): void {
  const renderings = [
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
    String((error as Error).message),
    String((error as Error).stack),
  ];
  for (const text of renderings) for (const secret of SECRET_PARTS) expect(text).not.toContain(secret);
}

beforeAll(async () => {
  emu = await EdgegapEmulator.start({ tokens: [TOKEN] });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.apps.put({ name: "my-game" });
  logLines = [];
});
afterEach(() => {
  const log = logLines.join("\n");
  for (const secret of SECRET_PARTS) expect(log).not.toContain(secret);
});

describe("status mapping", () => {
  test("401: bad token, not retried", async () => {
    const error = await failureOf(newClient({ token: "wrong-token" }).getApp("my-game"));
    expect(error).toMatchObject({ kind: "unauthorized", status: 401, method: "GET", path: "/v1/app/my-game", attempts: 1 });
    expect(error.apiMessage).toMatch(/Unauthorized/);
    expect(error.message).toMatch(/^Edgegap API GET \/v1\/app\/my-game failed with HTTP 401: "Unauthorized.*EDGEGAP_TOKEN/);
    expect(emu.requests.count()).toBe(1);
  });

  test("403: revoked token", async () => {
    emu.revokeToken(TOKEN);
    try {
      const error = await failureOf(newClient().listApps());
      expect(error).toMatchObject({ kind: "forbidden", status: 403 });
      expect(error.hint).toMatch(/deleted or template token/);
      expectNoSecrets(error);
    } finally {
      emu.addToken(TOKEN);
    }
  });

  test("404: missing app, missing version", async () => {
    const app = await failureOf(newClient().getApp("nope-app"));
    expect(app).toMatchObject({ kind: "not_found", status: 404, isNotFound: true });
    expect(app.hint).toBe('App "nope-app" does not exist (deleted or renamed outside Terraform?).');
    const version = await failureOf(newClient().getAppVersion("my-game", "v9"));
    expect(version.hint).toBe('App "my-game" or its version "v9" does not exist (deleted or renamed outside Terraform?).');
    expect(version.apiMessage).toBe("Version v9 not found for app my-game");
  });

  test("409: the version exists; the hint says how to import it", async () => {
    await newClient().createAppVersion("my-game", secretVersion());
    const error = await failureOf(newClient().createAppVersion("my-game", secretVersion()));
    expect(error).toMatchObject({ kind: "conflict", status: 409, attempts: 1, isConflict: true });
    expect(error.message).toContain("terraform import <address> my-game/2026.12.03");
    expect(emu.versions.list("my-game")).toHaveLength(1);
    expectNoSecrets(error);
  });

  test("409: the app exists", async () => {
    const error = await failureOf(newClient().createApp({ name: "my-game", is_active: true, image: "" }));
    expect(error).toMatchObject({ kind: "conflict", status: 409 });
    expect(error.hint).toContain("terraform import <address> my-game");
  });

  test("424: verify_image and the registry refuses the credentials", async () => {
    emu.registry.allow({ repository: "gcr.io", image: "project-name/my-game", token: "another-key" });
    const error = await failureOf(newClient().createAppVersion("my-game", { ...secretVersion(), verify_image: true }));
    expect(error).toMatchObject({ kind: "image_pull_failed", status: 424 });
    expect(error.apiMessage).toContain("gcr.io/project-name/my-game:2026.12.03");
    expect(error.hint).toContain("could not pull gcr.io/project-name/my-game:2026.12.03");
    expect(error.hint).toContain("roles/artifactregistry.reader");
    expect(emu.versions.list("my-game")).toEqual([]);
    expectNoSecrets(error);
  });

  test("400: the API's message is kept, and the hint mentions the plan limit", async () => {
    emu.faults.inject({ method: "POST", path: "/v1/app/*/version", status: 400, body: { message: "You reached your limit" } });
    const error = await failureOf(newClient().createAppVersion("my-game", secretVersion()));
    expect(error).toMatchObject({ kind: "bad_request", status: 400, apiMessage: "You reached your limit", attempts: 1 });
    expect(error.hint).toMatch(/free tier/);
  });

  test("a message echoing a secret is scrubbed", async () => {
    const message = `cannot parse ${PRIVATE_TOKEN} for ${HIDDEN_VALUE} with ${TOKEN}`;
    emu.faults.inject({ method: "POST", path: "/v1/app/*/version", status: 400, body: { message } });
    const error = await failureOf(newClient().createAppVersion("my-game", secretVersion()));
    expect(error.apiMessage).toBe(`cannot parse ${REDACTED} for ${REDACTED} with ${REDACTED}`);
    expectNoSecrets(error);
  });

  test("5xx after retries: server_error with the attempt count", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", status: 502, times: Infinity });
    const error = await failureOf(newClient().getApp("my-game"));
    expect(error).toMatchObject({ kind: "server_error", status: 502, attempts: 3 });
    expect(error.message).toMatch(/failed with HTTP 502 after 3 attempts/);
    expect(emu.requests.count()).toBe(3);
  });

  test("a redirect is not followed (the token could leak to another host)", async () => {
    emu.faults.inject({ path: "/v1/apps", status: 302 });
    const error = await failureOf(newClient().listApps());
    expect(error).toMatchObject({ kind: "unexpected_status", status: 302 });
  });

  test("a 2xx with an unexpected body is invalid_response", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", status: 201, body: ["not", "an", "app"] });
    const error = await failureOf(newClient().getApp("my-game"));
    expect(error.kind).toBe("invalid_response");
    expect(error.message).toMatch(/unexpected body: expected an application/);
  });

  test("connection refused: network error after retries, with the code", async () => {
    const closed = await EdgegapEmulator.start();
    const url = closed.url;
    await closed.close();
    const error = await failureOf(newClient({ baseUrl: url }).getApp("my-game"));
    expect(error).toMatchObject({ kind: "network", networkCode: "ECONNREFUSED", attempts: 3, status: undefined });
    expect(error.message).toMatch(/failed: network \(ECONNREFUSED\) after 3 attempts/);
  });
});

describe("no secret in errors or logs", () => {
  const scenarios: Array<[string, () => void, Partial<ConstructorParameters<typeof EdgegapClient>[0]>]> = [
    ["dropped connections", () => emu.faults.inject({ path: "/v1/app/*/version", action: "drop", times: Infinity }), {}],
    // Held past the timeout, then refused: a late create would land in a later test's emulator state.
    ["timeouts", () => emu.faults.inject({ path: "/v1/app/*/version", latencyMs: 300, status: 503, times: Infinity }), { requestTimeoutMs: 50 }],
    ["deadline", () => emu.faults.inject({ path: "/v1/app/*/version", status: 503, retryAfter: 30, times: Infinity }), { deadlineMs: 200 }],
    ["500s", () => emu.faults.inject({ path: "/v1/app/*/version", status: 500, times: Infinity }), {}],
    ["a 409 mismatch after a lost response", () => {
      emu.faults.inject({
        method: "POST",
        path: "/v1/app/*/version",
        action: "drop",
        onHit: () => emu.versions.put("my-game", { ...exampleVersion(), docker_tag: "other" }),
      });
    }, {}],
  ];

  test.each(scenarios)("%s", async (_, arrange, options) => {
    arrange();
    const error = await failureOf(newClient(options).createAppVersion("my-game", secretVersion()));
    expectNoSecrets(error);
    expect(logLines.join("\n")).toContain(REDACTED); // the bodies were logged, redacted
  });

  test("cancellation", async () => {
    // Held for a second, then refused: a stored version would land in the next test's emulator state (409 there).
    emu.faults.inject({ path: "/v1/app/*/version", latencyMs: 1000, status: 503 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failureOf(newClient().createAppVersion("my-game", secretVersion(), { signal: controller.signal }));
    expect(error.kind).toBe("aborted");
    expectNoSecrets(error);
  });

  test("validation errors", async () => {
    const bad = {
      ...secretVersion(),
      envs: [{ key: "S", value: `${HIDDEN_VALUE}${"x".repeat(5000)}`, is_hidden: true }],
      private_token: 7,
    };
    const error = await newClient()
      .createAppVersion("my-game", bad as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EdgegapValidationError);
    expect((error as EdgegapValidationError).problems.map((p) => p.path)).toEqual(["private_token", "envs[0].value"]);
    expectNoSecrets(error);
    expect(emu.requests.count()).toBe(0);
  });

  test("the log shows each request and response with redacted bodies", async () => {
    await newClient().createAppVersion("my-game", secretVersion());
    expect(logLines).toHaveLength(2);
    expect(logLines[0]).toMatch(/^Edgegap API request POST \/v1\/app\/my-game\/version \(attempt 1\)/);
    expect(logLines[0]).toContain(`"private_token":"${REDACTED}"`);
    expect(logLines[0]).toContain(`{"key":"MATCH_SECRET","value":"${REDACTED}","is_hidden":true}`);
    expect(logLines[0]).toContain(`{"key":"MAP_ID","value":"forest1"}`);
    expect(logLines[1]).toMatch(/^Edgegap API response 200 to POST \/v1\/app\/my-game\/version in \d+ ms/);
  });
});

describe("redact()", () => {
  test("secret keys, hidden env values and listed secrets; null stays null", () => {
    const input = {
      private_token: "k",
      Authorization: "token abc",
      private_username: "_json_key",
      nested: [{ key: "A", value: "v", is_hidden: true }, { key: "B", value: "w", is_secret: true }, { key: "C", value: "c" }],
      note: "contains s3cr3t-value inside",
      dns_config: null,
    };
    expect(redact(input, { secrets: ["s3cr3t-value"] })).toEqual({
      private_token: REDACTED,
      Authorization: REDACTED,
      private_username: "_json_key",
      nested: [{ key: "A", value: REDACTED, is_hidden: true }, { key: "B", value: REDACTED, is_secret: true }, { key: "C", value: "c" }],
      note: `contains ${REDACTED} inside`,
      dns_config: null,
    });
    expect(input.private_token).toBe("k");
  });

  test("handles cycles and leaves very short secrets out of free text", () => {
    const cyclic: Record<string, unknown> = { a: "x1x" };
    cyclic.self = cyclic;
    expect(redact(cyclic, { secrets: ["1"] })).toEqual({ a: "x1x", self: "[Circular]" });
  });
});
