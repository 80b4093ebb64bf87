/** Where Terraform looks for the provider the stand-in replaces: what `GoogleProvider` synthesizes (source "google"). */
export const GOOGLE_STAND_IN_SOURCE = "registry.terraform.io/hashicorp/google";
/** The hashicorp/google version @cdktf/provider-google 16.12.1 binds and pins in `required_providers`. */
export const GOOGLE_STAND_IN_VERSION = "6.50.0";
