// The simulator's AWS API side, driven the way the app drives AWS: the official SDK v3 clients
// (SES, SES v2, IAM) pointed at the simulator's HTTP port, signing with the scenario's keys.
// The IAM changes made through the API must reach the SMTP side at once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  IAMClient,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
  SimulatePrincipalPolicyCommand,
  UntagUserCommand,
} from "@aws-sdk/client-iam";
import {
  GetAccountSendingEnabledCommand,
  GetIdentityVerificationAttributesCommand,
  GetSendQuotaCommand,
  ListIdentitiesCommand,
  SESClient,
} from "@aws-sdk/client-ses";
import {
  GetAccountCommand,
  GetEmailIdentityCommand,
  ListEmailIdentitiesCommand,
  PutAccountDetailsCommand,
  type PutAccountDetailsCommandInput,
  SESv2Client,
} from "@aws-sdk/client-sesv2";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  loadSesSimulatorScenario,
  type RunningSesSimulator,
  type SesSimulatorScenario,
  startSesSimulator,
} from "@/lib/ses-simulator";
import { smtpHostFor } from "@/lib/ses/regions";
import { deriveSmtpPasswordSync } from "@/lib/ses/smtp-password-node";

interface Key {
  accessKeyId: string;
  secretAccessKey: string;
}

// The keys of the default scenario (ses-simulator/scenario.json).
const INLINE_SENDER: Key = {
  accessKeyId: "AKIASIMULATOR0000001",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIMULATOR1",
};
const NO_POLICY: Key = {
  accessKeyId: "AKIASIMULATOR0000002",
  secretAccessKey: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbSIMULATOR2",
};
const DIAGNOSTICS: Key = {
  accessKeyId: "AKIASIMULATORDIAG001",
  secretAccessKey: "d1AgN0st1csS3cretK3yF0rTheSIMULATORDIAG1",
};
const ADMIN: Key = { accessKeyId: "AKIASIMULATORADMIN01", secretAccessKey: "Adm1nS3cretK3yF0rTheSESSIMULAT0RADMIN001" };

const ACCOUNT = "123456789012";
const INLINE_USER = "ses-smtp-user.20260101-120000";
const SENDING_GROUP = "AWSSESSendingGroupDoNotRename";
const SENDING_POLICY = "AmazonSesSendingAccess";
const SENDING_POLICY_DOCUMENT = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "ses:SendRawEmail", Resource: "*" }],
});
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const identityArn = (identity: string, region = "us-east-1") => `arn:aws:ses:${region}:${ACCOUNT}:identity/${identity}`;

let simulator: RunningSesSimulator;
let baseScenario: SesSimulatorScenario;
const tempDirs: string[] = [];

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-ses-simulator-api-"));
  tempDirs.push(dataDir);
  const scenario = await loadSesSimulatorScenario(path.resolve("ses-simulator/scenario.json"));
  // The committed default scenario, fast enough that back-to-back sends are not throttled.
  baseScenario = { ...scenario, maxSendRate: 1_000 };
  simulator = await startSesSimulator({ scenario: baseScenario, dataDir });
});

afterAll(async () => {
  await simulator?.stop();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  // A fresh world for every test: API changes (users, groups, requests) are forgotten.
  simulator.setScenario(baseScenario);
});

function clientConfig(key: Key, region = "us-east-1") {
  return { region, endpoint: simulator.apiUrl, credentials: key, maxAttempts: 1 };
}
const ses = (key: Key, region?: string) => new SESClient(clientConfig(key, region));
const sesv2 = (key: Key, region?: string) => new SESv2Client(clientConfig(key, region));
const iam = (key: Key) => new IAMClient(clientConfig(key));

interface AwsError {
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number };
}

/** The error a call fails with; fails the test if it succeeds. */
async function failure(promise: Promise<unknown>): Promise<AwsError> {
  try {
    await promise;
  } catch (error) {
    return error as AwsError;
  }
  throw new Error("expected the AWS call to fail, but it succeeded");
}

function expectAwsError(error: AwsError, name: string, status: number, message?: string | RegExp) {
  expect(error.name).toBe(name);
  expect(error.$metadata.httpStatusCode).toBe(status);
  if (message !== undefined) expect(error.message).toMatch(message);
}

async function sendMail(key: Key, mail: { from?: string; to?: string | string[] } = {}, region = "us-east-1") {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: simulator.starttlsPort,
    secure: false,
    requireTLS: true,
    auth: { user: key.accessKeyId, pass: deriveSmtpPasswordSync(key.secretAccessKey, region) },
    tls: { ca: simulator.caPem, servername: smtpHostFor(region) },
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 5_000,
  });
  try {
    const info = await transport.sendMail({
      from: "sender@example.com",
      to: "demo@inflowave.test",
      subject: "From the AWS API test",
      text: "Hello.",
      ...mail,
    });
    return info.response;
  } catch (error) {
    return (error as { response?: string }).response ?? String(error);
  } finally {
    transport.close();
  }
}

