import { afterEach, describe, expect, it } from "vitest";
import {
  ACCOUNT_CHECK_IDS,
  type AccountCheck,
  type AccountCheckId,
  type AccountCheckInput,
  type AccountCheckReport,
  runAccountChecks,
} from "@/lib/aws/account-checks";
import { SENDING_GROUP_NAME, SENDING_POLICY_MIGRATION_STEPS, SENDING_POLICY_NAME } from "@/lib/aws/policies";
import {
  FROM,
  group,
  healthy,
  identities,
  pending,
  PRODUCTION_ACCOUNT,
  SANDBOX_ACCOUNT,
  simulation,
  verified,
} from "./account-fixtures";
import {
  accessDeniedV1,
  accessDeniedV2,
  ACCOUNT_ID,
  expectNothingSecret,
  iamModelledError,
  networkError,
  noCredentialsError,
  queryError,
  restJsonError,
  SMTP_KEY_ID,
  SMTP_USER,
  SMTP_USER_ARN,
  timeoutError,
} from "./fakes";
import { arrange, calledActions, diagnosticsClients, inputsOf, type Replies } from "./mock-aws";

const INPUT: AccountCheckInput = { region: "us-east-1", fromAddress: FROM, smtpUsername: SMTP_KEY_ID };
const NOW = new Date("2026-11-28T12:00:00.000Z");

let lastReport: AccountCheckReport | undefined;

async function check(replies: Replies, input: Partial<AccountCheckInput> = {}): Promise<AccountCheckReport> {
  arrange(replies);
  lastReport = await runAccountChecks(diagnosticsClients(), { ...INPUT, ...input }, { now: () => NOW });
  return lastReport;
}

function byId(report: AccountCheckReport): Record<AccountCheckId, AccountCheck> {
  return Object.fromEntries(report.checks.map((entry) => [entry.id, entry])) as Record<AccountCheckId, AccountCheck>;
}

const statuses = (report: AccountCheckReport) =>
  Object.fromEntries(report.checks.map((entry) => [entry.id, entry.status]));

afterEach(() => {
  // Whatever a test checked, its report is plain JSON with no secret and no stack in it.
  if (lastReport) {
    expectNothingSecret(lastReport);
    expect(JSON.parse(JSON.stringify(lastReport))).toEqual(lastReport);
    expect(lastReport.checks.map((entry) => entry.id)).toEqual([...ACCOUNT_CHECK_IDS]);
    for (const entry of lastReport.checks) {
      expect(entry.summary).toMatch(/^\S.*[.!]$/);
      if (entry.status === "unavailable") expect(entry.problem?.message).toBeTruthy();
    }
  }
  lastReport = undefined;
});

