import { randomUUID } from "node:crypto";
import {
  attr,
  DiagnosticError,
  defineResource,
  isUnknown,
  known,
  requiresReplace,
  ResourceContext,
  types,
  useStateForUnknown,
} from "../../../lib/provider-runtime";
import { ThingRecord, ThingStore } from "./store";

/** toy_thing: one record in the JSON store, exercising every kind of attribute the runtime supports. */
export const thing = defineResource({
  typeName: "toy_thing",
  description: "A record in the toy provider's JSON file.",
  version: 1,
  attributes: {
    id: attr.string({ computed: true, description: "Generated on create.", planModifiers: [useStateForUnknown()] }),
    name: attr.string({ required: true, description: "Changing it replaces the thing.", planModifiers: [requiresReplace()] }),
    size: attr.number({ optional: true, computed: true, default: 1 }),
    value: attr.string({ optional: true }),
    secret: attr.string({ optional: true, sensitive: true, description: "Write-only: never read back." }),
    ports: attr.nestedList(
      {
        port: attr.number({ required: true }),
        protocol: attr.string({ optional: true, computed: true, default: "UDP" }),
      },
      { optional: true },
    ),
    tags: attr.of(types.map(types.string), { optional: true }),
    revision: attr.number({ computed: true, description: "Counts updates: unknown whenever something changes." }),
    sleep_ms: attr.number({ optional: true, description: "Create waits this long (cancelled by StopProvider)." }),
  },

  validate({ config }) {
    if (typeof config.name === "string" && config.name.trim() === "") {
      throw new DiagnosticError("Invalid name", { detail: "name must not be blank", path: "name" });
    }
    if (Array.isArray(config.ports)) {
      config.ports.forEach((port, index) => {
        if (!isUnknown(port) && typeof port.port === "number" && (port.port < 1 || port.port > 65535)) {
          throw new DiagnosticError("Invalid port", { detail: `ports[${index}].port = ${port.port} must be within 1-65535`, path: ["ports", index, "port"] });
        }
      });
    }
  },

  async create({ plan, config }, ctx: ResourceContext<ThingStore>) {
    const store = ctx.provider;
    await store.update((file) => {
      file.creating.push(config.name);
      file.peakConcurrentCreates = Math.max(file.peakConcurrentCreates, file.creating.length);
    });
    try {
      if (config.sleep_ms) await sleep(config.sleep_ms, ctx.signal);
    } finally {
      await store.update((file) => {
        file.creating = file.creating.filter((name) => name !== config.name);
      });
    }
    const record: ThingRecord = { ...fromPlan(plan), id: randomUUID(), revision: 1 };
    await store.update((file) => void (file.things[record.id] = record));
    // Logs the secret on purpose: the runtime must mask values of sensitive attributes in every log line.
    ctx.log.info("created thing", { id: record.id, secret: record.secret });
    return { ...toState(record), sleep_ms: config.sleep_ms };
  },

  async read({ state }, ctx: ResourceContext<ThingStore>) {
    const record = ctx.provider.read().things[state.id ?? ""];
    if (!record) return null;
    // The secret is write-only: keep what the state had.
    return { ...toState(record), secret: state.secret, sleep_ms: state.sleep_ms };
  },

  async update({ prior, plan, config }, ctx: ResourceContext<ThingStore>) {
    const record = await ctx.provider.update((file) => {
      const existing = file.things[prior.id ?? ""];
      if (!existing) throw new DiagnosticError("Thing vanished", { detail: `no toy_thing with id ${prior.id}` });
      Object.assign(existing, { ...fromPlan(plan), revision: existing.revision + 1 });
      return existing;
    });
    return { ...toState(record), sleep_ms: config.sleep_ms };
  },

  async delete({ state }, ctx: ResourceContext<ThingStore>) {
    await ctx.provider.update((file) => void delete file.things[state.id ?? ""]);
  },

  importState({ id }, ctx: ResourceContext<ThingStore>) {
    const record = ctx.provider.read().things[id];
    if (!record) throw new DiagnosticError("Cannot import non-existent remote object", { detail: `no toy_thing with id ${id}` });
    return { id: record.id };
  },

  upgradeState({ version, state }) {
    // Version 0 called the name "label".
    if (version === 0) {
      const { label, ...rest } = state;
      return { ...rest, name: label };
    }
    return state;
  },
});

type Plan = Parameters<typeof thing.create>[0]["plan"];

/** The configured part of a record: defaults are in the plan, so size and protocol are known here. */
function fromPlan(plan: Plan): Omit<ThingRecord, "id" | "revision"> {
  return {
    name: plan.name,
    size: known(plan.size, "size") ?? 1,
    value: plan.value,
    secret: plan.secret,
    ports: plan.ports?.map((p) => ({ port: p.port, protocol: known(p.protocol, "protocol") ?? "UDP" })) ?? null,
    tags: plan.tags,
  };
}

function toState(record: ThingRecord) {
  return {
    id: record.id,
    name: record.name,
    size: record.size,
    value: record.value,
    secret: record.secret,
    ports: record.ports,
    tags: record.tags,
    revision: record.revision,
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error("cancelled: Terraform asked the provider to stop"));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new Error("cancelled: Terraform asked the provider to stop"));
    });
  });
}