const SMTP_OK = /^250 Ok 0100/;
const accessDeniedReply = (name: string) =>
  `554 Access denied: User \`${userArn(name)}' is not authorized to perform \`ses:SendRawEmail' on resource \`${identityArn("example.com")}'`;

describe("SES simulator AWS API: SES v1 (query protocol)", () => {
  it("GetSendQuota: the scenario's quota, and the recipients SMTP accepted plus the scenario's offset", async () => {
    const client = ses(DIAGNOSTICS);
    const before = await client.send(new GetSendQuotaCommand({}));
    expect(before).toMatchObject({ Max24HourSend: 200, MaxSendRate: 1_000 });
    const own = before.SentLast24Hours!;

    expect(await sendMail(INLINE_SENDER, { to: ["demo@inflowave.test", "someone@example.com"] })).toMatch(SMTP_OK);
    expect((await client.send(new GetSendQuotaCommand({}))).SentLast24Hours).toBe(own + 2);
    // Per region: nothing was sent in eu-west-1.
    expect((await ses(DIAGNOSTICS, "eu-west-1").send(new GetSendQuotaCommand({}))).SentLast24Hours).toBe(0);

    // The offset counts on the SMTP side too: one recipient left today.
    simulator.setScenario({ ...baseScenario, sentLast24Hours: 200 - (own + 2) - 1 });
    expect((await client.send(new GetSendQuotaCommand({}))).SentLast24Hours).toBe(199);
    expect(await sendMail(INLINE_SENDER, { to: ["demo@inflowave.test", "someone@example.com"] })).toBe(
      "454 Throttling failure: Daily message quota exceeded.",
    );
    expect(await sendMail(INLINE_SENDER)).toMatch(SMTP_OK);
    expect((await client.send(new GetSendQuotaCommand({}))).SentLast24Hours).toBe(200);

    simulator.setScenario({ ...baseScenario, sandbox: false, maxSendRate: -1, max24HourSend: -1 });
    expect(await client.send(new GetSendQuotaCommand({}))).toMatchObject({ Max24HourSend: -1, MaxSendRate: -1 });
  });

  it("GetAccountSendingEnabled follows sendingPaused", async () => {
    expect(await ses(DIAGNOSTICS).send(new GetAccountSendingEnabledCommand({}))).toMatchObject({ Enabled: true });
    simulator.setScenario({ ...baseScenario, sendingPaused: true });
    expect(await ses(DIAGNOSTICS).send(new GetAccountSendingEnabledCommand({}))).toMatchObject({ Enabled: false });
  });

  it("GetIdentityVerificationAttributes: verified and pending identities of the region; unknown ones are left out", async () => {
    const identities = ["example.com", "customer@example.org", "someone@example.com", "demo@inflowave.test"];
    const result = await ses(DIAGNOSTICS).send(
      new GetIdentityVerificationAttributesCommand({ Identities: identities }),
    );
    expect(result.VerificationAttributes).toEqual({
      "example.com": {
        VerificationStatus: "Success",
        VerificationToken: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
      },
      "customer@example.org": { VerificationStatus: "Pending" },
      "demo@inflowave.test": { VerificationStatus: "Success" },
    });
    const euWest1 = await ses(DIAGNOSTICS, "eu-west-1").send(
      new GetIdentityVerificationAttributesCommand({ Identities: identities }),
    );
    expect(Object.keys(euWest1.VerificationAttributes ?? {}).sort()).toEqual(["demo@inflowave.test", "example.com"]);
  });

  it("answers AccessDenied, in AWS's words, to a key without the permission", async () => {
    const error = await failure(ses(NO_POLICY).send(new GetSendQuotaCommand({})));
    expectAwsError(
      error,
      "AccessDenied",
      403,
      `User: ${userArn("ses-smtp-user-without-policy")} is not authorized to perform: ses:GetSendQuota because no identity-based policy allows the ses:GetSendQuota action`,
    );
    // The SMTP user's policy allows ses:SendRawEmail and nothing else.
    expectAwsError(
      await failure(ses(INLINE_SENDER).send(new GetAccountSendingEnabledCommand({}))),
      "AccessDenied",
      403,
    );
  });

  it("answers InvalidAction for an operation it does not simulate", async () => {
    const error = await failure(ses(ADMIN).send(new ListIdentitiesCommand({})));
    expectAwsError(error, "InvalidAction", 400, /Could not find operation ListIdentities for version 2010-12-01/);
  });
});

