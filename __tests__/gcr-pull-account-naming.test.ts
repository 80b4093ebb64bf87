import {
  ACCOUNT_ID_PATTERN,
  deriveAccountId,
  SERVICE_ACCOUNT_EMAIL_PATTERN,
  truncate,
} from "../lib/constructs/gcr-pull-account-naming";

describe("deriveAccountId", () => {
  it("keeps the path below the stack readable and adds a hash", () => {
    expect(deriveAccountId("game-servers/release/PullAccount")).toMatch(/^release-pull-account-[0-9a-f]{8}$/);
  });

  it("is deterministic and differs for different paths", () => {
    expect(deriveAccountId("a/b")).toBe(deriveAccountId("a/b"));
    expect(deriveAccountId("a/b")).not.toBe(deriveAccountId("c/b"));
  });

  it.each([
    "stack/PullAccount",
    "stack/x",
    "stack/123",
    "stack/---",
    "stack/_Weird__Id!!",
    "only-one-id",
    `stack/${"VeryLongConstructIdentifier".repeat(5)}`,
    "stack/a/b/c/d/e/f/g/h/i/j/k",
    "stack/9lives-Arena",
    "stack/ab-----------------------cd",
  ])("always gives a valid id for %j", (path) => {
    const id = deriveAccountId(path);
    expect(id).toMatch(ACCOUNT_ID_PATTERN);
    expect(id.length).toBeGreaterThanOrEqual(6);
    expect(id.length).toBeLessThanOrEqual(30);
  });

  it("falls back to a pull- prefix when nothing readable is left", () => {
    expect(deriveAccountId("stack/123")).toMatch(/^pull-[0-9a-f]{8}$/);
  });
});

describe("service account email rule", () => {
  it.each([
    ["puller@my-project.iam.gserviceaccount.com", true],
    ["puller@my-project.example.com.iam.gserviceaccount.com", true],
    ["123456789-compute@developer.gserviceaccount.com", true],
    ["puller@gmail.com", false],
    ["Puller@my-project.iam.gserviceaccount.com", false],
    ["puller@", false],
    ["serviceAccount:puller@my-project.iam.gserviceaccount.com", false],
  ])("%j → %s", (email, valid) => {
    expect(SERVICE_ACCOUNT_EMAIL_PATTERN.test(email)).toBe(valid);
  });
});

describe("truncate", () => {
  it("keeps short text and marks a cut", () => {
    expect(truncate("abc", 5)).toBe("abc");
    expect(truncate("abcdef", 5)).toBe("abcd…");
  });
});
