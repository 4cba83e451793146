import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { openDatabase } from "@/lib/db/client";
import { DEMO_ACCOUNT } from "@/lib/workspace/context";
import { startNextServer, TEST_ENCRYPTION_KEYS, waitForHttp, type StartedServer } from "./support/servers";
import { SENDER } from "./support/simulator";

// The secrets a full setup handles — the AWS secret access key pasted into the wizard (and turned
// into the SMTP password in the browser), the SMTP password, the diagnostics key's secret — must
// not come back out anywhere: not in a response (HTML, JSON, RSC, the test stream), not in the
// server's log output, not in a database row. A server of its own, so its output can be read.

const DIAGNOSTICS = { id: "AKIASIMULATORDIAG001", secret: "d1AgN0st1csS3cretK3yF0rTheSIMULATORDIAG1" };
const SECRETS = {
  "AWS secret access key": SENDER.secret,
  "SMTP password": SENDER.password("us-east-1"),
  "diagnostics secret key": DIAGNOSTICS.secret,
};

let server: StartedServer;
let dataDir: string;
test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-secret-scan-"));
  server = startNextServer({
    NODE_ENV: "test",
    LOG_LEVEL: "debug",
    DATABASE_URL: process.env.E2E_WIZARD_DATABASE_URL!,
    INFLOWAVE_DATA_DIR: dataDir,
    INFLOWAVE_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    INFLOWAVE_DEMO_ACCOUNT: "on",
    INFLOWAVE_SES_SIMULATOR: "on",
    INFLOWAVE_SES_SIMULATOR_DIR: path.join(process.env.E2E_RUN_DIR!, "ses-simulator"),
    INFLOWAVE_TEST_SENDS_PER_USER: "10000",
    INFLOWAVE_TEST_SENDS_PER_WORKSPACE: "10000",
    AWS_ENDPOINT_URL_SES: process.env.E2E_SIMULATOR_API!,
    AWS_ENDPOINT_URL_SESV2: process.env.E2E_SIMULATOR_API!,
    AWS_ENDPOINT_URL_IAM: process.env.E2E_SIMULATOR_API!,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  await waitForHttp(`${server.url}/api/health`, 60_000);
});
test.afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("a full wizard run and the AWS checks leave no plaintext secret in any response, log line or row", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const responses: Promise<string>[] = [];
  page.on("response", (response) => responses.push(response.text().catch(() => "")));
  const domain = `scan${Date.now().toString(36)}.example.com`;

  await page.goto(`${server.url}/sign-in`);
  await page.getByRole("textbox", { name: "Email address" }).fill(DEMO_ACCOUNT.email);
  await page.getByLabel("Password", { exact: true }).fill(DEMO_ACCOUNT.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/email$/);

  // The wizard, with the AWS secret key pasted and turned into the SMTP password in the browser.
  await page.goto(`${server.url}/settings/email/new`);
  await page.getByRole("textbox", { name: "Sending domain" }).fill(domain);
  await page.getByRole("textbox", { name: "From address" }).fill(`hello@${domain}`);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("radio", { name: /US East \(N\. Virginia\)/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("textbox", { name: "SMTP user name" }).fill(SENDER.username);
  const password = page.getByLabel("SMTP password", { exact: true });
  await password.fill(SENDER.secret);
  await page.getByRole("button", { name: "Derive the SMTP password" }).click();
  await expect(password).toHaveValue(SECRETS["SMTP password"]);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Send test email" }).click();
  await expect(page.getByTestId("test-send-result")).toHaveAttribute("data-outcome", "sent", { timeout: 20_000 });
  await page
    .getByTestId("test-send-result")
    .getByRole("button", { name: /transcript/i })
    .click();
  await page.getByRole("button", { name: "Save sending domain" }).click();
  await expect(page).toHaveURL(/\/settings\/email\/[0-9a-f-]{36}/);

  // The saved domain's page, another test with the stored password, the diagnostics with a key.
  await page.getByRole("button", { name: "Send test email" }).click();
  await expect(page.getByTestId("test-send-result")).toHaveAttribute("data-outcome", "sent", { timeout: 20_000 });
  const domainUrl = page.url();
  await page.goto(`${server.url}/settings/email/diagnostics`);
  const access = page.getByTestId("aws-access-form");
  if (await access.isVisible()) {
    await access.getByRole("textbox", { name: "Access key ID" }).fill(DIAGNOSTICS.id);
    await access.getByLabel("Secret access key", { exact: true }).fill(DIAGNOSTICS.secret);
    await access.getByRole("button", { name: "Connect AWS account" }).click();
    await expect(page.getByTestId("aws-access")).toBeVisible();
  }
  await page.getByRole("combobox", { name: "Sending domain" }).selectOption({ label: `${domain} · us-east-1` });
  await page
    .getByTestId("aws-check-form")
    .getByRole("button", { name: /Run checks|Check again/ })
    .click();
  await expect(page.getByTestId("aws-account-report")).toBeVisible({ timeout: 20_000 });
  for (const url of [`${server.url}/settings/email`, domainUrl, `${server.url}/settings/email/diagnostics`]) {
    await page.goto(url, { waitUntil: "networkidle" });
    const html = await page.content();
    responses.push(Promise.resolve(html));
  }

  const bodies = await Promise.all(responses);
  expect(bodies.length).toBeGreaterThan(20);
  const db = openDatabase(process.env.E2E_WIZARD_DATABASE_URL!);
  let rows: string;
  try {
    const p = db.prisma;
    rows = JSON.stringify(
      await Promise.all([
        p.workspace.findMany(),
        p.user.findMany(),
        p.membership.findMany(),
        p.session.findMany(),
        p.account.findMany(),
        p.verification.findMany(),
        p.sendingDomain.findMany(),
        p.smtpCredential.findMany(),
        p.testSend.findMany(),
        p.auditEvent.findMany(),
        p.sendingRateLimit.findMany(),
        p.awsDiagnosticsAccess.findMany(),
        p.awsAccountCheck.findMany(),
        p.provisionedSmtpCredential.findMany(),
        p.testSendAllowance.findMany(),
      ]),
    );
  } finally {
    await db.close();
  }
  expect(rows).toContain(domain); // the scan reads the rows this run wrote
  const log = server.output();
  expect(log.length).toBeGreaterThan(0);

  for (const [name, secret] of Object.entries(SECRETS)) {
    const where = [
      ...bodies.flatMap((body, i) => (body.includes(secret) ? [`response #${i}`] : [])),
      ...(log.includes(secret) ? ["the server's log output"] : []),
      ...(rows.includes(secret) ? ["a database row"] : []),
    ];
    expect(where, `the ${name} appeared in`).toEqual([]);
  }
});
