// Moves an SMTP user's permission to send from the inline policy the SES console used before
// September 6, 2024 to the group it uses since, in AWS's documented order: the group and its
// policy first, then the membership, and only then the inline policy goes, so the user can send
// at every moment. Each step recognises work already done, so a run that stopped halfway can
// simply be run again. It also works for a user with no sending policy at all: it ends up in the
// group.
import {
  GetUserCommand,
  AddUserToGroupCommand,
  CreateGroupCommand,
  DeleteUserPolicyCommand,
  type IAMClient,
  PutGroupPolicyCommand,
  UntagUserCommand,
} from "@aws-sdk/client-iam";
import type { AwsProblem } from "./aws-errors";
import type { ActionStep, StepStatus } from "./check-types";
import { listGroupPolicies, listGroupsForUser } from "./iam-lists";
import {
  CONSOLE_USER_TAG,
  IAM_USER_NAME_PATTERN,
  SENDING_GROUP_NAME,
  SENDING_POLICY,
  SENDING_POLICY_NAME,
} from "./policies";
import { attempt, problemOf, StepFailure } from "./step-runner";

export const MIGRATION_STEP_IDS = [
  "create-group",
  "put-group-policy",
  "add-user-to-group",
  "delete-inline-policy",
  "remove-console-tag",
] as const;

export type MigrationStepId = (typeof MIGRATION_STEP_IDS)[number];

export interface MigrationResult {
  /** True when every step is done or was already done. */
  ok: boolean;
  steps: ActionStep<MigrationStepId>[];
  /** Set when the input was refused before any call. */
  problem?: AwsProblem;
}

const LABELS: Readonly<Record<MigrationStepId, string>> = {
  "create-group": `Create the group ${SENDING_GROUP_NAME}`,
  "put-group-policy": `Give the group the policy ${SENDING_POLICY_NAME}`,
  "add-user-to-group": "Add the user to the group",
  "delete-inline-policy": `Remove the user's inline ${SENDING_POLICY_NAME} policy`,
  "remove-console-tag": `Remove the user's tag ${CONSOLE_USER_TAG.key}`,
};

// The action a step's failure is reported under when it fails outside an attempt().
const STEP_ACTIONS: Readonly<Record<MigrationStepId, string>> = {
  "create-group": "iam:CreateGroup",
  "put-group-policy": "iam:PutGroupPolicy",
  "add-user-to-group": "iam:AddUserToGroup",
  "delete-inline-policy": "iam:DeleteUserPolicy",
  "remove-console-tag": "iam:UntagUser",
};

type StepOutcome = { status: Extract<StepStatus, "done" | "already-done">; detail?: string };

/** Runs the migration for `userName`; stops at the first failure. Never throws for AWS errors. */
export async function migrateSendingPolicyToGroup(iam: IAMClient, userName: string): Promise<MigrationResult> {
  const steps: ActionStep<MigrationStepId>[] = MIGRATION_STEP_IDS.map((id) => ({
    id,
    label: LABELS[id],
    status: "not-run",
  }));
  const name = userName.trim();
  if (!IAM_USER_NAME_PATTERN.test(name)) {
    return {
      ok: false,
      steps,
      problem: {
        kind: "invalid-input",
        action: "iam:AddUserToGroup",
        message: "That is not an IAM user name: up to 64 letters, digits and + = , . @ _ - characters.",
      },
    };
  }
  const missingUser = (failure: StepFailure): StepFailure =>
    failure.problem.kind === "not-found"
      ? new StepFailure({
          ...failure.problem,
          message: `IAM user ${name} does not exist in this AWS account: check the user name.`,
        })
      : failure;

  let groupExisted = false;
  const run: Record<MigrationStepId, () => Promise<StepOutcome>> = {
    "create-group": async () => {
      try {
        await attempt("iam:CreateGroup", () => iam.send(new CreateGroupCommand({ GroupName: SENDING_GROUP_NAME })));
        return { status: "done" };
      } catch (error) {
        if (!(error instanceof StepFailure) || error.problem.kind !== "already-exists") throw error;
        groupExisted = true;
        return { status: "already-done" };
      }
    },
    "put-group-policy": async () => {
      // An existing group keeps its own policy: someone may have narrowed it to certain identities.
      if (groupExisted) {
        const policies = await attempt("iam:ListGroupPolicies", () => listGroupPolicies(iam, SENDING_GROUP_NAME));
        if (policies.includes(SENDING_POLICY_NAME)) {
          return {
            status: "already-done",
            detail: `The group already had its ${SENDING_POLICY_NAME} policy; it was kept as it is.`,
          };
        }
      }
      await attempt("iam:PutGroupPolicy", () =>
        iam.send(
          new PutGroupPolicyCommand({
            GroupName: SENDING_GROUP_NAME,
            PolicyName: SENDING_POLICY_NAME,
            PolicyDocument: JSON.stringify(SENDING_POLICY),
          }),
        ),
      );
      return { status: "done" };
    },
    "add-user-to-group": async () => {
      let groups: string[] | undefined;
      try {
        groups = await attempt("iam:ListGroupsForUser", () => listGroupsForUser(iam, name));
      } catch (error) {
        // Adding is harmless for a member, so a failed look is no reason to stop; a missing user is.
        if (error instanceof StepFailure && error.problem.kind === "not-found") throw missingUser(error);
      }
      if (groups?.includes(SENDING_GROUP_NAME)) return { status: "already-done" };
      try {
        await attempt("iam:AddUserToGroup", () =>
          iam.send(new AddUserToGroupCommand({ GroupName: SENDING_GROUP_NAME, UserName: name })),
        );
      } catch (error) {
        throw error instanceof StepFailure ? missingUser(error) : error;
      }
      return { status: "done" };
    },
    "delete-inline-policy": async () => {
      try {
        await attempt("iam:DeleteUserPolicy", () =>
          iam.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: SENDING_POLICY_NAME })),
        );
        return { status: "done" };
      } catch (error) {
        if (!(error instanceof StepFailure) || error.problem.kind !== "not-found") throw error;
        return { status: "already-done" };
      }
    },
    "remove-console-tag": async () => {
      // IAM answers UntagUser the same whether or not the tag was there, so look first (GetUser
      // is in the read-only policy); if that is refused, untag anyway.
      const tags = await iam
        .send(new GetUserCommand({ UserName: name }))
        .then((out) => out.User?.Tags ?? [])
        .catch(() => undefined);
      if (tags && !tags.some((tag) => tag.Key === CONSOLE_USER_TAG.key)) return { status: "already-done" };
      await attempt("iam:UntagUser", () =>
        iam.send(new UntagUserCommand({ UserName: name, TagKeys: [CONSOLE_USER_TAG.key] })),
      );
      return { status: "done" };
    },
  };

  for (const step of steps) {
    try {
      const outcome = await run[step.id]();
      step.status = outcome.status;
      if (outcome.detail) step.detail = outcome.detail;
    } catch (error) {
      step.status = "failed";
      step.problem = problemOf(error, STEP_ACTIONS[step.id]);
      return { ok: false, steps };
    }
  }
  return { ok: true, steps };
}