describe("a healthy production account", () => {
  it("passes every check and describes the account", async () => {
    const report = await check(healthy());
    expect(statuses(report)).toEqual({
      "production-access": "pass",
      "sending-enabled": "pass",
      quota: "pass",
      "from-identity": "pass",
      recipient: "skipped",
      "smtp-user": "pass",
      "send-permission": "pass",
      "policy-style": "pass",
    });
    expect(report).toMatchObject({
      region: "us-east-1",
      checkedAt: "2026-11-28T12:00:00.000Z",
      account: {
        source: "sesv2",
        productionAccess: true,
        productionAccessBasis: "reported",
        sendingEnabled: true,
        enforcementStatus: "HEALTHY",
        review: { status: "GRANTED", caseId: "170000000001" },
        details: {
          mailType: "TRANSACTIONAL",
          websiteUrl: "https://example.com",
          contactLanguage: "EN",
          additionalContactEmailAddresses: ["ops@example.com"],
        },
        quota: { max24HourSend: 50_000, maxSendRate: 14, sentLast24Hours: 1_200 },
      },
      smtpUser: { userName: SMTP_USER, arn: SMTP_USER_ARN, accountId: ACCOUNT_ID, policyStyle: "group" },
    });
    const checks = byId(report);
    expect(checks["production-access"].summary).toBe(
      "This account has production access in us-east-1 (US East (N. Virginia)): it can send to any address.",
    );
    expect(checks.quota.summary).toBe(
      "1,200 of 50,000 messages sent in the last 24 hours in us-east-1 (US East (N. Virginia)), up to 14 a second.",
    );
    expect(checks["from-identity"].summary).toContain("covered by the verified domain example.com");
    expect(checks.recipient.summary).toBe("Skipped: production accounts can send to anyone.");
    expect(checks["smtp-user"]).toMatchObject({
      summary: `The SMTP user name ${SMTP_KEY_ID} belongs to IAM user ${SMTP_USER}.`,
      detail: "The key was last used on 2026-11-01 (ses in us-east-1).",
    });
    expect(checks["send-permission"].summary).toContain(`may send email (ses:SendRawEmail) as ${FROM}`);
    expect(checks["policy-style"].summary).toContain(`from the group ${SENDING_GROUP_NAME}`);
  });

  it("stays gentle: GetAccount first, few SES calls, IAM alongside", async () => {
    await check(healthy(), { testRecipient: "someone@elsewhere.test" });
    const actions = calledActions();
    expect(actions[0]).toBe("ses:GetAccount");
    expect(actions.filter((action) => action.startsWith("ses:"))).toEqual([
      "ses:GetAccount",
      "ses:GetEmailIdentity",
      "ses:GetEmailIdentity",
    ]);
    expect(actions.filter((action) => action.startsWith("iam:")).sort()).toEqual([
      "iam:GetAccessKeyLastUsed",
      "iam:GetUser",
      "iam:ListGroupPolicies",
      "iam:ListGroupsForUser",
      "iam:ListUserPolicies",
      "iam:SimulatePrincipalPolicy",
    ]);
    expect(inputsOf("GetEmailIdentity")).toEqual([{ EmailIdentity: FROM }, { EmailIdentity: "example.com" }]);
  });

  it("simulates ses:SendRawEmail on the address's and the domain's identity ARNs, with ses:FromAddress", async () => {
    await check(healthy());
    expect(inputsOf("GetAccessKeyLastUsed")).toEqual([{ AccessKeyId: SMTP_KEY_ID }]);
    expect(inputsOf("GetUser")).toEqual([{ UserName: SMTP_USER }]);
    expect(inputsOf("SimulatePrincipalPolicy")).toEqual([
      {
        PolicySourceArn: SMTP_USER_ARN,
        ActionNames: ["ses:SendRawEmail"],
        ResourceArns: [
          `arn:aws:ses:us-east-1:${ACCOUNT_ID}:identity/${FROM}`,
          `arn:aws:ses:us-east-1:${ACCOUNT_ID}:identity/example.com`,
        ],
        ContextEntries: [{ ContextKeyName: "ses:FromAddress", ContextKeyValues: [FROM], ContextKeyType: "string" }],
      },
    ]);
    expect(inputsOf("ListGroupPolicies")).toEqual([{ GroupName: SENDING_GROUP_NAME }]);
  });

  it("says when the SMTP key was never used", async () => {
    const report = await check(
      healthy({
        GetAccessKeyLastUsed: { UserName: SMTP_USER, AccessKeyLastUsed: { ServiceName: "N/A", Region: "N/A" } },
      }),
    );
    expect(byId(report)["smtp-user"].detail).toBe("The key has never been used with an AWS API.");
  });
});

