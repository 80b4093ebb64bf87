/** The emulator's API behaviour, over raw HTTP (fetch), independently of our client. */
import { EdgegapEmulator, MASKED, exampleVersion, fakeServiceAccountKey } from "../lib/testing/edgegap-emulator";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;

let emu: EdgegapEmulator;

interface Reply {
  status: number;
  body: any;
  text: string;
}

async function api(method: string, path: string, body?: unknown, authorization: string | null = `token ${emu.token}`): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (authorization !== null) headers.Authorization = authorization;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${emu.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text), text };
}

const createVersion = (overrides: Record<string, unknown> = {}) =>
  api("POST", "/v1/app/my-game/version", { ...exampleVersion(), ...overrides });

beforeAll(async () => {
  emu = await EdgegapEmulator.start({ pageSize: 2, revokedTokens: ["deleted-token"] });
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.apps.put({ name: "my-game", is_active: true, image: "" });
});

describe("authentication", () => {
  test.each([
    ["no header", null, 401],
    ["a Bearer header", "Bearer TOKEN", 401],
    ["an unknown token", "token 00000000-0000-0000-0000-000000000000", 401],
    ["a deleted token", "token deleted-token", 403],
    ["the token", "token TOKEN", 200],
    ["Token with a capital T", "Token TOKEN", 200],
  ])("%s → %i with a {message}", async (_, header, status) => {
    const reply = await api("GET", "/v1/apps", undefined, header?.replace("TOKEN", emu.token) ?? null);
    expect(reply.status).toBe(status);
    if (status !== 200) expect(reply.body).toEqual({ message: expect.any(String) });
  });
});

describe("apps", () => {
  test("create fills timestamps; 409 on a taken name; 400 on a missing field or a short name", async () => {
    const created = await api("POST", "/v1/app", { name: "other", is_active: true, image: "abc=" });
    expect(created).toMatchObject({ status: 200, body: { name: "other", is_active: true, image: "abc=" } });
    expect(created.body.create_time).toMatch(TIMESTAMP);
    expect(created.body.last_updated).toBe(created.body.create_time);
    expect((await api("POST", "/v1/app", { name: "other", is_active: true, image: "" })).status).toBe(409);
    expect(await api("POST", "/v1/app", { name: "x1", is_active: true, image: "" })).toMatchObject({ status: 400 });
    expect((await api("POST", "/v1/app", { name: "abc", is_active: true })).body).toEqual({ message: "image: This field is required." });
  });

  test("PATCH renames and bumps last_updated; renaming onto a taken name is 409", async () => {
    emu.apps.put({ name: "taken" });
    const before = emu.apps.get("my-game")!;
    const renamed = await api("PATCH", "/v1/app/my-game", { name: "renamed", is_active: false });
    expect(renamed.body).toMatchObject({ name: "renamed", is_active: false, create_time: before.create_time });
    expect(renamed.body.last_updated > before.last_updated).toBe(true);
    expect((await api("PATCH", "/v1/app/renamed", { name: "taken" })).status).toBe(409);
    expect((await api("GET", "/v1/app/my-game")).status).toBe(404);
  });

  test("DELETE answers 200 with no body and deletes the app's versions", async () => {
    await createVersion();
    const deleted = await api("DELETE", "/v1/app/my-game");
    expect(deleted).toMatchObject({ status: 200, text: "" });
    emu.apps.put({ name: "my-game" });
    expect((await api("GET", "/v1/app/my-game/versions")).body.versions).toEqual([]);
  });
});

