// The AWS account checks behind Settings → Email → Diagnostics, made with a diagnostics key (see
// DIAGNOSTICS_POLICY): is the account in the sandbox, is sending enabled, how much quota is left,
// is the From address verified in this region (and the test recipient, in the sandbox), which IAM
// user the SMTP user name belongs to, may it send, and how it gets that permission.
//
// SES allows about one account request a second, so the SES calls run one after another (usually
// two to four per run: GetAccount, then the From address and its domain); the IAM calls (up to
// six) run alongside them. GetAccount goes first: when it shows the key itself is unusable,
// nothing else is tried. No AWS error escapes: a check that cannot run says why.
import type { AwsClients } from "./clients";
import { productionAccessCheck, quotaCheck, readAccount, sendingEnabledCheck } from "./account-status";
import type { AccountCheck, AccountCheckReport, SendingPolicyStyle, SmtpUserSummary } from "./check-types";
import { skippedCheck } from "./check-results";
import { emailDomain, IdentityLookup, identityCheck, isMailboxSimulatorAddress } from "./identity-checks";
import {
  inspectSmtpUser,
  policyStyleCheck,
  readPolicyStyle,
  sendPermissionCheck,
  simulateSending,
  type SmtpUserIdentity,
} from "./smtp-user-checks";

export { ACCOUNT_CHECK_IDS } from "./check-types";
export type {
  AccountCheck,
  AccountCheckId,
  AccountCheckReport,
  AccountSnapshot,
  ActionStep,
  CheckStatus,
  SendingPolicyStyle,
  SmtpUserSummary,
  StepStatus,
} from "./check-types";
export { checkConsolePermissions, type ConsolePermissionsResult } from "./console-permissions";
export {
  migrateSendingPolicyToGroup,
  MIGRATION_STEP_IDS,
  type MigrationResult,
  type MigrationStepId,
} from "./policy-migration";

export interface AccountCheckInput {
  region: string;
  fromAddress: string;
  /** Checked only in the sandbox, where SES delivers to verified addresses only. */
  testRecipient?: string;
  /** The SMTP user name: an access key id (AKIA…). */
  smtpUsername: string;
}

export interface AccountCheckOptions {
  /** The clock, for checkedAt. */
  now?: () => Date;
}

const TITLES = {
  "from-identity": "From address verified",
  recipient: "Test recipient verified",
  "smtp-user": "SMTP user",
  "send-permission": "Permission to send",
  "policy-style": "Sending policy",
} as const;

/** Runs every check; resolves with a report even when every AWS call fails. */
export async function runAccountChecks(
  clients: AwsClients,
  input: AccountCheckInput,
  options: AccountCheckOptions = {},
): Promise<AccountCheckReport> {
  const region = input.region.trim();
  const fromAddress = input.fromAddress.trim();
  const testRecipient = input.testRecipient?.trim() || undefined;
  const checkedAt = (options.now?.() ?? new Date()).toISOString();

  const account = await readAccount(clients.ses, clients.sesv2);
  const accountChecks = [
    productionAccessCheck(account, region),
    sendingEnabledCheck(account, region),
    quotaCheck(account, region),
  ];
  if (account.keyProblem) {
    return {
      region,
      checkedAt,
      checks: [...accountChecks, ...skipEverythingElse()],
    };
  }

  const sesUnreachable = account.problem?.kind === "unreachable" && !account.snapshot;
  const sandbox = account.snapshot?.productionAccess == null ? null : !account.snapshot.productionAccess;
  const [identityChecks, iam] = await Promise.all([
    sesUnreachable
      ? Promise.resolve([
          skippedCheck("from-identity", TITLES["from-identity"], "SES could not be reached (see Production access)."),
          skippedCheck("recipient", TITLES.recipient, "SES could not be reached (see Production access)."),
        ])
      : runIdentityChecks(clients, { region, fromAddress, testRecipient, sandbox }),
    runIamChecks(clients, { region, fromAddress, smtpUsername: input.smtpUsername }),
  ]);

  return {
    region,
    checkedAt,
    ...(account.snapshot ? { account: account.snapshot } : {}),
    ...(iam.smtpUser ? { smtpUser: iam.smtpUser } : {}),
    checks: [...accountChecks, ...identityChecks, ...iam.checks],
  };
}

