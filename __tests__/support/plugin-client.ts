import { ChildProcess, spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { Client, credentials, makeGenericClientConstructor, Metadata } from "@grpc/grpc-js";
import { createServerCertificate } from "../../lib/provider-runtime/certificate";
import { serviceDefinition } from "../../lib/provider-runtime/grpc-services";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../lib/provider-runtime/handshake";
import { loadProtoRoot } from "../../lib/provider-runtime/proto-root";

/**
 * Plays Terraform's part of go-plugin in tests: starts a provider executable with the handshake environment
 * (optionally AutoMTLS with a client certificate), reads the handshake line and connects gRPC clients to it.
 */
export interface StartedPlugin {
  readonly process: ChildProcess;
  readonly line: string;
  readonly socketPath: string;
  readonly serverCertificate?: X509Certificate;
  /** Everything the plugin wrote to stdout / stderr so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
  call<T>(service: string, method: string, request: object): Promise<T>;
  close(): void;
}

const root = loadProtoRoot();
const constructors = new Map<string, new (address: string, creds: ReturnType<typeof credentials.createInsecure>, options?: object) => Client>();

function clientConstructor(service: string) {
  let constructor = constructors.get(service);
  if (!constructor) {
    constructor = makeGenericClientConstructor(serviceDefinition(root, service), service) as never;
    constructors.set(service, constructor!);
  }
  return constructor!;
}

export async function startPlugin(executable: string, options: { tls: boolean; env?: NodeJS.ProcessEnv }): Promise<StartedPlugin> {
  const clientCertificate = options.tls ? createServerCertificate() : undefined;
  const child = spawn(executable, [], {
    env: {
      PATH: process.env.PATH,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: "5,6",
      PLUGIN_MIN_PORT: "10000",
      PLUGIN_MAX_PORT: "25000",
      ...(clientCertificate ? { PLUGIN_CLIENT_CERT: clientCertificate.certPem } : {}),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("\n")) resolve(stdout.slice(0, stdout.indexOf("\n")));
    });
    exited.then((code) => reject(new Error(`plugin exited (${code}) before the handshake: ${stderr}`)));
  });
  const [, , , socketPath, , certificate] = line.split("|");
  const serverCertificate = certificate ? new X509Certificate(Buffer.from(certificate!, "base64")) : undefined;
  const channelCredentials =
    clientCertificate && serverCertificate
      ? credentials.createSsl(Buffer.from(serverCertificate.toString()), Buffer.from(clientCertificate.keyPem), Buffer.from(clientCertificate.certPem))
      : credentials.createInsecure();
  const clients = new Map<string, Client>();
  const clientFor = (service: string) => {
    let client = clients.get(service);
    if (!client) {
      const Constructor = clientConstructor(service);
      client = new Constructor(`unix:${socketPath}`, channelCredentials, { "grpc.ssl_target_name_override": "localhost", "grpc.default_authority": "localhost" });
      clients.set(service, client);
    }
    return client;
  };
  return {
    process: child,
    line,
    socketPath: socketPath!,
    ...(serverCertificate ? { serverCertificate } : {}),
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    call<T>(service: string, method: string, request: object) {
      const client = clientFor(service) as unknown as { [name: string]: (r: object, m: Metadata, o: object, cb: (e: Error | null, r: T) => void) => void };
      return new Promise<T>((resolve, reject) =>
        client[method]!(request, new Metadata(), { deadline: Date.now() + 10_000 }, (error, response) => (error ? reject(error) : resolve(response))),
      );
    },
    close() {
      for (const client of clients.values()) client.close();
      // SIGTERM lets the plugin remove its socket; SIGKILL only if it does not go.
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"), 2_000).unref();
      }
    },
  };
}