describe("sandbox, review and enforcement", () => {
  it("warns about the sandbox and offers to request production access", async () => {
    const report = await check(healthy({ GetAccount: SANDBOX_ACCOUNT }));
    const production = byId(report)["production-access"];
    expect(production).toMatchObject({
      status: "warn",
      summary:
        "This account is in the SES sandbox in us-east-1 (US East (N. Virginia)): it can send only to verified addresses and domains, at most 200 messages a day and 1 a second.",
      fix: expect.stringContaining("Request production access"),
    });
    expect(report.account).toMatchObject({ productionAccess: false, productionAccessBasis: "reported" });
    expect(byId(report).recipient.summary).toBe("Skipped: no test recipient was given.");
  });

  it.each([
    ["PENDING", /being reviewed \(case 42\)/, /Wait for AWS's answer/],
    ["DENIED", /denied the last request .*\(case 42\)/, /Reply to the case/],
    ["FAILED", /could not process the last request/, /Send the request again/],
    ["GRANTED", /granted the request .* still reports the sandbox/, /again in a few minutes/],
  ])("explains a %s review", async (status, detail, fix) => {
    const report = await check(
      healthy({ GetAccount: { ...SANDBOX_ACCOUNT, Details: { ReviewDetails: { Status: status, CaseId: "42" } } } }),
    );
    expect(byId(report)["production-access"]).toMatchObject({
      status: "warn",
      detail: expect.stringMatching(detail),
      fix: expect.stringMatching(fix),
    });
    expect(report.account?.review).toEqual({ status, caseId: "42" });
  });

  it("fails when sending is paused", async () => {
    const report = await check(healthy({ GetAccount: { ...PRODUCTION_ACCOUNT, SendingEnabled: false } }));
    expect(byId(report)["sending-enabled"]).toMatchObject({
      status: "fail",
      summary: expect.stringContaining("Sending is paused for this account in us-east-1"),
    });
  });

  it("warns on probation and fails on shutdown", async () => {
    const probation = await check(healthy({ GetAccount: { ...PRODUCTION_ACCOUNT, EnforcementStatus: "PROBATION" } }));
    expect(byId(probation)["sending-enabled"]).toMatchObject({
      status: "warn",
      summary: expect.stringContaining("on probation"),
    });
    expectNothingSecret(probation);
    const shutdown = await check(
      healthy({ GetAccount: { ...PRODUCTION_ACCOUNT, EnforcementStatus: "SHUTDOWN", SendingEnabled: false } }),
    );
    expect(byId(shutdown)["sending-enabled"]).toMatchObject({
      status: "fail",
      summary: expect.stringContaining("shut down sending"),
    });
  });
});

describe("the quota", () => {
  const withQuota = (SendQuota: Record<string, number>) =>
    healthy({ GetAccount: { ...PRODUCTION_ACCOUNT, SendQuota } });

  it("fails when the day's quota is used up", async () => {
    const report = await check(withQuota({ Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 200 }));
    expect(byId(report).quota).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("Daily message quota exceeded"),
    });
  });

  it("warns above 80 %", async () => {
    const report = await check(withQuota({ Max24HourSend: 1000, MaxSendRate: 5, SentLast24Hours: 850 }));
    expect(byId(report).quota.status).toBe("warn");
  });

  it("reads -1 as unlimited", async () => {
    const report = await check(withQuota({ Max24HourSend: -1, MaxSendRate: -1, SentLast24Hours: 12_345 }));
    expect(byId(report).quota).toMatchObject({
      status: "pass",
      summary:
        "12,345 messages sent in the last 24 hours in us-east-1 (US East (N. Virginia)), with no daily limit and no limit per second.",
    });
  });
});

describe("the SES v1 fallback when GetAccount is refused", () => {
  it("reads the sandbox from the quota, as 'probably'", async () => {
    const report = await check(
      healthy({
        GetAccount: accessDeniedV2("ses:GetAccount"),
        GetSendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 3 },
        GetAccountSendingEnabled: { Enabled: true },
      }),
    );
    expect(calledActions().slice(0, 3)).toEqual(["ses:GetAccount", "ses:GetSendQuota", "ses:GetAccountSendingEnabled"]);
    expect(report.account).toEqual({
      source: "ses",
      productionAccess: false,
      productionAccessBasis: "quota-heuristic",
      sendingEnabled: true,
      quota: { max24HourSend: 200, maxSendRate: 1, sentLast24Hours: 3 },
    });
    const checks = byId(report);
    expect(checks["production-access"]).toMatchObject({
      status: "warn",
      summary: expect.stringContaining("is probably in the SES sandbox"),
      detail: expect.stringContaining("ses:GetAccount"),
    });
    expect(checks["sending-enabled"].status).toBe("pass");
    expect(checks.quota.summary).toContain("3 of 200 messages");
  });

  it("reads a bigger quota as probably production", async () => {
    const report = await check(
      healthy({
        GetAccount: accessDeniedV2("ses:GetAccount"),
        GetSendQuota: { Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 0 },
        GetAccountSendingEnabled: { Enabled: false },
      }),
    );
    expect(byId(report)["production-access"]).toMatchObject({
      status: "pass",
      summary: expect.stringContaining("probably has production access"),
    });
    expect(byId(report)["sending-enabled"].status).toBe("fail");
    // Production is only a guess here, so the recipient is still worth checking.
    expect(report.account?.productionAccess).toBe(true);
  });

  it("says which permissions are missing when the fallback is refused too", async () => {
    const report = await check(
      healthy({
        GetAccount: accessDeniedV2("ses:GetAccount"),
        GetSendQuota: accessDeniedV1("ses:GetSendQuota"),
        GetAccountSendingEnabled: { Enabled: true },
      }),
    );
    const checks = byId(report);
    expect(checks["production-access"]).toMatchObject({
      status: "unavailable",
      summary: "Not checked: the diagnostics key is not allowed to call ses:GetAccount.",
      fix: "Add that action to its IAM policy (see the policy below).",
      problem: { kind: "access-denied", action: "ses:GetAccount" },
      detail: "Inflowave also tried the older ses:GetSendQuota, which the key may not call either.",
    });
    expect(checks.quota).toMatchObject({ status: "unavailable", problem: { action: "ses:GetSendQuota" } });
    expect(checks["sending-enabled"].status).toBe("pass");
    expect(report.account).toMatchObject({ source: "ses", productionAccess: null, sendingEnabled: true });
  });

  it("leaves the account out when nothing answers, and still runs the other checks", async () => {
    const report = await check(
      healthy({
        GetAccount: accessDeniedV2("ses:GetAccount"),
        GetSendQuota: accessDeniedV1("ses:GetSendQuota"),
        GetAccountSendingEnabled: accessDeniedV1("ses:GetAccountSendingEnabled"),
      }),
      { testRecipient: "friend@example.com" },
    );
    expect(report.account).toBeUndefined();
    expect(statuses(report)).toMatchObject({
      "production-access": "unavailable",
      "sending-enabled": "unavailable",
      quota: "unavailable",
      "from-identity": "pass",
      // Sandbox unknown: the recipient is checked, and covered by example.com.
      recipient: "pass",
      "smtp-user": "pass",
    });
  });

  it("falls back on an unknown AWS failure too, but not on throttling", async () => {
    await check(
      healthy({
        GetAccount: Object.assign(queryError("InternalFailure", "x", 500), { $fault: "server" }),
        GetSendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 },
        GetAccountSendingEnabled: { Enabled: true },
      }),
    );
    expect(calledActions()).toContain("ses:GetSendQuota");

    const report = await check(healthy({ GetAccount: restJsonError("TooManyRequestsException") }));
    expect(calledActions()).not.toContain("ses:GetSendQuota");
    expect(byId(report)["production-access"]).toMatchObject({ status: "unavailable", problem: { kind: "throttled" } });
  });
});

