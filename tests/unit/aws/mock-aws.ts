// AWS SDK clients answered by aws-sdk-client-mock from scripted replies. Importing this file
// mocks every SESClient, SESv2Client and IAMClient in the test file.
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
  PutGroupPolicyCommand,
  SimulatePrincipalPolicyCommand,
  UntagUserCommand,
} from "@aws-sdk/client-iam";
import {
  GetAccountSendingEnabledCommand,
  GetIdentityVerificationAttributesCommand,
  GetSendQuotaCommand,
  SESClient,
} from "@aws-sdk/client-ses";
import {
  GetAccountCommand,
  GetEmailIdentityCommand,
  PutAccountDetailsCommand,
  SESv2Client,
} from "@aws-sdk/client-sesv2";
import { mockClient } from "aws-sdk-client-mock";
import { type AwsClients, createAwsClients } from "@/lib/aws/clients";
import { Secret } from "@/lib/crypto/secret";
import { ADMIN_KEY_ID, ADMIN_SECRET, DIAGNOSTICS_KEY_ID, DIAGNOSTICS_SECRET } from "./fakes";

export const mocks = {
  ses: mockClient(SESClient),
  sesv2: mockClient(SESv2Client),
  iam: mockClient(IAMClient),
};

export function diagnosticsClients(region = "us-east-1"): AwsClients {
  return createAwsClients(region, { accessKeyId: DIAGNOSTICS_KEY_ID, secretAccessKey: new Secret(DIAGNOSTICS_SECRET) });
}

export function adminClients(region = "us-east-1"): AwsClients {
  return createAwsClients(region, { accessKeyId: ADMIN_KEY_ID, secretAccessKey: new Secret(ADMIN_SECRET) });
}

// ── Scripted answers ──────────────────────────────────────────────────────────────────────────

/** An answer: a value, an error to throw, or a function of the command's input returning either. */
export type Reply = unknown;

const COMMANDS = {
  ses: {
    GetSendQuota: GetSendQuotaCommand,
    GetAccountSendingEnabled: GetAccountSendingEnabledCommand,
    GetIdentityVerificationAttributes: GetIdentityVerificationAttributesCommand,
  },
  sesv2: {
    GetAccount: GetAccountCommand,
    GetEmailIdentity: GetEmailIdentityCommand,
    PutAccountDetails: PutAccountDetailsCommand,
  },
  iam: {
    GetAccessKeyLastUsed: GetAccessKeyLastUsedCommand,
    GetUser: GetUserCommand,
    SimulatePrincipalPolicy: SimulatePrincipalPolicyCommand,
    ListUserPolicies: ListUserPoliciesCommand,
    ListGroupsForUser: ListGroupsForUserCommand,
    ListGroupPolicies: ListGroupPoliciesCommand,
    CreateUser: CreateUserCommand,
    CreateGroup: CreateGroupCommand,
    PutGroupPolicy: PutGroupPolicyCommand,
    AddUserToGroup: AddUserToGroupCommand,
    CreateAccessKey: CreateAccessKeyCommand,
    DeleteUserPolicy: DeleteUserPolicyCommand,
    UntagUser: UntagUserCommand,
  },
} as const;

export type SesCommandName = keyof typeof COMMANDS.ses;
export type SesV2CommandName = keyof typeof COMMANDS.sesv2;
export type IamCommandName = keyof typeof COMMANDS.iam;
export type CommandName = SesCommandName | SesV2CommandName | IamCommandName;
export type Replies = Partial<Record<CommandName, Reply>>;

const callLog: string[] = [];

/** Resets every mock and answers each command from `replies`; a command without a reply fails the test. */
export function arrange(replies: Replies): void {
  callLog.length = 0;
  for (const [service, commands] of Object.entries(COMMANDS) as [keyof typeof COMMANDS, Record<string, unknown>][]) {
    const mock = mocks[service];
    mock.reset();
    for (const [name, command] of Object.entries(commands)) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the mock's `on` is typed per client
      (mock.on as any)(command).callsFake(async (input: unknown) => {
        callLog.push(`${service === "iam" ? "iam" : "ses"}:${name}`);
        if (!(name in replies)) throw new Error(`Unexpected AWS call in this test: ${name}`);
        let reply = replies[name as CommandName];
        if (typeof reply === "function") reply = await (reply as (input: unknown) => unknown)(input);
        if (reply instanceof Error) throw reply;
        return reply;
      });
    }
  }
}

/** Every AWS action called since the last arrange(), as IAM names them ("ses:GetAccount"), in order. */
export function calledActions(): string[] {
  return [...callLog];
}

/** The inputs a command was called with, in order. */
export function inputsOf(name: CommandName): Record<string, unknown>[] {
  const service = name in COMMANDS.ses ? "ses" : name in COMMANDS.sesv2 ? "sesv2" : "iam";
  const command = (COMMANDS[service] as Record<string, new (input: never) => unknown>)[name]!;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- commandCalls is typed per client
  return (mocks[service].commandCalls as any)(command).map(
    (call: { args: [{ input: Record<string, unknown> }] }) => call.args[0].input,
  );
}
