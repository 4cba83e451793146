import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { hashPassword } from "better-auth/crypto";
import { openDatabase, type Database } from "@/lib/db/client";
import { DEMO_ACCOUNT, ensureDemoAccount } from "@/lib/workspace/context";
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

/** Another admin of the demo workspace, who signs in with a password of their own. */
async function secondAdmin() {
  const tag = randomUUID().slice(0, 8);
  const password = `password-${tag}`;
  const { workspace } = await ensureDemoAccount(db.prisma);
  const user = await db.prisma.user.create({ data: { email: `alex-${tag}@acme.test`, name: "Alex Kim" } });
  await db.prisma.membership.create({ data: { workspaceId: workspace.id, userId: user.id, role: "admin" } });
  await db.prisma.account.create({
    data: { userId: user.id, accountId: user.id, providerId: "credential", password: await hashPassword(password) },
  });
  return { email: user.email, password };
}

test("two people change the same domain at once: the second is told who changed what, and nothing is lost", async ({
  page,
  browser,
  baseURL,
}) => {
  // Two people, a second sign-in and six round trips: more than one test's usual share of time.
  test.setTimeout(120_000);
  // Dana (the demo account) and Alex both open the domain's page.
  const { sendingDomainId } = await openSavedDomain(db, page);
  const alex = await secondAdmin();
  const alexContext = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const alexPage = await alexContext.newPage();
  await alexPage.goto("/sign-in");
  await alexPage.getByRole("textbox", { name: "Email address" }).fill(alex.email);
  await alexPage.getByLabel("Password", { exact: true }).fill(alex.password);
  await alexPage.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(alexPage).toHaveURL(/\/settings\/email$/);
  await alexPage.goto(`/settings/email/${sendingDomainId}`);
  const alexRate = alexPage.getByRole("spinbutton", { name: "Emails per second" });
  await expect(alexRate).toHaveValue("1");

  // Dana saves first.
  await page.getByRole("spinbutton", { name: "Emails per second" }).fill("5");
  await page.getByRole("button", { name: "Save rate" }).click();
  await expect(page.getByText("Saved: Inflowave now sends at most 5/s through this domain.")).toBeVisible();

  // Alex, whose page still shows 1, saves 9: refused, told by whom, and shown the rate in force.
  await alexRate.fill("9");
  await alexPage.getByRole("button", { name: "Save rate" }).click();
  const conflict = alexPage.getByTestId("sending-rate-conflict");
  await expect(conflict).toContainText("Not saved: this domain changed");
  await expect(conflict).toContainText(
    new RegExp(
      `${DEMO_ACCOUNT.name} changed this domain's sending rate to 5 emails per second at \\d{1,2}:\\d{2} [AP]M UTC while you had this page open\\. Nothing was changed by you; review the current value and save again\\.`,
    ),
  );
  await expect(alexRate).toHaveValue("5");
  expect((await db.prisma.sendingDomain.findUniqueOrThrow({ where: { id: sendingDomainId } })).maxSendRate).toBe(5);
  // The page itself shows the change too: Dana's event in the activity.
  await expect(alexPage.getByText("changed the sending rate").first()).toBeVisible();
  await saveScreenshot(alexPage, "domain-page-concurrent-change");

  // Having seen it, Alex saves 9 again: now it is saved.
  await alexRate.fill("9");
  await alexPage.getByRole("button", { name: "Save rate" }).click();
  await expect(alexPage.getByText("Saved: Inflowave now sends at most 9/s through this domain.")).toBeVisible();
  await expect(conflict).toHaveCount(0);
  expect((await db.prisma.sendingDomain.findUniqueOrThrow({ where: { id: sendingDomainId } })).maxSendRate).toBe(9);

  // Dana's page has not seen Alex's change: her removal is refused the same way, and the domain stays.
  await page.getByRole("button", { name: "Remove domain" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Remove domain" }).click();
  await expect(dialog).toContainText("Alex Kim changed this domain's sending rate to 9 emails per second");
  await expect(dialog).toContainText("The domain was not removed; review it before removing.");
  // Refreshed behind the dialog, her page now shows the rate Alex saved.
  await expect(page.getByRole("spinbutton", { name: "Emails per second" })).toHaveValue("9");
  await saveScreenshot(page, "domain-page-concurrent-removal");
  expect(await db.prisma.sendingDomain.count({ where: { id: sendingDomainId } })).toBe(1);
  await alexContext.close();
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
