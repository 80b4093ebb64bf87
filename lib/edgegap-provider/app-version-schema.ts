import { attr, requiresReplace, StateOf, useStateForUnknown } from "../provider-runtime";

/**
 * The `edgegap_app_version` schema. Each description says how a change is applied: "in place" fields go through
 * one PATCH (Edgegap's v1 PATCH accepts them); "replaces" fields cannot be patched (Edgegap's PATCH schema omits the
 * resources), so the version is deleted and created again.
 */
const portAttributes = {
  port: attr.number({ required: true, description: "Port the server listens on inside its container, 0 to 59999 (0: one-to-one mapping; name then required)." }),
  protocol: attr.string({ required: true, description: "TCP, UDP, TCP/UDP, HTTP, HTTPS, WS or WSS." }),
  to_check: attr.bool({ optional: true, computed: true, default: true, description: "Wait for the port to accept connections before a deployment is ready. Defaults to true." }),
  tls_upgrade: attr.bool({ optional: true, computed: true, default: false, description: "Terminate TLS in front of the port (HTTP and WS only). Defaults to false." }),
  name: attr.string({ optional: true, description: "Port name; deployments list their ports by it." }),
};

const envAttributes = {
  key: attr.string({ required: true, description: "Variable name, unique in the version." }),
  value: attr.string({
    required: true,
    sensitive: true,
    description: "Value, up to 4 KB. Sensitive for every variable, so a hidden one is never shown; hidden values are " +
      "never read back (Edgegap masks them), so their drift cannot be seen.",
  }),
  is_hidden: attr.bool({ optional: true, computed: true, default: false, description: "Encrypt the value so no API call can read it back. Defaults to false." }),
};

const inPlace = "Changes in place.";
const replaces = "Changing it replaces the version (Edgegap cannot patch it).";

export const appVersionAttributes = {
  id: attr.string({ computed: true, description: "`app/version`, the id `terraform import` takes." }),
  app: attr.string({ required: true, planModifiers: [requiresReplace()], description: `Application name. ${replaces}` }),
  name: attr.string({ required: true, description: "Version name, 1 to 64 characters, unique in the app. Renaming changes in place." }),
  docker_repository: attr.string({ required: true, description: `Registry host, e.g. gcr.io or us-docker.pkg.dev (Edgegap calls it repository). ${inPlace}` }),
  docker_image: attr.string({ required: true, description: `Image path without host or tag, lowercase, e.g. my-project/my-game. ${inPlace}` }),
  docker_tag: attr.string({ required: true, description: `Image tag. ${inPlace}` }),
  private_username: attr.string({ optional: true, description: `Registry username, e.g. _json_key for a Google service account key. ${inPlace}` }),
  private_token: attr.string({
    optional: true,
    sensitive: true,
    description: "Registry password, e.g. a Google service account key's JSON. Write-only: Edgegap never returns it, " +
      "so a change is detected from configuration and sent with one PATCH; after an import it is sent once. " + inPlace,
  }),
  req_cpu: attr.number({ required: true, planModifiers: [requiresReplace()], description: `vCPU units, 1024 = 1 vCPU, at least 100. ${replaces}` }),
  req_memory: attr.number({ required: true, planModifiers: [requiresReplace()], description: `Memory in MB, at least 100 and at most twice req_cpu. ${replaces}` }),
  req_video: attr.number({ optional: true, computed: true, default: 0, planModifiers: [requiresReplace()], description: `GPU units, 1024 = 1 GPU. Defaults to 0. ${replaces}` }),
  ports: attr.nestedList(portAttributes, { optional: true, description: `Ports exposed to players. ${inPlace} (the list is sent whole)` }),
  envs: attr.nestedList(envAttributes, { optional: true, description: `Environment variables injected into deployments. ${inPlace} (the list is sent whole)` }),
  is_active: attr.bool({ optional: true, computed: true, default: true, description: `Whether the version accepts deployments. Defaults to true. ${inPlace}` }),
  verify_image: attr.bool({
    optional: true,
    computed: true,
    default: false,
    description: "Ask Edgegap to pull the image with the credentials when the version is created or its image or " +
      "credentials change; a failed pull (424) is retried for the provider's image_pull_retry_seconds. Defaults to false. " + inPlace,
  }),
  force_cache: attr.bool({ optional: true, computed: true, default: false, description: `Preload the image at Edgegap's locations. Defaults to false. ${inPlace}` }),
  time_to_deploy: attr.number({ optional: true, computed: true, planModifiers: [useStateForUnknown()], description: `Seconds an image download may take before a deployment fails. Defaults to Edgegap's default. ${inPlace}` }),
  max_duration: attr.number({ optional: true, computed: true, default: 1440, description: `Minutes a deployment may run, -1 to 1440. Defaults to 1440. ${inPlace}` }),
  restart_policy: attr.string({ optional: true, computed: true, default: "always", description: `always, never or on_failure. Defaults to always. ${inPlace}` }),
  termination_grace_period_seconds: attr.number({ optional: true, computed: true, planModifiers: [useStateForUnknown()], description: `Seconds between SIGTERM and stop, 5 to 3600. Defaults to Edgegap's default. ${inPlace}` }),
  endpoint_storage: attr.string({ optional: true, description: `Endpoint Storage name receiving deployment logs. ${inPlace}` }),
  dns_config: attr.string({ optional: true, description: `DNS configuration identifier for custom deployment domains. ${inPlace}` }),
  will_deploy_in_mainland_china: attr.bool({ optional: true, computed: true, default: false, description: `Deploy to mainland China through Edgegap's gateway. Defaults to false. ${inPlace}` }),
  create_time: attr.string({ computed: true, planModifiers: [useStateForUnknown()], description: "When Edgegap created the version (YYYY-MM-DD HH:MM:SS.ffffff, UTC)." }),
  last_updated: attr.string({ computed: true, description: "When Edgegap last changed the version." }),
};

export type AppVersionState = StateOf<typeof appVersionAttributes>;
