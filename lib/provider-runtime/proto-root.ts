import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Root } from "protobufjs";

/**
 * Loads our protocol definitions (proto/*.proto). From sources this parses the .proto text; the provider bundle
 * replaces this module with a JSON descriptor produced at build time (scripts/build-provider.js), so a provider
 * never pays for the protobuf parser at start-up. Field names keep the protocol's snake_case.
 */
export const PROTO_DIR = join(__dirname, "proto");

export function loadProtoRoot(): Root {
  if (!existsSync(PROTO_DIR)) {
    throw new Error(
      `${PROTO_DIR} does not exist: the provider runtime runs from its TypeScript sources (jest, ts-node) or from a bundle made by scripts/build-provider.js, which embeds the protocol`,
    );
  }
  const files = readdirSync(PROTO_DIR)
    .filter((name) => name.endsWith(".proto"))
    .sort()
    .map((name) => join(PROTO_DIR, name));
  const root = new Root().loadSync(files, { keepCase: true });
  root.resolveAll();
  return root;
}
