import * as fs from "fs";
import * as path from "path";
import {
  EDGEGAP_PROVIDER_EXECUTABLE,
  EDGEGAP_PROVIDER_HOST,
  EDGEGAP_PROVIDER_NAMESPACE,
  EDGEGAP_PROVIDER_TYPE,
  EDGEGAP_PROVIDER_VERSION,
} from "./provider-address";

/**
 * Ships the bundled provider executable into a synthesized stack, where `terraform init` finds it offline.
 *
 * Terraform looks in `./terraform.d/plugins` of its working directory (an "implied local mirror"), laid out as
 * HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/terraform-provider-TYPE_vVERSION. cdktf runs terraform inside the stack's
 * directory, so copying the executable there is the whole installation: no registry, no ~/.terraform.d writes.
 */

/** Where `npm run build` writes the bundle, relative to the package root. */
export const BUNDLED_PROVIDER_PATH = path.join("dist", "provider", EDGEGAP_PROVIDER_EXECUTABLE);

/**
 * The platforms a stack can be deployed from. The executable is one JavaScript file run by `node`, the same on each;
 * a stack synthesized on a laptop may be deployed by a Linux CI runner, so every common platform gets a copy.
 * Windows is absent: Terraform executes the file directly, which needs a `#!` line that Windows does not honour.
 */
export const SHIPPED_PLATFORMS: readonly string[] = ["linux_amd64", "linux_arm64", "darwin_amd64", "darwin_arm64"];

const PACKAGE_NAME = "edgegap-cdktf";

/** The package root: the closest folder above this module whose package.json is ours (works from lib/ and dist/lib/). */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === PACKAGE_NAME) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${from}`);
    }
  }
}

/** The bundled provider executable of this package; throws with the fix when it has not been built. */
export function bundledProviderExecutable(root: string = packageRoot()): string {
  const executable = path.join(root, BUNDLED_PROVIDER_PATH);
  if (!fs.existsSync(executable)) {
    throw new Error(
      `the Edgegap provider executable ${executable} does not exist: run "npm run build" in ${root} ` +
      "(npm install runs it for a clone; the published package ships it)",
    );
  }
  return executable;
}

/** The platform name Terraform uses for this machine, e.g. `linux_amd64`. */
export function currentPlatform(): string {
  const arch: Record<string, string> = { x64: "amd64", arm64: "arm64", ia32: "386", arm: "arm" };
  const os = process.platform === "win32" ? "windows" : process.platform;
  return `${os}_${arch[process.arch] ?? process.arch}`;
}

/** The folder holding every installed version of our provider inside a stack directory. */
export function providerMirrorFolder(stackDirectory: string): string {
  return path.join(stackDirectory, "terraform.d", "plugins", EDGEGAP_PROVIDER_HOST, EDGEGAP_PROVIDER_NAMESPACE,
    EDGEGAP_PROVIDER_TYPE);
}

/**
 * Copies the executable into `stackDirectory`'s implied mirror for every shipped platform, and removes other versions
 * left by an earlier package version so that `terraform init -upgrade` can only pick this one.
 * Returns the installed executable paths.
 */
export function installProvider(stackDirectory: string, executable: string = bundledProviderExecutable()): string[] {
  const mirror = providerMirrorFolder(stackDirectory);
  if (fs.existsSync(mirror)) {
    for (const version of fs.readdirSync(mirror)) {
      if (version !== EDGEGAP_PROVIDER_VERSION) {
        fs.rmSync(path.join(mirror, version), { recursive: true, force: true });
      }
    }
  }
  const platforms = new Set([...SHIPPED_PLATFORMS, currentPlatform()]);
  platforms.delete("windows_amd64");
  const content = fs.readFileSync(executable);
  const installed: string[] = [];
  for (const platform of platforms) {
    const target = path.join(mirror, EDGEGAP_PROVIDER_VERSION, platform, EDGEGAP_PROVIDER_EXECUTABLE);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Rewriting identical bytes would still be harmless, but skipping keeps mtimes stable between synths.
    if (!fs.existsSync(target) || !content.equals(fs.readFileSync(target))) {
      fs.writeFileSync(target, content, { mode: 0o755 });
    }
    fs.chmodSync(target, 0o755);
    installed.push(target);
  }
  return installed;
}
