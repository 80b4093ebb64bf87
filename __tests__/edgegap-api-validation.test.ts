import {
  EdgegapValidationError,
  REDACTED,
  type ValidationProblem,
  validateAppName,
  validateAppVersionFields,
  validateCreateAppRequest,
  validateCreateAppVersionRequest,
  validateDockerImage,
  validateDockerRepository,
  validateDockerTag,
  validateUpdateAppRequest,
  validateUpdateAppVersionRequest,
  validateVersionName,
} from "../lib/edgegap-api";
import { exampleApp, exampleVersion } from "../lib/testing/edgegap-emulator/fixtures";

const paths = (problems: readonly ValidationProblem[]) => problems.map((p) => p.path);

describe("names", () => {
  test.each([
    ["my-game", []],
    ["abc", []],
    ["x".repeat(64), []],
    ["ab", ["name"]],
    ["x".repeat(65), ["name"]],
    [" my-game", ["name"]],
    ["my-game\n", ["name"]],
    ["my/game", ["name"]],
    ["my\u0007game", ["name"]],
  ])("app name %j", (name, expected) => {
    expect(paths(validateAppName(name))).toEqual(expected);
  });

  test.each([
    ["1", []],
    ["2024.01.30-16.23.00-UTC", []],
    ["v 1 (beta)", []],
    ["", ["name"]],
    ["..", ["name"]],
    [".", ["name"]],
    ["a/b", ["name"]],
    ["x".repeat(65), ["name"]],
  ])("version name %j", (name, expected) => {
    expect(paths(validateVersionName(name))).toEqual(expected);
  });

  test("counts characters, not UTF-16 units", () => {
    expect(validateVersionName("🎮".repeat(64))).toEqual([]);
  });

  test("a problem names the value and the rule", () => {
    expect(validateAppName("ab", "app_name")).toEqual([
      { path: "app_name", value: "ab", rule: "an app name must be 3–64 characters long (is 2)" },
    ]);
  });
});

describe("docker reference fields", () => {
  test.each([
    ["project-name/repo", undefined],
    ["my-org-cv2l3w3vy6fg/my-game-server", undefined],
    ["project/repo/image", undefined],
    ["a__b/c.d-e", undefined],
    ["RJ/lightyear-server", /lowercase/],
    ["gcr.io/project/repo", /registry host: put "gcr.io" in docker_repository/],
    ["localhost/repo", /registry host/],
    ["localhost:5000/repo", /registry host/],
    ["project/repo:v1", /must not include a tag/],
    ["project/repo@sha256:abc", /digest/],
    ["project//repo", /'\/'-separated parts/],
    ["-project/repo", /'\/'-separated parts/],
    ["", /non-empty/],
  ])("docker_image %j", (image, rule) => {
    const problems = validateDockerImage(image);
    if (rule === undefined) expect(problems).toEqual([]);
    else expect(problems).toEqual([{ path: "docker_image", value: image, rule: expect.stringMatching(rule) }]);
  });

  test.each([
    ["gcr.io", undefined],
    ["europe-west1-docker.pkg.dev", undefined],
    ["123.dkr.ecr.ca-central-1.amazonaws.com", undefined],
    ["localhost:5000", undefined],
    ["[::1]:5000", undefined],
    ["https://gcr.io", /without a scheme/],
    ["gcr.io/project", /only the registry host/],
    ["gcr.io:99999", /host name/],
    ["gcr_io", /host name/],
    ["", /registry host/],
  ])("docker_repository %j", (repository, rule) => {
    const problems = validateDockerRepository(repository);
    if (rule === undefined) expect(problems).toEqual([]);
    else expect(problems[0].rule).toMatch(rule);
  });

  test.each([
    ["v1", true],
    ["2024.01.30-16.23.00-UTC", true],
    ["_x", true],
    ["x".repeat(128), true],
    ["x".repeat(129), false],
    [".v1", false],
    ["-v1", false],
    ["v1:2", false],
    ["", false],
  ])("docker_tag %j valid: %s", (tag, valid) => {
    expect(validateDockerTag(tag).length === 0).toBe(valid);
  });
});

