// ESLint for src/, test/ and bench/: typescript-eslint's recommended rules, and the tiers of
// docs/architecture.md written as import rules, so an import that points up a tier fails the lint.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** A tier's folder under src/ and the tiers of ours it must not import (docs/architecture.md, "Rules of the house"). */
const tiers = {
  core: ["metrics", "charts", "widgets", "client", "platform", "notebook", "export", "cli"],
  metrics: ["charts", "widgets", "client", "platform", "notebook", "export", "cli"],
  charts: ["widgets", "client", "platform", "notebook", "export", "cli"],
  widgets: ["client", "platform", "notebook", "export", "cli"],
  platform: ["charts", "widgets", "client", "notebook", "export", "cli"],
  client: ["charts", "widgets", "notebook", "export", "cli"],
  notebook: ["cli"],
  export: ["notebook", "cli"],
};

/** Imports of another tier, however deep the importing file sits: "../widgets", "../../client/x". */
const tierImport = (names) => `^(\\.\\./)+(${names.join("|")})(/|$)`;

export default tseslint.config(
  { ignores: ["lib/", "dist/", "node_modules/", ".venv/", "python/", "src/widgets/labextension/", "src/widgets/jupyterlab-core/", "bench/out/", "test/out/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused names are mistakes, except an argument or a caught error named `_…` on purpose.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // TypeScript checks names itself, with the right globals for each file (DOM, Node, Deno).
    files: ["**/*.ts"],
    rules: { "no-undef": "off" },
  },
  {
    // Scripts Node runs as they are (bench/, test helpers, the webpack and jest configs): CommonJS.
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    languageOptions: { globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Tests read JSON and poke at fakes (`any` is honest there) and load the plain-JS helpers that
    // test/setup.js shares with them.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Benchmarks drive Chromium: the functions they hand to page.evaluate() run in the page.
    files: ["bench/**/*.js"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  ...Object.entries(tiers).map(([tier, forbidden]) => ({
    files: [`src/${tier}/**/*.ts`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: tierImport(forbidden),
              message: `src/${tier} may not import ${forbidden.join(", ")}: imports point down the tiers (docs/architecture.md).`,
            },
            // Renderers draw the same in a notebook, a report and under jsdom.
            ...(["core", "metrics", "charts"].includes(tier)
              ? [{ regex: "^@(jupyter-widgets|jupyterlab|lumino)/", message: `src/${tier} knows nothing of Jupyter (docs/architecture.md).` }]
              : []),
          ],
        },
      ],
    },
  })),
);
