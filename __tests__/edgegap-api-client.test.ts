import { DEFAULT_USER_AGENT, EdgegapClient, MASKED_SECRET_VALUE, EdgegapValidationError } from "../lib/edgegap-api";
import { EdgegapEmulator, exampleApp, exampleVersion, fakeServiceAccountKey } from "../lib/testing/edgegap-emulator";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;

let emu: EdgegapEmulator;
let client: EdgegapClient;

beforeAll(async () => {
  emu = await EdgegapEmulator.start({ pageSize: 3 });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  client = new EdgegapClient({ token: emu.token, baseUrl: emu.url, retryBaseDelayMs: 1 });
});

describe("apps", () => {
  test("create, get, update (rename), list, delete", async () => {
    const created = await client.createApp(exampleApp());
    expect(created).toEqual({
      name: "my-game",
      is_active: true,
      image: "iVBORw0KGgo=",
      create_time: expect.stringMatching(TIMESTAMP),
      last_updated: expect.stringMatching(TIMESTAMP),
    });
    expect(await client.getApp("my-game")).toEqual(created);

    const renamed = await client.updateApp("my-game", { name: "my-game-2", is_active: false });
    expect(renamed).toMatchObject({ name: "my-game-2", is_active: false, create_time: created.create_time });
    expect(renamed.last_updated > created.last_updated).toBe(true);
    expect(emu.apps.get("my-game")).toBeUndefined();

    expect((await client.listApps()).map((a) => a.name)).toEqual(["my-game-2"]);
    await client.deleteApp("my-game-2");
    expect(await client.listApps()).toEqual([]);
    expect(emu.requests.summary()).toEqual([
      "POST /v1/app -> 200",
      "GET /v1/app/my-game -> 200",
      "PATCH /v1/app/my-game -> 200",
      "GET /v1/apps -> 200",
      "DELETE /v1/app/my-game-2 -> 200",
      "GET /v1/apps -> 200",
    ]);
  });

  test("list follows pagination to the end", async () => {
    for (let i = 1; i <= 7; i++) emu.apps.put({ name: `app-${i}`, is_active: true, image: "" });
    const apps = await client.listApps();
    expect(apps.map((a) => a.name)).toEqual(["app-1", "app-2", "app-3", "app-4", "app-5", "app-6", "app-7"]);
    expect(emu.requests.entries.map((e) => e.query)).toEqual([
      { page: "1", limit: "100" },
      { page: "2", limit: "100" },
      { page: "3", limit: "100" },
    ]);
  });

  test("pageSize sets the limit sent", async () => {
    for (let i = 1; i <= 3; i++) emu.apps.put({ name: `app-${i}` });
    await client.listApps({ pageSize: 1 });
    expect(emu.requests.entries.map((e) => e.query.page)).toEqual(["1", "2", "3"]);
    expect(emu.requests.entries.every((e) => e.query.limit === "1")).toBe(true);
  });
});