describe("SES simulator AWS API: SES v2 (REST-JSON)", () => {
  it("GetAccount: sandbox, sending, enforcement and quota from the scenario", async () => {
    const account = await sesv2(DIAGNOSTICS).send(new GetAccountCommand({}));
    expect(account).toMatchObject({
      ProductionAccessEnabled: false,
      SendingEnabled: true,
      EnforcementStatus: "HEALTHY",
      SendQuota: { Max24HourSend: 200, MaxSendRate: 1_000, SentLast24Hours: expect.any(Number) },
    });
    expect(account.Details).toBeUndefined();

    simulator.setScenario({
      ...baseScenario,
      sandbox: false,
      sendingPaused: true,
      enforcementStatus: "PROBATION",
      maxSendRate: 14,
      max24HourSend: 50_000,
      productionAccessRequest: {
        mailType: "MARKETING",
        websiteUrl: "https://inflowave.test",
        contactLanguage: "JA",
        useCaseDescription: "Newsletters people sign up for.",
        additionalContactEmailAddresses: ["ops@inflowave.test"],
        reviewStatus: "GRANTED",
        caseId: "17000000001",
      },
    });
    expect(await sesv2(DIAGNOSTICS).send(new GetAccountCommand({}))).toMatchObject({
      ProductionAccessEnabled: true,
      SendingEnabled: false,
      EnforcementStatus: "PROBATION",
      SendQuota: { Max24HourSend: 50_000, MaxSendRate: 14 },
      Details: {
        MailType: "MARKETING",
        WebsiteURL: "https://inflowave.test",
        ContactLanguage: "JA",
        UseCaseDescription: "Newsletters people sign up for.",
        AdditionalContactEmailAddresses: ["ops@inflowave.test"],
        ReviewDetails: { Status: "GRANTED", CaseId: "17000000001" },
      },
    });
  });

  it("GetEmailIdentity: verified, pending (also unverified over SMTP), and NotFoundException elsewhere", async () => {
    simulator.setScenario({
      ...baseScenario,
      pendingIdentities: { "us-east-1": ["customer@example.org", "first+last@example.org"] },
    });
    const client = sesv2(DIAGNOSTICS);
    expect(await client.send(new GetEmailIdentityCommand({ EmailIdentity: "example.com" }))).toMatchObject({
      IdentityType: "DOMAIN",
      VerifiedForSendingStatus: true,
      VerificationStatus: "SUCCESS",
      DkimAttributes: { Status: "SUCCESS", Tokens: [expect.any(String), expect.any(String), expect.any(String)] },
    });
    expect(await client.send(new GetEmailIdentityCommand({ EmailIdentity: "customer@example.org" }))).toMatchObject({
      IdentityType: "EMAIL_ADDRESS",
      VerifiedForSendingStatus: false,
      VerificationStatus: "PENDING",
    });
    // The + and @ travel percent-encoded in the path, and the signature still matches.
    expect(await client.send(new GetEmailIdentityCommand({ EmailIdentity: "first+last@example.org" }))).toMatchObject({
      VerificationStatus: "PENDING",
    });
    // An address under a verified domain is no identity of its own.
    expectAwsError(
      await failure(client.send(new GetEmailIdentityCommand({ EmailIdentity: "someone@example.com" }))),
      "NotFoundException",
      404,
      "Email identity someone@example.com does not exist.",
    );
    // Identities are per region.
    expectAwsError(
      await failure(
        sesv2(DIAGNOSTICS, "eu-west-1").send(new GetEmailIdentityCommand({ EmailIdentity: "customer@example.org" })),
      ),
      "NotFoundException",
      404,
    );

    expect(await sendMail(INLINE_SENDER, { from: "customer@example.org" })).toBe(
      "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: customer@example.org",
    );
  });

  it("PutAccountDetails: records a pending review with a case id; a second request is a ConflictException", async () => {
    const client = sesv2(DIAGNOSTICS);
    const request: PutAccountDetailsCommandInput = {
      MailType: "TRANSACTIONAL",
      WebsiteURL: "https://inflowave.test",
      UseCaseDescription: "Password resets and receipts.",
      AdditionalContactEmailAddresses: ["ops@inflowave.test", "dev@inflowave.test"],
      ContactLanguage: "EN",
      ProductionAccessEnabled: true,
    };
    await client.send(new PutAccountDetailsCommand(request));
    const { Details, ProductionAccessEnabled } = await client.send(new GetAccountCommand({}));
    expect(ProductionAccessEnabled).toBe(false); // still in the sandbox until the review is granted
    expect(Details).toEqual({
      MailType: "TRANSACTIONAL",
      WebsiteURL: "https://inflowave.test",
      ContactLanguage: "EN",
      UseCaseDescription: "Password resets and receipts.",
      AdditionalContactEmailAddresses: ["ops@inflowave.test", "dev@inflowave.test"],
      ReviewDetails: { Status: "PENDING", CaseId: expect.stringMatching(/^\d{11}$/) },
    });

    expectAwsError(
      await failure(client.send(new PutAccountDetailsCommand(request))),
      "ConflictException",
      409,
      /already in progress/,
    );

    // A denied review may be followed by a new request; a new scenario forgets API changes.
    simulator.setScenario({
      ...baseScenario,
      productionAccessRequest: { ...toScenarioRequest(request), reviewStatus: "DENIED", caseId: "1" },
    });
    await client.send(
      new PutAccountDetailsCommand({ MailType: "MARKETING", WebsiteURL: "http://inflowave.test/news" }),
    );
    expect((await client.send(new GetAccountCommand({}))).Details).toMatchObject({
      MailType: "MARKETING",
      ContactLanguage: "EN",
      ReviewDetails: { Status: "PENDING" },
    });
    simulator.setScenario(baseScenario);
    expect((await client.send(new GetAccountCommand({}))).Details).toBeUndefined();
  });

  it("PutAccountDetails: BadRequestException for input SES v2's model refuses", async () => {
    const client = sesv2(DIAGNOSTICS);
    const bad: [Partial<PutAccountDetailsCommandInput>, RegExp][] = [
      [{ WebsiteURL: "https://inflowave.test" }, /MailType is required/],
      [{ MailType: "TRANSACTIONAL" }, /WebsiteURL is required/],
      [{ MailType: "TRANSACTIONAL", WebsiteURL: "inflowave.test" }, /WebsiteURL must be an http/],
      [
        {
          MailType: "TRANSACTIONAL",
          WebsiteURL: "https://inflowave.test",
          AdditionalContactEmailAddresses: ["a@b.test", "c@d.test", "e@f.test", "g@h.test", "i@j.test"],
        },
        /1 to 4/,
      ],
      [
        { MailType: "TRANSACTIONAL", WebsiteURL: "https://inflowave.test", AdditionalContactEmailAddresses: [] },
        /1 to 4/,
      ],
      [
        {
          MailType: "TRANSACTIONAL",
          WebsiteURL: "https://inflowave.test",
          AdditionalContactEmailAddresses: ["not-an-address"],
        },
        /not a valid email address/,
      ],
    ];
    for (const [input, message] of bad) {
      const error = await failure(client.send(new PutAccountDetailsCommand(input as PutAccountDetailsCommandInput)));
      expectAwsError(error, "BadRequestException", 400, message);
    }
    expect((await client.send(new GetAccountCommand({}))).Details).toBeUndefined();
  });

  it("answers AccessDeniedException to a key without the permission, and UnknownOperationException for other calls", async () => {
    const denied = await failure(sesv2(NO_POLICY).send(new GetAccountCommand({})));
    expectAwsError(
      denied,
      "AccessDeniedException",
      403,
      `User: ${userArn("ses-smtp-user-without-policy")} is not authorized to perform: ses:GetAccount because no identity-based policy allows the ses:GetAccount action`,
    );
    const identity = await failure(
      sesv2(INLINE_SENDER).send(new GetEmailIdentityCommand({ EmailIdentity: "example.com" })),
    );
    expectAwsError(identity, "AccessDeniedException", 403, `on resource: ${identityArn("example.com")}`);

    const unknown = await failure(sesv2(ADMIN).send(new ListEmailIdentitiesCommand({})));
    expectAwsError(
      unknown,
      "UnknownOperationException",
      404,
      /does not simulate POST \/v2\/email\/list-identities\. It answers: GetAccount \(GET \/v2\/email\/account\)/,
    );
  });
});

