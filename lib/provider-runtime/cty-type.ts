import { isObject, isUnknown, Value, valuesEqual } from "./values";

/**
 * Terraform's (cty) type system, the part a provider schema uses. The JSON form is what goes on the wire in
 * `Schema.Attribute.type`: `"string"`, `["list","number"]`, `["object",{"a":"bool"}]`.
 */
export type CtyType =
  | { readonly kind: "string" | "number" | "bool" }
  | { readonly kind: "list" | "set" | "map"; readonly element: CtyType }
  | { readonly kind: "object"; readonly attributes: { readonly [name: string]: CtyType } };

export type CtyTypeJson = string | [string, CtyTypeJson | { [name: string]: CtyTypeJson }];

export function ctyTypeToJson(type: CtyType): CtyTypeJson {
  switch (type.kind) {
    case "string":
    case "number":
    case "bool":
      return type.kind;
    case "list":
    case "set":
    case "map":
      return [type.kind, ctyTypeToJson(type.element)];
    case "object": {
      const attributes: { [name: string]: CtyTypeJson } = {};
      for (const [name, attributeType] of Object.entries(type.attributes)) attributes[name] = ctyTypeToJson(attributeType);
      return ["object", attributes];
    }
  }
}

/** Equality that knows sets are unordered; UNKNOWN equals only UNKNOWN. */
export function typedEqual(type: CtyType, a: Value, b: Value): boolean {
  if (a === null || b === null || isUnknown(a) || isUnknown(b)) return a === b;
  switch (type.kind) {
    case "set":
      return Array.isArray(a) && Array.isArray(b) && setsEqual(type.element, a, b);
    case "list":
      return (
        Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => typedEqual(type.element, item, b[i]))
      );
    case "map":
      return isObject(a) && isObject(b) && sameKeys(a, b) && Object.keys(a).every((k) => typedEqual(type.element, a[k], b[k]));
    case "object":
      return isObject(a) && isObject(b) && Object.entries(type.attributes).every(([k, t]) => typedEqual(t, a[k] ?? null, b[k] ?? null));
    default:
      return valuesEqual(a, b);
  }
}

function setsEqual(element: CtyType, a: Value[], b: Value[]): boolean {
  if (a.length !== b.length) return false;
  const unmatched = [...b];
  for (const item of a) {
    const index = unmatched.findIndex((candidate) => typedEqual(element, item, candidate));
    if (index < 0) return false;
    unmatched.splice(index, 1);
  }
  return true;
}

function sameKeys(a: object, b: object): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => k in b);
}
