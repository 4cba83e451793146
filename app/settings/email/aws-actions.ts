"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import type { AccountCheckReport } from "@/lib/aws/check-types";
import type { AwsProblem } from "@/lib/aws/aws-errors";
import { productionAccessRequestSchema } from "@/lib/aws/production-access";
import { SmtpCredentialCreationError, smtpUserNameSchema } from "@/lib/aws/smtp-credentials";
import { canManageEmailSettings, MANAGERS_ONLY, NotSignedInError, resolveSessionContext } from "@/lib/auth/session";
import { Secret } from "@/lib/crypto/secret";
import { removeAwsDiagnosticsAccess, saveAwsDiagnosticsAccess } from "@/lib/data/aws-diagnostics";
import {
  checkDomainAccount,
  checkPrincipalConsolePermissions,
  migrateDomainSendingPolicy,
  provisionSmtpCredentials,
  requestRegionProductionAccess,
  type AwsAccountDeps,
} from "@/lib/email-settings/aws-account";
import {
  awsAccessKeyRequestSchema,
  awsFieldErrors,
  connectAwsDiagnosticsRequestSchema,
  sesRegionSchema,
  type AwsFieldErrors,
} from "@/lib/email-settings/aws-requests";
import { MALFORMED_REQUEST } from "@/lib/email-settings/requests";
import { getRuntime } from "@/lib/runtime";
import type { WorkspaceContext } from "@/lib/workspace/context";

export type AwsActionResult<T = object> =
  ({ ok: true } & T) | { ok: false; fieldErrors: AwsFieldErrors; formError?: string; problem?: AwsProblem };

const UNAVAILABLE = "Inflowave cannot reach its database just now. Nothing was changed; try again in a moment.";
const FAILED = "Something went wrong on Inflowave's side. Nothing was changed; try again in a moment.";

const malformed = { ok: false as const, fieldErrors: {}, formError: MALFORMED_REQUEST };
const formError = (message: string, problem?: AwsProblem) => ({
  ok: false as const,
  fieldErrors: {},
  formError: message,
  ...(problem ? { problem } : {}),
});

/** Opens the services and the acting user; a failure to start (the database is down) becomes words. */
async function withAwsScope<T>(
  what: string,
  access: "members" | "managers",
  body: (scope: { deps: AwsAccountDeps; ctx: WorkspaceContext }) => Promise<AwsActionResult<T>>,
): Promise<AwsActionResult<T>> {
  const runtime = getRuntime();
  let scope: { deps: AwsAccountDeps; ctx: WorkspaceContext };
  try {
    const deps = { prisma: runtime.db.prisma, keyring: runtime.keyring() };
    const ctx = await resolveSessionContext(deps.prisma, runtime.auth(), await headers());
    if (!ctx) return formError(new NotSignedInError().message);
    scope = { deps, ctx };
  } catch (error) {
    runtime.log.error({ err: error }, `${what} could not start`);
    return formError(UNAVAILABLE);
  }
  if (access === "managers" && !canManageEmailSettings(scope.ctx.role)) return formError(MANAGERS_ONLY);
  try {
    return await body(scope);
  } catch (error) {
    runtime.log.error({ err: error }, `${what} failed`);
    return formError(FAILED);
  }
}

// Stores how Inflowave reads the workspace's AWS account: a key (secret sealed) or the server's chain.
export async function connectAwsDiagnosticsAction(input: unknown): Promise<AwsActionResult> {
  const request = connectAwsDiagnosticsRequestSchema.safeParse(input);
  if (!request.success) return malformed;
  let access: Parameters<typeof saveAwsDiagnosticsAccess>[3];
  if (request.data.source === "access_key") {
    const key = awsAccessKeyRequestSchema.safeParse(request.data);
    if (!key.success) return { ok: false, fieldErrors: awsFieldErrors(key.error) };
    access = {
      source: "access_key",
      accessKeyId: key.data.accessKeyId,
      secretAccessKey: new Secret(key.data.secretAccessKey),
    };
  } else {
    access = { source: "default_chain" };
  }
  return withAwsScope("connecting AWS diagnostics", "managers", async ({ deps, ctx }) => {
    await saveAwsDiagnosticsAccess(deps.prisma, deps.keyring, ctx, access);
    revalidatePath("/settings/email/diagnostics");
    return { ok: true };
  });
}

export async function disconnectAwsDiagnosticsAction(): Promise<AwsActionResult> {
  return withAwsScope("disconnecting AWS diagnostics", "managers", async ({ deps, ctx }) => {
    await removeAwsDiagnosticsAccess(deps.prisma, ctx);
    revalidatePath("/settings/email/diagnostics");
    return { ok: true };
  });
}

const checkRequestSchema = z.object({
  sendingDomainId: z.uuid(),
  testRecipient: z
    // The length in a pipe: zod runs length checks on any value with a `length` (see lib/email-settings/requests.ts).
    .union([z.literal(""), z.string().pipe(z.email("Enter a valid email address, e.g. you@example.com.").max(254))])
    .optional(),
});

// Runs the AWS account checks for a domain; the findings are kept as the region's latest.
export async function runAccountChecksAction(input: unknown): Promise<AwsActionResult<{ report: AccountCheckReport }>> {
  const request = checkRequestSchema.safeParse(input);
  if (!request.success) {
    const recipient = request.error.issues.find((issue) => issue.path[0] === "testRecipient");
    return recipient ? { ok: false, fieldErrors: { testRecipient: [recipient.message] } } : malformed;
  }
  return withAwsScope<{ report: AccountCheckReport }>("the AWS account checks", "members", async ({ deps, ctx }) => {
    const result = await checkDomainAccount(deps, ctx, {
      sendingDomainId: request.data.sendingDomainId,
      testRecipient: request.data.testRecipient || undefined,
    });
    if (!result.ok) return formError(result.error, result.problem);
    revalidatePath(`/settings/email/${request.data.sendingDomainId}`);
    return { ok: true, report: result.report };
  });
}