describe("a key AWS does not accept", () => {
  it.each([
    [
      "an unknown access key id",
      restJsonError("UnrecognizedClientException", "The security token included in the request is invalid.", 403),
      "invalid-key",
    ],
    [
      "a wrong secret",
      restJsonError("InvalidSignatureException", "The request signature we calculated does not match.", 403),
      "wrong-secret",
    ],
    [
      "an expired session",
      restJsonError("ExpiredTokenException", "The security token included in the request is expired", 403),
      "expired-token",
    ],
    ["no credentials at all", noCredentialsError(), "no-credentials"],
  ])("stops after GetAccount for %s", async (_label, error, kind) => {
    const report = await check(healthy({ GetAccount: error }));
    expect(calledActions()).toEqual(["ses:GetAccount"]);
    const checks = byId(report);
    for (const id of ["production-access", "sending-enabled", "quota"] as const) {
      expect(checks[id]).toMatchObject({ status: "unavailable", problem: { kind, action: "ses:GetAccount" } });
    }
    for (const id of ["from-identity", "recipient", "smtp-user", "send-permission", "policy-style"] as const) {
      expect(checks[id]).toMatchObject({
        status: "skipped",
        summary: "Skipped: the diagnostics key was not accepted (see Production access).",
      });
    }
    expect(report.account).toBeUndefined();
  });
});

describe("SES out of reach", () => {
  it.each([
    ["refused", networkError("ECONNREFUSED")],
    ["not found", networkError("ENOTFOUND")],
    ["timed out", timeoutError()],
  ])("skips the identity checks (%s) and still runs IAM's", async (_label, error) => {
    const report = await check(healthy({ GetAccount: error }));
    expect(statuses(report)).toMatchObject({
      "production-access": "unavailable",
      "from-identity": "skipped",
      recipient: "skipped",
      "smtp-user": "pass",
      "send-permission": "pass",
      "policy-style": "pass",
    });
    expect(byId(report)["production-access"].problem?.kind).toBe("unreachable");
  });
});

