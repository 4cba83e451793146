// The setup of a sending domain as the wizard and the domain page drive it: test settings before
// they are saved (without retyping anything), save them with the password sealed, send more tests
// with the stored credential, and replace credentials only with ones that passed a test.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Keyring } from "../crypto/keyring";
import type { Secret } from "../crypto/secret";
import { openSecret, sealSecret, smtpCredentialContext } from "../crypto/secret-box";
import { recordAuditEvent } from "../data/audit";
import {
  changeAtVersion,
  missingSendingDomainError,
  SendingDomainError,
  updateAtVersion,
} from "../data/sending-domains";
import {
  attachTestSend,
  findUnattachedTestSend,
  fingerprintMatches,
  fingerprintSettings,
  recordTestSend,
  type TestedSettings,
} from "../data/test-sends";
import type { PrismaClient } from "../db/client";
import { Prisma } from "../generated/prisma/client";
import type { SendingDomainStatus } from "../generated/prisma/enums";
import {
  claimSendMoment,
  markSendAnswered,
  reserveSendSlot,
  sleepUnlessAborted as sleep,
} from "../sending/send-rate-limit";
import { runTestSend, type TestSendResult, type TestSendStage } from "../sending/test-send";
import type { SmtpRouter } from "../sending/smtp-routing";
import type { SesSmtpSettings } from "../ses/credential-checks";
import { tlsModeForPort } from "../ses/ports";
import type { Runtime } from "../runtime";
import { NotSignedInError, resolveSessionContext } from "../auth/session";
import type { WorkspaceContext } from "../workspace/context";
import type { TestSendOutcomeView } from "./test-send-events";

export interface SetupDeps {
  prisma: PrismaClient;
  keyring: Keyring;
  route: SmtpRouter;
  /** Test sends in tests use short timeouts; the app uses the sender's defaults. */
  timeouts?: Parameters<typeof runTestSend>[0]["timeouts"];
}

export const testRecipientSchema = z
  .string({ error: "Enter the address to send the test email to." })
  // Length checked on strings only: zod runs length checks on any value with a `length` (see requests.ts).
  .pipe(z.string().trim().max(254, "An email address is at most 254 characters."))
  .pipe(z.email("Enter a valid email address for the test, e.g. you@example.com."));

function toView(result: TestSendResult): TestSendOutcomeView {
  return {
    ok: result.ok,
    stages: result.stages,
    messageId: result.messageId,
    reply: result.reply,
    diagnosis: result.diagnosis,
    transcript: result.transcript,
    startedAt: result.startedAt.toISOString(),
    durationMs: result.durationMs,
  };
}

