import { decodeDynamicValue, encodeDynamicValue } from "./codec";
import { CtyType } from "./cty-type";
import { attributePathMessage, diagnosticMessage } from "./diagnostic-message";
import { AttributePath, Diagnostic, DiagnosticError, diagnosticFromError, DiagnosticOptions, toPath, warningDiagnostic } from "./diagnostics";
import { Logger } from "./logging";
import * as m from "./messages";
import { AnyProvider, ProviderContext } from "./provider";
import { Redactor } from "./redaction";
import { AnyResource, PlanContext } from "./resource";
import * as ops from "./resource-operations";
import { Attributes, objectType } from "./schema";
import { schemaMessage } from "./schema-message";
import { Value } from "./values";

/**
 * The tfplugin6.Provider service for one provider definition: decodes requests, runs the provider or resource
 * logic, encodes responses (always msgpack). Every answer is a successful response; failures travel as
 * diagnostics. Calls run concurrently (Terraform applies up to 10 resources at once in one process).
 */
export type Handler = (request: unknown) => Promise<object>;

export interface ProviderServiceOptions {
  readonly logger: Logger;
  readonly redactor: Redactor;
}

export function createProviderService(provider: AnyProvider, options: ProviderServiceOptions): { [rpc: string]: Handler } {
  const { logger, redactor } = options;
  const resources = new Map<string, AnyResource>(provider.resources.map((r) => [r.typeName, r]));
  const types = new Map<string, CtyType>(provider.resources.map((r) => [r.typeName, objectType(r.attributes)]));
  const providerType = objectType(provider.attributes);
  const stop = new AbortController();
  let configured: { client: unknown } | undefined;

  const capabilities: m.ServerCapabilitiesMessage = { plan_destroy: false, get_provider_schema_optional: false, move_resource_state: false };
  let schemaResponse: object | undefined;

  const respond = (diagnostics: Diagnostic[], rest: object = {}) => {
    for (const d of diagnostics) if (d.severity === "error") logger.error(d.summary, { detail: d.detail });
    return { ...rest, diagnostics: diagnostics.map((d) => diagnosticMessage(d, (t) => redactor.redact(t))) };
  };
  const decode = (type: CtyType, attributes: Attributes, value: m.DynamicValue): Value => {
    const decoded = decodeDynamicValue(type, value);
    redactor.addSensitiveValues(attributes, decoded);
    return decoded;
  };
  const resourceFor = (typeName: string): AnyResource => {
    const resource = resources.get(typeName);
    if (!resource) throw new DiagnosticError("Unknown resource type", { detail: `this provider has no resource type "${typeName}"` });
    return resource;
  };
  const warner = (diagnostics: Diagnostic[]) => (summary: string, opts?: DiagnosticOptions) => diagnostics.push(warningDiagnostic(summary, opts));
  const providerContext = (diagnostics: Diagnostic[]): ProviderContext => ({ log: logger, signal: stop.signal, warn: warner(diagnostics) });
  const resourceContext = (typeName: string, diagnostics: Diagnostic[], replacePaths: AttributePath[] = []): PlanContext<unknown> => ({
    typeName,
    get provider() {
      if (!configured) throw new DiagnosticError("Provider not configured", { detail: `${typeName} needs the provider's configuration, which Terraform has not sent yet` });
      return configured.client;
    },
    signal: stop.signal,
    log: logger.with({ resource_type: typeName }),
    warn: warner(diagnostics),
    requireReplace: (path) => void replacePaths.push(toPath(path)),
  });

  /** Wraps a handler so anything thrown (bad input, provider code) becomes an error diagnostic. */
  const rpc =
    <Req>(name: string, handle: (request: Req, diagnostics: Diagnostic[]) => Promise<object>): Handler =>
    async (request: unknown) => {
      const diagnostics: Diagnostic[] = [];
      const typeName = (request as { type_name?: string }).type_name;
      logger.debug(`${name} called`, typeName ? { rpc: name, resource_type: typeName } : { rpc: name });
      try {
        return await handle(request as Req, diagnostics);
      } catch (error) {
        diagnostics.push(diagnosticFromError(error, `${name} failed`));
        return respond(diagnostics);
      }
    };

  return {
    GetMetadata: rpc("GetMetadata", async () =>
      respond([], { server_capabilities: capabilities, resources: [...resources.keys()].map((type_name) => ({ type_name })) }),
    ),

    GetProviderSchema: rpc("GetProviderSchema", async () => {
      schemaResponse ??= {
        provider: schemaMessage(provider.attributes, { description: provider.description }),
        resource_schemas: Object.fromEntries(
          provider.resources.map((r) => [r.typeName, schemaMessage(r.attributes, { version: r.version, description: r.description })]),
        ),
        server_capabilities: capabilities,
      };
      return respond([], schemaResponse);
    }),

    ValidateProviderConfig: rpc<m.ValidateProviderConfigRequest>("ValidateProviderConfig", async (request, diagnostics) => {
      const config = decode(providerType, provider.attributes, request.config);
      await guard(diagnostics, `Invalid ${provider.name} provider configuration`, () => provider.validate?.({ config: config as never }, providerContext(diagnostics)));
      return respond(diagnostics);
    }),

    ConfigureProvider: rpc<m.ConfigureProviderRequest>("ConfigureProvider", async (request, diagnostics) => {
      const config = decode(providerType, provider.attributes, request.config);
      await guard(diagnostics, `Configuring the ${provider.name} provider failed`, async () => {
        const client = await provider.configure?.({ config: config as never, terraformVersion: request.terraform_version }, providerContext(diagnostics));
        configured = { client };
      });
      return respond(diagnostics);
    }),

    ValidateResourceConfig: rpc<m.ValidateResourceConfigRequest>("ValidateResourceConfig", async (request, diagnostics) => {
      const resource = resourceFor(request.type_name);
      const config = decode(types.get(resource.typeName)!, resource.attributes, request.config);
      diagnostics.push(...(await ops.validateResource(resource, config, resourceContext(resource.typeName, diagnostics))));
      return respond(diagnostics);
    }),

    UpgradeResourceState: rpc<m.UpgradeResourceStateRequest>("UpgradeResourceState", async (request, diagnostics) => {
      const resource = resourceFor(request.type_name);
      const json = request.raw_state?.json && request.raw_state.json.length > 0 ? request.raw_state.json.toString("utf8") : null;
      const outcome = await ops.upgradeResource(resource, { version: request.version, json }, resourceContext(resource.typeName, diagnostics));
      redactor.addSensitiveValues(resource.attributes, outcome.value);
      return respond([...diagnostics, ...outcome.diagnostics], { upgraded_state: encodeDynamicValue(types.get(resource.typeName)!, outcome.value) });
    }),

    ReadResource: rpc<m.ReadResourceRequest>("ReadResource", async (request, diagnostics) => {
      const resource = resourceFor(request.type_name);
      const type = types.get(resource.typeName)!;
      const current = decode(type, resource.attributes, request.current_state);
      const outcome = await ops.readResource(resource, current, resourceContext(resource.typeName, diagnostics));
      return respond([...diagnostics, ...outcome.diagnostics], { new_state: encodeDynamicValue(type, outcome.value), private: request.private });
    }),

    PlanResourceChange: rpc<m.PlanResourceChangeRequest>("PlanResourceChange", async (request, diagnostics) => {
      const resource = resourceFor(request.type_name);
      const type = types.get(resource.typeName)!;
      const replacePaths: AttributePath[] = [];
      const ctx = Object.assign(resourceContext(resource.typeName, diagnostics, replacePaths), { replacePaths });
      const outcome = await ops.planResource(
        resource,
        {
          prior: decode(type, resource.attributes, request.prior_state),
          proposed: decode(type, resource.attributes, request.proposed_new_state),
          config: decode(type, resource.attributes, request.config),
        },
        ctx,
      );
      return respond([...diagnostics, ...outcome.diagnostics], {
        planned_state: encodeDynamicValue(type, outcome.value.planned),
        requires_replace: outcome.value.requiresReplace.map(attributePathMessage),
        planned_private: request.prior_private,
      });
    }),

    ApplyResourceChange: rpc<m.ApplyResourceChangeRequest>("ApplyResourceChange", async (request, diagnostics) => {
      const resource = resourceFor(request.type_name);
      const type = types.get(resource.typeName)!;
      const outcome = await ops.applyResource(
        resource,
        {
          prior: decode(type, resource.attributes, request.prior_state),
          planned: decode(type, resource.attributes, request.planned_state),
          config: decode(type, resource.attributes, request.config),
        },
        resourceContext(resource.typeName, diagnostics),
      );
      redactor.addSensitiveValues(resource.attributes, outcome.value);
      return respond([...diagnostics, ...outcome.diagnostics], { new_state: encodeDynamicValue(type, outcome.value), private: request.planned_private });
    }),

    ImportResourceState: rpc<m.ImportResourceStateRequest>("ImportResourceState", async (request, diagnostics) => {
      const resource = resourceFor(request.type_name);
      const outcome = await ops.importResource(resource, request.id, resourceContext(resource.typeName, diagnostics));
      redactor.addSensitiveValues(resource.attributes, outcome.value);
      const imported = outcome.value === null ? [] : [{ type_name: resource.typeName, state: encodeDynamicValue(types.get(resource.typeName)!, outcome.value) }];
      return respond([...diagnostics, ...outcome.diagnostics], { imported_resources: imported });
    }),

    /** Terraform's Ctrl-C: cancel in-flight work through the signal every hook received. */
    StopProvider: async () => {
      logger.info("StopProvider called: aborting in-flight operations");
      stop.abort(new Error("Terraform asked the provider to stop"));
      return { Error: "" };
    },
  };
}

async function guard(diagnostics: Diagnostic[], summary: string, work: () => unknown): Promise<void> {
  try {
    await work();
  } catch (error) {
    diagnostics.push(diagnosticFromError(error, summary));
  }
}
