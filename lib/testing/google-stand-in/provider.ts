import { defineProvider, isUnknown } from "../../provider-runtime";
import { StandInCloud } from "./cloud";
import { CloudStore, defaultStatePath, wallTime } from "./cloud-state";
import { artifactRegistryRepositoryIamMember, projectIamMember, storageBucketIamMember } from "./iam-members";
import {
  CREDENTIAL_ENVIRONMENT,
  firstFromEnvironment,
  PROJECT_ENVIRONMENT,
  providerAttributes,
  REGION_ENVIRONMENT,
  ZONE_ENVIRONMENT,
} from "./provider-config";
import { serviceAccount } from "./service-account";
import { serviceAccountKey } from "./service-account-key";

/**
 * A stand-in for hashicorp/google, for offline tests only: the few resources our constructs use, with Google's
 * names, validation and computed values, backed by a JSON file instead of Google Cloud ($GOOGLE_STAND_IN_STATE).
 * It accepts any credentials (it has nothing to protect) and only records which kinds were given.
 */
export const googleStandIn = defineProvider({
  name: "google",
  description: "Offline stand-in for hashicorp/google (test support).",
  attributes: providerAttributes,
  async configure({ config }, ctx) {
    const store = new CloudStore(defaultStatePath());
    const given = (value: unknown) => value !== null && value !== undefined;
    const credentials = [
      ...(["credentials", "access_token", "impersonate_service_account", "external_credentials"] as const).filter((name) => given(config[name])),
      ...CREDENTIAL_ENVIRONMENT.filter((name) => Boolean(process.env[name])).map((name) => `$${name}`),
    ];
    const known = (value: unknown, environment: readonly string[]): string | null =>
      isUnknown(value) ? null : typeof value === "string" ? value : firstFromEnvironment(environment);
    const defaults = {
      project: known(config.project, PROJECT_ENVIRONMENT),
      region: known(config.region, REGION_ENVIRONMENT),
      zone: known(config.zone, ZONE_ENVIRONMENT),
    };
    ctx.log.info("google stand-in configured", { state: store.path, project: defaults.project, credentials: credentials.join(",") || "none" });
    await store.update(({ state }) =>
      state.configurations.push({ time: wallTime(), pid: process.pid, project: defaults.project, credentials }),
    );
    return new StandInCloud(store, defaults);
  },
  resources: [serviceAccount, serviceAccountKey, artifactRegistryRepositoryIamMember, projectIamMember, storageBucketIamMember],
});
