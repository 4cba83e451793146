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
 * Counts one test send against the person's and the workspace's allowance, in one statement per
 * key (a fixed window that restarts once it has passed). A refused attempt is not counted.
 */
export async function takeTestSendAllowance(
  prisma: PrismaClient,
  ids: { userId: string; workspaceId: string },
  limits: {
    user: { max: number; windowSeconds: number };
    workspace: { max: number; windowSeconds: number };
  } = TEST_SEND_LIMITS,
): Promise<TestSendAllowance> {
  return prisma
    .$transaction(async (tx) => {
      for (const scope of ["user", "workspace"] as const) {
        const { max, windowSeconds } = limits[scope];
        const key = `${scope}:${scope === "user" ? ids.userId : ids.workspaceId}`;
        const rows = await tx.$queryRaw<{ count: number; retry_after: number }[]>`
        INSERT INTO "TestSendAllowance" ("key", "windowStart", "count")
        VALUES (${key}, clock_timestamp(), 1)
        ON CONFLICT ("key") DO UPDATE SET
          "windowStart" = CASE WHEN "TestSendAllowance"."windowStart" <= clock_timestamp() - make_interval(secs => ${windowSeconds})
            THEN clock_timestamp() ELSE "TestSendAllowance"."windowStart" END,
          "count" = CASE WHEN "TestSendAllowance"."windowStart" <= clock_timestamp() - make_interval(secs => ${windowSeconds})
            THEN 1 ELSE "TestSendAllowance"."count" + 1 END
        RETURNING "count",
          CEIL(EXTRACT(EPOCH FROM ("windowStart" + make_interval(secs => ${windowSeconds}) - clock_timestamp())))::float8 AS retry_after`;
        const row = rows[0]!;
        if (row.count > max) {
          const retryAfterSeconds = Math.max(1, Math.round(row.retry_after));
          // Undo this attempt's count: the whole transaction rolls back.
          throw new AllowanceExceeded({
            ok: false,
            scope,
            retryAfterSeconds,
            message:
              scope === "user"
                ? `You have sent ${max} test emails in the last ${describeWindow(windowSeconds)}, the most one person may. Try again in ${describeWait(retryAfterSeconds)}.`
                : `Your workspace has sent ${max} test emails in the last ${describeWindow(windowSeconds)}, the most it may. Try again in ${describeWait(retryAfterSeconds)}.`,
          });
        }
      }
      return { ok: true } as const;
    })
    .catch((error: unknown) => {
      if (error instanceof AllowanceExceeded) return error.refusal;
      throw error;
    });
}

class AllowanceExceeded extends Error {
  constructor(readonly refusal: Extract<TestSendAllowance, { ok: false }>) {
    super(refusal.message);
  }
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
