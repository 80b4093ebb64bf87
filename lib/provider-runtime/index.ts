/**
 * A generic Terraform provider runtime (plugin protocol 6 over gRPC) for providers written in TypeScript.
 *
 *   const thing = defineResource({ typeName: "toy_thing", attributes: { ... }, create, read, update, delete });
 *   serveProvider(defineProvider({ name: "toy", attributes: { ... }, configure, resources: [thing] }));
 *
 * Bundle the entry with scripts/build-provider.js into one executable file Terraform can start.
 */
export { attr } from "./schema";
export type { ApplyPlanOf, Attribute, AttributeOptions, Attributes, NestingMode, PlanOf, Planned, StateOf } from "./schema";
export { types } from "./types";
export type { Type, ValueOf } from "./types";
export { isUnknown, isWhollyKnown, known, UNKNOWN } from "./values";
export type { Unknown, Value, ObjectValue } from "./values";
export { requiresReplace, requiresReplaceIf, useStateForUnknown } from "./plan-modifiers";
export type { PlanModifier, PlanModifierRequest, PlanModifierResult } from "./plan-modifiers";
export { DiagnosticError, errorDiagnostic, formatPath, PartialStateError, warningDiagnostic } from "./diagnostics";
export type { AttributePath, Diagnostic, DiagnosticOptions, PathInput, PathStep } from "./diagnostics";
export { defineResource } from "./resource";
export type { PlanContext, ResourceContext, ResourceDefinition } from "./resource";
export { defineProvider } from "./provider";
export type { ProviderContext, ProviderDefinition } from "./provider";
export { createLogger, logLevelFromEnv } from "./logging";
export type { Logger, LogFields, LogLevel } from "./logging";
export { serveProvider } from "./server";
