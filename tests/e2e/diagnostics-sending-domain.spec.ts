import { expect, test } from "@playwright/test";
import { openDatabase, type Database } from "@/lib/db/client";
import { CAUSES } from "@/lib/ses/causes";
import { DIAGNOSIS_CAUSES } from "@/lib/ses/diagnose";
import { openSavedDomain } from "./support/saved-domain";
import { saveScreenshot } from "./support/screenshots";
import { SENDER, useScenario } from "./support/simulator";

// The troubleshooting panel: /settings/email/diagnostics and each domain's Troubleshooting section,
// on the wizard's server (simulator, PostgreSQL).
let db: Database;
test.beforeAll(() => {
  db = openDatabase(process.env.E2E_WIZARD_DATABASE_URL!);
});
test.afterAll(() => db.close());
test.beforeEach(() => useScenario());

const GUIDE = [
  ["sandbox-unverified-address", "https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html"],
  ["aws-secret-key-as-password", "https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html"],
  ["missing-sending-policy", "https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html"],
  ["max-send-rate-exceeded", "https://docs.aws.amazon.com/ses/latest/dg/quotas.html"],
  ["iam-console-permissions-missing", "https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html"],
] as const;

test("explains a pasted SES error in the browser, without sending it anywhere", async ({ page, context }) => {
  await page.goto("/settings/email/diagnostics");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Diagnostics");
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText("Email");

  const sent: string[] = [];
  page.on("request", (request) => sent.push(`${request.url()} ${request.postData() ?? ""}`));

  const textarea = page.getByLabel("Paste an SMTP reply or error message");
  await textarea.fill("535 Authentication Credentials Invalid");
  await page.getByRole("button", { name: "Diagnose" }).click();
  const diagnosis = page.getByTestId("diagnosis");
  await expect(diagnosis).toBeVisible();
  await expect(diagnosis).toHaveAttribute("data-cause", "auth-failed");
  await expect(diagnosis).toContainText(CAUSES["auth-failed"].title);

  // A real paste diagnoses at once, no button needed.
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate(() => navigator.clipboard.writeText("454 Throttling failure: Maximum sending rate exceeded."));
  await textarea.fill("");
  await textarea.focus();
  await page.keyboard.press("ControlOrMeta+V");
  await expect(textarea).toHaveValue("454 Throttling failure: Maximum sending rate exceeded.");
  await expect(diagnosis).toHaveAttribute("data-cause", "max-send-rate-exceeded");

  // An example fills the text area and explains it.
  await page.getByTestId("example-reply").filter({ hasText: "not verified" }).click();
  await expect(textarea).toHaveValue(/Email address is not verified/);
  await expect(diagnosis).toHaveAttribute("data-cause", "sandbox-unverified-address");

  await page.getByTestId("example-reply").filter({ hasText: "ses:SendRawEmail" }).click();
  await expect(diagnosis).toHaveAttribute("data-cause", "missing-sending-policy");

  expect(sent.filter((entry) => /Credentials Invalid|Throttling|not verified|SendRawEmail/.test(entry))).toEqual([]);
});

test("lists the guide's five problems first, then every other cause, each with its fix and AWS pages", async ({
  page,
}) => {
  await page.goto("/settings/email/diagnostics");
  const items = page.getByTestId("cause-guide-item");
  const expected = DIAGNOSIS_CAUSES.filter((cause) => cause !== "unknown");
  await expect(items).toHaveCount(expected.length);
  const ids = await items.evaluateAll((elements) => elements.map((element) => element.id));
  expect(ids.slice(0, GUIDE.length)).toEqual(GUIDE.map(([cause]) => `cause-${cause}`));
  expect([...ids].sort()).toEqual(expected.map((cause) => `cause-${cause}`).sort());

  for (const [cause, url] of GUIDE) {
    const item = page.locator(`#cause-${cause}`);
    await expect(item).toContainText(CAUSES[cause].title);
    await expect(item).toContainText(CAUSES[cause].summary);
    const link = item.locator(`a[href="${url}"]`);
    await expect(link).toHaveCount(1);
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noreferrer");
    // Closed until opened, by keyboard too.
    await expect(link).toBeHidden();
    await item.locator("summary").focus();
    await page.keyboard.press("Enter");
    await expect(link).toBeVisible();
    await expect(item).toContainText(CAUSES[cause].fixSteps[0]!);
  }

  // A deep link opens its entry.
  await page.goto("/settings/email/diagnostics#cause-auth-failed");
  await expect(page.locator("#cause-auth-failed")).toHaveAttribute("open", "");
});

