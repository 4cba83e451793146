import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { hashPassword } from "better-auth/crypto";
import type { AccountCheckReport } from "@/lib/aws/check-types";
import { parseKeyring } from "@/lib/crypto/keyring";
import { Secret } from "@/lib/crypto/secret";
import { saveAccountCheck } from "@/lib/data/aws-account-checks";
import { saveAwsDiagnosticsAccess } from "@/lib/data/aws-diagnostics";
import { storeProvisionedSmtpCredential } from "@/lib/data/provisioned-smtp-credentials";
import { createSendingDomain } from "@/lib/data/sending-domains";
import { recordTestSend } from "@/lib/data/test-sends";
import { openDatabase, type Database } from "@/lib/db/client";
import { addSendingDomain } from "@/lib/email-settings/sending-domain-setup";
import { directSmtpRouter } from "@/lib/sending/smtp-routing";
import { sesSmtpSettingsSchema } from "@/lib/ses/credential-checks";
import { deriveSmtpPasswordSync } from "@/lib/ses/smtp-password-node";
import { DEMO_ACCOUNT, ensureDemoAccount } from "@/lib/workspace/context";
import { saveScreenshot } from "./support/screenshots";
import { PROJECT_ROOT, TEST_ENCRYPTION_KEYS } from "./support/servers";

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
async function otherWorkspace(role: "owner" | "admin" | "member", company = "Globex") {
  const tag = randomUUID().slice(0, 8);
  const password = `password-${tag}`;
  const domain = `${company.toLowerCase()}.test`;
  const user = await db.prisma.user.create({ data: { email: `${role}-${tag}@${domain}`, name: `Gil ${tag}` } });
  const workspace = await db.prisma.workspace.create({
    data: { name: `${company} ${tag}`, slug: `${company.toLowerCase()}-${tag}` },
  });
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

/**
 * Another workspace with one of everything a page could show: a saved domain with its credential
 * (password sealed), a failed test of it (the diagnostics list recent failures), AWS diagnostics
 * access (secret sealed), an account check report and SMTP credentials created for a wizard.
 * Returns what must never appear on another workspace's pages.
 */
async function workspaceWithEverything() {
  const initech = await otherWorkspace("owner", "Initech");
  const ctx = initech.ctx;
  const tag = initech.workspace.slug.slice("initech-".length);
  const keyring = parseKeyring(TEST_ENCRYPTION_KEYS);
  const domain = `initech-${tag}.example.com`;
  const smtpUsername = `AKIAINITECH${tag.toUpperCase().replace(/[^A-Z0-9]/g, "0")}`.padEnd(20, "0").slice(0, 20);
  const settings = sesSmtpSettingsSchema.parse({
    domain,
    fromAddress: `billing@${domain}`,
    region: "us-east-1",
    host: "",
    port: 587,
    username: smtpUsername,
    password: deriveSmtpPasswordSync(randomBytes(30).toString("base64").slice(0, 40), "us-east-1"),
  });
  const saved = await addSendingDomain({ prisma: db.prisma, keyring, route: directSmtpRouter }, ctx, settings);
  const recipient = `initech-inbox-${tag}@example.com`;
  await recordTestSend(db.prisma, ctx, {
    sendingDomainId: saved.sendingDomainId,
    fromAddress: settings.fromAddress,
    toAddress: recipient,
    startedAt: new Date(),
    durationMs: 120,
    outcome: "failed",
    smtpReply: "535 Authentication Credentials Invalid",
    diagnosisCause: "invalid-smtp-credentials",
    stages: [],
    transcript: "",
  });
  const diagnosticsKeyId = `AKIADIAG${tag.toUpperCase().replace(/[^A-Z0-9]/g, "0")}`.padEnd(20, "0").slice(0, 20);
  await saveAwsDiagnosticsAccess(db.prisma, keyring, ctx, {
    source: "access_key",
    accessKeyId: diagnosticsKeyId,
    secretAccessKey: new Secret(`initech-diagnostics-secret-${tag}-0123456789`),
  });
  const iamUserName = `initech-smtp-${tag}`;
  // Only what a leak would be recognised by: B's pages never read A's reports.
  await saveAccountCheck(db.prisma, ctx.workspace.id, {
    region: "us-east-1",
    checkedAt: new Date().toISOString(),
    smtpUser: { userName: iamUserName },
    checks: [],
  } as unknown as AccountCheckReport);
  const pendingUsername = `AKIAPEND${tag.toUpperCase().replace(/[^A-Z0-9]/g, "0")}`.padEnd(20, "0").slice(0, 20);
  await storeProvisionedSmtpCredential(db.prisma, keyring, ctx, {
    region: "us-east-1",
    iamUserName: `${iamUserName}-pending`,
    username: pendingUsername,
    password: new Secret(deriveSmtpPasswordSync(randomBytes(30).toString("base64").slice(0, 40), "us-east-1")),
  });
  return {
    sendingDomainId: saved.sendingDomainId,
    secrets: [
      initech.workspace.name,
      initech.workspace.slug,
      initech.ctx.user.name,
      initech.email,
      domain,
      settings.fromAddress,
      smtpUsername,
      recipient,
      diagnosticsKeyId,
      iamUserName,
      pendingUsername,
    ],
  };
}

/**
 * Every page of the app, as another workspace's owner reaches it: by its address, with the other
 * workspace's domain id where the page takes one. `file` ties the row to the page's source, so a
 * new page without a row here fails the test below.
 */
const PAGES: { file: string; path: (otherDomainId: string) => string; status: number; landsOn: RegExp }[] = [
  { file: "app/page.tsx", path: () => "/", status: 200, landsOn: /\/settings\/email$/ },
  { file: "app/sign-in/page.tsx", path: () => "/sign-in", status: 200, landsOn: /\/settings\/email$/ },
  { file: "app/settings/page.tsx", path: () => "/settings", status: 200, landsOn: /\/settings\/email$/ },
  { file: "app/settings/email/page.tsx", path: () => "/settings/email", status: 200, landsOn: /\/settings\/email$/ },
  {
    file: "app/settings/email/new/page.tsx",
    path: () => "/settings/email/new",
    status: 200,
    landsOn: /\/settings\/email\/new$/,
  },
  {
    file: "app/settings/email/[sendingDomainId]/page.tsx",
    path: (id) => `/settings/email/${id}?saved=1`,
    status: 404,
    landsOn: /\/settings\/email\/[0-9a-f-]+\?saved=1$/,
  },
  {
    file: "app/settings/email/diagnostics/page.tsx",
    path: (id) => `/settings/email/diagnostics?domain=${id}`,
    status: 200,
    landsOn: /\/settings\/email\/diagnostics\?domain=/,
  },
  // Development only: the production server has no SES simulator, so no Outbox.
  {
    file: "app/settings/email/outbox/page.tsx",
    path: () => "/settings/email/outbox",
    status: 404,
    landsOn: /\/settings\/email\/outbox$/,
  },
  {
    file: "app/settings/workspace/page.tsx",
    path: () => "/settings/workspace",
    status: 200,
    landsOn: /\/settings\/workspace$/,
  },
];

test("every page, opened by another workspace's owner, shows none of Initech's names, addresses or keys", async ({
  page,
}) => {
  // Nine pages, each fetched and then opened in the browser.
  test.setTimeout(90_000);
  const pageFiles: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^page\.tsx?$/.test(entry.name)) pageFiles.push(path.relative(PROJECT_ROOT, full));
    }
  };
  walk(path.join(PROJECT_ROOT, "app"));
  expect(PAGES.map((row) => row.file).sort()).toEqual(pageFiles.sort());

  const initech = await workspaceWithEverything();
  const globex = await otherWorkspace("owner");
  await page.goto("/sign-in");
  await signIn(page, globex.email, globex.password);
  await expect(page).toHaveURL(/\/settings\/email$/);

  for (const row of PAGES) {
    const address = row.path(initech.sendingDomainId);
    // The whole response as the server sent it (with Globex's cookie): the HTML and the React
    // Server Components payload inlined in it, redirects followed.
    const response = await page.request.get(address);
    expect(response.status(), address).toBe(row.status);
    const html = (await response.text()).toLowerCase();
    const shown = initech.secrets.filter((secret) => html.includes(secret.toLowerCase()));
    expect(shown, `${address} shows Initech's ${shown.join(", ")}`).toEqual([]);
    // And in the browser: it lands where it should, and rendered for Globex (the banner names
    // the signed-in person's workspace).
    await page.goto(address);
    await expect(page, address).toHaveURL(row.landsOn);
    if (row.status === 200) await expect(page.getByRole("banner"), address).toContainText(globex.workspace.name);
  }
});
