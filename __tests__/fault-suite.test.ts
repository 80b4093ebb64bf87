import { asCreatedByEdgegap, type FaultRule } from "../lib/testing/edgegap-emulator";
import { RunResult, waitFor } from "../lib/testing/terraform-harness";
import { CaseRecorder, expectRun, missingMessages, VERSIONS_PATH, versionPath } from "./support/fault-suite/cases";
import { FaultWorkspace } from "./support/fault-suite/fault-workspace";
import { formatTable, Outcome } from "./support/fault-suite/report";
import { APP, IMAGE, versionAddress } from "./support/fault-suite/stack";

/**
 * The fault suite: our bindings' stack under plain terraform (not cdktf, whose Ctrl-C loses state) against the
 * emulator's fault injection. Each case faults one kind of call (create POST, update PATCH, refresh GET, delete
 * DELETE) and checks that the run either succeeds after retries or fails with a clear message, and that afterwards
 * (after a rerun when it failed) Edgegap holds exactly the configured versions, every one of them in state and
 * nothing else. A table of every case is printed at the end.
 */
jest.setTimeout(60_000);

let suite: FaultWorkspace;
let cases: CaseRecorder;
const started = Date.now();
/** Small deadlines for the cases meant to fail: the client gives up in about two seconds. */
const SHORT_DEADLINE = { operationTimeoutSeconds: 2 };

beforeAll(async () => {
  suite = await FaultWorkspace.start();
  cases = new CaseRecorder(suite);
}, 60_000);

afterAll(async () => {
  if (cases) process.stdout.write(`\n${formatTable(cases.rows, Date.now() - started)}\n\n`);
  await suite?.close();
});

/** The faulted run must succeed (after retries, or by adopting what Edgegap stored) and leave state consistent. */
async function expectSuccess(
  name: string,
  run: () => Promise<RunResult>,
  expected: readonly string[],
  outcome: Outcome = "succeeded after retries",
): Promise<RunResult> {
  cases.startCounting();
  const result = await run();
  const calls = cases.calls();
  const consistency = cases.consistency(expected);
  cases.record({ name, outcome: cases.outcome(result.code === 0 && consistency.consistent, outcome), calls, consistent: consistency.consistent });
  cases.checkOutput(result);
  expectRun(suite, result, 0);
  expect(consistency.problems).toEqual([]);
  return result;
}

interface FailureCase {
  readonly run: () => Promise<RunResult>;
  /** What the error must say. */
  readonly messages: readonly (string | RegExp)[];
  /** Undo the fault (or do what the message told the user to do) before the rerun. */
  readonly repair: () => unknown;
  readonly rerun?: () => Promise<RunResult>;
  /** Confirms convergence after the rerun. @default a plan with no changes */
  readonly confirm?: (() => Promise<RunResult>) | null;
  readonly expected: readonly string[];
}

/** The faulted run must fail with a clear message; once repaired, a rerun must converge with state consistent. */
async function expectClearFailure(name: string, spec: FailureCase): Promise<RunResult> {
  cases.startCounting();
  const failed = await spec.run();
  const calls = cases.calls();
  cases.checkOutput(failed);
  const missing = missingMessages(failed, spec.messages);
  await spec.repair();
  cases.startCounting();
  const rerun = await (spec.rerun ?? (() => suite.apply()))();
  const rerunCalls = cases.calls();
  cases.checkOutput(rerun);
  const confirm = spec.confirm === null ? undefined : await (spec.confirm ?? (() => suite.plan()))();
  const consistency = cases.consistency(spec.expected);
  const converged = rerun.code === 0 && (confirm === undefined || confirm.code === 0) && consistency.consistent;
  cases.record({
    name,
    outcome: cases.outcome(failed.code === 1 && missing.length === 0 && converged, "failed clearly, converged on rerun"),
    calls,
    rerunCalls,
    consistent: consistency.consistent,
  });
  expectRun(suite, failed, 1, spec.messages);
  expectRun(suite, rerun, 0);
  if (confirm) expectRun(suite, confirm, 0);
  expect(consistency.problems).toEqual([]);
  return failed;
}

