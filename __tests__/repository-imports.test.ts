import { spawnSync } from "child_process";
import { join, relative, sep } from "path";

const ROOT = join(__dirname, "..");

describe("lib/repository stays strings only", () => {
  it("loads nothing outside lib/repository (no cdktf, no constructs, no Edgegap code)", () => {
    const script = `
      const before = new Set(Object.keys(require.cache));
      require("./lib/repository/index.ts").splitRepository("gcr.io/project-name/example:v1");
      process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((file) => !before.has(file))));
    `;
    const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.stderr).toBe("");
    const loaded = (JSON.parse(result.stdout) as string[]).map((file) => relative(ROOT, file));
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((file) => !file.startsWith(`lib${sep}repository${sep}`))).toEqual([]);
  }, 60_000);
});
