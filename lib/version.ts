/**
 * The package version, in one place: the provider executable, its Terraform source version and the API client's
 * user agent all carry it. A test checks it against package.json.
 */
export const PACKAGE_VERSION = "0.1.0";
