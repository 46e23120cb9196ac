/** Unit and integration tests: TypeScript through ts-jest, one test file per concept.
 *  Front-end tests choose jsdom with a `@jest-environment jsdom` docblock. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { tsconfig: "test/tsconfig.json" }],
    // @jupyter-widgets/base ships ES modules only: compile it to CommonJS like our own code.
    "^.+/@jupyter-widgets/base/.+\\.js$": [
      "ts-jest",
      { tsconfig: { allowJs: true, module: "commonjs", target: "es2022", esModuleInterop: true }, diagnostics: false },
    ],
  },
  transformIgnorePatterns: ["/node_modules/(?!@jupyter-widgets/base/)"],
  moduleNameMapper: {
    // d3 ships ES modules only; jest's CommonJS loader gets its UMD build instead.
    "^d3$": "<rootDir>/node_modules/d3/dist/d3.min.js",
    // Stylesheets are text in the bundles; tests need no styles.
    "\\.css$": "<rootDir>/test/helpers/cssText.js",
  },
  setupFiles: ["<rootDir>/test/helpers/jsdomGlobals.js"],
  testTimeout: 60000,
};
