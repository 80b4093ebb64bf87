import { EdgegapApiError, EdgegapClient, type EdgegapClientOptions, parseRetryAfter } from "../lib/edgegap-api";
import { EdgegapEmulator, type LoggedRequest } from "../lib/testing/edgegap-emulator";

let emu: EdgegapEmulator;

function newClient(options: Partial<EdgegapClientOptions> = {}): EdgegapClient {
  return new EdgegapClient({ token: emu.token, baseUrl: emu.url, retryBaseDelayMs: 1, maxRetries: 3, ...options });
}

async function failureOf(promise: Promise<unknown>): Promise<EdgegapApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EdgegapApiError);
  return error as EdgegapApiError;
}

/** Milliseconds between consecutive logged requests. */
function gaps(entries: readonly LoggedRequest[]): number[] {
  return entries.slice(1).map((entry, i) => entry.time.getTime() - entries[i].time.getTime());
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T | unknown }> {
  const started = Date.now();
  const result = await work().catch((e: unknown) => e);
  return { ms: Date.now() - started, result };
}

beforeAll(async () => {
  emu = await EdgegapEmulator.start();
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.apps.put({ name: "my-game" });
});

describe("retries", () => {
  test.each([429, 500, 502, 503, 504])("HTTP %i is retried until it passes", async (status) => {
    emu.faults.inject({ path: "/v1/app/my-game", sequence: [status, status, 200] });
    expect((await newClient().getApp("my-game")).name).toBe("my-game");
    expect(emu.requests.summary()).toEqual([
      `GET /v1/app/my-game -> ${status}`,
      `GET /v1/app/my-game -> ${status}`,
      "GET /v1/app/my-game -> 200",
    ]);
  });

  test("a dropped connection is retried", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", action: "drop" });
    expect((await newClient().getApp("my-game")).name).toBe("my-game");
    expect(emu.requests.entries.map((e) => e.outcome)).toEqual(["dropped", "responded"]);
  });

  test("retries stop at maxRetries", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", status: 429, times: Infinity });
    const error = await failureOf(newClient({ maxRetries: 4 }).getApp("my-game"));
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, attempts: 5 });
    expect(emu.requests.count()).toBe(5);
  });

  test("maxRetries 0 sends exactly one request", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", status: 503, times: Infinity });
    await failureOf(newClient({ maxRetries: 0 }).getApp("my-game"));
    expect(emu.requests.count()).toBe(1);
  });

  test.each([400, 401, 403, 404, 409, 424])("HTTP %i is not retried", async (status) => {
    emu.faults.inject({ path: "/v1/app/my-game", status, times: Infinity });
    const error = await failureOf(newClient().getApp("my-game"));
    expect(error.status).toBe(status);
    expect(emu.requests.count()).toBe(1);
  });

  test("backoff grows exponentially", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", sequence: [503, 503, 503, 200] });
    await newClient({ retryBaseDelayMs: 60, random: () => 0 }).getApp("my-game");
    const [first, second, third] = gaps(emu.requests.entries);
    // equal jitter with random() = 0: half of 60, 120, 240
    expect(first).toBeGreaterThanOrEqual(29);
    expect(second).toBeGreaterThanOrEqual(59);
    expect(third).toBeGreaterThanOrEqual(119);
    expect(third).toBeLessThan(1000);
  });

  test("backoff is capped by retryMaxDelayMs", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", sequence: [503, 503, 200] });
    await newClient({ retryBaseDelayMs: 10_000, retryMaxDelayMs: 40, random: () => 0.999 }).getApp("my-game");
    for (const gap of gaps(emu.requests.entries)) expect(gap).toBeLessThan(500);
  });
});

describe("Retry-After", () => {
  test("delay-seconds are honoured", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", status: 503, retryAfter: "0.3" });
    await newClient().getApp("my-game");
    const [gap] = gaps(emu.requests.entries);
    expect(gap).toBeGreaterThanOrEqual(290);
    expect(gap).toBeLessThan(1500);
  });

  test("a long Retry-After is capped by retryAfterCapMs", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", status: 429, retryAfter: 3600 });
    await newClient({ retryAfterCapMs: 150 }).getApp("my-game");
    const [gap] = gaps(emu.requests.entries);
    expect(gap).toBeGreaterThanOrEqual(140);
    expect(gap).toBeLessThan(1500);
  });

  test("an HTTP date is honoured (capped)", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", status: 503, retryAfter: new Date(Date.now() + 60_000).toUTCString() });
    await newClient({ retryAfterCapMs: 200 }).getApp("my-game");
    expect(gaps(emu.requests.entries)[0]).toBeGreaterThanOrEqual(190);
  });

  test("a Retry-After beyond the deadline fails at once", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", status: 503, retryAfter: 10 });
    const { ms, result } = await timed(() => newClient({ deadlineMs: 2000 }).getApp("my-game"));
    expect(result).toMatchObject({ kind: "deadline_exceeded", status: 503, attempts: 1 });
    expect((result as Error).message).toMatch(/next retry \(in 10000 ms\) would be past it/);
    expect(ms).toBeLessThan(1000);
    expect(emu.requests.count()).toBe(1);
  });

  test.each([
    ["120", 120_000],
    ["0.5", 500],
    [" 2 ", 2000],
    ["Thu, 01 Jan 1970 00:00:00 GMT", 0],
    ["soon", undefined],
    [undefined, undefined],
  ])("parseRetryAfter(%j) = %j", (header, expected) => {
    expect(parseRetryAfter(header)).toBe(expected);
  });

  test("parseRetryAfter reads a future HTTP date relative to now", () => {
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:05 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(5000);
  });
});