const inject = (rule: FaultRule) => suite.emulator.faults.inject(rule);
const clearFaults = () => suite.emulator.faults.clear();
const BURST = [500, 502, 503];
const RATE_LIMITED = { sequence: [429, 429], retryAfter: 1 };

/** The two 429s were each followed by the 1 s their Retry-After asked for. */
function expectRetryAfterHonoured(method: string): void {
  const gaps = gapsMs(method);
  expect(gaps).toHaveLength(2);
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(950);
}

/** Gaps between the consecutive `method` requests of the last run, in ms. */
function gapsMs(method: string): number[] {
  const times = cases.counted().filter((r) => r.method === method).map((r) => r.time.getTime());
  return times.slice(1).map((time, i) => time - times[i]);
}

describe("create (POST)", () => {
  const released = ["release"];

  test("a 500/502/503 burst is retried", async () => {
    suite.reset();
    inject({ method: "POST", path: VERSIONS_PATH, sequence: BURST });
    await expectSuccess("create: 500/502/503 burst", () => suite.apply(), released);
    expect(suite.emulator.requests.summary()).toEqual([...BURST, 200].map((s) => `POST ${VERSIONS_PATH} -> ${s}`));
  });

  test("429 is retried after Retry-After", async () => {
    suite.reset();
    inject({ method: "POST", path: VERSIONS_PATH, ...RATE_LIMITED });
    await expectSuccess("create: 429 + Retry-After: 1", () => suite.apply(), released);
    expectRetryAfterHonoured("POST");
  });

  test("503 until the deadline fails clearly; the rerun creates it once", async () => {
    suite.reset({ provider: SHORT_DEADLINE });
    inject({ method: "POST", path: VERSIONS_PATH, status: 503, times: -1 });
    await expectClearFailure("create: 503 past the deadline", {
      run: () => suite.apply(),
      messages: ["Creating Edgegap app version my-game/release failed", "2000 ms deadline", "HTTP 503", "operation_timeout_seconds"],
      repair: clearFaults,
      expected: released,
    });
  });

  test("a Retry-After past the deadline fails at once, clearly", async () => {
    suite.reset({ provider: SHORT_DEADLINE });
    inject({ method: "POST", path: VERSIONS_PATH, status: 429, retryAfter: 30, times: -1 });
    const failed = await expectClearFailure("create: 429, Retry-After past deadline", {
      run: () => suite.apply(),
      messages: ["HTTP 429", "the next retry (in 30000 ms) would be past it"],
      repair: clearFaults,
      expected: released,
    });
    expect(failed.durationMs).toBeLessThan(15_000);
  });

  test("a 502 after Edgegap stored the version is adopted in the same apply", async () => {
    suite.reset();
    inject({ method: "POST", path: VERSIONS_PATH, sequence: [{ status: 502, afterApply: true }] });
    await expectSuccess("create: 502 after storing", () => suite.apply(), released, "adopted in the same apply");
    expect(suite.emulator.requests.summary()).toEqual([
      `POST ${VERSIONS_PATH} -> 502`,
      `POST ${VERSIONS_PATH} -> 409`,
      `GET ${versionPath("release")} -> 200`,
    ]);
  });

  test("502s after storing until the deadline: the rerun keeps the one version", async () => {
    suite.reset({ provider: SHORT_DEADLINE });
    inject({ method: "POST", path: VERSIONS_PATH, status: 502, afterApply: true, times: -1 });
    await expectClearFailure("create: 502 after storing, past deadline", {
      run: () => suite.apply(),
      messages: ["HTTP 502", "2000 ms deadline", "may have created"],
      repair: clearFaults,
      expected: released,
    });
  });

  test("a lost create response is adopted in the same apply", async () => {
    suite.reset();
    inject({ method: "POST", path: VERSIONS_PATH, sequence: ["lose-response"] });
    await expectSuccess("create: response lost", () => suite.apply(), released, "adopted in the same apply");
    expect(suite.emulator.requests.summary()).toEqual([
      `POST ${VERSIONS_PATH} -> 200`,
      `POST ${VERSIONS_PATH} -> 409`,
      `GET ${versionPath("release")} -> 200`,
    ]);
  });

  test("latency over the request timeout: retried, the late create adopted", async () => {
    suite.reset({ provider: { requestTimeoutSeconds: 1 } });
    // The first POST is stored after 1.5 s, when the client has given up on it; the retry arrives after that.
    inject({ method: "POST", path: VERSIONS_PATH, sequence: [{ latencyMs: 1500 }, { latencyMs: 600 }] });
    await expectSuccess("create: latency > request timeout", () => suite.apply(), released, "adopted in the same apply");
    expect(suite.emulator.requests.count({ method: "POST" })).toBe(2);
  });

  test("a dropped connection is retried", async () => {
    suite.reset();
    inject({ method: "POST", path: VERSIONS_PATH, sequence: ["drop"] });
    await expectSuccess("create: connection dropped", () => suite.apply(), released);
    expect(suite.emulator.requests.summary()).toEqual([`POST ${VERSIONS_PATH} -> dropped`, `POST ${VERSIONS_PATH} -> 200`]);
  });

  test("an invalid token (401) fails clearly, without retries", async () => {
    suite.reset();
    const invalid = "not-an-edgegap-token-0001";
    cases.addSecret(invalid);
    await expectClearFailure("create: invalid token (401)", {
      run: () => suite.apply({ env: { EDGEGAP_TOKEN: invalid } }),
      messages: ["HTTP 401", "The token is missing or invalid", "EDGEGAP_TOKEN"],
      repair: () => undefined,
      expected: released,
    });
    expect(suite.emulator.requests.summary()[0]).toBe(`POST ${VERSIONS_PATH} -> 401`);
  });

  test("a revoked token (403) fails clearly, without retries", async () => {
    suite.reset();
    const revoked = "revoked-edgegap-token-0002";
    cases.addSecret(revoked);
    suite.emulator.addToken(revoked);
    suite.emulator.revokeToken(revoked);
    await expectClearFailure("create: revoked token (403)", {
      run: () => suite.apply({ env: { EDGEGAP_TOKEN: revoked } }),
      messages: ["HTTP 403", "The token was refused", "Create a new one"],
      repair: () => undefined,
      expected: released,
    });
  });

  test("a deleted app (404) fails with a message naming the app", async () => {
    suite.reset();
    suite.emulator.apps.delete(APP);
    await expectClearFailure("create: app deleted (404)", {
      run: () => suite.apply(),
      messages: ["HTTP 404", `App "${APP}" does not exist`],
      repair: () => suite.emulator.apps.put({ name: APP, is_active: true, image: "iVBORw0KGgo=" }),
      expected: released,
    });
  });

  test("a name taken by a version not in state (409) says how to import it", async () => {
    suite.reset();
    suite.emulator.versions.put(APP, asCreatedByEdgegap({
      name: "release",
      docker_repository: IMAGE.repository,
      docker_image: IMAGE.image,
      docker_tag: "made-by-hand",
      req_cpu: 256,
      req_memory: 512,
      ports: [{ port: 7777, protocol: "UDP", to_check: false, name: "gameport" }],
      envs: [],
    }));
    let imported: RunResult | undefined;
    await expectClearFailure("create: name taken outside state (409)", {
      run: () => suite.apply(),
      messages: ["HTTP 409", `terraform import <address> ${APP}/release`],
      // What the message says to do:
      repair: async () => (imported = await suite.terraform(["import", "-input=false", "-no-color", versionAddress("release"), `${APP}/release`])),
      expected: released,
    });
    expect(imported?.code).toBe(0);
    expect(suite.emulator.versions.get(APP, "release")?.docker_tag).toBe("v1");
    expect(suite.emulator.requests.filter({ method: "POST" })).toHaveLength(1); // imported, never created again
  });

  test("a 424 past the image-pull window names the image, never the token", async () => {
    suite.reset({ verifyImage: true, provider: { imagePullRetrySeconds: 2 } });
    suite.emulator.registry.allow({ repository: IMAGE.repository, image: "someone-else/image" });
    await expectClearFailure("create: 424 past image-pull window", {
      run: () => suite.apply(),
      messages: ["Edgegap cannot pull the image", `${IMAGE.repository}/${IMAGE.image}:v1`, `as "_json_key"`],
      repair: () => suite.emulator.registry.clear(),
      expected: released,
    });
  });
});

