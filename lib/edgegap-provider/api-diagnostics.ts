import { EdgegapApiError, formatProblem, ValidationProblem } from "../edgegap-api/errors";
import { DiagnosticError } from "../provider-runtime";

/**
 * Edgegap's failures as Terraform diagnostics: the summary says what we were doing, the detail is the client's
 * message (status, the API's message, method, path and a hint; secrets already scrubbed by the client).
 */
export function apiFailure(summary: string, error: unknown): Error {
  if (error instanceof DiagnosticError) return error;
  if (error instanceof EdgegapApiError) return new DiagnosticError(summary, { detail: error.message });
  return error instanceof Error ? error : new Error(String(error));
}

/** Pre-request validation problems as one error diagnostic at the first problem's attribute. */
export function validationFailure(summary: string, problems: readonly ValidationProblem[]): DiagnosticError {
  return new DiagnosticError(summary, {
    detail: problems.map(formatProblem).join("\n"),
    path: upToListElement(wirePathSteps(problems[0].path)),
  });
}

/**
 * Terraform (1.11) finds a diagnostic's path in configuration only among a resource's own attributes (and an element
 * of a list written in place): a path into a nested object such as `ports[1].protocol` makes it quote the end of the
 * resource block instead. So the path stops at the list element; the detail names the field.
 */
function upToListElement(steps: (string | number)[]): (string | number)[] {
  const index = steps.findIndex((step) => typeof step === "number");
  return index < 0 ? steps : steps.slice(0, index + 1);
}

/** `ports[1].protocol` → ["ports", 1, "protocol"], the attribute path Terraform underlines. */
export function wirePathSteps(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    steps.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return steps;
}
