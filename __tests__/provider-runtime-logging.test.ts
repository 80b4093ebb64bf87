import { createLogger, logLevelFromEnv } from "../lib/provider-runtime/logging";
import { Redactor } from "../lib/provider-runtime/redaction";
import { attr } from "../lib/provider-runtime/schema";

describe("log level from Terraform's variables", () => {
  it("prefers TF_LOG_PROVIDER, reads any case, treats JSON and unknown words as trace, and is off when unset", () => {
    expect(logLevelFromEnv({})).toBe("off");
    expect(logLevelFromEnv({ TF_LOG: "debug" })).toBe("debug");
    expect(logLevelFromEnv({ TF_LOG: "DEBUG", TF_LOG_PROVIDER: "Warn" })).toBe("warn");
    expect(logLevelFromEnv({ TF_LOG: "JSON" })).toBe("trace");
    expect(logLevelFromEnv({ TF_LOG: "1" })).toBe("trace");
  });
});

describe("logger", () => {
  it("writes hclog JSON lines (level, message, module, microsecond timestamp, fields) at or above its level", () => {
    const lines: string[] = [];
    const log = createLogger({ module: "provider.toy", level: "info", write: (line) => lines.push(line) }).with({ resource_type: "toy_thing" });
    log.debug("hidden");
    log.info("created", { id: "a1", error: new Error("boom"), big: 2n ** 70n });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ "@level": "info", "@message": "created", "@module": "provider.toy", resource_type: "toy_thing", id: "a1", error: "boom", big: "1180591620717411303424" });
    expect(entry["@timestamp"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it("masks the values of sensitive attributes and what the provider's own rule masks", () => {
    const redactor = new Redactor((text) => text.replace(/Bearer [\w.-]+/g, "Bearer ***"));
    const attributes = {
      token: attr.string({ optional: true, sensitive: true }),
      env: attr.nestedList({ value: attr.string({ optional: true, sensitive: true }), key: attr.string({ optional: true }) }, { optional: true }),
      short: attr.string({ optional: true, sensitive: true }),
    };
    redactor.addSensitiveValues(attributes, { token: 'tok"en-123', env: [{ key: "visible-key", value: "hidden-value" }], short: "ab" });
    const lines: string[] = [];
    const log = createLogger({ module: "m", level: "trace", write: (line) => lines.push(line), redact: (t) => redactor.redact(t) });
    log.info("sending", { token: 'tok"en-123', header: "Bearer abc.def", env: "hidden-value visible-key" });
    expect(lines[0]).not.toContain("en-123");
    expect(lines[0]).not.toContain("hidden-value");
    expect(lines[0]).not.toContain("abc.def");
    expect(lines[0]).toContain("visible-key");
    expect(redactor.redact("ab cd")).toBe("ab cd");
  });
});
