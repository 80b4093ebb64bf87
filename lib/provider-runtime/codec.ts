import { Decoder, Encoder, ExtData } from "@msgpack/msgpack";
import { CtyType } from "./cty-type";
import { AttributePath, DiagnosticError, formatPath, PathStep } from "./diagnostics";
import { decodeNumber, encodeNumber } from "./numbers";
import { isObject, ObjectValue, UNKNOWN, Value } from "./values";

/**
 * DynamicValue codec driven by the schema's type (see the number policy in numbers.ts).
 *
 * In: msgpack (what Terraform sends) or JSON; any msgpack extension is UNKNOWN; missing object attributes are null and
 * attributes the type does not know are dropped. Out: always msgpack, every object attribute present, UNKNOWN as
 * `d4 00 00` (fixext1, type 0); an attribute the type does not know is an error (a typo in provider code).
 */
export interface DynamicValueMessage {
  readonly msgpack?: Uint8Array | null;
  readonly json?: Uint8Array | null;
}

const encoder = new Encoder({ useBigInt64: true });
const decoder = new Decoder({ useBigInt64: true });
const UNKNOWN_WIRE = new ExtData(0, new Uint8Array([0]));

export function decodeDynamicValue(type: CtyType, message: DynamicValueMessage | null | undefined): Value {
  if (message?.msgpack && message.msgpack.length > 0) return decodeMsgpack(type, message.msgpack);
  if (message?.json && message.json.length > 0) return decodeJson(type, message.json);
  return null;
}

export function encodeDynamicValue(type: CtyType, value: Value | undefined): { msgpack: Uint8Array } {
  return { msgpack: encodeMsgpack(type, value ?? null) };
}

export function decodeMsgpack(type: CtyType, bytes: Uint8Array): Value {
  return fromWire(type, decoder.decode(bytes), []);
}

export function encodeMsgpack(type: CtyType, value: Value): Uint8Array {
  return encoder.encode(toWire(type, value, []));
}

/** JSON has no unknowns; big numbers lose precision in JSON.parse before we see them (JSON input is rare). */
export function decodeJson(type: CtyType, bytes: Uint8Array | string): Value {
  return fromWire(type, JSON.parse(typeof bytes === "string" ? bytes : Buffer.from(bytes).toString("utf8")), []);
}

/** Shapes plain data (decoded msgpack or JSON, or what provider code returned) into a value of `type`. */
export function fromWire(type: CtyType, raw: unknown, path: AttributePath): Value {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof ExtData || raw === UNKNOWN) return UNKNOWN;
  switch (type.kind) {
    case "string":
      if (typeof raw !== "string") throw mismatch("a string", raw, path);
      return raw;
    case "bool":
      if (typeof raw !== "boolean") throw mismatch("a bool", raw, path);
      return raw;
    case "number":
      if (typeof raw !== "number" && typeof raw !== "bigint" && typeof raw !== "string") throw mismatch("a number", raw, path);
      return decodeNumber(raw, path);
    case "list":
    case "set":
      if (!Array.isArray(raw)) throw mismatch(`a ${type.kind}`, raw, path);
      return raw.map((item, index) => fromWire(type.element, item, [...path, { index }]));
    case "map": {
      if (!isObject(raw)) throw mismatch("a map", raw, path);
      const map: ObjectValue = {};
      for (const [key, item] of Object.entries(raw)) map[key] = fromWire(type.element, item, [...path, { key }]);
      return map;
    }
    case "object": {
      if (!isObject(raw)) throw mismatch("an object", raw, path);
      const object: ObjectValue = {};
      for (const [name, attributeType] of Object.entries(type.attributes)) {
        object[name] = fromWire(attributeType, raw[name], [...path, { attribute: name }]);
      }
      return object;
    }
  }
}

/** The inverse of fromWire: plain data ready for the msgpack encoder. */
export function toWire(type: CtyType, value: Value | undefined, path: AttributePath): unknown {
  if (value === null || value === undefined) return null;
  if (value === UNKNOWN) return UNKNOWN_WIRE;
  switch (type.kind) {
    case "string":
      if (typeof value !== "string") throw mismatch("a string", value, path);
      return value;
    case "bool":
      if (typeof value !== "boolean") throw mismatch("a bool", value, path);
      return value;
    case "number":
      if (typeof value !== "number" && typeof value !== "bigint") throw mismatch("a number", value, path);
      return encodeNumber(value, path);
    case "list":
    case "set":
      if (!Array.isArray(value)) throw mismatch(`a ${type.kind}`, value, path);
      return value.map((item, index) => toWire(type.element, item, [...path, { index }]));
    case "map": {
      if (!isObject(value)) throw mismatch("a map", value, path);
      const map: { [key: string]: unknown } = {};
      for (const [key, item] of Object.entries(value)) map[key] = toWire(type.element, item, [...path, { key }]);
      return map;
    }
    case "object": {
      if (!isObject(value)) throw mismatch("an object", value, path);
      const stray = Object.keys(value).find((name) => !(name in type.attributes));
      if (stray !== undefined) {
        const where = [...path, { attribute: stray }];
        throw new DiagnosticError("Value does not match the schema", {
          detail: `${formatPath(where)} is not an attribute of the schema (known: ${Object.keys(type.attributes).join(", ")})`,
          path: where,
        });
      }
      const object: { [name: string]: unknown } = {};
      for (const [name, attributeType] of Object.entries(type.attributes)) {
        object[name] = toWire(attributeType, value[name], [...path, { attribute: name }]);
      }
      return object;
    }
  }
}

function mismatch(expected: string, actual: unknown, path: readonly PathStep[]): DiagnosticError {
  const where = path.length > 0 ? formatPath(path) : "the value";
  return new DiagnosticError("Value does not match the schema", {
    detail: `${where} must be ${expected}, got ${describe(actual)}`,
    ...(path.length > 0 ? { path } : {}),
  });
}

/** Names the kind of a bad value without echoing it: it could be a secret. */
function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value instanceof Uint8Array) return "binary data";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
