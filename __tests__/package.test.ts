import { execFileSync } from "child_process";
import { existsSync, readFileSync, statSync } from "fs";
import { builtinModules } from "module";
import { dirname, join, relative, resolve } from "path";

/**
 * What a studio installs: the `npm pack` tarball. It must hold the compiled entry point with its types and the
 * bundled provider (executable), none of the sources, tests or local state, and everything the public entry point
 * loads must come from Node, a dependency or a peer dependency (never a dev dependency, which a studio lacks).
 */
const ROOT = join(__dirname, "..");
const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  version: string;
  main: string;
  types: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

let files: string[];

beforeAll(() => {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
  files = (JSON.parse(out) as [{ files: { path: string }[] }])[0].files.map((file) => file.path);
}, 60_000);

test("the tarball holds the entry point, its types, the provider, the help and the README", () => {
  const provider = `dist/provider/terraform-provider-edgegap_v${manifest.version}`;
  expect(files).toEqual(expect.arrayContaining([manifest.main, manifest.types, provider, "README.md", "help", "package.json"]));
  expect(statSync(join(ROOT, provider)).mode & 0o111).not.toBe(0);
  expect(readFileSync(join(ROOT, provider), "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
});

test("and nothing else: no sources, tests, benchmarks, synthesized stacks or state", () => {
  const unexpected = files.filter((file) => !/^dist\/.+\.(js|d\.ts)$/.test(file) && !["README.md", "help", "package.json"].includes(file));
  expect(unexpected.filter((file) => !file.startsWith("dist/provider/"))).toEqual([]);
  expect(files.filter((file) => /(^|\/)(__tests__|bench|cdktf\.out)\/|\.tfstate|(?<!\.d)\.ts$/.test(file))).toEqual([]);
});

test("everything the entry point loads is Node's, a dependency or a peer dependency", () => {
  const allowed = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
  const missing = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const [, specifier] of source.matchAll(/require\("([^"]+)"\)/g)) {
      if (specifier.startsWith(".")) {
        visit(resolveLocal(dirname(file), specifier));
        continue;
      }
      const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
      if (!builtinModules.includes(name.replace(/^node:/, "")) && !allowed.has(name)) missing.set(name, relative(ROOT, file));
    }
  };
  visit(join(ROOT, manifest.main));
  expect(seen.size).toBeGreaterThan(10);
  expect(Object.fromEntries(missing)).toEqual({});
  for (const file of seen) expect(files).toContain(relative(ROOT, file));
});

function resolveLocal(from: string, specifier: string): string {
  const base = resolve(from, specifier);
  for (const candidate of [base, `${base}.js`, join(base, "index.js")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${specifier} (from ${from}) does not resolve to a file`);
}
