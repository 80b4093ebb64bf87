import { AttributePath } from "./diagnostics";
import { isUnknown, Value } from "./values";

/**
 * Plan modifiers: small reusable pieces of per-attribute plan logic, run by the runtime in the order an attribute
 * lists them, after defaults and after computed attributes were marked unknown.
 */
export interface PlanModifierRequest {
  readonly path: AttributePath;
  /** The attribute's configuration value (may be UNKNOWN, null when left out). */
  readonly config: Value;
  /** The attribute's value in the prior state; null on create. */
  readonly prior: Value;
  /** The attribute's value planned so far. */
  readonly planned: Value;
  /** The resource is being created (no prior state). */
  readonly creating: boolean;
}

export interface PlanModifierResult {
  /** Replace the planned value. */
  readonly planned?: Value;
  /** Changing this attribute needs a new resource ("forces replacement"). */
  readonly requiresReplace?: boolean;
}

export interface PlanModifier {
  /** Says what the modifier does. */
  readonly description: string;
  /** Only meaningful on computed attributes: defining it on another attribute is an error. */
  readonly computedOnly?: boolean;
  modify(request: PlanModifierRequest, equal: (a: Value, b: Value) => boolean): PlanModifierResult | undefined;
}

/** A change of this attribute replaces the resource instead of updating it in place. */
export function requiresReplace(): PlanModifier {
  return requiresReplaceIf(() => true, "a change forces replacement");
}

/**
 * A change replaces the resource when `shouldReplace` says so, e.g. only when a value grows.
 * It is asked only for real changes (not on create, not when planned equals prior).
 */
export function requiresReplaceIf(
  shouldReplace: (request: PlanModifierRequest) => boolean,
  description = "a change may force replacement",
): PlanModifier {
  return {
    description,
    modify(request, equal) {
      if (request.creating || equal(request.planned, request.prior)) return undefined;
      return shouldReplace(request) ? { requiresReplace: true } : undefined;
    },
  };
}

/**
 * A computed value that does not change after creation (an id): keep the prior state's value instead of showing
 * "(known after apply)" on every update. Does nothing on create, or when configuration sets an unknown value.
 */
export function useStateForUnknown(): PlanModifier {
  return {
    description: "the value stays the same after creation",
    computedOnly: true,
    modify(request) {
      if (request.creating || request.prior === null || isUnknown(request.config) || !isUnknown(request.planned)) return undefined;
      return { planned: request.prior };
    },
  };
}
