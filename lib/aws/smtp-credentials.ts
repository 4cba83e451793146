// Creates SES SMTP credentials in the customer's AWS account the way the SES console does since
// September 2024: a new IAM user in the group AWSSESSendingGroupDoNotRename (whose policy allows
// ses:SendRawEmail), an access key, and the SMTP password derived from it for one region. It runs
// with an administrator key the caller passes in for this call only.
//
// The secret access key never leaves this module: it becomes the SMTP password (a Secret) and is
// dropped. Nothing is undone on failure (that would need permissions beyond the console's five);
// the error says what was created, so the person can delete it or retry with another name.
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  type IAMClient,
  PutGroupPolicyCommand,
} from "@aws-sdk/client-iam";
import { z } from "zod";
import { Secret } from "../crypto/secret";
import { deriveSmtpPasswordSync } from "../ses/smtp-password-node";
import { describeSesRegion, findSesRegion } from "../ses/regions";
import type { AwsProblem, DescribeAwsErrorOptions } from "./aws-errors";
import type { ActionStep } from "./check-types";
import { IAM_USER_NAME_PATTERN, SENDING_GROUP_NAME, SENDING_POLICY, SENDING_POLICY_NAME } from "./policies";
import { attempt, problemOf, StepFailure } from "./step-runner";

/** IAM's rule for user names, which SMTP users follow. */
export const SMTP_USER_NAME_PATTERN = IAM_USER_NAME_PATTERN;

export const smtpUserNameSchema = z
  .string({ error: "Enter a name for the new IAM user, e.g. ses-smtp-inflowave." })
  // In a pipe, so the lengths are checked on strings only (see lib/validation/bounded-string.ts).
  .pipe(
    z
      .string()
      .trim()
      .min(1, "Enter a name for the new IAM user, e.g. ses-smtp-inflowave.")
      .max(64, "An IAM user name is at most 64 characters.")
      .regex(
        SMTP_USER_NAME_PATTERN,
        "An IAM user name may use letters, digits and + = , . @ _ - only (no spaces), e.g. ses-smtp-inflowave.",
      ),
  );

export const CREDENTIAL_STEP_IDS = [
  "create-user",
  "create-group",
  "put-group-policy",
  "add-user-to-group",
  "create-access-key",
  "derive-password",
] as const;

export type CredentialStepId = (typeof CREDENTIAL_STEP_IDS)[number];

const LABELS: Readonly<Record<CredentialStepId, string>> = {
  "create-user": "Create the IAM user",
  "create-group": `Create the group ${SENDING_GROUP_NAME}`,
  "put-group-policy": `Give the group the policy ${SENDING_POLICY_NAME}`,
  "add-user-to-group": "Add the user to the group",
  "create-access-key": "Create the user's access key",
  "derive-password": "Derive the SMTP password for the region",
};

// The action a step's failure is reported under when it fails outside an attempt().
const STEP_ACTIONS: Readonly<Record<CredentialStepId, string>> = {
  "create-user": "iam:CreateUser",
  "create-group": "iam:CreateGroup",
  "put-group-policy": "iam:PutGroupPolicy",
  "add-user-to-group": "iam:AddUserToGroup",
  "create-access-key": "iam:CreateAccessKey",
  "derive-password": "iam:CreateAccessKey",
};

export interface CreatedSmtpCredentials {
  userName: string;
  /** The access key id, which is the SMTP user name. */
  accessKeyId: string;
  /** The SMTP password for `region` only. Shown once; AWS cannot show it again. */
  smtpPassword: Secret;
  region: string;
  /** False when the group already existed and was reused. */
  groupCreated: boolean;
  steps: ActionStep<CredentialStepId>[];
}