describe("timeouts and deadline", () => {
  test("a slow response is abandoned after requestTimeoutMs and retried", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", latencyMs: 1000 });
    const { ms, result } = await timed(() => newClient({ requestTimeoutMs: 150 }).getApp("my-game"));
    expect(result).toMatchObject({ name: "my-game" });
    expect(ms).toBeGreaterThanOrEqual(140);
    expect(ms).toBeLessThan(900);
    expect(emu.requests.count()).toBe(2);
  });

  test("always too slow: timeout after the retries", async () => {
    emu.latencyMs = 300;
    try {
      const error = await failureOf(newClient({ requestTimeoutMs: 60, maxRetries: 2 }).getApp("my-game"));
      expect(error).toMatchObject({ kind: "timeout", attempts: 3, status: undefined });
      expect(error.message).toMatch(/failed: timeout after 3 attempts/);
      expect(emu.requests.count()).toBe(3);
    } finally {
      emu.latencyMs = 0;
    }
  });

  test("the deadline cuts an in-flight request", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", latencyMs: 3000 });
    const { ms, result } = await timed(() => newClient({ deadlineMs: 250 }).getApp("my-game"));
    expect(result).toMatchObject({ kind: "deadline_exceeded", attempts: 1 });
    expect((result as Error).message).toMatch(/at the 250 ms deadline/);
    expect(ms).toBeGreaterThanOrEqual(240);
    expect(ms).toBeLessThan(1000);
  });

  test("the deadline bounds retries; a per-call deadline overrides the client's", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", status: 503, times: Infinity });
    const client = newClient({ retryBaseDelayMs: 50, maxRetries: 100, deadlineMs: 60_000 });
    const { ms, result } = await timed(() => client.getApp("my-game", { deadlineMs: 400 }));
    expect(result).toMatchObject({ kind: "deadline_exceeded", status: 503 });
    expect(ms).toBeLessThan(1000);
    expect(emu.requests.count()).toBeGreaterThan(1);
    expect(emu.requests.count()).toBeLessThan(10);
  });
});

describe("cancellation", () => {
  test("an AbortSignal aborts the in-flight request at once", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", latencyMs: 3000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { ms, result } = await timed(() => newClient().getApp("my-game", { signal: controller.signal }));
    expect(result).toMatchObject({ kind: "aborted", attempts: 1 });
    expect(ms).toBeLessThan(600);
    expect(emu.requests.count()).toBe(1);
  });

  test("an AbortSignal cuts a backoff sleep short; no further request is sent", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", status: 503, retryAfter: 30 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const { ms, result } = await timed(() => newClient().getApp("my-game", { signal: controller.signal }));
    expect(result).toMatchObject({ kind: "aborted" });
    expect(ms).toBeLessThan(600);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(emu.requests.count()).toBe(1);
  });

  test("the client-level signal cancels every call", async () => {
    emu.faults.inject({ path: "/v1/app/**", latencyMs: 3000, times: 2 });
    const controller = new AbortController();
    const client = newClient({ signal: controller.signal });
    const calls = [client.getApp("my-game"), client.listAppVersions("my-game")].map((p) => p.catch((e: unknown) => e));
    setTimeout(() => controller.abort(), 100);
    const results = await Promise.all(calls);
    expect(results).toEqual([expect.objectContaining({ kind: "aborted" }), expect.objectContaining({ kind: "aborted" })]);
  });

  test("an already-aborted signal sends nothing", async () => {
    const error = await failureOf(newClient().getApp("my-game", { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ kind: "aborted", attempts: 0 });
    expect(emu.requests.count()).toBe(0);
  });
});

describe("pre-request validation", () => {
  test("bad input throws before any request", async () => {
    const client = newClient();
    await expect(client.getApp("ab")).rejects.toThrow(/app_name = "ab": an app name must be 3–64 characters/);
    await expect(client.getAppVersion("my-game", "a/b")).rejects.toThrow(/version_name/);
    await expect(client.createApp({ name: "my-game", is_active: true } as never)).rejects.toThrow(/image is required/);
    await expect(
      client.createAppVersion("my-game", {
        name: "v1",
        docker_repository: "https://gcr.io",
        docker_image: "gcr.io/Project/repo:v1",
        docker_tag: "v1",
        req_cpu: 256,
        req_memory: 1024,
        ports: [{ port: 0, protocol: "UDP" }],
      }),
    ).rejects.toMatchObject({
      problems: [
        expect.objectContaining({ path: "docker_repository" }),
        expect.objectContaining({ path: "docker_image" }),
        expect.objectContaining({ path: "req_memory" }),
        expect.objectContaining({ path: "ports[0].name" }),
      ],
    });
    await expect(client.updateAppVersion("my-game", "v1", { req_cpu: 2048 } as never)).rejects.toThrow(/replace the version/);
    await expect(client.updateAppVersion("my-game", "v1", { endpoint_storage: "" })).rejects.toThrow(/omit it/);
    expect(emu.requests.count()).toBe(0);
  });
});
