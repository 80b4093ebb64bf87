import { EdgegapApiError, EdgegapClient, MASKED_SECRET_VALUE } from "../lib/edgegap-api";
import { EdgegapEmulator, exampleApp, exampleVersion } from "../lib/testing/edgegap-emulator";

let emu: EdgegapEmulator;
let client: EdgegapClient;

const VERSION_PATH = "/v1/app/my-game/version";

beforeAll(async () => {
  emu = await EdgegapEmulator.start();
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.apps.put({ name: "my-game" });
  client = new EdgegapClient({ token: emu.token, baseUrl: emu.url, retryBaseDelayMs: 1 });
});

async function failureOf(promise: Promise<unknown>): Promise<EdgegapApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EdgegapApiError);
  return error as EdgegapApiError;
}

describe("create version after a lost response", () => {
  test("response lost after the version was stored: exactly one version, no error", async () => {
    emu.faults.inject({ method: "POST", path: VERSION_PATH, action: "lose-response" });
    const version = await client.createAppVersion("my-game", exampleVersion());
    expect(version).toMatchObject({ name: "2026.12.03", docker_tag: "2026.12.03", private_token: MASKED_SECRET_VALUE });
    expect(emu.versions.list("my-game")).toHaveLength(1);
    expect(emu.requests.summary()).toEqual([
      `POST ${VERSION_PATH} -> 200`,
      `POST ${VERSION_PATH} -> 409`,
      `GET ${VERSION_PATH}/2026.12.03 -> 200`,
    ]);
    expect(emu.requests.entries[0].outcome).toBe("lost-response");
  });

  test("a gateway 502 after the version was stored", async () => {
    emu.faults.inject({ method: "POST", path: VERSION_PATH, status: 502, afterApply: true });
    await client.createAppVersion("my-game", exampleVersion());
    expect(emu.versions.list("my-game")).toHaveLength(1);
  });

  test("a timeout while the server was still working on it", async () => {
    emu.faults.inject({ method: "POST", path: VERSION_PATH, latencyMs: 400 });
    const created = await new EdgegapClient({ token: emu.token, baseUrl: emu.url, requestTimeoutMs: 100, retryBaseDelayMs: 1 })
      .createAppVersion("my-game", exampleVersion());
    expect(created.name).toBe("2026.12.03");
    await new Promise((resolve) => setTimeout(resolve, 450)); // the first request finishes on the server
    expect(emu.versions.list("my-game")).toHaveLength(1);
    // In arrival order: the slow first attempt ends in 409 (the retry created the version meanwhile).
    expect(emu.requests.summary()).toEqual([`POST ${VERSION_PATH} -> 409`, `POST ${VERSION_PATH} -> 200`]);
  });

  test("an existing version that differs: 409 naming the fields and how to import", async () => {
    emu.faults.inject({
      method: "POST",
      path: VERSION_PATH,
      action: "drop",
      onHit: () =>
        emu.versions.put("my-game", {
          ...exampleVersion(),
          docker_tag: "someone-else",
          ports: [{ port: 9999, protocol: "TCP", to_check: true, tls_upgrade: false, name: null }],
        }),
    });
    const error = await failureOf(client.createAppVersion("my-game", exampleVersion()));
    expect(error).toMatchObject({ kind: "conflict", status: 409, attempts: 2 });
    expect(error.message).toContain(
      'a version named "2026.12.03" already exists in app "my-game" but differs from this request in docker_tag, ports',
    );
    expect(error.message).toContain("terraform import <address> my-game/2026.12.03");
    expect(emu.versions.get("my-game", "2026.12.03")?.docker_tag).toBe("someone-else");
  });

  test("a 409 after only 429s is a real conflict: nothing can have been created by us", async () => {
    emu.versions.put("my-game", { ...exampleVersion() });
    emu.faults.inject({ method: "POST", path: VERSION_PATH, status: 429 });
    const error = await failureOf(client.createAppVersion("my-game", exampleVersion()));
    expect(error).toMatchObject({ kind: "conflict", attempts: 2 });
    expect(emu.requests.count({ method: "GET" })).toBe(0);
  });

  test("a 409 on the first attempt is never adopted, even if identical", async () => {
    await client.createAppVersion("my-game", exampleVersion());
    const error = await failureOf(client.createAppVersion("my-game", exampleVersion()));
    expect(error).toMatchObject({ kind: "conflict", attempts: 1 });
  });

  test("defaults the server filled and masked secrets do not count as differences", async () => {
    emu.faults.inject({ method: "POST", path: VERSION_PATH, action: "lose-response" });
    const request = exampleVersion({
      ports: [{ port: 7777, protocol: "UDP" }],
      envs: [{ key: "S", value: "secret-value", is_hidden: true }, { key: "A", value: "1" }],
    });
    await expect(client.createAppVersion("my-game", request)).resolves.toMatchObject({ name: "2026.12.03" });
  });
});

