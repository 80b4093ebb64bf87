import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { packageRoot } from "../../bindings/provider-installation";

/**
 * A throwaway copy of the cdktf project to run `cdktf synth/deploy` in, so that cdktf.out, terraform state and
 * lock files never land in the repository (tests run concurrently). Sources are copied (a few hundred KB: the
 * top-level *.ts app files, lib/, cdktf.json, package.json, tsconfig.json, and the bundled provider in
 * dist/provider when it was built); node_modules is a symlink, so nothing is installed.
 */
export interface CopyProjectOptions {
  /** The project to copy. @default - this package's root */
  readonly from?: string;
  /** Files to write into the copy after copying, by relative path: e.g. a test's own `main.ts`. */
  readonly files?: Readonly<Record<string, string>>;
}

const COPIED_FILES = ["cdktf.json", "package.json", "tsconfig.json", "help"];
const COPIED_DIRS = ["lib", join("dist", "provider")];

export function copyProject(target: string, options: CopyProjectOptions = {}): string {
  const from = options.from ?? packageRoot();
  mkdirSync(target, { recursive: true });
  const topLevelSources = readdirSync(from).filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"));
  for (const name of [...COPIED_FILES, ...topLevelSources]) {
    if (existsSync(join(from, name))) cpSync(join(from, name), join(target, name));
  }
  for (const dir of COPIED_DIRS) {
    if (existsSync(join(from, dir))) cpSync(join(from, dir), join(target, dir), { recursive: true });
  }
  rmSync(join(target, "node_modules"), { force: true }); // copying again over an earlier copy: a new symlink
  symlinkSync(join(from, "node_modules"), join(target, "node_modules"), "dir");
  for (const [path, content] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), content);
  }
  return target;
}
