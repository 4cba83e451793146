// How many test emails a person and a workspace may send: the test button sends real email
// through the customer's SES account, so it must not become a way to spam or to burn their
// reputation. Counted in the database, so the limits hold however many app instances run.
import type { PrismaClient } from "../db/client";

export const TEST_SEND_LIMITS = {
  /** Per person. */
  user: { max: 10, windowSeconds: 10 * 60 },
  /** Per workspace, all its people together. */
  workspace: { max: 30, windowSeconds: 10 * 60 },
} as const;

type Limits = { user: { max: number; windowSeconds: number }; workspace: { max: number; windowSeconds: number } };

/**
 * The limits from INFLOWAVE_TEST_SENDS_PER_USER and INFLOWAVE_TEST_SENDS_PER_WORKSPACE (tests per
 * ten minutes), or the defaults. A value that is not a positive whole number is ignored.
 */
export function testSendLimitsFrom(env: Readonly<Record<string, string | undefined>>): Limits {
  const read = (value: string | undefined, fallback: number) => {
    const n = Number(value);
    return value && Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return {
    user: { ...TEST_SEND_LIMITS.user, max: read(env.INFLOWAVE_TEST_SENDS_PER_USER, TEST_SEND_LIMITS.user.max) },
    workspace: {
      ...TEST_SEND_LIMITS.workspace,
      max: read(env.INFLOWAVE_TEST_SENDS_PER_WORKSPACE, TEST_SEND_LIMITS.workspace.max),
    },
  };
}

export type TestSendAllowance =
  { ok: true } | { ok: false; scope: "user" | "workspace"; retryAfterSeconds: number; message: string };

/**
 * Counts one test send against the person's and the workspace's allowance (a fixed window per key
 * that restarts once it has passed). A refused attempt is not counted.
 *
 * One statement decides and counts for both keys: it locks both rows (always in the same order),
 * so concurrent tests — from any app instance — are counted exactly, and the locks last only as
 * long as the statement. (An interactive transaction held them across four round trips, which
 * queued every test in a workspace behind the one before and, under load, made tests fail.)
 */
export async function takeTestSendAllowance(
  prisma: PrismaClient,
  ids: { userId: string; workspaceId: string },
  limits: {
    user: { max: number; windowSeconds: number };
    workspace: { max: number; windowSeconds: number };
  } = TEST_SEND_LIMITS,
): Promise<TestSendAllowance> {
  const userKey = `user:${ids.userId}`;
  const workspaceKey = `workspace:${ids.workspaceId}`;
  let rows = await countIfAllowed(prisma, userKey, workspaceKey, limits);
  if (rows.length < 2) {
    // A key's first test ever: create its row (counting nothing), then count as usual.
    await prisma.$executeRaw`
      INSERT INTO "TestSendAllowance" ("key", "windowStart", "count")
      VALUES (${userKey}, clock_timestamp(), 0), (${workspaceKey}, clock_timestamp(), 0)
      ON CONFLICT ("key") DO NOTHING`;
    rows = await countIfAllowed(prisma, userKey, workspaceKey, limits);
  }
  if (rows.length === 2 && rows[0]!.allowed) return { ok: true };
  for (const scope of ["user", "workspace"] as const) {
    const row = rows.find((r) => r.key === (scope === "user" ? userKey : workspaceKey));
    if (!row) throw new Error(`The test-send allowance of the ${scope} could not be counted.`);
    const { max, windowSeconds } = limits[scope];
    if (row.used + 1 <= max) continue;
    const retryAfterSeconds = Math.max(1, Math.round(row.retry_after));
    return {
      ok: false,
      scope,
      retryAfterSeconds,
      message:
        scope === "user"
          ? `You have sent ${max} test emails in the last ${describeWindow(windowSeconds)}, the most one person may. Try again in ${describeWait(retryAfterSeconds)}.`
          : `Your workspace has sent ${max} test emails in the last ${describeWindow(windowSeconds)}, the most it may. Try again in ${describeWait(retryAfterSeconds)}.`,
    };
  }
  throw new Error("The test-send allowance refused a test that fits in it.");
}

/**
 * Locks both keys' rows, works out each one's use in its current window, and counts the test in
 * both if both have room. `allowed` says whether it did; `used` is the use before this test.
 */
function countIfAllowed(
  prisma: PrismaClient,
  userKey: string,
  workspaceKey: string,
  limits: { user: { max: number; windowSeconds: number }; workspace: { max: number; windowSeconds: number } },
) {
  // FOR UPDATE returns the newest committed version of a row it had to wait for, so `used` is
  // never stale; the UPDATE takes its values from `current`, not from its own snapshot. A
  // data-modifying WITH runs whether or not the final SELECT reads it.
  return prisma.$queryRaw<{ key: string; used: number; retry_after: number; allowed: boolean }[]>`
    WITH wanted ("key", "max", "secs") AS (
      VALUES (${userKey}, ${limits.user.max}::int, ${limits.user.windowSeconds}::float8),
             (${workspaceKey}, ${limits.workspace.max}::int, ${limits.workspace.windowSeconds}::float8)
    ),
    locked AS (
      SELECT a."key", a."windowStart", a."count"
      FROM "TestSendAllowance" a
      WHERE a."key" IN (${userKey}, ${workspaceKey})
      ORDER BY a."key"
      FOR UPDATE
    ),
    current AS (
      SELECT l."key", w."max",
        l."windowStart" <= clock_timestamp() - make_interval(secs => w."secs") AS expired,
        CASE WHEN l."windowStart" <= clock_timestamp() - make_interval(secs => w."secs") THEN 0 ELSE l."count" END AS used,
        CEIL(EXTRACT(EPOCH FROM (l."windowStart" + make_interval(secs => w."secs") - clock_timestamp())))::float8 AS retry_after
      FROM locked l JOIN wanted w ON w."key" = l."key"
    ),
    verdict AS (
      SELECT COUNT(*) = 2 AND bool_and(c.used + 1 <= c."max") AS allowed FROM current c
    ),
    counted AS (
      UPDATE "TestSendAllowance" t SET
        "windowStart" = CASE WHEN c.expired THEN clock_timestamp() ELSE t."windowStart" END,
        "count" = c.used + 1
      FROM current c, verdict v
      WHERE t."key" = c."key" AND v.allowed
      RETURNING t."key"
    )
    SELECT c."key", c.used::int AS used, c.retry_after, v.allowed
    FROM current c CROSS JOIN verdict v`;
}

function describeWindow(seconds: number): string {
  if (seconds % 60 !== 0) return `${seconds} seconds`;
  const minutes = seconds / 60;
  return minutes === 1 ? "minute" : `${minutes} minutes`;
}

function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