describe("update (PATCH) and refresh (GET) of an existing version", () => {
  let tag = 1;
  const released = ["release"];
  /** Each update case changes the tag again, so each is one PATCH of docker_tag. */
  const nextTag = (provider = {}) => suite.synth({ dockerTag: `v${++tag}`, provider });
  /** Refresh cases keep the configuration as it is (so a plan has nothing to do), with their own provider settings. */
  const sameTag = (provider = {}) => suite.synth({ dockerTag: `v${tag}`, provider });
  const storedTag = () => suite.emulator.versions.get(APP, "release")?.docker_tag;

  beforeAll(async () => {
    suite.reset();
    expectRun(suite, await suite.apply(), 0);
  });

  test("a 500/502/503 burst on PATCH is retried", async () => {
    nextTag();
    inject({ method: "PATCH", path: versionPath("release"), sequence: BURST });
    await expectSuccess("update: 500/502/503 burst", () => suite.apply(), released);
    expect(suite.emulator.requests.filter({ method: "PATCH" }).map((r) => r.status)).toEqual([...BURST, 200]);
    expect(storedTag()).toBe(`v${tag}`);
  });

  test("429 on PATCH is retried after Retry-After", async () => {
    nextTag();
    inject({ method: "PATCH", path: versionPath("release"), ...RATE_LIMITED });
    await expectSuccess("update: 429 + Retry-After: 1", () => suite.apply(), released);
    expectRetryAfterHonoured("PATCH");
    expect(storedTag()).toBe(`v${tag}`);
  });

  test("503 on PATCH until the deadline fails clearly; the rerun patches it", async () => {
    nextTag(SHORT_DEADLINE);
    inject({ method: "PATCH", path: versionPath("release"), status: 503, times: -1 });
    await expectClearFailure("update: 503 past the deadline", {
      run: () => suite.apply(),
      messages: ["Updating Edgegap app version my-game/release failed", "2000 ms deadline", "HTTP 503"],
      repair: clearFaults,
      expected: released,
    });
    expect(storedTag()).toBe(`v${tag}`);
  });

  test("a lost PATCH response is retried (a PATCH is idempotent)", async () => {
    nextTag();
    inject({ method: "PATCH", path: versionPath("release"), sequence: ["lose-response"] });
    await expectSuccess("update: response lost", () => suite.apply(), released);
    expect(storedTag()).toBe(`v${tag}`);
  });

  test("a 500/502/503 burst on the refresh GET is retried: no changes", async () => {
    sameTag();
    inject({ method: "GET", path: versionPath("release"), sequence: BURST });
    await expectSuccess("read: 500/502/503 burst", () => suite.plan(), released);
  });

  test("429 on the refresh GET is retried after Retry-After", async () => {
    sameTag();
    inject({ method: "GET", path: versionPath("release"), ...RATE_LIMITED });
    await expectSuccess("read: 429 + Retry-After: 1", () => suite.plan(), released);
    expectRetryAfterHonoured("GET");
  });

  test("a dropped refresh GET is retried", async () => {
    sameTag();
    inject({ method: "GET", path: versionPath("release"), sequence: ["drop"] });
    await expectSuccess("read: connection dropped", () => suite.plan(), released);
  });

  test("a refresh GET slower than the request timeout is retried", async () => {
    sameTag({ requestTimeoutSeconds: 1 });
    inject({ method: "GET", path: versionPath("release"), sequence: [{ latencyMs: 1500 }] });
    await expectSuccess("read: latency > request timeout", () => suite.plan(), released);
  });

  test("503 on the refresh GET until the deadline fails clearly", async () => {
    sameTag(SHORT_DEADLINE);
    inject({ method: "GET", path: versionPath("release"), status: 503, times: -1 });
    await expectClearFailure("read: 503 past the deadline", {
      run: () => suite.plan(),
      messages: ["Reading Edgegap app version my-game/release failed", "2000 ms deadline", "HTTP 503"],
      repair: clearFaults,
      rerun: () => suite.plan(),
      confirm: null,
      expected: released,
    });
  });
});

