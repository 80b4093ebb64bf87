import {
  InvalidRepositoryError,
  isValidProjectId,
  RepositoryReference,
  splitRepository,
} from "../lib/repository";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

/** Good inputs and the complete reference each must produce. */
const good: Array<[string, RepositoryReference]> = [
  [
    "gcr.io/project-name/example",
    {
      fullName: "gcr.io/project-name/example",
      repository: "gcr.io",
      image: "project-name/example",
      project: "project-name",
      kind: "container-registry",
      artifactRegistryLocation: "us",
      artifactRegistryRepository: "gcr.io",
      legacyBucket: "artifacts.project-name.appspot.com",
    },
  ],
  [
    "gcr.io/project-name/example:v1",
    {
      fullName: "gcr.io/project-name/example:v1",
      repository: "gcr.io",
      image: "project-name/example",
      tag: "v1",
      project: "project-name",
      kind: "container-registry",
      artifactRegistryLocation: "us",
      artifactRegistryRepository: "gcr.io",
      legacyBucket: "artifacts.project-name.appspot.com",
    },
  ],
  [
    "us.gcr.io/my-game-project/servers/arena:2026.12.03",
    {
      fullName: "us.gcr.io/my-game-project/servers/arena:2026.12.03",
      repository: "us.gcr.io",
      image: "my-game-project/servers/arena",
      tag: "2026.12.03",
      project: "my-game-project",
      kind: "container-registry",
      artifactRegistryLocation: "us",
      artifactRegistryRepository: "us.gcr.io",
      legacyBucket: "us.artifacts.my-game-project.appspot.com",
    },
  ],
  [
    "eu.gcr.io/my-game-project/arena",
    {
      fullName: "eu.gcr.io/my-game-project/arena",
      repository: "eu.gcr.io",
      image: "my-game-project/arena",
      project: "my-game-project",
      kind: "container-registry",
      artifactRegistryLocation: "europe",
      artifactRegistryRepository: "eu.gcr.io",
      legacyBucket: "eu.artifacts.my-game-project.appspot.com",
    },
  ],
  [
    `asia.gcr.io/my-game-project/arena@${DIGEST}`,
    {
      fullName: `asia.gcr.io/my-game-project/arena@${DIGEST}`,
      repository: "asia.gcr.io",
      image: "my-game-project/arena",
      digest: DIGEST,
      project: "my-game-project",
      kind: "container-registry",
      artifactRegistryLocation: "asia",
      artifactRegistryRepository: "asia.gcr.io",
      legacyBucket: "asia.artifacts.my-game-project.appspot.com",
    },
  ],
  [
    "us-docker.pkg.dev/my-game-project/game-servers/my-game:1.0.0",
    {
      fullName: "us-docker.pkg.dev/my-game-project/game-servers/my-game:1.0.0",
      repository: "us-docker.pkg.dev",
      image: "my-game-project/game-servers/my-game",
      tag: "1.0.0",
      project: "my-game-project",
      kind: "artifact-registry",
      artifactRegistryLocation: "us",
      artifactRegistryRepository: "game-servers",
    },
  ],
  [
    `europe-west4-docker.pkg.dev/studio-prod-42/builds/team/arena-server:v1.2_rc-3@${DIGEST}`,
    {
      fullName: `europe-west4-docker.pkg.dev/studio-prod-42/builds/team/arena-server:v1.2_rc-3@${DIGEST}`,
      repository: "europe-west4-docker.pkg.dev",
      image: "studio-prod-42/builds/team/arena-server",
      tag: "v1.2_rc-3",
      digest: DIGEST,
      project: "studio-prod-42",
      kind: "artifact-registry",
      artifactRegistryLocation: "europe-west4",
      artifactRegistryRepository: "builds",
    },
  ],
  [
    "gcr.io/example.com/my-project/arena:v1",
    {
      fullName: "gcr.io/example.com/my-project/arena:v1",
      repository: "gcr.io",
      image: "example.com/my-project/arena",
      tag: "v1",
      project: "example.com:my-project",
      kind: "container-registry",
      artifactRegistryLocation: "us",
      artifactRegistryRepository: "gcr.io",
    },
  ],
  [
    "asia-northeast1-docker.pkg.dev/example.com/my-project/games/arena",
    {
      fullName: "asia-northeast1-docker.pkg.dev/example.com/my-project/games/arena",
      repository: "asia-northeast1-docker.pkg.dev",
      image: "example.com/my-project/games/arena",
      project: "example.com:my-project",
      kind: "artifact-registry",
      artifactRegistryLocation: "asia-northeast1",
      artifactRegistryRepository: "games",
    },
  ],
  [
    "  gcr.io/project-name/example:latest\n",
    {
      fullName: "gcr.io/project-name/example:latest",
      repository: "gcr.io",
      image: "project-name/example",
      tag: "latest",
      project: "project-name",
      kind: "container-registry",
      artifactRegistryLocation: "us",
      artifactRegistryRepository: "gcr.io",
      legacyBucket: "artifacts.project-name.appspot.com",
    },
  ],
];

