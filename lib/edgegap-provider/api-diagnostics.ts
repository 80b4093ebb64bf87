import { EdgegapApiError, formatProblem, ValidationProblem } from "../edgegap-api/errors";
import { DiagnosticError, PartialStateError } from "../provider-runtime";

/**
 * Edgegap's failures as Terraform diagnostics: the summary says what we were doing, the detail is the client's
 * message (status, the API's message, method, path and a hint; secrets already scrubbed by the client), plus the
 * provider setting to change when a timeout or the deadline was what gave up.
 */
export function apiFailure(summary: string, error: unknown): Error {
  if (error instanceof DiagnosticError) return error;
  if (error instanceof EdgegapApiError) return new DiagnosticError(summary, { detail: error.message + settingHint(error) });
  return error instanceof Error ? error : new Error(String(error));
}

function settingHint(error: EdgegapApiError): string {
  if (error.kind === "deadline_exceeded") {
    return " The deadline is the provider's operation_timeout_seconds (EdgegapProvider operationTimeoutSeconds).";
  }
  if (error.kind === "timeout") {
    return " The per-request timeout is the provider's request_timeout_seconds (EdgegapProvider requestTimeoutSeconds).";
  }
  return "";
}

/**
 * A failed create of a version. When Edgegap may have acted on the request all the same (it timed out, was
 * cancelled by Ctrl-C, lost its connection or got a 5xx after it was sent), the version may exist: forgetting it would
 * leave an orphan that the next apply's create collides with (409). So its planned state goes back with the error: Terraform keeps
 * it, tainted, and the next plan looks for it (read), then replaces it if it is there or creates it if it is not.
 */
export function versionCreateFailure(summary: string, error: unknown, planned: { readonly [name: string]: unknown }): Error {
  const failure = apiFailure(summary, error);
  if (!(error instanceof EdgegapApiError) || !error.mayHaveApplied || !(failure instanceof DiagnosticError)) return failure;
  const detail = `${failure.diagnostic.detail} Edgegap may have created the version all the same: it is kept in ` +
    "Terraform's state marked tainted, and the next apply checks whether it exists and replaces it if it does.";
  return new PartialStateError(new DiagnosticError(summary, { detail }), planned);
}

/**
 * A failed create of an application. Unlike a version, it is never kept in state: Terraform replaces a tainted
 * object, and deleting an application deletes every version in it, so a wrong guess would cost far more than it
 * saves. When Edgegap may have created it all the same, the message says how to adopt it.
 */
export function appCreateFailure(summary: string, error: unknown, name: string): Error {
  const failure = apiFailure(summary, error);
  if (!(error instanceof EdgegapApiError) || !error.mayHaveApplied || !(failure instanceof DiagnosticError)) return failure;
  const detail = `${failure.diagnostic.detail} Edgegap may have created the application all the same: if the next ` +
    `apply says the name is taken, adopt it with terraform import <address> ${name}.`;
  return new DiagnosticError(summary, { detail });
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