describe("app version requests", () => {
  test("the example request is valid", () => {
    expect(validateCreateAppVersionRequest(exampleVersion())).toEqual([]);
  });

  test("required fields are reported together", () => {
    const problems = validateCreateAppVersionRequest({ name: "v1" });
    expect(paths(problems)).toEqual(["docker_repository", "docker_image", "docker_tag", "req_cpu", "req_memory"]);
  });

  test.each<[string, Record<string, unknown>, string, RegExp]>([
    ["cpu below 100", { req_cpu: 99 }, "req_cpu", /at least 100/],
    ["memory below 100", { req_memory: 50 }, "req_memory", /at least 100/],
    ["memory above 2 × cpu", { req_cpu: 1024, req_memory: 2049 }, "req_memory", /at most double req_cpu \(1024 → at most 2048 MB\)/],
    ["fractional cpu", { req_cpu: 100.5 }, "req_cpu", /integer/],
    ["negative video", { req_video: -1 }, "req_video", /at least 0/],
    ["grace too short", { termination_grace_period_seconds: 4 }, "termination_grace_period_seconds", /between 5 and 3600/],
    ["grace too long", { termination_grace_period_seconds: 3601 }, "termination_grace_period_seconds", /between 5 and 3600/],
    ["max_duration too low", { max_duration: -2 }, "max_duration", /between -1 and 1440/],
    ["max_duration too high", { max_duration: 1441 }, "max_duration", /between -1 and 1440/],
    ["time_to_deploy zero", { time_to_deploy: 0 }, "time_to_deploy", /at least 1/],
    ["restart policy", { restart_policy: "sometimes" }, "restart_policy", /always, never, on_failure/],
    ["empty endpoint_storage", { endpoint_storage: "" }, "endpoint_storage", /omit it/],
    ["string boolean", { verify_image: "yes" }, "verify_image", /true or false/],
    ["unknown field", { reqCpu: 1 }, "reqCpu", /not a field/],
  ])("%s", (_, overrides, path, rule) => {
    const problems = validateCreateAppVersionRequest({ ...exampleVersion(), ...overrides });
    expect(problems).toEqual([expect.objectContaining({ path, rule: expect.stringMatching(rule) })]);
  });

  test("accepted boundaries", () => {
    const request = exampleVersion({
      req_cpu: 100,
      req_memory: 200,
      req_video: 0,
      termination_grace_period_seconds: 5,
      max_duration: -1,
      time_to_deploy: 1,
      restart_policy: "on_failure",
      endpoint_storage: "my-storage",
    });
    expect(validateCreateAppVersionRequest(request)).toEqual([]);
    expect(validateAppVersionFields({ termination_grace_period_seconds: 3600, max_duration: 1440 })).toEqual([]);
  });

  test("ports: range, protocol, name for port 0, tls_upgrade only on HTTP/WS, with indexed paths", () => {
    const problems = validateAppVersionFields({
      ports: [
        { port: 7777, protocol: "UDP" },
        { port: 60000, protocol: "udp" },
        { port: 0, protocol: "TCP" },
        { port: 443, protocol: "HTTPS", tls_upgrade: true },
        { port: 80, protocol: "HTTP", tls_upgrade: true },
        { port: 8080, protocol: "WS", tls_upgrade: true, to_check: "no" },
      ],
    });
    expect(problems.map((p) => [p.path, p.value])).toEqual([
      ["ports[1].port", 60000],
      ["ports[1].protocol", "udp"],
      ["ports[2].name", undefined],
      ["ports[3].tls_upgrade", true],
      ["ports[5].to_check", "no"],
    ]);
    expect(problems[1].rule).toBe("protocol must be one of TCP, UDP, TCP/UDP, HTTP, HTTPS, WS, WSS");
  });

  test("envs: keys non-empty and unique, values up to 4096 bytes of UTF-8", () => {
    const problems = validateAppVersionFields({
      envs: [
        { key: "A", value: "x".repeat(4096) },
        { key: "", value: "1" },
        { key: "A", value: "2" },
        { key: "B", value: "é".repeat(2049) },
      ],
    });
    expect(problems.map((p) => [p.path, p.value])).toEqual([
      ["envs[1].key", ""],
      ["envs[2].key", "A"],
      ["envs[3].value", "<4098 bytes>"],
    ]);
  });

  test("a hidden env value or a private_token never appears in a problem", () => {
    const secret = "super-secret-value-".repeat(300);
    const problems = validateAppVersionFields({
      envs: [{ key: "S", value: secret, is_hidden: true }],
      private_token: 42 as unknown as string,
    });
    expect(problems.map((p) => p.value)).toEqual([REDACTED, REDACTED]);
    expect(JSON.stringify(new EdgegapValidationError("x", problems))).not.toContain("super-secret");
  });

  test("PATCH may not carry req_cpu/req_memory/req_video; other fields are optional", () => {
    expect(validateUpdateAppVersionRequest({ docker_tag: "v2" })).toEqual([]);
    const problems = validateUpdateAppVersionRequest({ req_cpu: 2048, req_memory: 4096 } as never);
    expect(problems.map((p) => p.path)).toEqual(["req_cpu", "req_memory"]);
    expect(problems[0].rule).toMatch(/cannot be changed after creation.*replace the version/);
  });

  test("fields not yet known (undefined) are skipped, so plans can be checked", () => {
    expect(validateAppVersionFields({ req_cpu: undefined, req_memory: 4096, docker_image: undefined })).toEqual([]);
  });
});

describe("app requests", () => {
  test("create needs name, is_active and image", () => {
    expect(validateCreateAppRequest(exampleApp())).toEqual([]);
    expect(paths(validateCreateAppRequest({ name: "my-game" }))).toEqual(["is_active", "image"]);
  });

  test("update checks only what is sent", () => {
    expect(validateUpdateAppRequest({ is_active: false })).toEqual([]);
    expect(paths(validateUpdateAppRequest({ name: "x" }))).toEqual(["name"]);
  });
});

describe("EdgegapValidationError", () => {
  test("lists every problem with path, value and rule", () => {
    const error = new EdgegapValidationError('app version "v1"', validateAppVersionFields({ req_cpu: 50, max_duration: 2000 }));
    expect(error.message).toBe(
      'Invalid app version "v1": req_cpu = 50: req_cpu must be an integer at least 100; max_duration = 2000: max_duration must be an integer between -1 and 1440',
    );
    expect(error.problems).toHaveLength(2);
    expect(error.name).toBe("EdgegapValidationError");
  });
});
