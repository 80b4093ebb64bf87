/**
 * Example app: the `game-servers` stack, built from the configuration in main-config.ts
 * (embedded defaults, overridable by GCP_* environment variables; see README "Configuration").
 *
 * Run `npx cdktf synth`; tests import GameServerStack without synthesizing (the app only runs as the entry point).
 */
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { GcrPullAccount } from "./lib";
import { ConfigError, GameServerConfig, readGameServerConfig } from "./main-config";

/**
 * A game server's infrastructure: the Google side (a pull-only account and its key) now; the Edgegap app and its
 * version join here, built from the same config and fed `pullAccount.dockerUsername` / `pullAccount.jsonKey`.
 */
export class GameServerStack extends TerraformStack {
  readonly google: GoogleProvider;
  readonly pullAccount: GcrPullAccount;

  constructor(scope: Construct, id: string, config: GameServerConfig) {
    super(scope, id);

    // Credentials come from the environment (GOOGLE_APPLICATION_CREDENTIALS, gcloud ADC), never from code.
    this.google = new GoogleProvider(this, "google", { project: config.project });

    this.pullAccount = new GcrPullAccount(this, "pull-account", {
      repository: config.repository,
      project: config.project,
      grantScope: config.grantScope,
      rotation: config.keyRotation,
    });

    const { reference } = this.pullAccount;
    new TerraformOutput(this, "service_account_email", {
      value: this.pullAccount.email,
      description: "The pull-only service account Edgegap uses",
    });
    new TerraformOutput(this, "registry", { value: reference.repository, description: "Edgegap docker_repository" });
    new TerraformOutput(this, "image", { value: reference.image, description: "Edgegap docker_image" });
    new TerraformOutput(this, "tag", { value: reference.tag ?? "", description: "Edgegap docker_tag (empty: none given)" });
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