describe("delete (DELETE)", () => {
  const all = ["d1", "d2", "d3", "d4"];
  let remaining = [...all];
  const destroy = (name: string) =>
    suite.terraform(["destroy", "-auto-approve", "-input=false", "-no-color", `-target=${versionAddress(name)}`]);
  const gone = (name: string) => (remaining = remaining.filter((n) => n !== name));

  beforeAll(async () => {
    suite.reset({ versions: all });
    expectRun(suite, await suite.apply(), 0);
  });

  test("a 500/502/503 burst on DELETE is retried", async () => {
    inject({ method: "DELETE", path: versionPath("d1"), sequence: BURST });
    await expectSuccess("delete: 500/502/503 burst", () => destroy("d1"), gone("d1"));
  });

  test("429 on DELETE is retried after Retry-After", async () => {
    inject({ method: "DELETE", path: versionPath("d2"), ...RATE_LIMITED });
    await expectSuccess("delete: 429 + Retry-After: 1", () => destroy("d2"), gone("d2"));
    expectRetryAfterHonoured("DELETE");
  });

  test("a lost DELETE response: the retry's 404 means done", async () => {
    inject({ method: "DELETE", path: versionPath("d3"), sequence: ["lose-response"] });
    await expectSuccess("delete: response lost", () => destroy("d3"), gone("d3"));
    expect(suite.emulator.requests.summary({ method: "DELETE", path: versionPath("d3") })).toEqual([
      `DELETE ${versionPath("d3")} -> 200`, // applied, the response lost
      `DELETE ${versionPath("d3")} -> 404`,
    ]);
  });

  test("502 on DELETE until the deadline fails clearly; the rerun deletes it", async () => {
    suite.synth({ versions: remaining, provider: SHORT_DEADLINE });
    inject({ method: "DELETE", path: versionPath("d4"), status: 502, times: -1 });
    await expectClearFailure("delete: 502 past the deadline", {
      run: () => destroy("d4"),
      messages: ["Deleting Edgegap app version my-game/d4 failed", "2000 ms deadline", "HTTP 502"],
      repair: clearFaults,
      rerun: () => destroy("d4"),
      confirm: null,
      expected: gone("d4"),
    });
    expect(suite.state().resources?.flatMap((r) => r.instances) ?? []).toEqual([]);
  });
});

