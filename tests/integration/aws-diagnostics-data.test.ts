// The AWS side's stored data on a real database: the diagnostics key sealed to its row, the SMTP
// credentials Inflowave created for a wizard (fresh, owned, consumed), and the sending rate.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKeyring } from "@/lib/crypto/keyring";
import { Secret } from "@/lib/crypto/secret";
import { listAuditEvents } from "@/lib/data/audit";
import {
  getAwsDiagnosticsAccess,
  openAwsDiagnosticsCredentials,
  removeAwsDiagnosticsAccess,
  saveAwsDiagnosticsAccess,
} from "@/lib/data/aws-diagnostics";
import {
  consumeProvisionedSmtpCredential,
  openProvisionedSmtpCredential,
  PROVISIONED_CREDENTIAL_TTL_MS,
  storeProvisionedSmtpCredential,
} from "@/lib/data/provisioned-smtp-credentials";
import { createSendingDomain, SendingDomainError, sendRateSchema, setSendingRate } from "@/lib/data/sending-domains";
import type { Database } from "@/lib/db/client";
import { PROVISIONED_CREDENTIAL_GONE, withProvisionedPassword } from "@/lib/email-settings/provisioned-credentials";
import { deriveSmtpPasswordSync } from "@/lib/ses/smtp-password-node";
import type { WorkspaceContext } from "@/lib/workspace/context";
import { createTestWorkspace, openTestDatabase } from "../support/database";