function toScenarioRequest(input: PutAccountDetailsCommandInput) {
  return {
    mailType: input.MailType!,
    websiteUrl: input.WebsiteURL!,
    contactLanguage: input.ContactLanguage ?? "EN",
    useCaseDescription: input.UseCaseDescription,
    additionalContactEmailAddresses: input.AdditionalContactEmailAddresses,
  };
}

describe("SES simulator AWS API: IAM (query protocol)", () => {
  it("GetUser: the caller without UserName, any user with it (ARN, tags), NoSuchEntityException otherwise", async () => {
    const client = iam(DIAGNOSTICS);
    const self = await client.send(new GetUserCommand({}));
    expect(self.User).toMatchObject({
      UserName: "inflowave-diagnostics",
      Arn: userArn("inflowave-diagnostics"),
      Path: "/",
      UserId: expect.stringMatching(/^AIDA[A-Z0-9]{17}$/),
      CreateDate: expect.any(Date),
    });
    expect(self.User!.Tags).toBeUndefined();

    const smtpUser = await client.send(new GetUserCommand({ UserName: INLINE_USER }));
    expect(smtpUser.User).toMatchObject({
      UserName: INLINE_USER,
      Arn: userArn(INLINE_USER),
      Tags: [{ Key: "InvokedBy", Value: "SESConsole" }],
    });

    expectAwsError(
      await failure(client.send(new GetUserCommand({ UserName: "nobody" }))),
      "NoSuchEntityException",
      404,
      "The user with name nobody cannot be found.",
    );
  });

  it("lists a user's inline policies and groups, and a group's policies", async () => {
    const client = iam(DIAGNOSTICS);
    expect((await client.send(new ListUserPoliciesCommand({ UserName: INLINE_USER }))).PolicyNames).toEqual([
      SENDING_POLICY,
    ]);
    expect((await client.send(new ListGroupsForUserCommand({ UserName: INLINE_USER }))).Groups).toEqual([]);
    // No user of the default scenario is in the sending group, so it does not exist yet.
    expectAwsError(
      await failure(client.send(new ListGroupPoliciesCommand({ GroupName: SENDING_GROUP }))),
      "NoSuchEntityException",
      404,
      `The group with name ${SENDING_GROUP} cannot be found.`,
    );
    expectAwsError(
      await failure(client.send(new ListUserPoliciesCommand({ UserName: "nobody" }))),
      "NoSuchEntityException",
      404,
    );

    simulator.setScenario({
      ...baseScenario,
      users: [...baseScenario.users, { name: "ses-smtp-user.20260301-090000", sendingPolicy: "group" }],
    });
    const groups = await client.send(new ListGroupsForUserCommand({ UserName: "ses-smtp-user.20260301-090000" }));
    expect(groups.Groups).toEqual([
      expect.objectContaining({
        GroupName: SENDING_GROUP,
        Arn: `arn:aws:iam::${ACCOUNT}:group/${SENDING_GROUP}`,
        GroupId: expect.stringMatching(/^AGPA[A-Z0-9]{17}$/),
      }),
    ]);
    expect((await client.send(new ListGroupPoliciesCommand({ GroupName: SENDING_GROUP }))).PolicyNames).toEqual([
      SENDING_POLICY,
    ]);
    expect(
      (await client.send(new ListUserPoliciesCommand({ UserName: "ses-smtp-user.20260301-090000" }))).PolicyNames,
    ).toEqual([]);
  });

  it("GetAccessKeyLastUsed: N/A until used, then the service and region (SMTP counts as ses)", async () => {
    const client = iam(DIAGNOSTICS);
    const unused = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: INLINE_SENDER.accessKeyId }));
    expect(unused).toMatchObject({ UserName: INLINE_USER, AccessKeyLastUsed: { ServiceName: "N/A", Region: "N/A" } });
    expect(unused.AccessKeyLastUsed!.LastUsedDate).toBeUndefined();

    expect(await sendMail(INLINE_SENDER, {}, "eu-west-1")).toMatch(SMTP_OK);
    const used = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: INLINE_SENDER.accessKeyId }));
    expect(used.AccessKeyLastUsed).toMatchObject({
      ServiceName: "ses",
      Region: "eu-west-1",
      LastUsedDate: expect.any(Date),
    });

    const self = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: DIAGNOSTICS.accessKeyId }));
    expect(self).toMatchObject({ UserName: "inflowave-diagnostics", AccessKeyLastUsed: { ServiceName: "iam" } });

    expectAwsError(
      await failure(client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: "AKIAUNKNOWNKEY000000" }))),
      "NoSuchEntityException",
      404,
    );
  });

  it("SimulatePrincipalPolicy: each action on each resource, from the user's own, inline and group policies", async () => {
    simulator.setScenario({
      ...baseScenario,
      users: [...baseScenario.users, { name: "group-sender", sendingPolicy: "group" }],
    });
    const client = iam(DIAGNOSTICS);
    const resources = [identityArn("example.com"), identityArn("demo@inflowave.test")];
    const simulate = (name: string, actions = ["ses:SendRawEmail"]) =>
      client.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: userArn(name),
          ActionNames: actions,
          ResourceArns: resources,
          ContextEntries: [{ ContextKeyName: "ses:FromAddress", ContextKeyType: "string", ContextKeyValues: ["a@b"] }],
        }),
      );

    const inline = await simulate(INLINE_USER, ["ses:SendRawEmail", "ses:SendEmail"]);
    expect(
      inline.EvaluationResults!.map((result) => [result.EvalActionName, result.EvalResourceName, result.EvalDecision]),
    ).toEqual([
      ["ses:SendRawEmail", resources[0], "allowed"],
      ["ses:SendRawEmail", resources[1], "allowed"],
      ["ses:SendEmail", resources[0], "implicitDeny"],
      ["ses:SendEmail", resources[1], "implicitDeny"],
    ]);
    expect(inline.EvaluationResults![0]!.MatchedStatements).toEqual([
      expect.objectContaining({ SourcePolicyId: SENDING_POLICY, SourcePolicyType: "user" }),
    ]);

    const group = await simulate("group-sender");
    expect(group.EvaluationResults!.map((result) => result.EvalDecision)).toEqual(["allowed", "allowed"]);
    expect(group.EvaluationResults![0]!.MatchedStatements).toEqual([
      expect.objectContaining({ SourcePolicyId: SENDING_POLICY, SourcePolicyType: "group" }),
    ]);

    const none = await simulate("ses-smtp-user-without-policy");
    expect(none.EvaluationResults!.map((result) => result.EvalDecision)).toEqual(["implicitDeny", "implicitDeny"]);

    // Without ResourceArns the resource is "*"; a user's scenario permissions count too.
    const own = await client.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: userArn("inflowave-diagnostics"),
        ActionNames: ["ses:GetAccount", "iam:CreateUser"],
      }),
    );
    expect(own.EvaluationResults!.map((result) => [result.EvalResourceName, result.EvalDecision])).toEqual([
      ["*", "allowed"],
      ["*", "implicitDeny"],
    ]);

    expectAwsError(await failure(simulate("nobody")), "NoSuchEntityException", 404);
  });

  it("CreateUser and CreateGroup: EntityAlreadyExistsException (409) for a taken name, whatever its case", async () => {
    const client = iam(ADMIN);
    const created = await client.send(
      new CreateUserCommand({ UserName: "new-smtp-user", Tags: [{ Key: "team", Value: "mail" }] }),
    );
    expect(created.User).toMatchObject({
      UserName: "new-smtp-user",
      Arn: userArn("new-smtp-user"),
      Tags: [{ Key: "team", Value: "mail" }],
    });
    expectAwsError(
      await failure(client.send(new CreateUserCommand({ UserName: "New-SMTP-User" }))),
      "EntityAlreadyExistsException",
      409,
      "User with name New-SMTP-User already exists.",
    );

    const group = await client.send(new CreateGroupCommand({ GroupName: SENDING_GROUP }));
    expect(group.Group).toMatchObject({
      GroupName: SENDING_GROUP,
      Arn: `arn:aws:iam::${ACCOUNT}:group/${SENDING_GROUP}`,
    });
    expectAwsError(
      await failure(client.send(new CreateGroupCommand({ GroupName: SENDING_GROUP }))),
      "EntityAlreadyExistsException",
      409,
    );

    // The diagnostics key may create groups but not users.
    expectAwsError(
      await failure(iam(DIAGNOSTICS).send(new CreateUserCommand({ UserName: "another" }))),
      "AccessDenied",
      403,
      `User: ${userArn("inflowave-diagnostics")} is not authorized to perform: iam:CreateUser on resource: ${userArn("another")} because no identity-based policy allows the iam:CreateUser action`,
    );
    expectAwsError(
      await failure(iam(ADMIN).send(new CreateUserCommand({ UserName: "not valid!" }))),
      "ValidationError",
      400,
    );
  });

  it("CreateAccessKey: AKIA + 16 capitals/digits and a 40-character secret; LimitExceededException for a third key", async () => {
    const client = iam(ADMIN);
    await client.send(new CreateUserCommand({ UserName: "two-keys" }));
    const first = await client.send(new CreateAccessKeyCommand({ UserName: "two-keys" }));
    expect(first.AccessKey).toMatchObject({
      UserName: "two-keys",
      AccessKeyId: expect.stringMatching(/^AKIA[A-Z0-9]{16}$/),
      SecretAccessKey: expect.stringMatching(/^[A-Za-z0-9/+]{40}$/),
      Status: "Active",
    });
    const second = await client.send(new CreateAccessKeyCommand({ UserName: "two-keys" }));
    expect(second.AccessKey!.AccessKeyId).not.toBe(first.AccessKey!.AccessKeyId);
    expectAwsError(
      await failure(client.send(new CreateAccessKeyCommand({ UserName: "two-keys" }))),
      "LimitExceededException",
      409,
      "Cannot exceed quota for AccessKeysPerUser: 2",
    );
    // A scenario user has one key already: one more is allowed.
    await client.send(new CreateAccessKeyCommand({ UserName: INLINE_USER }));
    expectAwsError(
      await failure(client.send(new CreateAccessKeyCommand({ UserName: INLINE_USER }))),
      "LimitExceededException",
      409,
    );

    // A new key signs API calls at once (this user has no permissions, so: AccessDenied, not an unknown key).
    const newKey = { accessKeyId: first.AccessKey!.AccessKeyId!, secretAccessKey: first.AccessKey!.SecretAccessKey! };
    expectAwsError(await failure(iam(newKey).send(new GetUserCommand({}))), "AccessDenied", 403);
  });

  it("DeleteUserPolicy and UntagUser: NoSuchEntityException for what is not there", async () => {
    const client = iam(DIAGNOSTICS);
    expectAwsError(
      await failure(client.send(new DeleteUserPolicyCommand({ UserName: INLINE_USER, PolicyName: "SomethingElse" }))),
      "NoSuchEntityException",
      404,
      "The user policy with name SomethingElse cannot be found.",
    );
    expectAwsError(
      await failure(client.send(new DeleteUserPolicyCommand({ UserName: "nobody", PolicyName: SENDING_POLICY }))),
      "NoSuchEntityException",
      404,
      "The user with name nobody cannot be found.",
    );
    expectAwsError(
      await failure(client.send(new UntagUserCommand({ UserName: "nobody", TagKeys: ["InvokedBy"] }))),
      "NoSuchEntityException",
      404,
    );
  });

  it("answers InvalidAction for an IAM operation it does not simulate", async () => {
    const error = await failure(iam(ADMIN).send(new ListUsersCommand({})));
    expectAwsError(error, "InvalidAction", 400, /Could not find operation ListUsers for version 2010-05-08/);
  });
});

