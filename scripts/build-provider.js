#!/usr/bin/env node
/**
 * Bundles a Terraform provider written with lib/provider-runtime into ONE executable JavaScript file
 * (`#!/usr/bin/env node`, mode 0755): Terraform's lock-file hash covers a single file and start-up stays short.
 *
 * The bundle embeds our .proto definitions as a protobufjs JSON descriptor made here at build time, so the
 * provider never parses .proto text when it starts, and (unless `compileCache: false`) starts through
 * bundle-loader.js, which reuses V8's compiled code across runs.
 *
 *   node scripts/build-provider.js <entry.ts> <outfile> [--version 1.2.3]
 *   const { buildProvider, bundleProviderIntoMirror } = require("./scripts/build-provider");
 */
const esbuild = require("esbuild");
const fs = require("node:fs");
const path = require("node:path");
const protobuf = require("protobufjs");
const { createHash } = require("node:crypto");
const { runBundle } = require("./bundle-loader");

const ROOT = path.resolve(__dirname, "..");
const RUNTIME_DIR = path.join(ROOT, "lib", "provider-runtime");
const PROTO_DIR = path.join(RUNTIME_DIR, "proto");

function packageVersion() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
}

/** The same files proto-root.ts parses from sources, as the JSON descriptor protobufjs/light can load. */
function protoDescriptor() {
  const files = fs
    .readdirSync(PROTO_DIR)
    .filter((name) => name.endsWith(".proto"))
    .sort()
    .map((name) => path.join(PROTO_DIR, name));
  const root = new protobuf.Root().loadSync(files, { keepCase: true });
  root.resolveAll();
  return root.toJSON();
}

/** Replaces lib/provider-runtime/proto-root (the .proto parser) with the embedded descriptor. */
function embedProtoDescriptor() {
  const target = path.join(RUNTIME_DIR, "proto-root");
  return {
    name: "embed-proto-descriptor",
    setup(build) {
      build.onResolve({ filter: /proto-root$/ }, (args) =>
        path.resolve(args.resolveDir, args.path) === target ? { path: target, namespace: "embedded-proto" } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "embedded-proto" }, () => ({
        contents:
          'const { Root } = require("protobufjs/light");\n' +
          `const descriptor = JSON.parse(${JSON.stringify(JSON.stringify(protoDescriptor()))});\n` +
          "exports.loadProtoRoot = () => Root.fromJSON(descriptor).resolveAll();\n",
        loader: "js",
        resolveDir: RUNTIME_DIR,
      }));
    },
  };
}

/**
 * Bundles `entry` (TypeScript or JavaScript) into `outfile`.
 * @returns {Promise<{ outfile: string, version: string, bytes: number }>}
 */
async function buildProvider({ entry, outfile, version = packageVersion(), compileCache = true }) {
  if (!entry || !outfile) throw new Error("buildProvider needs { entry, outfile }");
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`version "${version}" must be semantic (1.2.3)`);
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile,
    write: false,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minifyWhitespace: true,
    // grpc-js loads proto-loader only for its channelz/ORCA services, which a provider never serves.
    external: ["@grpc/proto-loader"],
    define: { "process.env.TF_PROVIDER_BUNDLE_VERSION": JSON.stringify(version) },
    plugins: [embedProtoDescriptor()],
    logLevel: "warning",
  });
  const code = result.outputFiles[0].text;
  fs.writeFileSync(outfile, compileCache ? withCompileCache(code, path.basename(outfile)) : `#!/usr/bin/env node\n${code}`);
  fs.chmodSync(outfile, 0o755);
  return { outfile, version, bytes: fs.statSync(outfile).size };
}

/** The bundle as a string run by bundle-loader.js's runBundle; the cache is named after the file and the code's hash. */
function withCompileCache(code, basename) {
  const cacheName = `${basename.replace(/_v\d.*$/, "")}-${createHash("sha256").update(code).digest("hex").slice(0, 16)}`;
  return (
    "#!/usr/bin/env node\n" +
    '"use strict";\n' +
    `(${runBundle.toString()})(${JSON.stringify(code)}, ${JSON.stringify(cacheName)}, module, require, __filename, __dirname);\n`
  );
}

/** Terraform's OS_ARCH for this machine: linux_amd64, darwin_arm64, … */
function terraformPlatform(platform = process.platform, arch = process.arch) {
  const arches = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
  const osName = platform === "win32" ? "windows" : platform;
  if (!arches[arch]) throw new Error(`no Terraform architecture for Node's "${arch}"`);
  return `${osName}_${arches[arch]}`;
}

/**
 * Where a local mirror (./terraform.d/plugins, or a filesystem_mirror) expects a provider executable, for
 * `source` "HOST/NAMESPACE/TYPE": HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/terraform-provider-TYPE_vVERSION.
 */
function pluginMirrorPath({ mirrorDir, source, version, platform = terraformPlatform() }) {
  const parts = source.split("/");
  if (parts.length !== 3 || parts.some((p) => p === "")) throw new Error(`source "${source}" must be HOST/NAMESPACE/TYPE`);
  const type = parts[2];
  return path.join(mirrorDir, ...parts, version, platform, `terraform-provider-${type}_v${version}`);
}

/** Bundles a provider straight into a mirror directory (tests, or a synthesized stack's terraform.d/plugins). */
async function bundleProviderIntoMirror({ entry, mirrorDir, source, version = packageVersion() }) {
  const outfile = pluginMirrorPath({ mirrorDir, source, version });
  return buildProvider({ entry, outfile, version });
}

module.exports = { buildProvider, bundleProviderIntoMirror, pluginMirrorPath, terraformPlatform, protoDescriptor };

if (require.main === module) {
  const args = process.argv.slice(2);
  const versionAt = args.indexOf("--version");
  const version = versionAt >= 0 ? args.splice(versionAt, 2)[1] : undefined;
  const [entry, outfile] = args;
  if (!entry || !outfile) {
    process.stderr.write("usage: node scripts/build-provider.js <entry> <outfile> [--version X.Y.Z]\n");
    process.exit(2);
  }
  buildProvider({ entry, outfile, ...(version ? { version } : {}) }).then(
    (result) => process.stdout.write(`${result.outfile} (v${result.version}, ${Math.round(result.bytes / 1024)} KiB)\n`),
    (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    },
  );
}