test("groups recent failed tests by cause, with the count and the latest reply", async ({ page, request }) => {
  const response = await request.post("/api/test-sends", {
    data: {
      kind: "unsaved",
      settings: {
        domain: "example.com",
        fromAddress: "hello@example.com",
        region: "us-east-1",
        host: "",
        port: 587,
        username: "AKIASIMULATOR0000001",
        password: SENDER.password("eu-west-1"),
      },
      to: "demo@inflowave.test",
    },
  });
  expect(response.ok()).toBe(true);
  await response.text(); // the test streams its stages; read to the end so it is recorded

  await page.goto("/settings/email/diagnostics");
  const group = page.locator('[data-testid="failure-group"][data-cause="auth-failed"]');
  await expect(group).toBeVisible();
  await expect(group).toContainText(CAUSES["auth-failed"].title);
  expect(Number(await group.getByTestId("failure-count").textContent())).toBeGreaterThanOrEqual(1);
  await expect(group.getByTestId("failure-reply")).toContainText("535 Authentication Credentials Invalid");
  await expect(page.getByTestId("recent-failures-empty")).toHaveCount(0);

  await group.getByRole("link", { name: "How to fix it" }).click();
  await expect(page).toHaveURL(/#cause-auth-failed$/);
  await expect(page.locator("#cause-auth-failed")).toHaveAttribute("open", "");

  await page.goto("/settings/email/diagnostics");
  await page.getByTestId("example-reply").first().click();
  await expect(page.getByTestId("diagnosis")).toBeVisible();
  await saveScreenshot(page, "diagnostics");
});

test("the email page links to diagnostics", async ({ page }) => {
  await page.goto("/settings/email");
  await page.getByRole("link", { name: "Diagnostics" }).click();
  await expect(page).toHaveURL(/\/settings\/email\/diagnostics$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Diagnostics");
});

test("a domain's page shows its own failures by cause, each linking to its fix", async ({ page }) => {
  await openSavedDomain(db, page, SENDER.password("eu-west-1"));
  const section = page.getByRole("region", { name: "Troubleshooting" });
  await expect(section.getByTestId("troubleshooting-empty")).toBeVisible();
  await expect(section.getByTestId("failure-group")).toHaveCount(0);

  await page.getByRole("button", { name: "Send test email" }).click();
  await expect(page.getByTestId("test-send-result")).toHaveAttribute("data-outcome", "failed", { timeout: 20_000 });
  await page.reload();
  const group = section.locator('[data-testid="failure-group"][data-cause="auth-failed"]');
  await expect(group).toBeVisible();
  await expect(group.getByTestId("failure-count")).toHaveText("1");
  await expect(group.getByTestId("failure-reply")).toContainText("535 Authentication Credentials Invalid");
  await expect(section.getByTestId("troubleshooting-empty")).toHaveCount(0);
  await expect(section.getByRole("link", { name: "Diagnostics" })).toHaveAttribute(
    "href",
    "/settings/email/diagnostics",
  );

  await group.getByRole("link", { name: "How to fix it" }).click();
  await expect(page).toHaveURL(/\/settings\/email\/diagnostics#cause-auth-failed$/);
  await expect(page.locator("#cause-auth-failed")).toHaveAttribute("open", "");
});
