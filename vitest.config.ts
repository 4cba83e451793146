import { defineConfig } from "vitest/config";

// Three projects, one run: unit tests of lib/, and the same integration suite twice, against a
// real PostgreSQL server and against embedded PGlite (the default a newcomer runs on).
export default defineConfig({
  resolve: {
    tsconfigPaths: true,
    alias: { "server-only": "server-only/empty.js" },
  },
  test: {
    env: { NODE_ENV: "test", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "integration-postgres",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/postgres-global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration-pglite",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/pglite-global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
