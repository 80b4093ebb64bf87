/**
 * Wire models of Edgegap's v1 apps and app-versions API, written from the official OpenAPI spec (2026.04.24).
 * Field names are snake_case exactly as on the wire. Requests list what we may send; responses what we may read
 * (optional fields may be absent or null: the spec marks few of them required).
 */

/** Port protocols Edgegap documents (uppercase everywhere in its docs and clients). */
export const PORT_PROTOCOLS = ["TCP", "UDP", "TCP/UDP", "HTTP", "HTTPS", "WS", "WSS"] as const;
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

/** Protocols on which Edgegap offers a TLS proxy (`tls_upgrade`). */
export const TLS_UPGRADE_PROTOCOLS: readonly PortProtocol[] = ["HTTP", "WS"];

export const RESTART_POLICIES = ["always", "never", "on_failure"] as const;
/** What Edgegap does when the server process exits. */
export type RestartPolicy = (typeof RESTART_POLICIES)[number];

/** What Edgegap returns in place of a secret it stores encrypted (`private_token`, hidden env values). */
export const MASKED_SECRET_VALUE = "This value is set and encrypted";

/** A 1×1 transparent PNG in base64: the `image` (icon) an app needs when nobody cares about the icon. */
export const PLACEHOLDER_APP_IMAGE =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/**
 * An app version's scalar settings: sent on create, changeable by PATCH. The one list the validation, the provider's
 * request mapping and the idempotent-create check derive theirs from.
 */
export const APP_VERSION_SCALAR_SETTINGS = [
  "docker_repository",
  "docker_image",
  "docker_tag",
  "private_username",
  "private_token",
  "is_active",
  "verify_image",
  "force_cache",
  "time_to_deploy",
  "max_duration",
  "restart_policy",
  "termination_grace_period_seconds",
  "endpoint_storage",
  "dns_config",
  "will_deploy_in_mainland_china",
] as const;
/** Resources, set on create only: Edgegap refuses them in a PATCH. */
export const APP_VERSION_RESOURCE_FIELDS = ["req_cpu", "req_memory", "req_video"] as const;

// ---------------------------------------------------------------- apps

export interface CreateAppRequest {
  /** 3–64 characters; used in paths as `{app_name}`. */
  readonly name: string;
  /** Enable or disable deployments. */
  readonly is_active: boolean;
  /** The app's icon, base64 (see PLACEHOLDER_APP_IMAGE). */
  readonly image: string;
}

export interface UpdateAppRequest {
  /** Renames the app (3–64 characters). */
  readonly name?: string;
  readonly is_active?: boolean;
  readonly image?: string;
}

export interface Application {
  readonly name: string;
  readonly is_active: boolean;
  readonly image: string;
  /** `YYYY-MM-DD HH:MM:SS.ffffff`, no timezone (not RFC 3339). */
  readonly create_time: string;
  readonly last_updated: string;
  /** Legacy field some responses still carry. */
  readonly is_telemetry_agent_active?: boolean | null;
}

// ---------------------------------------------------------------- ports and env variables

export interface AppVersionPort {
  /** Internal listener port, 0–59999; 0 = one-to-one port mapping (then `name` is required). */
  readonly port: number;
  readonly protocol: PortProtocol;
  /** Port readiness check. @default true */
  readonly to_check?: boolean;
  /** TLS proxy, only on HTTP and WS. @default false */
  readonly tls_upgrade?: boolean;
  /** Custom port identifier; deployments key their ports by it. */
  readonly name?: string;
}

export interface AppVersionPortResponse {
  readonly port: number;
  readonly protocol: string;
  readonly to_check?: boolean;
  readonly tls_upgrade?: boolean;
  readonly name?: string | null;
}

export interface EnvVariable {
  /** Non-empty, unique within a version. */
  readonly key: string;
  /** Up to 4 KB (4096 bytes of UTF-8). */
  readonly value: string;
  /** Encrypt at rest; the API then never returns the value. @default false */
  readonly is_hidden?: boolean;
}

export interface EnvVariableResponse {
  readonly key: string;
  /** MASKED_SECRET_VALUE when `is_hidden`. */
  readonly value: string;
  readonly is_hidden?: boolean;
}

// ---------------------------------------------------------------- app versions

