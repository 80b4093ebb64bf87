/**
 * A thin typed client for Edgegap's apps and app-versions API. Every call validates its input before any request,
 * retries transient failures (see Transport), and makes retried creates, renames and deletes safe: a lost response
 * must not turn into a duplicate or a spurious error.
 */
import {
  type CallOptions,
  type EdgegapClientOptions,
  type ResolvedClientOptions,
  resolveClientOptions,
} from "./client-options";
import { EdgegapApiError, hintFor, throwIfInvalid } from "./errors";
import { validateAppName, validateVersionName } from "./field-rules";
import { appVersionDifferences, applicationDifferences } from "./idempotency";
import type {
  AppVersion,
  Application,
  CreateAppRequest,
  CreateAppVersionRequest,
  Pagination,
  UpdateAppRequest,
  UpdateAppVersionRequest,
} from "./models";
import { collectAllPages } from "./pagination";
import { type ApiRequest, type ApiResponse, type Operation, Transport } from "./transport";
import {
  validateCreateAppRequest,
  validateCreateAppVersionRequest,
  validateUpdateAppRequest,
  validateUpdateAppVersionRequest,
} from "./validation";

export interface ListOptions extends CallOptions {
  /** Items requested per page (`limit`). @default the client's pageSize (100) */
  readonly pageSize?: number;
}

export class EdgegapClient {
  private readonly options: ResolvedClientOptions;
  private readonly transport: Transport;

  /** Throws EdgegapValidationError for an empty token or a base URL that is not http(s). */
  constructor(options: EdgegapClientOptions) {
    this.options = resolveClientOptions(options);
    this.transport = new Transport(this.options);
  }

  /** The normalized base URL requests go to. */
  get baseUrl(): string {
    return this.options.baseUrl;
  }

  // ---------------------------------------------------------------- apps

  /** POST /v1/app. A 409 after a retry is accepted when the existing app is the one we sent. */
  async createApp(request: CreateAppRequest, call?: CallOptions): Promise<Application> {
    throwIfInvalid(`app "${request.name}"`, validateCreateAppRequest(request));
    const op = this.operation(call);
    const sent = this.request("POST", "/v1/app", { appName: request.name }, request);
    const response = await this.transport.send(op, sent);
    if (isSuccess(response)) return this.application(sent, response);
    if (response.status === 409 && response.earlierAttemptMayHaveApplied) {
      return this.acceptExistingApp(op, sent, response, request.name, request);
    }
    throw this.transport.statusFailure(sent, response);
  }

  /** GET /v1/app/{app_name}. A missing app throws an error whose `kind` is `not_found`. */
  async getApp(appName: string, call?: CallOptions): Promise<Application> {
    checkNames(appName);
    const sent = this.request("GET", appPath(appName), { appName });
    return this.application(sent, await this.expectSuccess(this.operation(call), sent));
  }

  /** PATCH /v1/app/{app_name}; `name` renames. A 404 after a retried rename is accepted when the renamed app matches. */
  async updateApp(appName: string, request: UpdateAppRequest, call?: CallOptions): Promise<Application> {
    checkNames(appName);
    throwIfInvalid(`update of app "${appName}"`, validateUpdateAppRequest(request));
    const op = this.operation(call);
    const sent = this.request("PATCH", appPath(appName), { appName }, request);
    const response = await this.transport.send(op, sent);
    if (isSuccess(response)) return this.application(sent, response);
    const renamedTo = request.name !== undefined && request.name !== appName ? request.name : undefined;
    if (response.status === 404 && response.earlierAttemptMayHaveApplied && renamedTo !== undefined) {
      return this.acceptExistingApp(op, sent, response, renamedTo, request);
    }
    throw this.transport.statusFailure(sent, response);
  }

  /** DELETE /v1/app/{app_name}, with all its versions. A 404 after a retry means it is gone: success. */
  async deleteApp(appName: string, call?: CallOptions): Promise<void> {
    checkNames(appName);
    await this.deleteResource(this.request("DELETE", appPath(appName), { appName }), call);
  }

  /** GET /v1/apps, every page. */
  async listApps(call?: ListOptions): Promise<Application[]> {
    const op = this.operation(call);
    const limit = call?.pageSize ?? this.options.pageSize;
    return this.listAll(op, "/v1/apps", {}, "applications", limit);
  }

  // ---------------------------------------------------------------- app versions

