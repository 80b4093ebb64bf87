import { checkAppliedMatchesPlan } from "./apply-check";
import { fromWire } from "./codec";
import { AttributePath, Diagnostic, DiagnosticError, diagnosticFromError, hasErrors, PartialStateError, toPath } from "./diagnostics";
import { checkPlanMatchesConfig, planAttributes } from "./plan";
import { AnyResource, PlanContext, ResourceContext } from "./resource";
import { objectType } from "./schema";
import { isObject, isUnknown, ObjectValue, Value } from "./values";

/**
 * The resource lifecycle in terms of decoded values: what each tfplugin6 resource RPC does between decoding the
 * request and encoding the response. Exceptions from resource code become error diagnostics here, and the state
 * handed back on failure is the one Terraform should keep.
 */
type Ctx = ResourceContext<unknown>;

export interface Outcome<T> {
  readonly value: T;
  readonly diagnostics: Diagnostic[];
}

export async function validateResource(resource: AnyResource, config: Value, ctx: Ctx): Promise<Diagnostic[]> {
  return attempt(`Invalid ${resource.typeName} configuration`, async () => {
    await resource.validate?.({ config: config as never }, ctx);
  });
}

export async function planResource(
  resource: AnyResource,
  input: { prior: Value; proposed: Value; config: Value },
  ctx: PlanContext<unknown> & { readonly replacePaths: AttributePath[] },
): Promise<Outcome<{ planned: ObjectValue | null; requiresReplace: AttributePath[] }>> {
  const prior = asObject(input.prior);
  const config = asObject(input.config);
  const { planned, requiresReplace } = planAttributes(resource.attributes, { prior, proposed: asObject(input.proposed), config });
  if (planned === null) return { value: { planned, requiresReplace }, diagnostics: [] };
  const diagnostics = await attempt(`Planning ${resource.typeName} failed`, async () => {
    await resource.modifyPlan?.({ prior: prior as never, plan: planned as never, config: (config ?? {}) as never }, ctx);
  });
  if (prior !== null) requiresReplace.push(...ctx.replacePaths);
  if (!hasErrors(diagnostics)) diagnostics.push(...checkPlanMatchesConfig(resource.attributes, config ?? {}, planned));
  return { value: { planned, requiresReplace }, diagnostics };
}

/**
 * Create, update or delete, by what is null. On failure Terraform keeps: nothing (create), the prior state (update,
 * delete), or the state a PartialStateError carries (a create's then tainted).
 */
export async function applyResource(
  resource: AnyResource,
  input: { prior: Value; planned: Value; config: Value },
  ctx: Ctx,
): Promise<Outcome<ObjectValue | null>> {
  const prior = asObject(input.prior);
  const planned = asObject(input.planned);
  const config = (asObject(input.config) ?? {}) as never;
  if (planned === null) {
    const diagnostics = await attempt(`Deleting ${resource.typeName} failed`, () => resource.delete({ state: prior as never }, ctx));
    return { value: hasErrors(diagnostics) ? prior : null, diagnostics };
  }
  const operation = prior === null ? "Creating" : "Updating";
  let result: Value = prior;
  let leftBehind: Value | undefined;
  const diagnostics = await attempt(`${operation} ${resource.typeName} failed`, async () => {
    try {
      const returned = prior === null ? await resource.create({ plan: planned as never, config }, ctx) : await resource.update({ prior: prior as never, plan: planned as never, config }, ctx);
      result = conform(resource, returned);
    } catch (error) {
      if (error instanceof PartialStateError) leftBehind = conform(resource, error.state);
      throw error;
    }
  });
  if (hasErrors(diagnostics)) return { value: leftBehind === undefined ? prior : unknownsAsNull(leftBehind), diagnostics };
  diagnostics.push(...checkAppliedMatchesPlan(resource.typeName, resource.attributes, planned, result));
  // With errors Terraform must not store unknowns: leave them null.
  return { value: hasErrors(diagnostics) ? unknownsAsNull(result) : asObject(result), diagnostics };
}

