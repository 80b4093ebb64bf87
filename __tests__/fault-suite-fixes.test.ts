/**
 * Focused tests of what the fault suite (fault-suite.test.ts) found broken, each at the layer it was fixed in.
 */
import { EdgegapApiError, EdgegapClient, type EdgegapClientOptions } from "../lib/edgegap-api";
import { attr, createLogger, defineResource, DiagnosticError, ObjectValue, PartialStateError, ResourceContext, UNKNOWN } from "../lib/provider-runtime";
import { applyResource } from "../lib/provider-runtime/resource-operations";
import { appResource, appVersionResource, EdgegapConnection } from "../lib/edgegap-provider";
import { EdgegapEmulator, exampleVersion } from "../lib/testing/edgegap-emulator";

let emu: EdgegapEmulator;

beforeAll(async () => {
  emu = await EdgegapEmulator.start();
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  emu.latencyMs = 0;
  emu.apps.put({ name: "my-game", is_active: true, image: "iVBORw0KGgo=" });
});

async function get(path: string): Promise<{ status: number; retryAfter: string | null; ms: number }> {
  const started = Date.now();
  const response = await fetch(`${emu.url}${path}`, { headers: { Authorization: `token ${emu.token}` } });
  await response.text();
  return { status: response.status, retryAfter: response.headers.get("retry-after"), ms: Date.now() - started };
}

describe("emulator: a rule's retryAfter, latencyMs and body apply to every step of its sequence", () => {
  test("429s of a sequence carry the rule's Retry-After (they were sent without it)", async () => {
    emu.faults.inject({ method: "GET", path: "/v1/app/my-game", sequence: [429, 429, 200], retryAfter: 1 });
    const replies = [await get("/v1/app/my-game"), await get("/v1/app/my-game"), await get("/v1/app/my-game")];
    expect(replies.map((r) => [r.status, r.retryAfter])).toEqual([[429, "1"], [429, "1"], [200, null]]);
  });

  test("a step's own value wins over the rule's", async () => {
    emu.faults.inject({ path: "/v1/app/my-game", sequence: [{ status: 503, retryAfter: 5 }, 503], retryAfter: 2, latencyMs: 150 });
    const first = await get("/v1/app/my-game");
    const second = await get("/v1/app/my-game");
    expect([first.retryAfter, second.retryAfter]).toEqual(["5", "2"]);
    expect(Math.min(first.ms, second.ms)).toBeGreaterThanOrEqual(140);
  });
});

describe("client: a failed call says whether Edgegap may have applied it (mayHaveApplied)", () => {
  const VERSIONS = "/v1/app/my-game/version";
  const client = (options: Partial<EdgegapClientOptions> = {}) =>
    new EdgegapClient({ token: emu.token, baseUrl: emu.url, retryBaseDelayMs: 1, maxRetries: 3, ...options });
  const failureOf = async (promise: Promise<unknown>): Promise<EdgegapApiError> => {
    const error = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(EdgegapApiError);
    return error as EdgegapApiError;
  };

  test("a create cancelled while its POST is out may have been applied, and was", async () => {
    emu.latencyMs = 300;
    const cancel = new AbortController();
    const arrived = setInterval(() => emu.requests.count() > 0 && cancel.abort(), 5); // Ctrl-C once Edgegap has it
    const error = await failureOf(client().createAppVersion("my-game", exampleVersion({ name: "v1" }), { signal: cancel.signal }));
    clearInterval(arrived);
    expect(error).toMatchObject({ kind: "aborted", attempts: 1, mayHaveApplied: true });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(emu.versions.get("my-game", "v1")).toBeDefined(); // why it matters: Edgegap went on with it
  });

  test("a create cancelled before any request was not applied", async () => {
    const cancel = new AbortController();
    cancel.abort();
    const error = await failureOf(client().createAppVersion("my-game", exampleVersion({ name: "v1" }), { signal: cancel.signal }));
    expect(error).toMatchObject({ kind: "aborted", attempts: 0, mayHaveApplied: false });
    expect(emu.requests.count()).toBe(0);
  });

  test("5xx until the deadline may have been applied (a gateway error can follow the change)", async () => {
    emu.faults.inject({ method: "POST", path: VERSIONS, status: 503, times: -1 });
    const error = await failureOf(client({ deadlineMs: 300, retryBaseDelayMs: 50, maxRetries: 20 }).createAppVersion("my-game", exampleVersion()));
    expect(error).toMatchObject({ kind: "deadline_exceeded", status: 503, mayHaveApplied: true });
  });

  test("429 until the retries run out was not applied", async () => {
    emu.faults.inject({ method: "POST", path: VERSIONS, status: 429, times: -1 });
    const error = await failureOf(client().createAppVersion("my-game", exampleVersion()));
    expect(error).toMatchObject({ kind: "rate_limited", attempts: 4, mayHaveApplied: false });
  });

  test("a 404 to a create was not applied, and its hint is about the app alone", async () => {
    const error = await failureOf(client().createAppVersion("gone-app", exampleVersion({ name: "v1" })));
    expect(error).toMatchObject({ kind: "not_found", status: 404, mayHaveApplied: false });
    expect(error.message).toContain('App "gone-app" does not exist');
    expect(error.message).not.toContain('version "v1"'); // it said: app "gone-app" or its version "v1" does not exist
  });

  test("a 409 after a retry for a version that differs from ours: not ours, so not applied", async () => {
    emu.versions.put("my-game", { ...exampleVersion({ docker_tag: "someone-elses" }) });
    emu.faults.inject({ method: "POST", path: VERSIONS, sequence: [503] });
    const error = await failureOf(client().createAppVersion("my-game", exampleVersion()));
    expect(error).toMatchObject({ kind: "conflict", status: 409, mayHaveApplied: false });
  });

  test("when the GET checking a 409 after a lost response fails, the create may have been applied", async () => {
    emu.faults.inject({ method: "POST", path: VERSIONS, sequence: ["lose-response"] });
    emu.faults.inject({ method: "GET", path: `${VERSIONS}/2026.12.03`, status: 503, times: -1 });
    const error = await failureOf(client({ maxRetries: 1 }).createAppVersion("my-game", exampleVersion()));
    expect(error).toMatchObject({ kind: "server_error", method: "GET", mayHaveApplied: true });
    expect(emu.versions.get("my-game", "2026.12.03")).toBeDefined();
  });
});