describe("interrupted apply", () => {
  test("Ctrl-C in the middle of 20 creates: terraform stops, the rerun converges on exactly 20", async () => {
    const names = Array.from({ length: 20 }, (_, i) => `v${String(i + 1).padStart(2, "0")}`);
    suite.reset({ versions: names });
    suite.emulator.latencyMs = 300; // so the interrupt lands while creates are in flight
    cases.startCounting();
    let inFlight = 0;
    const interrupted = await suite.apply({
      whileRunning: async (terraform) => {
        // Terraform runs 10 at a time: once the first completes, the 12th POST means the second wave has started.
        await terraform.waitForOutput("Creation complete", 30_000);
        await waitFor(() => suite.emulator.requests.count({ method: "POST" }) >= 12, "the second wave of creates", 15_000);
        inFlight = suite.emulator.requests.entries.filter((r) => r.outcome === "pending").length;
        terraform.interrupt();
      },
    });
    const calls = cases.calls();
    cases.checkOutput(interrupted);
    const createdBeforeRerun = suite.emulator.versions.list(APP).length;

    cases.startCounting();
    const rerun = await suite.apply();
    const rerunCalls = cases.calls();
    cases.checkOutput(rerun);
    const plan = await suite.plan();
    const consistency = cases.consistency(names);
    const ok = interrupted.code === 1 && rerun.code === 0 && plan.code === 0 && consistency.consistent;
    cases.record({
      name: "Ctrl-C mid-apply of 20 versions",
      outcome: cases.outcome(ok, "interrupted, converged on rerun"),
      calls,
      rerunCalls,
      consistent: consistency.consistent,
    });

    expectRun(suite, interrupted, 1, ["Interrupt received", "The operation was cancelled"]);
    expect(inFlight).toBeGreaterThan(0);
    expect(createdBeforeRerun).toBeLessThan(20);
    expectRun(suite, rerun, 0);
    expectRun(suite, plan, 0);
    expect(consistency.problems).toEqual([]);
  });
});
