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
 * that restarts once it has passed). One statement: the database function
 * take_test_send_allowance (see its migration) counts both, or neither when one has run out.
 */
export async function takeTestSendAllowance(
  prisma: PrismaClient,
  ids: { userId: string; workspaceId: string },
  limits: Limits = TEST_SEND_LIMITS,
): Promise<TestSendAllowance> {
  const scopes = ["user", "workspace"] as const;
  const keys = [`user:${ids.userId}`, `workspace:${ids.workspaceId}`];
  const maxes = scopes.map((scope) => limits[scope].max);
  const windows = scopes.map((scope) => limits[scope].windowSeconds);
  const refusals = await prisma.$queryRaw<{ refused_index: number; retry_after: number }[]>`
    SELECT refused_index, retry_after FROM take_test_send_allowance(${keys}::text[], ${maxes}::int[], ${windows}::int[])`;
  const refusal = refusals[0];
  if (!refusal) return { ok: true };
  const scope = scopes[refusal.refused_index - 1]!;
  const { max, windowSeconds } = limits[scope];
  const retryAfterSeconds = Math.max(1, Math.round(refusal.retry_after));
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
