/**
 * Diagnostics: how a provider reports errors and warnings to Terraform. They travel inside successful gRPC
 * responses (an RPC error status would surface as an unreadable "Plugin error"), optionally pointing at an
 * attribute so Terraform underlines the right line of configuration.
 */

/** One step of an attribute path: an attribute of an object, an element of a list, or an element of a map. */
export type PathStep = { readonly attribute: string } | { readonly index: number } | { readonly key: string };
export type AttributePath = readonly PathStep[];

/** Convenient spelling of a path: `"name"`, or `["ports", 0, "port"]`, or `["tags", { key: "env" }]` (steps also accepted). */
export type PathInput = string | readonly (string | number | PathStep)[];

export function toPath(input: PathInput): AttributePath {
  const steps = typeof input === "string" ? [input] : input;
  return steps.map((step) => (typeof step === "string" ? { attribute: step } : typeof step === "number" ? { index: step } : step));
}

/** `ports[0].port`, `tags["env"]`: the spelling Terraform users read in configuration. */
export function formatPath(path: AttributePath): string {
  let text = "";
  for (const step of path) {
    if ("attribute" in step) text += text === "" ? step.attribute : `.${step.attribute}`;
    else if ("index" in step) text += `[${step.index}]`;
    else text += `[${JSON.stringify(step.key)}]`;
  }
  return text;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
  readonly severity: Severity;
  readonly summary: string;
  readonly detail?: string;
  readonly path?: AttributePath;
}

export interface DiagnosticOptions {
  readonly detail?: string;
  readonly path?: PathInput;
}

export function errorDiagnostic(summary: string, options: DiagnosticOptions = {}): Diagnostic {
  return makeDiagnostic("error", summary, options);
}

export function warningDiagnostic(summary: string, options: DiagnosticOptions = {}): Diagnostic {
  return makeDiagnostic("warning", summary, options);
}

function makeDiagnostic(severity: Severity, summary: string, options: DiagnosticOptions): Diagnostic {
  return {
    severity,
    summary,
    ...(options.detail !== undefined ? { detail: options.detail } : {}),
    ...(options.path !== undefined ? { path: toPath(options.path) } : {}),
  };
}

/** Thrown by provider code to fail an operation with a precise error diagnostic (optionally on an attribute). */
export class DiagnosticError extends Error {
  readonly diagnostic: Diagnostic;

  constructor(summary: string, options: DiagnosticOptions & { readonly cause?: unknown } = {}) {
    super(options.detail ? `${summary}: ${options.detail}` : summary, { cause: options.cause });
    this.name = "DiagnosticError";
    this.diagnostic = errorDiagnostic(summary, options);
  }
}

/**
 * Thrown by create or update when the operation failed but may have left an object behind that Terraform must not
 * forget: say a create whose request may have reached the API before a timeout or a Ctrl-C. Terraform keeps `state`
 * with the error (a created object as tainted: the next plan refreshes it and, if it exists, replaces it) instead of
 * forgetting it and leaving it orphaned. Values left unknown in `state` are stored as null.
 */
export class PartialStateError extends DiagnosticError {
  constructor(
    failure: DiagnosticError,
    readonly state: { readonly [name: string]: unknown },
  ) {
    const { summary, detail, path } = failure.diagnostic;
    super(summary, { detail, path, cause: failure });
    this.name = "PartialStateError";
  }
}

/**
 * Any exception thrown by provider code becomes an error diagnostic: a DiagnosticError as given, anything else
 * under `summary` with the error's message as detail.
 */
export function diagnosticFromError(error: unknown, summary: string): Diagnostic {
  if (error instanceof DiagnosticError) return error.diagnostic;
  const detail = error instanceof Error ? error.message : String(error);
  return errorDiagnostic(summary, { detail });
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
