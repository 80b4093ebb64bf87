import { AttributePath, Diagnostic } from "./diagnostics";
import { AttributePathMessage, DiagnosticMessage } from "./messages";

/** Diagnostic → tfplugin6.Diagnostic; summary and detail pass through the redactor on the way out. */
export function diagnosticMessage(diagnostic: Diagnostic, redact: (text: string) => string): DiagnosticMessage {
  return {
    severity: diagnostic.severity === "error" ? "ERROR" : "WARNING",
    summary: redact(diagnostic.summary),
    detail: redact(diagnostic.detail ?? ""),
    ...(diagnostic.path && diagnostic.path.length > 0 ? { attribute: attributePathMessage(diagnostic.path) } : {}),
  };
}

export function attributePathMessage(path: AttributePath): AttributePathMessage {
  return {
    steps: path.map((step) =>
      "attribute" in step ? { attribute_name: step.attribute } : "index" in step ? { element_key_int: step.index } : { element_key_string: step.key },
    ),
  };
}
