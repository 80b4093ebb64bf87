import * as cdktf from "cdktf";

/**
 * A declarative description of a binding's Terraform arguments, so each binding states its arguments once and gets
 * both the JSON (`cdk.tf.json`) and the HCL (`cdktf synth --hcl`) renderings from it, the way generated bindings do
 * by hand for every attribute.
 */
export type ScalarKind = "string" | "number" | "boolean";

/** One field of an object inside a list argument: its camelCase name in the config and its type. */
export interface ObjectField {
  readonly from: string;
  readonly kind: ScalarKind;
}

/** One Terraform argument: a scalar read from a camelCase config property, or a list of objects. */
export type ArgumentSpec =
  | { readonly from: string; readonly kind: ScalarKind }
  | { readonly from: string; readonly kind: "objectList"; readonly fields: Readonly<Record<string, ObjectField>> };

/** Terraform argument name (snake_case) → how to read and render it. */
export type ArgumentTable = Readonly<Record<string, ArgumentSpec>>;

const JSON_MAPPERS: Record<ScalarKind, cdktf.Mapper> = {
  string: cdktf.stringToTerraform,
  number: cdktf.numberToTerraform,
  boolean: cdktf.booleanToTerraform,
};

const HCL_MAPPERS: Record<ScalarKind, cdktf.Mapper> = {
  string: cdktf.stringToHclTerraform,
  number: cdktf.numberToHclTerraform,
  boolean: cdktf.booleanToHclTerraform,
};

function objectMapper(fields: Readonly<Record<string, ObjectField>>, hcl: boolean): cdktf.Mapper {
  return (struct: any) => {
    if (!cdktf.canInspect(struct) || cdktf.Tokenization.isResolvable(struct)) {
      return struct;
    }
    const rendered: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(fields)) {
      const value = (hcl ? HCL_MAPPERS : JSON_MAPPERS)[field.kind](struct[field.from]);
      rendered[name] = hcl
        ? { value, isBlock: false, type: "simple", storageClassType: field.kind }
        : value;
    }
    return hcl ? renderHclObject(rendered) : rendered;
  };
}

/** Drops unset fields, as generated bindings do, so HCL output carries only what the user set. */
function renderHclObject(attrs: Record<string, any>): Record<string, any> {
  return Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined && v.value !== undefined));
}

/** The `cdk.tf.json` rendering of `config` according to `table`. */
export function synthesizeArguments(table: ArgumentTable, config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const value = config[spec.from];
    out[name] = spec.kind === "objectList"
      ? cdktf.listMapper(objectMapper(spec.fields, false), false)(value)
      : JSON_MAPPERS[spec.kind](value);
  }
  return out;
}

/** The `cdktf synth --hcl` rendering of `config` according to `table`. */
export function synthesizeHclArguments(table: ArgumentTable, config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const value = config[spec.from];
    out[name] = spec.kind === "objectList"
      ? {
        value: cdktf.listMapperHcl(objectMapper(spec.fields, true), false)(value),
        isBlock: false,
        type: "list",
        storageClassType: "objectList",
      }
      : { value: HCL_MAPPERS[spec.kind](value), isBlock: false, type: "simple", storageClassType: spec.kind };
  }
  return renderHclObject(out);
}