describe("create app after a lost response", () => {
  test("accepted when the app is the one sent", async () => {
    emu.faults.inject({ method: "POST", path: "/v1/app", action: "lose-response" });
    const app = await client.createApp(exampleApp({ name: "new-game" }));
    expect(app.name).toBe("new-game");
    expect(emu.apps.list().map((a) => a.name)).toEqual(["my-game", "new-game"]);
  });

  test("rejected when it differs", async () => {
    emu.faults.inject({
      method: "POST",
      path: "/v1/app",
      action: "drop",
      onHit: () => emu.apps.put({ name: "new-game", is_active: false, image: "" }),
    });
    const error = await failureOf(client.createApp(exampleApp({ name: "new-game" })));
    expect(error.kind).toBe("conflict");
    expect(error.message).toMatch(/an app named "new-game" exists but differs from this request in is_active, image/);
  });
});

describe("delete after a lost response", () => {
  test("a 404 on the retry means done", async () => {
    await client.createAppVersion("my-game", exampleVersion());
    emu.faults.inject({ method: "DELETE", path: `${VERSION_PATH}/*`, action: "lose-response" });
    await expect(client.deleteAppVersion("my-game", "2026.12.03")).resolves.toBeUndefined();
    expect(emu.requests.summary({ method: "DELETE" })).toEqual([
      `DELETE ${VERSION_PATH}/2026.12.03 -> 200`,
      `DELETE ${VERSION_PATH}/2026.12.03 -> 404`,
    ]);
  });

  test("deleting an app likewise", async () => {
    emu.faults.inject({ method: "DELETE", path: "/v1/app/my-game", action: "lose-response" });
    await client.deleteApp("my-game");
    expect(emu.apps.list()).toEqual([]);
  });

  test("a 404 on the first attempt is an error", async () => {
    const error = await failureOf(client.deleteAppVersion("my-game", "never-existed"));
    expect(error).toMatchObject({ kind: "not_found", attempts: 1 });
  });
});

describe("PATCH after a lost response", () => {
  beforeEach(async () => {
    await client.createAppVersion("my-game", exampleVersion());
  });

  test("a plain PATCH is simply retried", async () => {
    emu.faults.inject({ method: "PATCH", path: `${VERSION_PATH}/*`, action: "lose-response" });
    const updated = await client.updateAppVersion("my-game", "2026.12.03", { docker_tag: "v2", is_active: false });
    expect(updated).toMatchObject({ docker_tag: "v2", is_active: false });
    expect(emu.requests.count({ method: "PATCH" })).toBe(2);
  });

  test("a rename whose retry gets 404 is accepted when the renamed version matches", async () => {
    emu.faults.inject({ method: "PATCH", path: `${VERSION_PATH}/*`, action: "lose-response" });
    const renamed = await client.updateAppVersion("my-game", "2026.12.03", { name: "stable", docker_tag: "v2" });
    expect(renamed).toMatchObject({ name: "stable", docker_tag: "v2" });
    expect(emu.requests.summary().slice(-3)).toEqual([
      `PATCH ${VERSION_PATH}/2026.12.03 -> 200`,
      `PATCH ${VERSION_PATH}/2026.12.03 -> 404`,
      `GET ${VERSION_PATH}/stable -> 200`,
    ]);
  });

  test("an app rename likewise", async () => {
    emu.faults.inject({ method: "PATCH", path: "/v1/app/my-game", action: "lose-response" });
    const renamed = await client.updateApp("my-game", { name: "my-game-2" });
    expect(renamed.name).toBe("my-game-2");
    expect(emu.versions.list("my-game-2")).toHaveLength(1);
  });
});
