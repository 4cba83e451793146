import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Keyring } from "../crypto/keyring";
import type { Secret } from "../crypto/secret";
import type { PrismaClient } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import type { TestSendOutcome } from "../generated/prisma/enums";
import type { WorkspaceContext } from "../workspace/context";

type Db = PrismaClient | Prisma.TransactionClient;

/** The settings a test proves: everything that decides whether SES accepts the mail. */
export interface TestedSettings {
  domain: string;
  fromAddress: string;
  region: string;
  host: string;
  port: number;
  username: string;
  password: Secret;
}

/**
 * A keyed hash of the exact settings tested, password included, stored with the test so that a
 * later save can show it saves what passed — without the server keeping the password of
 * settings nobody saved. Written as "<key id>:<hex>" so it survives a key rotation.
 */
export function fingerprintSettings(keyring: Keyring, settings: TestedSettings, keyId = keyring.currentKeyId): string {
  const key = keyring.find(keyId);
  if (!key) throw new Error(`Encryption key "${keyId}" is not in the keyring.`);
  const canonical = JSON.stringify([
    settings.domain,
    settings.fromAddress,
    settings.region,
    settings.host,
    settings.port,
    settings.username,
    settings.password.reveal(),
  ]);
  // A key of its own for hashing, derived from the encryption key, so one key never serves two purposes.
  const hashKey = Buffer.from(hkdfSync("sha256", key.key, Buffer.alloc(0), "inflowave:test-send-settings:v1", 32));
  const mac = createHmac("sha256", hashKey).update(canonical).digest("hex");
  return `${keyId}:${mac}`;
}

