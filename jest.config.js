/** Unit and integration tests run from the TypeScript sources; `tsc --noEmit` (npm test) type-checks them first. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/cdktf.out/"],
  setupFilesAfterEnv: ["<rootDir>/setup.js"],
  transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true }] },
  clearMocks: true,
};