/** The fields a version has at creation and may change later with PATCH. */
export interface AppVersionSettings {
  /** Enable or disable deployments. @default true */
  readonly is_active?: boolean;
  /** Registry host (misnamed by Edgegap), e.g. `gcr.io`: no scheme, no path. */
  readonly docker_repository?: string;
  /** Namespaced image, lowercase, without host or tag, e.g. `project-name/repo`. */
  readonly docker_image?: string;
  readonly docker_tag?: string;
  /** Registry username, e.g. `_json_key` for a GCP service-account key. */
  readonly private_username?: string;
  /** Registry password or token (for GCP: the JSON key file). Write-only: the API masks it. */
  readonly private_token?: string;
  /** Ask Edgegap to pull the image with these credentials now; a failed pull answers 424. @default false */
  readonly verify_image?: boolean;
  /** Global image preloading. */
  readonly force_cache?: boolean;
  /** Seconds an image download may take before the deployment errors (spec: default 10, yet "minimum 15"). */
  readonly time_to_deploy?: number;
  /** Minutes a deployment may run, -1..1440. @default 1440 */
  readonly max_duration?: number;
  /** @default "always" */
  readonly restart_policy?: RestartPolicy;
  /** Seconds between SIGTERM and stop, 5–3600. */
  readonly termination_grace_period_seconds?: number;
  /** China gateway. @default false */
  readonly will_deploy_in_mainland_china?: boolean;
  /** DNS configuration identifier for custom deployment domains. */
  readonly dns_config?: string;
  readonly ports?: readonly AppVersionPort[];
  readonly envs?: readonly EnvVariable[];
  /** Endpoint storage name for deployment logs. Omit when unused: Edgegap answers 500 to "". */
  readonly endpoint_storage?: string;
}

export interface CreateAppVersionRequest extends AppVersionSettings {
  /** 1–64 characters, unique within the app. */
  readonly name: string;
  readonly docker_repository: string;
  readonly docker_image: string;
  readonly docker_tag: string;
  /** vCPU units, 1024 = 1 vCPU, at least 100. Immutable after creation. */
  readonly req_cpu: number;
  /** MB, at least 100 and at most 2 × req_cpu. Immutable after creation. */
  readonly req_memory: number;
  /** GPU units, 1024 = 1 GPU, at least 0. Immutable after creation. */
  readonly req_video?: number;
}

/** PATCH body: only the fields sent change; arrays (ports, envs) replace. `req_*` cannot be patched. */
export interface UpdateAppVersionRequest extends AppVersionSettings {
  /** Renames the version (1–64 characters). */
  readonly name?: string;
}

/** An app version as the API returns it. */
export interface AppVersion {
  readonly name: string;
  readonly create_time?: string;
  readonly last_updated?: string;
  readonly is_active?: boolean;
  readonly req_cpu: number;
  readonly req_memory: number;
  readonly req_video?: number | null;
  readonly docker_repository: string;
  readonly docker_image: string;
  readonly docker_tag: string;
  readonly private_username?: string | null;
  /** MASKED_SECRET_VALUE when set: never the secret. */
  readonly private_token?: string | null;
  readonly verify_image?: boolean | null;
  readonly force_cache?: boolean | null;
  /** Response only: global caching coverage 0–1. */
  readonly caching_percent?: number | null;
  readonly time_to_deploy?: number | null;
  readonly max_duration?: number | null;
  readonly restart_policy?: RestartPolicy | null;
  readonly termination_grace_period_seconds?: number | null;
  readonly will_deploy_in_mainland_china?: boolean | null;
  readonly dns_config?: string | null;
  readonly ports?: readonly AppVersionPortResponse[] | null;
  readonly envs?: readonly EnvVariableResponse[] | null;
  readonly endpoint_storage?: string | null;
}

// ---------------------------------------------------------------- envelopes

export interface Pagination {
  readonly number: number;
  readonly next_page_number: number | null;
  readonly previous_page_number: number | null;
  readonly paginator: { readonly num_pages: number };
  readonly has_next: boolean;
  readonly has_previous: boolean;
}

export interface ListAppsResponse {
  readonly applications?: readonly Application[];
  readonly total_count: number;
  readonly pagination: Pagination;
}

export interface ListAppVersionsResponse {
  readonly versions?: readonly AppVersion[];
  readonly total_count: number;
  readonly pagination: Pagination;
}

/** Create and PATCH of a version wrap it; GET returns it bare. */
export interface AppVersionEnvelope {
  readonly success: boolean;
  readonly version?: AppVersion;
}

export interface ApiErrorBody {
  readonly message: string;
}
