// The IAM policies and names SES documents for SMTP users, and the policy Inflowave asks for on
// the diagnostics key. DIAGNOSTICS_POLICY lists exactly the actions lib/aws calls with that key;
// a unit test runs every code path against mocks and compares, so the two cannot drift apart.
// Browser-safe: plain data, shown on the settings page for people to copy.

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string | readonly string[];
  Resource: string | readonly string[];
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: readonly PolicyStatement[];
}

/** The sending policy SES documents for SMTP users: SMTP sends are ses:SendRawEmail. */
export const SENDING_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "ses:SendRawEmail", Resource: "*" }],
} as const satisfies PolicyDocument;

/** The name SES gives the sending policy, inline on pre-September-2024 users and on the group since. */
export const SENDING_POLICY_NAME = "AmazonSesSendingAccess";
/** The group the SES console puts SMTP users in since September 6, 2024. */
export const SENDING_GROUP_NAME = "AWSSESSendingGroupDoNotRename";
/** The tag the console put on SMTP users it created before September 2024 (InvokedBy=SESConsole). */
export const CONSOLE_USER_TAG = { key: "InvokedBy", value: "SESConsole" } as const;

/** AWS's steps for moving an SMTP user from the inline policy to the group, for doing it by hand. */
export const SENDING_POLICY_MIGRATION_STEPS = [
  `Create the group ${SENDING_GROUP_NAME} with the policy ${SENDING_POLICY_NAME} (allow ses:SendRawEmail), unless it exists.`,
  "Add the SMTP user to that group.",
  `Check the user's Permissions tab: it now lists ${SENDING_POLICY_NAME} twice, once as Inline and once as Group.`,
  "Remove only the Inline one.",
  `Remove the user's tag ${CONSOLE_USER_TAG.key}=${CONSOLE_USER_TAG.value}.`,
] as const;

/** IAM's rule for user names: up to 64 letters, digits and + = , . @ _ - characters. */
export const IAM_USER_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

/** The five permissions someone needs to create SMTP credentials in the SES console (or through us). */
export const CONSOLE_CREDENTIAL_PERMISSIONS = [
  "iam:CreateUser",
  "iam:CreateGroup",
  "iam:PutGroupPolicy",
  "iam:AddUserToGroup",
  "iam:CreateAccessKey",
] as const;

export type ConsoleCredentialPermission = (typeof CONSOLE_CREDENTIAL_PERMISSIONS)[number];

/** What the account checks read. None of these change anything. */
export const DIAGNOSTICS_READ_ACTIONS = [
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
] as const;

/**
 * What the optional one-click fixes do: move the sending policy from inline to the group, and
 * request production access. Leave this statement out to keep the key read-only.
 */
export const DIAGNOSTICS_FIX_ACTIONS = [
  "iam:CreateGroup",
  "iam:PutGroupPolicy",
  "iam:AddUserToGroup",
  "iam:DeleteUserPolicy",
  "iam:UntagUser",
  "ses:PutAccountDetails",
] as const;

/** The least-privilege policy for the diagnostics key: the read-only checks, and the optional fixes. */
export const DIAGNOSTICS_POLICY = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "InflowaveReadOnlyChecks", Effect: "Allow", Action: DIAGNOSTICS_READ_ACTIONS, Resource: "*" },
    { Sid: "InflowaveOptionalFixes", Effect: "Allow", Action: DIAGNOSTICS_FIX_ACTIONS, Resource: "*" },
  ],
} as const satisfies PolicyDocument;

/** A policy as people paste it into the IAM console. */
export function policyJson(policy: PolicyDocument): string {
  return JSON.stringify(policy, null, 2);
}

/** Every action a policy allows, in order, without duplicates. */
export function policyActions(policy: PolicyDocument): string[] {
  const actions = policy.Statement.flatMap((statement) =>
    typeof statement.Action === "string" ? [statement.Action] : [...statement.Action],
  );
  return [...new Set(actions)];
}

/** The ARN of an SES identity (an address or a domain), for simulations and narrowed policies. */
export function sesIdentityArn(region: string, accountId: string, identity: string): string {
  return `arn:${arnPartition(region)}:ses:${region}:${accountId}:identity/${identity}`;
}

/** The ARN partition a region belongs to: "aws", or "aws-us-gov" and "aws-cn" for those regions. */
export function arnPartition(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}
