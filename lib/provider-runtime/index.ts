/**
 * A generic Terraform provider runtime (plugin protocol 6 over gRPC) for providers written in TypeScript.
 *
 *   const thing = defineResource({ typeName: "toy_thing", attributes: { ... }, create, read, update, delete });
 *   serveProvider(defineProvider({ name: "toy", attributes: { ... }, configure, resources: [thing] }));
 *
 * Bundle the entry with scripts/build-provider.js into one executable file Terraform can start.
 */
export { ApplyPlanOf, attr, Attribute, AttributeOptions, Attributes, NestingMode, PlanOf, Planned, StateOf } from "./schema";
export { Type, types, ValueOf } from "./types";
export { isUnknown, isWhollyKnown, known, UNKNOWN, Unknown, Value, ObjectValue } from "./values";
export { PlanModifier, PlanModifierRequest, PlanModifierResult, requiresReplace, requiresReplaceIf, useStateForUnknown } from "./plan-modifiers";
export {
  AttributePath,
  Diagnostic,
  DiagnosticError,
  DiagnosticOptions,
  errorDiagnostic,
  formatPath,
  PathInput,
  PathStep,
  warningDiagnostic,
} from "./diagnostics";
export { defineResource, PlanContext, ResourceContext, ResourceDefinition } from "./resource";
export { defineProvider, ProviderContext, ProviderDefinition } from "./provider";
export { createLogger, Logger, LogFields, LogLevel, logLevelFromEnv } from "./logging";
export { serveProvider } from "./server";
