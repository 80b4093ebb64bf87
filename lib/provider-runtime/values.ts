import { DiagnosticError } from "./diagnostics";

/**
 * Terraform values as the runtime hands them to provider code: plain JS data plus one sentinel for "unknown".
 *
 * string → string, number → number, bool → boolean, list/set → array, map/object → plain object, null → null.
 * A value Terraform will only know at apply time is the `UNKNOWN` symbol (refinements are dropped: the protocol
 * allows treating any unknown as wholly unknown).
 */
export const UNKNOWN: unique symbol = Symbol.for("provider-runtime.unknown");
export type Unknown = typeof UNKNOWN;

/** The value, which the caller knows cannot be UNKNOWN here; a clear error (naming `what`) if it is. */
export function known<T>(value: T | Unknown, what = "a value"): T {
  if (value === UNKNOWN) throw new DiagnosticError("Value unknown at apply time", { detail: `${what} is still unknown; the plan should have made it known` });
  return value;
}

export type Value = string | number | boolean | null | Unknown | Value[] | { [name: string]: Value };
export type ObjectValue = { [name: string]: Value };

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

/** True when no UNKNOWN is left anywhere inside the value. */
export function isWhollyKnown(value: Value): boolean {
  if (value === UNKNOWN) return false;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (isObject(value)) return Object.values(value).every(isWhollyKnown);
  return true;
}

export function isObject(value: unknown): value is ObjectValue {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality; UNKNOWN equals only UNKNOWN. Sets compare as lists here: callers canonicalise sets first. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => valuesEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => key in b && valuesEqual(a[key], b[key]));
  }
  return false;
}

export function cloneValue<T extends Value>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (isObject(value)) {
    const copy: ObjectValue = {};
    for (const [key, item] of Object.entries(value)) copy[key] = cloneValue(item);
    return copy as T;
  }
  return value;
}