describe("app versions", () => {
  beforeEach(() => {
    emu.apps.put({ name: "my-game", is_active: true, image: "" });
  });

  test("create returns the unwrapped version with defaults filled and secrets masked", async () => {
    const version = await client.createAppVersion("my-game", exampleVersion({ verify_image: true }));
    expect(version).toEqual({
      name: "2026.12.03",
      create_time: expect.stringMatching(TIMESTAMP),
      last_updated: expect.stringMatching(TIMESTAMP),
      is_active: true,
      req_cpu: 1024,
      req_memory: 2048,
      req_video: 0,
      docker_repository: "gcr.io",
      docker_image: "project-name/my-game",
      docker_tag: "2026.12.03",
      private_username: "_json_key",
      private_token: MASKED_SECRET_VALUE,
      verify_image: true,
      force_cache: false,
      caching_percent: 0,
      time_to_deploy: 10,
      max_duration: 1440,
      restart_policy: "always",
      termination_grace_period_seconds: 5,
      will_deploy_in_mainland_china: false,
      dns_config: null,
      endpoint_storage: null,
      ports: [{ port: 7777, protocol: "UDP", to_check: false, tls_upgrade: false, name: "gameport" }],
      envs: [
        { key: "MAP_ID", value: "forest1", is_hidden: false },
        { key: "MATCH_SECRET", value: MASKED_SECRET_VALUE, is_hidden: true },
      ],
    });
    // What was sent and stored is the real key, byte for byte.
    const post = emu.requests.last({ method: "POST" });
    expect((post?.body as { private_token: string }).private_token).toBe(fakeServiceAccountKey());
    expect(emu.versions.get("my-game", "2026.12.03")?.private_token).toBe(fakeServiceAccountKey());
  });

  test("sends the token header, User-Agent and JSON content type", async () => {
    await client.createAppVersion("my-game", exampleVersion());
    const post = emu.requests.last();
    expect(post?.headers.authorization).toBe(`token ${emu.token}`);
    expect(post?.headers["user-agent"]).toBe(DEFAULT_USER_AGENT);
    expect(post?.headers["content-type"]).toBe("application/json");
  });

  test("get returns the bare version; update PATCHes only what is sent and returns the result", async () => {
    await client.createAppVersion("my-game", exampleVersion());
    const read = await client.getAppVersion("my-game", "2026.12.03");
    expect(read.docker_tag).toBe("2026.12.03");
    expect(read.private_token).toBe(MASKED_SECRET_VALUE);

    const rotated = fakeServiceAccountKey("fedcba9876543210");
    const updated = await client.updateAppVersion("my-game", "2026.12.03", {
      docker_tag: "2026.12.04",
      private_token: rotated,
      ports: [{ port: 8080, protocol: "WS", tls_upgrade: true, name: "web" }],
    });
    expect(updated).toMatchObject({
      docker_tag: "2026.12.04",
      private_token: MASKED_SECRET_VALUE,
      req_cpu: 1024,
      ports: [{ port: 8080, protocol: "WS", to_check: true, tls_upgrade: true, name: "web" }],
    });
    expect(emu.requests.last({ method: "PATCH" })?.body).toEqual({
      docker_tag: "2026.12.04",
      private_token: rotated,
      ports: [{ port: 8080, protocol: "WS", tls_upgrade: true, name: "web" }],
    });
    expect(emu.versions.get("my-game", "2026.12.03")?.private_token).toBe(rotated);
  });

  test("update renames through PATCH name", async () => {
    await client.createAppVersion("my-game", exampleVersion());
    const renamed = await client.updateAppVersion("my-game", "2026.12.03", { name: "stable" });
    expect(renamed.name).toBe("stable");
    await expect(client.getAppVersion("my-game", "2026.12.03")).rejects.toMatchObject({ kind: "not_found" });
    expect((await client.getAppVersion("my-game", "stable")).docker_tag).toBe("2026.12.03");
  });

  test("list follows pagination; delete removes one version; deleting the app removes the rest", async () => {
    for (let i = 1; i <= 5; i++) await client.createAppVersion("my-game", exampleVersion({ name: `v${i}` }));
    emu.requests.clear();
    const versions = await client.listAppVersions("my-game");
    expect(versions.map((v) => v.name)).toEqual(["v1", "v2", "v3", "v4", "v5"]);
    expect(versions.every((v) => v.private_token === MASKED_SECRET_VALUE)).toBe(true);
    expect(emu.requests.count({ path: "/v1/app/my-game/versions" })).toBe(2);

    await client.deleteAppVersion("my-game", "v3");
    expect(emu.versions.list("my-game").map((v) => v.name)).toEqual(["v1", "v2", "v4", "v5"]);
    await client.deleteApp("my-game");
    await expect(client.listAppVersions("my-game")).rejects.toMatchObject({ kind: "not_found", status: 404 });
  });

  test("names are percent-encoded in paths", async () => {
    emu.apps.put({ name: "my game?#%" });
    await client.createAppVersion("my game?#%", exampleVersion({ name: "v 1 ü" }));
    expect((await client.getAppVersion("my game?#%", "v 1 ü")).name).toBe("v 1 ü");
    expect(emu.requests.last()?.path).toBe("/v1/app/my game?#%/version/v 1 ü");
  });
});

describe("options", () => {
  test("a pasted 'token ' prefix and whitespace are stripped", async () => {
    const pasted = new EdgegapClient({ token: `  Token ${emu.token}\n`, baseUrl: `${emu.url}/` });
    expect(pasted.baseUrl).toBe(emu.url);
    await pasted.listApps();
    expect(emu.requests.last()?.headers.authorization).toBe(`token ${emu.token}`);
  });

  test("userAgent overrides the default", async () => {
    await new EdgegapClient({ token: emu.token, baseUrl: emu.url, userAgent: "custom/1" }).listApps();
    expect(emu.requests.last()?.headers["user-agent"]).toBe("custom/1");
  });

  test("a base URL path prefix is kept", async () => {
    const prefixed = new EdgegapClient({ token: emu.token, baseUrl: `${emu.url}/prefix/` });
    expect(prefixed.baseUrl).toBe(`${emu.url}/prefix`);
    await expect(prefixed.listApps()).rejects.toMatchObject({ status: 404 });
    expect(emu.requests.last()?.path).toBe("/prefix/v1/apps");
  });

  test.each([
    ["ftp://api.edgegap.com", /http or https/],
    ["api.edgegap.com", /absolute http\(s\) URL/],
    ["https://api.edgegap.com?x=1", /query/],
    ["https://user:pw@api.edgegap.com", /credentials/],
  ])("base URL %j is rejected", (baseUrl, rule) => {
    expect(() => new EdgegapClient({ token: "t", baseUrl })).toThrow(rule);
  });

  test.each(["", "   ", "token ", "Token   "])("token %j is rejected as empty", (token) => {
    expect(() => new EdgegapClient({ token })).toThrow(EdgegapValidationError);
    expect(() => new EdgegapClient({ token })).toThrow(/EDGEGAP_TOKEN/);
  });

  test("a token with inner whitespace is rejected without being shown", () => {
    expect(() => new EdgegapClient({ token: "abc def-secret" })).toThrow(/whitespace/);
    try {
      new EdgegapClient({ token: "abc def-secret" });
    } catch (error) {
      expect(JSON.stringify(error) + String(error)).not.toContain("def-secret");
    }
  });

  test("the default base URL is Edgegap's", () => {
    expect(new EdgegapClient({ token: "t" }).baseUrl).toBe("https://api.edgegap.com");
  });
});
