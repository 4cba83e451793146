import { expect, test, type Page } from "@playwright/test";
import { openDatabase, type Database } from "@/lib/db/client";
import { ensureDemoAccount } from "@/lib/workspace/context";
import { openSavedDomain } from "./support/saved-domain";
import { saveScreenshot } from "./support/screenshots";
import { DEFAULT_SCENARIO, simulatorOutbox, useScenario } from "./support/simulator";

// The AWS account side of Diagnostics and the wizard, in Chromium against the production build,
// with the SDK talking to the simulator's API side: connect a diagnostics key, run each check,
// make the fixes, create SMTP credentials from the wizard, set a domain's sending rate.

const DIAGNOSTICS = { id: "AKIASIMULATORDIAG001", secret: "d1AgN0st1csS3cretK3yF0rTheSIMULATORDIAG1" };
const ADMIN = { id: "AKIASIMULATORADMIN01", secret: "Adm1nS3cretK3yF0rTheSESSIMULAT0RADMIN001" };

let db: Database;
// Serial: the checks share the simulator and the demo workspace. Each walks several AWS calls
// through the app, so on a busy 2-core machine one can take longer than the default 30 s.
test.describe.configure({ mode: "serial", timeout: 60_000 });
test.beforeAll(() => {
  db = openDatabase(process.env.E2E_WIZARD_DATABASE_URL!);
});
test.afterAll(() => db.close());
test.beforeEach(async () => {
  await useScenario();
  // Every test starts disconnected, with no stored findings, whatever ran before.
  const { workspace } = await ensureDemoAccount(db.prisma);
  await db.prisma.awsDiagnosticsAccess.deleteMany({ where: { workspaceId: workspace.id } });
  await db.prisma.awsAccountCheck.deleteMany({ where: { workspaceId: workspace.id } });
});

async function connect(page: Page, key = DIAGNOSTICS) {
  await page.goto("/settings/email/diagnostics");
  const form = page.getByTestId("aws-access-form");
  await form.getByRole("textbox", { name: "Access key ID" }).fill(key.id);
  await form.getByLabel("Secret access key", { exact: true }).fill(key.secret);
  await form.getByRole("button", { name: "Connect AWS account" }).click();
  await expect(page.getByTestId("aws-access")).toContainText(`Connected with access key ${key.id}`);
}

async function runChecks(page: Page, recipient?: string) {
  const form = page.getByTestId("aws-check-form");
  if (recipient !== undefined) await form.getByRole("textbox", { name: /Test recipient/ }).fill(recipient);
  await form.getByRole("button", { name: /Run checks|Check again/ }).click();
  const report = page.getByTestId("aws-account-report");
  await expect(report).toBeVisible({ timeout: 20_000 });
  return report;
}

test("connecting: a mixed-up key is explained beside its field; the secret never comes back", async ({ page }) => {
  await page.goto("/settings/email/diagnostics");
  const form = page.getByTestId("aws-access-form");
  await expect(page.getByTestId("diagnostics-policy")).toContainText('"ses:GetAccount"');
  await expect(page.getByTestId("diagnostics-policy")).toContainText('"iam:SimulatePrincipalPolicy"');
  await saveScreenshot(page, "aws-1-connect");

  await form.getByRole("textbox", { name: "Access key ID" }).fill("ses-smtp-user.20260101-120000");
  await form.getByLabel("Secret access key", { exact: true }).fill("BEe7qLDmRQuQFKeBzKrjtGZV3bYYvBKnSqN+n42BkOl4");
  await form.getByRole("button", { name: "Connect AWS account" }).click();
  await expect(form.getByRole("textbox", { name: "Access key ID" })).toHaveAttribute("aria-invalid", "true");
  await expect(form).toContainText("This is an IAM user name, not an access key ID");
  await expect(form).toContainText("This looks like an SMTP password");

  await form.getByRole("textbox", { name: "Access key ID" }).fill(DIAGNOSTICS.id);
  await form.getByLabel("Secret access key", { exact: true }).fill(DIAGNOSTICS.secret);
  await form.getByRole("button", { name: "Connect AWS account" }).click();
  await expect(page.getByTestId("aws-access")).toContainText(`Connected with access key ${DIAGNOSTICS.id}`);
  await page.reload();
  expect(await page.content()).not.toContain(DIAGNOSTICS.secret);
  const { workspace } = await ensureDemoAccount(db.prisma);
  const row = await db.prisma.awsDiagnosticsAccess.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
  expect(JSON.stringify(row)).not.toContain(DIAGNOSTICS.secret);
});