describe("runtime: a create or update failing with a PartialStateError leaves its state to Terraform", () => {
  const ctx: ResourceContext<undefined> = {
    typeName: "toy_thing",
    provider: undefined,
    signal: new AbortController().signal,
    log: createLogger({ module: "test", level: "off", write: () => undefined }),
    warn: () => undefined,
  };
  const attributes = {
    id: attr.string({ computed: true }),
    name: attr.string({ required: true }),
    stamp: attr.string({ computed: true }),
  };
  const failing = (error: () => Error) =>
    defineResource({
      typeName: "toy_thing",
      attributes,
      create: () => Promise.reject(error()),
      read: () => null,
      update: () => Promise.reject(error()),
      delete: () => undefined,
    });
  const cancelled = new DiagnosticError("Creating toy_thing failed", { detail: "cancelled; it may exist" });
  const planned: ObjectValue = { id: "a", name: "a", stamp: UNKNOWN };

  test("a create's partial state is kept, unknowns as null, with the error", async () => {
    const resource = failing(() => new PartialStateError(cancelled, { id: "a", name: "a", stamp: UNKNOWN }));
    const outcome = await applyResource(resource, { prior: null, planned, config: { id: null, name: "a", stamp: null } }, ctx);
    expect(outcome.value).toEqual({ id: "a", name: "a", stamp: null });
    expect(outcome.diagnostics).toEqual([{ severity: "error", summary: "Creating toy_thing failed", detail: "cancelled; it may exist" }]);
  });

  test("any other create failure leaves nothing, as before", async () => {
    const outcome = await applyResource(failing(() => cancelled), { prior: null, planned, config: { id: null, name: "a", stamp: null } }, ctx);
    expect(outcome.value).toBeNull();
  });

  test("an update's partial state replaces the prior state", async () => {
    const prior = { id: "a", name: "old", stamp: "1" };
    const resource = failing(() => new PartialStateError(cancelled, { id: "a", name: "a", stamp: "2" }));
    const outcome = await applyResource(resource, { prior, planned, config: { id: null, name: "a", stamp: null } }, ctx);
    expect(outcome.value).toEqual({ id: "a", name: "a", stamp: "2" });
  });
});

