"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { canManageEmailSettings, MANAGERS_ONLY, NotSignedInError } from "@/lib/auth/session";
import { consumeProvisionedSmtpCredential } from "@/lib/data/provisioned-smtp-credentials";
import {
  type CurrentSendingDomain,
  missingSendingDomainError,
  removeSendingDomain,
  SendingDomainChangedError,
  SENDING_DOMAIN_NOT_FOUND,
  SendingDomainError,
  sendRateSchema,
  setSendingRate,
} from "@/lib/data/sending-domains";
import {
  addSendingDomainRequestSchema,
  expectedVersionSchema,
  MALFORMED_REQUEST,
  parseReplacementCredential,
  parseSettings,
  replaceCredentialRequestSchema,
  type FieldErrors,
} from "@/lib/email-settings/requests";
import { withProvisionedPassword } from "@/lib/email-settings/provisioned-credentials";
import {
  addSendingDomain,
  CredentialReplacementError,
  openSetupScope,
  type SavedSendingDomain,
  replaceSmtpCredential,
  TestAlreadyUsedError,
} from "@/lib/email-settings/sending-domain-setup";
import { getRuntime } from "@/lib/runtime";
import { boundedString } from "@/lib/validation/bounded-string";

/**
 * `conflict` when the change was refused because the domain changed or was removed after the page
 * loaded (formError says by whom): the domain as it is now, for the form to show; null once removed.
 */
export type ActionResult<T = object> =
  ({ ok: true } & T) | { ok: false; fieldErrors: FieldErrors; formError?: string; conflict?: CurrentSendingDomain };

const SAVE_FAILED = "Your settings could not be saved just now. Nothing was stored; try again in a moment.";

const setup = async () => openSetupScope(getRuntime(), await headers());

/** A change refused because someone else changed the domain first: their change in words, and the domain now. */
function refusedAsChanged(error: SendingDomainChangedError): ActionResult<never> {
  return { ok: false, fieldErrors: {}, formError: error.message, conflict: error.current };
}

const UNAVAILABLE: ActionResult = {
  ok: false,
  fieldErrors: {},
  formError: "Inflowave cannot reach its database just now. Nothing was changed; try again in a moment.",
};

/** Runs an action's body; a failure to even start (the database is down) becomes words, not a crash. */
async function withSetup<T = object>(
  body: (s: Awaited<ReturnType<typeof setup>>) => Promise<ActionResult<T>>,
  options: { managersOnly: boolean },
): Promise<ActionResult<T>> {
  let context: Awaited<ReturnType<typeof setup>>;
  try {
    context = await setup();
  } catch (error) {
    if (error instanceof NotSignedInError) return { ok: false, fieldErrors: {}, formError: error.message };
    getRuntime().log.error({ err: error }, "an email settings action could not start");
    return UNAVAILABLE as ActionResult<T>;
  }
  if (options.managersOnly && !canManageEmailSettings(context.ctx.role)) {
    return { ok: false, fieldErrors: {}, formError: MANAGERS_ONLY };
  }
  return body(context);
}

// Saves the wizard's settings as a new sending domain, verified if its test passed.
export async function addSendingDomainAction(input: unknown): Promise<ActionResult<SavedSendingDomain>> {
  const request = addSendingDomainRequestSchema.safeParse(input);
  if (!request.success) return { ok: false, fieldErrors: {}, formError: MALFORMED_REQUEST };
  const { provisionedCredentialId } = request.data.settings;
  return withSetup<SavedSendingDomain>(
    async ({ runtime, deps, ctx }) => {
      const resolved = await withProvisionedPassword(deps, ctx, request.data.settings);
      const settings = resolved.ok ? parseSettings(resolved.value) : resolved;
      if (!settings.ok) return { ok: false, fieldErrors: settings.fieldErrors, formError: settings.formError };
      try {
        const saved = await addSendingDomain(deps, ctx, settings.value, request.data.testSendId);
        if (provisionedCredentialId) {
          await consumeProvisionedSmtpCredential(deps.prisma, ctx.workspace.id, provisionedCredentialId).catch(
            (error: unknown) => runtime.log.warn({ err: error }, "a created SMTP credential could not be forgotten"),
          );
        }
        revalidatePath("/settings/email");
        return { ok: true, ...saved };
      } catch (error) {
        if (error instanceof SendingDomainError && error.code === "domain-taken") {
          return { ok: false, fieldErrors: { domain: [error.message] } };
        }
        if (error instanceof TestAlreadyUsedError) return { ok: false, fieldErrors: {}, formError: error.message };
        runtime.log.error({ err: error }, "saving a sending domain failed");
        return { ok: false, fieldErrors: {}, formError: SAVE_FAILED };
      }
    },
    { managersOnly: true },
  );
}

