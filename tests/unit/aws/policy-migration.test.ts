import { describe, expect, it } from "vitest";
import { migrateSendingPolicyToGroup, MIGRATION_STEP_IDS } from "@/lib/aws/account-checks";
import { SENDING_GROUP_NAME, SENDING_POLICY, SENDING_POLICY_NAME } from "@/lib/aws/policies";
import { accessDeniedV1, expectNothingSecret, iamModelledError, queryError } from "./fakes";
import { arrange, calledActions, diagnosticsClients, inputsOf, type Replies } from "./mock-aws";

const USER = "ses-smtp-user.20230601-101010";

/**
 * A small IAM account: groups with inline policies, users with inline policies, groups and tags.
 * After every change it checks the user can still send, which the migration must never break.
 */
class FakeIamAccount {
  readonly groups = new Map<string, Map<string, string>>();
  readonly inline = new Map<string, Set<string>>();
  readonly memberOf = new Map<string, Set<string>>();
  readonly tags = new Map<string, Map<string, string>>();
  /** Errors to throw, per command, instead of answering. */
  failures: Partial<Record<string, Error>> = {};
  everUnableToSend = false;

  constructor(state: {
    inline?: boolean;
    group?: "none" | "empty" | "with-policy";
    member?: boolean;
    tagged?: boolean;
  }) {
    this.inline.set(USER, new Set(state.inline ? [SENDING_POLICY_NAME] : []));
    this.memberOf.set(USER, new Set(state.member ? [SENDING_GROUP_NAME] : []));
    this.tags.set(USER, new Map(state.tagged ? [["InvokedBy", "SESConsole"]] : []));
    if (state.group && state.group !== "none") {
      this.groups.set(
        SENDING_GROUP_NAME,
        new Map(state.group === "with-policy" ? [[SENDING_POLICY_NAME, JSON.stringify(SENDING_POLICY)]] : []),
      );
    }
  }

  canSend(user = USER): boolean {
    if (this.inline.get(user)?.has(SENDING_POLICY_NAME)) return true;
    return [...(this.memberOf.get(user) ?? [])].some((name) => this.groups.get(name)?.has(SENDING_POLICY_NAME));
  }

  replies(): Replies {
    const guard =
      (name: string, answer: (input: Record<string, unknown>) => unknown) => (input: Record<string, unknown>) => {
        const failure = this.failures[name];
        if (failure) return failure;
        const userName = input.UserName as string | undefined;
        if (userName && !this.inline.has(userName)) return iamModelledError("NoSuchEntity");
        const result = answer(input);
        if (!this.canSend()) this.everUnableToSend = true;
        return result;
      };
    return {
      CreateGroup: guard("CreateGroup", (input) => {
        if (this.groups.has(input.GroupName as string)) return iamModelledError("EntityAlreadyExists");
        this.groups.set(input.GroupName as string, new Map());
        return { Group: { GroupName: input.GroupName } };
      }),
      ListGroupPolicies: guard("ListGroupPolicies", (input) => ({
        PolicyNames: [...(this.groups.get(input.GroupName as string)?.keys() ?? [])],
        IsTruncated: false,
      })),
      PutGroupPolicy: guard("PutGroupPolicy", (input) => {
        this.groups.get(input.GroupName as string)!.set(input.PolicyName as string, input.PolicyDocument as string);
        return {};
      }),
      ListGroupsForUser: guard("ListGroupsForUser", (input) => ({
        Groups: [...this.memberOf.get(input.UserName as string)!].map((GroupName) => ({ GroupName })),
        IsTruncated: false,
      })),
      AddUserToGroup: guard("AddUserToGroup", (input) => {
        this.memberOf.get(input.UserName as string)!.add(input.GroupName as string);
        return {};
      }),
      DeleteUserPolicy: guard("DeleteUserPolicy", (input) => {
        const policies = this.inline.get(input.UserName as string)!;
        if (!policies.delete(input.PolicyName as string)) return iamModelledError("NoSuchEntity");
        return {};
      }),
      GetUser: guard("GetUser", (input) => ({
        User: {
          UserName: input.UserName,
          Arn: `arn:aws:iam::123456789012:user/${input.UserName as string}`,
          Tags: [...this.tags.get(input.UserName as string)!].map(([Key, Value]) => ({ Key, Value })),
        },
      })),
      UntagUser: guard("UntagUser", (input) => {
        for (const key of input.TagKeys as string[]) this.tags.get(input.UserName as string)!.delete(key);
        return {};
      }),
    };
  }
}

