import "cdktf/lib/testing/adapters/jest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { Construct } from "constructs";
import { EdgegapApp } from "../lib/bindings/edgegap-app";
import { EdgegapAppVersion, EdgegapAppVersionConfig } from "../lib/bindings/edgegap-app-version";
import { EdgegapProvider } from "../lib/bindings/edgegap-provider";
import { EDGEGAP_PROVIDER_EXECUTABLE, EDGEGAP_PROVIDER_SOURCE } from "../lib/bindings/provider-address";
import { installProvider, providerMirrorFolder, SHIPPED_PLATFORMS } from "../lib/bindings/provider-installation";
import { PACKAGE_VERSION } from "../lib/version";

const VERSION: EdgegapAppVersionConfig = {
  app: "my-game",
  name: "2026.12.03",
  dockerRepository: "gcr.io",
  dockerImage: "my-project/my-game",
  dockerTag: "v1",
  reqCpu: 1024,
  reqMemory: 2048,
};

function synthesized(build: (stack: Construct) => void): any {
  return JSON.parse(Testing.synthScope(build));
}

describe("EdgegapProvider", () => {
  it("requires our provider by its .local source at the package version", () => {
    const json = synthesized((stack) => new EdgegapProvider(stack, "edgegap"));
    expect(json.terraform.required_providers.edgegap).toEqual({ source: EDGEGAP_PROVIDER_SOURCE, version: PACKAGE_VERSION });
    expect(EDGEGAP_PROVIDER_SOURCE).toBe("edgegap-cdktf.local/edgegap-cdktf/edgegap");
  });

  it("writes no token into the configuration unless given a variable", () => {
    const json = synthesized((stack) => new EdgegapProvider(stack, "edgegap"));
    expect(json.provider.edgegap).toEqual([{}]);
  });

  it("passes a sensitive variable's token as a reference", () => {
    const json = synthesized((stack) => {
      const token = new TerraformVariable(stack, "edgegap_token", { type: "string", sensitive: true });
      new EdgegapProvider(stack, "edgegap", { token: token.stringValue, baseUrl: "http://127.0.0.1:9", imagePullRetrySeconds: 30 });
    });
    expect(json.provider.edgegap[0]).toEqual({
      token: "${var.edgegap_token}",
      base_url: "http://127.0.0.1:9",
      image_pull_retry_seconds: 30,
    });
  });

  it("refuses a literal token, naming the safe alternatives", () => {
    expect(() => synthesized((stack) => new EdgegapProvider(stack, "edgegap", { token: "0c3e-secret" })))
      .toThrow(/token must not be a literal string.*EDGEGAP_TOKEN.*sensitive TerraformVariable/);
  });

  it.each([
    [{ baseUrl: "api.edgegap.com" }, /baseUrl "api.edgegap.com" is not an http\(s\) URL/],
    [{ imagePullRetrySeconds: -1 }, /imagePullRetrySeconds -1 must be a whole number of seconds from 0 to 3600/],
    [{ imagePullRetrySeconds: 2.5 }, /imagePullRetrySeconds 2.5/],
    [{ requestTimeoutSeconds: 0 }, /requestTimeoutSeconds 0 must be a whole number of seconds from 1 to 600/],
    [{ requestTimeoutSeconds: 601 }, /requestTimeoutSeconds 601 must be a whole number of seconds from 1 to 600/],
    [{ operationTimeoutSeconds: 0.5 }, /operationTimeoutSeconds 0.5 must be a whole number of seconds from 1 to 3600/],
    [{ operationTimeoutSeconds: 3601 }, /operationTimeoutSeconds 3601 must be a whole number of seconds from 1 to 3600/],
  ])("refuses %o", (props, message) => {
    expect(() => synthesized((stack) => new EdgegapProvider(stack, "edgegap", props))).toThrow(message);
  });

  it("passes the request timeout and operation deadline, literal or from a variable", () => {
    const json = synthesized((stack) => {
      const deadline = new TerraformVariable(stack, "deadline", { type: "number" });
      new EdgegapProvider(stack, "edgegap", { requestTimeoutSeconds: 5, operationTimeoutSeconds: deadline.numberValue });
    });
    expect(json.provider.edgegap[0]).toEqual({ request_timeout_seconds: 5, operation_timeout_seconds: "${var.deadline}" });
  });

  it("supports an alias for a second organisation", () => {
    const json = synthesized((stack) => {
      new EdgegapProvider(stack, "edgegap");
      const other = new EdgegapProvider(stack, "other", { alias: "studio-b" });
      new EdgegapApp(stack, "app", { name: "my-game", provider: other });
    });
    expect(json.provider.edgegap).toEqual([{}, { alias: "studio-b" }]);
    expect(json.resource.edgegap_app.app.provider).toBe("edgegap.studio-b");
  });
});

