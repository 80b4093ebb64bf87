import { checkAppliedMatchesPlan } from "../lib/provider-runtime/apply-check";
import { checkPlanMatchesConfig, planAttributes } from "../lib/provider-runtime/plan";
import { requiresReplace, requiresReplaceIf, useStateForUnknown } from "../lib/provider-runtime/plan-modifiers";
import { attr } from "../lib/provider-runtime/schema";
import { checkAttributes } from "../lib/provider-runtime/schema-rules";
import { types } from "../lib/provider-runtime/types";
import { ObjectValue, UNKNOWN } from "../lib/provider-runtime/values";
import { formatPath } from "../lib/provider-runtime/diagnostics";

const attributes = {
  id: attr.string({ computed: true, planModifiers: [useStateForUnknown()] }),
  name: attr.string({ required: true, planModifiers: [requiresReplace()] }),
  size: attr.number({ optional: true, computed: true, default: 1 }),
  value: attr.string({ optional: true }),
  secret: attr.string({ optional: true, sensitive: true }),
  revision: attr.number({ computed: true }),
  region: attr.string({ optional: true, planModifiers: [requiresReplaceIf((r) => r.prior !== null, "moving out of a region replaces")] }),
  ports: attr.nestedList(
    {
      port: attr.number({ required: true }),
      protocol: attr.string({ optional: true, computed: true, default: "UDP" }),
      assigned: attr.number({ computed: true, planModifiers: [useStateForUnknown()] }),
    },
    { optional: true },
  ),
  tags: attr.of(types.set(types.string), { optional: true }),
};

const nulls: ObjectValue = { id: null, name: null, size: null, value: null, secret: null, revision: null, region: null, ports: null, tags: null };
const config = (values: ObjectValue): ObjectValue => ({ ...nulls, ...values });
const state: ObjectValue = { ...nulls, id: "abc", name: "a", size: 1, revision: 4, ports: [{ port: 7777, protocol: "UDP", assigned: 31000 }] };

describe("planAttributes (the runtime's plan rules)", () => {
  it("on create: defaults fill optional+computed, computed attributes become unknown, nothing requires replace", () => {
    const cfg = config({ name: "a", ports: [{ port: 7777, protocol: null, assigned: null }] });
    const { planned, requiresReplace: replace } = planAttributes(attributes, { prior: null, proposed: cfg, config: cfg });
    expect(planned).toEqual({ ...cfg, id: UNKNOWN, size: 1, revision: UNKNOWN, ports: [{ port: 7777, protocol: "UDP", assigned: UNKNOWN }] });
    expect(replace).toEqual([]);
  });

  it("with no change, plans the prior state exactly (no diff)", () => {
    const cfg = config({ name: "a", ports: [{ port: 7777, protocol: null, assigned: null }] });
    // Terraform's proposed new state keeps prior values of computed attributes that configuration leaves out.
    const proposed = { ...state };
    expect(planAttributes(attributes, { prior: state, proposed, config: cfg }).planned).toEqual(state);
  });

  it("on update: computed values are unknown unless useStateForUnknown keeps them", () => {
    const cfg = config({ name: "a", value: "v2", ports: [{ port: 7777, protocol: null, assigned: null }] });
    const proposed = { ...state, value: "v2" };
    const { planned, requiresReplace: replace } = planAttributes(attributes, { prior: state, proposed, config: cfg });
    expect(planned).toEqual({ ...state, value: "v2", revision: UNKNOWN });
    expect(replace).toEqual([]);
  });

  it("a default replaces a prior value when configuration drops the attribute", () => {
    const cfg = config({ name: "a", ports: [{ port: 7777, protocol: null, assigned: null }] });
    const prior = { ...state, size: 5 };
    const { planned } = planAttributes(attributes, { prior, proposed: prior, config: cfg });
    expect(planned).toMatchObject({ size: 1, revision: UNKNOWN, id: "abc" });
  });

  it("requiresReplace reports the changed attribute's path; requiresReplaceIf asks its function", () => {
    const cfg = config({ name: "b", region: "eu", ports: [{ port: 7777, protocol: null, assigned: null }] });
    const prior = { ...state, region: "us" };
    const { requiresReplace: replace } = planAttributes(attributes, { prior, proposed: { ...prior, name: "b", region: "eu" }, config: cfg });
    expect(replace.map(formatPath)).toEqual(["name", "region"]);
    // Setting a region for the first time is an in-place update, by that modifier's rule.
    const firstRegion = planAttributes(attributes, { prior: state, proposed: { ...state, region: "eu" }, config: { ...cfg, name: "a" } });
    expect(firstRegion.requiresReplace).toEqual([]);
  });

  it("useStateForUnknown does not apply when configuration holds an unknown", () => {
    const withUnknownPort = config({ name: "a", ports: [{ port: UNKNOWN, protocol: null, assigned: null }] });
    const proposed: ObjectValue = { ...state, ports: [{ port: UNKNOWN, protocol: "UDP", assigned: 31000 }] };
    const { planned } = planAttributes(attributes, { prior: state, proposed, config: withUnknownPort });
    // The element changed, so its computed attribute is unknown; the prior value is kept (matched by index).
    expect(planned?.ports).toEqual([{ port: UNKNOWN, protocol: "UDP", assigned: 31000 }]);
  });

  it("a destroy (no proposed state) passes through", () => {
    expect(planAttributes(attributes, { prior: state, proposed: null, config: null })).toEqual({ planned: null, requiresReplace: [] });
  });

  it("keeps unknown configuration values unknown in the plan", () => {
    const cfg = config({ name: "a", value: UNKNOWN });
    const { planned } = planAttributes(attributes, { prior: null, proposed: cfg, config: cfg });
    expect(planned?.value).toBe(UNKNOWN);
    expect(checkPlanMatchesConfig(attributes, cfg, planned!)).toEqual([]);
  });
});

