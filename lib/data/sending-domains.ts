import { z } from "zod";
import type { Keyring } from "../crypto/keyring";
import type { Secret } from "../crypto/secret";
import { openSecret, sealSecret, smtpCredentialContext } from "../crypto/secret-box";
import type { PrismaClient } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import type { SendingDomainStatus, SendingProvider, TestSendOutcome, TlsMode } from "../generated/prisma/enums";
import type { WorkspaceContext } from "../workspace/context";
import { isDomainName } from "../ses/sender-checks";
import { listAuditEvents, recordAuditEvent } from "./audit";
import { describeConcurrentChange, versionOf, type ChangeAttempt } from "./concurrent-change-words";

/** A sending domain as the UI may see it: the credential without its password. */
export interface SendingDomainSummary {
  id: string;
  domain: string;
  fromAddress: string;
  provider: SendingProvider;
  region: string;
  status: SendingDomainStatus;
  /** Emails per second Inflowave sends through the domain (the shared limiter's rate). */
  maxSendRate: number;
  /** Goes up with every change; a page sends it back with a change, so a stale one is refused. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  credential: {
    host: string;
    port: number;
    tlsMode: TlsMode;
    username: string;
    /** When the password was stored; the password itself never leaves the server. */
    passwordSetAt: Date;
  } | null;
  lastTestSend: { outcome: TestSendOutcome; startedAt: Date; diagnosisCause: string | null } | null;
}

export class SendingDomainError extends Error {
  override name = "SendingDomainError";
  constructor(
    readonly code: "domain-taken" | "not-found",
    message: string,
  ) {
    super(message);
  }
}

/** What a person is told about a domain id that is not one of their workspace's (or no longer is). */
export const SENDING_DOMAIN_NOT_FOUND = "This sending domain does not exist in your workspace.";

/** The domain as it is now, for the page to show after a refused change; null once it was removed. */
export type CurrentSendingDomain = { version: number; maxSendRate: number; status: SendingDomainStatus } | null;

/**
 * A change refused because the domain changed (or was removed) after the person's page showed
 * it: nothing was written. The message says who changed what, and when; `current` is the domain now.
 */
export class SendingDomainChangedError extends Error {
  override name = "SendingDomainChangedError";
  constructor(
    message: string,
    readonly current: CurrentSendingDomain,
  ) {
    super(message);
  }
}

/** Thrown inside a change's transaction when the domain is not at the expected version: it rolls back. */
class StaleVersion extends Error {
  override name = "StaleVersion";
}

/** A domain name as people type it: case, spaces, a trailing dot and a pasted scheme are forgiven. */
export const domainNameSchema = z
  .string({ error: "Enter the domain you send from, e.g. mail.example.com." })
  .transform((value) =>
    value
      .trim()
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, "")
      .replace(/\/.*$/, "")
      .replace(/\.$/, ""),
  )
  .pipe(
    z
      .string()
      .min(1, "Enter the domain you send from, e.g. mail.example.com.")
      .max(253, "A domain name is at most 253 characters.")
      .refine((d) => d.includes("."), "Enter a full domain such as example.com, not just a name.")
      .refine(
        (d) => isDomainName(d),
        "A domain may only contain letters, digits, hyphens and dots (e.g. mail.example.com).",
      ),
  );

export const awsRegionSchema = z
  .string({ error: "Choose an AWS region." })
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, "That is not an AWS region code (e.g. us-east-1).");

export const newSendingDomainSchema = z.object({
  domain: domainNameSchema,
  region: awsRegionSchema,
  /** Defaults to no-reply@ the domain. */
  fromAddress: z.email("Enter a valid From address, e.g. hello@example.com.").optional(),
});
export type NewSendingDomain = z.input<typeof newSendingDomainSchema>;

const summaryInclude = {
  credential: {
    select: { host: true, port: true, tlsMode: true, username: true, createdAt: true, rotatedAt: true },
  },
  testSends: {
    select: { outcome: true, startedAt: true, diagnosisCause: true },
    orderBy: { startedAt: "desc" },
    take: 1,
  },
} satisfies Prisma.SendingDomainInclude;

type SummaryRow = Prisma.SendingDomainGetPayload<{ include: typeof summaryInclude }>;

