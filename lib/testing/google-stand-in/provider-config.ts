import { attr, Attribute, types } from "../../provider-runtime";

/**
 * The google provider's configuration schema (hashicorp/google 6.50.0), as far as a stack can synthesize it with
 * `GoogleProvider` from @cdktf/provider-google 16.12.1: Terraform rejects a configuration naming an attribute the
 * schema lacks, so the stand-in accepts every one, even those it ignores (endpoints, batching, scopes, …).
 * Blocks of the real provider (batching, external_credentials: lists of at most one) are nested list attributes
 * here: cdktf writes both as a JSON array of objects.
 */

/** Services with a `<service>_custom_endpoint` attribute in 6.50.0. */
const CUSTOM_ENDPOINT_SERVICES = `
access_approval access_context_manager active_directory alloydb apigee apihub apikeys app_engine apphub
artifact_registry assured_workloads backup_dr beyondcorp big_query biglake bigquery_analytics_hub
bigquery_connection bigquery_data_transfer bigquery_datapolicy bigquery_reservation bigtable billing
binary_authorization blockchain_node_engine certificate_manager chronicle cloud_asset cloud_billing
cloud_build cloud_functions cloud_identity cloud_ids cloud_quotas cloud_resource_manager cloud_run
cloud_run_v2 cloud_scheduler cloud_tasks cloudbuildv2 clouddeploy clouddomains cloudfunctions2 colab composer
compute contact_center_insights container_analysis container_attached container_aws container_azure container
core_billing data_catalog data_fusion data_loss_prevention data_pipeline database_migration_service dataflow
dataplex dataproc dataproc_gdc dataproc_metastore datastream deployment_manager developer_connect dialogflow
dialogflow_cx discovery_engine dns document_ai document_ai_warehouse edgecontainer edgenetwork
essential_contacts eventarc filestore firebase_app_check firebase_app_hosting firebase_data_connect
firebaserules firestore gemini gke_backup gke_hub2 gke_hub gkeonprem healthcare iam2 iam3 iam_beta
iam_credentials iam iam_workforce_pool iap identity_platform integration_connectors integrations kms logging
looker lustre managed_kafka memcache memorystore migration_center ml_engine model_armor model_armor_global
monitoring netapp network_connectivity network_management network_security network_services notebooks
oracle_database org_policy os_config os_config_v2 os_login parallelstore parameter_manager
parameter_manager_regional privateca privileged_access_manager public_ca pubsub pubsub_lite
recaptcha_enterprise redis resource_manager resource_manager_v3 secret_manager secret_manager_regional
secure_source_manager security_center security_center_management security_center_v2 securityposture
service_management service_networking service_usage site_verification source_repo spanner sql
storage_batch_operations storage_control storage storage_insights storage_transfer tags tags_location tpu
transcoder vertex_ai vmwareengine vpc_access workbench workflows
`
  .trim()
  .split(/\s+/);

const optionalString = (description?: string, sensitive = false) =>
  attr.string({ optional: true, sensitive, ...(description !== undefined ? { description } : {}) });

const customEndpoints: { [name: string]: Attribute<string | null> } = Object.fromEntries(
  CUSTOM_ENDPOINT_SERVICES.map((service) => [`${service}_custom_endpoint`, optionalString()]),
);

export const providerAttributes = {
  project: optionalString("Default project of resources; else $GOOGLE_PROJECT, $GOOGLE_CLOUD_PROJECT, $GCLOUD_PROJECT, $CLOUDSDK_CORE_PROJECT."),
  region: optionalString("Default region; else $GOOGLE_REGION, $GCLOUD_REGION, $CLOUDSDK_COMPUTE_REGION."),
  zone: optionalString("Default zone; else $GOOGLE_ZONE, $GCLOUD_ZONE, $CLOUDSDK_COMPUTE_ZONE."),
  credentials: optionalString("Accepted and ignored (the stand-in only logs that it was given).", true),
  access_token: optionalString("Accepted and ignored (the stand-in only logs that it was given).", true),
  impersonate_service_account: optionalString(),
  impersonate_service_account_delegates: attr.of(types.list(types.string), { optional: true }),
  billing_project: optionalString(),
  user_project_override: attr.bool({ optional: true }),
  request_timeout: optionalString(),
  request_reason: optionalString(),
  scopes: attr.of(types.list(types.string), { optional: true }),
  default_labels: attr.of(types.map(types.string), { optional: true }),
  add_terraform_attribution_label: attr.bool({ optional: true }),
  terraform_attribution_label_addition_strategy: optionalString(),
  universe_domain: optionalString(),
  batching: attr.nestedList({ send_after: optionalString(), enable_batching: attr.bool({ optional: true }) }, { optional: true }),
  external_credentials: attr.nestedList(
    {
      audience: attr.string({ required: true }),
      service_account_email: attr.string({ required: true }),
      identity_token: attr.string({ required: true, sensitive: true }),
    },
    { optional: true },
  ),
  ...customEndpoints,
};

/** Where the real provider finds credentials in the environment, by kind. */
export const CREDENTIAL_ENVIRONMENT = [
  "GOOGLE_CREDENTIALS",
  "GOOGLE_CLOUD_KEYFILE_JSON",
  "GCLOUD_KEYFILE_JSON",
  "GOOGLE_APPLICATION_CREDENTIALS",
  "GOOGLE_OAUTH_ACCESS_TOKEN",
  "GOOGLE_IMPERSONATE_SERVICE_ACCOUNT",
] as const;

export const PROJECT_ENVIRONMENT = ["GOOGLE_PROJECT", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT"] as const;
export const REGION_ENVIRONMENT = ["GOOGLE_REGION", "GCLOUD_REGION", "CLOUDSDK_COMPUTE_REGION"] as const;
export const ZONE_ENVIRONMENT = ["GOOGLE_ZONE", "GCLOUD_ZONE", "CLOUDSDK_COMPUTE_ZONE"] as const;

/** The first of these variables that is set and not empty. */
export function firstFromEnvironment(names: readonly string[], env: NodeJS.ProcessEnv = process.env): string | null {
  for (const name of names) if (env[name]) return env[name]!;
  return null;
}
