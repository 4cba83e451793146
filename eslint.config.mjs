import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    ".data/**",
    ".cache/**",
    "lib/generated/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
  ]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // lib/ is the framework-free domain: the CLI and the tests use it without Next.js.
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["next", "next/*", "react", "react-dom", "react/*"],
              message: "lib/ must not depend on Next.js or React.",
            },
            {
              group: ["@/app/*", "@/components/*", "../app/*", "../components/*"],
              message: "lib/ must not import the UI.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["scripts/**/*.mjs", "cli/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
]);
