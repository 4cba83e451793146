import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { hashPassword } from "better-auth/crypto";
import { createSendingDomain } from "@/lib/data/sending-domains";
import { openDatabase, type Database } from "@/lib/db/client";
import { DEMO_ACCOUNT, ensureDemoAccount } from "@/lib/workspace/context";
import { saveScreenshot } from "./support/screenshots";

// Sign-in, sign-out, roles and workspace isolation against the production build on PostgreSQL.
// These tests start signed out (their own browser state), unlike the rest of the project.
test.use({ storageState: { cookies: [], origins: [] } });

let db: Database;
test.beforeAll(() => {
  db = openDatabase(process.env.E2E_DATABASE_URL!);
});
test.afterAll(() => db.close());

async function signIn(page: Page, email: string, password: string) {
  await page.getByRole("textbox", { name: "Email address" }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Another workspace with one person of the given role, who can sign in with a password. */
async function otherWorkspace(role: "owner" | "admin" | "member") {
  const tag = randomUUID().slice(0, 8);
  const password = `password-${tag}`;
  const user = await db.prisma.user.create({ data: { email: `${role}-${tag}@globex.test`, name: `Gil ${tag}` } });
  const workspace = await db.prisma.workspace.create({ data: { name: `Globex ${tag}`, slug: `globex-${tag}` } });
  await db.prisma.membership.create({ data: { workspaceId: workspace.id, userId: user.id, role } });
  await db.prisma.account.create({
    data: { userId: user.id, accountId: user.id, providerId: "credential", password: await hashPassword(password) },
  });
  return { email: user.email, password, workspace, ctx: { user, workspace, role } };
}

test("a signed-out visitor is sent to sign in and brought back; a wrong password is explained", async ({ page }) => {
  await page.goto("/settings/email/diagnostics");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Femail%2Fdiagnostics/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in to Inflowave");
  await expect(page.getByText(DEMO_ACCOUNT.password)).toBeVisible();
  await saveScreenshot(page, "sign-in");

  await signIn(page, DEMO_ACCOUNT.email, "not-the-password");
  await expect(page.getByText("That email address and password don't match an account.")).toBeVisible();
  await signIn(page, DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
  await expect(page).toHaveURL(/\/settings\/email\/diagnostics$/);
  await expect(page.getByRole("banner")).toContainText(DEMO_ACCOUNT.name);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/settings/email");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("without a session the test-send API answers 401 in words, and a next= to another site is ignored", async ({
  page,
  request,
}) => {
  const response = await request.post("/api/test-sends", {
    data: { kind: "saved", sendingDomainId: randomUUID(), to: "a@example.com" },
  });
  expect(response.status()).toBe(401);
  expect(await response.json()).toMatchObject({ message: expect.stringMatching(/not signed in/i) });

  await page.goto("/sign-in?next=//evil.example/steal");
  await signIn(page, DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/settings\/email$/);
});

test("another workspace's owner sees none of Acme's domains, by list, URL or API", async ({ page }) => {
  const acme = await ensureDemoAccount(db.prisma);
  const acmeDomain = await createSendingDomain(db.prisma, acme, {
    domain: `secret-${randomUUID().slice(0, 6)}.acme.test`,
    region: "us-east-1",
  });
  const globex = await otherWorkspace("owner");
  await page.goto("/sign-in");
  await signIn(page, globex.email, globex.password);
  await expect(page).toHaveURL(/\/settings\/email$/);
  await expect(page.getByRole("banner")).toContainText(globex.workspace.name);
  await expect(page.getByText(acmeDomain.domain)).toHaveCount(0);

  const domainPage = await page.goto(`/settings/email/${acmeDomain.id}`);
  expect(domainPage?.status()).toBe(404);
  await page.goto(`/settings/email/diagnostics?domain=${acmeDomain.id}`);
  await expect(page.getByText(acmeDomain.domain)).toHaveCount(0);

  const api = await page.request.post("/api/test-sends", {
    data: { kind: "saved", sendingDomainId: acmeDomain.id, to: globex.email },
  });
  expect(api.status()).toBe(404);
  expect(await db.prisma.testSend.count({ where: { sendingDomainId: acmeDomain.id } })).toBe(0);
});

test("a member may look and test, not change: no add, replace, remove or rate form", async ({ page }) => {
  const globex = await otherWorkspace("member");
  const domain = await createSendingDomain(db.prisma, globex.ctx, {
    domain: `member-${randomUUID().slice(0, 6)}.globex.test`,
    region: "us-east-1",
  });
  await page.goto("/sign-in");
  await signIn(page, globex.email, globex.password);
  await expect(page).toHaveURL(/\/settings\/email$/);
  await expect(page.getByRole("link", { name: "Add sending domain" })).toHaveCount(0);
  await page.goto("/settings/email/new");
  await expect(page.getByText("Only the workspace's owners and admins can add sending domains.")).toBeVisible();
  await page.goto(`/settings/email/${domain.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(domain.domain);
  await expect(page.getByTestId("sending-rate")).toContainText("Only owners and admins can change it.");
  await expect(page.getByRole("button", { name: /Remove/ })).toHaveCount(0);
  await page.goto("/settings/email/diagnostics");
  await expect(
    page.getByText("Only the workspace's owners and admins can connect the workspace's AWS account."),
  ).toBeVisible();
  await saveScreenshot(page, "member-diagnostics");
});