async function sendAndRecord(
  deps: SetupDeps,
  ctx: WorkspaceContext,
  settings: TestedSettings,
  to: string,
  record: { sendingDomainId?: string; fingerprint?: string },
  onStage?: (stage: TestSendStage) => void,
  signal?: AbortSignal,
  /**
   * The domain's sending rate (saved domains): each attempt (retries follow a 454 rate reply)
   * reserves the next send slot, connects shortly before it, and at the slot claims the moment
   * the message goes, which a late previous send may push back; SES's answer is noted as it comes.
   */
  pacing?: {
    reserveSlot: () => Promise<{ waitMs: number }>;
    /** null: the previous message is not answered yet (at rates below 2/s); ask again shortly. */
    claimMoment: () => Promise<{ waitMs: number | null }>;
    markAnswered: () => Promise<void>;
  },
): Promise<{ testSendId: string; result: TestSendOutcomeView }> {
  const tlsMode = tlsModeForPort(settings.port);
  if (!tlsMode) throw new RangeError(`Amazon SES does not offer SMTP on port ${settings.port}.`);
  const attempt = async () => {
    let beforeMessage: (() => Promise<number>) | undefined;
    // Settles with an error or undefined, so a failure waits for the send to end before it is thrown.
    let answered: Promise<unknown> | undefined;
    let claimed = false;
    const markAnswered = () =>
      pacing!.markAnswered().then(
        () => undefined,
        (error: unknown) => error ?? new Error("Noting SES's answer failed."),
      );
    const stageSeen = (stage: TestSendStage) => {
      // SES's reply to the message (or the failure that ended it): noted at once.
      if (claimed && !answered && stage.name === "data" && stage.status !== "skipped") answered = markAnswered();
      onStage?.(stage);
    };
    if (pacing) {
      const slotAt = Date.now() + (await pacing.reserveSlot()).waitMs;
      // Most of the wait happens before connecting: an SMTP connection is not kept idle for long.
      await sleep(slotAt - Date.now() - HANDSHAKE_LEAD_MS, signal);
      beforeMessage = async () => {
        const toSlot = Math.max(0, slotAt - Date.now());
        await sleep(toSlot, signal);
        const asked = Date.now();
        let { waitMs } = await pacing.claimMoment();
        const polled = waitMs === null;
        while (waitMs === null && !signal?.aborted) {
          await sleep(ANSWER_POLL_MS, signal);
          ({ waitMs } = await pacing.claimMoment());
        }
        claimed = waitMs !== null;
        const heldBack = (polled ? Date.now() - asked : 0) + (waitMs ?? 0);
        await sleep(waitMs ?? 0, signal);
        return toSlot + heldBack;
      };
    }
    const result = await runTestSend({
      host: settings.host,
      port: settings.port,
      username: settings.username,
      password: settings.password,
      from: settings.fromAddress,
      to: [to],
      subject: `Inflowave test email for ${settings.domain}`,
      region: settings.region,
      route: deps.route(settings.host, tlsMode),
      timeouts: deps.timeouts,
      onStage: stageSeen,
      beforeMessage,
      signal,
    });
    // A send that ended without a reply to its message (cancelled, cut off) still lets the next go.
    if (claimed && !answered) answered = markAnswered();
    const failure = await answered;
    if (failure) throw failure;
    return result;
  };
  let result = await attempt();
  // SES's "454 Throttling failure: Maximum sending rate exceeded" means "not now": back off and try
  // again, so a rate-limited send is neither lost nor reported as failed settings. Saved domains only:
  // the wizard shows the throttle itself, which is what a person testing the sandbox needs to see.
  for (let retry = 1; pacing && retry <= RATE_RETRIES && isRateThrottle(result) && !signal?.aborted; retry++) {
    await sleep(RATE_RETRY_BACKOFF_MS * retry, signal);
    result = await attempt();
  }
  const testSendId = await recordTestSend(deps.prisma, ctx, {
    sendingDomainId: record.sendingDomainId,
    settingsFingerprint: record.fingerprint,
    fromAddress: settings.fromAddress,
    toAddress: to,
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    outcome: result.ok ? "sent" : "failed",
    smtpReply: result.reply,
    sesMessageId: result.messageId,
    diagnosisCause: result.diagnosis?.cause,
    stages: result.stages,
    transcript: result.transcript,
  });
  return { testSendId, result: toView(result) };
}

const RATE_RETRIES = 3;
/** How long before its send slot an attempt starts connecting: enough for TCP, TLS and AUTH. */
const HANDSHAKE_LEAD_MS = 1_500;
const RATE_RETRY_BACKOFF_MS = 1_000;
/** How often a send asks again whether the previous message was answered (rates below 2/s). */
const ANSWER_POLL_MS = 20;

function isRateThrottle(result: TestSendResult): boolean {
  return !result.ok && result.diagnosis?.cause === "max-send-rate-exceeded";
}

/** Tests settings that are not saved yet. The result can be attached to the domain when it is saved. */
export async function testUnsavedSettings(
  deps: SetupDeps,
  ctx: WorkspaceContext,
  settings: SesSmtpSettings,
  to: string,
  onStage?: (stage: TestSendStage) => void,
  signal?: AbortSignal,
) {
  const fingerprint = fingerprintSettings(deps.keyring, settings);
  return sendAndRecord(deps, ctx, settings, to, { fingerprint }, onStage, signal);
}

