// The wizard's server side end to end below the HTTP layer: real SMTP over TLS to the local SES
// simulator, real PostgreSQL/PGlite, the same routing the app uses in development.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseKeyring } from "@/lib/crypto/keyring";
import { Secret } from "@/lib/crypto/secret";
import { listAuditEvents } from "@/lib/data/audit";
import { getSendingDomain, readSmtpPassword, SendingDomainError, setSendingRate } from "@/lib/data/sending-domains";
import { listTestSends } from "@/lib/data/test-sends";
import type { Database } from "@/lib/db/client";
import {
  addSendingDomain,
  CredentialReplacementError,
  replaceSmtpCredential,
  type SetupDeps,
  testReplacementCredential,
  testSavedSendingDomain,
  testUnsavedSettings,
} from "@/lib/email-settings/sending-domain-setup";
import { smtpRouterFor } from "@/lib/sending/smtp-routing";
import type { TestSendStage } from "@/lib/sending/test-send";
import { loadSesSimulatorScenario, type RunningSesSimulator, startSesSimulator } from "@/lib/ses-simulator";
import { sesSmtpSettingsSchema, type SesSmtpSettings } from "@/lib/ses/credential-checks";
import { deriveSmtpPasswordSync } from "@/lib/ses/smtp-password-node";
import type { WorkspaceContext } from "@/lib/workspace/context";
import { createTestWorkspace, openTestDatabase } from "../support/database";
import { PROJECT_ROOT } from "../support/prisma-cli";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIMULATOR1"; // AKIASIMULATOR0000001 in the default scenario
const NO_POLICY_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbSIMULATOR2";
const PASSWORD = deriveSmtpPasswordSync(SECRET, "us-east-1");

