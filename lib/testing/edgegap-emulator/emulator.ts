/**
 * A local stand-in for Edgegap's v1 apps and app-versions API: a real HTTP server (node:http) on 127.0.0.1 and an
 * ephemeral port, with a request log, fault injection, a registry stand-in for verify_image, and direct state
 * access for out-of-band changes. Test-only: it keeps secrets in clear in its state and log.
 */
import { randomUUID } from "node:crypto";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAdmin } from "./admin-routes";
import { handleApi } from "./api-routes";
import { type FaultStep, FaultInjector } from "./faults";
import { RegistryStandIn } from "./registry";
import { type LoggedRequest, RequestLog } from "./request-log";
import { AppsAccess, Clock, EmulatorState, VersionsAccess } from "./state";

export interface EdgegapEmulatorOptions {
  /** Accepted API tokens. @default one random UUID (see `token`) */
  readonly tokens?: readonly string[];
  /** Tokens answered with 403, as Edgegap does for deleted tokens. */
  readonly revokedTokens?: readonly string[];
  /** Delay added to every API request. @default 0 */
  readonly latencyMs?: number;
  /** Default and largest page size of the list endpoints. @default 10 */
  readonly pageSize?: number;
  /** @default 0 (ephemeral) */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** Serve the `/_emulator/...` admin routes. @default true */
  readonly admin?: boolean;
  /** Source of create_time/last_updated. @default () => new Date() */
  readonly now?: () => Date;
}

export class EdgegapEmulator {
  /** Starts a server and resolves once it listens. */
  static async start(options: EdgegapEmulatorOptions = {}): Promise<EdgegapEmulator> {
    const emulator = new EdgegapEmulator(options);
    await new Promise<void>((resolve, reject) => {
      emulator.server.once("error", reject);
      emulator.server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
    });
    const address = emulator.server.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    emulator.url = `http://${host}:${address.port}`;
    return emulator;
  }

  /** Base URL, e.g. `http://127.0.0.1:41234` (paths start with /v1). */
  url = "";
  /** The first accepted token. */
  readonly token: string;
  /** Delay added to every API request; change it any time. */
  latencyMs: number;
  readonly requests = new RequestLog();
  readonly faults = new FaultInjector();
  readonly registry = new RegistryStandIn();
  /** Apps as stored; put/delete here to simulate out-of-band changes. */
  readonly apps: AppsAccess;
  /** Versions as stored (secrets in clear); put/update/delete here to simulate drift. */
  readonly versions: VersionsAccess;

  private readonly state: EmulatorState;
  private readonly tokens: Set<string>;
  private readonly revoked: Set<string>;
  private readonly pageSize: number;
  private readonly server: Server;
  private readonly pending = new Set<{ timer: NodeJS.Timeout; resolve: (go: boolean) => void }>();
  private closed = false;

  private constructor(private readonly options: EdgegapEmulatorOptions) {
    const tokens = options.tokens ?? [randomUUID()];
    if (tokens.length === 0) throw new Error("emulator: tokens must not be empty");
    this.token = tokens[0];
    this.tokens = new Set(tokens);
    this.revoked = new Set(options.revokedTokens ?? []);
    this.latencyMs = options.latencyMs ?? 0;
    this.pageSize = options.pageSize ?? 10;
    this.state = new EmulatorState(new Clock(options.now));
    this.apps = new AppsAccess(this.state);
    this.versions = new VersionsAccess(this.state);
    this.server = createServer((req, res) => void this.serve(req, res));
  }

  /** Accepts another token. */
  addToken(token: string): void {
    this.revoked.delete(token);
    this.tokens.add(token);
  }

  /** From now on `token` gets 403, like a token deleted in the dashboard. */
  revokeToken(token: string): void {
    this.tokens.delete(token);
    this.revoked.add(token);
  }

  /** Empties state, the request log, faults and registry grants (tokens and latency stay). */
  reset(): void {
    this.state.clear();
    this.requests.clear();
    this.faults.clear();
    this.registry.clear();
  }

