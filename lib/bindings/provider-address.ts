import { PACKAGE_VERSION } from "../version";

/**
 * Where Terraform finds our Edgegap provider. The host is a `.local` name: that suffix is reserved for multicast DNS
 * (RFC 6762), so no public registry can ever serve it and no provider published later can collide with ours.
 * Terraform never contacts the host: it finds the executable in the stack's `terraform.d/plugins` mirror.
 */
export const EDGEGAP_PROVIDER_HOST = "edgegap-cdktf.local";
export const EDGEGAP_PROVIDER_NAMESPACE = "edgegap-cdktf";
export const EDGEGAP_PROVIDER_TYPE = "edgegap";
export const EDGEGAP_PROVIDER_SOURCE = `${EDGEGAP_PROVIDER_HOST}/${EDGEGAP_PROVIDER_NAMESPACE}/${EDGEGAP_PROVIDER_TYPE}`;

/** The provider is versioned with the package, so upgrading the package upgrades the provider in every stack. */
export const EDGEGAP_PROVIDER_VERSION = PACKAGE_VERSION;

/** The executable's file name, as Terraform's unpacked mirror layout expects it. */
export const EDGEGAP_PROVIDER_EXECUTABLE = `terraform-provider-${EDGEGAP_PROVIDER_TYPE}_v${EDGEGAP_PROVIDER_VERSION}`;