  /**
   * POST /v1/app/{app_name}/version; returns the created version (unwrapped). A 409 after a retry is accepted when
   * the existing version has the non-secret fields we sent; otherwise the 409 says how to import it.
   */
  async createAppVersion(appName: string, request: CreateAppVersionRequest, call?: CallOptions): Promise<AppVersion> {
    checkNames(appName);
    throwIfInvalid(`app version "${request.name}"`, validateCreateAppVersionRequest(request));
    const op = this.operation(call);
    const subject = {
      appName,
      versionName: request.name,
      imageReference: `${request.docker_repository}/${request.docker_image}:${request.docker_tag}`,
    };
    const sent = this.request("POST", `${appPath(appName)}/version`, subject, request);
    const response = await this.transport.send(op, sent);
    if (isSuccess(response)) return this.wrappedVersion(op, sent, response, appName, request.name);
    if (response.status === 409 && response.earlierAttemptMayHaveApplied) {
      return this.acceptExistingVersion(op, sent, response, appName, request.name, request);
    }
    // A 404 to a create is about the app: the version is not expected to exist yet.
    const hint = response.status === 404 ? hintFor("not_found", { appName }, this.options.baseUrl) : undefined;
    throw this.transport.statusFailure(sent, response, hint);
  }

  /** GET /v1/app/{app_name}/version/{version_name}: the bare version, secrets masked. */
  async getAppVersion(appName: string, versionName: string, call?: CallOptions): Promise<AppVersion> {
    checkNames(appName, versionName);
    const sent = this.request("GET", versionPath(appName, versionName), { appName, versionName });
    return this.version(sent, await this.expectSuccess(this.operation(call), sent));
  }

  /**
   * PATCH /v1/app/{app_name}/version/{version_name}: only the fields sent change (ports and envs replace). `name`
   * renames; a 404 after a retried rename is accepted when the renamed version has what we sent.
   */
  async updateAppVersion(
    appName: string,
    versionName: string,
    request: UpdateAppVersionRequest,
    call?: CallOptions,
  ): Promise<AppVersion> {
    checkNames(appName, versionName);
    throwIfInvalid(`update of app version "${versionName}"`, validateUpdateAppVersionRequest(request));
    const op = this.operation(call);
    const subject = {
      appName,
      versionName,
      imageReference:
        request.docker_repository !== undefined && request.docker_image !== undefined && request.docker_tag !== undefined
          ? `${request.docker_repository}/${request.docker_image}:${request.docker_tag}`
          : undefined,
    };
    const sent = this.request("PATCH", versionPath(appName, versionName), subject, request);
    const response = await this.transport.send(op, sent);
    const finalName = request.name ?? versionName;
    if (isSuccess(response)) return this.wrappedVersion(op, sent, response, appName, finalName);
    if (response.status === 404 && response.earlierAttemptMayHaveApplied && finalName !== versionName) {
      return this.acceptExistingVersion(op, sent, response, appName, finalName, request);
    }
    throw this.transport.statusFailure(sent, response);
  }

  /** DELETE /v1/app/{app_name}/version/{version_name}. A 404 after a retry means it is gone: success. */
  async deleteAppVersion(appName: string, versionName: string, call?: CallOptions): Promise<void> {
    checkNames(appName, versionName);
    await this.deleteResource(this.request("DELETE", versionPath(appName, versionName), { appName, versionName }), call);
  }

  /** GET /v1/app/{app_name}/versions, every page. */
  async listAppVersions(appName: string, call?: ListOptions): Promise<AppVersion[]> {
    checkNames(appName);
    const op = this.operation(call);
    const limit = call?.pageSize ?? this.options.pageSize;
    return this.listAll(op, `${appPath(appName)}/versions`, { appName }, "versions", limit);
  }

  // ---------------------------------------------------------------- shared steps

  private operation(call: CallOptions = {}): Operation {
    const deadlineMs = call.deadlineMs ?? this.options.deadlineMs;
    const signals = [this.options.signal, call.signal].filter((s): s is AbortSignal => s !== undefined);
    return { deadlineAt: Date.now() + deadlineMs, deadlineMs, signals };
  }

  private request(method: ApiRequest["method"], path: string, subject: ApiRequest["subject"], body?: object): ApiRequest {
    return { method, path, subject, body };
  }

  private async expectSuccess(op: Operation, sent: ApiRequest): Promise<ApiResponse> {
    const response = await this.transport.send(op, sent);
    if (!isSuccess(response)) throw this.transport.statusFailure(sent, response);
    return response;
  }

  private async deleteResource(sent: ApiRequest, call?: CallOptions): Promise<void> {
    const response = await this.transport.send(this.operation(call), sent);
    if (isSuccess(response) || (response.status === 404 && response.earlierAttemptMayHaveApplied)) return;
    throw this.transport.statusFailure(sent, response);
  }

  private async listAll<T extends { readonly name: string }>(
    op: Operation,
    path: string,
    subject: ApiRequest["subject"],
    itemsKey: "applications" | "versions",
    limit: number,
  ): Promise<T[]> {
    return collectAllPages<T>(
      async (page) => {
        const sent: ApiRequest = { method: "GET", path, query: { page, limit }, subject };
        const body = (await this.expectSuccess(op, sent)).body;
        const items = isRecord(body) ? (body[itemsKey] ?? []) : undefined;
        if (!isRecord(body) || !Array.isArray(items) || !items.every((i) => isRecord(i) && typeof i.name === "string")) {
          throw this.invalid(sent, `expected {${itemsKey}: [...], pagination}`);
        }
        const pagination = isRecord(body.pagination) ? (body.pagination as unknown as Pagination) : undefined;
        return { items: items as T[], pagination };
      },
      (why) => this.invalid({ method: "GET", path, subject }, `the pagination does not advance (${why})`),
    );
  }

