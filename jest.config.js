/** Unit and integration tests run from the TypeScript sources; `tsc --noEmit` (npm test) type-checks them first. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  testMatch: ["<rootDir>/__tests__/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/cdktf.out/"],
  setupFilesAfterEnv: ["<rootDir>/setup.js"],
  // Transpile only (isolatedModules in tsconfig.json); `npm test` type-checks with tsc first.
  transform: { "^.+\\.ts$": ["ts-jest", {}] },
  clearMocks: true,
};
