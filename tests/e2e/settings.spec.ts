import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { parseKeyring } from "@/lib/crypto/keyring";
import { Secret } from "@/lib/crypto/secret";
import { createSendingDomain, saveSmtpCredential } from "@/lib/data/sending-domains";
import { openDatabase, type Database } from "@/lib/db/client";
import { DEMO_ACCOUNT, ensureDemoAccount, type WorkspaceContext } from "@/lib/workspace/context";
import { saveScreenshot } from "./support/screenshots";
import { TEST_ENCRYPTION_KEYS } from "./support/servers";

// Against `next start` of the production build on a fresh PostgreSQL database; the tests
// build on each other (empty workspace first, then domains), so they run in order.
test.describe.configure({ mode: "serial" });

const SMTP_PASSWORD = "BNVh0vTGQ4N4sN8vJ5kq1vJc3pY2wE7xZ9aB6dF0gH1i";
let db: Database;
test.beforeAll(() => {
  db = openDatabase(process.env.E2E_DATABASE_URL!);
});
test.afterAll(() => db.close());

test("a new workspace sees the empty state and the way to add a sending domain", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/settings\/email$/);
  await expect(page).toHaveTitle(/Email · Inflowave/);
  await expect(page.getByRole("heading", { level: 1, name: "Email" })).toBeVisible();
  await expect(page.getByTestId("empty-state")).toBeVisible();
  await expect(page.getByTestId("sending-domain-row")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Email" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await saveScreenshot(page, "settings-email-empty");

  await page.getByTestId("empty-state").getByRole("link", { name: "Add sending domain" }).click();
  await expect(page).toHaveURL(/\/settings\/email\/new$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Add a sending domain");
  await expect(page.getByText("email-smtp.", { exact: false }).first()).toBeVisible();
  await saveScreenshot(page, "settings-email-new");
});

test("lists the workspace's sending domains with status, region and host, and nothing of other workspaces", async ({
  page,
}) => {
  const acme = await ensureDemoAccount(db.prisma);
  const keyring = parseKeyring(TEST_ENCRYPTION_KEYS);
  const verified = await createSendingDomain(db.prisma, acme, { domain: "mail.acme.test", region: "eu-west-1" });
  await saveSmtpCredential(db.prisma, keyring, acme, verified.id, {
    host: "email-smtp.eu-west-1.amazonaws.com",
    port: 587,
    tlsMode: "starttls",
    username: "AKIAIOSFODNN7EXAMPLE",
    password: new Secret(SMTP_PASSWORD),
  });
  await db.prisma.sendingDomain.update({ where: { id: verified.id }, data: { status: "verified" } });
  await db.prisma.testSend.create({
    data: {
      workspaceId: acme.workspace.id,
      sendingDomainId: verified.id,
      fromAddress: "hi@mail.acme.test",
      toAddress: "dana@acme.test",
      durationMs: 812,
      outcome: "sent",
    },
  });
  const failing = await createSendingDomain(db.prisma, acme, { domain: "news.acme.test", region: "us-east-1" });
  await db.prisma.sendingDomain.update({ where: { id: failing.id }, data: { status: "needs_attention" } });
  await createSendingDomain(db.prisma, acme, { domain: "billing.acme.test", region: "ap-southeast-2" });
  await createSendingDomain(db.prisma, await otherWorkspace(), { domain: "intruder.example.com", region: "us-east-1" });

  await page.goto("/settings/email");
  const rows = page.getByTestId("sending-domain-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: "mail.acme.test" })).toContainText("Verified");
  await expect(rows.filter({ hasText: "mail.acme.test" })).toContainText("email-smtp.eu-west-1.amazonaws.com");
  await expect(rows.filter({ hasText: "news.acme.test" })).toContainText("Needs attention");
  await expect(rows.filter({ hasText: "billing.acme.test" })).toContainText("Draft");
  await expect(rows.filter({ hasText: "billing.acme.test" })).toContainText("ap-southeast-2");
  await expect(page.getByText("intruder.example.com")).toHaveCount(0);
  await expect(page.getByTestId("empty-state")).toHaveCount(0);
  expect(await page.content()).not.toContain(SMTP_PASSWORD);
  await saveScreenshot(page, "settings-email-domains");

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(rows.first()).toBeVisible();
  await saveScreenshot(page, "settings-email-domains-mobile");
});

test("the workspace page shows the workspace and its members", async ({ page }) => {
  await page.goto("/settings/email");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Workspace" }).click();
  await expect(page).toHaveURL(/\/settings\/workspace$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const members = page.getByRole("table");
  await expect(members).toContainText(DEMO_ACCOUNT.name);
  await expect(members).toContainText(DEMO_ACCOUNT.email);
  await expect(members).toContainText("Owner");
  await saveScreenshot(page, "settings-workspace");
});

test("keyboard users can skip straight to the content", async ({ page }) => {
  await page.goto("/settings/email");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: /skip to content/i });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#content$/);
});

test("unknown pages get a friendly 404 page, unknown API paths a JSON 404", async ({ page, request }) => {
  const response = await page.goto("/settings/nope");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/couldn.t find/i);
  await page.getByRole("main").getByRole("link", { name: /email/i }).first().click();
  await expect(page).toHaveURL(/\/settings\/email$/);
  await page.goto("/settings/nope");
  await saveScreenshot(page, "not-found");

  const api = await request.post("/api/no-such-thing", { data: { x: 1 } });
  expect(api.status()).toBe(404);
  expect(await api.json()).toEqual({ error: "not_found", message: "There is no API endpoint at /api/no-such-thing." });
});

test("the health endpoint reports the PostgreSQL database, and rejects other methods", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(health.headers()["cache-control"]).toBe("no-store");
  expect(await health.json()).toMatchObject({
    status: "ok",
    database: {
      ok: true,
      kind: "postgresql",
      description: expect.stringMatching(/^PostgreSQL database "inflowave_e2e_/),
    },
  });
  expect((await request.post("/api/health")).status()).toBe(405);
});

async function otherWorkspace(): Promise<WorkspaceContext> {
  const tag = randomUUID().slice(0, 8);
  const user = await db.prisma.user.create({ data: { email: `other-${tag}@example.com`, name: "Other Owner" } });
  const workspace = await db.prisma.workspace.create({ data: { name: "Other Co", slug: `other-${tag}` } });
  await db.prisma.membership.create({ data: { workspaceId: workspace.id, userId: user.id, role: "owner" } });
  return { user, workspace, role: "owner" };
}
