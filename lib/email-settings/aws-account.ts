// The AWS account side of the email settings: a workspace's diagnostics access, the account
// checks for a sending domain (kept as the region's latest findings), and the fixes Inflowave can
// make from them. Entry points take the workspace context; AWS clients come from a factory so
// tests can point them anywhere.
import type { AwsProblem } from "../aws/aws-errors";
import { runAccountChecks, type AccountCheckReport, checkConsolePermissions } from "../aws/account-checks";
import { createAwsClients, type AwsClients, type AwsKey } from "../aws/clients";
import { requestProductionAccess, type ProductionAccessRequest } from "../aws/production-access";
import { migrateSendingPolicyToGroup } from "../aws/policy-migration";
import { createSmtpCredentials } from "../aws/smtp-credentials";
import { inspectSmtpUser } from "../aws/smtp-user-checks";
import type { Keyring } from "../crypto/keyring";
import { recordAuditEvent } from "../data/audit";
import { saveAccountCheck } from "../data/aws-account-checks";
import { openAwsDiagnosticsCredentials } from "../data/aws-diagnostics";
import { SENDING_DOMAIN_NOT_FOUND } from "../data/sending-domains";
import {
  storeProvisionedSmtpCredential,
  type ProvisionedSmtpCredentialSummary,
} from "../data/provisioned-smtp-credentials";
import type { PrismaClient } from "../db/client";
import type { WorkspaceContext } from "../workspace/context";

export interface AwsAccountDeps {
  prisma: PrismaClient;
  keyring: Keyring;
  /** Builds the SDK clients; tests may pass their own. */
  createClients?: (region: string, key?: AwsKey) => AwsClients;
}

export const NOT_CONNECTED =
  "Connect your AWS account for diagnostics first: give Inflowave a read-only access key, or use the server's AWS credentials.";

export type AccountResult<T> = ({ ok: true } & T) | { ok: false; error: string; problem?: AwsProblem };

async function diagnosticsClients(
  deps: AwsAccountDeps,
  ctx: WorkspaceContext,
  region: string,
): Promise<AwsClients | null> {
  const credentials = await openAwsDiagnosticsCredentials(deps.prisma, deps.keyring, ctx.workspace.id);
  if (!credentials) return null;
  const create = deps.createClients ?? createAwsClients;
  return credentials.source === "access_key"
    ? create(region, { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey })
    : create(region);
}

async function findDomain(deps: AwsAccountDeps, ctx: WorkspaceContext, sendingDomainId: string) {
  return deps.prisma.sendingDomain.findFirst({
    where: { id: sendingDomainId, workspaceId: ctx.workspace.id },
    select: { id: true, domain: true, region: true, fromAddress: true, credential: { select: { username: true } } },
  });
}

/** Runs every account check for a domain's region, From address and SMTP user, and keeps the findings. */
export async function checkDomainAccount(
  deps: AwsAccountDeps,
  ctx: WorkspaceContext,
  input: { sendingDomainId: string; testRecipient?: string },
): Promise<AccountResult<{ report: AccountCheckReport }>> {
  const domain = await findDomain(deps, ctx, input.sendingDomainId);
  if (!domain) return { ok: false, error: SENDING_DOMAIN_NOT_FOUND };
  const clients = await diagnosticsClients(deps, ctx, domain.region);
  if (!clients) return { ok: false, error: NOT_CONNECTED };
  const report = await runAccountChecks(clients, {
    region: domain.region,
    fromAddress: domain.fromAddress,
    testRecipient: input.testRecipient,
    smtpUsername: domain.credential?.username ?? "",
  });
  await saveAccountCheck(deps.prisma, ctx.workspace.id, report);
  return { ok: true, report };
}

/** Moves a domain's SMTP user from the old inline sending policy to the sending group, in AWS's documented order. */
export async function migrateDomainSendingPolicy(
  deps: AwsAccountDeps,
  ctx: WorkspaceContext,
  input: { sendingDomainId: string },
): Promise<AccountResult<{ userName: string; result: Awaited<ReturnType<typeof migrateSendingPolicyToGroup>> }>> {
  const domain = await findDomain(deps, ctx, input.sendingDomainId);
  if (!domain?.credential) return { ok: false, error: SENDING_DOMAIN_NOT_FOUND };
  const clients = await diagnosticsClients(deps, ctx, domain.region);
  if (!clients) return { ok: false, error: NOT_CONNECTED };
  const inspection = await inspectSmtpUser(clients.iam, domain.credential.username);
  if (!inspection.user) {
    const { check } = inspection;
    return { ok: false, error: [check.summary, check.fix].filter(Boolean).join(" "), problem: check.problem };
  }
  const user = inspection.user;
  const result = await migrateSendingPolicyToGroup(clients.iam, user.userName);
  if (result.steps.some((step) => step.status === "done")) {
    await recordAuditEvent(deps.prisma, ctx, {
      action: "aws_account.sending_policy_migrated",
      targetType: "sending_domain",
      targetId: domain.id,
      details: { userName: user.userName, completed: result.ok },
    });
  }
  return { ok: true, userName: user.userName, result };
}

/** Which of the five permissions to create SMTP credentials in the console an IAM principal has. */
export async function checkPrincipalConsolePermissions(
  deps: AwsAccountDeps,
  ctx: WorkspaceContext,
  input: { principalArn: string; region: string },
): Promise<AccountResult<{ result: Awaited<ReturnType<typeof checkConsolePermissions>> }>> {
  const clients = await diagnosticsClients(deps, ctx, input.region);
  if (!clients) return { ok: false, error: NOT_CONNECTED };
  return { ok: true, result: await checkConsolePermissions(clients.iam, input.principalArn) };
}

/** Asks AWS to move the account out of the sandbox in a region. */
export async function requestRegionProductionAccess(
  deps: AwsAccountDeps,
  ctx: WorkspaceContext,
  input: { region: string; request: ProductionAccessRequest },
): Promise<AccountResult<{ review: { status: string; caseId?: string } }>> {
  const clients = await diagnosticsClients(deps, ctx, input.region);
  if (!clients) return { ok: false, error: NOT_CONNECTED };
  const answer = await requestProductionAccess(clients.sesv2, input.request);
  if (!answer.ok) return { ok: false, error: answer.problem.message, problem: answer.problem };
  await recordAuditEvent(deps.prisma, ctx, {
    action: "aws_account.production_access_requested",
    targetType: "workspace",
    targetId: ctx.workspace.id,
    details: { region: input.region, mailType: input.request.mailType, status: answer.review.status },
  });
  return { ok: true, review: answer.review };
}

/**
 * Creates SMTP credentials in the customer's account with an administrator key used for this
 * call only (never stored), and keeps the derived SMTP password sealed for the wizard.
 */
export async function provisionSmtpCredentials(
  deps: AwsAccountDeps,
  ctx: WorkspaceContext,
  input: { region: string; adminKey: AwsKey; userName?: string },
): Promise<ProvisionedSmtpCredentialSummary & { groupCreated: boolean }> {
  const create = deps.createClients ?? createAwsClients;
  const { iam } = create(input.region, input.adminKey);
  const created = await createSmtpCredentials(iam, { region: input.region, userName: input.userName });
  const stored = await storeProvisionedSmtpCredential(deps.prisma, deps.keyring, ctx, {
    region: input.region,
    iamUserName: created.userName,
    username: created.accessKeyId,
    password: created.smtpPassword,
  });
  return { ...stored, groupCreated: created.groupCreated };
}
