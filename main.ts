/**
 * Example app: the `game-servers` stack, built from the configuration in main-config.ts
 * (embedded defaults, overridable by GCP_* and EDGEGAP_* environment variables; see README "Configuration").
 *
 * Run `npx cdktf synth`; tests import GameServerStack without synthesizing (the app only runs as the entry point).
 */
import { App, GcsBackend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { EdgegapApp, EdgegapGcrAppVersion, EdgegapProvider, GcrPullAccount } from "./lib";
import { ConfigError, GameServerConfig, readGameServerConfig } from "./main-config";

/**
 * A game server's infrastructure: a pull-only Google service account and its key, an Edgegap application (created,
 * or an existing one referenced by name) and one version of the image, pulled with that key.
 */
export class GameServerStack extends TerraformStack {
  readonly google: GoogleProvider;
  readonly edgegap: EdgegapProvider;
  readonly pullAccount: GcrPullAccount;
  /** The application this stack creates; undefined when it references an existing one. */
  readonly app?: EdgegapApp;
  readonly release: EdgegapGcrAppVersion;

  constructor(scope: Construct, id: string, config: GameServerConfig) {
    super(scope, id);

    // Team scale: state in a GCS bucket (GCS locks state natively), so CI and laptops share one state. The bucket
    // should have versioning on and be readable only by the deployers: the state holds the service account key.
    if (config.stateBackend) new GcsBackend(this, config.stateBackend);

    // Credentials come from the environment (GOOGLE_APPLICATION_CREDENTIALS, gcloud ADC), never from code.
    this.google = new GoogleProvider(this, "google", { project: config.project });
    // No token here: the provider reads EDGEGAP_TOKEN (and EDGEGAP_BASE_URL) from terraform's environment at deploy.
    this.edgegap = new EdgegapProvider(this, "edgegap");

    // The account keeps the construct path it had before the Edgegap side joined this stack (its id derives from
    // the path), so a stack deployed then keeps its account; the version shares it through `pullAccount`.
    this.pullAccount = new GcrPullAccount(this, "pull-account", {
      repository: config.repository,
      project: config.project,
      grantScope: config.grantScope,
      rotation: config.keyRotation,
    });

    if (config.createApp) this.app = new EdgegapApp(this, "app", { name: config.appName });

    this.release = new EdgegapGcrAppVersion(this, "release", {
      app: this.app ?? config.appName,
      name: config.versionName,
      repository: config.repository.fullName,
      tag: config.tag,
      reqCpu: config.reqCpu,
      reqMemory: config.reqMemory,
      ports: config.ports,
      pullAccount: this.pullAccount,
    });

    // None of these carries the key, so none needs `sensitive`.
    const { release } = this;
    new TerraformOutput(this, "version_id", { value: release.versionId, description: "The Edgegap version, app/version" });
    new TerraformOutput(this, "service_account_email", {
      value: release.serviceAccountEmail,
      description: "The pull-only service account Edgegap uses",
    });
    new TerraformOutput(this, "registry", { value: release.registry, description: "Edgegap docker_repository" });
    new TerraformOutput(this, "image", { value: release.image, description: "Edgegap docker_image" });
    new TerraformOutput(this, "tag", { value: release.tag, description: "Edgegap docker_tag" });
  }
}

/** Reads the configuration first, so a bad variable stops the run before anything is written. */
function main(): void {
  let config: GameServerConfig;
  try {
    config = readGameServerConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const app = new App();
  new GameServerStack(app, "game-servers", config);
  app.synth();
}

if (require.main === module) main();