/** Refresh; null means the object is gone. On failure the current state is kept. */
export async function readResource(resource: AnyResource, current: Value, ctx: Ctx): Promise<Outcome<ObjectValue | null>> {
  const state = asObject(current);
  if (state === null) return { value: null, diagnostics: [] };
  let result: Value = state;
  const diagnostics = await attempt(`Reading ${resource.typeName} failed`, async () => {
    result = conform(resource, await resource.read({ state: state as never }, ctx));
  });
  return { value: hasErrors(diagnostics) ? state : asObject(result), diagnostics };
}

export async function importResource(resource: AnyResource, id: string, ctx: Ctx): Promise<Outcome<ObjectValue | null>> {
  let result: Value = null;
  const diagnostics = await attempt(`Importing ${resource.typeName} failed`, async () => {
    if (!resource.importState) {
      throw new DiagnosticError("Import not supported", { detail: `${resource.typeName} does not support terraform import` });
    }
    result = conform(resource, await resource.importState({ id }, ctx));
  });
  return { value: hasErrors(diagnostics) ? null : asObject(result), diagnostics };
}

/** Stored state (JSON, possibly an older schema version) → current schema: unknown keys dropped, missing ones null. */
export async function upgradeResource(
  resource: AnyResource,
  input: { version: number; json: string | null },
  ctx: Ctx,
): Promise<Outcome<ObjectValue | null>> {
  let result: Value = null;
  const diagnostics = await attempt(`Upgrading ${resource.typeName} state failed`, async () => {
    if (input.json === null) throw new DiagnosticError("Unsupported state format", { detail: "only JSON state (Terraform ≥ 0.12) can be upgraded" });
    let raw: unknown = JSON.parse(input.json);
    const current = resource.version ?? 0;
    if (input.version > current) {
      throw new DiagnosticError("State is from a newer provider", {
        detail: `${resource.typeName} state has schema version ${input.version}, this provider knows up to ${current}: upgrade the provider`,
      });
    }
    if (input.version < current) {
      if (!resource.upgradeState) {
        throw new DiagnosticError("State upgrade not implemented", {
          detail: `${resource.typeName} state has schema version ${input.version}, the schema is at ${current}, and the resource has no upgradeState`,
        });
      }
      raw = await resource.upgradeState({ version: input.version, state: isObject(raw) ? raw : {} }, ctx);
    }
    result = fromWire(objectType(resource.attributes), raw, []);
  });
  return { value: hasErrors(diagnostics) ? null : asObject(result), diagnostics };
}

async function attempt(summary: string, work: () => unknown): Promise<Diagnostic[]> {
  try {
    await work();
    return [];
  } catch (error) {
    return [diagnosticFromError(error, summary)];
  }
}

/** Resource code returns plain data; shape it by the schema (missing attributes null) and reject what does not fit. */
function conform(resource: AnyResource, returned: unknown): Value {
  if (returned === null || returned === undefined) return null;
  if (!isObject(returned)) throw new DiagnosticError("Invalid result", { detail: `${resource.typeName}: expected an object of attributes` });
  const stray = Object.keys(returned).find((name) => !(name in resource.attributes));
  if (stray !== undefined) {
    throw new DiagnosticError("Invalid result", {
      detail: `${resource.typeName} returned "${stray}", which is not an attribute of its schema`,
      path: toPath(stray),
    });
  }
  return fromWire(objectType(resource.attributes), returned, []);
}

function asObject(value: Value): ObjectValue | null {
  return isObject(value) ? value : null;
}

function unknownsAsNull(value: Value): ObjectValue | null {
  const replace = (item: Value): Value =>
    isUnknown(item) ? null : Array.isArray(item) ? item.map(replace) : isObject(item) ? Object.fromEntries(Object.entries(item).map(([k, v]) => [k, replace(v)])) : item;
  return asObject(replace(value));
}
