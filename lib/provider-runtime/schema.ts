import { CtyType } from "./cty-type";
import type { PlanModifier } from "./plan-modifiers";
import { Type, types } from "./types";
import { Unknown, Value } from "./values";

/**
 * Attributes: what a provider or resource schema is made of, in the spirit of terraform-plugin-framework.
 * Each builder returns a description of the attribute that also carries its TypeScript type, so that
 * `StateOf<typeof attributes>` is the shape resource code reads and returns.
 */
export type NestingMode = "single" | "list" | "set" | "map";

export interface AttributeOptions<T> {
  readonly description?: string;
  /** Must be set in configuration. Excludes optional and computed. */
  readonly required?: boolean;
  /** May be set in configuration. */
  readonly optional?: boolean;
  /** Set by the provider (alone: read-only; with optional: the provider fills it when configuration leaves it out). */
  readonly computed?: boolean;
  /** Terraform hides the value in plans and output; the runtime also masks it in logs and diagnostics. */
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  /** Plan logic for this attribute, run in order: requiresReplace(), useStateForUnknown(), … */
  readonly planModifiers?: readonly PlanModifier[];
  /** Planned when configuration leaves the attribute out (optional + computed only). */
  readonly default?: T;
}

/**
 * `T`: the TypeScript type of the known value. `AtApply`: its type in the plan create/update receive, where only
 * what the provider computes can still be UNKNOWN.
 */
export interface Attribute<T, AtApply = unknown> {
  /** The attribute's whole type, nested attributes included. */
  readonly type: CtyType;
  readonly nested?: { readonly nesting: NestingMode; readonly attributes: Attributes };
  readonly description?: string;
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
  readonly sensitive: boolean;
  readonly deprecated: boolean;
  readonly planModifiers: readonly PlanModifier[];
  readonly default?: Value;
  /** Phantom types: never set. */
  readonly __value?: T;
  readonly __atApply?: AtApply;
}

export type Attributes = { readonly [name: string]: Attribute<unknown> };

/** Required attributes are never null once Terraform validated the configuration; all others may be. */
type Nullable<O> = O extends { readonly required: true } ? never : null;
/** At apply, configuration is known: a value can be UNKNOWN only if the provider computes it. */
type AtApply<O, T> = O extends { readonly computed: true } ? Planned<T> : T;

/** The known value of an object with these attributes: what read/create/update return. */
export type StateOf<A extends Attributes> = { -readonly [K in keyof A]: A[K] extends Attribute<infer T> ? T : never };

/** A value that may still contain UNKNOWN anywhere inside (plans, and configuration at plan time). */
export type Planned<T> = T extends null
  ? null
  : T extends readonly (infer E)[]
    ? Planned<E>[] | Unknown
    : T extends object
      ? { -readonly [K in keyof T]: Planned<T[K]> } | Unknown
      : T | Unknown;

export type PlanOf<A extends Attributes> = { -readonly [K in keyof A]: A[K] extends Attribute<infer T> ? Planned<T> : never };

/**
 * The plan create/update receive: configuration is wholly known at apply time, so only computed attributes
 * (the ones the provider fills) may still be UNKNOWN.
 */
export type ApplyPlanOf<A extends Attributes> = { -readonly [K in keyof A]: A[K] extends Attribute<unknown, infer P> ? P : never };

function build<T, P>(type: CtyType, options: AttributeOptions<unknown>, nested?: Attribute<T>["nested"]): Attribute<T, P> {
  return {
    type,
    ...(nested ? { nested } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
    required: options.required ?? false,
    optional: options.optional ?? false,
    computed: options.computed ?? false,
    sensitive: options.sensitive ?? false,
    deprecated: options.deprecated ?? false,
    planModifiers: options.planModifiers ?? [],
    ...(options.default !== undefined ? { default: options.default as Value } : {}),
  };
}

function nestedType(nesting: NestingMode, attributes: Attributes): CtyType {
  const object = objectType(attributes);
  return nesting === "single" ? object : { kind: nesting, element: object };
}

/** The object type implied by a set of attributes: the shape of a whole provider config or resource state. */
export function objectType(attributes: Attributes): CtyType {
  const cty: { [name: string]: CtyType } = {};
  for (const [name, attribute] of Object.entries(attributes)) cty[name] = attribute.type;
  return { kind: "object", attributes: cty };
}

type Opts<T> = AttributeOptions<T>;

export const attr = {
  string: <O extends Opts<string>>(options: O): Attribute<string | Nullable<O>, AtApply<O, string | Nullable<O>>> => build(types.string.cty, options),
  number: <O extends Opts<number>>(options: O): Attribute<number | Nullable<O>, AtApply<O, number | Nullable<O>>> => build(types.number.cty, options),
  bool: <O extends Opts<boolean>>(options: O): Attribute<boolean | Nullable<O>, AtApply<O, boolean | Nullable<O>>> => build(types.bool.cty, options),
  /** An attribute of any type built with `types`: lists, sets, maps and objects of primitives. */
  of: <T, O extends Opts<T>>(type: Type<T>, options: O): Attribute<T | Nullable<O>, AtApply<O, T | Nullable<O>>> => build(type.cty, options),
  /** Nested attributes (`nested_type`): one object, or a list, set or map of objects with their own attributes. */
  nested: <A extends Attributes, O extends Opts<StateOf<A>>>(attributes: A, options: O): Attribute<StateOf<A> | Nullable<O>, AtApply<O, ApplyPlanOf<A>> | Nullable<O>> =>
    build(nestedType("single", attributes), options, { nesting: "single", attributes }),
  nestedList: <A extends Attributes, O extends Opts<StateOf<A>[]>>(attributes: A, options: O): Attribute<StateOf<A>[] | Nullable<O>, AtApply<O, ApplyPlanOf<A>[]> | Nullable<O>> =>
    build(nestedType("list", attributes), options, { nesting: "list", attributes }),
  nestedSet: <A extends Attributes, O extends Opts<StateOf<A>[]>>(attributes: A, options: O): Attribute<StateOf<A>[] | Nullable<O>, AtApply<O, ApplyPlanOf<A>[]> | Nullable<O>> =>
    build(nestedType("set", attributes), options, { nesting: "set", attributes }),
  nestedMap: <A extends Attributes, O extends Opts<{ [key: string]: StateOf<A> }>>(
    attributes: A,
    options: O,
  ): Attribute<{ [key: string]: StateOf<A> } | Nullable<O>, AtApply<O, { [key: string]: ApplyPlanOf<A> }> | Nullable<O>> => build(nestedType("map", attributes), options, { nesting: "map", attributes }),
};
