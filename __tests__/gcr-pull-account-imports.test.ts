import { spawnSync } from "child_process";
import { readdirSync, readFileSync, statSync } from "fs";
import { join, relative } from "path";

/**
 * The package root of @cdktf/provider-google (lib/index.js) loads every one of its ~1,500 resources: seconds and
 * hundreds of MB. lib/ and main.ts must only use deep imports (`@cdktf/provider-google/lib/service-account`).
 */
const ROOT = join(__dirname, "..");
const PACKAGE_ROOT_INDEX = join("node_modules", "@cdktf", "provider-google", "lib", "index.js");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

describe("@cdktf/provider-google is only deep-imported", () => {
  it("no source in lib/ or main.ts names the package root", () => {
    const rootImport = /(?:from\s+|require\(\s*|import\(\s*)["']@cdktf\/provider-google(?:\/lib)?\/?["']/;
    const offenders = [join(ROOT, "main.ts"), join(ROOT, "main-config.ts"), ...sourceFiles(join(ROOT, "lib"))]
      .filter((file) => rootImport.test(readFileSync(file, "utf8")))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it("loading lib/index and main.ts and synthesizing the example never loads the package root", () => {
    // A fresh node process, so require.cache holds exactly what our code loads (jest keeps its own registry).
    const script = `
      const { Testing } = require("cdktf");
      require("./lib/index.ts");
      const { GameServerStack } = require("./main.ts");
      const { readGameServerConfig } = require("./main-config.ts");
      Testing.synth(new GameServerStack(Testing.app(), "game-servers", readGameServerConfig({})));
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));
    `;
    const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.stderr).toBe("");
    const loaded = (JSON.parse(result.stdout) as string[]).map((file) => relative(ROOT, file));
    const google = loaded.filter((file) => file.includes(join("@cdktf", "provider-google")));
    // The deep modules we use are there (so the scan sees our imports at all)...
    expect(google).toContain(join("node_modules", "@cdktf", "provider-google", "lib", "service-account", "index.js"));
    expect(google).toContain(join("node_modules", "@cdktf", "provider-google", "lib", "service-account-key", "index.js"));
    // ...and the package root is not.
    expect(google).not.toContain(PACKAGE_ROOT_INDEX);
    expect(google.length).toBeLessThan(20);
    // axios is the Edgegap client's, loaded when a client is first made: synth never needs it.
    expect(loaded.filter((file) => file.includes(join("node_modules", "axios")))).toEqual([]);
  }, 60_000);
});
