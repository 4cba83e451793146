import { describe, expect, it } from "vitest";
import { checkConsolePermissions, principalArnProblem } from "@/lib/aws/console-permissions";
import { CONSOLE_CREDENTIAL_PERMISSIONS } from "@/lib/aws/policies";
import { accessDeniedV1, expectNothingSecret, iamModelledError, queryError } from "./fakes";
import { arrange, calledActions, diagnosticsClients, inputsOf } from "./mock-aws";

const USER_ARN = "arn:aws:iam::123456789012:user/alice";

const answer = (decisions: Record<string, string>) => ({
  EvaluationResults: Object.entries(decisions).map(([EvalActionName, EvalDecision]) => ({
    EvalActionName,
    EvalResourceName: "*",
    EvalDecision,
  })),
  IsTruncated: false,
});
const all = (decision: string) =>
  answer(Object.fromEntries(CONSOLE_CREDENTIAL_PERMISSIONS.map((action) => [action, decision])));

async function run(arn: string) {
  const result = await checkConsolePermissions(diagnosticsClients().iam, arn);
  expectNothingSecret(result);
  return result;
}

describe("checkConsolePermissions", () => {
  it("simulates the five permissions in one call", async () => {
    arrange({ SimulatePrincipalPolicy: all("allowed") });
    const result = await run(` ${USER_ARN} `);
    expect(result).toEqual({
      principalArn: USER_ARN,
      allAllowed: true,
      results: CONSOLE_CREDENTIAL_PERMISSIONS.map((action) => ({ action, decision: "allowed" })),
    });
    expect(inputsOf("SimulatePrincipalPolicy")).toEqual([
      { PolicySourceArn: USER_ARN, ActionNames: [...CONSOLE_CREDENTIAL_PERMISSIONS] },
    ]);
  });

  it("reports each decision, and a missing one as an implicit deny", async () => {
    arrange({
      SimulatePrincipalPolicy: answer({
        "iam:CreateUser": "allowed",
        "iam:CreateGroup": "implicitDeny",
        "iam:PutGroupPolicy": "explicitDeny",
        "iam:CreateAccessKey": "allowed",
      }),
    });
    const result = await run(USER_ARN);
    expect(result.allAllowed).toBe(false);
    expect(Object.fromEntries(result.results.map((entry) => [entry.action, entry.decision]))).toEqual({
      "iam:CreateUser": "allowed",
      "iam:CreateGroup": "implicitDeny",
      "iam:PutGroupPolicy": "explicitDeny",
      "iam:AddUserToGroup": "implicitDeny",
      "iam:CreateAccessKey": "allowed",
    });
  });

  it("is all denied for someone with no IAM permissions", async () => {
    arrange({ SimulatePrincipalPolicy: all("implicitDeny") });
    const result = await run("arn:aws:iam::123456789012:role/ReadOnly");
    expect(result.allAllowed).toBe(false);
    expect(result.results.every((entry) => entry.decision === "implicitDeny")).toBe(true);
  });

  it("accepts users and roles with paths, and other partitions", () => {
    for (const arn of [
      "arn:aws:iam::123456789012:user/team/mail/alice",
      "arn:aws:iam::123456789012:role/service-role/Admin",
      "arn:aws-us-gov:iam::123456789012:user/bob",
      "arn:aws-cn:iam::123456789012:role/Ops",
    ]) {
      expect(principalArnProblem(arn)).toBeUndefined();
    }
  });

  it.each([
    [
      "a role session",
      "arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com",
      /role's own ARN instead, like arn:aws:iam::123456789012:role\/Admin/,
    ],
    ["the root user", "arn:aws:iam::123456789012:root", /root user/],
    ["a group", "arn:aws:iam::123456789012:group/Developers", /group's ARN/],
    ["a user name", "alice", /not the ARN of an IAM user or role/],
    ["an account id that is too short", "arn:aws:iam::12345:user/alice", /not the ARN/],
  ])("refuses %s without calling AWS", async (_label, arn, words) => {
    arrange({});
    const result = await run(arn);
    expect(result).toMatchObject({
      allAllowed: false,
      results: [],
      problem: { kind: "invalid-input", action: "iam:SimulatePrincipalPolicy", message: expect.stringMatching(words) },
    });
    expect(calledActions()).toEqual([]);
  });

  it("says when the user or role does not exist", async () => {
    arrange({ SimulatePrincipalPolicy: iamModelledError("NoSuchEntity") });
    expect((await run(USER_ARN)).problem).toEqual({
      kind: "not-found",
      action: "iam:SimulatePrincipalPolicy",
      message: `There is no IAM user or role ${USER_ARN} in this AWS account.`,
    });
  });

  it.each([
    [accessDeniedV1("iam:SimulatePrincipalPolicy"), "access-denied", /not allowed to call iam:SimulatePrincipalPolicy/],
    [queryError("Throttling", "Rate exceeded", 400), "throttled", /Wait a few seconds/],
    [queryError("InvalidClientTokenId"), "invalid-key", /does not recognise the access key id/],
    [
      queryError("InvalidInput", "Invalid ARN arn:aws:iam::123456789012:user/alice", 400),
      "invalid-input",
      /rejected the values/,
    ],
  ])("passes on other failures in words", async (error, kind, words) => {
    arrange({ SimulatePrincipalPolicy: error });
    expect((await run(USER_ARN)).problem).toMatchObject({ kind, message: expect.stringMatching(words) });
  });
});