  /** After a retried create or rename: the resource exists; accept it if it is what we sent. */
  private async acceptExistingApp(
    op: Operation,
    sent: ApiRequest,
    response: ApiResponse,
    name: string,
    request: CreateAppRequest | UpdateAppRequest,
  ): Promise<Application> {
    const lookup = this.request("GET", appPath(name), { appName: name });
    const existing = this.application(lookup, await this.lookupAfterWrite(op, lookup));
    const differences = applicationDifferences(request, existing);
    if (differences.length === 0) return existing;
    throw this.mismatch(sent, response, `an app named "${name}" exists but differs from this request in ${differences.join(", ")}`, { appName: name });
  }

  private async acceptExistingVersion(
    op: Operation,
    sent: ApiRequest,
    response: ApiResponse,
    appName: string,
    versionName: string,
    request: CreateAppVersionRequest | UpdateAppVersionRequest,
  ): Promise<AppVersion> {
    const lookup = this.request("GET", versionPath(appName, versionName), { appName, versionName });
    const existing = this.version(lookup, await this.lookupAfterWrite(op, lookup));
    const differences = appVersionDifferences(request, existing);
    if (differences.length === 0) return existing;
    const why = `a version named "${versionName}" already exists in app "${appName}" but differs from this request in ${differences.join(", ")}`;
    throw this.mismatch(sent, response, why, { appName, versionName });
  }

  /** The GET that checks a write whose earlier attempt may have been applied: if it fails, the write may still have been. */
  private async lookupAfterWrite(op: Operation, lookup: ApiRequest): Promise<ApiResponse> {
    try {
      return await this.expectSuccess(op, lookup);
    } catch (error) {
      throw error instanceof EdgegapApiError ? error.asMayHaveApplied() : error;
    }
  }

  private mismatch(sent: ApiRequest, response: ApiResponse, why: string, subject: ApiRequest["subject"]): EdgegapApiError {
    return this.transport.failure(sent, response.status === 409 ? "conflict" : "not_found", response.attempts, {
      status: response.status,
      summary: `Edgegap API ${sent.method} ${sent.path} failed with HTTP ${response.status} after ${response.attempts} attempts: ${why}.`,
      hint: hintFor("conflict", subject, this.options.baseUrl),
    });
  }

  /** A create or PATCH answer `{success, version}`; a PATCH answer without `version` is completed by a GET. */
  private async wrappedVersion(
    op: Operation,
    sent: ApiRequest,
    response: ApiResponse,
    appName: string,
    versionName: string,
  ): Promise<AppVersion> {
    const body = response.body;
    if (isRecord(body) && body.version !== undefined) return this.version(sent, { ...response, body: body.version });
    if (sent.method === "PATCH" && isRecord(body) && body.success === true) {
      const lookup = this.request("GET", versionPath(appName, versionName), { appName, versionName });
      return this.version(lookup, await this.expectSuccess(op, lookup));
    }
    throw this.invalid(sent, "expected {success: true, version: {...}}");
  }

  private version(sent: ApiRequest, response: ApiResponse): AppVersion {
    const body = response.body;
    if (!isRecord(body) || typeof body.name !== "string") throw this.invalid(sent, "expected an app version");
    return body as unknown as AppVersion;
  }

  private application(sent: ApiRequest, response: ApiResponse): Application {
    const body = response.body;
    if (!isRecord(body) || typeof body.name !== "string") throw this.invalid(sent, "expected an application");
    return body as unknown as Application;
  }

  private invalid(sent: ApiRequest, expected: string): EdgegapApiError {
    return this.transport.failure(sent, "invalid_response", 1, {
      summary: `Edgegap API ${sent.method} ${sent.path} returned an unexpected body: ${expected}.`,
      mayHaveApplied: sent.method !== "GET", // a 2xx to a write: it was applied, whatever the body says
    });
  }
}

function checkNames(appName: string, versionName?: string): void {
  throwIfInvalid("path", [
    ...validateAppName(appName, "app_name"),
    ...(versionName === undefined ? [] : validateVersionName(versionName, "version_name")),
  ]);
}

function appPath(appName: string): string {
  return `/v1/app/${encodeURIComponent(appName)}`;
}

function versionPath(appName: string, versionName: string): string {
  return `${appPath(appName)}/version/${encodeURIComponent(versionName)}`;
}

function isSuccess(response: ApiResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
