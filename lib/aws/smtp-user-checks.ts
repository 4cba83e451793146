// The IAM side of the checks: which IAM user the SMTP user name (an access key id) belongs to,
// whether IAM lets that user send as the From address (a policy simulation), and how it gets
// that permission: the pre-September-2024 inline policy, the group SES uses since, both, or
// something else.
import {
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  type IAMClient,
  SimulatePrincipalPolicyCommand,
  type SimulatePrincipalPolicyCommandOutput,
} from "@aws-sdk/client-iam";
import { classifyUsername } from "../ses/credential-shapes";
import { describeSesRegion } from "../ses/regions";
import { type AwsProblem, describeAwsError } from "./aws-errors";
import type { AccountCheck, SendingPolicyStyle } from "./check-types";
import { skippedCheck, unavailableCheck } from "./check-results";
import { listGroupPolicies, listGroupsForUser, listUserPolicies } from "./iam-lists";
import { emailDomain } from "./identity-checks";
import { SENDING_GROUP_NAME, SENDING_POLICY_MIGRATION_STEPS, SENDING_POLICY_NAME, sesIdentityArn } from "./policies";

export interface SmtpUserIdentity {
  userName: string;
  arn: string;
  accountId: string;
}

export interface SmtpUserInspection {
  check: AccountCheck;
  /** Set when the user and its ARN are known, which the later checks need. */
  user?: SmtpUserIdentity;
  /** Why the later checks cannot run, completing "Skipped: …", when `user` is unset. */
  skipReason?: string;
}

const USER_TITLE = "SMTP user";

/** Finds the IAM user behind the SMTP user name: GetAccessKeyLastUsed, then GetUser for its ARN. */
export async function inspectSmtpUser(iam: IAMClient, smtpUsername: string): Promise<SmtpUserInspection> {
  const id = "smtp-user";
  const username = smtpUsername.trim();
  if (username === "") {
    return {
      check: skippedCheck(id, USER_TITLE, "no SMTP user name was given."),
      skipReason: "no SMTP user name was given.",
    };
  }
  const shape = shapeProblem(username);
  if (shape) {
    return {
      check: { id, title: USER_TITLE, status: "fail", ...shape },
      skipReason: "the SMTP user name is not an access key id, so its IAM user cannot be looked up.",
    };
  }
  let userName: string | undefined;
  let lastUsed: string | undefined;
  try {
    const out = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: username }));
    userName = out.UserName;
    lastUsed = describeLastUse(out.AccessKeyLastUsed);
  } catch (error) {
    const problem = describeAwsError(error, "iam:GetAccessKeyLastUsed");
    if (problem.kind === "not-found") {
      return {
        check: {
          id,
          title: USER_TITLE,
          status: "fail",
          summary: `No access key ${username} exists in this AWS account.`,
          fix: "Check the SMTP user name, or create new SMTP credentials: the key may have been deleted.",
          problem,
        },
        skipReason: "the SMTP user name's IAM user was not found.",
      };
    }
    const detail =
      problem.kind === "access-denied"
        ? "IAM refuses this call in the same way when the access key belongs to a different AWS account from the diagnostics key's."
        : undefined;
    return {
      check: unavailableCheck(id, USER_TITLE, problem, detail),
      skipReason: "the SMTP user name's IAM user could not be looked up.",
    };
  }
  if (!userName) {
    return {
      check: {
        id,
        title: USER_TITLE,
        status: "fail",
        summary: `AWS did not say which IAM user the access key ${username} belongs to.`,
        fix: "Check the SMTP user name; if it belongs to the account's root user, create SMTP credentials for an IAM user instead.",
      },
      skipReason: "the SMTP user name's IAM user was not found.",
    };
  }
  const belongs = `The SMTP user name ${username} belongs to IAM user ${userName}.`;
  try {
    const out = await iam.send(new GetUserCommand({ UserName: userName }));
    const arn = out.User?.Arn;
    const accountId = arn?.split(":")[4];
    if (!arn || !accountId) throw Object.assign(new Error("GetUser returned no ARN"), { name: "MissingArn" });
    return {
      check: { id, title: USER_TITLE, status: "pass", summary: belongs, ...(lastUsed ? { detail: lastUsed } : {}) },
      user: { userName, arn, accountId },
    };
  } catch (error) {
    const problem = describeAwsError(error, "iam:GetUser");
    if (problem.kind === "not-found") {
      return {
        check: {
          id,
          title: USER_TITLE,
          status: "fail",
          summary: `${belongs.slice(0, -1)}, but that user no longer exists.`,
          fix: "Create new SMTP credentials.",
          problem,
        },
        skipReason: `IAM user ${userName} no longer exists.`,
      };
    }
    return {
      check: unavailableCheck(id, USER_TITLE, problem, belongs),
      skipReason: `the ARN of IAM user ${userName} could not be read.`,
    };
  }
}

