// The latest AWS account check per workspace and region: plain findings (no secrets), kept so
// pages can show sandbox status and the account's MaxSendRate without calling AWS on every view.
import type { AccountCheckReport } from "../aws/check-types";
import type { PrismaClient } from "../db/client";
import type { Prisma } from "../generated/prisma/client";

export interface StoredAccountCheck {
  report: AccountCheckReport;
  checkedAt: Date;
}

/** What the sending-rate form needs from the latest check of a region. */
export interface AccountSendingLimits {
  sandbox: boolean | null;
  maxSendRate: number | null;
  checkedAt: string;
}

export async function saveAccountCheck(
  prisma: PrismaClient,
  workspaceId: string,
  report: AccountCheckReport,
): Promise<void> {
  const data = { report: report as unknown as Prisma.InputJsonObject, checkedAt: new Date(report.checkedAt) };
  await prisma.awsAccountCheck.upsert({
    where: { workspaceId_region: { workspaceId, region: report.region } },
    create: { workspaceId, region: report.region, ...data },
    update: data,
  });
}

export async function getLatestAccountCheck(
  prisma: PrismaClient,
  workspaceId: string,
  region: string,
): Promise<StoredAccountCheck | null> {
  const row = await prisma.awsAccountCheck.findUnique({
    where: { workspaceId_region: { workspaceId, region } },
    select: { report: true, checkedAt: true },
  });
  return row ? { report: row.report as unknown as AccountCheckReport, checkedAt: row.checkedAt } : null;
}

export function sendingLimitsOf(check: StoredAccountCheck | null): AccountSendingLimits | undefined {
  const account = check?.report.account;
  if (!check || !account) return undefined;
  return {
    sandbox: account.productionAccess === null ? null : !account.productionAccess,
    maxSendRate: account.quota?.maxSendRate ?? null,
    checkedAt: check.checkedAt.toISOString(),
  };
}

/** The latest report of every region the workspace has checked, by region. */
export async function listLatestAccountChecks(
  prisma: PrismaClient,
  workspaceId: string,
): Promise<Record<string, AccountCheckReport>> {
  const rows = await prisma.awsAccountCheck.findMany({
    where: { workspaceId },
    select: { region: true, report: true },
  });
  return Object.fromEntries(rows.map((row) => [row.region, row.report as unknown as AccountCheckReport]));
}