const keyring = parseKeyring(`k1:${Buffer.alloc(32, 9).toString("base64")}`);
const DIAGNOSTICS_SECRET = "dIaGnOsTiCs/SeCrEt+KeY0123456789abcdefgh";
const SMTP_PASSWORD = deriveSmtpPasswordSync("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "eu-west-1");

let db: Database;
let acme: WorkspaceContext;
let globex: WorkspaceContext;

beforeAll(async () => {
  db = openTestDatabase();
  acme = await createTestWorkspace(db);
  globex = await createTestWorkspace(db);
});
afterAll(async () => {
  await db?.close();
});

describe("diagnostics access", () => {
  it("seals the secret to its row: no plaintext stored, only the owner opens it", async () => {
    await saveAwsDiagnosticsAccess(db.prisma, keyring, acme, {
      source: "access_key",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: new Secret(DIAGNOSTICS_SECRET),
    });
    const row = await db.prisma.awsDiagnosticsAccess.findUniqueOrThrow({ where: { workspaceId: acme.workspace.id } });
    expect(JSON.stringify(row)).not.toContain(DIAGNOSTICS_SECRET);
    expect(row.secretKeyId).toBe("k1");

    const summary = await getAwsDiagnosticsAccess(db.prisma, acme.workspace.id);
    expect(summary).toMatchObject({ source: "access_key", accessKeyId: "AKIAIOSFODNN7EXAMPLE" });
    expect(JSON.stringify(summary)).not.toContain(DIAGNOSTICS_SECRET);

    const opened = await openAwsDiagnosticsCredentials(db.prisma, keyring, acme.workspace.id);
    expect(opened?.source).toBe("access_key");
    expect(opened?.source === "access_key" && opened.secretAccessKey.reveal()).toBe(DIAGNOSTICS_SECRET);
    expect(await openAwsDiagnosticsCredentials(db.prisma, keyring, globex.workspace.id)).toBeNull();
  });

  it("a sealed secret copied to another workspace's row does not open", async () => {
    await saveAwsDiagnosticsAccess(db.prisma, keyring, globex, {
      source: "access_key",
      accessKeyId: "AKIAI44QH8DHBEXAMPLE",
      secretAccessKey: new Secret("another/secret/key/of/forty/characters00"),
    });
    const acmeRow = await db.prisma.awsDiagnosticsAccess.findUniqueOrThrow({
      where: { workspaceId: acme.workspace.id },
    });
    await db.prisma.awsDiagnosticsAccess.update({
      where: { workspaceId: globex.workspace.id },
      data: { secretCiphertext: acmeRow.secretCiphertext },
    });
    await expect(openAwsDiagnosticsCredentials(db.prisma, keyring, globex.workspace.id)).rejects.toThrow(
      /could not be opened/,
    );
  });

  it("replacing keeps one row, switching to the server's chain drops the sealed secret, and both are audited", async () => {
    const before = await db.prisma.awsDiagnosticsAccess.findUniqueOrThrow({
      where: { workspaceId: acme.workspace.id },
    });
    await saveAwsDiagnosticsAccess(db.prisma, keyring, acme, { source: "default_chain" });
    const after = await db.prisma.awsDiagnosticsAccess.findUniqueOrThrow({ where: { workspaceId: acme.workspace.id } });
    expect(after.id).toBe(before.id);
    expect(after).toMatchObject({ source: "default_chain", accessKeyId: null, secretCiphertext: null });
    expect(await openAwsDiagnosticsCredentials(db.prisma, keyring, acme.workspace.id)).toEqual({
      source: "default_chain",
    });
    const actions = (await listAuditEvents(db.prisma, acme.workspace.id)).map((event) => event.action);
    expect(actions.filter((action) => action === "aws_diagnostics.connected")).toHaveLength(2);
  });

  it("disconnecting removes the access once", async () => {
    expect(await removeAwsDiagnosticsAccess(db.prisma, acme)).toBe(true);
    expect(await removeAwsDiagnosticsAccess(db.prisma, acme)).toBe(false);
    expect(await getAwsDiagnosticsAccess(db.prisma, acme.workspace.id)).toBeNull();
  });
});

describe("SMTP credentials Inflowave created", () => {
  const created = () =>
    storeProvisionedSmtpCredential(db.prisma, keyring, acme, {
      region: "eu-west-1",
      iamUserName: "ses-smtp-user.20261128-120000",
      username: "AKIAQWERTYUIOPASDFGH",
      password: new Secret(SMTP_PASSWORD),
    });

  it("stores the password sealed and opens it only for its workspace and within a day", async () => {
    const stored = await created();
    const row = await db.prisma.provisionedSmtpCredential.findUniqueOrThrow({ where: { id: stored.id } });
    expect(JSON.stringify(row)).not.toContain(SMTP_PASSWORD);
    const opened = await openProvisionedSmtpCredential(db.prisma, keyring, acme.workspace.id, stored.id);
    expect(opened?.password.reveal()).toBe(SMTP_PASSWORD);
    expect(await openProvisionedSmtpCredential(db.prisma, keyring, globex.workspace.id, stored.id)).toBeNull();
    const tomorrow = new Date(stored.createdAt.getTime() + PROVISIONED_CREDENTIAL_TTL_MS + 1_000);
    expect(await openProvisionedSmtpCredential(db.prisma, keyring, acme.workspace.id, stored.id, tomorrow)).toBeNull();
    const audit = await listAuditEvents(db.prisma, acme.workspace.id);
    expect(audit.find((event) => event.action === "smtp_credential.provisioned")?.details).toMatchObject({
      iamUserName: "ses-smtp-user.20261128-120000",
      region: "eu-west-1",
    });
    expect(JSON.stringify(audit)).not.toContain(SMTP_PASSWORD);
  });

  it("settings that refer to it get its password; a wrong region, user name or id is a field error", async () => {
    const stored = await created();
    const deps = { prisma: db.prisma, keyring };
    const base = { domain: "example.com", region: "eu-west-1", username: "AKIAQWERTYUIOPASDFGH", password: "" };
    const ok = await withProvisionedPassword(deps, acme, { ...base, provisionedCredentialId: stored.id });
    expect(ok).toEqual({ ok: true, value: { ...base, password: SMTP_PASSWORD } });

    const region = await withProvisionedPassword(deps, acme, {
      ...base,
      region: "us-east-1",
      provisionedCredentialId: stored.id,
    });
    expect(!region.ok && region.fieldErrors.region?.[0]).toMatch(/only works in the region it was made for/);

    const user = await withProvisionedPassword(deps, acme, {
      ...base,
      username: "AKIAOTHEROTHEROTHER1",
      provisionedCredentialId: stored.id,
    });
    expect(!user.ok && user.fieldErrors.username?.[0]).toMatch(/not the user name/);

    const foreign = await withProvisionedPassword(deps, globex, { ...base, provisionedCredentialId: stored.id });
    expect(foreign).toEqual({ ok: false, fieldErrors: { password: [PROVISIONED_CREDENTIAL_GONE] } });

    const plain = await withProvisionedPassword(deps, acme, { ...base, password: "typed" });
    expect(plain).toEqual({ ok: true, value: { ...base, password: "typed" } });
  });

  it("is forgotten once consumed", async () => {
    const stored = await created();
    await consumeProvisionedSmtpCredential(db.prisma, acme.workspace.id, stored.id);
    expect(await openProvisionedSmtpCredential(db.prisma, keyring, acme.workspace.id, stored.id)).toBeNull();
  });
});

describe("sending rate", () => {
  it("changes the domain's rate with an audit event, and refuses another workspace's domain", async () => {
    const domain = await createSendingDomain(db.prisma, acme, {
      domain: `rate-${Date.now()}.example.com`,
      fromAddress: `hello@rate-${Date.now()}.example.com`,
      region: "us-east-1",
    });
    expect(await setSendingRate(db.prisma, acme, domain.id, 14, 1)).toEqual({
      previous: 1,
      maxSendRate: 14,
      version: 2,
    });
    // The same rate again changes nothing, so the version stays.
    expect(await setSendingRate(db.prisma, acme, domain.id, 14, 2)).toEqual({
      previous: 14,
      maxSendRate: 14,
      version: 2,
    });
    const events = await listAuditEvents(db.prisma, acme.workspace.id, { targetId: domain.id });
    expect(events.filter((event) => event.action === "sending_domain.send_rate_changed")).toHaveLength(1);
    await expect(setSendingRate(db.prisma, globex, domain.id, 2, 2)).rejects.toBeInstanceOf(SendingDomainError);
    const row = await db.prisma.sendingDomain.findUniqueOrThrow({ where: { id: domain.id } });
    expect(row.maxSendRate).toBe(14);
  });

  it.each([
    ["14", 14],
    [0.5, 0.5],
    ["1000", 1000],
  ])("accepts %j", (input, rate) => {
    expect(sendRateSchema.parse(input)).toBe(rate);
  });

  it.each([
    ["0", /at least 0.1/],
    ["-3", /at least 0.1/],
    ["1001", /at most 1,000/],
    ["abc", /number of emails per second/],
    ["1.234", /two decimals/],
    ["Infinity", /number of emails per second/],
  ])("refuses %j with words", (input, message) => {
    const parsed = sendRateSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(message);
  });
});
