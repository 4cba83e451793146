// The AWS account side end to end below the HTTP layer: the real SDK clients, pointed at the
// local SES simulator's API side through the SDK's standard endpoint variables (as npm run dev
// does), the stored diagnostics key, a real database, and real SMTP for the sends that prove a
// fix worked.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseKeyring } from "@/lib/crypto/keyring";
import { Secret } from "@/lib/crypto/secret";
import { listAuditEvents } from "@/lib/data/audit";
import { getLatestAccountCheck, sendingLimitsOf } from "@/lib/data/aws-account-checks";
import { saveAwsDiagnosticsAccess } from "@/lib/data/aws-diagnostics";
import { openProvisionedSmtpCredential } from "@/lib/data/provisioned-smtp-credentials";
import type { Database } from "@/lib/db/client";
import {
  checkDomainAccount,
  checkPrincipalConsolePermissions,
  migrateDomainSendingPolicy,
  NOT_CONNECTED,
  provisionSmtpCredentials,
  requestRegionProductionAccess,
} from "@/lib/email-settings/aws-account";
import { withProvisionedPassword } from "@/lib/email-settings/provisioned-credentials";
import {
  addSendingDomain,
  type SetupDeps,
  testSavedSendingDomain,
  testUnsavedSettings,
} from "@/lib/email-settings/sending-domain-setup";
import { smtpRouterFor } from "@/lib/sending/smtp-routing";
import {
  loadSesSimulatorScenario,
  type RunningSesSimulator,
  type SesSimulatorScenario,
  startSesSimulator,
} from "@/lib/ses-simulator";
import { sesSmtpSettingsSchema } from "@/lib/ses/credential-checks";
import { deriveSmtpPasswordSync } from "@/lib/ses/smtp-password-node";
import { createTestWorkspace, openTestDatabase } from "../support/database";
import { PROJECT_ROOT } from "../support/prisma-cli";