describe("checkPlanMatchesConfig", () => {
  const cfg = config({ name: "a", value: "v", ports: [{ port: 1, protocol: null, assigned: null }], tags: ["x", "y"] });
  const good: ObjectValue = { ...cfg, id: UNKNOWN, size: 1, revision: UNKNOWN, ports: [{ port: 1, protocol: "UDP", assigned: UNKNOWN }], tags: ["y", "x"] };

  it("accepts a plan that carries configuration values (sets in any order)", () => {
    expect(checkPlanMatchesConfig(attributes, cfg, good)).toEqual([]);
  });

  it("names a non-computed attribute a resource changed, and a nested one", () => {
    const bad: ObjectValue = { ...good, value: "other", ports: [{ port: 2, protocol: "UDP", assigned: UNKNOWN }] };
    const problems = checkPlanMatchesConfig(attributes, cfg, bad);
    expect(problems.map((d) => formatPath(d.path!))).toEqual(["value", "ports[0].port"]);
    expect(problems[0]).toMatchObject({ severity: "error", summary: "Provider produced an invalid plan" });
    expect(problems[0]!.detail).toMatch(/value: the planned value must equal the configured value \(the attribute is not computed\)/);
  });

  it("names an optional+computed attribute whose configured value was not kept", () => {
    const problems = checkPlanMatchesConfig(attributes, config({ ...cfg, size: 3 }), { ...good, size: 4 });
    expect(problems.map((d) => formatPath(d.path!))).toEqual(["size"]);
  });
});

describe("checkAppliedMatchesPlan", () => {
  const planned: ObjectValue = { ...state, value: "v", revision: UNKNOWN, secret: "pw-1" };

  it("accepts a result that keeps known values and fills the unknown ones", () => {
    expect(checkAppliedMatchesPlan("toy_thing", attributes, planned, { ...planned, revision: 5 })).toEqual([]);
  });

  it("names the attribute whose value changed, showing both values", () => {
    const [problem] = checkAppliedMatchesPlan("toy_thing", attributes, planned, { ...planned, revision: 5, ports: [{ port: 7777, protocol: "TCP", assigned: 31000 }] });
    expect(formatPath(problem!.path!)).toBe("ports[0].protocol");
    expect(problem!.detail).toBe(
      'toy_thing: ports[0].protocol was planned as "UDP" but apply returned "TCP". Values known at plan time must be returned unchanged.',
    );
  });

  it("never shows a sensitive value", () => {
    const [problem] = checkAppliedMatchesPlan("toy_thing", attributes, planned, { ...planned, revision: 5, secret: "pw-2" });
    expect(problem!.detail).toMatch(/secret was planned as \(sensitive value\) but apply returned \(sensitive value\)/);
    expect(problem!.detail).not.toMatch(/pw-/);
  });

  it("names an attribute left unknown after apply", () => {
    const [problem] = checkAppliedMatchesPlan("toy_thing", attributes, planned, planned);
    expect(problem!.detail).toBe("toy_thing: revision is still unknown after apply; the provider must set every value.");
  });
});

describe("schema rules checked at definition time", () => {
  it("rejects contradictory or incomplete attribute flags, naming the attribute and the rule", () => {
    expect(() => checkAttributes("toy_x", { a: attr.string({ required: true, computed: true }) })).toThrow(
      'toy_x: attribute "a": required excludes optional and computed',
    );
    expect(() => checkAttributes("toy_x", { a: attr.string({}) })).toThrow(/must be required, optional or computed/);
    expect(() => checkAttributes("toy_x", { a: attr.string({ optional: true, default: "x" }) })).toThrow(/a default needs optional: true and computed: true/);
    expect(() => checkAttributes("toy_x", { a: attr.number({ optional: true, computed: true, default: "x" as unknown as number }) })).toThrow(
      /the default does not match the attribute's type/,
    );
    expect(() => checkAttributes("toy_x", { a: attr.string({ optional: true, planModifiers: [useStateForUnknown()] }) })).toThrow(
      /the plan modifier "the value stays the same after creation" only applies to computed attributes/,
    );
    expect(() => checkAttributes("toy_x", { Bad: attr.string({ optional: true }) })).toThrow(/names must match/);
    expect(() => checkAttributes("toy_x", { n: attr.nested({ Inner: attr.string({ optional: true }) }, { optional: true }) })).toThrow(
      'toy_x: attribute "n.Inner": names must match',
    );
  });
});