/** Shorter good cases: only the Edgegap fields. */
const goodEdgegapFields: Array<[string, Pick<RepositoryReference, "repository" | "image" | "tag">]> = [
  ["gcr.io/my-project/a.b_c__d--e", { repository: "gcr.io", image: "my-project/a.b_c__d--e", tag: undefined }],
  ["gcr.io/my-project/game:_private", { repository: "gcr.io", image: "my-project/game", tag: "_private" }],
  [`gcr.io/my-project/game:${"x".repeat(128)}`, { repository: "gcr.io", image: "my-project/game", tag: "x".repeat(128) }],
  ["us-docker.pkg.dev/my-project/r/a/b/c/d:V2", { repository: "us-docker.pkg.dev", image: "my-project/r/a/b/c/d", tag: "V2" }],
  ["northamerica-northeast1-docker.pkg.dev/p-12345/repo-1/game", { repository: "northamerica-northeast1-docker.pkg.dev", image: "p-12345/repo-1/game", tag: undefined }],
];

/** Bad inputs and the phrases their message must contain (besides the quoted input). */
const bad: Array<[string, string[]]> = [
  ["", ["it is empty", "HOST/PROJECT/IMAGE"]],
  ["   \t ", ["it is empty"]],
  ["https://gcr.io/my-project/game", ['remove the scheme "https://"']],
  ["docker://gcr.io/my-project/game", ['remove the scheme "docker://"']],
  ["docker.io/library/nginx", ['the host "docker.io" is not a Google registry', "gcr.io, us.gcr.io, eu.gcr.io, asia.gcr.io or LOCATION-docker.pkg.dev"]],
  ["my-project/game", ['the host "my-project" is not a Google registry']],
  ["ghcr.io/org/game:v1", ['the host "ghcr.io" is not a Google registry']],
  ["gcr.io:443/my-project/game", ['the host "gcr.io:443" is not a Google registry']],
  ["GCR.IO/my-project/game", ['write the host "GCR.IO" in lowercase ("gcr.io")']],
  ["us-npm.pkg.dev/my-project/repo/pkg", ['"us-npm.pkg.dev" serves non-Docker packages']],
  ["us_east1-docker.pkg.dev/my-project/repo/game", ['the host "us_east1-docker.pkg.dev" is not a Google registry']],
  ["us-central-docker.pkg.dev/my-project/repo/game", ['location "us-central"', "is not valid"]],
  ["gcr.io", ['no path after the host "gcr.io"']],
  ["gcr.io/my-project", ['the path "my-project" needs both a project and an image name', "gcr.io/PROJECT/IMAGE"]],
  ["gcr.io/my-project:v1", ["needs both a project and an image name"]],
  ["us-docker.pkg.dev/my-project/game", ['the path "my-project/game" needs a project, a repository and an image name', "LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE"]],
  ["gcr.io/example.com/my-project", ["needs both a project and an image name"]],
  ["gcr.io/my-project//game", ["has an empty segment"]],
  ["gcr.io//my-project/game", ["has an empty segment"]],
  ["gcr.io/my-project/game/", ["has an empty segment"]],
  ["gcr.io/My-Project/Game:v1", ['the image "My-Project/Game" has uppercase letters', "lowercase"]],
  ["us-docker.pkg.dev/my-project/repo/Arena", ["has uppercase letters"]],
  ["gcr.io/my-project/game:", ['the tag after ":" is empty']],
  ["gcr.io/my-project/game:-v1", ['the tag "-v1" is not valid', "docker's rule"]],
  ["gcr.io/my-project/game:v1+build", ['the tag "v1+build" is not valid']],
  [`gcr.io/my-project/game:${"x".repeat(129)}`, ["is not valid", "up to 128"]],
  ["gcr.io/my-project/game@", ['the digest after "@" is empty']],
  ["gcr.io/my-project/game@sha256:abc", ['the digest "sha256:abc" is not valid', '"sha256:" followed by 64 lowercase hex digits']],
  [`gcr.io/my-project/game@${DIGEST.toUpperCase().replace("SHA256", "sha256")}`, ["digest", "lowercase hex"]],
  [`gcr.io/my-project/game@md5:${"a".repeat(32)}`, ["is not valid", "sha256"]],
  ["gcr.io/my-project/game_-x", ['the image path component "game_-x" is not valid', "docker's rule"]],
  ["gcr.io/my-project/.hidden", ['the image path component ".hidden" is not valid']],
  ["gcr.io/my-project/game server", ["contains whitespace"]],
  ["gcr.io/proj/game", ['the project id "proj" is not valid', "6 to 30"]],
  ["gcr.io/1project/game", ['the project id "1project" is not valid']],
  ["gcr.io/my-project-/game", ['the project id "my-project-" is not valid']],
  ["gcr.io/example.com:my-project/game", ["domain-scoped project", '"example.com/my-project"']],
  ["gcr.io/my-project/game:v1/extra", ['":" may only introduce the tag at the end']],
  ["gcr.io/exa_mple.com/my-project/game", ['the project domain "exa_mple.com" is not valid']],
  ["us-docker.pkg.dev/my-project/Repo_1/game", ["has uppercase letters"]],
  ["us-docker.pkg.dev/my-project/repo_1/game", ['the Artifact Registry repository "repo_1" is not valid', "hyphens"]],
  ["us-docker.pkg.dev/my-project/1repo/game", ['the Artifact Registry repository "1repo" is not valid']],
  [`gcr.io/my-project/${"a".repeat(250)}`, ["longer than 255 characters"]],
  ["${TfToken[TOKEN.12]}", ["unresolved token", "literal string"]],
  ["gcr.io/my-project/${TfToken[TOKEN.7]}", ["unresolved token"]],
  ["gcr.io/my-project/${var.image}", ["Terraform expression", "literal string"]],
];