function toSummary(row: SummaryRow): SendingDomainSummary {
  return {
    id: row.id,
    domain: row.domain,
    fromAddress: row.fromAddress,
    provider: row.provider,
    region: row.region,
    status: row.status,
    maxSendRate: row.maxSendRate,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    credential: row.credential && {
      host: row.credential.host,
      port: row.credential.port,
      tlsMode: row.credential.tlsMode,
      username: row.credential.username,
      passwordSetAt: row.credential.rotatedAt ?? row.credential.createdAt,
    },
    lastTestSend: row.testSends[0] ?? null,
  };
}

export async function listSendingDomains(prisma: PrismaClient, workspaceId: string): Promise<SendingDomainSummary[]> {
  const rows = await prisma.sendingDomain.findMany({
    where: { workspaceId },
    include: summaryInclude,
    orderBy: [{ domain: "asc" }],
  });
  return rows.map(toSummary);
}

export async function getSendingDomain(
  prisma: PrismaClient,
  workspaceId: string,
  sendingDomainId: string,
): Promise<SendingDomainSummary | null> {
  if (!z.uuid().safeParse(sendingDomainId).success) return null;
  const row = await prisma.sendingDomain.findFirst({
    where: { id: sendingDomainId, workspaceId },
    include: summaryInclude,
  });
  return row && toSummary(row);
}

