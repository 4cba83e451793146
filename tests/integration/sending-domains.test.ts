import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKeyring } from "@/lib/crypto/keyring";
import { Secret } from "@/lib/crypto/secret";
import { SecretBoxError } from "@/lib/crypto/secret-box";
import { listAuditEvents } from "@/lib/data/audit";
import { summarizeRecentFailures } from "@/lib/data/test-sends";
import {
  createSendingDomain,
  getSendingDomain,
  listSendingDomains,
  readSmtpPassword,
  removeSendingDomain,
  saveSmtpCredential,
  SendingDomainError,
} from "@/lib/data/sending-domains";
import type { Database } from "@/lib/db/client";
import type { WorkspaceContext } from "@/lib/workspace/context";
import { createTestWorkspace, openTestDatabase } from "../support/database";

const key = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString("base64")}`;
const keyring = parseKeyring(key("k2", 2));
const SMTP_PASSWORD = "BPn9Q0Xh3pLq2mY8vT1sR4wK7zJ5cN6bF0aD9eG2hI3u";
const credential = (password = SMTP_PASSWORD) => ({
  host: "email-smtp.eu-west-1.amazonaws.com",
  port: 587,
  tlsMode: "starttls" as const,
  username: "AKIAIOSFODNN7EXAMPLE",
  password: new Secret(password),
});

let db: Database;
let acme: WorkspaceContext;
let globex: WorkspaceContext;

beforeAll(async () => {
  db = openTestDatabase();
  acme = await createTestWorkspace(db);
  globex = await createTestWorkspace(db);
});
afterAll(() => db.close());

describe("sending domains", () => {
  it("creates a draft domain, normalised, and records who did it", async () => {
    const created = await createSendingDomain(db.prisma, acme, {
      domain: "  Mail.Acme-Example.COM. ",
      region: "EU-West-1",
    });
    expect(created).toMatchObject({
      domain: "mail.acme-example.com",
      region: "eu-west-1",
      status: "draft",
      credential: null,
    });
    const events = await listAuditEvents(db.prisma, acme.workspace.id, { targetId: created.id });
    expect(events).toMatchObject([{ action: "sending_domain.created", actorName: acme.user.name }]);
  });

  it("refuses the same domain twice in a workspace, with words, but allows it in another workspace", async () => {
    await createSendingDomain(db.prisma, acme, { domain: "twice.example.com", region: "us-east-1" });
    const again = createSendingDomain(db.prisma, acme, { domain: "TWICE.example.com", region: "us-west-2" });
    await expect(again).rejects.toThrow(SendingDomainError);
    await expect(again).rejects.toThrow("twice.example.com is already a sending domain in this workspace.");
    await expect(
      createSendingDomain(db.prisma, globex, { domain: "twice.example.com", region: "us-east-1" }),
    ).resolves.toMatchObject({
      domain: "twice.example.com",
    });
  });

  it("rejects malformed domains and regions before touching the database", async () => {
    const before = await db.prisma.sendingDomain.count();
    await expect(createSendingDomain(db.prisma, acme, { domain: "not a domain", region: "us-east-1" })).rejects.toThrow(
      /letters, digits, hyphens and dots/,
    );
    await expect(createSendingDomain(db.prisma, acme, { domain: "ok.example.com", region: "mars-1" })).rejects.toThrow(
      /not an AWS region code/,
    );
    expect(await db.prisma.sendingDomain.count()).toBe(before);
  });

  it("lists and reads only the workspace's own domains", async () => {
    const own = await createSendingDomain(db.prisma, globex, {
      domain: "globex-only.example.com",
      region: "ap-south-1",
    });
    const acmeList = await listSendingDomains(db.prisma, acme.workspace.id);
    expect(acmeList.map((d) => d.domain)).not.toContain("globex-only.example.com");
    expect(acmeList.map((d) => d.domain)).toEqual([...acmeList.map((d) => d.domain)].sort());
    expect(await getSendingDomain(db.prisma, acme.workspace.id, own.id)).toBeNull();
    expect(await getSendingDomain(db.prisma, globex.workspace.id, own.id)).toMatchObject({
      domain: "globex-only.example.com",
    });
    expect(await getSendingDomain(db.prisma, globex.workspace.id, "not-a-uuid")).toBeNull();
  });

  it("will not remove another workspace's domain", async () => {
    const own = await createSendingDomain(db.prisma, globex, { domain: "keep-me.example.com", region: "us-east-1" });
    expect(await removeSendingDomain(db.prisma, acme, own.id, own.version)).toBe(false);
    expect(await getSendingDomain(db.prisma, globex.workspace.id, own.id)).not.toBeNull();
  });

  it("removing a domain removes its credential and test history, and keeps the audit trail", async () => {
    const domain = await createSendingDomain(db.prisma, acme, { domain: "gone.example.com", region: "us-east-1" });
    await saveSmtpCredential(db.prisma, keyring, acme, domain.id, credential());
    await db.prisma.testSend.create({
      data: {
        workspaceId: acme.workspace.id,
        sendingDomainId: domain.id,
        fromAddress: "a@gone.example.com",
        toAddress: "b@example.com",
        durationMs: 120,
        outcome: "sent",
      },
    });
    const { version } = await db.prisma.sendingDomain.findUniqueOrThrow({ where: { id: domain.id } });
    expect(await removeSendingDomain(db.prisma, acme, domain.id, version)).toBe(true);
    expect(await db.prisma.smtpCredential.count({ where: { sendingDomainId: domain.id } })).toBe(0);
    expect(await db.prisma.testSend.count({ where: { sendingDomainId: domain.id } })).toBe(0);
    const events = await listAuditEvents(db.prisma, acme.workspace.id, { targetId: domain.id });
    expect(events.map((e) => e.action)).toEqual([
      "sending_domain.removed",
      "smtp_credential.created",
      "sending_domain.created",
    ]);
  });
});

describe("SMTP credentials at rest", () => {
  it("stores the password sealed, never in plaintext, and the summary has no password at all", async () => {
    const domain = await createSendingDomain(db.prisma, acme, { domain: "sealed.example.com", region: "eu-west-1" });
    await saveSmtpCredential(db.prisma, keyring, acme, domain.id, credential());
    const row = await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId: domain.id } });
    expect(row.passwordKeyId).toBe("k2");
    expect(JSON.stringify(row)).not.toContain(SMTP_PASSWORD);
    const summary = await getSendingDomain(db.prisma, acme.workspace.id, domain.id);
    expect(summary?.credential).toMatchObject({
      host: "email-smtp.eu-west-1.amazonaws.com",
      port: 587,
      username: "AKIAIOSFODNN7EXAMPLE",
    });
    expect(JSON.stringify(summary)).not.toMatch(/password(?!SetAt)/i);
    expect((await readSmtpPassword(db.prisma, keyring, acme.workspace.id, domain.id))?.reveal()).toBe(SMTP_PASSWORD);
    const audit = await db.prisma.auditEvent.findMany({ where: { targetId: domain.id } });
    expect(JSON.stringify(audit)).not.toContain(SMTP_PASSWORD);
  });

  it("another workspace cannot read the password", async () => {
    const domain = await createSendingDomain(db.prisma, acme, { domain: "private.example.com", region: "eu-west-1" });
    await saveSmtpCredential(db.prisma, keyring, acme, domain.id, credential());
    expect(await readSmtpPassword(db.prisma, keyring, globex.workspace.id, domain.id)).toBeNull();
    await expect(
      saveSmtpCredential(db.prisma, keyring, globex, domain.id, credential("B" + "x".repeat(43))),
    ).rejects.toThrow("This sending domain does not exist in your workspace.");
    expect((await readSmtpPassword(db.prisma, keyring, acme.workspace.id, domain.id))?.reveal()).toBe(SMTP_PASSWORD);
  });

  it("replacing the credential rotates the row and is audited; old keys still open old rows", async () => {
    const oldRing = parseKeyring(key("k1", 1));
    const rotatedRing = parseKeyring(`${key("k2", 2)},${key("k1", 1)}`);
    const domain = await createSendingDomain(db.prisma, acme, { domain: "rotate.example.com", region: "us-east-2" });
    await saveSmtpCredential(db.prisma, oldRing, acme, domain.id, credential("B-old-password"));
    expect((await readSmtpPassword(db.prisma, rotatedRing, acme.workspace.id, domain.id))?.reveal()).toBe(
      "B-old-password",
    );
    await saveSmtpCredential(db.prisma, rotatedRing, acme, domain.id, credential("B-new-password"));
    const row = await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId: domain.id } });
    expect(row.passwordKeyId).toBe("k2");
    expect(row.rotatedAt).toBeInstanceOf(Date);
    expect((await readSmtpPassword(db.prisma, rotatedRing, acme.workspace.id, domain.id))?.reveal()).toBe(
      "B-new-password",
    );
    await expect(readSmtpPassword(db.prisma, oldRing, acme.workspace.id, domain.id)).rejects.toThrow(SecretBoxError);
    const actions = (await listAuditEvents(db.prisma, acme.workspace.id, { targetId: domain.id })).map((e) => e.action);
    expect(actions).toEqual(["smtp_credential.replaced", "smtp_credential.created", "sending_domain.created"]);
  });

  it("a sealed password copied onto another domain's row does not open", async () => {
    const a = await createSendingDomain(db.prisma, acme, { domain: "copy-from.example.com", region: "us-east-1" });
    const b = await createSendingDomain(db.prisma, acme, { domain: "copy-to.example.com", region: "us-east-1" });
    await saveSmtpCredential(db.prisma, keyring, acme, a.id, credential("B-password-of-a"));
    await saveSmtpCredential(db.prisma, keyring, acme, b.id, credential("B-password-of-b"));
    const stolen = await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId: a.id } });
    await db.prisma.smtpCredential.update({
      where: { sendingDomainId: b.id },
      data: { passwordCiphertext: stolen.passwordCiphertext, passwordKeyId: stolen.passwordKeyId },
    });
    await expect(readSmtpPassword(db.prisma, keyring, acme.workspace.id, b.id)).rejects.toThrow(/could not be opened/);
  });
});

describe("recent failures grouped by cause", () => {
  it("counts each cause, newest reply first, within the window and the workspace only", async () => {
    const ws = await createTestWorkspace(db);
    const other = await createTestWorkspace(db);
    const now = new Date("2026-11-28T12:00:00Z");
    const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000);
    const row = (workspaceId: string, cause: string | null, hoursAgo: number, smtpReply: string) => ({
      workspaceId,
      fromAddress: "a@example.com",
      toAddress: "b@example.com",
      durationMs: 10,
      outcome: "failed" as const,
      diagnosisCause: cause,
      startedAt: at(hoursAgo),
      smtpReply,
    });
    await db.prisma.testSend.createMany({
      data: [
        row(ws.workspace.id, "auth-failed", 5, "535 old"),
        row(ws.workspace.id, "auth-failed", 1, "535 Authentication Credentials Invalid"),
        row(ws.workspace.id, "sandbox-unverified-address", 2, "554 Message rejected"),
        row(ws.workspace.id, null, 3, "421 odd"),
        row(ws.workspace.id, "auth-failed", 24 * 40, "535 too old"),
        row(other.workspace.id, "auth-failed", 1, "535 someone else"),
        { ...row(ws.workspace.id, null, 1, "250 Ok"), outcome: "sent" as const },
      ],
    });
    const groups = await summarizeRecentFailures(db.prisma, ws.workspace.id, { now });
    expect(groups.map((g) => [g.cause, g.count, g.latest.smtpReply])).toEqual([
      ["auth-failed", 2, "535 Authentication Credentials Invalid"],
      ["sandbox-unverified-address", 1, "554 Message rejected"],
      ["unknown", 1, "421 odd"],
    ]);
  });
});