let db: Database;
let simulator: RunningSesSimulator;
let deps: SetupDeps;
let acme: WorkspaceContext;
let globex: WorkspaceContext;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-setup-"));
  const scenario = await loadSesSimulatorScenario(path.join(PROJECT_ROOT, "ses-simulator/scenario.json"));
  simulator = await startSesSimulator({
    // The committed default scenario, fast enough that back-to-back tests are not throttled.
    scenario: { ...scenario, maxSendRate: 1_000 },
    dataDir: path.join(dataDir, "ses-simulator"),
    starttlsPort: 0,
    implicitTlsPort: 0,
    apiPort: 0,
  });
  db = openTestDatabase();
  deps = {
    prisma: db.prisma,
    keyring: parseKeyring(`k1:${Buffer.alloc(32, 5).toString("base64")}`),
    route: smtpRouterFor({ NODE_ENV: "test", INFLOWAVE_SES_SIMULATOR: "on" }, dataDir),
    timeouts: { connectMs: 3_000, greetingMs: 3_000, socketMs: 5_000 },
  };
  acme = await createTestWorkspace(db);
  globex = await createTestWorkspace(db);
});
afterAll(async () => {
  await simulator?.stop();
  await db?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

let counter = 0;
function settings(overrides: Record<string, unknown> = {}): SesSmtpSettings {
  counter += 1;
  return sesSmtpSettingsSchema.parse({
    domain: `mail${counter}.example.com`,
    fromAddress: `hello@mail${counter}.example.com`,
    region: "us-east-1",
    host: "",
    port: 587,
    username: "AKIASIMULATOR0000001",
    password: PASSWORD,
    ...overrides,
  });
}

describe("testing settings before they are saved", () => {
  it("passes every stage against the simulator, live, and records the test for the workspace", async () => {
    const live: TestSendStage[] = [];
    const { testSendId, result } = await testUnsavedSettings(deps, acme, settings(), "demo@inflowave.test", (stage) =>
      live.push(stage),
    );
    expect(result.ok).toBe(true);
    expect(result.stages.map((s) => [s.name, s.status])).toEqual(
      ["dns", "connect", "tls", "ehlo", "auth", "mail-from", "rcpt-to", "data"].map((name) => [name, "passed"]),
    );
    expect(live.map((s) => s.name)).toEqual(result.stages.map((s) => s.name));
    expect(result.stages[0]?.detail).toMatch(/local SES simulator/);
    expect(result.messageId).toMatch(/^0100[0-9a-f]+-[0-9a-f-]+-000000$/);
    expect(result.transcript).not.toContain(PASSWORD);
    expect(simulator.outbox()[0]?.messageId).toBe(result.messageId);

    const row = await db.prisma.testSend.findUniqueOrThrow({ where: { id: testSendId } });
    expect(row).toMatchObject({ workspaceId: acme.workspace.id, sendingDomainId: null, outcome: "sent" });
    expect(row.settingsFingerprint).toMatch(/^k1:[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
  });

  it("a password derived for another region fails at AUTH with the diagnosis, recorded as failed", async () => {
    const wrongRegion = deriveSmtpPasswordSync(SECRET, "eu-west-1");
    const { testSendId, result } = await testUnsavedSettings(
      deps,
      acme,
      settings({ password: wrongRegion }),
      "demo@inflowave.test",
    );
    expect(result.ok).toBe(false);
    expect(result.stages.find((s) => s.status === "failed")?.name).toBe("auth");
    expect(result.diagnosis).toMatchObject({ cause: "auth-failed", stage: "auth" });
    expect(JSON.stringify(result)).not.toContain(wrongRegion);
    expect((await db.prisma.testSend.findUniqueOrThrow({ where: { id: testSendId } })).diagnosisCause).toBe(
      "auth-failed",
    );
  });

  it("in the sandbox, an unverified recipient is refused after DATA and diagnosed", async () => {
    const { result } = await testUnsavedSettings(deps, acme, settings(), "stranger@elsewhere.test");
    expect(result.ok).toBe(false);
    expect(result.stages.find((s) => s.status === "failed")?.name).toBe("data");
    expect(result.diagnosis?.cause).toBe("sandbox-unverified-address");
    expect(result.diagnosis?.summary).toContain("stranger@elsewhere.test");
  });

  it("credentials without the sending policy get 554 Access denied, diagnosed as the missing policy", async () => {
    const { result } = await testUnsavedSettings(
      deps,
      acme,
      settings({ username: "AKIASIMULATOR0000002", password: deriveSmtpPasswordSync(NO_POLICY_SECRET, "us-east-1") }),
      "demo@inflowave.test",
    );
    expect(result.diagnosis?.cause).toBe("missing-sending-policy");
  });

  it("implicit TLS on 465 works through the simulator too", async () => {
    const { result } = await testUnsavedSettings(deps, acme, settings({ port: 465 }), "demo@inflowave.test");
    expect(result.ok).toBe(true);
    expect(result.stages.find((s) => s.name === "tls")?.detail).toMatch(/TLSv1\.[23]/);
  });
});

describe("saving a sending domain", () => {
  it("saves verified when the referenced test passed with exactly these settings, and attaches it", async () => {
    const tested = settings();
    const { testSendId } = await testUnsavedSettings(deps, acme, tested, "demo@inflowave.test");
    const saved = await addSendingDomain(deps, acme, tested, testSendId);
    expect(saved).toMatchObject({ status: "verified", tested: "passed" });

    const domain = await getSendingDomain(db.prisma, acme.workspace.id, saved.sendingDomainId);
    expect(domain).toMatchObject({
      domain: tested.domain,
      fromAddress: tested.fromAddress,
      status: "verified",
      credential: { host: "email-smtp.us-east-1.amazonaws.com", port: 587, tlsMode: "starttls" },
    });
    const credential = await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId: domain!.id } });
    expect(credential.passwordCiphertext).not.toContain(PASSWORD);
    expect((await readSmtpPassword(db.prisma, deps.keyring, acme.workspace.id, domain!.id))?.reveal()).toBe(PASSWORD);
    expect((await listTestSends(db.prisma, acme.workspace.id, domain!.id)).map((t) => t.id)).toEqual([testSendId]);
    const actions = (await listAuditEvents(db.prisma, acme.workspace.id, { targetId: domain!.id })).map(
      (e) => e.action,
    );
    expect(actions.sort()).toEqual(["sending_domain.created", "smtp_credential.created"]);
  });

  it("needs attention when the settings changed after the test, or the test failed, or there was none", async () => {
    const tested = settings();
    const { testSendId } = await testUnsavedSettings(deps, acme, tested, "demo@inflowave.test");
    const changed = { ...tested, password: new Secret(deriveSmtpPasswordSync(SECRET, "us-west-2")) };
    expect(await addSendingDomain(deps, acme, changed, testSendId)).toMatchObject({
      status: "needs_attention",
      tested: "untested",
    });
    expect((await db.prisma.testSend.findUniqueOrThrow({ where: { id: testSendId } })).sendingDomainId).toBeNull();

    const failing = settings({ password: deriveSmtpPasswordSync(SECRET, "eu-west-1") });
    const failed = await testUnsavedSettings(deps, acme, failing, "demo@inflowave.test");
    expect(await addSendingDomain(deps, acme, failing, failed.testSendId)).toMatchObject({
      status: "needs_attention",
      tested: "failed",
    });
    expect(await addSendingDomain(deps, acme, settings())).toMatchObject({ tested: "untested" });
  });

  it("a test older than an hour no longer proves the settings", async () => {
    const tested = settings();
    const { testSendId } = await testUnsavedSettings(deps, acme, tested, "demo@inflowave.test");
    await db.prisma.testSend.update({
      where: { id: testSendId },
      data: { startedAt: new Date(Date.now() - 2 * 60 * 60 * 1000) },
    });
    expect(await addSendingDomain(deps, acme, tested, testSendId)).toMatchObject({ tested: "untested" });
  });

  it("cannot borrow another workspace's passing test", async () => {
    const tested = settings();
    const { testSendId } = await testUnsavedSettings(deps, globex, tested, "demo@inflowave.test");
    expect(await addSendingDomain(deps, acme, tested, testSendId)).toMatchObject({ tested: "untested" });
  });

  it("refuses a domain the workspace already has, and stores nothing", async () => {
    const first = settings();
    await addSendingDomain(deps, acme, first);
    const before = await db.prisma.sendingDomain.count();
    await expect(addSendingDomain(deps, acme, { ...first })).rejects.toThrow(SendingDomainError);
    expect(await db.prisma.sendingDomain.count()).toBe(before);
  });
});

describe("a saved sending domain", () => {
  let sendingDomainId: string;
  beforeEach(async () => {
    const tested = settings();
    const { testSendId } = await testUnsavedSettings(deps, acme, tested, "demo@inflowave.test");
    ({ sendingDomainId } = await addSendingDomain(deps, acme, tested, testSendId));
  });

  it("sends more tests with the stored credential, and its status follows the outcome", async () => {
    const failed = await testSavedSendingDomain(deps, acme, sendingDomainId, { to: "stranger@elsewhere.test" });
    expect(failed?.result.diagnosis?.cause).toBe("sandbox-unverified-address");
    expect((await getSendingDomain(db.prisma, acme.workspace.id, sendingDomainId))?.status).toBe("needs_attention");

    const passed = await testSavedSendingDomain(deps, acme, sendingDomainId, { to: "demo@inflowave.test" });
    expect(passed?.result.ok).toBe(true);
    expect((await getSendingDomain(db.prisma, acme.workspace.id, sendingDomainId))?.status).toBe("verified");
    expect(await listTestSends(db.prisma, acme.workspace.id, sendingDomainId)).toHaveLength(3);
  });

  it("a test that changes the status moves the domain on; one that changes nothing leaves it", async () => {
    const before = await db.prisma.sendingDomain.findUniqueOrThrow({ where: { id: sendingDomainId } });
    expect(before.status).toBe("verified");
    await testSavedSendingDomain(deps, acme, sendingDomainId, { to: "demo@inflowave.test" });
    expect(await db.prisma.sendingDomain.findUniqueOrThrow({ where: { id: sendingDomainId } })).toMatchObject({
      status: "verified",
      version: before.version,
    });
    await testSavedSendingDomain(deps, acme, sendingDomainId, { to: "stranger@elsewhere.test" });
    expect(await db.prisma.sendingDomain.findUniqueOrThrow({ where: { id: sendingDomainId } })).toMatchObject({
      status: "needs_attention",
      version: before.version + 1,
    });
    // A rate change from a page that still showed it verified is refused, naming the test.
    await expect(setSendingRate(db.prisma, acme, sendingDomainId, 5, before.version)).rejects.toThrow(
      /^You sent a test email at .+ UTC in another tab or window; it failed, so the domain now needs attention\. /,
    );
    const [tested] = await listAuditEvents(db.prisma, acme.workspace.id, {
      targetId: sendingDomainId,
      action: "sending_domain.tested",
    });
    expect(tested?.details).toMatchObject({
      outcome: "failed",
      status: "needs_attention",
      version: before.version + 1,
    });
  });

  it("another workspace cannot test it", async () => {
    expect(await testSavedSendingDomain(deps, globex, sendingDomainId, { to: "demo@inflowave.test" })).toBeNull();
  });

  it("replaces credentials only with ones that passed a test; the old ones stay in use until then", async () => {
    const replacement = {
      host: "email-smtp.us-east-1.amazonaws.com",
      port: 2587,
      username: "AKIASIMULATOR0000001",
      password: new Secret(PASSWORD),
    };
    const bad = { ...replacement, password: new Secret(deriveSmtpPasswordSync(SECRET, "eu-west-1")) };
    const failedTest = await testReplacementCredential(deps, acme, sendingDomainId, bad, "demo@inflowave.test");
    expect(failedTest?.result.ok).toBe(false);
    const { version } = await db.prisma.sendingDomain.findUniqueOrThrow({ where: { id: sendingDomainId } });
    await expect(
      replaceSmtpCredential(deps, acme, sendingDomainId, bad, failedTest!.testSendId, version),
    ).rejects.toThrow(CredentialReplacementError);
    const unchanged = await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId } });
    expect(unchanged).toMatchObject({ port: 587, rotatedAt: null });

    const passedTest = await testReplacementCredential(deps, acme, sendingDomainId, replacement, "demo@inflowave.test");
    expect(passedTest?.result.ok).toBe(true);
    // A passing test of other values does not let different ones in.
    await expect(
      replaceSmtpCredential(deps, acme, sendingDomainId, bad, passedTest!.testSendId, version),
    ).rejects.toThrow(/Send a test that passes with the new credentials first/);
    await replaceSmtpCredential(deps, acme, sendingDomainId, replacement, passedTest!.testSendId, version);
    const replaced = await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId } });
    expect(replaced).toMatchObject({ port: 2587, tlsMode: "starttls" });
    expect(replaced.rotatedAt).toBeInstanceOf(Date);
    const actions = (await listAuditEvents(db.prisma, acme.workspace.id, { targetId: sendingDomainId })).map(
      (e) => e.action,
    );
    expect(actions[0]).toBe("smtp_credential.replaced");
    // Both tests of the candidates are in the domain's activity, the failed one with its cause.
    const tested = (await listAuditEvents(db.prisma, acme.workspace.id, { targetId: sendingDomainId }))
      .filter((e) => e.action === "sending_domain.tested")
      .map((e) => e.details);
    expect(tested).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ credentials: "replacement", outcome: "sent", testSendId: passedTest!.testSendId }),
        expect.objectContaining({ credentials: "replacement", outcome: "failed", cause: "auth-failed" }),
      ]),
    );
  });
});