function shapeProblem(username: string): { summary: string; fix: string } | undefined {
  const kind = classifyUsername(username);
  if (kind === "long-term") return undefined;
  const fix =
    "Use the SMTP user name from the credentials SES gave you (20 characters starting AKIA), or create new SMTP credentials.";
  if (kind === "temporary") {
    return {
      summary: `${username} is a temporary (STS) access key id; SES SMTP does not accept credentials made from temporary keys.`,
      fix: "Create SMTP credentials for an IAM user (a long-term key starting AKIA) in the SES console, or let Inflowave create them.",
    };
  }
  if (kind === "iam-user-name") {
    return {
      summary: `${username} looks like an IAM user name, but the SMTP user name is that user's access key id (20 characters starting AKIA).`,
      fix,
    };
  }
  // Not echoed: it may be a password pasted into the wrong field.
  return { summary: "The SMTP user name does not look like an access key id (20 characters starting AKIA).", fix };
}

function describeLastUse(lastUsed: { LastUsedDate?: Date; ServiceName?: string; Region?: string } | undefined): string {
  const date = lastUsed?.LastUsedDate;
  if (!date || !lastUsed?.ServiceName || lastUsed.ServiceName === "N/A")
    return "The key has never been used with an AWS API.";
  const where = lastUsed.Region && lastUsed.Region !== "N/A" ? ` in ${lastUsed.Region}` : "";
  return `The key was last used on ${date.toISOString().slice(0, 10)} (${lastUsed.ServiceName}${where}).`;
}

export type Decision = "allowed" | "implicitDeny" | "explicitDeny";

export interface SendSimulation {
  /** "mixed" when some identity ARNs are allowed and others are not. */
  decision: Decision | "mixed";
  resources: { resource: string; decision: Decision }[];
  /** Condition keys the policies test that the simulation had no value for. */
  missingContext: string[];
  /** Policies whose statements decided a deny, as IAM names them. */
  denyingPolicies: string[];
}

export function toDecision(value: string | undefined): Decision {
  return value === "allowed" || value === "explicitDeny" ? value : "implicitDeny";
}

/** SimulatePrincipalPolicy for ses:SendRawEmail on the From address's identity ARNs. */
export async function simulateSending(
  iam: IAMClient,
  user: SmtpUserIdentity,
  region: string,
  fromAddress: string,
): Promise<{ simulation: SendSimulation } | { problem: AwsProblem }> {
  const domain = emailDomain(fromAddress);
  const resources = domain
    ? [sesIdentityArn(region, user.accountId, fromAddress), sesIdentityArn(region, user.accountId, domain)]
    : undefined;
  try {
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: user.arn,
        ActionNames: ["ses:SendRawEmail"],
        ...(resources ? { ResourceArns: resources } : {}),
        ...(domain
          ? {
              ContextEntries: [
                { ContextKeyName: "ses:FromAddress", ContextKeyValues: [fromAddress], ContextKeyType: "string" },
              ],
            }
          : {}),
      }),
    );
    return { simulation: readSimulation(out) };
  } catch (error) {
    return { problem: describeAwsError(error, "iam:SimulatePrincipalPolicy") };
  }
}

function readSimulation(out: SimulatePrincipalPolicyCommandOutput): SendSimulation {
  const result =
    out.EvaluationResults?.find((entry) => entry.EvalActionName === "ses:SendRawEmail") ?? out.EvaluationResults?.[0];
  const resources = (result?.ResourceSpecificResults ?? []).map((entry) => ({
    resource: entry.EvalResourceName ?? "*",
    decision: toDecision(entry.EvalResourceDecision),
  }));
  const overall = toDecision(result?.EvalDecision);
  const decisions = new Set(resources.map((entry) => entry.decision));
  let decision: SendSimulation["decision"];
  if (resources.length === 0) decision = overall;
  else if (decisions.has("explicitDeny")) decision = "explicitDeny";
  else if (decisions.size === 1) decision = resources[0]!.decision;
  else decision = "mixed";
  const missing = new Set([
    ...(result?.MissingContextValues ?? []),
    ...(result?.ResourceSpecificResults ?? []).flatMap((entry) => entry.MissingContextValues ?? []),
  ]);
  const denying = new Set(
    decision === "allowed"
      ? []
      : [
          ...(result?.MatchedStatements ?? []),
          ...(result?.ResourceSpecificResults ?? []).flatMap((entry) => entry.MatchedStatements ?? []),
        ]
          .map((statement) => statement.SourcePolicyId)
          .filter((name): name is string => Boolean(name)),
  );
  return { decision, resources, missingContext: [...missing], denyingPolicies: [...denying].slice(0, 5) };
}

