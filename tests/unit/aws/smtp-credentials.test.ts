import util from "node:util";
import { describe, expect, it } from "vitest";
import {
  CONSOLE_CREDENTIAL_PERMISSIONS,
  SENDING_GROUP_NAME,
  SENDING_POLICY,
  SENDING_POLICY_NAME,
} from "@/lib/aws/policies";
import {
  createSmtpCredentials,
  CREDENTIAL_STEP_IDS,
  defaultSmtpUserName,
  SMTP_USER_NAME_PATTERN,
  SmtpCredentialCreationError,
  smtpUserNameSchema,
} from "@/lib/aws/smtp-credentials";
import { Secret } from "@/lib/crypto/secret";
import { deriveSmtpPasswordSync } from "@/lib/ses/smtp-password-node";
import {
  CREATED_KEY_ID,
  CREATED_SECRET,
  expectNothingSecret,
  iamModelledError,
  networkError,
  queryError,
} from "./fakes";
import { adminClients, arrange, calledActions, inputsOf, type Replies } from "./mock-aws";

const NOW = new Date("2026-11-28T19:03:04.123Z");
const DEFAULT_NAME = "ses-smtp-user.20261128-190304";
const PASSWORD_EU = deriveSmtpPasswordSync(CREATED_SECRET, "eu-west-1");

const fresh = (overrides: Replies = {}): Replies => ({
  CreateUser: (input: { UserName: string }) => ({
    User: { UserName: input.UserName, Arn: `arn:aws:iam::123456789012:user/${input.UserName}` },
  }),
  CreateGroup: { Group: { GroupName: SENDING_GROUP_NAME } },
  PutGroupPolicy: {},
  AddUserToGroup: {},
  CreateAccessKey: (input: { UserName: string }) => ({
    AccessKey: {
      UserName: input.UserName,
      AccessKeyId: CREATED_KEY_ID,
      SecretAccessKey: CREATED_SECRET,
      Status: "Active",
    },
  }),
  ...overrides,
});

async function create(replies: Replies, options: { userName?: string; region?: string } = {}) {
  arrange(replies);
  return createSmtpCredentials(adminClients().iam, { region: "eu-west-1", now: NOW, ...options });
}

