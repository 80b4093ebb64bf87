import {
  ConfigError,
  CONFIG_ENV,
  DEFAULT_REPOSITORY,
  GameServerConfig,
  readGameServerConfig,
  readPorts,
} from "../main-config";
import { splitRepository } from "../lib/repository";

const DIGEST = `sha256:${"0f".repeat(32)}`;

describe("readGameServerConfig", () => {
  it("uses the embedded example with nothing set", () => {
    expect(readGameServerConfig({})).toEqual<GameServerConfig>({
      project: "my-game-project",
      repository: splitRepository(DEFAULT_REPOSITORY),
      grantScope: "repository",
      appName: "my-game",
      createApp: true,
      versionName: "1.0.0",
      tag: "1.0.0",
      reqCpu: 1024,
      ports: [{ port: 7777, protocol: "UDP", name: "gameport" }],
    });
  });

  it("takes the project and the tag from GCP_REPOSITORY when GCP_PROJECT and GCP_IMAGE_TAG are unset", () => {
    const config = readGameServerConfig({ GCP_REPOSITORY: "eu.gcr.io/studio-prod/arena:v7" });
    expect(config.project).toBe("studio-prod");
    expect(config.repository.repository).toBe("eu.gcr.io");
    expect(config.tag).toBe("v7");
    expect(config.versionName).toBe("v7");
  });

  it("reads every variable, trimming whitespace", () => {
    expect(
      readGameServerConfig({
        GCP_PROJECT: " ci-accounts ",
        GCP_REPOSITORY: "gcr.io/studio-prod/arena",
        GCP_GRANT_SCOPE: "project",
        GCP_KEY_ROTATION: "2027-01",
        GCP_IMAGE_TAG: "2026.12.03",
        EDGEGAP_APP_NAME: "arena",
        EDGEGAP_CREATE_APP: "FALSE",
        EDGEGAP_VERSION_NAME: "2026.12.03-eu",
        EDGEGAP_REQ_CPU: "1536",
        EDGEGAP_REQ_MEMORY: "3072",
        EDGEGAP_PORTS: " 7777/udp:game , 8080/http+TLS:web,9000/TCP/UDP ",
      }),
    ).toEqual<GameServerConfig>({
      project: "ci-accounts",
      repository: splitRepository("gcr.io/studio-prod/arena"),
      grantScope: "project",
      keyRotation: "2027-01",
      appName: "arena",
      createApp: false,
      versionName: "2026.12.03-eu",
      tag: "2026.12.03",
      reqCpu: 1536,
      reqMemory: 3072,
      ports: [
        { port: 7777, protocol: "UDP", name: "game" },
        { port: 8080, protocol: "HTTP", tlsUpgrade: true, name: "web" },
        { port: 9000, protocol: "TCP/UDP" },
      ],
    });
  });

  it("accepts the same tag in GCP_REPOSITORY and GCP_IMAGE_TAG", () => {
    expect(readGameServerConfig({ GCP_REPOSITORY: "gcr.io/studio-prod/arena:v1", GCP_IMAGE_TAG: "v1" }).tag).toBe("v1");
  });

  it("treats blank variables as unset", () => {
    const blank = Object.fromEntries(Object.values(CONFIG_ENV).map((name) => [name, "  "]));
    expect(readGameServerConfig(blank)).toEqual(readGameServerConfig({}));
  });

  it("never reads the Edgegap token or base URL (the provider reads them at deploy)", () => {
    const read: string[] = [];
    const env = new Proxy({} as Record<string, string>, {
      get: (_target, name) => {
        read.push(String(name));
        return name === "EDGEGAP_TOKEN" ? "secret-token" : undefined;
      },
    });
    readGameServerConfig(env);
    expect(read.sort()).toEqual(Object.values(CONFIG_ENV).sort());
  });

  it.each<[Record<string, string>, string, RegExp]>([
    [{ GCP_REPOSITORY: "docker.io/library/nginx" }, "GCP_REPOSITORY", /^GCP_REPOSITORY: invalid repository "docker\.io\/library\/nginx": the host "docker\.io" is not a Google registry/],
    [{ GCP_REPOSITORY: "gcr.io/my-project/Game" }, "GCP_REPOSITORY", /uppercase letters/],
    [{ GCP_REPOSITORY: `gcr.io/my-project/game@${DIGEST}` }, "GCP_REPOSITORY", /^GCP_REPOSITORY: "gcr\.io\/my-project\/game@sha256:0f0f.*" pins a digest, but Edgegap pulls by tag and has no field for a digest: write the tag instead \(":TAG" in GCP_REPOSITORY, or GCP_IMAGE_TAG\)$/],
    [{ GCP_PROJECT: "My_Project" }, "GCP_PROJECT", /^GCP_PROJECT: "My_Project" is not a valid project id: expected 6 to 30/],
    [{ GCP_GRANT_SCOPE: "organization" }, "GCP_GRANT_SCOPE", /^GCP_GRANT_SCOPE: "organization" is not valid: expected "repository" or "project"/],
    [{ GCP_KEY_ROTATION: "x".repeat(65) }, "GCP_KEY_ROTATION", /^GCP_KEY_ROTATION: is 65 characters long: expected at most 64/],
    [{ GCP_REPOSITORY: "gcr.io/my-project/game" }, "GCP_IMAGE_TAG", /^GCP_IMAGE_TAG: is unset and GCP_REPOSITORY "gcr\.io\/my-project\/game" has no tag: set GCP_IMAGE_TAG, or write ":TAG" at the end of GCP_REPOSITORY$/],
    [{ GCP_IMAGE_TAG: "1.0.1" }, "GCP_IMAGE_TAG", /^GCP_IMAGE_TAG: "1\.0\.1" differs from the tag "1\.0\.0" in GCP_REPOSITORY: give the tag in one of them, or the same in both$/],
    [{ GCP_REPOSITORY: "gcr.io/my-project/game", GCP_IMAGE_TAG: ".hidden" }, "GCP_IMAGE_TAG", /^GCP_IMAGE_TAG: "\.hidden" is not valid: docker_tag must be 1–128 letters, digits/],
    [{ EDGEGAP_APP_NAME: "ab" }, "EDGEGAP_APP_NAME", /^EDGEGAP_APP_NAME: "ab" is not valid: an app name must be 3–64 characters long \(is 2\)$/],
    [{ EDGEGAP_APP_NAME: "studio/arena" }, "EDGEGAP_APP_NAME", /^EDGEGAP_APP_NAME: "studio\/arena" is not valid: an app name must not contain "\/"/],
    [{ EDGEGAP_CREATE_APP: "yes" }, "EDGEGAP_CREATE_APP", /^EDGEGAP_CREATE_APP: "yes" is not valid: expected "true" or "false"$/],
    [{ EDGEGAP_VERSION_NAME: "x".repeat(65) }, "EDGEGAP_VERSION_NAME", /^EDGEGAP_VERSION_NAME: "x{65}" is not valid: a version name must be 1–64 characters long \(is 65\)$/],
    [{ EDGEGAP_REQ_CPU: "1.5" }, "EDGEGAP_REQ_CPU", /^EDGEGAP_REQ_CPU: "1\.5" is not valid: expected a whole number such as 1024$/],
    [{ EDGEGAP_REQ_CPU: "50" }, "EDGEGAP_REQ_CPU", /^EDGEGAP_REQ_CPU: 50 is not valid: req_cpu must be an integer at least 100$/],
    [{ EDGEGAP_REQ_MEMORY: "4096" }, "EDGEGAP_REQ_MEMORY", /^EDGEGAP_REQ_MEMORY: 4096 is not valid: req_memory must be at most double req_cpu \(1024 → at most 2048 MB\)$/],
    [{ EDGEGAP_REQ_MEMORY: "lots" }, "EDGEGAP_REQ_MEMORY", /^EDGEGAP_REQ_MEMORY: "lots" is not valid: expected a whole number/],
    [{ EDGEGAP_PORTS: "7777" }, "EDGEGAP_PORTS", /^EDGEGAP_PORTS: entry 1 "7777" is not valid: expected comma-separated PORT\/PROTOCOL\[\+tls\]\[:NAME\] entries/],
    [{ EDGEGAP_PORTS: "7777/UDP,,8080/HTTP" }, "EDGEGAP_PORTS", /^EDGEGAP_PORTS: entry 2 "" is not valid: expected comma-separated/],
    [{ EDGEGAP_PORTS: "7777/UDP,7778/QUIC" }, "EDGEGAP_PORTS", /^EDGEGAP_PORTS: entry 2 "7778\/QUIC" is not valid: protocol must be one of TCP, UDP, TCP\/UDP, HTTP, HTTPS, WS, WSS$/],
    [{ EDGEGAP_PORTS: "70000/UDP" }, "EDGEGAP_PORTS", /^EDGEGAP_PORTS: entry 1 "70000\/UDP" is not valid: port must be an integer between 0 and 59999$/],
    [{ EDGEGAP_PORTS: "7777/UDP+tls" }, "EDGEGAP_PORTS", /^EDGEGAP_PORTS: entry 1 "7777\/UDP\+tls" is not valid: tls_upgrade is only available on HTTP and WS ports$/],
    [{ EDGEGAP_PORTS: "0/UDP" }, "EDGEGAP_PORTS", /^EDGEGAP_PORTS: entry 1 "0\/UDP" is not valid: a name is required when port is 0/],
    [{ EDGEGAP_PORTS: "7777/UDP:game,7778/UDP:game" }, "EDGEGAP_PORTS", /^EDGEGAP_PORTS: the port name "game" is used twice: names must be unique$/],
    [{ TF_STATE_BUCKET: "My_Bucket" }, "TF_STATE_BUCKET", /^TF_STATE_BUCKET: "My_Bucket" is not a valid bucket name: expected 3 to 63 characters/],
    [{ TF_STATE_BUCKET: "ab" }, "TF_STATE_BUCKET", /^TF_STATE_BUCKET: "ab" is not a valid bucket name/],
    [{ TF_STATE_PREFIX: "game-servers" }, "TF_STATE_PREFIX", /^TF_STATE_PREFIX: is set but TF_STATE_BUCKET is not: set the bucket too, or unset the prefix$/],
    [{ TF_STATE_BUCKET: "studio-tf-state", TF_STATE_PREFIX: "/abs/path" }, "TF_STATE_PREFIX", /^TF_STATE_PREFIX: "\/abs\/path" is not valid: expected a relative object path/],
  ])("rejects %j naming %s", (env, variable, message) => {
    let thrown: unknown;
    try {
      readGameServerConfig(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(variable);
    expect((thrown as Error).message).toMatch(message);
  });

  it("documents its variable names", () => {
    expect(Object.values(CONFIG_ENV)).toEqual([
      "GCP_PROJECT",
      "GCP_REPOSITORY",
      "GCP_GRANT_SCOPE",
      "GCP_KEY_ROTATION",
      "GCP_IMAGE_TAG",
      "EDGEGAP_APP_NAME",
      "EDGEGAP_CREATE_APP",
      "EDGEGAP_VERSION_NAME",
      "EDGEGAP_REQ_CPU",
      "EDGEGAP_REQ_MEMORY",
      "EDGEGAP_PORTS",
      "TF_STATE_BUCKET",
      "TF_STATE_PREFIX",
    ]);
  });
});

describe("readPorts (EDGEGAP_PORTS)", () => {
  it("reads the compact syntax", () => {
    expect(readPorts("7777/UDP,8080/HTTP:web")).toEqual([
      { port: 7777, protocol: "UDP" },
      { port: 8080, protocol: "HTTP", name: "web" },
    ]);
    expect(readPorts("0/UDP:gameport")).toEqual([{ port: 0, protocol: "UDP", name: "gameport" }]);
    expect(readPorts("443/wss")).toEqual([{ port: 443, protocol: "WSS" }]);
  });

  it('"none" means no ports', () => {
    expect(readPorts("none")).toEqual([]);
    expect(readGameServerConfig({ EDGEGAP_PORTS: "NONE" }).ports).toEqual([]);
  });
});
