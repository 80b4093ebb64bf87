import { CtyType, typedEqual } from "./cty-type";
import { AttributePath, Diagnostic, errorDiagnostic, formatPath } from "./diagnostics";
import { Attribute, Attributes, objectType } from "./schema";
import { isObject, isUnknown, isWhollyKnown, Value } from "./values";

/**
 * After apply Terraform insists that every value known in the plan comes back unchanged and that nothing is left
 * unknown; otherwise it fails with a generic "Provider produced inconsistent result". This check runs first and
 * names the attribute (values are shown unless the attribute is sensitive).
 */
export function checkAppliedMatchesPlan(resourceType: string, attributes: Attributes, planned: Value, applied: Value): Diagnostic[] {
  const mismatch = findMismatch(objectType(attributes), planned, applied, []);
  if (mismatch === null) return [];
  const where = formatPath(mismatch.path);
  const sensitive = isSensitivePath(attributes, mismatch.path);
  const detail = isUnknown(mismatch.applied)
    ? `${resourceType}: ${where} is still unknown after apply; the provider must set every value.`
    : `${resourceType}: ${where} was planned as ${show(mismatch.planned, sensitive)} but apply returned ${show(mismatch.applied, sensitive)}. ` +
      "Values known at plan time must be returned unchanged.";
  return [errorDiagnostic("Provider returned a value that does not match the plan", { detail, path: mismatch.path })];
}

interface Mismatch {
  readonly path: AttributePath;
  readonly planned: Value;
  readonly applied: Value;
}

function findMismatch(type: CtyType, planned: Value, applied: Value, path: AttributePath): Mismatch | null {
  if (isUnknown(applied)) return { path, planned, applied };
  if (isUnknown(planned)) return isWhollyKnown(applied) ? null : firstUnknown(type, applied, path);
  if (planned === null || applied === null) return planned === applied ? null : { path, planned, applied };
  switch (type.kind) {
    case "object":
      if (!isObject(planned) || !isObject(applied)) return { path, planned, applied };
      for (const [name, attributeType] of Object.entries(type.attributes)) {
        const found = findMismatch(attributeType, planned[name] ?? null, applied[name] ?? null, [...path, { attribute: name }]);
        if (found) return found;
      }
      return null;
    case "list":
      if (!Array.isArray(planned) || !Array.isArray(applied) || planned.length !== applied.length) return { path, planned, applied };
      for (let index = 0; index < planned.length; index++) {
        const found = findMismatch(type.element, planned[index], applied[index], [...path, { index }]);
        if (found) return found;
      }
      return null;
    case "map":
      if (!isObject(planned) || !isObject(applied)) return { path, planned, applied };
      for (const key of new Set([...Object.keys(planned), ...Object.keys(applied)])) {
        if (!(key in planned) || !(key in applied)) return { path: [...path, { key }], planned: planned[key] ?? null, applied: applied[key] ?? null };
        const found = findMismatch(type.element, planned[key], applied[key], [...path, { key }]);
        if (found) return found;
      }
      return null;
    case "set":
      // A set planned with unknown elements may legitimately change shape; only a wholly known plan is compared.
      if (!isWhollyKnown(applied)) return { path, planned, applied };
      return !isWhollyKnown(planned) || typedEqual(type, planned, applied) ? null : { path, planned, applied };
    default:
      return typedEqual(type, planned, applied) ? null : { path, planned, applied };
  }
}

function firstUnknown(type: CtyType, value: Value, path: AttributePath): Mismatch | null {
  return findMismatch(type, value, value, path);
}

function isSensitivePath(attributes: Attributes, path: AttributePath): boolean {
  let current: Attributes | undefined = attributes;
  for (const step of path) {
    if (!("attribute" in step)) continue;
    const attribute: Attribute<unknown> | undefined = current?.[step.attribute];
    if (!attribute) return false;
    if (attribute.sensitive) return true;
    current = attribute.nested?.attributes;
  }
  return false;
}

function show(value: Value, sensitive: boolean): string {
  if (sensitive) return "(sensitive value)";
  if (isUnknown(value)) return "(known after apply)";
  return JSON.stringify(value);
}
