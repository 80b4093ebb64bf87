import { attr, DiagnosticError, defineProvider, isUnknown } from "../../../lib/provider-runtime";
import { ThingStore } from "./store";
import { thing } from "./thing";

/** The toy provider: configuration names the JSON file that plays the cloud. */
export const toyProvider = defineProvider({
  name: "toy",
  description: "Test provider for lib/provider-runtime.",
  attributes: {
    store_path: attr.string({ optional: true, description: "The JSON file; defaults to $TOY_STORE_PATH." }),
  },
  configure({ config }) {
    const path = isUnknown(config.store_path) ? undefined : (config.store_path ?? process.env.TOY_STORE_PATH);
    if (!path) throw new DiagnosticError("Missing store path", { detail: "set store_path or TOY_STORE_PATH", path: "store_path" });
    return new ThingStore(path);
  },
  resources: [thing],
});
