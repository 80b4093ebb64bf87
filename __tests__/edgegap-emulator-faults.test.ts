/** Emulator support for tests: fault injection, the request log, the registry stand-in, admin routes, the CLI. */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { EdgegapEmulator, exampleVersion, pathMatches } from "../lib/testing/edgegap-emulator";

let emu: EdgegapEmulator;

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${emu.url}${path}`, {
    method,
    headers: { Authorization: `token ${emu.token}`, "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) };
}

/** Resolves to "network error" when the connection is dropped. */
async function outcome(method: string, path: string, body?: unknown): Promise<number | "network error"> {
  try {
    return (await api(method, path, body)).status;
  } catch {
    return "network error";
  }
}

beforeAll(async () => {
  emu = await EdgegapEmulator.start();
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.latencyMs = 0;
  emu.apps.put({ name: "my-game" });
});

describe("faults", () => {
  test("a sequence of statuses, 200 passing through, then the rule is spent", async () => {
    const handle = emu.faults.inject({ method: "GET", path: "/v1/app/:name", sequence: [503, 200, 429] });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await outcome("GET", "/v1/app/my-game"));
    expect(statuses).toEqual([503, 200, 429, 200]);
    expect(handle.hits).toBe(3);
    expect(handle.remaining).toBe(0);
    expect(emu.requests.entries.map((e) => e.fault)).toEqual([handle.id, handle.id, handle.id, undefined]);
  });

  test("times repeats the last step; Infinity until removed", async () => {
    emu.faults.inject({ path: "/v1/apps", status: 502, times: 2 });
    expect([await outcome("GET", "/v1/apps"), await outcome("GET", "/v1/apps"), await outcome("GET", "/v1/apps")]).toEqual([502, 502, 200]);
    const forever = emu.faults.inject({ path: "/v1/apps", status: 500, times: Infinity });
    for (let i = 0; i < 5; i++) expect(await outcome("GET", "/v1/apps")).toBe(500);
    forever.remove();
    expect(await outcome("GET", "/v1/apps")).toBe(200);
  });

  test("an injected status answers {message} and Retry-After without applying the request", async () => {
    emu.faults.inject({ method: "POST", path: "/v1/app", status: 429, retryAfter: 7 });
    const reply = await api("POST", "/v1/app", { name: "new-app", is_active: true, image: "" });
    expect(reply.status).toBe(429);
    expect(reply.headers.get("retry-after")).toBe("7");
    expect(reply.body).toEqual({ message: "Injected fault: HTTP 429 on POST /v1/app" });
    expect(emu.apps.get("new-app")).toBeUndefined();
  });

  test("method and path must both match; the first live rule wins", async () => {
    emu.faults.inject({ method: "DELETE", path: "/v1/app/*", status: 500 });
    const first = emu.faults.inject({ path: "/v1/app/**", status: 502 });
    emu.faults.inject({ path: "/v1/app/**", status: 503 });
    expect(await outcome("GET", "/v1/app/my-game/versions")).toBe(502);
    expect(await outcome("GET", "/v1/app/my-game/versions")).toBe(503);
    expect(first.hits).toBe(1);
  });

  test("path patterns", () => {
    expect(pathMatches("/v1/app/*/version", "/v1/app/x/version")).toBe(true);
    expect(pathMatches("/v1/app/*/version", "/v1/app/x/version/y")).toBe(false);
    expect(pathMatches("/v1/app/:app/version/:version", "/v1/app/x/version/y")).toBe(true);
    expect(pathMatches("/v1/**", "/v1/app/x/version/y")).toBe(true);
    expect(pathMatches("/v1/apps", "/v1/app")).toBe(false);
    expect(pathMatches(/versions$/, "/v1/app/x/versions")).toBe(true);
  });

  test("drop: the connection closes before anything is applied", async () => {
    emu.faults.inject({ method: "POST", path: "/v1/app", action: "drop" });
    expect(await outcome("POST", "/v1/app", { name: "new-app", is_active: true, image: "" })).toBe("network error");
    expect(emu.apps.get("new-app")).toBeUndefined();
    expect(emu.requests.last()).toMatchObject({ outcome: "dropped", status: undefined });
  });

  test("lose-response: applied, then the connection closes", async () => {
    emu.faults.inject({ method: "POST", path: "/v1/app", action: "lose-response" });
    expect(await outcome("POST", "/v1/app", { name: "new-app", is_active: true, image: "" })).toBe("network error");
    expect(emu.apps.get("new-app")).toBeDefined();
    expect(emu.requests.last()).toMatchObject({ outcome: "lost-response", status: 200 });
  });

  test("afterApply: applied, then the injected status", async () => {
    emu.faults.inject({ method: "POST", path: "/v1/app", status: 504, afterApply: true });
    expect(await outcome("POST", "/v1/app", { name: "new-app", is_active: true, image: "" })).toBe(504);
    expect(emu.apps.get("new-app")).toBeDefined();
  });

  test("latency per route and globally", async () => {
    emu.faults.inject({ path: "/v1/apps", latencyMs: 200 });
    let started = Date.now();
    await api("GET", "/v1/apps");
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    started = Date.now();
    await api("GET", "/v1/apps");
    expect(Date.now() - started).toBeLessThan(150);
    emu.latencyMs = 150;
    started = Date.now();
    await api("GET", "/v1/app/my-game");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  test("rules expire after expiresInMs", async () => {
    const handle = emu.faults.inject({ path: "/v1/apps", status: 500, times: Infinity, expiresInMs: 100 });
    expect(await outcome("GET", "/v1/apps")).toBe(500);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await outcome("GET", "/v1/apps")).toBe(200);
    expect(handle.remaining).toBe(0);
    expect(emu.faults.list()).toEqual([]);
  });

  test("onHit runs when the rule acts", async () => {
    const seen: string[] = [];
    emu.faults.inject({ path: "/v1/apps", sequence: ["pass", "pass"], onHit: (request, hit) => seen.push(`${request.method} ${hit}`) });
    await api("GET", "/v1/apps");
    await api("GET", "/v1/apps");
    expect(seen).toEqual(["GET 1", "GET 2"]);
  });

  test("bad rules are refused", () => {
    expect(() => emu.faults.inject({ path: "/v1/apps", status: 99 })).toThrow(/not an HTTP status/);
    expect(() => emu.faults.inject({ path: "/v1/apps", action: "explode" as never })).toThrow(/must be one of/);
    expect(() => emu.faults.inject({ path: "/v1/apps", sequence: [] })).toThrow(/must not be empty/);
  });
});

describe("request log", () => {
  test("records method, decoded path, query, headers, parsed body, status and time", async () => {
    const before = Date.now();
    await api("POST", "/v1/app/my%20game/version?x=1", { name: "v1" });
    const [entry] = emu.requests.entries;
    expect(entry).toMatchObject({
      seq: 1,
      method: "POST",
      path: "/v1/app/my game/version",
      query: { x: "1" },
      body: { name: "v1" },
      status: 404,
      outcome: "responded",
    });
    expect(entry.headers.authorization).toBe(`token ${emu.token}`);
    expect(entry.time.getTime()).toBeGreaterThanOrEqual(before);
    expect(entry.durationMs).toBeGreaterThanOrEqual(0);
  });

  test("filter, count, last, clear; admin calls are not logged", async () => {
    await api("GET", "/v1/apps");
    await api("GET", "/v1/app/my-game");
    await api("DELETE", "/v1/app/my-game");
    await api("GET", "/_emulator/requests");
    expect(emu.requests.count()).toBe(3);
    expect(emu.requests.count({ method: "get" })).toBe(2);
    expect(emu.requests.last({ path: "/v1/app/*" })?.method).toBe("DELETE");
    expect(emu.requests.summary({ method: "GET" })).toEqual(["GET /v1/apps -> 200", "GET /v1/app/my-game -> 200"]);
    emu.requests.clear();
    expect(emu.requests.entries).toEqual([]);
  });
});

describe("registry stand-in (verify_image)", () => {
  const version = (overrides: Record<string, unknown> = {}) => ({ ...exampleVersion(), verify_image: true, ...overrides });

  test("with nothing configured every pull succeeds", async () => {
    expect((await api("POST", "/v1/app/my-game/version", version())).status).toBe(200);
  });

  test("grants: repository and image must match; tag, username and token when given", async () => {
    emu.registry.allow({ repository: "gcr.io", image: "project-name/my-game", tag: "2026.12.03", username: "_json_key", token: exampleVersion().private_token });
    expect((await api("POST", "/v1/app/my-game/version", version({ name: "a" }))).status).toBe(200);
    const refused = await api("POST", "/v1/app/my-game/version", version({ name: "b", docker_tag: "other" }));
    expect(refused).toMatchObject({ status: 424 });
    expect(refused.body.message).toContain("gcr.io/project-name/my-game:other");
    expect((await api("POST", "/v1/app/my-game/version", version({ name: "c", private_token: "old-key" }))).status).toBe(424);
    expect((await api("POST", "/v1/app/my-game/version", version({ name: "d", private_token: "old-key", verify_image: false }))).status).toBe(200);
    expect(emu.versions.list("my-game").map((v) => v.name)).toEqual(["a", "d"]);
  });

  test("a PATCH with verify_image is checked against the merged version, and not applied on 424", async () => {
    await api("POST", "/v1/app/my-game/version", version());
    emu.registry.setPredicate((pull) => pull.token !== "revoked-key");
    const path = "/v1/app/my-game/version/2026.12.03";
    expect((await api("PATCH", path, { private_token: "revoked-key" })).status).toBe(424);
    expect(emu.versions.get("my-game", "2026.12.03")?.private_token).toBe(exampleVersion().private_token);
    expect((await api("PATCH", path, { is_active: false })).status).toBe(200);
  });
});

describe("admin routes (/_emulator)", () => {
  test("need an accepted token", async () => {
    expect((await api("GET", "/_emulator/requests", undefined, { Authorization: "token nope" })).status).toBe(401);
  });

  test("faults from another process", async () => {
    const added = await api("POST", "/_emulator/faults", { method: "GET", path: "/v1/apps", sequence: [503, 503], retryAfter: 1 });
    expect(added.body).toEqual({ id: expect.any(Number) });
    expect((await api("GET", "/_emulator/faults")).body.faults).toEqual([
      expect.objectContaining({ id: added.body.id, method: "GET", path: "/v1/apps", hits: 0, remaining: 2 }),
    ]);
    expect(await outcome("GET", "/v1/apps")).toBe(503);
    await api("DELETE", `/_emulator/faults/${added.body.id}`);
    expect(await outcome("GET", "/v1/apps")).toBe(200);
    await api("POST", "/_emulator/faults", { path: "/v1/apps", status: 500, times: -1 });
    expect(await outcome("GET", "/v1/apps")).toBe(500);
    expect(await outcome("GET", "/v1/apps")).toBe(500);
    await api("DELETE", "/_emulator/faults");
    expect(await outcome("GET", "/v1/apps")).toBe(200);
    expect((await api("POST", "/_emulator/faults", { path: "/v1/apps", status: 42 })).status).toBe(400);
  });

  test("request log and state, raw", async () => {
    await api("POST", "/v1/app/my-game/version", exampleVersion());
    const log = await api("GET", "/_emulator/requests");
    expect(log.body.requests[0]).toMatchObject({ method: "POST", status: 200, body: { private_token: exampleVersion().private_token } });
    const state = await api("GET", "/_emulator/state");
    expect(state.body.apps[0]).toMatchObject({ name: "my-game", versions: [{ name: "2026.12.03", private_token: exampleVersion().private_token }] });
    await api("DELETE", "/_emulator/requests");
    expect(emu.requests.count()).toBe(0);
  });

  test("out-of-band state changes", async () => {
    await api("PUT", "/_emulator/state/apps/other", { is_active: false });
    expect(emu.apps.get("other")).toMatchObject({ name: "other", is_active: false });
    await api("PUT", "/_emulator/state/apps/other/versions/v1", { ...exampleVersion(), docker_tag: "t1" });
    await api("PATCH", "/_emulator/state/apps/other/versions/v1", { docker_tag: "t2" });
    expect(emu.versions.get("other", "v1")).toMatchObject({ name: "v1", docker_tag: "t2" });
    expect((await api("PUT", "/_emulator/state/apps/missing/versions/v1", {})).status).toBe(400);
    await api("DELETE", "/_emulator/state/apps/other/versions/v1");
    expect(emu.versions.get("other", "v1")).toBeUndefined();
    await api("DELETE", "/_emulator/state/apps/other");
    expect(emu.apps.get("other")).toBeUndefined();
  });

  test("registry, tokens, latency, reset", async () => {
    await api("POST", "/_emulator/registry/grants", { repository: "gcr.io", image: "x/y", token: "secret" });
    expect((await api("GET", "/_emulator/registry")).body).toEqual({ grants: [{ repository: "gcr.io", image: "x/y" }], predicate: false });
    await api("POST", "/_emulator/tokens", { token: "second-token" });
    expect((await api("GET", "/v1/apps", undefined, { Authorization: "token second-token" })).status).toBe(200);
    await api("POST", "/_emulator/tokens/revoke", { token: "second-token" });
    expect((await api("GET", "/v1/apps", undefined, { Authorization: "token second-token" })).status).toBe(403);
    await api("PUT", "/_emulator/latency", { latencyMs: 5 });
    expect(emu.latencyMs).toBe(5);
    await api("POST", "/_emulator/reset");
    expect(emu.apps.list()).toEqual([]);
    expect(emu.registry.describe().grants).toEqual([]);
  });

  test("can be switched off", async () => {
    const quiet = await EdgegapEmulator.start({ admin: false });
    try {
      const reply = await fetch(`${quiet.url}/_emulator/requests`, { headers: { Authorization: `token ${quiet.token}` } });
      expect(reply.status).toBe(404);
    } finally {
      await quiet.close();
    }
  });
});

describe("lifecycle", () => {
  test("close() does not wait for requests held by latency", async () => {
    const slow = await EdgegapEmulator.start({ latencyMs: 10_000 });
    const pending = fetch(`${slow.url}/v1/apps`, { headers: { Authorization: `token ${slow.token}` } }).catch(() => "closed");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await slow.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe("closed");
  });

  test("npm run emulator prints a URL and token that work", async () => {
    const cli: ChildProcess = spawn(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", join(__dirname, "..", "lib/testing/edgegap-emulator/cli.ts"), "--token", "cli-token", "--page-size", "1"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = "";
        cli.stdout?.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes("Ctrl-C")) resolve(text);
        });
        cli.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${text}`)));
      });
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      expect(output).toContain("token: cli-token");
      const reply = await fetch(`${url}/v1/apps`, { headers: { Authorization: "token cli-token" } });
      expect(reply.status).toBe(200);
    } finally {
      cli.kill("SIGTERM");
    }
  }, 30_000);
});
