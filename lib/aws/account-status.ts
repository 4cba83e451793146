// The account-level part of the checks: sandbox or production, whether sending is enabled or
// paused, and the sending quota. SES v2 GetAccount says all of it in one call. When the key may
// not call it, SES v1 GetSendQuota and GetAccountSendingEnabled say most of it; v1 has no sandbox
// flag, so the sandbox's documented quota (200 a day, 1 a second) is read as "probably the sandbox".
import { GetAccountSendingEnabledCommand, GetSendQuotaCommand, type SESClient } from "@aws-sdk/client-ses";
import { GetAccountCommand, type GetAccountCommandOutput, type SESv2Client } from "@aws-sdk/client-sesv2";
import { describeSesRegion } from "../ses/regions";
import { type AwsProblem, describeAwsError, KEY_PROBLEM_KINDS } from "./aws-errors";
import type { AccountCheck, AccountSnapshot } from "./check-types";
import { unavailableCheck } from "./check-results";

/** The documented sandbox quota. */
export const SANDBOX_QUOTA = { max24HourSend: 200, maxSendRate: 1 } as const;

/** A quota this full (or fuller) is worth a warning. */
const QUOTA_WARN_SHARE = 0.8;

export interface AccountRead {
  snapshot?: AccountSnapshot;
  /** Why GetAccount failed, when it did. */
  problem?: AwsProblem;
  /** Why the v1 fallback calls failed, when they were tried and did. */
  fallbackProblems: AwsProblem[];
  /** The key itself is unusable (unknown, wrong secret, expired, missing): nothing else can run. */
  keyProblem?: AwsProblem;
}

// Kinds after which the v1 fallback would only fail the same way.
const NO_FALLBACK = new Set<string>([...KEY_PROBLEM_KINDS, "throttled", "unreachable"]);

/** GetAccount, or the v1 calls when GetAccount is refused. Never throws for AWS errors. */
export async function readAccount(ses: SESClient, sesv2: SESv2Client): Promise<AccountRead> {
  let problem: AwsProblem;
  try {
    return { snapshot: snapshotFromGetAccount(await sesv2.send(new GetAccountCommand({}))), fallbackProblems: [] };
  } catch (error) {
    problem = describeAwsError(error, "ses:GetAccount");
  }
  if (NO_FALLBACK.has(problem.kind)) {
    const keyProblem = (KEY_PROBLEM_KINDS as readonly string[]).includes(problem.kind) ? problem : undefined;
    return { problem, fallbackProblems: [], ...(keyProblem ? { keyProblem } : {}) };
  }
  // One call after the other: SES allows about one account request a second.
  const fallbackProblems: AwsProblem[] = [];
  let quota: AccountSnapshot["quota"];
  try {
    const out = await ses.send(new GetSendQuotaCommand({}));
    quota = {
      max24HourSend: out.Max24HourSend ?? 0,
      maxSendRate: out.MaxSendRate ?? 0,
      sentLast24Hours: out.SentLast24Hours ?? 0,
    };
  } catch (error) {
    fallbackProblems.push(describeAwsError(error, "ses:GetSendQuota"));
  }
  let sendingEnabled: boolean | null = null;
  try {
    sendingEnabled = (await ses.send(new GetAccountSendingEnabledCommand({}))).Enabled ?? null;
  } catch (error) {
    fallbackProblems.push(describeAwsError(error, "ses:GetAccountSendingEnabled"));
  }
  if (!quota && sendingEnabled === null) return { problem, fallbackProblems };
  const snapshot: AccountSnapshot = {
    source: "ses",
    productionAccess: quota ? !looksLikeSandboxQuota(quota) : null,
    productionAccessBasis: quota ? "quota-heuristic" : "unknown",
    sendingEnabled,
    ...(quota ? { quota } : {}),
  };
  return { snapshot, problem, fallbackProblems };
}

export function looksLikeSandboxQuota(quota: { max24HourSend: number; maxSendRate: number }): boolean {
  return quota.max24HourSend === SANDBOX_QUOTA.max24HourSend && quota.maxSendRate === SANDBOX_QUOTA.maxSendRate;
}

