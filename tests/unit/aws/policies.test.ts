import { describe, expect, it } from "vitest";
import { checkConsolePermissions, migrateSendingPolicyToGroup, runAccountChecks } from "@/lib/aws/account-checks";
import {
  CONSOLE_CREDENTIAL_PERMISSIONS,
  DIAGNOSTICS_FIX_ACTIONS,
  DIAGNOSTICS_POLICY,
  DIAGNOSTICS_READ_ACTIONS,
  policyActions,
  policyJson,
  SENDING_GROUP_NAME,
  SENDING_POLICY,
  SENDING_POLICY_NAME,
  sesIdentityArn,
} from "@/lib/aws/policies";
import { requestProductionAccess } from "@/lib/aws/production-access";
import { createSmtpCredentials } from "@/lib/aws/smtp-credentials";
import { healthy, SANDBOX_ACCOUNT } from "./account-fixtures";
import { accessDeniedV1, accessDeniedV2, CREATED_KEY_ID, CREATED_SECRET, iamModelledError, SMTP_KEY_ID } from "./fakes";
import { adminClients, arrange, calledActions, diagnosticsClients, type Replies } from "./mock-aws";

describe("the documented policies", () => {
  it("SENDING_POLICY is AmazonSesSendingAccess as AWS documents it", () => {
    expect(JSON.parse(JSON.stringify(SENDING_POLICY))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "ses:SendRawEmail", Resource: "*" }],
    });
    expect(SENDING_POLICY_NAME).toBe("AmazonSesSendingAccess");
    expect(SENDING_GROUP_NAME).toBe("AWSSESSendingGroupDoNotRename");
  });

  it("lists the five console permissions", () => {
    expect(CONSOLE_CREDENTIAL_PERMISSIONS).toEqual([
      "iam:CreateUser",
      "iam:CreateGroup",
      "iam:PutGroupPolicy",
      "iam:AddUserToGroup",
      "iam:CreateAccessKey",
    ]);
  });

  it("DIAGNOSTICS_POLICY has the read-only checks and the optional fixes, as two statements", () => {
    expect(JSON.parse(policyJson(DIAGNOSTICS_POLICY))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "InflowaveReadOnlyChecks",
          Effect: "Allow",
          Action: [
            "ses:GetAccount",
            "ses:GetSendQuota",
            "ses:GetAccountSendingEnabled",
            "ses:GetEmailIdentity",
            "ses:GetIdentityVerificationAttributes",
            "iam:GetAccessKeyLastUsed",
            "iam:GetUser",
            "iam:ListUserPolicies",
            "iam:ListGroupsForUser",
            "iam:ListGroupPolicies",
            "iam:SimulatePrincipalPolicy",
          ],
          Resource: "*",
        },
        {
          Sid: "InflowaveOptionalFixes",
          Effect: "Allow",
          Action: [
            "iam:CreateGroup",
            "iam:PutGroupPolicy",
            "iam:AddUserToGroup",
            "iam:DeleteUserPolicy",
            "iam:UntagUser",
            "ses:PutAccountDetails",
          ],
          Resource: "*",
        },
      ],
    });
  });

  it("builds identity ARNs in the region's partition", () => {
    expect(sesIdentityArn("eu-west-1", "123456789012", "example.com")).toBe(
      "arn:aws:ses:eu-west-1:123456789012:identity/example.com",
    );
    expect(sesIdentityArn("us-gov-west-1", "123456789012", "a@example.com")).toBe(
      "arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/a@example.com",
    );
  });
});

