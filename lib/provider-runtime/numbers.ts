import { DiagnosticError, formatPath, AttributePath } from "./diagnostics";

/**
 * Number policy. Terraform numbers are arbitrary precision; provider code sees JavaScript numbers.
 *
 * Decoding accepts every wire form (msgpack int of any width, float, decimal string; JSON number):
 * - any value exactly representable as a float64 becomes a `number` (so 1e20 is fine, 2^53 + 1 is not);
 * - an integer that is not exactly representable is an error diagnostic naming the attribute, never a silent rounding;
 * - a non-integral decimal string (Terraform sends those only beyond float64 precision) becomes the nearest number.
 * Encoding: safe integers as msgpack int, other finite numbers (and ±Infinity) as float64, which is exact;
 * a `bigint` (accepted for convenience) as int64, or as a decimal string when it does not fit in 64 bits. NaN is an error.
 */
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

export function decodeNumber(raw: number | bigint | string, path: AttributePath): number {
  if (typeof raw === "number") return raw;
  if (typeof raw === "bigint") return exactInteger(raw, path);
  const text = raw.trim();
  if (/^[-+]?\d+$/.test(text)) return exactInteger(BigInt(text), path);
  const parsed = Number(text);
  if (text === "" || Number.isNaN(parsed)) {
    throw new DiagnosticError("Invalid number", { detail: `${formatPath(path)}: "${raw}" is not a decimal number`, path });
  }
  return parsed;
}

function exactInteger(value: bigint, path: AttributePath): number {
  const asNumber = Number(value);
  if (BigInt(asNumber) !== value) {
    throw new DiagnosticError("Number out of range", {
      detail: `${formatPath(path)} = ${value} cannot be represented exactly by this provider (integers must be within ±2^53 or exactly representable as a 64-bit float)`,
      path,
    });
  }
  return asNumber;
}

export function encodeNumber(value: number | bigint, path: AttributePath): number | bigint | string {
  if (typeof value === "bigint") return value >= INT64_MIN && value <= UINT64_MAX ? value : value.toString();
  if (Number.isNaN(value)) {
    throw new DiagnosticError("Invalid number", { detail: `${formatPath(path)} is NaN, which Terraform cannot store`, path });
  }
  return value;
}