/** Creating the credentials stopped at `failedStep`; `completedSteps` lists what exists in AWS now. */
export class SmtpCredentialCreationError extends Error {
  readonly problem: AwsProblem;
  /** "input" when the request was refused before any AWS call. */
  readonly failedStep: CredentialStepId | "input";
  readonly completedSteps: CredentialStepId[];
  readonly steps: ActionStep<CredentialStepId>[];
  readonly userName: string;
  /** True when the IAM user exists now and should be deleted (or a new name chosen) before retrying. */
  readonly userCreated: boolean;

  constructor(details: {
    problem: AwsProblem;
    failedStep: CredentialStepId | "input";
    steps: ActionStep<CredentialStepId>[];
    userName: string;
  }) {
    const completedSteps = details.steps.filter((step) => step.status === "done").map((step) => step.id);
    const userCreated = completedSteps.includes("create-user");
    super(creationMessage(details.problem, details.userName, completedSteps));
    this.name = "SmtpCredentialCreationError";
    this.problem = details.problem;
    this.failedStep = details.failedStep;
    this.steps = details.steps;
    this.completedSteps = completedSteps;
    this.userName = details.userName;
    this.userCreated = userCreated;
  }

  /** Plain data for a Server Action's answer; no stack. */
  toJSON() {
    return {
      name: this.name,
      message: this.message,
      problem: this.problem,
      failedStep: this.failedStep,
      completedSteps: this.completedSteps,
      steps: this.steps,
      userName: this.userName,
      userCreated: this.userCreated,
    };
  }
}

function creationMessage(problem: AwsProblem, userName: string, completed: CredentialStepId[]): string {
  if (!completed.includes("create-user")) return `${problem.message} Nothing was created in AWS.`;
  const extras = [
    completed.includes("create-group") ? `the group ${SENDING_GROUP_NAME}` : undefined,
    completed.includes("create-access-key") ? "an access key" : undefined,
  ].filter(Boolean);
  const also = extras.length ? ` (and ${extras.join(" and ")})` : "";
  return `${problem.message} Inflowave had already created IAM user ${userName}${also}: delete it in the IAM console, or try again with another user name.`;
}

/** The console's default name: ses-smtp-user.YYYYMMDD-HHMMSS, in UTC. */
export function defaultSmtpUserName(now: Date): string {
  const iso = now.toISOString(); // 2026-11-28T19:03:04.123Z
  return `ses-smtp-user.${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}`;
}

const ADMIN_KEY: DescribeAwsErrorOptions = {
  key: "The administrator key",
  policyHint: "the policy of that IAM user or role (the five permissions are listed below)",
};

/**
 * Creates an IAM user that may send with SES, and its SMTP credentials for `region`.
 * Throws SmtpCredentialCreationError (never a raw SDK error) when a step fails.
 */
