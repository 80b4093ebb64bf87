/**
 * The Edgegap provider executable's entry: `npm run build` bundles it into dist/provider/terraform-provider-edgegap_vX,
 * which EdgegapProvider ships into every synthesized stack.
 */
import { serveProvider } from "../provider-runtime";
import { edgegapProvider } from "./provider";

serveProvider(edgegapProvider);
