/** Unit and integration tests: TypeScript through ts-jest, one test file per concept.
 *  Front-end tests choose jsdom with a `@jest-environment jsdom` docblock. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "test/tsconfig.json" }],
  },
  // d3 ships ES modules only; jest's CommonJS loader gets its UMD build instead.
  moduleNameMapper: {
    "^d3$": "<rootDir>/node_modules/d3/dist/d3.min.js",
    "\\.css$": "<rootDir>/test/helpers/cssText.js",
  },
  setupFiles: ["<rootDir>/test/helpers/jsdomGlobals.js"],
  testTimeout: 60000,
};