const SENDER = { id: "AKIASIMULATOR0000001", secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIMULATOR1" };
const DIAGNOSTICS = { id: "AKIASIMULATORDIAG001", secret: "d1AgN0st1csS3cretK3yF0rTheSIMULATORDIAG1" };
const ADMIN = { id: "AKIASIMULATORADMIN01", secret: "Adm1nS3cretK3yF0rTheSESSIMULAT0RADMIN001" };

let db: Database;
let simulator: RunningSesSimulator;
let defaultScenario: SesSimulatorScenario;
let deps: SetupDeps;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-aws-account-"));
  defaultScenario = await loadSesSimulatorScenario(path.join(PROJECT_ROOT, "ses-simulator/scenario.json"));
  simulator = await startSesSimulator({
    scenario: { ...defaultScenario, maxSendRate: 1_000 },
    dataDir: path.join(dataDir, "ses-simulator"),
    starttlsPort: 0,
    implicitTlsPort: 0,
    apiPort: 0,
  });
  for (const name of ["AWS_ENDPOINT_URL_SES", "AWS_ENDPOINT_URL_SESV2", "AWS_ENDPOINT_URL_IAM"]) {
    process.env[name] = simulator.apiUrl;
  }
  db = openTestDatabase();
  deps = {
    prisma: db.prisma,
    keyring: parseKeyring(`k1:${Buffer.alloc(32, 7).toString("base64")}`),
    route: smtpRouterFor({ NODE_ENV: "test", INFLOWAVE_SES_SIMULATOR: "on" }, dataDir),
    timeouts: { connectMs: 3_000, greetingMs: 3_000, socketMs: 5_000 },
  };
});
afterAll(async () => {
  await simulator?.stop();
  await db?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => simulator.setScenario({ ...defaultScenario, maxSendRate: 1_000 }));

let counter = 0;
/** A workspace connected with the diagnostics key, and a saved domain sending as AKIASIMULATOR0000001. */
async function connectedWorkspace(connect = true) {
  const ctx = await createTestWorkspace(db);
  if (connect) {
    await saveAwsDiagnosticsAccess(deps.prisma, deps.keyring, ctx, {
      source: "access_key",
      accessKeyId: DIAGNOSTICS.id,
      secretAccessKey: new Secret(DIAGNOSTICS.secret),
    });
  }
  counter += 1;
  const settings = sesSmtpSettingsSchema.parse({
    domain: `aws${counter}.example.com`,
    fromAddress: `hello@example.com`.replace("example.com", `aws${counter}.example.com`),
    region: "us-east-1",
    host: "",
    port: 587,
    username: SENDER.id,
    password: deriveSmtpPasswordSync(SENDER.secret, "us-east-1"),
  });
  const saved = await addSendingDomain(deps, ctx, settings);
  return { ctx, sendingDomainId: saved.sendingDomainId };
}

const statusOf = (report: { checks: { id: string; status: string }[] }) =>
  Object.fromEntries(report.checks.map((check) => [check.id, check.status]));

describe("account checks", () => {
  it("find the sandbox, the unverified recipient and the inline policy, and keep the findings", async () => {
    const { ctx, sendingDomainId } = await connectedWorkspace();
    const result = await checkDomainAccount(deps, ctx, { sendingDomainId, testRecipient: "customer@example.org" });
    if (!result.ok) throw new Error(result.error);
    const { report } = result;
    expect(report.account).toMatchObject({ source: "sesv2", productionAccess: false, sendingEnabled: true });
    // The scenario's rate is raised for these tests, so back-to-back sends never throttle.
    expect(report.account?.quota).toMatchObject({ max24HourSend: 200, maxSendRate: 1_000 });
    expect(report.smtpUser).toMatchObject({ userName: "ses-smtp-user.20260101-120000", policyStyle: "inline" });
    expect(statusOf(report)).toMatchObject({
      "production-access": "warn",
      // aws<n>.example.com is covered by the verified example.com.
      "from-identity": "pass",
      recipient: "fail",
      "send-permission": "pass",
      "policy-style": "warn",
    });
    expect(JSON.stringify(report)).not.toContain(DIAGNOSTICS.secret);

    const stored = await getLatestAccountCheck(deps.prisma, ctx.workspace.id, "us-east-1");
    expect(stored?.report.checkedAt).toBe(report.checkedAt);
    expect(sendingLimitsOf(stored)).toMatchObject({ sandbox: true, maxSendRate: 1_000 });
  });

  it("without diagnostics access, say how to connect; another workspace's domain is not found", async () => {
    const { ctx, sendingDomainId } = await connectedWorkspace(false);
    expect(await checkDomainAccount(deps, ctx, { sendingDomainId })).toEqual({ ok: false, error: NOT_CONNECTED });
    const other = await connectedWorkspace();
    const foreign = await checkDomainAccount(deps, other.ctx, { sendingDomainId });
    expect(foreign.ok).toBe(false);
    expect(!foreign.ok && foreign.error).toMatch(/does not exist in your workspace/);
  });

  it("a diagnostics key without a permission says which one, in words", async () => {
    simulator.setScenario({
      ...defaultScenario,
      users: defaultScenario.users.map((user) =>
        user.accessKeyId === DIAGNOSTICS.id
          ? { ...user, permissions: (user.permissions ?? []).filter((action) => action !== "ses:GetAccount") }
          : user,
      ),
    });
    const { ctx, sendingDomainId } = await connectedWorkspace();
    const result = await checkDomainAccount(deps, ctx, { sendingDomainId });
    if (!result.ok) throw new Error(result.error);
    // GetAccount refused: the v1 quota answers instead, and the sandbox is inferred from it.
    expect(result.report.account).toMatchObject({ source: "ses", productionAccessBasis: "quota-heuristic" });
    expect(JSON.stringify(result.report)).toContain("ses:GetAccount");
  });
});

describe("fixes", () => {
  it("moves the inline-policy SMTP user to the sending group; it keeps sending throughout", async () => {
    const { ctx, sendingDomainId } = await connectedWorkspace();
    const migrated = await migrateDomainSendingPolicy(deps, ctx, { sendingDomainId });
    if (!migrated.ok) throw new Error(migrated.error);
    expect(migrated.result.ok).toBe(true);
    expect(migrated.result.steps.every((step) => step.status === "done" || step.status === "already-done")).toBe(true);

    const after = await checkDomainAccount(deps, ctx, { sendingDomainId });
    expect(after.ok && after.report.smtpUser?.policyStyle).toBe("group");
    const sent = await testSavedSendingDomain(deps, ctx, sendingDomainId, { to: "demo@inflowave.test" });
    expect(sent?.result.ok).toBe(true);

    const again = await migrateDomainSendingPolicy(deps, ctx, { sendingDomainId });
    expect(again.ok && again.result.steps.some((step) => step.status === "done")).toBe(false);
    const audit = await listAuditEvents(deps.prisma, ctx.workspace.id, { targetId: sendingDomainId });
    expect(audit.filter((event) => event.action === "aws_account.sending_policy_migrated")).toHaveLength(1);
  });

  it("a read-only diagnostics key cannot migrate, and says which permission it lacks", async () => {
    simulator.setScenario({
      ...defaultScenario,
      users: defaultScenario.users.map((user) =>
        user.accessKeyId === DIAGNOSTICS.id
          ? { ...user, permissions: (user.permissions ?? []).filter((action) => action !== "iam:CreateGroup") }
          : user,
      ),
    });
    const { ctx, sendingDomainId } = await connectedWorkspace();
    const migrated = await migrateDomainSendingPolicy(deps, ctx, { sendingDomainId });
    if (!migrated.ok) throw new Error(migrated.error);
    expect(migrated.result.ok).toBe(false);
    const failed = migrated.result.steps.find((step) => step.status === "failed");
    expect(failed?.problem?.message).toContain("iam:CreateGroup");
  });

  it("creates SMTP credentials with an administrator key; the wizard's test and save use them by reference", async () => {
    const { ctx } = await connectedWorkspace();
    const created = await provisionSmtpCredentials(deps, ctx, {
      region: "eu-west-1",
      adminKey: { accessKeyId: ADMIN.id, secretAccessKey: new Secret(ADMIN.secret) },
      userName: `inflowave-smtp-${counter}`,
    });
    expect(created).toMatchObject({ region: "eu-west-1", iamUserName: `inflowave-smtp-${counter}` });
    expect(created.username).toMatch(/^AKIA[A-Z0-9]{16}$/);
    const stored = await openProvisionedSmtpCredential(deps.prisma, deps.keyring, ctx.workspace.id, created.id);
    expect(stored?.password.reveal()).toMatch(/^B/);

    const raw = {
      domain: "example.com",
      fromAddress: "hello@example.com",
      region: "eu-west-1",
      host: "",
      port: 587,
      username: created.username,
      password: "",
      provisionedCredentialId: created.id,
    };
    const resolved = await withProvisionedPassword(deps, ctx, raw);
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.fieldErrors));
    const settings = sesSmtpSettingsSchema.parse(resolved.value);
    const { testSendId, result } = await testUnsavedSettings(deps, ctx, settings, "demo@inflowave.test");
    expect(result.ok).toBe(true);
    const saved = await addSendingDomain(deps, ctx, settings, testSendId);
    expect(saved).toMatchObject({ status: "verified", tested: "passed" });
  });

  it("a second key for the same user name is refused with words, nothing stored", async () => {
    const { ctx } = await connectedWorkspace();
    const adminKey = { accessKeyId: ADMIN.id, secretAccessKey: new Secret(ADMIN.secret) };
    await expect(
      provisionSmtpCredentials(deps, ctx, { region: "us-east-1", adminKey, userName: "ses-smtp-user.20260101-120000" }),
    ).rejects.toThrow(/already exists/);
    expect(await deps.prisma.provisionedSmtpCredential.count({ where: { workspaceId: ctx.workspace.id } })).toBe(0);
  });

  it("requests production access once; a second request while one is under review is explained", async () => {
    const { ctx } = await connectedWorkspace();
    const request = {
      mailType: "TRANSACTIONAL" as const,
      websiteUrl: "https://www.example.com",
      useCaseDescription:
        "Password resets and receipts for our customers, about 2,000 a day. Bounces and complaints go to an SNS topic that suppresses the address; every email has an unsubscribe link.",
      additionalContactEmailAddresses: [],
      contactLanguage: "EN" as const,
    };
    const first = await requestRegionProductionAccess(deps, ctx, { region: "us-east-1", request });
    expect(first).toMatchObject({ ok: true, review: { status: "PENDING" } });
    const second = await requestRegionProductionAccess(deps, ctx, { region: "us-east-1", request });
    expect(second.ok).toBe(false);
    expect(!second.ok && second.error).toMatch(/already|in progress|under review/i);
  });

  it("tells which of the five console permissions a principal has", async () => {
    const { ctx } = await connectedWorkspace();
    const admin = await checkPrincipalConsolePermissions(deps, ctx, {
      principalArn: "arn:aws:iam::123456789012:user/simulator-admin",
      region: "us-east-1",
    });
    expect(admin.ok && admin.result.allAllowed).toBe(true);
    const diagnostics = await checkPrincipalConsolePermissions(deps, ctx, {
      principalArn: "arn:aws:iam::123456789012:user/inflowave-diagnostics",
      region: "us-east-1",
    });
    if (!diagnostics.ok) throw new Error(diagnostics.error);
    const denied = diagnostics.result.results.filter((entry) => entry.decision !== "allowed").map((e) => e.action);
    expect(denied).toEqual(expect.arrayContaining(["iam:CreateUser", "iam:CreateAccessKey"]));
    expect(diagnostics.result.allAllowed).toBe(false);
  });
});