// The policy must list exactly what the code calls: every code path runs here against mocks,
// and the actions it called are compared with the policy.
describe("the diagnostics policy matches what the code calls", () => {
  const input = { region: "us-east-1", fromAddress: "hello@example.com", smtpUsername: SMTP_KEY_ID };
  const checkScenarios: Replies[] = [
    healthy({ GetAccount: SANDBOX_ACCOUNT }),
    healthy({
      GetAccount: accessDeniedV2("ses:GetAccount"),
      GetSendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 },
      GetAccountSendingEnabled: { Enabled: true },
      GetEmailIdentity: accessDeniedV2("ses:GetEmailIdentity"),
      GetIdentityVerificationAttributes: { VerificationAttributes: {} },
    }),
  ];

  async function actionsOfChecks(): Promise<Set<string>> {
    const called = new Set<string>();
    for (const replies of checkScenarios) {
      arrange(replies);
      await runAccountChecks(diagnosticsClients(), { ...input, testRecipient: "friend@other.test" });
      for (const action of calledActions()) called.add(action);
    }
    return called;
  }

  async function actionsOfFixes(): Promise<Set<string>> {
    const called = new Set<string>();
    const record = () => calledActions().forEach((action) => called.add(action));
    const iamReplies: Replies = {
      CreateGroup: {},
      ListGroupPolicies: { PolicyNames: [] },
      PutGroupPolicy: {},
      ListGroupsForUser: { Groups: [] },
      AddUserToGroup: {},
      DeleteUserPolicy: {},
      UntagUser: {},
      SimulatePrincipalPolicy: { EvaluationResults: [] },
    };
    arrange(iamReplies);
    await migrateSendingPolicyToGroup(diagnosticsClients().iam, "ses-smtp-user.20230101-000000");
    record();
    arrange({ ...iamReplies, CreateGroup: iamModelledError("EntityAlreadyExists") });
    await migrateSendingPolicyToGroup(diagnosticsClients().iam, "ses-smtp-user.20230101-000000");
    record();
    arrange(iamReplies);
    await checkConsolePermissions(diagnosticsClients().iam, "arn:aws:iam::123456789012:user/alice");
    record();
    arrange({ PutAccountDetails: {}, GetAccount: {} });
    await requestProductionAccess(diagnosticsClients().sesv2, {
      mailType: "MARKETING",
      websiteUrl: "https://example.com",
      useCaseDescription: "Newsletters.",
      additionalContactEmailAddresses: [],
    });
    record();
    return called;
  }

  it("the account checks call exactly the read-only statement's actions, and change nothing", async () => {
    expect([...(await actionsOfChecks())].sort()).toEqual([...DIAGNOSTICS_READ_ACTIONS].sort());
  });

  it("all code paths together call exactly the policy's actions", async () => {
    const called = new Set([...(await actionsOfChecks()), ...(await actionsOfFixes())]);
    expect([...called].sort()).toEqual(policyActions(DIAGNOSTICS_POLICY).sort());
    for (const fix of DIAGNOSTICS_FIX_ACTIONS) expect(called.has(fix)).toBe(true);
  });

  it("creating SMTP credentials calls exactly the five console permissions", async () => {
    arrange({
      CreateUser: {},
      CreateGroup: {},
      PutGroupPolicy: {},
      AddUserToGroup: {},
      CreateAccessKey: { AccessKey: { AccessKeyId: CREATED_KEY_ID, SecretAccessKey: CREATED_SECRET } },
    });
    await createSmtpCredentials(adminClients().iam, { region: "us-east-1" });
    expect(calledActions()).toEqual([...CONSOLE_CREDENTIAL_PERMISSIONS]);
  });

  it("a check that cannot run names an action from the policy", async () => {
    const denied = Object.fromEntries(
      [...DIAGNOSTICS_READ_ACTIONS].map((action) => {
        const name = action.split(":")[1]!;
        return [name, action.startsWith("iam:") ? accessDeniedV1(action) : accessDeniedV2(action)];
      }),
    ) as Replies;
    arrange(denied);
    const report = await runAccountChecks(diagnosticsClients(), input);
    const named = report.checks.flatMap((entry) => (entry.problem ? [entry.problem.action] : []));
    expect(named.length).toBeGreaterThan(0);
    for (const action of named) expect(policyActions(DIAGNOSTICS_POLICY)).toContain(action);
  });
});