describe("the From address", () => {
  it("passes when the address itself is verified", async () => {
    const report = await check(healthy({ GetEmailIdentity: identities({ [FROM]: verified("EMAIL_ADDRESS") }) }));
    expect(byId(report)["from-identity"].summary).toBe(
      `The From address ${FROM} is verified for sending in us-east-1 (US East (N. Virginia)).`,
    );
    expect(inputsOf("GetEmailIdentity")).toEqual([{ EmailIdentity: FROM }]);
  });

  it("finds a verified parent domain", async () => {
    const report = await check(healthy(), { fromAddress: "news@mail.example.com" });
    expect(byId(report)["from-identity"]).toMatchObject({
      status: "pass",
      summary: expect.stringContaining("covered by the verified domain example.com"),
    });
    expect(inputsOf("GetEmailIdentity").map((input) => input.EmailIdentity)).toEqual([
      "news@mail.example.com",
      "mail.example.com",
      "example.com",
    ]);
  });

  it("fails when nothing is verified in this region, and says identities are per region", async () => {
    const report = await check(healthy({ GetEmailIdentity: identities({}) }));
    expect(byId(report)["from-identity"]).toMatchObject({
      status: "fail",
      summary: `Neither ${FROM} nor the domain example.com is verified in us-east-1 (US East (N. Virginia)).`,
      fix: expect.stringContaining("Identities are per region"),
    });
  });

  it("tells a pending address to click the link", async () => {
    const report = await check(healthy({ GetEmailIdentity: identities({ [FROM]: pending("EMAIL_ADDRESS") }) }));
    expect(byId(report)["from-identity"]).toMatchObject({
      status: "fail",
      summary: `The From address ${FROM} is not verified in us-east-1 (US East (N. Virginia)): its verification is still pending.`,
      fix: expect.stringContaining("Click the link in the email SES sent"),
    });
  });

  it("tells a pending domain what DNS says", async () => {
    const report = await check(
      healthy({ GetEmailIdentity: identities({ "example.com": pending("DOMAIN", "HOST_NOT_FOUND") }) }),
    );
    expect(byId(report)["from-identity"]).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("found no DNS records"),
      fix: expect.stringContaining("Publish the DNS records"),
    });
  });

  it("reports a failed verification", async () => {
    const failed = { IdentityType: "DOMAIN", VerifiedForSendingStatus: false, VerificationStatus: "FAILED" };
    const report = await check(healthy({ GetEmailIdentity: identities({ "example.com": failed }) }));
    expect(byId(report)["from-identity"].summary).toContain("the domain example.com's verification failed");
  });

  it("fails without calling AWS when the From address is not an address", async () => {
    const report = await check(healthy(), { fromAddress: "not an address" });
    expect(byId(report)["from-identity"]).toMatchObject({
      status: "fail",
      summary: "The From address is not an email address.",
    });
    expect(calledActions()).not.toContain("ses:GetEmailIdentity");
    expect(inputsOf("SimulatePrincipalPolicy")[0]).not.toHaveProperty("ResourceArns");
  });

  it("falls back to GetIdentityVerificationAttributes, one call for all names", async () => {
    const report = await check(
      healthy({
        GetAccount: SANDBOX_ACCOUNT,
        GetEmailIdentity: accessDeniedV2("ses:GetEmailIdentity"),
        GetIdentityVerificationAttributes: (input: { Identities: string[] }) => ({
          VerificationAttributes: Object.fromEntries(
            input.Identities.filter((name) => name === "example.com" || name === "friend@other.test").map((name) => [
              name,
              { VerificationStatus: "Success" },
            ]),
          ),
        }),
      }),
      { testRecipient: "friend@other.test" },
    );
    const checks = byId(report);
    expect(checks["from-identity"]).toMatchObject({
      status: "pass",
      detail: expect.stringContaining("older ses:GetIdentityVerificationAttributes"),
    });
    expect(checks.recipient).toMatchObject({
      status: "pass",
      summary: expect.stringContaining("friend@other.test is verified"),
    });
    // GetEmailIdentity is not asked again once refused.
    expect(inputsOf("GetEmailIdentity")).toHaveLength(1);
    expect(inputsOf("GetIdentityVerificationAttributes")).toEqual([
      { Identities: [FROM, "example.com"] },
      { Identities: ["friend@other.test", "other.test"] },
    ]);
  });

  it("reads v1's Pending", async () => {
    const report = await check(
      healthy({
        GetEmailIdentity: accessDeniedV2("ses:GetEmailIdentity"),
        GetIdentityVerificationAttributes: { VerificationAttributes: { [FROM]: { VerificationStatus: "Pending" } } },
      }),
    );
    expect(byId(report)["from-identity"]).toMatchObject({
      status: "fail",
      summary: expect.stringContaining("its verification is still pending"),
    });
  });

  it("names both calls when both are refused", async () => {
    const report = await check(
      healthy({
        GetEmailIdentity: accessDeniedV2("ses:GetEmailIdentity"),
        GetIdentityVerificationAttributes: accessDeniedV1("ses:GetIdentityVerificationAttributes"),
      }),
    );
    expect(byId(report)["from-identity"]).toMatchObject({
      status: "unavailable",
      summary:
        "Not checked: the diagnostics key is not allowed to call ses:GetEmailIdentity, nor the older ses:GetIdentityVerificationAttributes.",
      problem: { kind: "access-denied", action: "ses:GetEmailIdentity" },
    });
  });

  it("is unavailable when SES throttles", async () => {
    const report = await check(healthy({ GetEmailIdentity: restJsonError("TooManyRequestsException") }));
    expect(byId(report)["from-identity"]).toMatchObject({ status: "unavailable", problem: { kind: "throttled" } });
  });
});