/** The stored settings of a domain, password opened, for the server's own use. */
async function storedSettings(deps: SetupDeps, workspaceId: string, sendingDomainId: string) {
  if (!z.uuid().safeParse(sendingDomainId).success) return null;
  const domain = await deps.prisma.sendingDomain.findFirst({
    where: { id: sendingDomainId, workspaceId },
    include: { credential: true },
  });
  if (!domain?.credential) return null;
  const password = openSecret(
    deps.keyring,
    { keyId: domain.credential.passwordKeyId, ciphertext: domain.credential.passwordCiphertext },
    smtpCredentialContext(domain.id),
  );
  return { domain, credential: domain.credential, password };
}

/**
 * Sends a test with a saved domain's stored credential. A pass marks a domain that needed
 * attention as verified again; a failure marks it as needing attention.
 */
export async function testSavedSendingDomain(
  deps: SetupDeps,
  ctx: WorkspaceContext,
  sendingDomainId: string,
  input: { to: string },
  onStage?: (stage: TestSendStage) => void,
  signal?: AbortSignal,
) {
  const stored = await storedSettings(deps, ctx.workspace.id, sendingDomainId);
  if (!stored) return null;
  const { domain, credential, password } = stored;
  const sent = await sendAndRecord(
    deps,
    ctx,
    {
      domain: domain.domain,
      fromAddress: domain.fromAddress,
      region: domain.region,
      host: credential.host,
      port: credential.port,
      username: credential.username,
      password,
    },
    input.to,
    { sendingDomainId },
    onStage,
    signal,
    // Tests of a saved domain count against its sending rate like any other email through it.
    {
      reserveSlot: () => reserveSendSlot(deps.prisma, ctx.workspace.id, domain.id),
      claimMoment: () => claimSendMoment(deps.prisma, ctx.workspace.id, domain.id),
      markAnswered: () => markSendAnswered(deps.prisma, ctx.workspace.id, domain.id),
    },
  );
  // A cancelled test or a passing throttle says nothing about the settings: the status stays.
  const verdict = sent.result.ok || (!signal?.aborted && sent.result.diagnosis && !sent.result.diagnosis.retryable);
  await deps.prisma.$transaction(async (tx) => {
    let marked: { status: SendingDomainStatus; version: number } | undefined;
    if (verdict) {
      const status: SendingDomainStatus = sent.result.ok ? "verified" : "needs_attention";
      // Only if the credential tested is still the one stored: a replacement meanwhile has its own
      // verdict. A new version only when the status really changes: pages open on the domain then
      // show something out of date; a test that changes nothing leaves their changes possible.
      const [changed] = await tx.sendingDomain.updateManyAndReturn({
        where: {
          id: domain.id,
          workspaceId: ctx.workspace.id,
          status: { not: status },
          credential: { rotatedAt: credential.rotatedAt },
        },
        data: { status, version: { increment: 1 } },
        select: { version: true },
      });
      if (changed) marked = { status, version: changed.version };
    }
    await recordTested(tx, ctx, domain.id, "stored", sent, marked);
  });
  return sent;
}

/**
 * Who tested a saved domain (its stored credentials, or candidates for replacing them) and how it
 * went; `marked` when the test changed the domain's status, with the version that produced.
 */
async function recordTested(
  db: PrismaClient | Prisma.TransactionClient,
  ctx: WorkspaceContext,
  sendingDomainId: string,
  credentials: "stored" | "replacement",
  sent: { testSendId: string; result: TestSendOutcomeView },
  marked?: { status: SendingDomainStatus; version: number },
) {
  await recordAuditEvent(db, ctx, {
    action: "sending_domain.tested",
    targetType: "sending_domain",
    targetId: sendingDomainId,
    details: {
      credentials,
      outcome: sent.result.ok ? "sent" : "failed",
      testSendId: sent.testSendId,
      ...(sent.result.diagnosis ? { cause: sent.result.diagnosis.cause } : {}),
      ...(marked ?? {}),
    },
  });
}

