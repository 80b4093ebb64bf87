import { toWire } from "./codec";
import { Attributes } from "./schema";

/**
 * Checks a schema when a provider or resource is defined, so a mistake fails at start-up with the attribute's name
 * and the rule, not as an obscure Terraform error later.
 */
const NAME = /^[a-z_][a-z0-9_]*$/;

export function checkAttributes(owner: string, attributes: Attributes, prefix = ""): void {
  for (const [name, attribute] of Object.entries(attributes)) {
    const where = `${owner}: attribute "${prefix}${name}"`;
    if (!NAME.test(name)) throw new Error(`${where}: names must match ${NAME} (lower case letters, digits, underscores)`);
    if (attribute.required && (attribute.optional || attribute.computed)) {
      throw new Error(`${where}: required excludes optional and computed`);
    }
    if (!attribute.required && !attribute.optional && !attribute.computed) {
      throw new Error(`${where}: must be required, optional or computed (or optional + computed)`);
    }
    if (attribute.default !== undefined) {
      if (!(attribute.optional && attribute.computed)) throw new Error(`${where}: a default needs optional: true and computed: true`);
      try {
        toWire(attribute.type, attribute.default, []);
      } catch (error) {
        throw new Error(`${where}: the default does not match the attribute's type (${(error as Error).message})`);
      }
    }
    const computedOnly = attribute.planModifiers.find((m) => m.computedOnly);
    if (!attribute.computed && computedOnly) {
      throw new Error(`${where}: the plan modifier "${computedOnly.description}" only applies to computed attributes`);
    }
    if (attribute.nested) {
      if (Object.keys(attribute.nested.attributes).length === 0) throw new Error(`${where}: nested attributes need at least one attribute`);
      checkAttributes(owner, attribute.nested.attributes, `${prefix}${name}.`);
    }
  }
}