// Swaps a domain's SMTP credential for new ones that passed a test; the old ones stay until then.
export async function replaceCredentialAction(input: unknown): Promise<ActionResult> {
  const request = replaceCredentialRequestSchema.safeParse(input);
  if (!request.success) {
    const testSendIssue = request.error.issues.find((issue) => issue.path[0] === "testSendId");
    return testSendIssue
      ? { ok: false, fieldErrors: {}, formError: testSendIssue.message }
      : { ok: false, fieldErrors: {}, formError: MALFORMED_REQUEST };
  }
  return withSetup<object>(
    async ({ runtime, deps, ctx }) => {
      try {
        const domain = await deps.prisma.sendingDomain.findFirst({
          where: { id: request.data.sendingDomainId, workspaceId: ctx.workspace.id },
          select: { id: true, region: true },
        });
        if (!domain)
          throw await missingSendingDomainError(deps.prisma, ctx, request.data.sendingDomainId, "credentials");
        const credential = parseReplacementCredential(request.data.credential, domain.region);
        if (!credential.ok) return { ok: false, fieldErrors: credential.fieldErrors };
        const { testSendId, expectedVersion } = request.data;
        await replaceSmtpCredential(deps, ctx, domain.id, credential.value, testSendId, expectedVersion);
        revalidatePath(`/settings/email/${domain.id}`);
        return { ok: true };
      } catch (error) {
        if (error instanceof SendingDomainChangedError) return refusedAsChanged(error);
        if (error instanceof CredentialReplacementError || error instanceof SendingDomainError)
          return { ok: false, fieldErrors: {}, formError: error.message };
        runtime.log.error({ err: error }, "replacing SMTP credentials failed");
        return { ok: false, fieldErrors: {}, formError: SAVE_FAILED };
      }
    },
    { managersOnly: true },
  );
}

const removeSendingDomainRequestSchema = z.object({
  sendingDomainId: boundedString(64),
  expectedVersion: expectedVersionSchema,
});

// Removes a domain with its credential and test history (the audit trail stays), unless it
// changed since the page loaded.
export async function removeSendingDomainAction(input: unknown): Promise<ActionResult> {
  const request = removeSendingDomainRequestSchema.safeParse(input);
  if (!request.success) return { ok: false, fieldErrors: {}, formError: MALFORMED_REQUEST };
  const { sendingDomainId, expectedVersion } = request.data;
  return withSetup<object>(
    async ({ runtime, deps, ctx }) => {
      try {
        const removed = await removeSendingDomain(deps.prisma, ctx, sendingDomainId, expectedVersion);
        if (!removed) return { ok: false, fieldErrors: {}, formError: SENDING_DOMAIN_NOT_FOUND };
        revalidatePath("/settings/email");
        return { ok: true };
      } catch (error) {
        if (error instanceof SendingDomainChangedError) return refusedAsChanged(error);
        runtime.log.error({ err: error }, "removing a sending domain failed");
        return {
          ok: false,
          fieldErrors: {},
          formError: "The domain could not be removed just now. Try again in a moment.",
        };
      }
    },
    { managersOnly: true },
  );
}

const sendingRateRequestSchema = z.object({
  sendingDomainId: z.uuid(),
  maxSendRate: z.union([boundedString(32), z.number()]),
  expectedVersion: expectedVersionSchema,
});

// Sets a domain's emails per second, unless it changed since the page loaded; the shared limiter
// applies it to the next send.
export async function setSendingRateAction(
  input: unknown,
): Promise<ActionResult<{ maxSendRate: number; version: number }>> {
  const request = sendingRateRequestSchema.safeParse(input);
  if (!request.success) return { ok: false, fieldErrors: {}, formError: MALFORMED_REQUEST };
  const rate = sendRateSchema.safeParse(
    typeof request.data.maxSendRate === "string" && request.data.maxSendRate.trim() === ""
      ? undefined
      : request.data.maxSendRate,
  );
  if (!rate.success) {
    return { ok: false, fieldErrors: { maxSendRate: [rate.error.issues[0]?.message ?? "Enter a number."] } };
  }
  const { sendingDomainId, expectedVersion } = request.data;
  return withSetup<{ maxSendRate: number; version: number }>(
    async ({ runtime, deps, ctx }) => {
      try {
        const result = await setSendingRate(deps.prisma, ctx, sendingDomainId, rate.data, expectedVersion);
        revalidatePath(`/settings/email/${sendingDomainId}`);
        return { ok: true, maxSendRate: result.maxSendRate, version: result.version };
      } catch (error) {
        if (error instanceof SendingDomainChangedError) return refusedAsChanged(error);
        if (error instanceof SendingDomainError) return { ok: false, fieldErrors: {}, formError: error.message };
        runtime.log.error({ err: error }, "setting a sending rate failed");
        return { ok: false, fieldErrors: {}, formError: SAVE_FAILED };
      }
    },
    { managersOnly: true },
  );
}
