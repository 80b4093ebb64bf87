import { ctyTypeToJson } from "./cty-type";
import { Attribute, Attributes } from "./schema";
import { SchemaAttributeMessage, SchemaMessage } from "./messages";

/** Our attribute descriptions → tfplugin6.Schema. A primitive/collection `type` is JSON bytes, e.g. `"string"` with quotes. */
export function schemaMessage(attributes: Attributes, options: { version?: number; description?: string } = {}): SchemaMessage {
  return {
    version: options.version ?? 0,
    block: {
      version: 0,
      attributes: attributeMessages(attributes),
      description: options.description ?? "",
      description_kind: "PLAIN",
      deprecated: false,
    },
  };
}

function attributeMessages(attributes: Attributes): SchemaAttributeMessage[] {
  return Object.entries(attributes).map(([name, attribute]) => attributeMessage(name, attribute));
}

function attributeMessage(name: string, attribute: Attribute<unknown>): SchemaAttributeMessage {
  const message: SchemaAttributeMessage = {
    name,
    description: attribute.description ?? "",
    required: attribute.required,
    optional: attribute.optional,
    computed: attribute.computed,
    sensitive: attribute.sensitive,
    description_kind: "PLAIN",
    deprecated: attribute.deprecated,
  };
  if (attribute.nested) {
    const nesting = attribute.nested.nesting.toUpperCase() as "SINGLE" | "LIST" | "SET" | "MAP";
    message.nested_type = { attributes: attributeMessages(attribute.nested.attributes), nesting };
  } else {
    message.type = Buffer.from(JSON.stringify(ctyTypeToJson(attribute.type)));
  }
  return message;
}
