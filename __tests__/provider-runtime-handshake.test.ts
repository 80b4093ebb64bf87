import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChannelCredentials, Client, credentials } from "@grpc/grpc-js";
import { buildProvider } from "../scripts/build-provider";
import { createServerCertificate } from "../lib/provider-runtime/certificate";
import { MAGIC_COOKIE_VALUE, NOT_A_PLUGIN_MESSAGE } from "../lib/provider-runtime/handshake";
import { startPlugin, StartedPlugin } from "./support/plugin-client";

/** The bundled toy provider against a go-plugin-like client: handshake, AutoMTLS, health, shutdown. */
jest.setTimeout(30_000);

let dir: string;
let executable: string;
const started: StartedPlugin[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "provider-runtime-handshake-"));
  executable = (await buildProvider({ entry: join(__dirname, "support/toy-provider/main.ts"), outfile: join(dir, "terraform-provider-toy_v0.1.0"), version: "0.1.0" })).outfile;
});

afterEach(() => started.splice(0).forEach((plugin) => plugin.close()));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(tls: boolean, env: NodeJS.ProcessEnv = {}) {
  const plugin = await startPlugin(executable, { tls, env: { TOY_STORE_PATH: join(dir, "store.json"), TF_PROVIDER_COMPILE_CACHE_DIR: join(dir, "cache"), TMPDIR: dir, ...env } });
  started.push(plugin);
  return plugin;
}

it("without the magic cookie: the human message on stderr, nothing on stdout, exit 1", async () => {
  const child = spawn(executable, [], { env: { PATH: process.env.PATH }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c));
  child.stderr.on("data", (c: Buffer) => (stderr += c));
  const code = await new Promise((resolve) => child.on("exit", resolve));
  expect(code).toBe(1);
  expect(stdout).toBe("");
  expect(stderr).toBe(NOT_A_PLUGIN_MESSAGE);
});

it("with AutoMTLS: one handshake line carrying the unpadded DER certificate for localhost, then serves over mTLS", async () => {
  const plugin = await start(true);
  expect(plugin.line).toMatch(/^1\|6\|unix\|\/[^|]+\|grpc\|[A-Za-z0-9+/]{50,}$/);
  expect(plugin.socketPath.startsWith(`${dir}/plugin`)).toBe(true);
  expect(plugin.serverCertificate!.checkHost("localhost")).toBe("localhost");
  expect(plugin.serverCertificate!.ca).toBe(true);

  await expect(plugin.call("grpc.health.v1.Health", "Check", { service: "plugin" })).resolves.toEqual({ status: "SERVING" });
  const schema = await plugin.call<{ provider: { block: { attributes: { name: string }[] } }; resource_schemas: object }>(
    "tfplugin6.Provider",
    "GetProviderSchema",
    {},
  );
  expect(schema.provider.block.attributes.map((a) => a.name)).toEqual(["store_path"]);
  expect(Object.keys(schema.resource_schemas)).toEqual(["toy_thing"]);
});

it("rejects clients that present no certificate or one it was not told to trust", async () => {
  const plugin = await start(true);
  const serverCert = Buffer.from(plugin.serverCertificate!.toString());
  const untrusted = createServerCertificate();
  await expect(healthCheck(plugin.socketPath, credentials.createSsl(serverCert))).rejects.toThrow();
  await expect(
    healthCheck(plugin.socketPath, credentials.createSsl(serverCert, Buffer.from(untrusted.keyPem), Buffer.from(untrusted.certPem))),
  ).rejects.toThrow();
  await expect(plugin.call("grpc.health.v1.Health", "Check", {})).resolves.toEqual({ status: "SERVING" });
});

it("insecure mode (no PLUGIN_CLIENT_CERT): empty certificate field, plaintext gRPC", async () => {
  const plugin = await start(false);
  expect(plugin.line).toMatch(/^1\|6\|unix\|\/[^|]+\|grpc\|$/);
  await expect(plugin.call("grpc.health.v1.Health", "Check", {})).resolves.toEqual({ status: "SERVING" });
});

it("ignores SIGINT, answers Shutdown, exits 0 at once and removes its socket; stdout only ever held the handshake", async () => {
  const plugin = await start(true);
  plugin.process.kill("SIGINT");
  await expect(plugin.call("grpc.health.v1.Health", "Check", {})).resolves.toEqual({ status: "SERVING" });
  expect(existsSync(plugin.socketPath)).toBe(true);
  const shutdownAt = Date.now();
  await plugin.call("plugin.GRPCController", "Shutdown", {}).catch(() => undefined);
  await expect(plugin.exited).resolves.toBe(0);
  expect(Date.now() - shutdownAt).toBeLessThan(1_500);
  expect(existsSync(plugin.socketPath)).toBe(false);
  expect(plugin.stdout()).toBe(`${plugin.line}\n`);
});

it("exits and removes its socket when Terraform dies without calling Shutdown", async () => {
  // A stand-in for Terraform that starts the plugin, prints its pid and socket, and is then killed outright.
  const parentScript = `
    const { spawn } = require("child_process");
    const child = spawn(${JSON.stringify(executable)}, [], { env: { PATH: process.env.PATH, TMPDIR: ${JSON.stringify(dir)},
      TF_PLUGIN_MAGIC_COOKIE: ${JSON.stringify(MAGIC_COOKIE_VALUE)}, TF_PROVIDER_COMPILE_CACHE: "0" }, stdio: ["ignore", "pipe", "ignore"] });
    child.stdout.once("data", (line) => process.stdout.write(child.pid + " " + String(line).split("|")[3] + "\\n"));`;
  const parent = spawn(process.execPath, ["-e", parentScript], { stdio: ["ignore", "pipe", "inherit"] });
  const [pid, socketPath] = (await new Promise<string>((resolve) => parent.stdout.once("data", (d: Buffer) => resolve(String(d).trim())))).split(" ");
  expect(existsSync(socketPath!)).toBe(true);
  parent.kill("SIGKILL");
  const deadline = Date.now() + 10_000;
  while (isAlive(Number(pid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(isAlive(Number(pid))).toBe(false);
  expect(existsSync(socketPath!)).toBe(false);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A raw Health/Check (empty request) with the given credentials. */
async function healthCheck(socketPath: string, channelCredentials: ChannelCredentials): Promise<unknown> {
  const client = new Client(`unix:${socketPath}`, channelCredentials, { "grpc.ssl_target_name_override": "localhost", "grpc.default_authority": "localhost" });
  try {
    return await new Promise((resolve, reject) =>
      client.makeUnaryRequest(
        "/grpc.health.v1.Health/Check",
        () => Buffer.alloc(0),
        (bytes: Buffer) => bytes,
        {},
        { deadline: Date.now() + 5_000 },
        (error, response) => (error ? reject(error) : resolve(response)),
      ),
    );
  } finally {
    client.close();
  }
}
