import { Logger } from "./logging";
import { AnyResource } from "./resource";
import { Attributes, PlanOf } from "./schema";
import { checkAttributes } from "./schema-rules";
import { DiagnosticOptions } from "./diagnostics";

/**
 * A provider: its configuration schema, how configuration becomes a client for the resources, and its resources.
 * Data sources and functions are not supported (the schema advertises none).
 */
export interface ProviderContext {
  readonly log: Logger;
  readonly signal: AbortSignal;
  warn(summary: string, options?: DiagnosticOptions): void;
}

export interface ProviderDefinition<A extends Attributes, C> {
  /** The provider's type name, the prefix of its resource types: "toy" for "toy_thing". */
  readonly name: string;
  /** Shown in logs; build scripts stamp the bundle's version here when left out. */
  readonly version?: string;
  readonly description?: string;
  readonly attributes: A;
  readonly resources: readonly AnyResource<C>[];
  /** Checks configuration beyond the schema (values may be UNKNOWN). */
  validate?(request: { readonly config: PlanOf<A> }, ctx: ProviderContext): void | Promise<void>;
  /**
   * Turns configuration into the client resources receive as `ctx.provider`. At plan time configuration may hold
   * UNKNOWN values (they depend on other resources): build what you can; Terraform configures again at apply.
   */
  configure?(request: { readonly config: PlanOf<A>; readonly terraformVersion: string }, ctx: ProviderContext): C | Promise<C>;
  /** Extra masking for every log line and diagnostic, beyond the values of sensitive attributes (masked always). */
  redact?(text: string): string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProvider = ProviderDefinition<any, any>;

export function defineProvider<A extends Attributes, C>(definition: ProviderDefinition<A, C>): ProviderDefinition<A, C> {
  if (!/^[a-z][a-z0-9]*$/.test(definition.name)) throw new Error(`provider name "${definition.name}" must be lower-case letters and digits`);
  checkAttributes(`provider ${definition.name}`, definition.attributes);
  const seen = new Set<string>();
  for (const resource of definition.resources) {
    if (!resource.typeName.startsWith(`${definition.name}_`)) {
      throw new Error(`resource type "${resource.typeName}" must start with the provider name: "${definition.name}_"`);
    }
    if (seen.has(resource.typeName)) throw new Error(`resource type "${resource.typeName}" is defined twice`);
    seen.add(resource.typeName);
  }
  return definition;
}