async function failure(replies: Replies, options: { userName?: string; region?: string } = {}) {
  const error = await create(replies, options).then(
    () => {
      throw new Error("expected createSmtpCredentials to fail");
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SmtpCredentialCreationError);
  const failed = error as SmtpCredentialCreationError;
  expectNothingSecret(failed, [PASSWORD_EU]);
  expect(failed.message).not.toMatch(/\n\s+at /);
  expect(JSON.parse(JSON.stringify(failed))).not.toHaveProperty("stack");
  return failed;
}

describe("createSmtpCredentials", () => {
  it("creates the user, the group, its policy, the membership and a key, and derives the password", async () => {
    const created = await create(fresh());
    expect(created).toMatchObject({
      userName: DEFAULT_NAME,
      accessKeyId: CREATED_KEY_ID,
      region: "eu-west-1",
      groupCreated: true,
    });
    expect(created.smtpPassword).toBeInstanceOf(Secret);
    expect(created.smtpPassword.reveal()).toBe(PASSWORD_EU);
    expect(created.steps.map((step) => [step.id, step.status])).toEqual(CREDENTIAL_STEP_IDS.map((id) => [id, "done"]));
    expect(calledActions()).toEqual([...CONSOLE_CREDENTIAL_PERMISSIONS]);
    expect(inputsOf("CreateUser")).toEqual([{ UserName: DEFAULT_NAME }]);
    expect(inputsOf("PutGroupPolicy")).toEqual([
      {
        GroupName: SENDING_GROUP_NAME,
        PolicyName: SENDING_POLICY_NAME,
        PolicyDocument: JSON.stringify(SENDING_POLICY),
      },
    ]);
    expect(inputsOf("AddUserToGroup")).toEqual([{ GroupName: SENDING_GROUP_NAME, UserName: DEFAULT_NAME }]);
    expect(inputsOf("CreateAccessKey")).toEqual([{ UserName: DEFAULT_NAME }]);
    // The secret access key and the plain password appear nowhere, however the result is printed.
    expectNothingSecret(created, [PASSWORD_EU]);
    expect(util.inspect(created, { depth: 10 })).not.toContain(CREATED_SECRET);
    expect(util.inspect(created, { depth: 10 })).not.toContain(PASSWORD_EU);
  });

  it("uses the name given", async () => {
    const created = await create(fresh(), { userName: "  ses-smtp-inflowave-eu  " });
    expect(created.userName).toBe("ses-smtp-inflowave-eu");
    expect(inputsOf("CreateUser")).toEqual([{ UserName: "ses-smtp-inflowave-eu" }]);
  });

  it("reuses an existing group and still gives it the documented policy", async () => {
    const created = await create(fresh({ CreateGroup: iamModelledError("EntityAlreadyExists") }));
    expect(created.groupCreated).toBe(false);
    expect(created.steps[1]).toMatchObject({ id: "create-group", status: "already-done" });
    expect(created.steps[2]).toMatchObject({
      id: "put-group-policy",
      status: "done",
      detail: expect.stringContaining("documented one"),
    });
    expect(calledActions()).toEqual([...CONSOLE_CREDENTIAL_PERMISSIONS]);
  });

  it("never reuses an existing user", async () => {
    const error = await failure(fresh({ CreateUser: iamModelledError("EntityAlreadyExists") }), { userName: "mailer" });
    expect(error).toMatchObject({
      failedStep: "create-user",
      completedSteps: [],
      userCreated: false,
      userName: "mailer",
      problem: { kind: "already-exists", action: "iam:CreateUser" },
    });
    expect(error.message).toBe(
      "An IAM user named mailer already exists in this AWS account. Choose another user name: Inflowave never reuses an existing user, which may belong to something else. Nothing was created in AWS.",
    );
    expect(calledActions()).toEqual(["iam:CreateUser"]);
  });

  it("explains the two-key limit", async () => {
    const error = await failure(
      fresh({ CreateAccessKey: iamModelledError("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2") }),
    );
    expect(error).toMatchObject({
      failedStep: "create-access-key",
      completedSteps: ["create-user", "create-group", "put-group-policy", "add-user-to-group"],
      userCreated: true,
      problem: { kind: "limit-exceeded", action: "iam:CreateAccessKey" },
    });
    expect(error.message).toContain("already has two access keys, the most IAM allows per user");
    expect(error.message).toContain(
      `Inflowave had already created IAM user ${DEFAULT_NAME} (and the group ${SENDING_GROUP_NAME})`,
    );
  });

  it.each(CONSOLE_CREDENTIAL_PERMISSIONS.map((action, index) => [action, index] as const))(
    "says which permission is missing when %s is refused",
    async (action, index) => {
      const command = action.replace("iam:", "") as keyof Replies;
      const error = await failure(
        fresh({ [command]: queryError("AccessDenied", `not authorized to perform: ${action}`) }),
      );
      expect(error.failedStep).toBe(CREDENTIAL_STEP_IDS[index]);
      expect(error.completedSteps).toEqual(CREDENTIAL_STEP_IDS.slice(0, index));
      expect(error.problem).toMatchObject({ kind: "access-denied", action });
      expect(error.message).toContain(`The administrator key is not allowed to call ${action}.`);
      expect(error.message).toContain(
        index === 0
          ? "Nothing was created in AWS."
          : `delete it in the IAM console, or try again with another user name`,
      );
      expect(error.steps[index]!.status).toBe("failed");
      expect(error.steps.slice(index + 1).every((step) => step.status === "not-run")).toBe(true);
    },
  );

  it("words a bad administrator key", async () => {
    const error = await failure(fresh({ CreateUser: queryError("SignatureDoesNotMatch") }));
    expect(error.problem.kind).toBe("wrong-secret");
    expect(error.message).toContain("access key id of the administrator key");
  });

  it("words an unreachable IAM", async () => {
    const error = await failure(fresh({ CreateUser: networkError("ENOTFOUND") }));
    expect(error.problem.kind).toBe("unreachable");
  });

  it("refuses an unknown region or one without SMTP before creating anything", async () => {
    const unknown = await failure(fresh(), { region: "mars-north-1" });
    expect(unknown).toMatchObject({ failedStep: "input", problem: { kind: "invalid-input" } });
    expect(calledActions()).toEqual([]);
    const noSmtp = await failure(fresh(), { region: "eu-central-2" });
    expect(noSmtp.message).toContain("Pick eu-central-1 (Europe (Frankfurt)) instead.");
    expect(calledActions()).toEqual([]);
  });

  it("refuses a user name IAM would refuse", async () => {
    const error = await failure(fresh(), { userName: "ses smtp user" });
    expect(error).toMatchObject({ failedStep: "input", problem: { kind: "invalid-input" } });
    expect(error.message).toMatch(/no spaces/);
    expect(calledActions()).toEqual([]);
  });

  it("does not leave with a key AWS did not return", async () => {
    const error = await failure(fresh({ CreateAccessKey: { AccessKey: { AccessKeyId: CREATED_KEY_ID } } }));
    expect(error).toMatchObject({ failedStep: "create-access-key", userCreated: true, problem: { kind: "unknown" } });
  });
});

describe("SMTP user names", () => {
  it("defaults to the console's pattern, in UTC", () => {
    expect(defaultSmtpUserName(NOW)).toBe(DEFAULT_NAME);
    expect(SMTP_USER_NAME_PATTERN.test(DEFAULT_NAME)).toBe(true);
  });

  it.each([
    ["", /Enter a name/],
    ["with space", /no spaces/],
    ["x".repeat(65), /at most 64/],
    ["ses/smtp", /letters, digits/],
  ])("refuses %j with a message", (value, message) => {
    const result = smtpUserNameSchema.safeParse(value);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it("accepts IAM's characters and trims", () => {
    expect(smtpUserNameSchema.parse(" ses-smtp_user+eu=1,a.b@c ")).toBe("ses-smtp_user+eu=1,a.b@c");
  });
});
