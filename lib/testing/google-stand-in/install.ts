import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import type * as BuildScript from "../../../scripts/build-provider";
import { packageRoot } from "../../bindings/provider-installation";
import { GOOGLE_STAND_IN_SOURCE, GOOGLE_STAND_IN_VERSION } from "./address";

/**
 * Puts the stand-in where Terraform finds hashicorp/google 6.50.0 offline: a plugins directory laid out as an
 * implied local mirror (`<dir>/registry.terraform.io/hashicorp/google/6.50.0/<os_arch>/terraform-provider-google_v6.50.0`),
 * e.g. `$HOME/.terraform.d/plugins` of an isolated HOME.
 *
 * Bundling takes about a second, so bundles are cached in a private directory under the OS temp dir, named by a
 * hash of everything that goes into them (the stand-in's and the runtime's sources, the build scripts, the
 * lock file): each jest worker and each later run reuses the one bundle; any source change makes a new one.
 */
export interface InstalledGoogleStandIn {
  /** The executable inside the plugins directory. */
  readonly executable: string;
  /** The cached bundle it was copied from. */
  readonly bundle: string;
  readonly source: string;
  readonly version: string;
}

const EXECUTABLE = `terraform-provider-google_v${GOOGLE_STAND_IN_VERSION}`;
const bundles = new Map<string, Promise<string>>();

export async function installGoogleStandIn(pluginsDir: string): Promise<InstalledGoogleStandIn> {
  const root = packageRoot();
  const bundle = await googleStandInBundle(root);
  const script = buildScript(root);
  const executable = script.pluginMirrorPath({ mirrorDir: pluginsDir, source: GOOGLE_STAND_IN_SOURCE, version: GOOGLE_STAND_IN_VERSION });
  mkdirSync(dirname(executable), { recursive: true });
  copyFileSync(bundle, executable);
  chmodSync(executable, 0o755);
  return { executable, bundle, source: GOOGLE_STAND_IN_SOURCE, version: GOOGLE_STAND_IN_VERSION };
}

/** The cached bundle for the current sources, built on first use (once per process, reused across processes). */
export function googleStandInBundle(root: string = packageRoot()): Promise<string> {
  const hash = sourceHash(root);
  let pending = bundles.get(hash);
  if (!pending) {
    pending = buildOnce(root, hash);
    bundles.set(hash, pending);
    pending.catch(() => bundles.delete(hash));
  }
  return pending;
}

async function buildOnce(root: string, hash: string): Promise<string> {
  const cacheDir = privateCacheDir();
  const finished = join(cacheDir, hash, EXECUTABLE);
  if (existsSync(finished)) return finished;
  // Built in a directory of its own, then renamed into place: concurrent builders never see half a file.
  const building = join(cacheDir, `${hash}.building-${process.pid}-${Date.now()}`);
  try {
    await buildScript(root).buildProvider({
      entry: join(root, "lib", "testing", "google-stand-in", "main.ts"),
      outfile: join(building, EXECUTABLE),
      version: GOOGLE_STAND_IN_VERSION,
    });
    renameSync(building, join(cacheDir, hash));
    pruneOldBundles(cacheDir);
  } catch (error) {
    if (!existsSync(finished)) throw error; // a concurrent build won the rename: use its bundle
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  return finished;
}

/** Keeps the few most recent bundles: every source change makes a new one. */
function pruneOldBundles(cacheDir: string, keep = 5): void {
  const finished = readdirSync(cacheDir)
    .filter((name) => /^[0-9a-f]+$/.test(name))
    .map((name) => ({ path: join(cacheDir, name), mtime: lstatSync(join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of finished.slice(keep)) rmSync(old.path, { recursive: true, force: true });
}

/** A directory only this user can write: the bundles in it are executed by Terraform. */
function privateCacheDir(): string {
  const dir = join(tmpdir(), `google-stand-in-bundles-${process.getuid?.() ?? "user"}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid()) || (stat.mode & 0o022) !== 0) {
    throw new Error(`${dir} must be a directory owned by this user and writable only by it (it holds executables)`);
  }
  return dir;
}

/** Everything the bundle is made of: sources of the stand-in and the runtime, the build scripts, the lock file. */
export function sourceHash(root: string): string {
  const hash = createHash("sha256");
  const files = [
    ...listFiles(join(root, "lib", "testing", "google-stand-in")),
    ...listFiles(join(root, "lib", "provider-runtime")),
    join(root, "scripts", "build-provider.js"),
    join(root, "scripts", "bundle-loader.js"),
    join(root, "package-lock.json"),
  ];
  for (const file of files) {
    hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  return hash.digest("hex").slice(0, 20);
}

function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((name) => join(dir, name))
    .filter((file) => lstatSync(file).isFile() && !file.endsWith(".md"))
    .sort();
}

function buildScript(root: string): typeof BuildScript {
  // Required by path: lib/ compiles to dist/lib/, and scripts/ is not part of the compiled output.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(root, "scripts", "build-provider.js")) as typeof BuildScript;
}
