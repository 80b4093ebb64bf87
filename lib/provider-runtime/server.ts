import { Server, ServerCredentials, ServerUnaryCall, sendUnaryData, ServerWritableStream } from "@grpc/grpc-js";
import { writeSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { createServerCertificate } from "./certificate";
import { handshakeLine, hasMagicCookie, NOT_A_PLUGIN_MESSAGE, offeredProtocolVersions, PROTOCOL_VERSION } from "./handshake";
import { createLogger, Logger, redirectConsoleToStderr } from "./logging";
import { AnyProvider } from "./provider";
import { createProviderService, Handler } from "./provider-service";
import { loadProtoRoot } from "./proto-root";
import { serviceDefinition } from "./grpc-services";
import { Redactor } from "./redaction";

/**
 * Runs a provider as a Terraform plugin process: handshake, AutoMTLS, the gRPC services Terraform and go-plugin
 * call, and a prompt exit on Shutdown. Call it once from the provider's entry point; it owns the process.
 */
export function serveProvider(provider: AnyProvider, env: NodeJS.ProcessEnv = process.env): void {
  if (!hasMagicCookie(env)) {
    process.stderr.write(NOT_A_PLUGIN_MESSAGE);
    process.exit(1);
  }
  const redactor = new Redactor(provider.redact);
  const logger = createLogger({ module: `provider.terraform-provider-${provider.name}`, redact: (t) => redactor.redact(t) });
  redirectConsoleToStderr((t) => redactor.redact(t));
  // Ctrl-C reaches the whole process group: Terraform handles it and calls StopProvider, then Shutdown.
  process.on("SIGINT", () => logger.debug("ignoring SIGINT; waiting for StopProvider"));
  const offered = offeredProtocolVersions(env);
  if (!offered.includes(PROTOCOL_VERSION)) logger.warn("Terraform did not offer plugin protocol 6", { offered: offered.join(",") });

  const clientCert = env.PLUGIN_CLIENT_CERT;
  const certificate = clientCert ? createServerCertificate() : undefined;
  const credentials = certificate
    ? ServerCredentials.createSsl(Buffer.from(clientCert!), [{ private_key: Buffer.from(certificate.keyPem), cert_chain: Buffer.from(certificate.certPem) }], true)
    : ServerCredentials.createInsecure();
  if (!certificate) logger.warn("PLUGIN_CLIENT_CERT is not set: serving without TLS");

  const socketPath = join(env.PLUGIN_UNIX_SOCKET_DIR || tmpdir(), `plugin${randomBytes(6).toString("hex")}`);
  const removeSocket = () => {
    try {
      unlinkSync(socketPath);
    } catch {
      // already gone
    }
  };
  process.on("exit", removeSocket);
  process.on("SIGTERM", () => process.exit(0));
  process.on("SIGHUP", () => process.exit(0));
  // If Terraform dies without Shutdown (killed, crashed), nothing would ever stop us: notice being orphaned and exit.
  const terraformPid = process.ppid;
  setInterval(() => process.ppid !== terraformPid && process.exit(0), 1_000).unref();
  // Terraform may close our stderr before we exit; a failed log write must not become a crash.
  process.stderr.on("error", () => undefined);

  startProviderServer(provider, {
    socketPath,
    credentials,
    logger,
    redactor,
    onShutdown: () => process.exit(0),
  }).then(
    () => {
      writeSync(1, handshakeLine({ network: "unix", address: socketPath, certificateDer: certificate?.der }));
      // Nothing else may ever reach stdout.
      process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
      // Once serving, a stray rejection or exception in provider code (a forgotten promise, a timer) must not kill
      // the plugin in the middle of other operations: log it (redacted) and keep serving. Before the handshake a
      // crash is the right answer: Terraform shows our stderr.
      process.on("unhandledRejection", (reason) => logger.error("unhandled promise rejection in provider code", { error: reason }));
      process.on("uncaughtException", (error) => logger.error("uncaught exception in provider code", { error }));
      logger.debug("plugin serving", { address: socketPath, tls: certificate !== undefined, version: provider.version ?? process.env.TF_PROVIDER_BUNDLE_VERSION });
    },
    (error: unknown) => {
      process.stderr.write(`terraform-provider-${provider.name}: cannot serve on ${socketPath}: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}

export interface ProviderServerOptions {
  readonly socketPath: string;
  readonly credentials: ServerCredentials;
  readonly logger: Logger;
  readonly redactor?: Redactor;
  /** Called after go-plugin's Shutdown was answered and the server stopped. */
  readonly onShutdown: () => void;
}

/** The gRPC server alone (no process handling), bound to a unix socket: used by serveProvider and by tests. */
export async function startProviderServer(provider: AnyProvider, options: ProviderServerOptions): Promise<Server> {
  const root = loadProtoRoot();
  // go-plugin's client allows messages up to 2 GiB; state can be large. Channelz (grpc-js's call tracing for a
  // debugging service we do not serve) took 47 ms of CPU in the profile of a no-op plan of 100 versions.
  const server = new Server({
    "grpc.max_receive_message_length": -1,
    "grpc.max_send_message_length": -1,
    "grpc.enable_channelz": 0,
  });
  const handlers = createProviderService(provider, { logger: options.logger, redactor: options.redactor ?? new Redactor(provider.redact) });
  server.addService(serviceDefinition(root, "tfplugin6.Provider"), Object.fromEntries(Object.entries(handlers).map(([name, h]) => [name, unary(h)])));
  server.addService(serviceDefinition(root, "grpc.health.v1.Health"), {
    Check: unary(async () => ({ status: "SERVING" })),
  });
  server.addService(serviceDefinition(root, "plugin.GRPCController"), {
    Shutdown: (_call: ServerUnaryCall<object, object>, callback: sendUnaryData<object>) => {
      callback(null, {});
      // Answer first, then stop at once: go-plugin waits up to 2 s for the process to exit before killing it.
      setImmediate(() => {
        server.forceShutdown();
        options.onShutdown();
      });
    },
  });
  server.addService(serviceDefinition(root, "plugin.GRPCStdio"), {
    // We never redirect stdio into the stream; keeping it open just spares the client an "Unimplemented" log line.
    StreamStdio: (call: ServerWritableStream<object, object>) => call.on("cancelled", () => call.end()),
  });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${options.socketPath}`, options.credentials, (error) => (error ? reject(error) : resolve())),
  );
  return server;
}

function unary(handler: Handler) {
  return (call: ServerUnaryCall<unknown, object>, callback: sendUnaryData<object>) => {
    handler(call.request).then(
      (response) => callback(null, response),
      // Handlers turn failures into diagnostics; this only catches a bug in the runtime itself.
      (error: unknown) => callback({ code: 13, details: error instanceof Error ? error.message : String(error) }),
    );
  };
}
