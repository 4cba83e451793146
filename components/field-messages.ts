// What each field of the SES forms shows under it: the shared checks' findings (errors once the
// person has left or pasted into the field, warnings and notices right away) and the server's
// field errors. Browser-safe; the wizard and the replace-credentials form both use it.
import type { CredentialFinding, FindingSeverity } from "@/lib/ses/credential-checks";

/** Field errors as the server returns them (422 from /api/test-sends, or an action's result). */
export type ServerFieldErrors = Partial<Record<string, string[]>>;

export interface ShownMessage {
  key: string;
  severity: FindingSeverity;
  message: string;
  fix?: string;
  offer?: CredentialFinding["offer"];
  learnMore?: { title: string; url: string };
}

export interface FieldMessages {
  errors: ShownMessage[];
  notes: ShownMessage[];
}

export const NO_MESSAGES: FieldMessages = { errors: [], notes: [] };

/**
 * The messages one field shows now. An error appears once the field is revealed (left, pasted
 * into, or its step submitted), so nobody is scolded for a half-typed value; an error that comes
 * with an offer (the secret key pasted as the password) shows at once, because acting on it early
 * saves a failed test. Server errors always show.
 */
export function messagesFor(
  field: string,
  findings: readonly CredentialFinding[],
  revealed: boolean,
  serverErrors: readonly string[] = [],
): FieldMessages {
  const own = findings.filter((finding) => finding.field === field);
  const errors: ShownMessage[] = own
    .filter((finding) => finding.severity === "error" && (revealed || finding.offer !== undefined))
    .map((finding) => toShown(finding));
  for (const [index, message] of serverErrors.entries()) {
    if (!errors.some((error) => error.message === message)) {
      errors.push({ key: `server-${index}`, severity: "error", message });
    }
  }
  const notes = own.filter((finding) => finding.severity !== "error").map((finding) => toShown(finding));
  return { errors, notes };
}

function toShown(finding: CredentialFinding): ShownMessage {
  return {
    key: `${finding.code}-${finding.severity}`,
    severity: finding.severity,
    message: finding.message,
    ...(finding.fix ? { fix: finding.fix } : {}),
    ...(finding.offer ? { offer: finding.offer } : {}),
    ...(finding.learnMore ? { learnMore: finding.learnMore } : {}),
  };
}

/** The ids a field's input points at with aria-describedby, in reading order. */
export function describedBy(id: string, messages: FieldMessages, hasHint = false): string | undefined {
  const ids = [
    messages.errors.length > 0 ? `${id}-errors` : undefined,
    hasHint ? `${id}-hint` : undefined,
    messages.notes.length > 0 ? `${id}-notes` : undefined,
  ].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** The text a screen reader hears for a field's first error, e.g. in the step's live region. */
export function firstError(messages: FieldMessages): string | undefined {
  return messages.errors[0]?.message;
}
