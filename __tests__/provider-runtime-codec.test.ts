import { decodeDynamicValue, decodeMsgpack, encodeDynamicValue, encodeMsgpack } from "../lib/provider-runtime/codec";
import { CtyType, ctyTypeToJson, typedEqual } from "../lib/provider-runtime/cty-type";
import { DiagnosticError } from "../lib/provider-runtime/diagnostics";
import { UNKNOWN, Value } from "../lib/provider-runtime/values";

const string: CtyType = { kind: "string" };
const number: CtyType = { kind: "number" };
const bool: CtyType = { kind: "bool" };
const object = (attributes: { [name: string]: CtyType }): CtyType => ({ kind: "object", attributes });

/** Hex with readable strings, like the protocol notes: 84 a2"id" c0 ... */
const hex = (text: string) => Buffer.from(text.replace(/"([^"]*)"/g, (_, s: string) => Buffer.from(s).toString("hex")).replace(/\s+/g, ""), "hex");

describe("msgpack codec against wire bytes", () => {
  const demo = object({ id: string, name: string, secret: string, value: string });
  const wire = hex(`84 a2"id" c0 a4"name" ac"unknown-test" a6"secret" c0 a5"value" d4 00 00`);

  it("decodes the bytes Terraform sent in the spike (nulls, a string, an unknown)", () => {
    expect(decodeMsgpack(demo, wire)).toEqual({ id: null, name: "unknown-test", secret: null, value: UNKNOWN });
  });

  it("encodes the same value to the same bytes: every attribute present, unknown as d4 00 00", () => {
    const value: Value = { id: null, name: "unknown-test", secret: null, value: UNKNOWN };
    expect(Buffer.from(encodeMsgpack(demo, value)).toString("hex")).toBe(wire.toString("hex"));
  });

  it("writes absent attributes as nil", () => {
    expect(Buffer.from(encodeMsgpack(demo, { name: "x" })).toString("hex")).toBe(
      hex(`84 a2"id" c0 a4"name" a1"x" a6"secret" c0 a5"value" c0`).toString("hex"),
    );
  });

  it("treats every extension type as unknown, including refined unknowns (ext 12)", () => {
    // fixext1 type 0; ext8 type 12 with a refinement map {1: false} (not null); fixext4 type 5.
    expect(decodeMsgpack(string, hex("d4 00 00"))).toBe(UNKNOWN);
    expect(decodeMsgpack(string, hex("c7 03 0c 81 01 c2"))).toBe(UNKNOWN);
    expect(decodeMsgpack(number, hex("d6 05 00 00 00 00"))).toBe(UNKNOWN);
  });

  it("decodes numbers from int, float and decimal string", () => {
    expect(decodeMsgpack(number, hex("07"))).toBe(7);
    expect(decodeMsgpack(number, hex("d1 fc 18"))).toBe(-1000);
    expect(decodeMsgpack(number, hex("cb 3f f8 00 00 00 00 00 00"))).toBe(1.5);
    expect(decodeMsgpack(number, hex("cf 00 00 00 00 00 00 10 00"))).toBe(4096);
    expect(decodeMsgpack(number, Buffer.from(encodeMsgpackRaw("12.25")))).toBe(12.25);
    expect(decodeMsgpack(number, Buffer.from(encodeMsgpackRaw("100000000000000000000")))).toBe(1e20);
  });

  it("refuses integers JavaScript cannot hold exactly, naming the attribute", () => {
    const type = object({ count: number });
    const bytes = hex(`81 a5"count" cf 00 20 00 00 00 00 00 01`); // 2^53 + 1
    expect(() => decodeMsgpack(type, bytes)).toThrow(DiagnosticError);
    expect(() => decodeMsgpack(type, bytes)).toThrow(/count = 9007199254740993 cannot be represented exactly/);
  });

  it("encodes integral numbers as ints, others as float64, big ones exactly", () => {
    expect(Buffer.from(encodeMsgpack(number, 7)).toString("hex")).toBe("07");
    expect(Buffer.from(encodeMsgpack(number, -1000)).toString("hex")).toBe("d1fc18");
    expect(Buffer.from(encodeMsgpack(number, 1.5)).toString("hex")).toBe("cb3ff8000000000000");
    expect(Buffer.from(encodeMsgpack(number, 1e20)).toString("hex")).toBe("cb4415af1d78b58c40");
    expect(Buffer.from(encodeMsgpack(number, 2n ** 70n as unknown as Value)).toString("hex")).toBe(
      Buffer.from(encodeMsgpackRaw("1180591620717411303424")).toString("hex"),
    );
    expect(() => encodeMsgpack(number, NaN)).toThrow(/NaN/);
  });

  it("round-trips collections, nested objects and unknowns inside them", () => {
    const type = object({
      tags: { kind: "map", element: string },
      ports: { kind: "list", element: object({ port: number, protocol: string }) },
      ids: { kind: "set", element: string },
      enabled: bool,
    });
    const value: Value = {
      tags: { env: "prod", team: UNKNOWN },
      ports: [{ port: 7777, protocol: "UDP" }, { port: UNKNOWN, protocol: null }],
      ids: ["b", "a"],
      enabled: false,
    };
    expect(decodeMsgpack(type, encodeMsgpack(type, value))).toEqual(value);
  });

  it("accepts JSON DynamicValues on input (dropping keys the schema lacks) but always answers msgpack", () => {
    const type = object({ name: string, size: number });
    const decoded = decodeDynamicValue(type, { json: Buffer.from('{"name":"a","size":3,"old":true}') });
    expect(decoded).toEqual({ name: "a", size: 3 });
    expect(encodeDynamicValue(type, decoded)).toEqual({ msgpack: expect.any(Uint8Array) });
    expect(decodeDynamicValue(type, { msgpack: Buffer.alloc(0), json: Buffer.alloc(0) })).toBeNull();
  });

  it("reports a type mismatch with the path, without echoing the value", () => {
    const type = object({ ports: { kind: "list", element: object({ port: number }) } });
    expect(() => encodeMsgpack(type, { ports: [{ port: "s3cr3t" }] })).toThrow(/ports\[0\]\.port must be a number, got a string/);
    expect(() => encodeMsgpack(type, { ports: [{ port: "s3cr3t" }] })).not.toThrow(/s3cr3t/);
    expect(() => encodeMsgpack(type, { portz: [] })).toThrow(/portz is not an attribute of the schema/);
  });
});

describe("cty types", () => {
  it("serialises type constraints as Terraform's JSON", () => {
    expect(JSON.stringify(ctyTypeToJson(string))).toBe('"string"');
    expect(ctyTypeToJson({ kind: "list", element: object({ a: bool }) })).toEqual(["list", ["object", { a: "bool" }]]);
  });

  it("compares sets without regard to order", () => {
    const set: CtyType = { kind: "set", element: string };
    expect(typedEqual(set, ["a", "b"], ["b", "a"])).toBe(true);
    expect(typedEqual(set, ["a", "a"], ["a", "b"])).toBe(false);
    expect(typedEqual({ kind: "list", element: string }, ["a", "b"], ["b", "a"])).toBe(false);
  });
});

function encodeMsgpackRaw(text: string): Uint8Array {
  // A msgpack fixstr/str8 holding a decimal number, as Terraform sends numbers beyond float64.
  const bytes = Buffer.from(text);
  return Buffer.concat([bytes.length < 32 ? Buffer.from([0xa0 | bytes.length]) : Buffer.from([0xd9, bytes.length]), bytes]);
}