export function snapshotFromGetAccount(out: GetAccountCommandOutput): AccountSnapshot {
  const details = out.Details;
  const review = details?.ReviewDetails;
  const quota = out.SendQuota;
  return {
    source: "sesv2",
    productionAccess: out.ProductionAccessEnabled ?? null,
    productionAccessBasis: out.ProductionAccessEnabled === undefined ? "unknown" : "reported",
    sendingEnabled: out.SendingEnabled ?? null,
    ...(out.EnforcementStatus ? { enforcementStatus: out.EnforcementStatus } : {}),
    ...(review?.Status
      ? { review: { status: review.Status, ...(review.CaseId ? { caseId: review.CaseId } : {}) } }
      : {}),
    ...(details && hasAccountDetails(details)
      ? {
          details: dropUndefined({
            mailType: details.MailType,
            websiteUrl: details.WebsiteURL,
            useCaseDescription: details.UseCaseDescription,
            additionalContactEmailAddresses: details.AdditionalContactEmailAddresses
              ? [...details.AdditionalContactEmailAddresses]
              : undefined,
            contactLanguage: details.ContactLanguage,
          }),
        }
      : {}),
    ...(quota?.Max24HourSend !== undefined && quota.MaxSendRate !== undefined
      ? {
          quota: {
            max24HourSend: quota.Max24HourSend,
            maxSendRate: quota.MaxSendRate,
            sentLast24Hours: quota.SentLast24Hours ?? 0,
          },
        }
      : {}),
  };
}

function hasAccountDetails(details: NonNullable<GetAccountCommandOutput["Details"]>): boolean {
  return Boolean(
    details.MailType ||
    details.WebsiteURL ||
    details.UseCaseDescription ||
    details.AdditionalContactEmailAddresses?.length ||
    details.ContactLanguage,
  );
}

function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** The problem to show for a check that needed the account: GetAccount's, and the fallback's if tried. */
function accountProblem(read: AccountRead): { problem: AwsProblem; detail?: string } | undefined {
  if (!read.problem) return undefined;
  const [fallback] = read.fallbackProblems;
  if (!fallback) return { problem: read.problem };
  const also = read.fallbackProblems.map((problem) => problem.action).join(" and ");
  const how = read.fallbackProblems.every((problem) => problem.kind === "access-denied")
    ? "which the key may not call either"
    : `which failed too (${fallback.message})`;
  return { problem: read.problem, detail: `Inflowave also tried the older ${also}, ${how}.` };
}

const TITLES = {
  "production-access": "Production access",
  "sending-enabled": "Sending status",
  quota: "Sending quota",
} as const;

export function productionAccessCheck(read: AccountRead, region: string): AccountCheck {
  const id = "production-access";
  const title = TITLES[id];
  const where = describeSesRegion(region);
  const snapshot = read.snapshot;
  if (!snapshot || snapshot.productionAccess === null) {
    const failed = accountProblem(read);
    if (failed) return unavailableCheck(id, title, failed.problem, failed.detail);
    return {
      id,
      title,
      status: "unavailable",
      summary: "Not checked: AWS did not say whether the account is in the sandbox.",
    };
  }
  const sandboxLimits = `it can send only to verified addresses and domains, at most ${SANDBOX_QUOTA.max24HourSend} messages a day and ${SANDBOX_QUOTA.maxSendRate} a second`;
  if (snapshot.productionAccessBasis === "quota-heuristic") {
    const detail =
      "The key may not call ses:GetAccount, which says this for certain, so this is read from the sending quota " +
      `(the sandbox's is ${SANDBOX_QUOTA.max24HourSend} a day and ${SANDBOX_QUOTA.maxSendRate} a second).`;
    return snapshot.productionAccess
      ? {
          id,
          title,
          status: "pass",
          summary: `This account probably has production access in ${where}: its quota is above the sandbox's.`,
          detail,
        }
      : {
          id,
          title,
          status: "warn",
          summary: `This account is probably in the SES sandbox in ${where}: ${sandboxLimits}.`,
          detail,
          fix: "Request production access for this region (Inflowave can send the request for you).",
        };
  }
  if (snapshot.productionAccess) {
    return {
      id,
      title,
      status: "pass",
      summary: `This account has production access in ${where}: it can send to any address.`,
    };
  }
  const sandbox = `This account is in the SES sandbox in ${where}: ${sandboxLimits}.`;
  const review = snapshot.review;
  const caseText = review?.caseId ? ` (case ${review.caseId})` : "";
  switch (review?.status) {
    case "PENDING":
      return {
        id,
        title,
        status: "warn",
        summary: sandbox,
        detail: `A request for production access is being reviewed${caseText}.`,
        fix: "Wait for AWS's answer, usually within a day or two; it comes to the AWS account's email address and the Support Center case.",
      };
    case "DENIED":
      return {
        id,
        title,
        status: "warn",
        summary: sandbox,
        detail: `AWS denied the last request for production access${caseText}.`,
        fix: "Reply to the case in the AWS Support Center with more detail (sending volume, how you handle bounces and complaints, how people unsubscribe), or send a new, more specific request.",
      };
    case "FAILED":
      return {
        id,
        title,
        status: "warn",
        summary: sandbox,
        detail: `AWS could not process the last request for production access${caseText}.`,
        fix: "Send the request again.",
      };
    case "GRANTED":
      return {
        id,
        title,
        status: "warn",
        summary: sandbox,
        detail: `AWS granted the request for production access${caseText}, but the account still reports the sandbox; it can take a little while to apply.`,
        fix: "Run the checks again in a few minutes.",
      };
    default:
      return {
        id,
        title,
        status: "warn",
        summary: sandbox,
        fix: "Request production access for this region (Inflowave can send the request for you).",
      };
  }
}

