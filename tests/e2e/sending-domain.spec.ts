import { expect, test } from "@playwright/test";
import { openDatabase, type Database } from "@/lib/db/client";
import { openSavedDomain } from "./support/saved-domain";
import { saveScreenshot } from "./support/screenshots";
import { SENDER, useScenario } from "./support/simulator";

// A saved domain's page, on the same server as the wizard (simulator, PostgreSQL).
let db: Database;
test.beforeAll(() => {
  db = openDatabase(process.env.E2E_WIZARD_DATABASE_URL!);
});
test.afterAll(() => db.close());
test.beforeEach(() => useScenario());

test("shows the settings but never the password, and sends another test with the stored credential", async ({
  page,
}) => {
  const { sendingDomainId } = await openSavedDomain(db, page);
  await expect(page.getByText("email-smtp.us-east-1.amazonaws.com").first()).toBeVisible();
  await expect(page.getByText(SENDER.username).first()).toBeVisible();
  await expect(page.getByText(/Set on/).first()).toBeVisible();
  expect(await page.content()).not.toContain(SENDER.password());
  await expect(page.getByText("Needs attention").first()).toBeVisible(); // saved without a test

  await page.getByRole("button", { name: "Send test email" }).click();
  await expect(page.getByTestId("test-send-result")).toHaveAttribute("data-outcome", "sent", { timeout: 20_000 });
  await expect(page.getByText("Verified").first()).toBeVisible();
  expect((await db.prisma.sendingDomain.findUniqueOrThrow({ where: { id: sendingDomainId } })).status).toBe("verified");
  await expect(page.getByTestId("test-send-history")).toContainText("demo@inflowave.test");
  await saveScreenshot(page, "domain-page-after-test");
});

test("replacing credentials needs a passing test first; the old ones stay until then", async ({ page }) => {
  const wrongRegion = SENDER.password("eu-west-1");
  const { sendingDomainId } = await openSavedDomain(db, page, wrongRegion);
  const before = await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId } });

  await page.getByRole("button", { name: "Replace credentials" }).first().click();
  const form = page.locator("form", { has: page.getByRole("button", { name: "Test new credentials" }) });
  await form.getByRole("textbox", { name: "SMTP user name" }).fill(SENDER.username);
  await form.getByLabel("SMTP password", { exact: true }).fill(SENDER.password());
  const replace = page.getByRole("button", { name: "Replace credentials" }).last();
  await expect(replace).toBeDisabled();
  await form.getByRole("button", { name: "Test new credentials" }).click();
  await expect(form.getByTestId("test-send-result")).toHaveAttribute("data-outcome", "sent", { timeout: 20_000 });
  expect((await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId } })).passwordCiphertext).toBe(
    before.passwordCiphertext,
  );
  await saveScreenshot(page, "domain-page-replace-tested");
  await replace.click();
  await expect
    .poll(async () => (await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId } })).rotatedAt)
    .not.toBeNull();
  const after = await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId } });
  expect(after.passwordCiphertext).not.toBe(before.passwordCiphertext);
  // Once replaced, the form closes and the typed password is gone from the page.
  await expect(page.getByRole("button", { name: "Test new credentials" })).toHaveCount(0);
  expect(await page.content()).not.toContain(SENDER.password());
});

test("removing a domain asks first, then removes it with its history", async ({ page }) => {
  const { domain, sendingDomainId } = await openSavedDomain(db, page);
  await page.getByRole("button", { name: "Remove domain" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`Remove ${domain}?`);
  await saveScreenshot(page, "domain-page-remove-dialog");
  await dialog.getByRole("button", { name: "Remove domain" }).click();
  await expect(page).toHaveURL(/\/settings\/email(\?removed=1)?$/);
  expect(await db.prisma.sendingDomain.count({ where: { id: sendingDomainId } })).toBe(0);
  await expect(page.getByText(domain)).toHaveCount(0);
});

test("an unknown or malformed domain id is a 404", async ({ page }) => {
  expect((await page.goto("/settings/email/00000000-0000-4000-8000-000000000000"))?.status()).toBe(404);
  expect((await page.goto("/settings/email/not-a-uuid"))?.status()).toBe(404);
});

test("the development Outbox shows what the simulator received", async ({ page }) => {
  await openSavedDomain(db, page);
  await page.getByRole("button", { name: "Send test email" }).click();
  await expect(page.getByTestId("test-send-result")).toHaveAttribute("data-outcome", "sent", { timeout: 20_000 });
  await page.goto("/settings/email/outbox");
  await expect(page.getByTestId("outbox-message").first()).toContainText("demo@inflowave.test");
  await saveScreenshot(page, "outbox");
});

test("the test-send API answers malformed requests with words and a 4xx, never a 500", async ({ request }) => {
  const post = (data: string, contentType = "application/json") =>
    request.post("/api/test-sends", { data, headers: { "content-type": contentType } });
  const cases: [Awaited<ReturnType<typeof post>>, number][] = [
    [await post("{not json"), 400],
    [await post(JSON.stringify({ kind: "unsaved", settings: { port: { $gt: 1 } } })), 400],
    [await post(JSON.stringify({ kind: "teleport" })), 400],
    [await post(JSON.stringify({ __proto__: { kind: "saved" }, to: "a@b.co" })), 400],
    [await post("x".repeat(40_000)), 413],
    [await post("kind=unsaved", "application/x-www-form-urlencoded"), 415],
    [await post(JSON.stringify({ kind: "saved", sendingDomainId: "nope", to: "demo@inflowave.test" })), 404],
  ];
  for (const [response, status] of cases) {
    expect(response.status()).toBe(status);
    expect((await response.json()) as { message: string }).toMatchObject({ message: expect.any(String) });
  }
  const invalid = await post(
    JSON.stringify({
      kind: "unsaved",
      settings: { domain: "example.com", fromAddress: "x@other.com", region: "us-east-1", port: 2525, username: "u" },
      to: "nobody",
      password: SENDER.password(),
    }),
  );
  expect(invalid.status()).toBe(422);
  const body = await invalid.text();
  expect(Object.keys((JSON.parse(body) as { fieldErrors: object }).fieldErrors).sort()).toEqual(
    ["fromAddress", "password", "port", "to", "username"].sort(),
  );
  expect(body).not.toContain(SENDER.password());
});
