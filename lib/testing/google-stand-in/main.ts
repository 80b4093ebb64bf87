import { serveProvider } from "../../provider-runtime";
import { googleStandIn } from "./provider";

// Entry point of the bundled stand-in executable (terraform-provider-google_v6.50.0).
serveProvider(googleStandIn);
