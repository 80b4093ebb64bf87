import { DynamicValueMessage } from "./codec";

/**
 * TypeScript shapes of the tfplugin6 messages as grpc-services.ts decodes them (requests) and accepts them
 * (responses): the protocol's field names, enums by name, bytes as Buffer.
 */
export interface DiagnosticMessage {
  severity: "ERROR" | "WARNING";
  summary: string;
  detail: string;
  attribute?: AttributePathMessage;
}

export interface AttributePathMessage {
  steps: ({ attribute_name: string } | { element_key_string: string } | { element_key_int: number })[];
}

export interface SchemaAttributeMessage {
  name: string;
  type?: Buffer;
  nested_type?: { attributes: SchemaAttributeMessage[]; nesting: "SINGLE" | "LIST" | "SET" | "MAP" };
  description: string;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  description_kind: "PLAIN";
  deprecated: boolean;
}

export interface SchemaMessage {
  version: number;
  block: { version: number; attributes: SchemaAttributeMessage[]; description: string; description_kind: "PLAIN"; deprecated: boolean };
}

export interface ServerCapabilitiesMessage {
  plan_destroy: boolean;
  get_provider_schema_optional: boolean;
  move_resource_state: boolean;
}

export type DynamicValue = DynamicValueMessage | null;

export interface ValidateProviderConfigRequest {
  config: DynamicValue;
}
export interface ConfigureProviderRequest {
  terraform_version: string;
  config: DynamicValue;
}
export interface ValidateResourceConfigRequest {
  type_name: string;
  config: DynamicValue;
}
export interface UpgradeResourceStateRequest {
  type_name: string;
  version: number;
  raw_state: { json: Buffer; flatmap: { [key: string]: string } } | null;
}
export interface ReadResourceRequest {
  type_name: string;
  current_state: DynamicValue;
  private: Buffer;
}
export interface PlanResourceChangeRequest {
  type_name: string;
  prior_state: DynamicValue;
  proposed_new_state: DynamicValue;
  config: DynamicValue;
  prior_private: Buffer;
}
export interface ApplyResourceChangeRequest {
  type_name: string;
  prior_state: DynamicValue;
  planned_state: DynamicValue;
  config: DynamicValue;
  planned_private: Buffer;
}
export interface ImportResourceStateRequest {
  type_name: string;
  id: string;
}

export interface DiagnosticsResponse {
  diagnostics: DiagnosticMessage[];
}
