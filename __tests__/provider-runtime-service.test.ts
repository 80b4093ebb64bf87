import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeMsgpack, encodeMsgpack } from "../lib/provider-runtime/codec";
import { attr, defineProvider, defineResource, UNKNOWN, ObjectValue, Value } from "../lib/provider-runtime";
import { createLogger } from "../lib/provider-runtime/logging";
import { AnyProvider } from "../lib/provider-runtime/provider";
import { DiagnosticMessage } from "../lib/provider-runtime/messages";
import { createProviderService } from "../lib/provider-runtime/provider-service";
import { Redactor } from "../lib/provider-runtime/redaction";
import { objectType } from "../lib/provider-runtime/schema";
import { toyProvider } from "./support/toy-provider/provider";
import { thing } from "./support/toy-provider/thing";

/** The tfplugin6.Provider handlers in-process, with requests shaped as grpc-services.ts decodes them. */
type Response = { diagnostics: DiagnosticMessage[]; [field: string]: unknown };
type Service = { [rpc: string]: (request: unknown) => Promise<object> };

const thingType = objectType(thing.attributes);
const dv = (value: Value) => ({ msgpack: Buffer.from(encodeMsgpack(thingType, value)) });
const state = (response: Response, field: string) => decodeMsgpack(thingType, (response[field] as { msgpack: Uint8Array }).msgpack) as ObjectValue | null;
const nulls: ObjectValue = Object.fromEntries(Object.keys(thing.attributes).map((name) => [name, null]));

let dir: string;
let logLines: string[];
let service: Service;

function makeService(provider: AnyProvider = toyProvider): Service {
  const redactor = new Redactor(provider.redact);
  const logger = createLogger({ module: "test", level: "trace", write: (line) => logLines.push(line), redact: (t) => redactor.redact(t) });
  return createProviderService(provider, { logger, redactor }) as Service;
}

async function call(rpc: string, request: object = {}, on = service): Promise<Response> {
  return (await on[rpc]!(request)) as Response;
}

async function configure(on = service) {
  const config = { msgpack: Buffer.from(encodeMsgpack(objectType(toyProvider.attributes), { store_path: join(dir, "store.json") })) };
  expect((await call("ConfigureProvider", { terraform_version: "1.11.4", config }, on)).diagnostics).toEqual([]);
}

async function planAndApply(prior: ObjectValue | null, config: ObjectValue): Promise<{ planned: ObjectValue | null; applied: ObjectValue | null; plan: Response; apply: Response }> {
  const plan = await call("PlanResourceChange", { type_name: "toy_thing", prior_state: dv(prior), proposed_new_state: dv(config), config: dv(config), prior_private: Buffer.alloc(0) });
  const planned = state(plan, "planned_state");
  const apply = await call("ApplyResourceChange", { type_name: "toy_thing", prior_state: dv(prior), planned_state: dv(planned), config: dv(config), planned_private: Buffer.alloc(0) });
  return { planned, applied: state(apply, "new_state"), plan, apply };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "provider-runtime-service-"));
  logLines = [];
  service = makeService();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("serves the schema: provider block, resource schemas with versions, capabilities", async () => {
  const response = await call("GetProviderSchema");
  expect(response).toMatchObject({
    provider: { version: 0, block: { attributes: [{ name: "store_path", optional: true, type: Buffer.from('"string"') }] } },
    server_capabilities: { plan_destroy: false, get_provider_schema_optional: false },
    diagnostics: [],
  });
  const schema = (response.resource_schemas as { [type: string]: { version: number; block: { attributes: { name: string; nested_type?: object; type?: Buffer }[] } } }).toy_thing!;
  expect(schema.version).toBe(1);
  const ports = schema.block.attributes.find((a) => a.name === "ports")!;
  expect(ports.type).toBeUndefined();
  expect(ports.nested_type).toMatchObject({ nesting: "LIST", attributes: [{ name: "port", required: true }, { name: "protocol", optional: true, computed: true }] });
  expect(schema.block.attributes.find((a) => a.name === "tags")!.type).toEqual(Buffer.from('["map","string"]'));

  const empty = makeService(defineProvider({ name: "bare", attributes: {}, resources: [] }));
  expect(await call("GetProviderSchema", {}, empty)).toMatchObject({ provider: { block: { attributes: [] } }, resource_schemas: {} });
  expect(await call("GetMetadata")).toMatchObject({ resources: [{ type_name: "toy_thing" }], diagnostics: [] });
});

