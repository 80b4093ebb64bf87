import { DiagnosticOptions, PathInput } from "./diagnostics";
import { Logger } from "./logging";
import { ApplyPlanOf, Attributes, PlanOf, StateOf } from "./schema";
import { checkAttributes } from "./schema-rules";

/**
 * A managed resource: its schema beside its CRUD, in the spirit of terraform-plugin-framework. The runtime does the
 * protocol work (codec, plan rules, apply checks, diagnostics); the hooks only talk to the real system.
 * `C` is the provider's client, what the provider's `configure` returned.
 */
export interface ResourceContext<C> {
  readonly typeName: string;
  /** The configured provider client. Reading it before Terraform configured the provider throws a clear error. */
  readonly provider: C;
  /** Aborted when Terraform asks the provider to stop (Ctrl-C): pass it to HTTP requests. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Adds a warning diagnostic. Errors: throw a DiagnosticError (or any error). */
  warn(summary: string, options?: DiagnosticOptions): void;
}

export interface PlanContext<C> extends ResourceContext<C> {
  /** Marks a change at this path as needing a new resource ("forces replacement"). */
  requireReplace(path: PathInput): void;
}

export interface ResourceDefinition<A extends Attributes, C = unknown> {
  /** Full type name, prefixed by the provider's name: "toy_thing". */
  readonly typeName: string;
  readonly description?: string;
  /** Schema version; bump it when stored state needs `upgradeState`. Defaults to 0. */
  readonly version?: number;
  readonly attributes: A;

  /** Checks configuration beyond the schema (values may be UNKNOWN). Throw a DiagnosticError or call ctx.warn. */
  validate?(request: { readonly config: PlanOf<A> }, ctx: ResourceContext<C>): void | Promise<void>;
  /**
   * Resource-level plan logic after the runtime's rules and attribute plan modifiers: change `plan` in place
   * (e.g. mark an attribute UNKNOWN when a write-only secret changed in configuration), or ctx.requireReplace().
   * Not called for destroys.
   */
  modifyPlan?(
    request: { readonly prior: StateOf<A> | null; readonly plan: PlanOf<A>; readonly config: PlanOf<A> },
    ctx: PlanContext<C>,
  ): void | Promise<void>;
  /** Creates the object; returns the new state: every planned known value unchanged, every UNKNOWN filled. */
  create(request: { readonly plan: ApplyPlanOf<A>; readonly config: StateOf<A> }, ctx: ResourceContext<C>): Promise<StateOf<A>> | StateOf<A>;
  /** Refreshes state from the real object; null when it is gone (Terraform then plans to create it again). */
  read(request: { readonly state: StateOf<A> }, ctx: ResourceContext<C>): Promise<StateOf<A> | null> | StateOf<A> | null;
  /** Updates in place; same contract as create. */
  update(
    request: { readonly prior: StateOf<A>; readonly plan: ApplyPlanOf<A>; readonly config: StateOf<A> },
    ctx: ResourceContext<C>,
  ): Promise<StateOf<A>> | StateOf<A>;
  delete(request: { readonly state: StateOf<A> }, ctx: ResourceContext<C>): Promise<void> | void;
  /** `terraform import`: state from an id (attributes left out are null); Terraform calls read next. */
  importState?(request: { readonly id: string }, ctx: ResourceContext<C>): Promise<Partial<StateOf<A>>> | Partial<StateOf<A>>;
  /** Converts stored state of an older schema `version` (the raw JSON attributes) to the current schema. */
  upgradeState?(
    request: { readonly version: number; readonly state: { [name: string]: unknown } },
    ctx: ResourceContext<C>,
  ): Promise<{ [name: string]: unknown }> | { [name: string]: unknown };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyResource<C = any> = ResourceDefinition<any, C>;

/** Checks the definition (names, attribute rules) and returns it, typed from its attributes. */
export function defineResource<A extends Attributes, C = unknown>(definition: ResourceDefinition<A, C>): ResourceDefinition<A, C> {
  if (!/^[a-z][a-z0-9]*_[a-z0-9_]+$/.test(definition.typeName)) {
    throw new Error(`resource type name "${definition.typeName}" must be "<provider>_<name>" in lower case (e.g. "toy_thing")`);
  }
  const version = definition.version ?? 0;
  if (!Number.isInteger(version) || version < 0) throw new Error(`${definition.typeName}: version ${version} must be an integer >= 0`);
  checkAttributes(definition.typeName, definition.attributes);
  return definition;
}
