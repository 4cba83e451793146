import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "./tests/e2e/support/chromium";
import { freePort, NEXT_BIN, PRISMA_BIN, TEST_ENCRYPTION_KEYS, TSX_BIN } from "./tests/e2e/support/servers";
import { ADMIN_URL, databaseUrlFor, uniqueDatabaseName } from "./tests/support/postgres";

// The config is loaded again in every worker: choose ports, folders and the database name
// once, in the main process, and hand them down through the environment.
if (!process.env.E2E_RUN_DIR) {
  process.env.E2E_RUN_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-e2e-"));
  process.env.E2E_EMBEDDED_PORT = String(freePort());
  process.env.E2E_POSTGRES_PORT = String(freePort());
  process.env.E2E_DATABASE_URL = databaseUrlFor(uniqueDatabaseName("inflowave_e2e"), ADMIN_URL);
  process.env.E2E_WIZARD_PORT = String(freePort());
  process.env.E2E_WIZARD_DATABASE_URL = databaseUrlFor(uniqueDatabaseName("inflowave_e2e_wizard"), ADMIN_URL);
  process.env.E2E_SIMULATOR_PORTS = [freePort(), freePort(), freePort()].join(",");
}
const runDir = process.env.E2E_RUN_DIR;
const embeddedUrl = `http://127.0.0.1:${process.env.E2E_EMBEDDED_PORT}`;
const postgresUrl = `http://127.0.0.1:${process.env.E2E_POSTGRES_PORT}`;
const wizardUrl = `http://127.0.0.1:${process.env.E2E_WIZARD_PORT}`;
const [simulatorStarttlsPort, simulatorTlsPort, simulatorApiPort] = process.env.E2E_SIMULATOR_PORTS!.split(",");
const SIMULATOR_DIR = path.join(runDir, "ses-simulator");
process.env.E2E_SIMULATOR_API = `http://127.0.0.1:${simulatorApiPort}`;

// What `npm start` does, with exec so Playwright stops the server itself rather than a shell.
const serve = (port: string | undefined) =>
  `sh -c '"${PRISMA_BIN}" migrate deploy && exec "${NEXT_BIN}" start -H 127.0.0.1 -p ${port}'`;
const serverEnv = {
  NEXT_TELEMETRY_DISABLED: "1",
  INFLOWAVE_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
  LOG_LEVEL: "warn",
  XDG_CONFIG_HOME: path.join(runDir, "xdg-config"),
  XDG_CACHE_HOME: path.join(runDir, "xdg-cache"),
  // The production servers offer the demo account the tests sign in with (development always does).
  INFLOWAVE_DEMO_ACCOUNT: "on",
  // The suites send far more tests than a person would; the limits themselves are integration-tested.
  INFLOWAVE_TEST_SENDS_PER_USER: "10000",
  INFLOWAVE_TEST_SENDS_PER_WORKSPACE: "10000",
};

/** Where the sign-in setup leaves each server's signed-in browser state. */
const signedIn = (server: string) => path.join(runDir, "auth", `${server}.json`);

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  globalTeardown: "./tests/e2e/support/global-teardown.ts",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
  },
  projects: [
    {
      // Signs the demo account in on each server once; the projects below start signed in.
      name: "sign-in",
      testMatch: /sign-in\.setup\.ts/,
    },
    {
      // The newcomer's path: no DATABASE_URL, embedded PGlite in a fresh data folder.
      name: "embedded",
      testMatch: /embedded\.spec\.ts/,
      dependencies: ["sign-in"],
      use: { baseURL: embeddedUrl, storageState: signedIn("embedded") },
    },
    {
      name: "postgres",
      testMatch: /(settings|security|sign-in)\.spec\.ts/,
      dependencies: ["sign-in"],
      use: { baseURL: postgresUrl, storageState: signedIn("postgres") },
    },
    {
      // The wizard against the local SES simulator: a production build run with NODE_ENV=test,
      // since production never routes SES hosts to the simulator.
      name: "wizard",
      testMatch: /(wizard|sending-domain|aws-account)\.spec\.ts/,
      // One simulator and one demo workspace: its files take turns, so no test swaps the
      // simulator's scenario (or the workspace's AWS access) under another.
      workers: 1,
      dependencies: ["sign-in"],
      use: { baseURL: wizardUrl, storageState: signedIn("wizard") },
    },
    {
      // Servers started inside the tests with a broken configuration.
      name: "startup",
      testMatch: /(startup|secret-scan)\.spec\.ts/,
    },
    {
      // 200 test sends through two instances of its own: last and alone, so its load slows no
      // timing-sensitive test of the projects above.
      name: "load",
      testMatch: /load\.spec\.ts/,
      dependencies: ["embedded", "postgres", "wizard", "startup"],
    },
  ],
  webServer: [
    {
      command: `"${TSX_BIN}" scripts/ses-simulator.ts --quiet --data-dir "${SIMULATOR_DIR}" --starttls-port ${simulatorStarttlsPort} --tls-port ${simulatorTlsPort} --api-port ${simulatorApiPort}`,
      url: `${process.env.E2E_SIMULATOR_API}/health`,
      timeout: 60_000,
      reuseExistingServer: false,
    },
    {
      command: serve(process.env.E2E_WIZARD_PORT),
      url: `${wizardUrl}/api/health`,
      env: {
        ...serverEnv,
        NODE_ENV: "test",
        DATABASE_URL: process.env.E2E_WIZARD_DATABASE_URL!,
        INFLOWAVE_DATA_DIR: path.join(runDir, "wizard-data"),
        INFLOWAVE_SES_SIMULATOR: "on",
        INFLOWAVE_SES_SIMULATOR_DIR: SIMULATOR_DIR,
        // The diagnostics' AWS calls go to the simulator's API side, as under npm run dev.
        AWS_ENDPOINT_URL_SES: process.env.E2E_SIMULATOR_API!,
        AWS_ENDPOINT_URL_SESV2: process.env.E2E_SIMULATOR_API!,
        AWS_ENDPOINT_URL_IAM: process.env.E2E_SIMULATOR_API!,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        // No AWS credentials of the machine may leak into the default-chain option.
        AWS_ACCESS_KEY_ID: "",
        AWS_SECRET_ACCESS_KEY: "",
        AWS_PROFILE: "",
        AWS_EC2_METADATA_DISABLED: "true",
      },
      timeout: 120_000,
      reuseExistingServer: false,
    },
    {
      command: serve(process.env.E2E_EMBEDDED_PORT),
      url: `${embeddedUrl}/api/health`,
      env: { ...serverEnv, DATABASE_URL: "", INFLOWAVE_DATA_DIR: path.join(runDir, "embedded-data") },
      timeout: 120_000,
      reuseExistingServer: false,
    },
    {
      command: serve(process.env.E2E_POSTGRES_PORT),
      url: `${postgresUrl}/api/health`,
      env: {
        ...serverEnv,
        DATABASE_URL: process.env.E2E_DATABASE_URL!,
        INFLOWAVE_DATA_DIR: path.join(runDir, "postgres-data"),
      },
      timeout: 120_000,
      reuseExistingServer: false,
    },
  ],
});