describe("the test recipient in the sandbox", () => {
  const sandbox = (replies: Replies = {}) => healthy({ GetAccount: SANDBOX_ACCOUNT, ...replies });

  it("passes a verified recipient, reusing the From lookups", async () => {
    const report = await check(sandbox(), { testRecipient: "friend@example.com" });
    expect(byId(report).recipient).toMatchObject({
      status: "pass",
      summary: expect.stringContaining("covered by the verified domain example.com"),
    });
    expect(inputsOf("GetEmailIdentity").map((input) => input.EmailIdentity)).toEqual([
      FROM,
      "example.com",
      "friend@example.com",
    ]);
  });

  it("fails an unverified recipient and explains the sandbox", async () => {
    const report = await check(sandbox(), { testRecipient: "someone@gmail.com" });
    expect(byId(report).recipient).toMatchObject({
      status: "fail",
      summary: expect.stringContaining("In the sandbox SES only delivers to verified addresses and domains."),
      fix: expect.stringContaining("request production access"),
    });
  });

  it("accepts SES's mailbox simulator without a lookup", async () => {
    const report = await check(sandbox(), { testRecipient: "success@simulator.amazonses.com" });
    expect(byId(report).recipient.status).toBe("pass");
    expect(inputsOf("GetEmailIdentity").map((input) => input.EmailIdentity)).not.toContain(
      "success@simulator.amazonses.com",
    );
  });

  it("fails a recipient that is not an address", async () => {
    const report = await check(sandbox(), { testRecipient: "friend at example" });
    expect(byId(report).recipient).toMatchObject({
      status: "fail",
      summary: "The test recipient is not an email address.",
    });
  });

  it("only warns when the sandbox status is unknown", async () => {
    const report = await check(
      healthy({
        GetAccount: accessDeniedV2("ses:GetAccount"),
        GetSendQuota: accessDeniedV1("ses:GetSendQuota"),
        GetAccountSendingEnabled: accessDeniedV1("ses:GetAccountSendingEnabled"),
      }),
      { testRecipient: "someone@gmail.com" },
    );
    expect(byId(report).recipient).toMatchObject({
      status: "warn",
      summary: expect.stringContaining("If the account is in the sandbox"),
    });
  });
});

describe("the SMTP user", () => {
  it.each([
    ["a temporary key", "ASIAIOSFODNN7EXAMPLE", /temporary \(STS\) access key id/],
    ["an IAM user name", "ses-smtp-user.20240101-120000", /looks like an IAM user name/],
    ["something else", "smtp user #1", /does not look like an access key id/],
  ])("fails %s without calling IAM", async (_label, smtpUsername, words) => {
    const report = await check(healthy(), { smtpUsername });
    expect(byId(report)["smtp-user"]).toMatchObject({ status: "fail", summary: expect.stringMatching(words) });
    expect(calledActions().filter((action) => action.startsWith("iam:"))).toEqual([]);
    expect(byId(report)["send-permission"].status).toBe("skipped");
    expect(byId(report)["policy-style"].status).toBe("skipped");
    expect(report.smtpUser).toBeUndefined();
  });

  it("skips the IAM checks when there is no SMTP user name", async () => {
    const report = await check(healthy(), { smtpUsername: "  " });
    expect(byId(report)["smtp-user"]).toEqual({
      id: "smtp-user",
      title: "SMTP user",
      status: "skipped",
      summary: "Skipped: no SMTP user name was given.",
    });
    expect(byId(report)["send-permission"].summary).toBe("Skipped: no SMTP user name was given.");
    expect(calledActions().filter((action) => action.startsWith("iam:"))).toEqual([]);
  });

  it("does not repeat a password pasted as the user name", async () => {
    const password = "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9";
    const report = await check(healthy(), { smtpUsername: password });
    expect(JSON.stringify(report)).not.toContain(password);
  });

  it("cannot look the key up without iam:GetAccessKeyLastUsed, and says it may be another account's", async () => {
    const report = await check(healthy({ GetAccessKeyLastUsed: accessDeniedV1("iam:GetAccessKeyLastUsed") }));
    expect(byId(report)["smtp-user"]).toMatchObject({
      status: "unavailable",
      summary: "Not checked: the diagnostics key is not allowed to call iam:GetAccessKeyLastUsed.",
      detail: expect.stringContaining("different AWS account"),
    });
    expect(byId(report)["send-permission"]).toMatchObject({
      status: "skipped",
      summary: "Skipped: the SMTP user name's IAM user could not be looked up.",
    });
  });

  it("fails when the key does not exist", async () => {
    const report = await check(healthy({ GetAccessKeyLastUsed: iamModelledError("NoSuchEntity") }));
    expect(byId(report)["smtp-user"]).toMatchObject({
      status: "fail",
      summary: `No access key ${SMTP_KEY_ID} exists in this AWS account.`,
    });
  });

  it("fails when AWS names no user", async () => {
    const report = await check(healthy({ GetAccessKeyLastUsed: { AccessKeyLastUsed: {} } }));
    expect(byId(report)["smtp-user"].status).toBe("fail");
    expect(byId(report)["policy-style"].status).toBe("skipped");
  });

  it("knows the user but not its ARN without iam:GetUser", async () => {
    const report = await check(healthy({ GetUser: accessDeniedV1("iam:GetUser") }));
    expect(byId(report)["smtp-user"]).toMatchObject({
      status: "unavailable",
      detail: `The SMTP user name ${SMTP_KEY_ID} belongs to IAM user ${SMTP_USER}.`,
      problem: { action: "iam:GetUser" },
    });
    expect(byId(report)["send-permission"].summary).toBe(
      `Skipped: the ARN of IAM user ${SMTP_USER} could not be read.`,
    );
    expect(report.smtpUser).toBeUndefined();
  });

  it("fails when the user is gone", async () => {
    const report = await check(healthy({ GetUser: iamModelledError("NoSuchEntity") }));
    expect(byId(report)["smtp-user"]).toMatchObject({
      status: "fail",
      summary: expect.stringContaining("no longer exists"),
    });
  });

  it("is unavailable when IAM throttles", async () => {
    const report = await check(healthy({ GetAccessKeyLastUsed: queryError("Throttling", "Rate exceeded", 400) }));
    expect(byId(report)["smtp-user"]).toMatchObject({ status: "unavailable", problem: { kind: "throttled" } });
  });
});

