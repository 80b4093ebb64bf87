import { ConfigError, CONFIG_ENV, DEFAULT_REPOSITORY, readGameServerConfig } from "../main-config";
import { splitRepository } from "../lib/repository";

describe("readGameServerConfig", () => {
  it("uses the embedded example with nothing set", () => {
    expect(readGameServerConfig({})).toEqual({
      project: "my-game-project",
      repository: splitRepository(DEFAULT_REPOSITORY),
      grantScope: "repository",
    });
  });

  it("takes the project from GCP_REPOSITORY when GCP_PROJECT is unset", () => {
    const config = readGameServerConfig({ GCP_REPOSITORY: "eu.gcr.io/studio-prod/arena:v7" });
    expect(config.project).toBe("studio-prod");
    expect(config.repository.repository).toBe("eu.gcr.io");
    expect(config.repository.tag).toBe("v7");
  });

  it("reads every variable, trimming whitespace", () => {
    expect(
      readGameServerConfig({
        GCP_PROJECT: " ci-accounts ",
        GCP_REPOSITORY: "gcr.io/studio-prod/arena",
        GCP_GRANT_SCOPE: "project",
        GCP_KEY_ROTATION: "2027-01",
      }),
    ).toEqual({
      project: "ci-accounts",
      repository: splitRepository("gcr.io/studio-prod/arena"),
      grantScope: "project",
      keyRotation: "2027-01",
    });
  });

  it("treats blank variables as unset", () => {
    expect(readGameServerConfig({ GCP_PROJECT: "", GCP_REPOSITORY: "  ", GCP_KEY_ROTATION: "" })).toEqual(readGameServerConfig({}));
  });

  it.each([
    [{ GCP_REPOSITORY: "docker.io/library/nginx" }, "GCP_REPOSITORY", /^GCP_REPOSITORY: invalid repository "docker\.io\/library\/nginx": the host "docker\.io" is not a Google registry/],
    [{ GCP_REPOSITORY: "gcr.io/my-project/Game" }, "GCP_REPOSITORY", /uppercase letters/],
    [{ GCP_PROJECT: "My_Project" }, "GCP_PROJECT", /^GCP_PROJECT: "My_Project" is not a valid project id: expected 6 to 30/],
    [{ GCP_GRANT_SCOPE: "organization" }, "GCP_GRANT_SCOPE", /^GCP_GRANT_SCOPE: "organization" is not valid: expected "repository" or "project"/],
    [{ GCP_KEY_ROTATION: "x".repeat(65) }, "GCP_KEY_ROTATION", /^GCP_KEY_ROTATION: is 65 characters long: expected at most 64/],
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
    expect(Object.values(CONFIG_ENV)).toEqual(["GCP_PROJECT", "GCP_REPOSITORY", "GCP_GRANT_SCOPE", "GCP_KEY_ROTATION"]);
  });
});
