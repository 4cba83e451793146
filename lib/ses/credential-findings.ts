// The vocabulary of the wizard's checks: the fields, the finding codes and how a finding is
// recorded, plus the careful reading of untrusted input that every check starts with.
// Browser-safe. The checks themselves: sender-checks.ts, connection-checks.ts, credential-checks.ts.
import type { DocLink } from "./aws-docs";

export const CREDENTIAL_FIELDS = ["domain", "fromAddress", "region", "host", "port", "username", "password"] as const;
export type CredentialField = (typeof CREDENTIAL_FIELDS)[number];

/** The fields each wizard step checks. The connection step re-checks the region: the host depends on it. */
export const CREDENTIAL_STEPS = {
  sender: ["domain", "fromAddress"],
  region: ["region"],
  connection: ["region", "host", "port"],
  credentials: ["username", "password"],
} as const satisfies Record<string, readonly CredentialField[]>;
export type CredentialStep = keyof typeof CREDENTIAL_STEPS;

export const CREDENTIAL_FINDING_CODES = [
  "required",
  "too-long",
  "invalid-domain",
  "invalid-from-address",
  "from-outside-domain",
  "unknown-region",
  "region-without-smtp",
  "region-smtp-unconfirmed",
  "not-an-ses-smtp-host",
  "host-region-mismatch",
  "fips-host-unconfirmed",
  "host-cleaned",
  "host-port-conflict",
  "unsupported-port",
  "port-25-throttled",
  "invalid-access-key-id",
  "temporary-credentials",
  "iam-user-name-as-username",
  "credentials-swapped",
  "invalid-smtp-password",
  "aws-secret-key-as-password",
  "legacy-sigv2-password",
  "whitespace-trimmed",
] as const;
export type CredentialFindingCode = (typeof CREDENTIAL_FINDING_CODES)[number];

export type FindingSeverity = "error" | "warning" | "info";
/** Something the UI can do for the person, beyond showing the message. */
export type CredentialOffer = "derive-smtp-password";

export interface CredentialFinding {
  field: CredentialField;
  code: CredentialFindingCode;
  severity: FindingSeverity;
  /** What is wrong, in plain words; shown next to the field. */
  message: string;
  /** What to do about it. */
  fix?: string;
  offer?: CredentialOffer;
  learnMore?: DocLink;
}

export const FIELD_LABELS: Record<CredentialField, string> = {
  domain: "sending domain",
  fromAddress: "From address",
  region: "region",
  host: "SMTP host",
  port: "port",
  username: "SMTP user name",
  password: "SMTP password",
};

// Generous next to real values, small enough that nothing downstream sees megabytes.
export const MAX_LENGTH: Record<CredentialField, number> = {
  domain: 253,
  fromAddress: 254,
  region: 32,
  host: 253,
  port: 8,
  username: 128,
  password: 128,
};
// A pasted URL may carry a path; the host inside it is still capped at MAX_LENGTH.host.
export const MAX_HOST_INPUT_LENGTH = 2048;

type FindingDetails = Omit<CredentialFinding, "field" | "code" | "severity">;

/** A value as a message quotes it: a long one is cut to its start, so a pasted blob is not echoed whole. */
export function shown(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}

/** Collects findings in the order the checks make them. */
export class FindingList {
  readonly findings: CredentialFinding[] = [];

  add(field: CredentialField, code: CredentialFindingCode, severity: FindingSeverity, details: FindingDetails): void {
    this.findings.push({ field, code, severity, ...details });
  }
  error(field: CredentialField, code: CredentialFindingCode, details: FindingDetails): void {
    this.add(field, code, "error", details);
  }
  warning(field: CredentialField, code: CredentialFindingCode, details: FindingDetails): void {
    this.add(field, code, "warning", details);
  }
  info(field: CredentialField, code: CredentialFindingCode, details: FindingDetails): void {
    this.add(field, code, "info", details);
  }
}

// Input may be anything a form or a JSON body holds: read own properties only (so "__proto__"
// tricks do nothing) and never let a hostile getter throw out of a check.
export function readField(input: unknown, field: CredentialField): unknown {
  if (typeof input !== "object" || input === null) return undefined;
  try {
    return Object.hasOwn(input, field) ? (input as Record<string, unknown>)[field] : undefined;
  } catch {
    return undefined;
  }
}

export function readText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * The trimmed text of a field. Undefined (with a finding) when it is required but missing, or
 * too long; "" when an optional field is empty. Trimming is announced: for credentials,
 * invisible spaces are a real cause of failed logins.
 */
export function readTrimmed(
  field: CredentialField,
  raw: string | undefined,
  findings: FindingList,
  requiredMessage: string | undefined,
  maxInputLength = MAX_LENGTH[field],
): string | undefined {
  const value = raw?.trim() ?? "";
  if (value === "") {
    if (!requiredMessage) return "";
    findings.error(field, "required", { message: requiredMessage });
    return undefined;
  }
  if (value.length > maxInputLength) {
    findings.error(field, "too-long", {
      message: `That is too long for the ${FIELD_LABELS[field]} (at most ${MAX_LENGTH[field]} characters).`,
    });
    return undefined;
  }
  if (raw !== value) {
    findings.info(field, "whitespace-trimmed", {
      message:
        field === "password" || field === "username"
          ? `We removed spaces or line breaks from the start or end of the ${FIELD_LABELS[field]}. Pasted spaces are a known cause of "535 Authentication Credentials Invalid".`
          : `We removed spaces from the start or end of the ${FIELD_LABELS[field]}.`,
    });
  }
  return value;
}