test("checks: sandbox, quota, an unverified recipient and the old inline policy, fixed in one click", async ({
  page,
}) => {
  const { domain, sendingDomainId } = await openSavedDomain(db, page);
  await connect(page);
  await page.goto(`/settings/email/diagnostics?domain=${sendingDomainId}#aws-account`);
  await expect(page.getByRole("combobox", { name: "Sending domain" })).toHaveValue(sendingDomainId);
  const report = await runChecks(page, "customer@example.org");
  await expect(page.getByTestId("aws-account-summary")).toContainText("Sandbox");
  await expect(page.getByRole("meter", { name: "Sent in the last 24 hours" })).toHaveAttribute("aria-valuemax", "200");
  await expect(report.getByTestId("aws-check-production-access")).toHaveAttribute("data-status", "warn");
  await expect(report.getByTestId("aws-check-from-identity")).toHaveAttribute("data-status", "pass");
  await expect(report.getByTestId("aws-check-recipient")).toHaveAttribute("data-status", "fail");
  await expect(report.getByTestId("aws-check-recipient")).toContainText("customer@example.org");
  await expect(report.getByTestId("aws-check-send-permission")).toHaveAttribute("data-status", "pass");
  await expect(report.getByTestId("aws-check-policy-style")).toHaveAttribute("data-status", "warn");
  await expect(page.getByTestId("domain-rate-comparison")).toContainText(`${domain} sends at most 1 per second`);
  await saveScreenshot(page, "aws-2-checks");

  await page.getByRole("button", { name: "Move this user to the group policy" }).click();
  await expect(page.getByText("now sends through the sending group")).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("migration-steps")).toContainText("Remove the user's inline AmazonSesSendingAccess");
  await expect(report.getByTestId("aws-check-policy-style")).toHaveAttribute("data-status", "pass", {
    timeout: 20_000,
  });
  await saveScreenshot(page, "aws-3-migrated");

  // The domain's page now knows the account's maximum send rate, and still sends.
  await page.goto(`/settings/email/${sendingDomainId}`);
  await expect(page.getByTestId("sending-rate-form")).toContainText("Your account's maximum: 100/s");
  await page.getByRole("button", { name: "Send test email" }).click();
  await expect(page.getByTestId("test-send-result")).toHaveAttribute("data-outcome", "sent", { timeout: 20_000 });
});

test("a diagnostics key without a permission: the check says which one, and the rest still run", async ({ page }) => {
  await useScenario({
    users: DEFAULT_SCENARIO.users.map((user) =>
      user.accessKeyId === DIAGNOSTICS.id
        ? { ...user, permissions: user.permissions?.filter((action) => action !== "iam:SimulatePrincipalPolicy") }
        : user,
    ),
  });
  const { sendingDomainId } = await openSavedDomain(db, page);
  await connect(page);
  await page.goto(`/settings/email/diagnostics?domain=${sendingDomainId}`);
  const report = await runChecks(page);
  const check = report.getByTestId("aws-check-send-permission");
  await expect(check).toHaveAttribute("data-status", "unavailable");
  await expect(check).toContainText("iam:SimulatePrincipalPolicy");
  await expect(report.getByTestId("aws-check-production-access")).toHaveAttribute("data-status", "warn");
  await saveScreenshot(page, "aws-4-missing-permission");
});

