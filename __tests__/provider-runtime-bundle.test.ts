import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProvider, pluginMirrorPath, terraformPlatform } from "../scripts/build-provider";
import { startPlugin } from "./support/plugin-client";

/** scripts/build-provider.js: the executable it writes, where mirrors expect it, and the V8 compile cache it starts with. */
jest.setTimeout(30_000);

let dir: string;
let executable: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "provider-runtime-bundle-"));
  executable = (await buildProvider({ entry: join(__dirname, "support/toy-provider/main.ts"), outfile: join(dir, "terraform-provider-toy_v0.3.1"), version: "0.3.1" })).outfile;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("writes one executable file with a node shebang, the protos embedded and no .proto parser", () => {
  expect(statSync(executable).mode & 0o777).toBe(0o755);
  const text = readFileSync(executable, "utf8");
  expect(text.startsWith("#!/usr/bin/env node\n")).toBe(true);
  expect(text).toContain("tfplugin6");
  expect(text).not.toContain("illegal token");
  expect(text).toContain('\\"0.3.1\\"');
});

it("refuses a version that is not semantic, and computes mirror paths", async () => {
  await expect(buildProvider({ entry: "x.ts", outfile: join(dir, "x"), version: "latest" })).rejects.toThrow('version "latest" must be semantic (1.2.3)');
  expect(terraformPlatform("linux", "x64")).toBe("linux_amd64");
  expect(terraformPlatform("darwin", "arm64")).toBe("darwin_arm64");
  expect(pluginMirrorPath({ mirrorDir: "/m", source: "registry.terraform.io/test/toy", version: "1.2.3", platform: "linux_amd64" })).toBe(
    "/m/registry.terraform.io/test/toy/1.2.3/linux_amd64/terraform-provider-toy_v1.2.3",
  );
  expect(() => pluginMirrorPath({ mirrorDir: "/m", source: "toy", version: "1.2.3" })).toThrow('source "toy" must be HOST/NAMESPACE/TYPE');
});

describe("compile cache", () => {
  async function runOnce(cacheDir: string, env: NodeJS.ProcessEnv = {}) {
    const plugin = await startPlugin(executable, { tls: true, env: { TF_PROVIDER_COMPILE_CACHE_DIR: cacheDir, ...env } });
    await plugin.call("plugin.GRPCController", "Shutdown", {}).catch(() => undefined);
    expect(await plugin.exited).toBe(0);
    plugin.close();
  }
  const cacheFiles = (cacheDir: string) => readdirSync(cacheDir).filter((name) => name.startsWith("terraform-provider-toy-"));

  it("is written by the first run (private file), then reused as is", async () => {
    const cacheDir = join(dir, "cache-reuse");
    await runOnce(cacheDir);
    const [file] = cacheFiles(cacheDir);
    expect(file).toMatch(/^terraform-provider-toy-[0-9a-f]{16}-nodev\d+\.\d+\.\d+\.bin$/);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(cacheDir, file!)).mode & 0o777).toBe(0o600);
    const written = statSync(join(cacheDir, file!)).mtimeMs;
    await runOnce(cacheDir);
    expect(statSync(join(cacheDir, file!)).mtimeMs).toBe(written);
  });

  it("survives a corrupt cache (compiles normally and replaces it) and drops caches of older builds", async () => {
    const cacheDir = join(dir, "cache-corrupt");
    await runOnce(cacheDir);
    const [file] = cacheFiles(cacheDir);
    writeFileSync(join(cacheDir, file!), "not bytecode");
    writeFileSync(join(cacheDir, "terraform-provider-toy-0123456789abcdef-nodev1.0.0.bin"), "stale");
    await runOnce(cacheDir);
    expect(cacheFiles(cacheDir)).toEqual([file]);
    expect(readFileSync(join(cacheDir, file!)).length).toBeGreaterThan(10_000);
  });

  it("is not used from a directory others can write to, nor when turned off", async () => {
    const shared = join(dir, "cache-shared");
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    await runOnce(shared);
    expect(cacheFiles(shared)).toEqual([]);
    const off = join(dir, "cache-off");
    await runOnce(off, { TF_PROVIDER_COMPILE_CACHE: "0" });
    expect(() => cacheFiles(off)).toThrow(/ENOENT/);
  });
});