describe("the permission to send", () => {
  it("fails with no sending policy, and the style says none", async () => {
    const report = await check(
      healthy({
        SimulatePrincipalPolicy: simulation("implicitDeny"),
        ListGroupsForUser: { Groups: [], IsTruncated: false },
      }),
    );
    const checks = byId(report);
    expect(checks["send-permission"]).toMatchObject({
      status: "fail",
      summary: expect.stringContaining("SES answers 554 Access denied"),
      fix: expect.stringContaining(SENDING_GROUP_NAME),
    });
    expect(checks["policy-style"]).toMatchObject({
      status: "fail",
      summary: expect.stringContaining("no other policy lets it send"),
    });
    expect(report.smtpUser?.policyStyle).toBe("none");
  });

  it("names the policies of an explicit deny", async () => {
    const report = await check(
      healthy({
        SimulatePrincipalPolicy: simulation("explicitDeny", "explicitDeny", {
          MatchedStatements: [{ SourcePolicyId: "DenyAllEmail", SourcePolicyType: "IAM Policy" }],
        }),
      }),
    );
    expect(byId(report)["send-permission"]).toMatchObject({
      status: "fail",
      summary: expect.stringContaining("A Deny statement stops"),
      detail: "Denied by: DenyAllEmail.",
    });
  });

  it("warns when only the domain (or only the address) is allowed", async () => {
    const report = await check(healthy({ SimulatePrincipalPolicy: simulation("implicitDeny", "allowed") }));
    expect(byId(report)["send-permission"]).toMatchObject({
      status: "warn",
      summary: `IAM user ${SMTP_USER} may send as example.com but not as ${FROM}.`,
    });
  });

  it("notes condition keys the simulation could not fill in", async () => {
    const report = await check(
      healthy({
        SimulatePrincipalPolicy: simulation("allowed", "allowed", { MissingContextValues: ["aws:SourceIp"] }),
      }),
    );
    expect(byId(report)["send-permission"].detail).toContain("The policies test aws:SourceIp");
  });

  it("reads the overall decision when there are no per-resource results", async () => {
    const report = await check(
      healthy({
        SimulatePrincipalPolicy: {
          EvaluationResults: [{ EvalActionName: "ses:SendRawEmail", EvalDecision: "implicitDeny" }],
        },
      }),
    );
    expect(byId(report)["send-permission"].status).toBe("fail");
  });

  it("is unavailable without iam:SimulatePrincipalPolicy, and the style cannot rule out other policies", async () => {
    const report = await check(
      healthy({
        SimulatePrincipalPolicy: accessDeniedV1("iam:SimulatePrincipalPolicy"),
        ListGroupsForUser: { Groups: [], IsTruncated: false },
      }),
    );
    const checks = byId(report);
    expect(checks["send-permission"]).toMatchObject({
      status: "unavailable",
      summary: "Not checked: the diagnostics key is not allowed to call iam:SimulatePrincipalPolicy.",
    });
    expect(checks["policy-style"]).toMatchObject({
      status: "warn",
      summary: expect.stringContaining("could not be checked"),
    });
    expect(report.smtpUser?.policyStyle).toBe("none");
  });
});