export function fingerprintMatches(keyring: Keyring, fingerprint: string | null, settings: TestedSettings): boolean {
  if (!fingerprint) return false;
  const keyId = fingerprint.slice(0, fingerprint.indexOf(":"));
  if (!keyring.find(keyId)) return false;
  const expected = Buffer.from(fingerprintSettings(keyring, settings, keyId));
  const actual = Buffer.from(fingerprint);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export interface TestSendStageRecord {
  name: string;
  label: string;
  status: "passed" | "failed" | "skipped";
  ms?: number;
  detail?: string;
}

export interface NewTestSend {
  sendingDomainId?: string;
  settingsFingerprint?: string;
  fromAddress: string;
  toAddress: string;
  startedAt: Date;
  durationMs: number;
  outcome: TestSendOutcome;
  smtpReply?: string;
  sesMessageId?: string;
  diagnosisCause?: string;
  stages: TestSendStageRecord[];
  transcript: string;
}

export async function recordTestSend(db: Db, ctx: WorkspaceContext, test: NewTestSend): Promise<string> {
  const row = await db.testSend.create({
    data: {
      workspaceId: ctx.workspace.id,
      createdById: ctx.user.id,
      sendingDomainId: test.sendingDomainId,
      settingsFingerprint: test.settingsFingerprint,
      fromAddress: test.fromAddress,
      toAddress: test.toAddress,
      startedAt: test.startedAt,
      durationMs: Math.round(test.durationMs),
      outcome: test.outcome,
      smtpReply: test.smtpReply?.slice(0, 2_000),
      sesMessageId: test.sesMessageId,
      diagnosisCause: test.diagnosisCause,
      stages: test.stages as unknown as Prisma.InputJsonValue,
      transcript: test.transcript.slice(0, 64_000),
    },
    select: { id: true },
  });
  return row.id;
}

export interface TestSendSummary {
  id: string;
  fromAddress: string;
  toAddress: string;
  startedAt: Date;
  durationMs: number;
  outcome: TestSendOutcome;
  smtpReply: string | null;
  sesMessageId: string | null;
  diagnosisCause: string | null;
  stages: TestSendStageRecord[];
  transcript: string;
  createdByName: string | null;
}

export async function listTestSends(
  db: Db,
  workspaceId: string,
  sendingDomainId: string,
  limit = 20,
): Promise<TestSendSummary[]> {
  const rows = await db.testSend.findMany({
    where: { workspaceId, sendingDomainId },
    orderBy: { startedAt: "desc" },
    take: Math.min(limit, 100),
    include: { createdBy: { select: { name: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    fromAddress: row.fromAddress,
    toAddress: row.toAddress,
    startedAt: row.startedAt,
    durationMs: row.durationMs,
    outcome: row.outcome,
    smtpReply: row.smtpReply,
    sesMessageId: row.sesMessageId,
    diagnosisCause: row.diagnosisCause,
    stages: Array.isArray(row.stages) ? (row.stages as unknown as TestSendStageRecord[]) : [],
    transcript: row.transcript,
    createdByName: row.createdBy?.name ?? null,
  }));
}

/** How long a test proves its settings: long enough to finish the wizard, short enough to stay true. */
export const TEST_SEND_PROOF_TTL_MS = 60 * 60 * 1000;

/** A recent test of unsaved settings, by id, within the workspace: what a save may attach. */
export async function findUnattachedTestSend(db: Db, workspaceId: string, testSendId: string, now = new Date()) {
  return db.testSend.findFirst({
    where: {
      id: testSendId,
      workspaceId,
      sendingDomainId: null,
      startedAt: { gte: new Date(now.getTime() - TEST_SEND_PROOF_TTL_MS) },
    },
    select: { id: true, outcome: true, settingsFingerprint: true },
  });
}

/** Attaches a test to its domain, once: false when another save took it first. */
export async function attachTestSend(db: Db, workspaceId: string, testSendId: string, sendingDomainId: string) {
  const { count } = await db.testSend.updateMany({
    where: { id: testSendId, workspaceId, sendingDomainId: null },
    data: { sendingDomainId },
  });
  return count === 1;
}

export interface FailureGroup {
  /** A diagnosis cause from lib/ses (or "unknown"). */
  cause: string;
  count: number;
  lastAt: Date;
  /** The newest failure of this cause: its reply and where it happened. */
  latest: { testSendId: string; smtpReply: string | null; toAddress: string; sendingDomainId: string | null };
}

/**
 * The workspace's failed tests of the last `days` days grouped by diagnosed cause, most frequent
 * first: what the troubleshooting panel shows. Optionally for one sending domain.
 */
export async function summarizeRecentFailures(
  db: Db,
  workspaceId: string,
  options: { sendingDomainId?: string; days?: number; now?: Date } = {},
): Promise<FailureGroup[]> {
  const since = new Date((options.now ?? new Date()).getTime() - (options.days ?? 30) * 24 * 60 * 60 * 1000);
  const where = {
    workspaceId,
    outcome: "failed" as const,
    startedAt: { gte: since },
    ...(options.sendingDomainId ? { sendingDomainId: options.sendingDomainId } : {}),
  };
  const groups = await db.testSend.groupBy({
    by: ["diagnosisCause"],
    where,
    _count: { _all: true },
    _max: { startedAt: true },
  });
  const summaries = await Promise.all(
    groups.map(async (group): Promise<FailureGroup> => {
      const latest = await db.testSend.findFirstOrThrow({
        where: { ...where, diagnosisCause: group.diagnosisCause },
        orderBy: { startedAt: "desc" },
        select: { id: true, smtpReply: true, toAddress: true, sendingDomainId: true, startedAt: true },
      });
      return {
        cause: group.diagnosisCause ?? "unknown",
        count: group._count._all,
        lastAt: latest.startedAt,
        latest: {
          testSendId: latest.id,
          smtpReply: latest.smtpReply,
          toAddress: latest.toAddress,
          sendingDomainId: latest.sendingDomainId,
        },
      };
    }),
  );
  return summaries.sort((a, b) => b.count - a.count || b.lastAt.getTime() - a.lastAt.getTime());
}

/** The recipient of each domain's latest test, by domain id. */
export async function latestTestRecipients(
  prisma: PrismaClient,
  workspaceId: string,
  sendingDomainIds: string[],
): Promise<Map<string, string>> {
  if (sendingDomainIds.length === 0) return new Map();
  const rows = await prisma.testSend.findMany({
    where: { workspaceId, sendingDomainId: { in: sendingDomainIds } },
    orderBy: { startedAt: "desc" },
    distinct: ["sendingDomainId"],
    select: { sendingDomainId: true, toAddress: true },
  });
  return new Map(rows.flatMap((row) => (row.sendingDomainId ? [[row.sendingDomainId, row.toAddress] as const] : [])));
}