describe("versions", () => {
  test("create answers {success, version} with defaults; GET answers the bare version", async () => {
    const created = await createVersion({ ports: [{ port: 80, protocol: "HTTP" }] });
    expect(created.status).toBe(200);
    expect(created.body.success).toBe(true);
    expect(created.body.version).toMatchObject({
      is_active: true,
      restart_policy: "always",
      max_duration: 1440,
      time_to_deploy: 10,
      verify_image: false,
      ports: [{ port: 80, protocol: "HTTP", to_check: true, tls_upgrade: false, name: null }],
    });
    const read = await api("GET", "/v1/app/my-game/version/2026.12.03");
    expect(read.body).toEqual(created.body.version);
  });

  test("private_token and hidden env values are masked in every response, kept in state and log", async () => {
    const created = await createVersion({ envs: [{ key: "A", value: "open" }, { key: "B", value: "closed", is_secret: true }] });
    const patched = await api("PATCH", "/v1/app/my-game/version/2026.12.03", { is_active: false });
    const read = await api("GET", "/v1/app/my-game/version/2026.12.03");
    const listed = await api("GET", "/v1/app/my-game/versions");
    for (const version of [created.body.version, patched.body.version, read.body, listed.body.versions[0]]) {
      expect(version.private_token).toBe(MASKED);
      expect(version.envs).toEqual([
        { key: "A", value: "open", is_hidden: false },
        { key: "B", value: MASKED, is_hidden: true },
      ]);
    }
    expect(emu.versions.get("my-game", "2026.12.03")?.private_token).toBe(fakeServiceAccountKey());
    expect(emu.versions.get("my-game", "2026.12.03")?.envs?.[1].value).toBe("closed");
    expect((emu.requests.entries[0].body as { private_token: string }).private_token).toBe(fakeServiceAccountKey());
  });

  test("an unset private_token reads as null, not masked", async () => {
    const created = await createVersion({ private_token: undefined, private_username: undefined });
    expect(created.body.version).toMatchObject({ private_token: null, private_username: null });
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ["memory above 2 × cpu", { req_cpu: 1024, req_memory: 2049 }, /req_memory: must be at most double/],
    ["cpu below 100", { req_cpu: 99 }, /req_cpu/],
    ["a lowercase protocol", { ports: [{ port: 1, protocol: "udp" }] }, /ports\[0\]\.protocol/],
    ["tls_upgrade on UDP", { ports: [{ port: 1, protocol: "UDP", tls_upgrade: true }] }, /tls_upgrade/],
    ["port 0 without name", { ports: [{ port: 0, protocol: "UDP" }] }, /ports\[0\]\.name: required/],
    ["port 60000", { ports: [{ port: 60000, protocol: "UDP" }] }, /ports\[0\]\.port/],
    ["duplicate env keys", { envs: [{ key: "A", value: "1" }, { key: "A", value: "2" }] }, /duplicate key/],
    ["an env value over 4 KB", { envs: [{ key: "A", value: "x".repeat(4097) }] }, /4 KB/],
    ["a bad restart policy", { restart_policy: "sometimes" }, /restart_policy/],
    ["an uppercase image", { docker_image: "RJ/server" }, /docker_image/],
    ["an image with a host", { docker_image: "gcr.io/p/r" }, /registry host/],
    ["a repository with a scheme", { docker_repository: "https://gcr.io" }, /docker_repository/],
    ["grace period 4", { termination_grace_period_seconds: 4 }, /termination_grace_period_seconds/],
    ["max_duration 1441", { max_duration: 1441 }, /max_duration/],
    ["an unknown field", { reqCpu: 5 }, /Unknown field\(s\): reqCpu/],
    ["a missing field", { docker_tag: undefined }, /docker_tag: This field is required/],
  ])("create with %s → 400", async (_, overrides, message) => {
    const reply = await createVersion(overrides);
    expect(reply.status).toBe(400);
    expect(reply.body.message).toMatch(message);
    expect(emu.versions.list("my-game")).toEqual([]);
  });

  test("invalid JSON → 400; empty endpoint_storage → 500, as Edgegap does", async () => {
    expect(await api("POST", "/v1/app/my-game/version", "{nope")).toMatchObject({ status: 400 });
    expect((await createVersion({ endpoint_storage: "" })).status).toBe(500);
  });

  test("404 for a missing app, 409 for a taken name", async () => {
    expect((await api("POST", "/v1/app/nope/version", exampleVersion())).body).toEqual({ message: "App nope not found" });
    await createVersion();
    expect((await createVersion()).status).toBe(409);
  });

  test("PATCH: req_* → 400; arrays replace; null clears an optional string; rename", async () => {
    await createVersion({ endpoint_storage: "logs" });
    const path = "/v1/app/my-game/version/2026.12.03";
    expect((await api("PATCH", path, { req_cpu: 2048 })).status).toBe(400);
    expect((await api("PATCH", path, { req_memory: 512 })).status).toBe(400);
    expect((await api("PATCH", path, { req_video: 0 })).status).toBe(400);
    const patched = await api("PATCH", path, { ports: [{ port: 1, protocol: "TCP" }], envs: [], endpoint_storage: null });
    expect(patched.body.version).toMatchObject({ ports: [{ port: 1, protocol: "TCP" }], envs: [], endpoint_storage: null });
    const renamed = await api("PATCH", path, { name: "stable" });
    expect(renamed.body.version.name).toBe("stable");
    expect(emu.versions.list("my-game").map((v) => v.name)).toEqual(["stable"]);
  });

  test("DELETE answers {success, message}; then 404", async () => {
    await createVersion();
    const deleted = await api("DELETE", "/v1/app/my-game/version/2026.12.03");
    expect(deleted.body).toEqual({ success: true, message: "Version 2026.12.03 deleted" });
    expect((await api("DELETE", "/v1/app/my-game/version/2026.12.03")).status).toBe(404);
  });
});