test("the server's own AWS credentials: when it has none, the checks say so in words", async ({ page }) => {
  const { sendingDomainId } = await openSavedDomain(db, page);
  await page.goto(`/settings/email/diagnostics?domain=${sendingDomainId}`);
  const form = page.getByTestId("aws-access-form");
  await form.getByRole("radio", { name: /This server's AWS credentials/ }).check();
  await expect(form.getByRole("textbox", { name: "Access key ID" })).toHaveCount(0);
  await form.getByRole("button", { name: "Connect AWS account" }).click();
  await expect(page.getByTestId("aws-access")).toContainText("Connected with this server's AWS credentials");
  const report = await runChecks(page);
  await expect(report.getByTestId("aws-check-production-access")).toHaveAttribute("data-status", "unavailable");
  await expect(report.getByTestId("aws-check-production-access")).toContainText(/credentials/i);
  await expect(report).not.toContainText(/CredentialsProviderError|at .*\.js/);
  await saveScreenshot(page, "aws-4b-no-server-credentials");
});

test("production access: advice, field errors in words, then the request under review", async ({ page }) => {
  await openSavedDomain(db, page);
  await connect(page);
  const form = page.getByTestId("production-access-form");
  await form.getByRole("textbox", { name: "Website URL" }).fill("not a url");
  await form.getByRole("button", { name: "Request production access" }).click();
  await expect(form.getByRole("textbox", { name: "Website URL" })).toHaveAttribute("aria-invalid", "true");

  await form.getByRole("textbox", { name: "Website URL" }).fill("https://www.example.com");
  await form
    .getByRole("textbox", { name: "How you send email" })
    .fill(
      "Receipts and password resets for about 2,000 customers a day. Bounces and complaints arrive through SNS and suppress the address at once; marketing mail has a one-click unsubscribe.",
    );
  await form.getByRole("button", { name: "Request production access" }).click();
  await expect(form.getByTestId("production-access-status")).toContainText("Under review");
  await saveScreenshot(page, "aws-5-production-access");

  await form.getByRole("button", { name: "Request production access" }).click();
  await expect(form).toContainText(/already|in progress|under review/i);
});

test("who can create SMTP credentials: the five permissions, per principal", async ({ page }) => {
  await openSavedDomain(db, page);
  await connect(page);
  const form = page.getByTestId("console-permissions-form");
  await form
    .getByRole("textbox", { name: "IAM user or role ARN" })
    .fill("arn:aws:iam::123456789012:user/simulator-admin");
  await form.getByRole("button", { name: "Check permissions" }).click();
  await expect(page.getByText("They can create SMTP credentials in the console")).toBeVisible();

  await form
    .getByRole("textbox", { name: "IAM user or role ARN" })
    .fill("arn:aws:iam::123456789012:user/inflowave-diagnostics");
  await form.getByRole("button", { name: "Check permissions" }).click();
  const results = page.getByTestId("console-permissions-results");
  await expect(results.locator('[data-decision="implicitDeny"]')).toHaveCount(2);
  await expect(results).toContainText("iam:CreateUser");
  await saveScreenshot(page, "aws-6-console-permissions");
});

test("the wizard creates SMTP credentials with an admin key, tests and saves them without showing a password", async ({
  page,
}) => {
  const domain = `c${Date.now().toString(36)}.example.com`;
  await page.goto("/settings/email/new");
  await page.getByRole("textbox", { name: "Sending domain" }).fill(domain);
  await page.getByRole("textbox", { name: "From address" }).fill(`hello@${domain}`);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("radio", { name: /US East \(N\. Virginia\)/ }).check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByTestId("wizard-step-4")).toBeVisible();
  await page.getByRole("button", { name: /Let Inflowave create them/ }).click();
  const panel = page.getByTestId("create-smtp-credentials");
  await panel.getByRole("textbox", { name: "Access key ID" }).fill(ADMIN.id);
  await panel.getByLabel("Secret access key", { exact: true }).fill(ADMIN.secret);
  await saveScreenshot(page, "aws-7-create-credentials");
  await panel.getByRole("button", { name: "Create SMTP credentials" }).click();
  const created = page.getByTestId("created-credentials");
  await expect(created).toContainText("SMTP credentials created in your AWS account", { timeout: 20_000 });
  await expect(created).toContainText(/ses-smtp-user\.\d{8}-\d{6}/);
  await saveScreenshot(page, "aws-8-credentials-created");

  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("wizard-step-5")).toContainText("Created by Inflowave (stored encrypted)");
  await page.getByRole("button", { name: "Send test email" }).click();
  await expect(page.getByTestId("test-send-result")).toHaveAttribute("data-outcome", "sent", { timeout: 20_000 });
  const [sent] = await simulatorOutbox();
  expect(sent?.envelope.from).toBe(`hello@${domain}`);
  await page.getByRole("button", { name: "Save sending domain" }).click();
  await expect(page).toHaveURL(/\/settings\/email\/[0-9a-f-]{36}/);
  await expect(page.getByText("Verified").first()).toBeVisible();
  expect(await page.content()).not.toContain(ADMIN.secret);
  const { workspace } = await ensureDemoAccount(db.prisma);
  expect(await db.prisma.provisionedSmtpCredential.count({ where: { workspaceId: workspace.id } })).toBe(0);
});

test("sending rate: set per domain, checked beside the field", async ({ page }) => {
  const { sendingDomainId } = await openSavedDomain(db, page);
  const form = page.getByTestId("sending-rate-form");
  const rate = form.getByRole("spinbutton", { name: "Emails per second" });
  await expect(rate).toHaveValue("1");
  await rate.fill("0");
  await form.getByRole("button", { name: "Save rate" }).click();
  await expect(rate).toHaveAttribute("aria-invalid", "true");
  await expect(form).toContainText("at least 0.1");
  await rate.fill("14");
  await form.getByRole("button", { name: "Save rate" }).click();
  await expect(form.getByRole("status")).toContainText("at most 14/s");
  const row = await db.prisma.sendingDomain.findUniqueOrThrow({ where: { id: sendingDomainId } });
  expect(row.maxSendRate).toBe(14);
  await page.reload();
  await expect(page.getByText("changed the sending rate")).toBeVisible();
  await saveScreenshot(page, "aws-9-sending-rate");
});

test("cost panel: the month's estimate from the volume", async ({ page }) => {
  await page.goto("/settings/email/diagnostics#cost");
  const estimator = page.getByTestId("ses-cost-estimator");
  await estimator.getByRole("textbox", { name: /Emails per month/ }).fill("1,000,000");
  await estimator.getByRole("radio", { name: /À la carte/ }).check();
  await expect(page.getByTestId("ses-cost-total")).toContainText("$100.00");
});