describe("splitRepository", () => {
  it.each(good)("splits %j", (input, expected) => {
    expect(splitRepository(input)).toEqual(expected);
  });

  it.each(goodEdgegapFields)("splits %j into Edgegap's fields", (input, expected) => {
    const reference = splitRepository(input);
    expect({ repository: reference.repository, image: reference.image, tag: reference.tag }).toEqual(expected);
  });

  it.each(bad)("rejects %j", (input, phrases) => {
    let thrown: unknown;
    try {
      splitRepository(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidRepositoryError);
    const error = thrown as InvalidRepositoryError;
    expect(error.name).toBe("InvalidRepositoryError");
    expect(error.input).toBe(input);
    // Inputs longer than 200 characters are quoted shortened, so compare the start of the quote.
    expect(error.message.startsWith(`invalid repository ${JSON.stringify(input).slice(0, 150)}`)).toBe(true);
    for (const phrase of phrases) expect(error.message).toContain(phrase);
  });

  it("never puts host, tag or digest into the image", () => {
    for (const [input] of [...good, ...goodEdgegapFields]) {
      const { image, repository } = splitRepository(input);
      expect(image).not.toContain(repository);
      expect(image).not.toMatch(/[:@]/);
    }
  });

  it("rejects a non-string at runtime (JavaScript callers)", () => {
    expect(() => splitRepository(undefined as unknown as string)).toThrow(/expected a string, got undefined/);
  });

  it("shortens a huge input in the message", () => {
    const huge = `docker.io/${"a".repeat(5000)}`;
    expect(() => splitRepository(huge)).toThrow(InvalidRepositoryError);
    try {
      splitRepository(huge);
    } catch (error) {
      expect((error as Error).message.length).toBeLessThan(600);
      expect((error as InvalidRepositoryError).input).toBe(huge);
    }
  });
});

describe("isValidProjectId", () => {
  it.each([
    ["my-game-project", true],
    ["example.com:my-project", true],
    ["abcdef", true],
    ["abcde", false],
    ["a".repeat(31), false],
    ["My-Project", false],
    ["my-project-", false],
    ["example.com:", false],
    [":my-project", false],
  ])("%j → %s", (projectId, valid) => {
    expect(isValidProjectId(projectId)).toBe(valid);
  });
});
