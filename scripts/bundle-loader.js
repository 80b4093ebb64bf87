/**
 * The start of every provider bundle: runs the bundled code through V8's code cache.
 *
 * Compiling ~650 KiB of JavaScript (mostly grpc-js) costs tens of milliseconds at every start, and Terraform starts a
 * provider 3-5 times per command. Node 20 has no built-in compile cache for CommonJS, so the bundle carries its code as
 * a string and compiles it with vm.Script and the bytecode cached by an earlier run. The cache lives in a directory
 * only this user can write (`$TF_PROVIDER_COMPILE_CACHE_DIR`, else `$XDG_CACHE_HOME` or ~/.cache, then
 * terraform-provider-node-cache); anything unusual (no home, wrong owner, a rejected cache) just means compiling
 * as usual. `TF_PROVIDER_COMPILE_CACHE=0` turns it off. Never the plugin directory: its hash is in the lock file.
 *
 * build-provider.js embeds `runBundle` by its source text, so it must stay self-contained.
 */
function runBundle(code, cacheName, bundleModule, bundleRequire, filename, dirname) {
  const fs = require("fs");
  const path = require("path");
  const vm = require("vm");
  const os = require("os");
  const wrapped = "(function (exports, require, module, __filename, __dirname) {" + code + "\n})";

  let cacheFile;
  let cachedData;
  if (process.env.TF_PROVIDER_COMPILE_CACHE !== "0") {
    try {
      const base = process.env.TF_PROVIDER_COMPILE_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "terraform-provider-node-cache");
      fs.mkdirSync(base, { recursive: true, mode: 0o700 });
      const stat = fs.lstatSync(base);
      const ownedByUs = typeof process.getuid !== "function" || stat.uid === process.getuid();
      // Bytecode from a directory someone else can write into would be code they chose.
      if (stat.isDirectory() && ownedByUs && (stat.mode & 0o022) === 0) {
        cacheFile = path.join(base, cacheName + "-node" + process.version + ".bin");
        cachedData = fs.readFileSync(cacheFile);
      }
    } catch (error) {
      if (error.code !== "ENOENT") cacheFile = undefined;
    }
  }

  const script = new vm.Script(wrapped, { filename, cachedData });
  if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
    // Written at exit, so the cache also holds the functions compiled while serving.
    process.once("exit", () => {
      try {
        const prefix = cacheName.replace(/-[0-9a-f]+$/, "-");
        for (const old of fs.readdirSync(path.dirname(cacheFile))) {
          if (old.startsWith(prefix) && old !== path.basename(cacheFile)) fs.rmSync(path.join(path.dirname(cacheFile), old), { force: true });
        }
        const temporary = cacheFile + "." + process.pid;
        fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(temporary, cacheFile);
      } catch {
        // No cache this time.
      }
    });
  }
  script.runInThisContext()(bundleModule.exports, bundleRequire, bundleModule, filename, dirname);
}

module.exports = { runBundle };
