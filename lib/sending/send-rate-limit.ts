import type { PrismaClient } from "../db/client";
import { Prisma } from "../generated/prisma/client";

/** SQL: the time between two messages through a domain at its rate, from its "SendingDomain" row. */
const SEND_GAP = Prisma.raw(`make_interval(secs => 1.0 / GREATEST("maxSendRate", 0.001))`);

/**
 * A per-domain send-rate limiter kept in the database, so that every app instance obeys one
 * limit (SES counts per account and region, not per process). Each send reserves the next free
 * slot in a single statement — the row lock orders concurrent reservations — and waits until it.
 * Slots are 1 / maxSendRate seconds apart, so sends never burst above the rate.
 */
export async function reserveSendSlot(prisma: PrismaClient, workspaceId: string, sendingDomainId: string) {
  const rows = await prisma.$queryRaw<{ wait_ms: number; slot_at_ms: number }[]>`
    WITH d AS (
      SELECT id, ${SEND_GAP} AS gap
      FROM "SendingDomain" WHERE id = ${sendingDomainId}::uuid AND "workspaceId" = ${workspaceId}::uuid
    )
    INSERT INTO "SendingRateLimit" ("sendingDomainId", "nextSlotAt")
    SELECT id, clock_timestamp() + gap FROM d
    ON CONFLICT ("sendingDomainId") DO UPDATE
      SET "nextSlotAt" = GREATEST("SendingRateLimit"."nextSlotAt", clock_timestamp()) + (SELECT gap FROM d)
    RETURNING
      GREATEST(EXTRACT(EPOCH FROM ("nextSlotAt" - (SELECT gap FROM d) - clock_timestamp())) * 1000, 0)::float8 AS wait_ms,
      (EXTRACT(EPOCH FROM ("nextSlotAt" - (SELECT gap FROM d))) * 1000)::float8 AS slot_at_ms`;
  const row = rows[0];
  if (!row) throw new Error("This sending domain does not exist in your workspace.");
  return { waitMs: row.wait_ms, slotAt: new Date(row.slot_at_ms) };
}

/**
 * Claims the moment a message goes out, right before MAIL FROM: no sooner than one gap after the
 * previous message through the domain actually went. A reserved slot says when to be ready; a
 * send that ran late (a slow handshake, a busy machine) would otherwise be followed by one on
 * time, closer than the rate allows — and at one a second SES then answers 454.
 *
 * SES's bucket holds one second of sending: below two a second it has no room for a message
 * that arrives early, and SES counts a message somewhere between MAIL FROM and its reply. So
 * there, while the previous message is still unanswered (for at most 30 seconds: its sender may
 * have died), nothing is claimed and `waitMs` is null — ask again shortly; once answered, the
 * next one goes a full gap after the answer (see markSendAnswered). At higher rates the
 * bucket's spare room absorbs the difference. The row exists: the slot was reserved first.
 */
export async function claimSendMoment(
  prisma: PrismaClient,
  workspaceId: string,
  sendingDomainId: string,
): Promise<{ waitMs: number | null }> {
  const rows = await prisma.$queryRaw<{ wait_ms: number }[]>`
    WITH d AS (
      SELECT id, "maxSendRate" < 2 AS strict, ${SEND_GAP} AS gap
      FROM "SendingDomain" WHERE id = ${sendingDomainId}::uuid AND "workspaceId" = ${workspaceId}::uuid
    )
    UPDATE "SendingRateLimit" r
      SET "lastSentAt" = GREATEST(clock_timestamp(), COALESCE(r."lastSentAt" + d.gap, clock_timestamp()))
    FROM d
    WHERE r."sendingDomainId" = d.id
      AND NOT (
        d.strict AND r."lastSentAt" IS NOT NULL
        AND r."lastSentAt" > COALESCE(r."lastAnsweredAt", '-infinity')
        AND r."lastSentAt" > clock_timestamp() - interval '30 seconds'
      )
    RETURNING GREATEST(EXTRACT(EPOCH FROM (r."lastSentAt" - clock_timestamp())) * 1000, 0)::float8 AS wait_ms`;
  return { waitMs: rows[0]?.wait_ms ?? null };
}

/**
 * Notes that SES has answered a message through the domain (and so counted it, if it took it).
 * Below two a second (see claimSendMoment) the next message then waits a full gap after this
 * answer; at higher rates this holds nothing back.
 */
export async function markSendAnswered(prisma: PrismaClient, workspaceId: string, sendingDomainId: string) {
  await prisma.$executeRaw`
    UPDATE "SendingRateLimit" r
      SET "lastAnsweredAt" = d.now,
          "lastSentAt" = GREATEST(r."lastSentAt", d.now + d.gap - interval '1 second')
    FROM (
      SELECT id, clock_timestamp() AS now, ${SEND_GAP} AS gap
      FROM "SendingDomain" WHERE id = ${sendingDomainId}::uuid AND "workspaceId" = ${workspaceId}::uuid
    ) d
    WHERE r."sendingDomainId" = d.id`;
}

/** Reserves a slot and waits for it; an abort stops the wait (the slot stays spent). */
export async function waitForSendSlot(
  prisma: PrismaClient,
  workspaceId: string,
  sendingDomainId: string,
  signal?: AbortSignal,
): Promise<{ waitedMs: number }> {
  const { waitMs } = await reserveSendSlot(prisma, workspaceId, sendingDomainId);
  await sleepUnlessAborted(waitMs, signal);
  return { waitedMs: waitMs };
}

/** Waits `ms` (nothing for 0 or less), or until the signal aborts, whichever comes first. */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}
