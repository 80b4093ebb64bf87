/**
 * edgegap-cdktf: ship game servers from Google Cloud registries to Edgegap with CDKTF.
 *
 * The public API: constructs, the cdktf bindings of our Edgegap provider, splitRepository and the Edgegap API client.
 */
export {};
