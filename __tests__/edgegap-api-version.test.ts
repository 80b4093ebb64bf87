import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_USER_AGENT } from "../lib/edgegap-api";
import { PACKAGE_VERSION } from "../lib/version";

describe("package version constant", () => {
  test("equals package.json's version", () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { version: string };
    expect(PACKAGE_VERSION).toBe(pkg.version);
  });

  test("names the project and its version in the default User-Agent", () => {
    expect(DEFAULT_USER_AGENT).toMatch(new RegExp(`^edgegap-cdktf/${PACKAGE_VERSION.replace(/\./g, "\\.")} node/\\d+`));
  });
});