describe("the sandbox's one message per second", () => {
  beforeAll(async () => {
    simulator.setScenario({
      ...(await loadSesSimulatorScenario(path.join(PROJECT_ROOT, "ses-simulator/scenario.json"))),
      maxSendRate: 1,
    });
  });
  const leaveTheWindow = () => new Promise((resolve) => setTimeout(resolve, 1_100));

  it("a second test of unsaved settings in the same second is throttled with 454 and diagnosed", async () => {
    await leaveTheWindow();
    const first = await testUnsavedSettings(deps, acme, settings(), "demo@inflowave.test");
    const second = await testUnsavedSettings(deps, acme, settings(), "demo@inflowave.test");
    expect([first.result.ok, second.result.ok]).toEqual([true, false]);
    expect(second.result.diagnosis).toMatchObject({ cause: "max-send-rate-exceeded", retryable: true });
  });

  it("a saved domain's sends wait for their slot at its rate, and none is lost", async () => {
    await leaveTheWindow();
    const tested = settings();
    const first = await testUnsavedSettings(deps, acme, tested, "demo@inflowave.test");
    const { sendingDomainId } = await addSendingDomain(deps, acme, tested, first.testSendId);
    await leaveTheWindow();
    const started = performance.now();
    const results = [
      await testSavedSendingDomain(deps, acme, sendingDomainId, { to: "demo@inflowave.test" }),
      await testSavedSendingDomain(deps, acme, sendingDomainId, { to: "demo@inflowave.test" }),
    ];
    expect(results.map((r) => r?.result.ok)).toEqual([true, true]);
    expect(performance.now() - started).toBeGreaterThan(900);
  });

  it("a saved domain set above the account's rate: SES's 454 is retried with backoff, and the email goes", async () => {
    await leaveTheWindow();
    const tested = settings();
    const first = await testUnsavedSettings(deps, acme, tested, "demo@inflowave.test");
    const { sendingDomainId } = await addSendingDomain(deps, acme, tested, first.testSendId);
    // Above what the account allows, so Inflowave's own limiter lets the send straight through.
    await db.prisma.sendingDomain.update({ where: { id: sendingDomainId }, data: { maxSendRate: 100 } });
    const second = await testSavedSendingDomain(deps, acme, sendingDomainId, { to: "demo@inflowave.test" });
    expect(second?.result.ok).toBe(true);
    expect(await listTestSends(db.prisma, acme.workspace.id, sendingDomainId)).toHaveLength(2); // one row per test
  });

  it("a retryable refusal says nothing about the settings: the domain stays verified", async () => {
    await leaveTheWindow();
    const tested = settings();
    const first = await testUnsavedSettings(deps, acme, tested, "demo@inflowave.test");
    const { sendingDomainId } = await addSendingDomain(deps, acme, tested, first.testSendId);
    const scenario = await loadSesSimulatorScenario(path.join(PROJECT_ROOT, "ses-simulator/scenario.json"));
    simulator.setScenario({ ...scenario, maxSendRate: 1_000, max24HourSend: 1 });
    const refused = await testSavedSendingDomain(deps, acme, sendingDomainId, { to: "demo@inflowave.test" });
    simulator.setScenario({ ...scenario, maxSendRate: 1 });
    expect(refused?.result.diagnosis).toMatchObject({ cause: "daily-quota-exceeded", retryable: true });
    expect((await getSendingDomain(db.prisma, acme.workspace.id, sendingDomainId))?.status).toBe("verified");
  });
});
