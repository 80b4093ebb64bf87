/**
 * Focused tests of what the fault suite (fault-suite.test.ts) found broken, each at the layer it was fixed in.
 */
import { EdgegapEmulator } from "../lib/testing/edgegap-emulator";

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