describe("the sending policy style", () => {
  it("warns about the pre-2024 inline policy, with AWS's migration steps", async () => {
    const report = await check(
      healthy({ ListUserPolicies: { PolicyNames: [SENDING_POLICY_NAME] }, ListGroupsForUser: { Groups: [] } }),
    );
    expect(byId(report)["policy-style"]).toMatchObject({
      status: "warn",
      summary: expect.stringContaining("from an inline policy"),
      fixSteps: [...SENDING_POLICY_MIGRATION_STEPS],
    });
    expect(report.smtpUser?.policyStyle).toBe("inline");
    expect(calledActions()).not.toContain("iam:ListGroupPolicies");
  });

  it("says a migration stopped halfway when the user has both", async () => {
    const report = await check(healthy({ ListUserPolicies: { PolicyNames: ["Other", SENDING_POLICY_NAME] } }));
    expect(byId(report)["policy-style"]).toMatchObject({
      status: "warn",
      summary: expect.stringContaining("stopped halfway"),
    });
    expect(report.smtpUser?.policyStyle).toBe("both");
  });

  it("follows the list pages", async () => {
    const report = await check(
      healthy({
        ListUserPolicies: (input: { Marker?: string }) =>
          input.Marker === "page-2"
            ? { PolicyNames: [SENDING_POLICY_NAME], IsTruncated: false }
            : { PolicyNames: ["A"], IsTruncated: true, Marker: "page-2" },
      }),
    );
    expect(report.smtpUser?.policyStyle).toBe("both");
  });

  it("calls a group without the policy neither, and another policy 'other'", async () => {
    const report = await check(healthy({ ListGroupPolicies: { PolicyNames: [] } }));
    expect(byId(report)["policy-style"]).toMatchObject({
      status: "pass",
      summary: expect.stringContaining("through a policy other than"),
      detail: expect.stringContaining("but the group has no AmazonSesSendingAccess policy"),
    });
    expect(report.smtpUser?.policyStyle).toBe("other");
  });

  it("calls a user sending through another group 'other'", async () => {
    const report = await check(healthy({ ListGroupsForUser: { Groups: [group("Mailers")] } }));
    expect(report.smtpUser?.policyStyle).toBe("other");
    expect(calledActions()).not.toContain("iam:ListGroupPolicies");
  });

  it("trusts the group when its policies cannot be listed, and says so", async () => {
    const report = await check(healthy({ ListGroupPolicies: accessDeniedV1("iam:ListGroupPolicies") }));
    expect(byId(report)["policy-style"]).toMatchObject({
      status: "pass",
      detail: expect.stringContaining("Could not confirm"),
    });
    expect(report.smtpUser?.policyStyle).toBe("group");
  });

  it("reports the group when inline policies cannot be read", async () => {
    const report = await check(healthy({ ListUserPolicies: accessDeniedV1("iam:ListUserPolicies") }));
    expect(byId(report)["policy-style"]).toMatchObject({
      status: "pass",
      detail: "Could not read the user's inline policies.",
    });
  });

  it("is unavailable when nothing can be read", async () => {
    const report = await check(
      healthy({
        ListUserPolicies: accessDeniedV1("iam:ListUserPolicies"),
        ListGroupsForUser: accessDeniedV1("iam:ListGroupsForUser"),
      }),
    );
    expect(byId(report)["policy-style"]).toMatchObject({ status: "unavailable", problem: { kind: "access-denied" } });
    expect(report.smtpUser?.policyStyle).toBe("unknown");
  });
});

describe("runAccountChecks never throws for AWS errors", () => {
  it("reports every call failing in some other way", async () => {
    const boom = () => new TypeError("Cannot read properties of undefined (reading 'x')");
    const replies = Object.fromEntries(Object.keys(healthy()).map((name) => [name, boom])) as Replies;
    const report = await check({ ...replies, GetSendQuota: boom, GetAccountSendingEnabled: boom });
    expect(report.checks.every((entry) => entry.status !== "pass")).toBe(true);
    expect(byId(report)["production-access"].problem?.message).toBe(
      "ses:GetAccount failed for an unexpected reason. Try again in a moment.",
    );
  });
});
