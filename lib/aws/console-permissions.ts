// Can this IAM user or role create SMTP credentials in the SES console? The console needs five
// IAM permissions since September 2024; without them it fails, or creates a user that cannot
// send. One SimulatePrincipalPolicy call answers for all five.
import { type IAMClient, SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import { type AwsProblem, describeAwsError } from "./aws-errors";
import { CONSOLE_CREDENTIAL_PERMISSIONS } from "./policies";
import { type Decision, toDecision } from "./smtp-user-checks";

export interface ConsolePermissionsResult {
  principalArn: string;
  results: { action: string; decision: Decision }[];
  allAllowed: boolean;
  problem?: AwsProblem;
}

const ACTION = "iam:SimulatePrincipalPolicy";
const PRINCIPAL_ARN =
  /^arn:aws(?:-cn|-us-gov|-iso[a-z]?)?:iam::\d{12}:(?:user|role)\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,128}$/;

/** Why an ARN cannot be simulated, in words; undefined when it can. */
export function principalArnProblem(arn: string): string | undefined {
  if (PRINCIPAL_ARN.test(arn)) return undefined;
  const role = /^arn:aws[\w-]*:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\//.exec(arn);
  if (role) {
    return `That is a role session's ARN. Enter the role's own ARN instead, like arn:aws:iam::${role[1]}:role/${role[2]} (with its path, if it has one).`;
  }
  if (/^arn:aws[\w-]*:iam::\d{12}:root$/.test(arn)) {
    return "That is the account's root user, which may do everything; AWS advises against using it day to day. Enter the ARN of the IAM user or role you sign in with.";
  }
  if (/^arn:aws[\w-]*:iam::\d{12}:group\//.test(arn)) {
    return "That is a group's ARN. Enter the ARN of a user or role: a user's permissions include its groups'.";
  }
  return "That is not the ARN of an IAM user or role. It looks like arn:aws:iam::123456789012:user/alice or arn:aws:iam::123456789012:role/Admin; the IAM console shows it on the user's or role's page.";
}

/** Simulates the five console permissions for a user or role. Never throws for AWS errors. */
export async function checkConsolePermissions(iam: IAMClient, principalArn: string): Promise<ConsolePermissionsResult> {
  const arn = principalArn.trim();
  const invalid = principalArnProblem(arn);
  const unavailable = (problem: AwsProblem): ConsolePermissionsResult => ({
    principalArn: arn,
    results: [],
    allAllowed: false,
    problem,
  });
  if (invalid) return unavailable({ kind: "invalid-input", action: ACTION, message: invalid });
  try {
    const out = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn, ActionNames: [...CONSOLE_CREDENTIAL_PERMISSIONS] }),
    );
    const byAction = new Map((out.EvaluationResults ?? []).map((entry) => [entry.EvalActionName, entry.EvalDecision]));
    const results = CONSOLE_CREDENTIAL_PERMISSIONS.map((action) => ({
      action,
      decision: toDecision(byAction.get(action)),
    }));
    return { principalArn: arn, results, allAllowed: results.every((entry) => entry.decision === "allowed") };
  } catch (error) {
    const problem = describeAwsError(error, ACTION);
    if (problem.kind === "not-found") {
      return unavailable({ ...problem, message: `There is no IAM user or role ${arn} in this AWS account.` });
    }
    return unavailable(problem);
  }
}