export function sendingEnabledCheck(read: AccountRead, region: string): AccountCheck {
  const id = "sending-enabled";
  const title = TITLES[id];
  const where = describeSesRegion(region);
  const snapshot = read.snapshot;
  const enforcement = snapshot?.enforcementStatus;
  if (!snapshot || (snapshot.sendingEnabled === null && !enforcement)) {
    const v1Problem = read.fallbackProblems.find((problem) => problem.action === "ses:GetAccountSendingEnabled");
    const failed = snapshot && v1Problem ? { problem: v1Problem } : accountProblem(read);
    if (failed) return unavailableCheck(id, title, failed.problem, failed.detail);
    return { id, title, status: "unavailable", summary: "Not checked: AWS did not say whether sending is enabled." };
  }
  if (enforcement === "SHUTDOWN") {
    return {
      id,
      title,
      status: "fail",
      summary: `AWS has shut down sending for this account in ${where}.`,
      detail: "SES does this when bounce or complaint rates stayed too high after a probation period.",
      fix: "Read the notice AWS sent to the account's email address and the reputation page of the SES console; only AWS can lift a shutdown.",
    };
  }
  if (snapshot.sendingEnabled === false) {
    return {
      id,
      title,
      status: "fail",
      summary: `Sending is paused for this account in ${where}: SES rejects every message.`,
      detail:
        "AWS pauses an account when its bounce or complaint rate is too high; an administrator can also pause it on purpose.",
      fix: "Read the notice AWS sent to the account's email address and the reputation page of the SES console. If someone paused sending on purpose, re-enable it there.",
    };
  }
  if (enforcement === "PROBATION") {
    return {
      id,
      title,
      status: "warn",
      summary: `Sending works, but the account is on probation in ${where} because of its bounce or complaint rate.`,
      fix: "Remove addresses that bounce, make unsubscribing easy, and watch the reputation page of the SES console; if the rates do not improve, AWS pauses sending.",
    };
  }
  return {
    id,
    title,
    status: "pass",
    summary: `Sending is enabled for this account in ${where}${enforcement === "HEALTHY" ? " and its reputation is healthy" : ""}.`,
  };
}

export function quotaCheck(read: AccountRead, region: string): AccountCheck {
  const id = "quota";
  const title = TITLES[id];
  const where = describeSesRegion(region);
  const quota = read.snapshot?.quota;
  if (!quota) {
    const v1Problem = read.fallbackProblems.find((problem) => problem.action === "ses:GetSendQuota");
    const failed = read.snapshot && v1Problem ? { problem: v1Problem } : accountProblem(read);
    if (failed) return unavailableCheck(id, title, failed.problem, failed.detail);
    return { id, title, status: "unavailable", summary: "Not checked: AWS did not report the sending quota." };
  }
  const { max24HourSend: max, maxSendRate: rate, sentLast24Hours: sent } = quota;
  const rateText = rate < 0 ? "no limit per second" : `up to ${formatNumber(rate)} a second`;
  if (max < 0) {
    return {
      id,
      title,
      status: "pass",
      summary: `${formatNumber(sent)} messages sent in the last 24 hours in ${where}, with no daily limit and ${rateText}.`,
    };
  }
  const summary = `${formatNumber(sent)} of ${formatNumber(max)} messages sent in the last 24 hours in ${where}, ${rateText}.`;
  if (sent >= max) {
    return {
      id,
      title,
      status: "fail",
      summary,
      detail:
        "The daily quota is used up: SES answers every send with 454 Throttling failure: Daily message quota exceeded.",
      fix: "Wait until older messages drop out of the rolling 24-hour window, or ask AWS for a higher quota in the Service Quotas console.",
    };
  }
  if (sent >= max * QUOTA_WARN_SHARE) {
    return {
      id,
      title,
      status: "warn",
      summary,
      detail: `More than ${Math.round(QUOTA_WARN_SHARE * 100)}% of the daily quota is used.`,
      fix: "Ask AWS for a higher quota in the Service Quotas console before a campaign.",
    };
  }
  return { id, title, status: "pass", summary };
}

function formatNumber(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
}