export async function createSmtpCredentials(
  iam: IAMClient,
  options: { userName?: string; region: string; now?: Date },
): Promise<CreatedSmtpCredentials> {
  const steps: ActionStep<CredentialStepId>[] = CREDENTIAL_STEP_IDS.map((id) => ({
    id,
    label: LABELS[id],
    status: "not-run",
  }));
  const userName = options.userName?.trim() || defaultSmtpUserName(options.now ?? new Date());
  const region = options.region.trim();
  const refuse = (message: string): never => {
    throw new SmtpCredentialCreationError({
      problem: { kind: "invalid-input", action: "iam:CreateUser", message },
      failedStep: "input",
      steps,
      userName,
    });
  };
  const found = findSesRegion(region);
  if (!found)
    refuse(`"${region.slice(0, 40)}" is not an AWS region where Amazon SES runs. Pick a region, e.g. us-east-1.`);
  if (found?.smtp === "not-offered") {
    const instead = found.smtpAlternative ? ` Pick ${describeSesRegion(found.smtpAlternative)} instead.` : "";
    refuse(
      `Amazon SES has no SMTP endpoint in ${describeSesRegion(region)}, so SMTP credentials cannot be used there.${instead}`,
    );
  }
  const nameCheck = smtpUserNameSchema.safeParse(userName);
  if (!nameCheck.success) refuse(nameCheck.error.issues[0]!.message);

  let groupCreated = true;
  let accessKeyId = "";
  let secretAccessKey: Secret | undefined;
  let smtpPassword: Secret | undefined;
  const run: Record<CredentialStepId, () => Promise<Pick<ActionStep, "status" | "detail">>> = {
    "create-user": async () => {
      try {
        await attempt("iam:CreateUser", () => iam.send(new CreateUserCommand({ UserName: userName })), ADMIN_KEY);
      } catch (error) {
        if (error instanceof StepFailure && error.problem.kind === "already-exists") {
          throw new StepFailure({
            ...error.problem,
            message: `An IAM user named ${userName} already exists in this AWS account. Choose another user name: Inflowave never reuses an existing user, which may belong to something else.`,
          });
        }
        throw error;
      }
      return { status: "done" };
    },
    "create-group": async () => {
      try {
        await attempt(
          "iam:CreateGroup",
          () => iam.send(new CreateGroupCommand({ GroupName: SENDING_GROUP_NAME })),
          ADMIN_KEY,
        );
        return { status: "done" };
      } catch (error) {
        if (!(error instanceof StepFailure) || error.problem.kind !== "already-exists") throw error;
        groupCreated = false;
        return { status: "already-done", detail: "The group already existed, so it was reused." };
      }
    },
    "put-group-policy": async () => {
      // As the console does: the group gets the documented policy, also when it existed already.
      await attempt(
        "iam:PutGroupPolicy",
        () =>
          iam.send(
            new PutGroupPolicyCommand({
              GroupName: SENDING_GROUP_NAME,
              PolicyName: SENDING_POLICY_NAME,
              PolicyDocument: JSON.stringify(SENDING_POLICY),
            }),
          ),
        ADMIN_KEY,
      );
      return groupCreated
        ? { status: "done" }
        : {
            status: "done",
            detail: `The group's ${SENDING_POLICY_NAME} policy was set to the documented one (allow ses:SendRawEmail).`,
          };
    },
    "add-user-to-group": async () => {
      await attempt(
        "iam:AddUserToGroup",
        () => iam.send(new AddUserToGroupCommand({ GroupName: SENDING_GROUP_NAME, UserName: userName })),
        ADMIN_KEY,
      );
      return { status: "done" };
    },
    "create-access-key": async () => {
      try {
        const out = await attempt(
          "iam:CreateAccessKey",
          () => iam.send(new CreateAccessKeyCommand({ UserName: userName })),
          ADMIN_KEY,
        );
        const key = out.AccessKey;
        if (!key?.AccessKeyId || !key.SecretAccessKey) {
          throw new StepFailure({
            kind: "unknown",
            action: "iam:CreateAccessKey",
            message: "AWS created an access key but did not return it, so its SMTP password cannot be made.",
          });
        }
        accessKeyId = key.AccessKeyId;
        secretAccessKey = new Secret(key.SecretAccessKey);
      } catch (error) {
        if (error instanceof StepFailure && error.problem.kind === "limit-exceeded") {
          throw new StepFailure({
            ...error.problem,
            message: `IAM user ${userName} already has two access keys, the most IAM allows per user. Delete an unused key of that user in the IAM console, or create the credentials with a new user name.`,
          });
        }
        throw error;
      }
      return { status: "done" };
    },
    "derive-password": async () => {
      smtpPassword = new Secret(deriveSmtpPasswordSync(secretAccessKey!, region));
      secretAccessKey = undefined;
      return { status: "done" };
    },
  };

  for (const step of steps) {
    try {
      Object.assign(step, await run[step.id]());
    } catch (error) {
      step.status = "failed";
      step.problem = problemOf(error, STEP_ACTIONS[step.id], ADMIN_KEY);
      secretAccessKey = undefined;
      throw new SmtpCredentialCreationError({ problem: step.problem, failedStep: step.id, steps, userName });
    }
  }
  return { userName, accessKeyId, smtpPassword: smtpPassword!, region, groupCreated, steps };
}
