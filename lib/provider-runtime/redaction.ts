import { Attributes } from "./schema";
import { isObject, Value } from "./values";

/**
 * Keeps secrets out of logs and diagnostics. The runtime registers the value of every sensitive attribute it decodes
 * (provider configuration, resource configuration, plans and state), and masks them wherever they would appear;
 * a provider can add its own rule (`redact` in the provider definition) for secrets that are not attributes.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private sorted: string[] = [];

  constructor(private readonly extra?: (text: string) => string) {}

  /** Masks this string from now on. Very short values (under 4 characters) would mask ordinary text and are skipped. */
  addSecret(secret: string): void {
    if (secret.length < 4 || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) this.secrets.add(escaped);
    this.sorted = [...this.secrets].sort((a, b) => b.length - a.length);
  }

  /** Registers the values of the sensitive attributes found in `value` (an object of these attributes). */
  addSensitiveValues(attributes: Attributes, value: Value): void {
    if (!isObject(value)) return;
    for (const [name, attribute] of Object.entries(attributes)) {
      const item = value[name] ?? null;
      if (attribute.sensitive) this.addStrings(item);
      else if (attribute.nested) {
        const elements: Value[] = attribute.nested.nesting === "single" ? [item] : Array.isArray(item) ? item : isObject(item) ? Object.values(item) : [];
        for (const element of elements) this.addSensitiveValues(attribute.nested.attributes, element);
      }
    }
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.sorted) if (result.includes(secret)) result = result.split(secret).join("***");
    return this.extra ? this.extra(result) : result;
  }

  private addStrings(value: Value): void {
    if (typeof value === "string") this.addSecret(value);
    else if (Array.isArray(value)) value.forEach((item) => this.addStrings(item));
    else if (isObject(value)) Object.values(value).forEach((item) => this.addStrings(item));
  }
}