describe("SES simulator AWS API: authentication and throttling", () => {
  const UNKNOWN: Key = { accessKeyId: "AKIAUNKNOWNKEY000000", secretAccessKey: DIAGNOSTICS.secretAccessKey };
  const WRONG_SECRET: Key = { accessKeyId: DIAGNOSTICS.accessKeyId, secretAccessKey: INLINE_SENDER.secretAccessKey };
  const SIGNATURE_MISMATCH = /^The request signature we calculated does not match the signature you provided/;

  it("answers InvalidClientTokenId (SES, IAM) and UnrecognizedClientException (SES v2) for an unknown key", async () => {
    const invalid = "The security token included in the request is invalid.";
    expectAwsError(await failure(ses(UNKNOWN).send(new GetSendQuotaCommand({}))), "InvalidClientTokenId", 403, invalid);
    expectAwsError(await failure(iam(UNKNOWN).send(new GetUserCommand({}))), "InvalidClientTokenId", 403, invalid);
    expectAwsError(
      await failure(sesv2(UNKNOWN).send(new GetAccountCommand({}))),
      "UnrecognizedClientException",
      403,
      invalid,
    );
  });

  it("answers SignatureDoesNotMatch for a wrong secret, in every protocol", async () => {
    for (const call of [
      () => ses(WRONG_SECRET).send(new GetSendQuotaCommand({})),
      () => iam(WRONG_SECRET).send(new GetUserCommand({})),
      () => sesv2(WRONG_SECRET).send(new GetAccountCommand({})),
    ]) {
      expectAwsError(await failure(call()), "SignatureDoesNotMatch", 403, SIGNATURE_MISMATCH);
    }
  });

  it("answers MissingAuthenticationToken to an unsigned request", async () => {
    const query = await fetch(`${simulator.apiUrl}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=GetSendQuota&Version=2010-12-01",
    });
    expect(query.status).toBe(403);
    expect(await query.text()).toContain("<Code>MissingAuthenticationToken</Code>");

    const json = await fetch(`${simulator.apiUrl}/v2/email/account`);
    expect(json.status).toBe(403);
    expect(json.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await json.json()).toEqual({ message: "Missing Authentication Token" });
  });

  it("answers every call with throttling while throttleApiCalls is on (Throttling; TooManyRequestsException in SES v2)", async () => {
    simulator.setScenario({ ...baseScenario, throttleApiCalls: true });
    expectAwsError(
      await failure(ses(DIAGNOSTICS).send(new GetSendQuotaCommand({}))),
      "Throttling",
      400,
      "Rate exceeded",
    );
    expectAwsError(await failure(iam(DIAGNOSTICS).send(new GetUserCommand({}))), "Throttling", 400);
    expectAwsError(await failure(sesv2(DIAGNOSTICS).send(new GetAccountCommand({}))), "TooManyRequestsException", 429);
    // Authentication comes first, as on AWS.
    expectAwsError(await failure(iam(UNKNOWN).send(new GetUserCommand({}))), "InvalidClientTokenId", 403);
    // SMTP is not affected.
    expect(await sendMail(INLINE_SENDER)).toMatch(SMTP_OK);
  });

  it("is reached through the SDK's AWS_ENDPOINT_URL_SES, _SESV2 and _IAM variables", async () => {
    const names = ["AWS_ENDPOINT_URL_SES", "AWS_ENDPOINT_URL_SESV2", "AWS_ENDPOINT_URL_IAM"] as const;
    const saved = names.map((name) => process.env[name]);
    for (const name of names) process.env[name] = simulator.apiUrl;
    try {
      const config = { region: "us-east-1", credentials: DIAGNOSTICS, maxAttempts: 1 };
      expect((await new SESClient(config).send(new GetSendQuotaCommand({}))).Max24HourSend).toBe(200);
      expect((await new SESv2Client(config).send(new GetAccountCommand({}))).EnforcementStatus).toBe("HEALTHY");
      expect((await new IAMClient(config).send(new GetUserCommand({}))).User?.UserName).toBe("inflowave-diagnostics");
    } finally {
      names.forEach((name, index) => {
        if (saved[index] === undefined) delete process.env[name];
        else process.env[name] = saved[index];
      });
    }
  });
});

describe("SES simulator AWS API: IAM changes reach the SMTP side", () => {
  it("a new user in the sending group sends with its new key's SMTP password; without the group it gets 554", async () => {
    const client = iam(ADMIN);
    // The console's order since September 2024.
    await client.send(new CreateUserCommand({ UserName: "ses-smtp-user.20261128-101112" }));
    await client.send(new CreateGroupCommand({ GroupName: SENDING_GROUP }));
    await client.send(
      new PutGroupPolicyCommand({
        GroupName: SENDING_GROUP,
        PolicyName: SENDING_POLICY,
        PolicyDocument: SENDING_POLICY_DOCUMENT,
      }),
    );
    await client.send(
      new AddUserToGroupCommand({ GroupName: SENDING_GROUP, UserName: "ses-smtp-user.20261128-101112" }),
    );
    const { AccessKey } = await client.send(new CreateAccessKeyCommand({ UserName: "ses-smtp-user.20261128-101112" }));
    const newKey = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    expect(await sendMail(newKey)).toMatch(SMTP_OK);
    expect(simulator.outbox()[0]).toMatchObject({ username: newKey.accessKeyId });
    // The password is per region, as for every key.
    expect(await sendMail(newKey, {}, "eu-west-1")).toMatch(SMTP_OK);

    // A user outside the group signs in with its key but may not send.
    await client.send(new CreateUserCommand({ UserName: "outsider" }));
    const outsider = (await client.send(new CreateAccessKeyCommand({ UserName: "outsider" }))).AccessKey!;
    expect(await sendMail({ accessKeyId: outsider.AccessKeyId!, secretAccessKey: outsider.SecretAccessKey! })).toBe(
      accessDeniedReply("outsider"),
    );

    // A new scenario forgets the users the API created.
    simulator.setScenario(baseScenario);
    expect(await sendMail(newKey)).toBe("535 Authentication Credentials Invalid");
  });

  it("migrating the inline-policy user to the group keeps SMTP sending working at every step", async () => {
    const client = iam(DIAGNOSTICS); // the optional fixes need only the diagnostics key
    const steps: [string, () => Promise<unknown>][] = [
      ["CreateGroup", () => client.send(new CreateGroupCommand({ GroupName: SENDING_GROUP }))],
      [
        "PutGroupPolicy",
        () =>
          client.send(
            new PutGroupPolicyCommand({
              GroupName: SENDING_GROUP,
              PolicyName: SENDING_POLICY,
              PolicyDocument: SENDING_POLICY_DOCUMENT,
            }),
          ),
      ],
      [
        "AddUserToGroup",
        () => client.send(new AddUserToGroupCommand({ GroupName: SENDING_GROUP, UserName: INLINE_USER })),
      ],
      [
        "DeleteUserPolicy",
        () => client.send(new DeleteUserPolicyCommand({ UserName: INLINE_USER, PolicyName: SENDING_POLICY })),
      ],
      ["UntagUser", () => client.send(new UntagUserCommand({ UserName: INLINE_USER, TagKeys: ["InvokedBy"] }))],
    ];
    expect(await sendMail(INLINE_SENDER)).toMatch(SMTP_OK);
    for (const [step, run] of steps) {
      await run();
      expect(await sendMail(INLINE_SENDER), `SMTP after ${step}`).toMatch(SMTP_OK);
    }

    expect((await client.send(new ListUserPoliciesCommand({ UserName: INLINE_USER }))).PolicyNames).toEqual([]);
    expect(
      (await client.send(new ListGroupsForUserCommand({ UserName: INLINE_USER }))).Groups!.map(
        (group) => group.GroupName,
      ),
    ).toEqual([SENDING_GROUP]);
    expect((await client.send(new GetUserCommand({ UserName: INLINE_USER }))).User!.Tags).toBeUndefined();
    const simulated = await client.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: userArn(INLINE_USER),
        ActionNames: ["ses:SendRawEmail"],
        ResourceArns: [identityArn("example.com")],
      }),
    );
    expect(simulated.EvaluationResults![0]).toMatchObject({
      EvalDecision: "allowed",
      MatchedStatements: [expect.objectContaining({ SourcePolicyId: SENDING_POLICY, SourcePolicyType: "group" })],
    });

    // Doing it in the wrong order (policy removed before joining the group) breaks sending.
    simulator.setScenario(baseScenario);
    await client.send(new DeleteUserPolicyCommand({ UserName: INLINE_USER, PolicyName: SENDING_POLICY }));
    expect(await sendMail(INLINE_SENDER)).toBe(accessDeniedReply(INLINE_USER));
  });

  it("removing a group-only user from the sending group makes SMTP answer 554 Access denied", async () => {
    const groupSender = {
      accessKeyId: "AKIASIMULATOR0000003",
      secretAccessKey: "Gr0upS3nderS3cretK3yF0rSIMULATOR0000003",
    };
    simulator.setScenario({
      ...baseScenario,
      users: [...baseScenario.users, { name: "group-sender", ...groupSender, sendingPolicy: "group" }],
    });
    expect(await sendMail(groupSender)).toMatch(SMTP_OK);

    // Not one of the diagnostics key's permissions.
    expectAwsError(
      await failure(
        iam(DIAGNOSTICS).send(new RemoveUserFromGroupCommand({ GroupName: SENDING_GROUP, UserName: "group-sender" })),
      ),
      "AccessDenied",
      403,
    );
    await iam(ADMIN).send(new RemoveUserFromGroupCommand({ GroupName: SENDING_GROUP, UserName: "group-sender" }));
    expect(await sendMail(groupSender)).toBe(accessDeniedReply("group-sender"));
    // Back in the group, it sends again.
    await iam(ADMIN).send(new AddUserToGroupCommand({ GroupName: SENDING_GROUP, UserName: "group-sender" }));
    expect(await sendMail(groupSender)).toMatch(SMTP_OK);
  });
});
