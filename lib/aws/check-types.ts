// The shapes the account checks and actions report in. Everything here is plain JSON: reports go
// to the browser as they are, so nothing in them may be a secret, a Date or a class instance.
import type { AwsProblem } from "./aws-errors";

export type CheckStatus = "pass" | "warn" | "fail" | "unavailable" | "skipped";

export const ACCOUNT_CHECK_IDS = [
  "production-access",
  "sending-enabled",
  "quota",
  "from-identity",
  "recipient",
  "smtp-user",
  "send-permission",
  "policy-style",
] as const;

export type AccountCheckId = (typeof ACCOUNT_CHECK_IDS)[number];

export interface AccountCheck {
  id: AccountCheckId;
  title: string;
  status: CheckStatus;
  /** One sentence. */
  summary: string;
  detail?: string;
  /** What to do, in a sentence or two. */
  fix?: string;
  /** Numbered steps, when the fix takes several. */
  fixSteps?: string[];
  /** Set when the check could not run: which call failed, and which permission the key lacks. */
  problem?: AwsProblem;
}

/** How the SMTP user gets its permission to send, per SES's September 2024 change. */
export type SendingPolicyStyle =
  /** The pre-September-2024 inline user policy AmazonSesSendingAccess. */
  | "inline"
  /** Membership of AWSSESSendingGroupDoNotRename, whose policy allows sending (the current way). */
  | "group"
  /** Both: a migration that stopped before the inline policy was removed. */
  | "both"
  /** Neither, but another policy lets the user send. */
  | "other"
  /** Neither, and the user may not send (or it could not be confirmed that it may). */
  | "none"
  /** The user's policies could not be read. */
  | "unknown";

export interface AccountSnapshot {
  /** Which API answered: SES v2 GetAccount, or SES v1 GetSendQuota when GetAccount was refused. */
  source: "sesv2" | "ses";
  /** null when unknown. */
  productionAccess: boolean | null;
  /** "quota-heuristic": v1 has no flag, so 200 a day and 1 a second are read as "probably the sandbox". */
  productionAccessBasis: "reported" | "quota-heuristic" | "unknown";
  sendingEnabled: boolean | null;
  /** HEALTHY, PROBATION or SHUTDOWN. */
  enforcementStatus?: string;
  /** The latest production-access request: PENDING, FAILED, GRANTED or DENIED. */
  review?: { status: string; caseId?: string };
  /** What the account told AWS in its production-access request. */
  details?: {
    mailType?: string;
    websiteUrl?: string;
    useCaseDescription?: string;
    additionalContactEmailAddresses?: string[];
    contactLanguage?: string;
  };
  /** Messages (recipients, strictly) per 24 hours and per second; -1 means unlimited. */
  quota?: { max24HourSend: number; maxSendRate: number; sentLast24Hours: number };
}

export interface SmtpUserSummary {
  /** The IAM user the SMTP user name (an access key id) belongs to. */
  userName: string;
  arn: string;
  accountId: string;
  policyStyle: SendingPolicyStyle;
}

export interface AccountCheckReport {
  region: string;
  /** ISO 8601. */
  checkedAt: string;
  account?: AccountSnapshot;
  smtpUser?: SmtpUserSummary;
  checks: AccountCheck[];
}

export type StepStatus = "done" | "already-done" | "failed" | "not-run";

/** One step of a multi-call action (migration, credential creation). */
export interface ActionStep<Id extends string = string> {
  id: Id;
  label: string;
  status: StepStatus;
  /** What happened, when it needs saying ("kept the group's existing policy"). */
  detail?: string;
  problem?: AwsProblem;
}