/** Adds a domain in "draft" until its credentials pass a test send. */
export async function createSendingDomain(
  prisma: PrismaClient,
  ctx: WorkspaceContext,
  input: NewSendingDomain,
): Promise<SendingDomainSummary> {
  const { domain, region, fromAddress = `no-reply@${domain}` } = newSendingDomainSchema.parse(input);
  try {
    return await prisma.$transaction(async (tx) => {
      const row = await tx.sendingDomain.create({
        data: { workspaceId: ctx.workspace.id, domain, region, fromAddress },
        include: summaryInclude,
      });
      await recordAuditEvent(tx, ctx, {
        action: "sending_domain.created",
        targetType: "sending_domain",
        targetId: row.id,
        details: { domain, region },
      });
      return toSummary(row);
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new SendingDomainError("domain-taken", `${domain} is already a sending domain in this workspace.`);
    }
    throw error;
  }
}

/**
 * Removes a domain with its credential and test history, if it is still at the version the person
 * saw. False when the workspace has no such domain; a SendingDomainChangedError when it changed
 * or was removed meanwhile.
 */
export async function removeSendingDomain(
  prisma: PrismaClient,
  ctx: WorkspaceContext,
  sendingDomainId: string,
  expectedVersion: number,
): Promise<boolean> {
  if (!z.uuid().safeParse(sendingDomainId).success) return false;
  try {
    await changeAtVersion(prisma, ctx, sendingDomainId, expectedVersion, "removal", async (tx) => {
      const row = await tx.sendingDomain.findFirst({
        where: { id: sendingDomainId, workspaceId: ctx.workspace.id },
        select: { id: true, domain: true },
      });
      if (!row) throw new StaleVersion();
      // The version in the condition: a change that commits first makes this delete match nothing.
      const { count } = await tx.sendingDomain.deleteMany({
        where: { id: row.id, workspaceId: ctx.workspace.id, version: expectedVersion },
      });
      if (count === 0) throw new StaleVersion();
      await recordAuditEvent(tx, ctx, {
        action: "sending_domain.removed",
        targetType: "sending_domain",
        targetId: row.id,
        details: { domain: row.domain },
      });
    });
    return true;
  } catch (error) {
    if (error instanceof SendingDomainError && error.code === "not-found") return false;
    throw error;
  }
}

/**
 * Runs a change to a sending domain in a transaction that expects the domain at `expectedVersion`
 * (see updateAtVersion). When it is not, nothing is written and the person is told what happened:
 * a SendingDomainChangedError (changed or removed meanwhile), or not-found.
 */
export async function changeAtVersion<T>(
  prisma: PrismaClient,
  ctx: WorkspaceContext,
  sendingDomainId: string,
  expectedVersion: number,
  attempt: ChangeAttempt,
  change: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  if (!z.uuid().safeParse(sendingDomainId).success) throw new SendingDomainError("not-found", SENDING_DOMAIN_NOT_FOUND);
  try {
    return await prisma.$transaction(change);
  } catch (error) {
    if (!(error instanceof StaleVersion)) throw error;
    // Read after the rollback, so the change that got in first is committed and its audit event visible.
    throw await refusedChange(prisma, ctx, sendingDomainId, expectedVersion, attempt);
  }
}

/**
 * Writes `data` to the domain and moves it on to the next version, only if it is still at
 * `expectedVersion`; returns the new version. Two changes from the same version: PostgreSQL makes
 * the second wait for the first's row lock, then re-checks the condition, which no longer holds,
 * so the second writes nothing and its transaction rolls back.
 */
export async function updateAtVersion(
  tx: Prisma.TransactionClient,
  ctx: WorkspaceContext,
  sendingDomainId: string,
  expectedVersion: number,
  data: Prisma.SendingDomainUpdateManyMutationInput = {},
): Promise<number> {
  const { count } = await tx.sendingDomain.updateMany({
    where: { id: sendingDomainId, workspaceId: ctx.workspace.id, version: expectedVersion },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw new StaleVersion();
  return expectedVersion + 1;
}

/** Why a change to a domain found nothing to change: removed (by whom, if the log knows), or not found. */
export async function missingSendingDomainError(
  prisma: PrismaClient,
  ctx: WorkspaceContext,
  sendingDomainId: string,
  attempt: ChangeAttempt,
): Promise<SendingDomainError | SendingDomainChangedError> {
  if (!z.uuid().safeParse(sendingDomainId).success)
    return new SendingDomainError("not-found", SENDING_DOMAIN_NOT_FOUND);
  // Workspace-scoped: another workspace's removals (or domains) stay "not found".
  const [removal] = await listAuditEvents(prisma, ctx.workspace.id, {
    targetId: sendingDomainId,
    action: "sending_domain.removed",
    limit: 1,
  });
  if (!removal) return new SendingDomainError("not-found", SENDING_DOMAIN_NOT_FOUND);
  return new SendingDomainChangedError(
    describeConcurrentChange({ change: removal, removed: true, attempt, viewerId: ctx.user.id }),
    null,
  );
}

/** The refusal of a change made from an older version of the domain, naming the change that won. */
async function refusedChange(
  prisma: PrismaClient,
  ctx: WorkspaceContext,
  sendingDomainId: string,
  expectedVersion: number,
  attempt: ChangeAttempt,
): Promise<SendingDomainError | SendingDomainChangedError> {
  const current = await prisma.sendingDomain.findFirst({
    where: { id: sendingDomainId, workspaceId: ctx.workspace.id },
    select: { version: true, maxSendRate: true, status: true },
  });
  if (!current) return missingSendingDomainError(prisma, ctx, sendingDomainId, attempt);
  const history = await listAuditEvents(prisma, ctx.workspace.id, { targetId: sendingDomainId, limit: 50 });
  // Each change records the version it produced: the newest one since the person's page explains it.
  const [change = null] = history
    .filter((entry) => (versionOf(entry) ?? 0) > expectedVersion)
    .sort((a, b) => (versionOf(b) ?? 0) - (versionOf(a) ?? 0));
  return new SendingDomainChangedError(
    describeConcurrentChange({ change, removed: false, attempt, viewerId: ctx.user.id }),
    current,
  );
}

/** SES's own ceiling is per account and region; this keeps a typo (14000 for 14) from going unnoticed. */
export const MAX_SEND_RATE_LIMIT = 1_000;

// Text in decimal notation only: Number() (and so z.coerce) would read "0x10" as 16 and "1e3" as 1000.
const DECIMAL = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*$/;

export const sendRateSchema = z
  .preprocess(
    (value) => (typeof value === "string" ? (DECIMAL.test(value) ? Number(value) : Number.NaN) : value),
    z.number({ error: "Enter the number of emails per second, e.g. 1 or 14." }),
  )
  .refine(Number.isFinite, "Enter the number of emails per second, e.g. 1 or 14.")
  .refine((rate) => rate >= 0.1, "The rate must be at least 0.1 emails per second (one every 10 seconds).")
  .refine(
    (rate) => rate <= MAX_SEND_RATE_LIMIT,
    `The rate can be at most ${MAX_SEND_RATE_LIMIT.toLocaleString("en-US")} emails per second.`,
  )
  .refine((rate) => Math.round(rate * 100) === rate * 100, "Use at most two decimals, e.g. 14 or 0.5.");

/**
 * Sets how many emails per second Inflowave sends through the domain, if it is still at the
 * version the person saw; recorded in the audit log.
 */
export async function setSendingRate(
  prisma: PrismaClient,
  ctx: WorkspaceContext,
  sendingDomainId: string,
  maxSendRate: number,
  expectedVersion: number,
): Promise<{ previous: number; maxSendRate: number; version: number }> {
  return changeAtVersion(prisma, ctx, sendingDomainId, expectedVersion, "rate", async (tx) => {
    const row = await tx.sendingDomain.findFirst({
      where: { id: sendingDomainId, workspaceId: ctx.workspace.id, version: expectedVersion },
      select: { id: true, maxSendRate: true },
    });
    if (!row) throw new StaleVersion();
    if (row.maxSendRate === maxSendRate) return { previous: row.maxSendRate, maxSendRate, version: expectedVersion };
    const version = await updateAtVersion(tx, ctx, row.id, expectedVersion, { maxSendRate });
    await recordAuditEvent(tx, ctx, {
      action: "sending_domain.send_rate_changed",
      targetType: "sending_domain",
      targetId: row.id,
      details: { from: row.maxSendRate, to: maxSendRate, version },
    });
    return { previous: row.maxSendRate, maxSendRate, version };
  });
}

export interface SmtpCredentialInput {
  host: string;
  port: number;
  tlsMode: TlsMode;
  username: string;
  password: Secret;
}

/** Stores (or replaces) a domain's SMTP credential, with the password sealed under the newest key. */
export async function saveSmtpCredential(
  prisma: PrismaClient,
  keyring: Keyring,
  ctx: WorkspaceContext,
  sendingDomainId: string,
  input: SmtpCredentialInput,
): Promise<void> {
  const sealed = sealSecret(keyring, input.password, smtpCredentialContext(sendingDomainId));
  await prisma.$transaction(async (tx) => {
    const domain = await tx.sendingDomain.findFirst({
      where: { id: sendingDomainId, workspaceId: ctx.workspace.id },
      select: { id: true, credential: { select: { id: true } } },
    });
    if (!domain) throw new SendingDomainError("not-found", SENDING_DOMAIN_NOT_FOUND);
    const fields = {
      host: input.host,
      port: input.port,
      tlsMode: input.tlsMode,
      username: input.username,
      passwordCiphertext: sealed.ciphertext,
      passwordKeyId: sealed.keyId,
    };
    await tx.smtpCredential.upsert({
      where: { sendingDomainId },
      create: { sendingDomainId, ...fields },
      update: { ...fields, rotatedAt: new Date() },
    });
    // No expected version here (no page calls this), but pages open on the domain must see a change.
    const { version } = await tx.sendingDomain.update({
      where: { id: sendingDomainId },
      data: { version: { increment: 1 } },
      select: { version: true },
    });
    await recordAuditEvent(tx, ctx, {
      action: domain.credential ? "smtp_credential.replaced" : "smtp_credential.created",
      targetType: "sending_domain",
      targetId: sendingDomainId,
      details: { host: input.host, port: input.port, username: input.username, version },
    });
  });
}

/** The stored SMTP password, for the server's own use when it sends. Never hand it to the UI. */
export async function readSmtpPassword(
  prisma: PrismaClient,
  keyring: Keyring,
  workspaceId: string,
  sendingDomainId: string,
): Promise<Secret | null> {
  const credential = await prisma.smtpCredential.findFirst({
    where: { sendingDomainId, sendingDomain: { workspaceId } },
    select: { passwordCiphertext: true, passwordKeyId: true },
  });
  if (!credential) return null;
  return openSecret(
    keyring,
    { keyId: credential.passwordKeyId, ciphertext: credential.passwordCiphertext },
    smtpCredentialContext(sendingDomainId),
  );
}