// Moves a domain's SMTP user from the pre-2024 inline policy to the sending group.
export async function migrateSendingPolicyAction(
  input: unknown,
): Promise<AwsActionResult<Extract<Awaited<ReturnType<typeof migrateDomainSendingPolicy>>, { ok: true }>>> {
  const request = z.object({ sendingDomainId: z.uuid() }).safeParse(input);
  if (!request.success) return malformed;
  return withAwsScope("the sending policy migration", "managers", async ({ deps, ctx }) => {
    const result = await migrateDomainSendingPolicy(deps, ctx, request.data);
    if (!result.ok) return formError(result.error, result.problem);
    return result;
  });
}

const principalRequestSchema = z.object({
  // Its form is checked by checkConsolePermissions, which also suggests the role for a session ARN.
  principalArn: z
    .string({ error: "Enter the ARN of an IAM user or role." })
    .pipe(
      z
        .string()
        .trim()
        .min(1, "Enter the ARN of an IAM user or role, e.g. arn:aws:iam::123456789012:user/alice.")
        .max(2048, "An ARN is at most 2,048 characters."),
    ),
  region: sesRegionSchema,
});

// Which of the five permissions to create SMTP credentials in the console a person (principal) has.
export async function checkConsolePermissionsAction(
  input: unknown,
): Promise<AwsActionResult<Extract<Awaited<ReturnType<typeof checkPrincipalConsolePermissions>>, { ok: true }>>> {
  const request = principalRequestSchema.safeParse(input);
  if (!request.success) return { ok: false, fieldErrors: awsFieldErrors(request.error) };
  return withAwsScope("the console permission check", "members", async ({ deps, ctx }) => {
    const result = await checkPrincipalConsolePermissions(deps, ctx, request.data);
    if (!result.ok) return formError(result.error, result.problem);
    return result;
  });
}

// Sends the production-access request (sesv2 PutAccountDetails) for a region.
export async function requestProductionAccessAction(
  input: unknown,
): Promise<AwsActionResult<{ review: { status: string; caseId?: string } }>> {
  const envelope = z.object({ region: z.unknown(), request: z.unknown() }).safeParse(input);
  if (!envelope.success) return malformed;
  const region = sesRegionSchema.safeParse(envelope.data.region);
  const request = productionAccessRequestSchema.safeParse(envelope.data.request);
  if (!region.success || !request.success) {
    return {
      ok: false,
      fieldErrors: {
        ...(region.success ? {} : { region: region.error.issues.map((issue) => issue.message) }),
        ...(request.success ? {} : awsFieldErrors(request.error)),
      },
    };
  }
  return withAwsScope<{ review: { status: string; caseId?: string } }>(
    "the production access request",
    "managers",
    async ({ deps, ctx }) => {
      const result = await requestRegionProductionAccess(deps, ctx, { region: region.data, request: request.data });
      if (!result.ok) return formError(result.error, result.problem);
      revalidatePath("/settings/email/diagnostics");
      return { ok: true, review: result.review };
    },
  );
}

const createCredentialsRequestSchema = z.object({
  region: z.unknown(),
  accessKeyId: z.unknown(),
  secretAccessKey: z.unknown(),
  userName: z.unknown().optional(),
});

export interface CreatedSmtpCredentialsView {
  provisionedCredentialId: string;
  username: string;
  iamUserName: string;
  region: string;
  groupCreated: boolean;
}

// Creates SMTP credentials in the customer's AWS account with an administrator key used once.
export async function createSmtpCredentialsAction(
  input: unknown,
): Promise<AwsActionResult<CreatedSmtpCredentialsView>> {
  const envelope = createCredentialsRequestSchema.safeParse(input);
  if (!envelope.success) return malformed;
  const region = sesRegionSchema.safeParse(envelope.data.region);
  const key = awsAccessKeyRequestSchema.safeParse(envelope.data);
  const userName =
    envelope.data.userName === undefined || envelope.data.userName === ""
      ? { success: true as const, data: undefined }
      : smtpUserNameSchema.safeParse(envelope.data.userName);
  if (!region.success || !key.success || !userName.success) {
    return {
      ok: false,
      fieldErrors: {
        ...(region.success ? {} : { region: region.error.issues.map((issue) => issue.message) }),
        ...(key.success ? {} : awsFieldErrors(key.error)),
        ...(userName.success ? {} : { userName: userName.error.issues.map((issue) => issue.message) }),
      },
    };
  }
  return withAwsScope<CreatedSmtpCredentialsView>("creating SMTP credentials", "managers", async ({ deps, ctx }) => {
    try {
      const created = await provisionSmtpCredentials(deps, ctx, {
        region: region.data,
        adminKey: { accessKeyId: key.data.accessKeyId, secretAccessKey: new Secret(key.data.secretAccessKey) },
        userName: userName.data,
      });
      return {
        ok: true,
        provisionedCredentialId: created.id,
        username: created.username,
        iamUserName: created.iamUserName,
        region: created.region,
        groupCreated: created.groupCreated,
      };
    } catch (error) {
      if (error instanceof SmtpCredentialCreationError) return formError(error.message, error.problem);
      throw error;
    }
  });
}
