// The shapes the browser sends for tests and saves, checked with the same rules the wizard shows
// while the person types. Server-side entry points parse with these and answer with field errors.
import { z } from "zod";
import { boundedString } from "../validation/bounded-string";
import {
  checkCredentials,
  credentialErrorsFromZod,
  sesSmtpSettingsSchema,
  type CredentialField,
} from "../ses/credential-checks";
import { testRecipientSchema } from "./sending-domain-setup";

export type FieldErrors = Partial<
  Record<CredentialField | "to" | "testSendId" | "sendingDomainId" | "maxSendRate", string[]>
>;

export type Parsed<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldErrors; formError?: string };

const MAX_FIELD = 2_048;
const looseText = boundedString(MAX_FIELD).optional();
const settingsShape = z.object({
  domain: looseText,
  fromAddress: looseText,
  region: looseText,
  host: looseText,
  port: z.union([z.number(), boundedString(16)]).optional(),
  username: looseText,
  password: looseText,
  /** Credentials Inflowave created in the customer's AWS account, in place of a typed password. */
  provisionedCredentialId: z.uuid().optional(),
});

export type SettingsInput = z.infer<typeof settingsShape>;

export const testSendRequestSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("unsaved"), settings: settingsShape, to: z.unknown() }),
  z.object({ kind: z.literal("saved"), sendingDomainId: boundedString(64), to: z.unknown() }),
  z.object({
    kind: z.literal("replacement"),
    sendingDomainId: boundedString(64),
    credential: settingsShape.pick({ host: true, port: true, username: true, password: true }),
    to: z.unknown(),
  }),
]);

export type TestSendRequestBody = z.infer<typeof testSendRequestSchema>;

/** Words for a body that is not even the right shape (a broken or hostile client). */
export const MALFORMED_REQUEST = "The request was not understood. Reload the page and try again.";

export function parseRecipient(to: unknown): Parsed<string> {
  const parsed = testRecipientSchema.safeParse(to);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, fieldErrors: { to: parsed.error.issues.map((issue) => issue.message) } };
}

export function parseSettings(settings: unknown) {
  const parsed = sesSmtpSettingsSchema.safeParse(settings);
  if (parsed.success) return { ok: true as const, value: parsed.data };
  const errors = credentialErrorsFromZod(parsed.error);
  return { ok: false as const, fieldErrors: errors.fieldErrors as FieldErrors, formError: errors.formErrors[0] };
}

/** Replacement credentials, checked against the domain's region. */
export function parseReplacementCredential(credential: unknown, region: string) {
  const check = checkCredentials({ ...(credential as object), region }, ["host", "port", "username", "password"]);
  if (check.ok && check.cleaned.host && check.cleaned.port && check.cleaned.username && check.cleaned.password) {
    const { host, port, username, password } = check.cleaned;
    return { ok: true as const, value: { host, port, username, password } };
  }
  const fieldErrors: FieldErrors = {};
  for (const finding of check.findings) {
    if (finding.severity === "error") (fieldErrors[finding.field] ??= []).push(finding.message);
  }
  return { ok: false as const, fieldErrors };
}

export const addSendingDomainRequestSchema = z.object({
  settings: settingsShape,
  testSendId: z.uuid().optional(),
});

/**
 * The version of a sending domain the person's page showed, sent back with a change to it, so a
 * change made from an out-of-date page is refused (see changeAtVersion). A column's 32-bit integer.
 */
export const expectedVersionSchema = z.int32().min(1);

export const replaceCredentialRequestSchema = z.object({
  sendingDomainId: z.uuid(),
  expectedVersion: expectedVersionSchema,
  credential: settingsShape.pick({ host: true, port: true, username: true, password: true }),
  testSendId: z.uuid({ error: "Send a test with the new credentials first." }),
});