it("runs a resource's whole lifecycle: create, read, update, import, delete", async () => {
  await configure();
  const config = { ...nulls, name: "a", value: "v1", ports: [{ port: 7777, protocol: null }] };
  const created = await planAndApply(null, config);
  expect(created.planned).toMatchObject({ id: UNKNOWN, size: 1, revision: UNKNOWN, ports: [{ port: 7777, protocol: "UDP" }] });
  expect(created.apply.diagnostics).toEqual([]);
  const id = created.applied!.id as string;
  expect(created.applied).toMatchObject({ name: "a", size: 1, revision: 1, value: "v1" });

  const read = await call("ReadResource", { type_name: "toy_thing", current_state: dv(created.applied), private: Buffer.alloc(0) });
  expect(state(read, "new_state")).toEqual(created.applied);

  const updated = await planAndApply(created.applied, { ...config, value: "v2" });
  expect(updated.planned).toMatchObject({ id, value: "v2", revision: UNKNOWN });
  expect(updated.applied).toMatchObject({ id, value: "v2", revision: 2 });

  const imported = await call("ImportResourceState", { type_name: "toy_thing", id });
  expect(imported.imported_resources).toEqual([{ type_name: "toy_thing", state: expect.anything() }]);
  const missing = await call("ImportResourceState", { type_name: "toy_thing", id: "nope" });
  expect(missing.diagnostics).toEqual([expect.objectContaining({ severity: "ERROR", summary: "Cannot import non-existent remote object", detail: "no toy_thing with id nope" })]);

  const deleted = await call("ApplyResourceChange", { type_name: "toy_thing", prior_state: dv(updated.applied), planned_state: dv(null), config: dv(null) });
  expect(state(deleted, "new_state")).toBeNull();
  const gone = await call("ReadResource", { type_name: "toy_thing", current_state: dv(updated.applied) });
  expect(state(gone, "new_state")).toBeNull();
});

it("reports replacement paths and validation errors with attribute paths", async () => {
  await configure();
  const prior = { ...nulls, id: "x", name: "a", size: 1, revision: 1 };
  const plan = await call("PlanResourceChange", { type_name: "toy_thing", prior_state: dv(prior), proposed_new_state: dv({ ...prior, name: "b" }), config: dv({ ...nulls, name: "b" }) });
  expect(plan.requires_replace).toEqual([{ steps: [{ attribute_name: "name" }] }]);

  const invalid = await call("ValidateResourceConfig", { type_name: "toy_thing", config: dv({ ...nulls, name: "a", ports: [{ port: 70000, protocol: null }] }) });
  expect(invalid.diagnostics).toEqual([
    { severity: "ERROR", summary: "Invalid port", detail: "ports[0].port = 70000 must be within 1-65535", attribute: { steps: [{ attribute_name: "ports" }, { element_key_int: 0 }, { attribute_name: "port" }] } },
  ]);
  const unknownName = await call("ValidateResourceConfig", { type_name: "toy_thing", config: dv({ ...nulls, name: UNKNOWN }) });
  expect(unknownName.diagnostics).toEqual([]);
});

it("upgrades stored JSON state: older versions through upgradeState, unknown keys dropped, missing ones null", async () => {
  const raw = { id: "x", label: "old-name", size: 2, revision: 3, removed_attribute: true };
  const upgraded = await call("UpgradeResourceState", { type_name: "toy_thing", version: 0, raw_state: { json: Buffer.from(JSON.stringify(raw)), flatmap: {} } });
  expect(upgraded.diagnostics).toEqual([]);
  expect(state(upgraded, "upgraded_state")).toEqual({ ...nulls, id: "x", name: "old-name", size: 2, revision: 3 });

  const newer = await call("UpgradeResourceState", { type_name: "toy_thing", version: 2, raw_state: { json: Buffer.from("{}"), flatmap: {} } });
  expect(newer.diagnostics[0]).toMatchObject({ severity: "ERROR", summary: "State is from a newer provider" });
});

it("turns anything thrown into error diagnostics, never a failed RPC, and masks sensitive values", async () => {
  const leaky = defineResource({
    typeName: "leaky_thing",
    attributes: { id: attr.string({ computed: true }), token: attr.string({ required: true, sensitive: true }) },
    create({ plan }) {
      throw new Error(`token ${plan.token} was rejected`);
    },
    read: ({ state }) => state,
    update: ({ plan }) => ({ id: "1", token: plan.token }),
    delete: () => undefined,
  });
  const provider = defineProvider({ name: "leaky", attributes: {}, resources: [leaky] });
  const leakyService = makeService(provider);
  const type = objectType(leaky.attributes);
  const config = { msgpack: Buffer.from(encodeMsgpack(type, { id: null, token: "s3cret-token" })) };
  const planned = { msgpack: Buffer.from(encodeMsgpack(type, { id: UNKNOWN, token: "s3cret-token" })) };
  const apply = await call("ApplyResourceChange", { type_name: "leaky_thing", prior_state: null, planned_state: planned, config }, leakyService);
  expect(apply.diagnostics).toEqual([{ severity: "ERROR", summary: "Creating leaky_thing failed", detail: "token *** was rejected" }]);
  expect(decodeMsgpack(type, (apply.new_state as { msgpack: Uint8Array }).msgpack)).toBeNull();
  expect(logLines.join("")).toContain("token *** was rejected");
  expect(logLines.join("")).not.toContain("s3cret-token");

  const unknownType = await call("ReadResource", { type_name: "nope_thing", current_state: null }, leakyService);
  expect(unknownType.diagnostics).toEqual([expect.objectContaining({ summary: "Unknown resource type", detail: 'this provider has no resource type "nope_thing"' })]);

  const notConfigured = await call("ApplyResourceChange", { type_name: "toy_thing", prior_state: dv(null), planned_state: dv({ ...nulls, name: "a", size: 1 }), config: dv({ ...nulls, name: "a" }) });
  expect(notConfigured.diagnostics[0]).toMatchObject({ summary: "Provider not configured", detail: "toy_thing needs the provider's configuration, which Terraform has not sent yet" });
});

