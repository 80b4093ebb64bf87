import { serveProvider } from "../../../lib/provider-runtime";
import { toyProvider } from "./provider";

serveProvider(toyProvider);
