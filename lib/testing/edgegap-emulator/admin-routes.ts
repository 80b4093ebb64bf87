/**
 * `/_emulator/...`: control routes for people and processes outside the test (e.g. `npm run emulator` users, or a
 * fault suite driving terraform). Clearly not Edgegap API: own prefix, never logged, never faulted, and they need an
 * accepted API token like everything else.
 *
 *   GET  requests | DELETE requests                      the request log (raw bodies: test-only)
 *   GET  faults | POST faults {rule} | DELETE faults[/id] fault rules (path patterns as strings; times -1 = unlimited)
 *   GET  state                                           apps with their versions, secrets in clear
 *   PUT|DELETE state/apps/{app}                          out-of-band app changes
 *   PUT|PATCH|DELETE state/apps/{app}/versions/{version} out-of-band version changes (PATCH = update some fields)
 *   GET  registry | POST registry/grants {grant} | DELETE registry
 *   POST tokens {token} | POST tokens/revoke {token}
 *   PUT  latency {latencyMs}
 *   POST reset
 */
import type { EdgegapEmulator } from "./emulator";
import type { FaultRule } from "./faults";
import type { RegistryGrant } from "./registry";

export interface AdminCall {
  readonly method: string;
  /** Decoded segments after `/_emulator`. */
  readonly segments: readonly string[];
  readonly body: unknown;
  readonly bodyError?: string;
}

export interface AdminResult {
  readonly status: number;
  readonly body?: unknown;
}

const ok = (body: unknown = { ok: true }): AdminResult => ({ status: 200, body });
const fail = (status: number, message: string): AdminResult => ({ status, body: { message } });

export function handleAdmin(emulator: EdgegapEmulator, call: AdminCall): AdminResult {
  if (call.bodyError !== undefined) return fail(400, call.bodyError);
  const body = (call.body ?? {}) as Record<string, unknown>;
  const [area, a, b, c, d] = call.segments;
  const route = `${call.method} ${area ?? ""}`;
  try {
    switch (route) {
      case "GET requests":
        return ok({ requests: emulator.requests.entries });
      case "DELETE requests":
        emulator.requests.clear();
        return ok();
      case "GET faults":
        return ok({ faults: emulator.faults.list() });
      case "POST faults":
        return ok({ id: emulator.faults.inject(body as unknown as FaultRule).id });
      case "DELETE faults":
        if (a === undefined) emulator.faults.clear();
        else if (!emulator.faults.remove(Number(a))) return fail(404, `No fault ${a}`);
        return ok();
      case "GET state":
        return ok({ apps: emulator.apps.list().map((app) => ({ ...app, versions: emulator.versions.list(app.name) })) });
      case "GET registry":
        return ok(emulator.registry.describe());
      case "POST registry":
        if (a !== "grants") break;
        emulator.registry.allow(body as unknown as RegistryGrant);
        return ok();
      case "DELETE registry":
        emulator.registry.clear();
        return ok();
      case "POST tokens":
        if (typeof body.token !== "string" || body.token === "") return fail(400, "token: a non-empty string is required");
        if (a === "revoke") emulator.revokeToken(body.token);
        else emulator.addToken(body.token);
        return ok();
      case "PUT latency":
        if (typeof body.latencyMs !== "number" || body.latencyMs < 0) return fail(400, "latencyMs: a number >= 0 is required");
        emulator.latencyMs = body.latencyMs;
        return ok();
      case "POST reset":
        emulator.reset();
        return ok();
    }
    if (area === "state" && a === "apps" && b !== undefined) return stateChange(emulator, call.method, b, c, d, body);
  } catch (error) {
    return fail(400, error instanceof Error ? error.message : String(error));
  }
  return fail(404, `No admin route ${call.method} /_emulator/${call.segments.join("/")}`);
}

function stateChange(
  emulator: EdgegapEmulator,
  method: string,
  appName: string,
  versionsSegment: string | undefined,
  versionName: string | undefined,
  body: Record<string, unknown>,
): AdminResult {
  if (versionsSegment === undefined) {
    if (method === "PUT") return ok(emulator.apps.put({ ...body, name: appName }));
    if (method === "DELETE") return emulator.apps.delete(appName) ? ok() : fail(404, `No app ${appName}`);
  } else if (versionsSegment === "versions" && versionName !== undefined) {
    if (method === "PUT") return ok(emulator.versions.put(appName, { ...body, name: versionName }));
    if (method === "PATCH") return ok(emulator.versions.update(appName, versionName, body));
    if (method === "DELETE") {
      return emulator.versions.delete(appName, versionName) ? ok() : fail(404, `No version ${appName}/${versionName}`);
    }
  }
  return fail(404, `No admin route ${method} for state/apps/${appName}`);
}