it("names the attribute when apply returns something else than planned", async () => {
  const sloppy = defineResource({
    typeName: "sloppy_thing",
    attributes: { id: attr.string({ computed: true }), name: attr.string({ required: true }) },
    create: ({ plan }) => ({ id: "1", name: `${plan.name}!` }),
    read: ({ state }) => state,
    update: ({ prior }) => prior,
    delete: () => undefined,
    modifyPlan({ plan }, ctx) {
      if (plan.name === "bad-plan") {
        plan.name = "changed";
        ctx.warn("renamed", { path: "name" });
      }
    },
  });
  const sloppyService = makeService(defineProvider({ name: "sloppy", attributes: {}, resources: [sloppy] }));
  const type = objectType(sloppy.attributes);
  const enc = (value: Value) => ({ msgpack: Buffer.from(encodeMsgpack(type, value)) });
  const apply = await call("ApplyResourceChange", { type_name: "sloppy_thing", prior_state: enc(null), planned_state: enc({ id: UNKNOWN, name: "n" }), config: enc({ id: null, name: "n" }) }, sloppyService);
  expect(apply.diagnostics).toEqual([
    expect.objectContaining({ summary: "Provider returned a value that does not match the plan", detail: expect.stringContaining('sloppy_thing: name was planned as "n" but apply returned "n!"') }),
  ]);
  const plan = await call("PlanResourceChange", { type_name: "sloppy_thing", prior_state: enc(null), proposed_new_state: enc({ id: null, name: "bad-plan" }), config: enc({ id: null, name: "bad-plan" }) }, sloppyService);
  expect(plan.diagnostics.map((d) => d.summary)).toEqual(["renamed", "Provider produced an invalid plan"]);
});

it("runs operations concurrently (no serialisation), and StopProvider cancels in-flight work", async () => {
  await configure();
  const creates = ["c1", "c2", "c3", "c4", "c5"].map((name) => planAndApply(null, { ...nulls, name, sleep_ms: 300 }));
  const results = await Promise.all(creates);
  expect(results.every((r) => r.apply.diagnostics.length === 0)).toBe(true);
  expect(JSON.parse(readFileSync(join(dir, "store.json"), "utf8")).peakConcurrentCreates).toBe(5);

  const slow = planAndApply(null, { ...nulls, name: "slow", sleep_ms: 60_000 });
  await waitFor(() => JSON.parse(readFileSync(join(dir, "store.json"), "utf8")).creating.includes("slow"));
  expect(await call("StopProvider")).toEqual({ Error: "" });
  const { apply } = await slow;
  expect(apply.diagnostics).toEqual([expect.objectContaining({ summary: "Creating toy_thing failed", detail: "cancelled: Terraform asked the provider to stop" })]);
});

it("a DiagnosticError from configure becomes an error on the attribute", async () => {
  const config = { msgpack: Buffer.from(encodeMsgpack(objectType(toyProvider.attributes), { store_path: null })) };
  const previous = process.env.TOY_STORE_PATH;
  delete process.env.TOY_STORE_PATH;
  try {
    const response = await call("ConfigureProvider", { terraform_version: "1.11.4", config });
    expect(response.diagnostics).toEqual([{ severity: "ERROR", summary: "Missing store path", detail: "set store_path or TOY_STORE_PATH", attribute: { steps: [{ attribute_name: "store_path" }] } }]);
  } finally {
    if (previous !== undefined) process.env.TOY_STORE_PATH = previous;
  }
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !safe(condition); i++) await new Promise((r) => setTimeout(r, 10));
  expect(safe(condition)).toBe(true);
}

function safe(condition: () => boolean): boolean {
  try {
    return condition();
  } catch {
    return false;
  }
}