describe("EdgegapApp", () => {
  it("synthesizes snake_case arguments", () => {
    const json = synthesized((stack) => new EdgegapApp(stack, "game", { name: "my-game", isActive: false }));
    expect(json.resource.edgegap_app.game).toEqual({ name: "my-game", is_active: false });
  });

  it("exposes attributes as references", () => {
    const json = synthesized((stack) => {
      const game = new EdgegapApp(stack, "game", { name: "my-game" });
      new EdgegapAppVersion(stack, "v", { ...VERSION, app: game.name });
    });
    expect(json.resource.edgegap_app_version.v.app).toBe("${edgegap_app.game.name}");
  });

  it("refuses a name shorter than Edgegap allows", () => {
    expect(() => synthesized((stack) => new EdgegapApp(stack, "game", { name: "ab" })))
      .toThrow(/EdgegapApp stack\/game: invalid configuration: name = "ab": .*3–64 characters/);
  });
});

describe("EdgegapAppVersion", () => {
  it("synthesizes every argument in snake_case", () => {
    const json = synthesized((stack) => {
      const key = new TerraformVariable(stack, "key", { type: "string", sensitive: true });
      new EdgegapAppVersion(stack, "v", {
        ...VERSION,
        privateUsername: "_json_key",
        privateToken: key.stringValue,
        reqVideo: 0,
        ports: [{ port: 7777, protocol: "UDP", toCheck: false, name: "gameport" }],
        envs: [{ key: "MAP", value: "forest" }],
        isActive: true,
        verifyImage: true,
        forceCache: false,
        timeToDeploy: 120,
        maxDuration: 60,
        restartPolicy: "never",
        terminationGracePeriodSeconds: 30,
        endpointStorage: "logs",
        dnsConfig: "studio-dns",
        willDeployInMainlandChina: false,
      });
    });
    expect(json.resource.edgegap_app_version.v).toEqual({
      app: "my-game",
      name: "2026.12.03",
      docker_repository: "gcr.io",
      docker_image: "my-project/my-game",
      docker_tag: "v1",
      private_username: "_json_key",
      private_token: "${var.key}",
      req_cpu: 1024,
      req_memory: 2048,
      req_video: 0,
      ports: [{ port: 7777, protocol: "UDP", to_check: false, name: "gameport" }],
      envs: [{ key: "MAP", value: "forest" }],
      is_active: true,
      verify_image: true,
      force_cache: false,
      time_to_deploy: 120,
      max_duration: 60,
      restart_policy: "never",
      termination_grace_period_seconds: 30,
      endpoint_storage: "logs",
      dns_config: "studio-dns",
      will_deploy_in_mainland_china: false,
    });
  });

  it("renders ports and envs added after construction", () => {
    const json = synthesized((stack) => {
      const version = new EdgegapAppVersion(stack, "v", { ...VERSION, ports: [{ port: 7777, protocol: "UDP" }] });
      version.addPort({ port: 8080, protocol: "HTTP", tlsUpgrade: true, name: "web" });
      version.addEnv({ key: "REGION", value: "eu" });
    });
    const v = json.resource.edgegap_app_version.v;
    expect(v.ports).toEqual([
      { port: 7777, protocol: "UDP" },
      { port: 8080, protocol: "HTTP", tls_upgrade: true, name: "web" },
    ]);
    expect(v.envs).toEqual([{ key: "REGION", value: "eu" }]);
  });

  it("renders the same arguments as HCL", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "hcl");
    new EdgegapAppVersion(stack, "v", { ...VERSION, ports: [{ port: 7777, protocol: "UDP", name: "gameport" }] });
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toContain('resource "edgegap_app_version" "v"');
    expect(hcl).toMatch(/docker_image\s*=\s*"my-project\/my-game"/);
    expect(hcl).toMatch(/protocol\s*=\s*"UDP"/);
  });

  it.each<[string, Partial<EdgegapAppVersionConfig>, RegExp]>([
    ["memory over twice the cpu", { reqMemory: 4096 }, /reqMemory = 4096: req_memory must be at most double req_cpu/],
    ["cpu under 100", { reqCpu: 50, reqMemory: 100 }, /reqCpu = 50: req_cpu must be an integer at least 100/],
    ["an uppercase image", { dockerImage: "My/Game" }, /dockerImage = "My\/Game"/],
    ["an unknown protocol", { ports: [{ port: 7777, protocol: "udp" }] }, /ports\[0\]\.protocol = "udp": protocol must be one of TCP, UDP/],
    ["tls on UDP", { ports: [{ port: 1, protocol: "UDP", tlsUpgrade: true }] }, /ports\[0\]\.tlsUpgrade = true: tls_upgrade is only available on HTTP and WS/],
    ["a port out of range", { ports: [{ port: 60000, protocol: "TCP" }] }, /ports\[0\]\.port = 60000/],
    ["duplicate env keys", { envs: [{ key: "A", value: "1" }, { key: "A", value: "2" }] }, /envs\[1\]\.key = "A": env keys must be unique/],
    ["a grace period of 2 s", { terminationGracePeriodSeconds: 2 }, /terminationGracePeriodSeconds = 2/],
    ["a restart policy typo", { restartPolicy: "allways" }, /restartPolicy = "allways": restart_policy must be one of always, never, on_failure/],
    ["an empty endpoint storage", { endpointStorage: "" }, /endpointStorage = "": endpoint_storage must be a storage name/],
    ["a literal private token", { privateToken: "{\"private_key\":\"x\"}" }, /privateToken = "<a literal string>": private_token must be a reference/],
    ["an empty version name", { name: "" }, /name = "": .*1–64 characters/],
  ])("refuses %s", (_what, props, message) => {
    expect(() => synthesized((stack) => new EdgegapAppVersion(stack, "v", { ...VERSION, ...props }))).toThrow(message);
  });

  it("refuses a literal hidden env value without echoing it", () => {
    let message = "";
    try {
      synthesized((stack) => new EdgegapAppVersion(stack, "v", { ...VERSION, envs: [{ key: "K", value: "hunter2-secret", isHidden: true }] }));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/envs\[0\]\.value = "<a literal string>": envs\[0\]\.value must be a reference/);
    expect(message).not.toContain("hunter2-secret");
  });

  it("checks a port added later", () => {
    expect(() => synthesized((stack) => {
      new EdgegapAppVersion(stack, "v", VERSION).addPort({ port: 80, protocol: "SCTP" });
    })).toThrow(/ports\[0\]\.protocol = "SCTP"/);
  });

  it("leaves values known only at apply to the provider", () => {
    const json = synthesized((stack) => {
      const cpu = new TerraformVariable(stack, "cpu", { type: "number" });
      const protocol = new TerraformVariable(stack, "protocol", { type: "string" });
      new EdgegapAppVersion(stack, "v", {
        ...VERSION,
        reqCpu: cpu.numberValue,
        reqMemory: 100000,
        ports: [{ port: 7777, protocol: protocol.stringValue }],
      });
    });
    expect(json.resource.edgegap_app_version.v.req_cpu).toBe("${var.cpu}");
    expect(json.resource.edgegap_app_version.v.ports[0].protocol).toBe("${var.protocol}");
  });
});

