// AWS answers for an account in a known state, to build account-check scenarios from: a healthy
// production account whose SMTP user sends through the sending group, and the pieces to change.
import { SENDING_GROUP_NAME, SENDING_POLICY_NAME } from "@/lib/aws/policies";
import { ACCOUNT_ID, restJsonError, SMTP_USER, SMTP_USER_ARN } from "./fakes";
import type { Replies } from "./mock-aws";

export const FROM = "hello@example.com";

export const PRODUCTION_ACCOUNT = {
  ProductionAccessEnabled: true,
  SendingEnabled: true,
  EnforcementStatus: "HEALTHY",
  SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 1_200 },
  Details: {
    MailType: "TRANSACTIONAL",
    WebsiteURL: "https://example.com",
    ContactLanguage: "EN",
    UseCaseDescription: "Receipts and sign-in links for our customers.",
    AdditionalContactEmailAddresses: ["ops@example.com"],
    ReviewDetails: { Status: "GRANTED", CaseId: "170000000001" },
  },
};

export const SANDBOX_ACCOUNT = {
  ProductionAccessEnabled: false,
  SendingEnabled: true,
  EnforcementStatus: "HEALTHY",
  SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 3 },
};

export const verified = (type = "DOMAIN") => ({
  IdentityType: type,
  VerifiedForSendingStatus: true,
  VerificationStatus: "SUCCESS",
});
export const pending = (type = "DOMAIN", errorType?: string) => ({
  IdentityType: type,
  VerifiedForSendingStatus: false,
  VerificationStatus: "PENDING",
  ...(errorType ? { VerificationInfo: { ErrorType: errorType } } : {}),
});

/** GetEmailIdentity answered from a table; anything else is not an identity in this region. */
export const identities =
  (table: Record<string, unknown>) =>
  (input: { EmailIdentity: string }): unknown =>
    table[input.EmailIdentity] ??
    restJsonError("NotFoundException", `Email identity ${input.EmailIdentity} does not exist.`, 404);

export const group = (name: string) => ({
  GroupName: name,
  GroupId: "AGPAEXAMPLE",
  Arn: `arn:aws:iam::${ACCOUNT_ID}:group/${name}`,
  Path: "/",
  CreateDate: new Date("2024-09-10T00:00:00Z"),
});

type Decision = "allowed" | "implicitDeny" | "explicitDeny";

/** A SimulatePrincipalPolicy answer: one decision per identity ARN, address first. */
export function simulation(address: Decision, domain: Decision = address, extra: Record<string, unknown> = {}) {
  const overall =
    address === "explicitDeny" || domain === "explicitDeny"
      ? "explicitDeny"
      : address === "allowed" && domain === "allowed"
        ? "allowed"
        : "implicitDeny";
  return {
    EvaluationResults: [
      {
        EvalActionName: "ses:SendRawEmail",
        EvalResourceName: "*",
        EvalDecision: overall,
        ResourceSpecificResults: [
          { EvalResourceName: `arn:aws:ses:us-east-1:${ACCOUNT_ID}:identity/${FROM}`, EvalResourceDecision: address },
          {
            EvalResourceName: `arn:aws:ses:us-east-1:${ACCOUNT_ID}:identity/example.com`,
            EvalResourceDecision: domain,
          },
        ],
        ...extra,
      },
    ],
    IsTruncated: false,
  };
}

/** A healthy production account; the SMTP user is in the sending group. */
export function healthy(overrides: Replies = {}): Replies {
  return {
    GetAccount: PRODUCTION_ACCOUNT,
    GetEmailIdentity: identities({ "example.com": verified() }),
    GetAccessKeyLastUsed: {
      UserName: SMTP_USER,
      AccessKeyLastUsed: { LastUsedDate: new Date("2026-11-01T08:00:00Z"), ServiceName: "ses", Region: "us-east-1" },
    },
    GetUser: {
      User: {
        UserName: SMTP_USER,
        Arn: SMTP_USER_ARN,
        UserId: "AIDAEXAMPLE",
        Path: "/",
        CreateDate: new Date("2024-01-01"),
      },
    },
    SimulatePrincipalPolicy: simulation("allowed"),
    ListUserPolicies: { PolicyNames: [], IsTruncated: false },
    ListGroupsForUser: { Groups: [group(SENDING_GROUP_NAME)], IsTruncated: false },
    ListGroupPolicies: { PolicyNames: [SENDING_POLICY_NAME], IsTruncated: false },
    ...overrides,
  };
}