export interface SavedSendingDomain {
  sendingDomainId: string;
  status: SendingDomainStatus;
  /** Whether the settings saved are exactly the ones that passed a test. */
  tested: "passed" | "failed" | "untested";
}

/**
 * Saves a new sending domain with its credential. It is "verified" only when the test it refers
 * to passed with exactly these settings; otherwise it is saved as needing attention.
 */
export async function addSendingDomain(
  deps: SetupDeps,
  ctx: WorkspaceContext,
  settings: SesSmtpSettings,
  testSendId?: string,
): Promise<SavedSendingDomain> {
  const sendingDomainId = randomUUID();
  const sealed = sealSecret(deps.keyring, settings.password, smtpCredentialContext(sendingDomainId));
  try {
    return await deps.prisma.$transaction(async (tx) => {
      const test = testSendId ? await findUnattachedTestSend(tx, ctx.workspace.id, testSendId) : null;
      const tested: SavedSendingDomain["tested"] =
        test && fingerprintMatches(deps.keyring, test.settingsFingerprint, settings)
          ? test.outcome === "sent"
            ? "passed"
            : "failed"
          : "untested";
      const status: SendingDomainStatus = tested === "passed" ? "verified" : "needs_attention";
      await tx.sendingDomain.create({
        data: {
          id: sendingDomainId,
          workspaceId: ctx.workspace.id,
          domain: settings.domain,
          fromAddress: settings.fromAddress,
          region: settings.region,
          status,
          credential: {
            create: {
              host: settings.host,
              port: settings.port,
              tlsMode: settings.tlsMode,
              username: settings.username,
              passwordCiphertext: sealed.ciphertext,
              passwordKeyId: sealed.keyId,
            },
          },
        },
      });
      if (test && tested !== "untested" && !(await attachTestSend(tx, ctx.workspace.id, test.id, sendingDomainId))) {
        throw new TestAlreadyUsedError();
      }
      await recordAuditEvent(tx, ctx, {
        action: "sending_domain.created",
        targetType: "sending_domain",
        targetId: sendingDomainId,
        details: { domain: settings.domain, region: settings.region, status, tested },
      });
      await recordAuditEvent(tx, ctx, {
        action: "smtp_credential.created",
        targetType: "sending_domain",
        targetId: sendingDomainId,
        details: { host: settings.host, port: settings.port, username: settings.username },
      });
      return { sendingDomainId, status, tested };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new SendingDomainError("domain-taken", `${settings.domain} is already a sending domain in this workspace.`);
    }
    throw error;
  }
}

/** Two saves raced for the same passing test; the loser saves nothing and can simply save again. */
export class TestAlreadyUsedError extends Error {
  override name = "TestAlreadyUsedError";
  constructor() {
    super("That test was already used to save a sending domain. Send a new test, then save.");
  }
}

export class CredentialReplacementError extends Error {
  override name = "CredentialReplacementError";
}

export interface ReplacementCredential {
  host: string;
  port: number;
  username: string;
  password: Secret;
}

/** The settings a replacement would run with: the domain's, with the new connection and login. */
export async function replacementSettings(
  deps: SetupDeps,
  workspaceId: string,
  sendingDomainId: string,
  replacement: ReplacementCredential,
): Promise<TestedSettings | null> {
  if (!z.uuid().safeParse(sendingDomainId).success) return null;
  const domain = await deps.prisma.sendingDomain.findFirst({
    where: { id: sendingDomainId, workspaceId },
    select: { domain: true, fromAddress: true, region: true, credential: { select: { id: true } } },
  });
  if (!domain?.credential) return null;
  return {
    domain: domain.domain,
    fromAddress: domain.fromAddress,
    region: domain.region,
    host: replacement.host,
    port: replacement.port,
    username: replacement.username,
    password: replacement.password,
  };
}

/** Tests replacement credentials for a saved domain; the stored ones stay in use meanwhile. */
export async function testReplacementCredential(
  deps: SetupDeps,
  ctx: WorkspaceContext,
  sendingDomainId: string,
  replacement: ReplacementCredential,
  to: string,
  onStage?: (stage: TestSendStage) => void,
  signal?: AbortSignal,
) {
  const settings = await replacementSettings(deps, ctx.workspace.id, sendingDomainId, replacement);
  if (!settings) return null;
  const fingerprint = fingerprintSettings(deps.keyring, settings);
  const sent = await sendAndRecord(deps, ctx, settings, to, { fingerprint }, onStage, signal);
  await recordTested(deps.prisma, ctx, sendingDomainId, "replacement", sent);
  return sent;
}

/**
 * Replaces a domain's credential with new ones that passed a test with exactly these values, if
 * the domain is still at the version the person saw. Until then the old credential stays in use,
 * so a typo never takes a working domain down.
 */
export async function replaceSmtpCredential(
  deps: SetupDeps,
  ctx: WorkspaceContext,
  sendingDomainId: string,
  replacement: ReplacementCredential,
  testSendId: string,
  expectedVersion: number,
): Promise<void> {
  const settings = await replacementSettings(deps, ctx.workspace.id, sendingDomainId, replacement);
  if (!settings) throw await missingSendingDomainError(deps.prisma, ctx, sendingDomainId, "credentials");
  const tlsMode = tlsModeForPort(replacement.port);
  if (!tlsMode) throw new CredentialReplacementError(`Amazon SES does not offer SMTP on port ${replacement.port}.`);
  const sealed = sealSecret(deps.keyring, replacement.password, smtpCredentialContext(sendingDomainId));
  await changeAtVersion(deps.prisma, ctx, sendingDomainId, expectedVersion, "credentials", async (tx) => {
    // First, so a concurrent change to the domain waits for this one (or this one for it).
    const version = await updateAtVersion(tx, ctx, sendingDomainId, expectedVersion, { status: "verified" });
    const test = await findUnattachedTestSend(tx, ctx.workspace.id, testSendId);
    if (!test || test.outcome !== "sent" || !fingerprintMatches(deps.keyring, test.settingsFingerprint, settings)) {
      throw new CredentialReplacementError(
        "Send a test that passes with the new credentials first. Until then the current credentials stay in use.",
      );
    }
    await tx.smtpCredential.update({
      where: { sendingDomainId },
      data: {
        host: replacement.host,
        port: replacement.port,
        tlsMode,
        username: replacement.username,
        passwordCiphertext: sealed.ciphertext,
        passwordKeyId: sealed.keyId,
        rotatedAt: new Date(),
      },
    });
    if (!(await attachTestSend(tx, ctx.workspace.id, test.id, sendingDomainId))) {
      throw new CredentialReplacementError("That test was already used. Send a new test with the new credentials.");
    }
    await recordAuditEvent(tx, ctx, {
      action: "smtp_credential.replaced",
      targetType: "sending_domain",
      targetId: sendingDomainId,
      details: { host: replacement.host, port: replacement.port, username: replacement.username, version },
    });
  });
}

/**
 * The services and the signed-in user that every setup entry point (route handler, action)
 * starts from. Throws NotSignedInError without a valid session.
 */
export async function openSetupScope(runtime: Runtime, headers: Headers) {
  const deps: SetupDeps = { prisma: runtime.db.prisma, keyring: runtime.keyring(), route: runtime.smtpRouter };
  const ctx = await resolveSessionContext(deps.prisma, runtime.auth(), headers);
  if (!ctx) throw new NotSignedInError();
  return { runtime, deps, ctx };
}