describe("provider: a create that may have reached Edgegap is kept (tainted), and only ever adopted if it is ours", () => {
  const connection = (options: Partial<EdgegapClientOptions> = {}, signal?: AbortSignal): ResourceContext<EdgegapConnection> => {
    const client = new EdgegapClient({ token: emu.token, baseUrl: emu.url, retryBaseDelayMs: 1, signal, ...options });
    return {
      typeName: "edgegap_app_version",
      provider: { client: () => client, imagePullRetryMs: 0 },
      signal: signal ?? new AbortController().signal,
      log: createLogger({ module: "test", level: "off", write: () => undefined }),
      warn: () => undefined,
    };
  };
  const plan = {
    id: "my-game/v1", app: "my-game", name: "v1", docker_repository: "gcr.io", docker_image: "my-project/my-game",
    docker_tag: "v1", private_username: "_json_key", private_token: "registry-secret", req_cpu: 256, req_memory: 512,
    req_video: 0, ports: [{ port: 7777, protocol: "UDP", to_check: false, tls_upgrade: false, name: null }], envs: null,
    is_active: true, verify_image: false, force_cache: false, time_to_deploy: UNKNOWN, max_duration: 1440,
    restart_policy: "always", termination_grace_period_seconds: UNKNOWN, endpoint_storage: null, dns_config: null,
    will_deploy_in_mainland_china: false, create_time: UNKNOWN, last_updated: UNKNOWN,
  };
  /** What a failed create left in state: the plan, unknowns null. */
  const leftBehind = { ...plan, time_to_deploy: null, termination_grace_period_seconds: null, create_time: null, last_updated: null };
  const create = (ctx: ResourceContext<EdgegapConnection>) =>
    Promise.resolve(appVersionResource.create({ plan: plan as never, config: plan as never }, ctx)).then(() => undefined, (e: unknown) => e);

  test("Ctrl-C during the POST: the error carries the planned state and says so", async () => {
    emu.latencyMs = 300;
    const stop = new AbortController();
    const arrived = setInterval(() => emu.requests.count() > 0 && stop.abort(), 5);
    const error = await create(connection({}, stop.signal));
    clearInterval(arrived);
    expect(error).toBeInstanceOf(PartialStateError);
    expect((error as PartialStateError).state).toMatchObject({ id: "my-game/v1", name: "v1", docker_tag: "v1", create_time: UNKNOWN });
    expect((error as PartialStateError).diagnostic.detail).toContain("Edgegap may have created the version all the same");
  });

  test("a failure Edgegap cannot have applied (404: no such app) leaves nothing", async () => {
    emu.apps.delete("my-game");
    const error = await create(connection());
    expect(error).toBeInstanceOf(DiagnosticError);
    expect(error).not.toBeInstanceOf(PartialStateError);
  });

  test("a deadline names the provider setting that sets it", async () => {
    emu.faults.inject({ method: "POST", path: "/v1/app/my-game/version", status: 503, times: -1 });
    const error = (await create(connection({ deadlineMs: 200, maxRetries: 50 }))) as DiagnosticError;
    expect(error.diagnostic.detail).toContain("operation_timeout_seconds (EdgegapProvider operationTimeoutSeconds)");
  });

  const read = (state: object) => Promise.resolve(appVersionResource.read({ state: state as never }, connection()));

  test("the next refresh adopts the version if it is what the failed create sent", async () => {
    emu.versions.put("my-game", { ...createdBy(plan), name: "v1" });
    expect(await read(leftBehind)).toMatchObject({ name: "v1", docker_tag: "v1", create_time: expect.any(String) });
  });

  test("but not a version someone else made under that name: it reads as gone, so Terraform neither keeps nor replaces it", async () => {
    emu.versions.put("my-game", { ...createdBy(plan), name: "v1", docker_image: "someone/else" });
    expect(await read(leftBehind)).toBeNull();
    expect(emu.versions.get("my-game", "v1")).toBeDefined();
  });

  test("an import (names only, no create_time) still reads whatever is there", async () => {
    emu.versions.put("my-game", { ...createdBy(plan), name: "v1", docker_image: "someone/else" });
    expect(await read({ id: "my-game/v1", app: "my-game", name: "v1" })).toMatchObject({ docker_image: "someone/else" });
  });

  test("an application whose create may have reached Edgegap is not kept (replacing it would delete its versions)", async () => {
    emu.latencyMs = 300;
    const stop = new AbortController();
    const arrived = setInterval(() => emu.requests.count() > 0 && stop.abort(), 5);
    const ctx = { ...connection({}, stop.signal), typeName: "edgegap_app" };
    const plan = { id: UNKNOWN, name: "new-game", is_active: true, image: "iVBORw0KGgo=", create_time: UNKNOWN, last_updated: UNKNOWN };
    const error = await Promise.resolve(appResource.create({ plan: plan as never, config: plan as never }, ctx as never)).then(() => undefined, (e: unknown) => e);
    clearInterval(arrived);
    expect(error).toBeInstanceOf(DiagnosticError);
    expect(error).not.toBeInstanceOf(PartialStateError);
    expect((error as DiagnosticError).diagnostic.detail).toContain("adopt it with terraform import <address> new-game");
  });
});

/** A stored version as the emulator would hold it after `plan` was created. */
function createdBy(planned: Record<string, unknown>): Record<string, unknown> & { name: string } {
  const known = Object.entries(planned).filter(([key, value]) => typeof value !== "symbol" && !["id", "app"].includes(key));
  return { ...Object.fromEntries(known), name: String(planned.name), time_to_deploy: 10, termination_grace_period_seconds: 5 };
}
