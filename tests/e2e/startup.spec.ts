import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { saveScreenshot } from "./support/screenshots";
import { startNextServer, TEST_ENCRYPTION_KEYS, waitForHttp, type StartedServer } from "./support/servers";

// Each test starts its own production server with a broken configuration: starting and stopping
// one takes a while on a busy 2-core machine, hence the longer timeout.
test.describe.configure({ timeout: 60_000 });
let server: StartedServer | undefined;
let dataDir: string;
test.beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-startup-"));
});
test.afterEach(async () => {
  await server?.stop();
  server = undefined;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("production refuses to start without an encryption key, and says what to do", async () => {
  server = startNextServer({ INFLOWAVE_DATA_DIR: dataDir, DATABASE_URL: "pglite:memory" });
  expect(await server.exited).toBe(1);
  expect(server.output()).toContain("INFLOWAVE_ENCRYPTION_KEYS is not set");
  expect(server.output()).toContain("keys:generate");
  expect(fs.existsSync(path.join(dataDir, "encryption-keys"))).toBe(false);
});

test("production refuses a malformed keyring without printing the key", async () => {
  const badKey = Buffer.alloc(16, 1).toString("base64");
  server = startNextServer({
    INFLOWAVE_DATA_DIR: dataDir,
    DATABASE_URL: "pglite:memory",
    INFLOWAVE_ENCRYPTION_KEYS: `k1:${badKey}`,
  });
  expect(await server.exited).toBe(1);
  expect(server.output()).toContain('Key "k1" is 16 bytes; AES-256 needs 32.');
  expect(server.output()).not.toContain(badKey);
});

test("with the database down, health explains it and pages show a clear error without internals", async ({ page }) => {
  server = startNextServer({
    INFLOWAVE_DATA_DIR: dataDir,
    INFLOWAVE_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    DATABASE_URL: "postgresql://inflowave:db-password-never-shown@127.0.0.1:1/inflowave",
  });
  await waitForHttp(`${server.url}/api/health`);

  const health = await fetch(`${server.url}/api/health`);
  expect(health.status).toBe(503);
  const body = await health.text();
  expect(JSON.parse(body)).toMatchObject({
    status: "error",
    database: {
      ok: false,
      problem: "The database server cannot be reached.",
      fix: expect.stringContaining("DATABASE_URL"),
    },
  });
  expect(body).not.toContain("db-password-never-shown");

  await page.goto(`${server.url}/settings/email`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/something went wrong/i);
  const html = await page.content();
  for (const internal of ["ECONNREFUSED", "db-password-never-shown", "node_modules", "    at "]) {
    expect(html).not.toContain(internal);
  }
  await saveScreenshot(page, "database-down");
  expect(server.output()).not.toContain("db-password-never-shown");
});
