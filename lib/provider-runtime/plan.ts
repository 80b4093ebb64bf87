import { typedEqual } from "./cty-type";
import { AttributePath, Diagnostic, errorDiagnostic, formatPath } from "./diagnostics";
import { Attribute, Attributes, objectType } from "./schema";
import { cloneValue, isObject, isUnknown, ObjectValue, UNKNOWN, Value } from "./values";

/**
 * The plan rules Terraform expects of every provider (it rejects a provider that breaks them), applied to the
 * proposed new state Terraform computed from configuration and prior state:
 * 1. defaults fill optional+computed attributes left out of configuration;
 * 2. when anything changes (always on create), computed attributes left out of configuration become UNKNOWN
 *    ("known after apply") — on a replacement Terraform plans a create, so they are unknown again;
 * 3. attribute plan modifiers run: useStateForUnknown() keeps prior values, requiresReplace() collects paths.
 * A destroy (proposed null) passes through. `checkPlanMatchesConfig` then guards rules resource code could break.
 */
export interface PlanInput {
  readonly prior: ObjectValue | null;
  readonly proposed: ObjectValue | null;
  readonly config: ObjectValue | null;
}

export interface PlanOutput {
  readonly planned: ObjectValue | null;
  readonly requiresReplace: AttributePath[];
}

export function planAttributes(attributes: Attributes, input: PlanInput): PlanOutput {
  if (input.proposed === null) return { planned: null, requiresReplace: [] };
  const planned = cloneValue(input.proposed);
  const config = input.config ?? {};
  applyDefaults(attributes, config, planned);
  const creating = input.prior === null;
  if (creating || !typedEqual(objectType(attributes), planned, input.prior)) markComputedUnknown(attributes, config, planned);
  const requiresReplace: AttributePath[] = [];
  runModifiers(attributes, { config, prior: input.prior, planned, path: [], creating, requiresReplace });
  return { planned, requiresReplace: creating ? [] : requiresReplace };
}

function applyDefaults(attributes: Attributes, config: ObjectValue, planned: ObjectValue): void {
  for (const [name, attribute] of Object.entries(attributes)) {
    const configValue = config[name] ?? null;
    if (attribute.default !== undefined && configValue === null) planned[name] = cloneValue(attribute.default);
    else forEachNestedObject(attribute, configValue, planned[name] ?? null, (c, p) => applyDefaults(attribute.nested!.attributes, c, p));
  }
}

function markComputedUnknown(attributes: Attributes, config: ObjectValue, planned: ObjectValue): void {
  for (const [name, attribute] of Object.entries(attributes)) {
    const configValue = config[name] ?? null;
    if (configValue === null && attribute.computed && attribute.default === undefined) planned[name] = UNKNOWN;
    else forEachNestedObject(attribute, configValue, planned[name] ?? null, (c, p) => markComputedUnknown(attribute.nested!.attributes, c, p));
  }
}

/** Calls `visit` with each (config, planned) object pair of a nested attribute whose elements line up. */
function forEachNestedObject(
  attribute: Attribute<unknown>,
  config: Value,
  planned: Value,
  visit: (config: ObjectValue, planned: ObjectValue, step?: string | number) => void,
): void {
  if (!attribute.nested) return;
  if (attribute.nested.nesting === "single") {
    if (isObject(config) && isObject(planned)) visit(config, planned);
  } else if (Array.isArray(config) && Array.isArray(planned)) {
    planned.forEach((element, i) => isObject(element) && isObject(config[i]) && visit(config[i] as ObjectValue, element, i));
  } else if (isObject(config) && isObject(planned)) {
    for (const [key, element] of Object.entries(planned)) if (isObject(element) && isObject(config[key])) visit(config[key] as ObjectValue, element, key);
  }
}

interface ModifierScope {
  readonly config: ObjectValue;
  readonly prior: ObjectValue | null;
  readonly planned: ObjectValue;
  readonly path: AttributePath;
  readonly creating: boolean;
  readonly requiresReplace: AttributePath[];
}