describe("pagination", () => {
  beforeEach(async () => {
    for (let i = 1; i <= 5; i++) await createVersion({ name: `v${i}` });
  });

  test.each([
    [1, ["v1", "v2"], { number: 1, next_page_number: 2, previous_page_number: null, paginator: { num_pages: 3 }, has_next: true, has_previous: false }],
    [3, ["v5"], { number: 3, next_page_number: null, previous_page_number: 2, paginator: { num_pages: 3 }, has_next: false, has_previous: true }],
    [4, [], { number: 4, next_page_number: null, previous_page_number: 3, paginator: { num_pages: 3 }, has_next: false, has_previous: true }],
  ])("page %i", async (page, names, pagination) => {
    const reply = await api("GET", `/v1/app/my-game/versions?page=${page}`);
    expect(reply.body.versions.map((v: { name: string }) => v.name)).toEqual(names);
    expect(reply.body.total_count).toBe(5);
    expect(reply.body.pagination).toEqual(pagination);
  });

  test("limit is honoured up to pageSize; bad page or limit → 400", async () => {
    expect((await api("GET", "/v1/app/my-game/versions?limit=1")).body.versions).toHaveLength(1);
    expect((await api("GET", "/v1/app/my-game/versions?limit=50")).body.versions).toHaveLength(2);
    expect((await api("GET", "/v1/app/my-game/versions?page=0")).status).toBe(400);
    expect((await api("GET", "/v1/apps?limit=x")).status).toBe(400);
  });

  test("an empty list has one page", async () => {
    emu.apps.delete("my-game");
    const reply = await api("GET", "/v1/apps");
    expect(reply.body).toEqual({
      applications: [],
      total_count: 0,
      pagination: { number: 1, next_page_number: null, previous_page_number: null, paginator: { num_pages: 1 }, has_next: false, has_previous: false },
    });
  });
});

describe("routing and state access", () => {
  test("unknown routes → 404 {message}", async () => {
    expect(await api("GET", "/v2/apps")).toMatchObject({ status: 404, body: { message: "Not Found" } });
    expect((await api("GET", "/v1/app/my-game/version/x/extra")).status).toBe(404);
  });

  test("out-of-band changes are visible through the API", async () => {
    await createVersion();
    emu.versions.update("my-game", "2026.12.03", { docker_tag: "drifted" });
    expect((await api("GET", "/v1/app/my-game/version/2026.12.03")).body.docker_tag).toBe("drifted");
    emu.versions.delete("my-game", "2026.12.03");
    expect((await api("GET", "/v1/app/my-game/version/2026.12.03")).status).toBe(404);
  });

  test("state access hands out copies", () => {
    const app = emu.apps.get("my-game")!;
    app.is_active = false;
    expect(emu.apps.get("my-game")?.is_active).toBe(true);
  });
});