  /** Stops the server, dropping open connections and requests still waiting on latency. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wait of this.pending) {
      clearTimeout(wait.timer);
      wait.resolve(false);
    }
    this.pending.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** @internal Whether `authorization` carries an accepted token: "ok", or the status to answer. */
  authorize(authorization: string | undefined): "ok" | 401 | 403 {
    const match = /^token\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (match === null) return 401;
    if (this.tokens.has(match[1])) return "ok";
    return this.revoked.has(match[1]) ? 403 : 401;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? "/", "http://emulator");
    const rawBody = await readBody(req);
    const { body, bodyError } = parseJson(rawBody);
    if (url.pathname === "/_emulator" || url.pathname.startsWith("/_emulator/")) {
      if (this.options.admin === false) return send(res, 404, { message: "Not Found" });
      if (this.authorize(req.headers.authorization) !== "ok") return send(res, 401, { message: "Admin routes need an accepted token." });
      const result = handleAdmin(this, { method: req.method ?? "GET", segments: segmentsOf(url.pathname).slice(1), body, bodyError });
      return send(res, result.status, result.body);
    }

    const entry = this.requests.record({
      method: (req.method ?? "GET").toUpperCase(),
      path: decodedPath(url.pathname),
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")])),
      body,
      time: new Date(started),
    });
    const finish = (outcome: LoggedRequest["outcome"], status?: number) => {
      entry.outcome = outcome;
      entry.status = status;
      entry.durationMs = Date.now() - started;
    };
    res.once("close", () => entry.outcome === "pending" && finish("aborted"));

    const decision = this.faults.take(entry);
    const step: FaultStep = decision?.step ?? {};
    entry.fault = decision?.ruleId;
    if (!(await this.wait(this.latencyMs + (step.latencyMs ?? 0)))) return;
    if (step.action === "drop") {
      finish("dropped");
      return void req.socket.destroy();
    }
    if (step.status !== undefined && step.afterApply !== true) return this.reply(res, entry, finish, step, step.status);

    const result = this.handle(req, entry, bodyError);
    if (step.action === "lose-response") {
      finish("lost-response", result.status);
      return void req.socket.destroy();
    }
    if (step.status !== undefined) return this.reply(res, entry, finish, step, step.status);
    finish("responded", result.status);
    send(res, result.status, result.body);
  }

  private handle(req: IncomingMessage, entry: LoggedRequest, bodyError?: string) {
    const auth = this.authorize(req.headers.authorization);
    if (auth === 401) return { status: 401, body: { message: "Unauthorized: send the header 'Authorization: token <API token>'." } };
    if (auth === 403) return { status: 403, body: { message: "Forbidden: this token was deleted or is not valid." } };
    const segments = segmentsOf(new URL(req.url ?? "/", "http://emulator").pathname);
    if (segments[0] !== "v1") return { status: 404, body: { message: "Not Found" } };
    return handleApi(
      { state: this.state, registry: this.registry, pageSize: this.pageSize },
      { method: entry.method, segments: segments.slice(1), query: entry.query, body: entry.body, bodyError },
    );
  }

  private reply(
    res: ServerResponse,
    entry: LoggedRequest,
    finish: (outcome: LoggedRequest["outcome"], status?: number) => void,
    step: FaultStep,
    status: number,
  ): void {
    finish("responded", status);
    const headers: Record<string, string> = step.retryAfter === undefined ? {} : { "Retry-After": String(step.retryAfter) };
    send(res, status, step.body ?? { message: `Injected fault: HTTP ${status} on ${entry.method} ${entry.path}` }, headers);
  }

  /** Resolves true after `ms`, or false if the emulator closes first. */
  private wait(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wait = {
        timer: setTimeout(() => {
          this.pending.delete(wait);
          resolve(!this.closed);
        }, ms),
        resolve,
      };
      this.pending.add(wait);
    });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

function parseJson(raw: string): { body: unknown; bodyError?: string } {
  if (raw.trim() === "") return { body: undefined };
  try {
    return { body: JSON.parse(raw) };
  } catch {
    return { body: raw, bodyError: "Request body is not valid JSON." };
  }
}

/** Path segments, each percent-decoded (an undecodable one is kept as is). */
function segmentsOf(pathname: string): string[] {
  return pathname
    .split("/")
    .slice(1)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

function decodedPath(pathname: string): string {
  return `/${segmentsOf(pathname).join("/")}`;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}