function skipEverythingElse(): AccountCheck[] {
  const reason = "the diagnostics key was not accepted (see Production access).";
  return (["from-identity", "recipient", "smtp-user", "send-permission", "policy-style"] as const).map((id) =>
    skippedCheck(id, TITLES[id], reason),
  );
}

// The SES lane: one call at a time.
async function runIdentityChecks(
  clients: AwsClients,
  input: { region: string; fromAddress: string; testRecipient?: string; sandbox: boolean | null },
): Promise<AccountCheck[]> {
  const lookup = new IdentityLookup(clients.ses, clients.sesv2);
  const { region, fromAddress, testRecipient, sandbox } = input;

  let fromCheck: AccountCheck;
  if (!emailDomain(fromAddress)) {
    fromCheck = {
      id: "from-identity",
      title: TITLES["from-identity"],
      status: "fail",
      summary: "The From address is not an email address.",
      fix: "Enter the address your messages come from, such as hello@example.com.",
    };
  } else {
    fromCheck = identityCheck(await lookup.resolve(fromAddress), { role: "from", region });
  }

  let recipientCheck: AccountCheck;
  const recipientTitle = TITLES.recipient;
  if (sandbox === false) {
    recipientCheck = skippedCheck("recipient", recipientTitle, "production accounts can send to anyone.");
  } else if (!testRecipient) {
    recipientCheck = skippedCheck("recipient", recipientTitle, "no test recipient was given.");
  } else if (!emailDomain(testRecipient)) {
    recipientCheck = {
      id: "recipient",
      title: recipientTitle,
      status: "fail",
      summary: "The test recipient is not an email address.",
      fix: "Enter the address the test message should go to.",
    };
  } else if (isMailboxSimulatorAddress(testRecipient)) {
    recipientCheck = {
      id: "recipient",
      title: recipientTitle,
      status: "pass",
      summary: `${testRecipient} is SES's mailbox simulator, which accepts messages even in the sandbox.`,
    };
  } else {
    recipientCheck = identityCheck(await lookup.resolve(testRecipient), { role: "recipient", region, sandbox });
  }
  return [fromCheck, recipientCheck];
}

// The IAM lane: find the user, then simulate and read its policies side by side.
async function runIamChecks(
  clients: AwsClients,
  input: { region: string; fromAddress: string; smtpUsername: string },
): Promise<{ checks: AccountCheck[]; smtpUser?: SmtpUserSummary }> {
  const inspection = await inspectSmtpUser(clients.iam, input.smtpUsername);
  const user: SmtpUserIdentity | undefined = inspection.user;
  if (!user) {
    const reason = inspection.skipReason ?? "the SMTP user could not be looked up.";
    return {
      checks: [
        inspection.check,
        skippedCheck("send-permission", TITLES["send-permission"], reason),
        skippedCheck("policy-style", TITLES["policy-style"], reason),
      ],
    };
  }
  const [simulated, policies] = await Promise.all([
    simulateSending(clients.iam, user, input.region, input.fromAddress),
    readPolicyStyle(clients.iam, user.userName),
  ]);
  const permission = sendPermissionCheck(simulated, user, input.fromAddress, input.region);
  const decision = "simulation" in simulated ? simulated.simulation.decision : undefined;
  const style = policyStyleCheck(policies, user.userName, decision);
  const policyStyle: SendingPolicyStyle = style.style;
  return {
    checks: [inspection.check, permission, style.check],
    smtpUser: { userName: user.userName, arn: user.arn, accountId: user.accountId, policyStyle },
  };
}