const PERMISSION_TITLE = "Permission to send";

export function sendPermissionCheck(
  outcome: { simulation: SendSimulation } | { problem: AwsProblem },
  user: SmtpUserIdentity,
  fromAddress: string,
  region: string,
): AccountCheck {
  const id = "send-permission";
  if ("problem" in outcome) return unavailableCheck(id, PERMISSION_TITLE, outcome.problem);
  const { simulation } = outcome;
  const where = describeSesRegion(region);
  const missing = simulation.missingContext.length
    ? `The policies test ${simulation.missingContext.join(", ")}, which this simulation could not fill in, so the answer assumes those conditions do not apply; at send time they decide.`
    : undefined;
  const withMissing = (detail?: string) => [detail, missing].filter(Boolean).join(" ") || undefined;
  const groupFix = `Put the user in the group ${SENDING_GROUP_NAME} with the policy ${SENDING_POLICY_NAME} (Inflowave can do this for you), or attach that policy to the user.`;
  switch (simulation.decision) {
    case "allowed":
      return compact({
        id,
        title: PERMISSION_TITLE,
        status: "pass",
        summary: `IAM user ${user.userName} may send email (ses:SendRawEmail) as ${fromAddress} in ${where}.`,
        detail: missing,
      });
    case "explicitDeny":
      return compact({
        id,
        title: PERMISSION_TITLE,
        status: "fail",
        summary: `A Deny statement stops IAM user ${user.userName} from sending as ${fromAddress}: SES answers 554 Access denied.`,
        detail: withMissing(
          simulation.denyingPolicies.length ? `Denied by: ${simulation.denyingPolicies.join(", ")}.` : undefined,
        ),
        fix: "Remove or narrow that Deny statement; it may be in one of the user's or its groups' policies, a permissions boundary or an organization's service control policy.",
      });
    case "implicitDeny":
      return compact({
        id,
        title: PERMISSION_TITLE,
        status: "fail",
        summary: `No policy lets IAM user ${user.userName} send email (ses:SendRawEmail) as ${fromAddress} in ${where}: SES answers 554 Access denied.`,
        detail: missing,
        fix: groupFix,
      });
    case "mixed": {
      const allowed = simulation.resources.filter((entry) => entry.decision === "allowed").map(identityOf);
      const denied = simulation.resources.filter((entry) => entry.decision !== "allowed").map(identityOf);
      return compact({
        id,
        title: PERMISSION_TITLE,
        status: "warn",
        summary: `IAM user ${user.userName} may send as ${allowed.join(", ")} but not as ${denied.join(", ")}.`,
        detail: withMissing(
          "SES checks the identity the From address is verified through; if that is the one not allowed, SES answers 554 Access denied.",
        ),
        fix: 'If the sending policy lists identity ARNs, list both the address and its domain (or use Resource "*").',
      });
    }
  }
}