async function migrate(account: FakeIamAccount, userName = USER) {
  arrange(account.replies());
  const result = await migrateSendingPolicyToGroup(diagnosticsClients().iam, userName);
  expectNothingSecret(result);
  return result;
}

const statuses = (result: Awaited<ReturnType<typeof migrate>>) =>
  Object.fromEntries(result.steps.map((step) => [step.id, step.status]));

describe("migrateSendingPolicyToGroup", () => {
  it("moves a pre-2024 console user from the inline policy to a new group", async () => {
    const account = new FakeIamAccount({ inline: true, tagged: true });
    const result = await migrate(account);
    expect(result.ok).toBe(true);
    expect(statuses(result)).toEqual({
      "create-group": "done",
      "put-group-policy": "done",
      "add-user-to-group": "done",
      "delete-inline-policy": "done",
      "remove-console-tag": "done",
    });
    expect(calledActions()).toEqual([
      "iam:CreateGroup",
      "iam:PutGroupPolicy",
      "iam:ListGroupsForUser",
      "iam:AddUserToGroup",
      "iam:DeleteUserPolicy",
      "iam:GetUser",
      "iam:UntagUser",
    ]);
    expect(JSON.parse(inputsOf("PutGroupPolicy")[0]!.PolicyDocument as string)).toEqual(SENDING_POLICY);
    expect(inputsOf("UntagUser")).toEqual([{ UserName: USER, TagKeys: ["InvokedBy"] }]);
    expect(account.inline.get(USER)!.size).toBe(0);
    expect(account.tags.get(USER)!.size).toBe(0);
    expect(account.canSend()).toBe(true);
    expect(account.everUnableToSend).toBe(false);
  });

  it("joins an existing group and keeps its own policy", async () => {
    const account = new FakeIamAccount({ inline: true, group: "with-policy", tagged: true });
    const narrowed = JSON.stringify({ ...SENDING_POLICY, note: "narrowed by the customer" });
    account.groups.get(SENDING_GROUP_NAME)!.set(SENDING_POLICY_NAME, narrowed);
    const result = await migrate(account);
    expect(statuses(result)).toMatchObject({ "create-group": "already-done", "put-group-policy": "already-done" });
    expect(result.steps[1]!.detail).toContain("kept as it is");
    expect(calledActions()).not.toContain("iam:PutGroupPolicy");
    expect(account.groups.get(SENDING_GROUP_NAME)!.get(SENDING_POLICY_NAME)).toBe(narrowed);
    expect(account.everUnableToSend).toBe(false);
  });

  it("gives an existing empty group the policy", async () => {
    const account = new FakeIamAccount({ inline: true, group: "empty" });
    const result = await migrate(account);
    expect(statuses(result)).toMatchObject({ "create-group": "already-done", "put-group-policy": "done" });
    expect(account.everUnableToSend).toBe(false);
  });

  it("finishes a migration that stopped halfway (in the group, inline still there)", async () => {
    const account = new FakeIamAccount({ inline: true, group: "with-policy", member: true, tagged: true });
    const result = await migrate(account);
    expect(result.ok).toBe(true);
    expect(statuses(result)).toEqual({
      "create-group": "already-done",
      "put-group-policy": "already-done",
      "add-user-to-group": "already-done",
      "delete-inline-policy": "done",
      "remove-console-tag": "done",
    });
    expect(calledActions()).not.toContain("iam:AddUserToGroup");
  });

  it("does nothing harmful when already migrated", async () => {
    const account = new FakeIamAccount({ group: "with-policy", member: true });
    const result = await migrate(account);
    expect(result.ok).toBe(true);
    expect(statuses(result)).toMatchObject({
      "delete-inline-policy": "already-done",
      "remove-console-tag": "already-done",
    });
    expect(calledActions()).not.toContain("iam:UntagUser");
  });

  it("puts a user with no sending policy at all into the group", async () => {
    const account = new FakeIamAccount({});
    const result = await migrate(account);
    expect(result.ok).toBe(true);
    expect(account.canSend()).toBe(true);
  });

  it("stops at the first failure with the inline policy still in place, and a rerun finishes", async () => {
    const account = new FakeIamAccount({ inline: true, tagged: true });
    account.failures.AddUserToGroup = accessDeniedV1("iam:AddUserToGroup");
    const failed = await migrate(account);
    expect(failed.ok).toBe(false);
    expect(statuses(failed)).toEqual({
      "create-group": "done",
      "put-group-policy": "done",
      "add-user-to-group": "failed",
      "delete-inline-policy": "not-run",
      "remove-console-tag": "not-run",
    });
    expect(failed.steps[2]!.problem).toEqual({
      kind: "access-denied",
      action: "iam:AddUserToGroup",
      message:
        "The diagnostics key is not allowed to call iam:AddUserToGroup. Add that action to its IAM policy (see the policy below).",
    });
    expect(calledActions()).not.toContain("iam:DeleteUserPolicy");
    expect(account.inline.get(USER)!.has(SENDING_POLICY_NAME)).toBe(true);

    account.failures = {};
    const rerun = await migrate(account);
    expect(rerun.ok).toBe(true);
    expect(statuses(rerun)).toEqual({
      "create-group": "already-done",
      "put-group-policy": "already-done",
      "add-user-to-group": "done",
      "delete-inline-policy": "done",
      "remove-console-tag": "done",
    });
    expect(account.everUnableToSend).toBe(false);
  });

  it("untags anyway when the user's tags cannot be read", async () => {
    const account = new FakeIamAccount({ group: "with-policy", member: true, tagged: true });
    account.failures.GetUser = accessDeniedV1("iam:GetUser");
    const result = await migrate(account);
    expect(statuses(result)).toMatchObject({ "remove-console-tag": "done" });
    expect(account.tags.get(USER)!.size).toBe(0);
  });

  it.each([
    ["CreateGroup", "create-group", "iam:CreateGroup"],
    ["PutGroupPolicy", "put-group-policy", "iam:PutGroupPolicy"],
    ["DeleteUserPolicy", "delete-inline-policy", "iam:DeleteUserPolicy"],
    ["UntagUser", "remove-console-tag", "iam:UntagUser"],
  ])("reports a refused %s on its step", async (command, stepId, action) => {
    const account = new FakeIamAccount({ inline: true, tagged: true });
    account.failures[command] = accessDeniedV1(action);
    const result = await migrate(account);
    const failedStep = result.steps.find((step) => step.status === "failed")!;
    expect(failedStep).toMatchObject({ id: stepId, problem: { kind: "access-denied", action } });
    const after = result.steps.slice(MIGRATION_STEP_IDS.indexOf(stepId as never) + 1);
    expect(after.every((step) => step.status === "not-run")).toBe(true);
    expect(account.everUnableToSend).toBe(false);
  });

  it("names ListGroupPolicies when that is what fails on an existing group", async () => {
    const account = new FakeIamAccount({ inline: true, group: "with-policy" });
    account.failures.ListGroupPolicies = accessDeniedV1("iam:ListGroupPolicies");
    const result = await migrate(account);
    expect(result.steps[1]).toMatchObject({
      id: "put-group-policy",
      status: "failed",
      problem: { action: "iam:ListGroupPolicies" },
    });
  });

  it("adds the user anyway when its groups cannot be listed", async () => {
    const account = new FakeIamAccount({ inline: true });
    account.failures.ListGroupsForUser = accessDeniedV1("iam:ListGroupsForUser");
    const result = await migrate(account);
    expect(result.ok).toBe(true);
    expect(calledActions()).toContain("iam:AddUserToGroup");
  });

  it("says when the user does not exist", async () => {
    const account = new FakeIamAccount({ inline: true });
    const result = await migrate(account, "someone-else");
    expect(result.steps[2]).toMatchObject({
      status: "failed",
      problem: {
        kind: "not-found",
        message: "IAM user someone-else does not exist in this AWS account: check the user name.",
      },
    });
  });

  it("reports throttling", async () => {
    const account = new FakeIamAccount({ inline: true });
    account.failures.DeleteUserPolicy = queryError("Throttling", "Rate exceeded", 400);
    const result = await migrate(account);
    expect(result.steps[3]).toMatchObject({ status: "failed", problem: { kind: "throttled" } });
  });

  it("refuses a user name IAM would refuse, without calling AWS", async () => {
    arrange({});
    const result = await migrateSendingPolicyToGroup(diagnosticsClients().iam, "not a user name!");
    expect(result).toMatchObject({ ok: false, problem: { kind: "invalid-input" } });
    expect(result.steps.every((step) => step.status === "not-run")).toBe(true);
    expect(calledActions()).toEqual([]);
  });
});