function runModifiers(attributes: Attributes, scope: ModifierScope): void {
  for (const [name, attribute] of Object.entries(attributes)) {
    const path = [...scope.path, { attribute: name }];
    const config = scope.config[name] ?? null;
    const prior = scope.prior?.[name] ?? null;
    const equal = (a: Value, b: Value) => typedEqual(attribute.type, a, b);
    for (const modifier of attribute.planModifiers) {
      const result = modifier.modify({ path, config, prior, planned: scope.planned[name] ?? null, creating: scope.creating }, equal);
      if (result?.planned !== undefined) scope.planned[name] = cloneValue(result.planned);
      if (result?.requiresReplace && !scope.requiresReplace.some((p) => formatPath(p) === formatPath(path))) scope.requiresReplace.push(path);
    }
    const nested = attribute.nested;
    if (!nested) continue;
    forEachNestedObject(attribute, config, scope.planned[name] ?? null, (c, p, step) => {
      // Set elements have no identity to match prior elements by, so their modifiers see no prior value.
      const priorElement = step === undefined ? prior : nested.nesting === "set" ? null : elementOf(prior, step);
      const elementPath = step === undefined ? path : [...path, typeof step === "number" ? { index: step } : { key: step }];
      runModifiers(nested.attributes, { ...scope, config: c, planned: p, prior: isObject(priorElement) ? priorElement : null, path: elementPath });
    });
  }
}

function elementOf(collection: Value, step: string | number): Value {
  if (typeof step === "number") return Array.isArray(collection) ? (collection[step] ?? null) : null;
  return isObject(collection) ? (collection[step] ?? null) : null;
}

/**
 * Guards the rules Terraform enforces on a finished plan (a resource's modifyPlan could break them): wherever
 * configuration sets a value, the plan must carry exactly that value; a non-computed attribute always equals
 * configuration. Returns an error diagnostic per violation, naming the attribute.
 */
export function checkPlanMatchesConfig(attributes: Attributes, config: ObjectValue, planned: ObjectValue, path: AttributePath = []): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const [name, attribute] of Object.entries(attributes)) {
    const where = [...path, { attribute: name }];
    const configValue = config[name] ?? null;
    const plannedValue = planned[name] ?? null;
    if (attribute.nested && !isUnknown(configValue) && configValue !== null) {
      // Set elements cannot be matched up one by one; with computed attributes inside, only their count is checked.
      if (attribute.nested.nesting === "set" && !hasComputed(attribute.nested.attributes) && !typedEqual(attribute.type, configValue, plannedValue)) {
        problems.push(invalidPlan(where, attribute.computed));
        continue;
      }
      forEachNestedObject(attribute, configValue, plannedValue, (c, p, step) => {
        if (attribute.nested!.nesting === "set") return;
        const elementPath = step === undefined ? where : [...where, typeof step === "number" ? { index: step } : { key: step }];
        problems.push(...checkPlanMatchesConfig(attribute.nested!.attributes, c, p, elementPath));
      });
      if (sameShape(configValue, plannedValue)) continue;
    } else if ((attribute.computed && configValue === null) || typedEqual(attribute.type, configValue, plannedValue)) {
      continue;
    }
    problems.push(invalidPlan(where, attribute.computed));
  }
  return problems;
}

function invalidPlan(path: AttributePath, computed: boolean): Diagnostic {
  return errorDiagnostic("Provider produced an invalid plan", {
    detail: `${formatPath(path)}: the planned value must equal the configured value${computed ? "" : " (the attribute is not computed)"}.`,
    path,
  });
}

function hasComputed(attributes: Attributes): boolean {
  return Object.values(attributes).some((a) => a.computed || (a.nested !== undefined && hasComputed(a.nested.attributes)));
}

function sameShape(a: Value, b: Value): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length;
  if (isObject(a)) return isObject(b) && Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((k) => k in b);
  return a === b;
}