describe("shipping the provider into the stack", () => {
  let dir: string;
  let executable: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "edgegap-install-"));
    executable = path.join(dir, "bundle.js");
    fs.writeFileSync(executable, "#!/usr/bin/env node\nprocess.exit(0)\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("copies one executable per platform into the implied mirror layout", () => {
    const stackDir = path.join(dir, "stack");
    const installed = installProvider(stackDir, executable);
    for (const platform of SHIPPED_PLATFORMS) {
      const target = path.join(stackDir, "terraform.d/plugins/edgegap-cdktf.local/edgegap-cdktf/edgegap",
        PACKAGE_VERSION, platform, EDGEGAP_PROVIDER_EXECUTABLE);
      expect(installed).toContain(target);
      expect(fs.readFileSync(target, "utf8")).toBe(fs.readFileSync(executable, "utf8"));
      expect(fs.statSync(target).mode & 0o777).toBe(0o755);
    }
  });

  it("removes versions left by an older package so an upgrade can only pick this one", () => {
    const stackDir = path.join(dir, "stack");
    const stale = path.join(providerMirrorFolder(stackDir), "0.0.1", "linux_amd64");
    fs.mkdirSync(stale, { recursive: true });
    fs.writeFileSync(path.join(stale, "terraform-provider-edgegap_v0.0.1"), "old");
    installProvider(stackDir, executable);
    expect(fs.readdirSync(providerMirrorFolder(stackDir))).toEqual([PACKAGE_VERSION]);
  });
});