const identityOf = (entry: { resource: string }) => entry.resource.replace(/^.*:identity\//, "");

function compact(check: AccountCheck): AccountCheck {
  return Object.fromEntries(
    Object.entries(check).filter(([, value]) => value !== undefined),
  ) as unknown as AccountCheck;
}

export interface PolicyStyleRead {
  /** Has the inline user policy AmazonSesSendingAccess; null when it could not be read. */
  inline: boolean | null;
  /** Is a member of AWSSESSendingGroupDoNotRename; null when it could not be read. */
  inGroup: boolean | null;
  /** That group has the policy AmazonSesSendingAccess; null when unknown or not a member. */
  groupHasPolicy: boolean | null;
  problems: AwsProblem[];
}

/** ListUserPolicies and ListGroupsForUser side by side, then ListGroupPolicies if the user is in the group. */
export async function readPolicyStyle(iam: IAMClient, userName: string): Promise<PolicyStyleRead> {
  const problems: AwsProblem[] = [];
  const [policies, groups] = await Promise.all([
    listUserPolicies(iam, userName).catch((error: unknown) => {
      problems.push(describeAwsError(error, "iam:ListUserPolicies"));
      return null;
    }),
    listGroupsForUser(iam, userName).catch((error: unknown) => {
      problems.push(describeAwsError(error, "iam:ListGroupsForUser"));
      return null;
    }),
  ]);
  const inGroup = groups ? groups.includes(SENDING_GROUP_NAME) : null;
  let groupHasPolicy: boolean | null = null;
  if (inGroup) {
    try {
      groupHasPolicy = (await listGroupPolicies(iam, SENDING_GROUP_NAME)).includes(SENDING_POLICY_NAME);
    } catch (error) {
      problems.push(describeAwsError(error, "iam:ListGroupPolicies"));
    }
  }
  return { inline: policies ? policies.includes(SENDING_POLICY_NAME) : null, inGroup, groupHasPolicy, problems };
}

const STYLE_TITLE = "Sending policy";

/** The policy-style check; `simulated` is the send-permission decision, when there is one. */
export function policyStyleCheck(
  read: PolicyStyleRead,
  userName: string,
  simulated: SendSimulation["decision"] | undefined,
): { check: AccountCheck; style: SendingPolicyStyle } {
  const id = "policy-style";
  const title = STYLE_TITLE;
  const group = read.inGroup === null ? null : read.inGroup && read.groupHasPolicy !== false;
  const notes: string[] = [];
  if (read.inGroup && read.groupHasPolicy === null) {
    notes.push(`Could not confirm that the group ${SENDING_GROUP_NAME} has the policy ${SENDING_POLICY_NAME}.`);
  }
  if (read.inGroup && read.groupHasPolicy === false) {
    notes.push(`The user is in the group ${SENDING_GROUP_NAME}, but the group has no ${SENDING_POLICY_NAME} policy.`);
  }
  if (read.inline === null && group) notes.push("Could not read the user's inline policies.");
  if (read.inGroup === null && read.inline) notes.push("Could not read the user's groups.");
  const detail = notes.length ? notes.join(" ") : undefined;
  const withDetail = (check: AccountCheck): AccountCheck => (detail ? { ...check, detail } : check);

  if (read.inline && group) {
    return {
      style: "both",
      check: withDetail({
        id,
        title,
        status: "warn",
        summary: `IAM user ${userName} has the sending policy twice, inline and through the group ${SENDING_GROUP_NAME}: a move to the group policy stopped halfway.`,
        fix: `Remove the inline ${SENDING_POLICY_NAME} policy and the tag InvokedBy=SESConsole; the group keeps the user able to send. Inflowave can finish this for you.`,
      }),
    };
  }
  if (read.inline) {
    return {
      style: "inline",
      check: withDetail({
        id,
        title,
        status: "warn",
        summary: `IAM user ${userName} gets its permission to send from an inline policy, the way the SES console set users up before September 6, 2024.`,
        fix: `AWS recommends moving it to the group ${SENDING_GROUP_NAME}. Inflowave can do this for you, keeping the user able to send throughout, or follow these steps in the IAM console:`,
        fixSteps: [...SENDING_POLICY_MIGRATION_STEPS],
      }),
    };
  }
  if (group) {
    return {
      style: "group",
      check: withDetail({
        id,
        title,
        status: "pass",
        summary: `IAM user ${userName} gets its permission to send from the group ${SENDING_GROUP_NAME}, as AWS recommends.`,
      }),
    };
  }
  if (read.inline === null || group === null) {
    const problem = read.problems[0]!;
    return { style: "unknown", check: unavailableCheck(id, title, problem, detail) };
  }
  if (simulated === "allowed" || simulated === "mixed") {
    return {
      style: "other",
      check: withDetail({
        id,
        title,
        status: "pass",
        summary: `IAM user ${userName} may send through a policy other than ${SENDING_POLICY_NAME} (a managed policy or another group, for example).`,
      }),
    };
  }
  const none = `IAM user ${userName} has neither the inline ${SENDING_POLICY_NAME} policy nor membership of the group ${SENDING_GROUP_NAME}`;
  const fix = `Put the user in the group ${SENDING_GROUP_NAME} with the policy ${SENDING_POLICY_NAME}; Inflowave can do this for you.`;
  if (simulated === undefined) {
    return {
      style: "none",
      check: withDetail({
        id,
        title,
        status: "warn",
        summary: `${none}; whether another policy lets it send could not be checked.`,
        fix,
      }),
    };
  }
  return {
    style: "none",
    check: withDetail({ id, title, status: "fail", summary: `${none}, and no other policy lets it send.`, fix }),
  };
}
