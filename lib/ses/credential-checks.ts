// Checks what a person enters in the SES wizard, before anything is sent to AWS. Each problem is
// a finding tied to one field, worded for the person who typed it; the zod schemas below turn
// the error findings into zod issues, so the browser form and the server action agree exactly.
// This module checks the SMTP user name and password and puts all the checks together; the
// other fields are checked in sender-checks.ts and connection-checks.ts.
// Browser-safe: no Node imports (Secret is a plain class).
//
// Passwords and secret keys never appear in a finding, a message or an error: only their shape
// ("40 characters"). Other values are quoted only when they are harmless (hosts, addresses).
import { z } from "zod";
import { Secret } from "../crypto/secret";
import { checkHost, checkPort, checkRegion } from "./connection-checks";
import { AWS_DOCS } from "./aws-docs";
import {
  CREDENTIAL_FIELDS,
  CREDENTIAL_FINDING_CODES,
  CREDENTIAL_STEPS,
  type CredentialField,
  type CredentialFinding,
  type CredentialFindingCode,
  type CredentialStep,
  FindingList,
  MAX_HOST_INPUT_LENGTH,
  readField,
  readText,
  readTrimmed,
} from "./credential-findings";
import { classifyPassword, classifyUsername, looksLikePassword } from "./credential-shapes";
import { findSmtpPort, type SesSmtpPort, type TlsMode } from "./ports";
import { describeSesRegion, parseSesHost, type SesRegion } from "./regions";
import { checkDomain, checkFromAddress } from "./sender-checks";

export {
  CREDENTIAL_FIELDS,
  CREDENTIAL_FINDING_CODES,
  CREDENTIAL_STEPS,
  type CredentialField,
  type CredentialFinding,
  type CredentialFindingCode,
  type CredentialOffer,
  type CredentialStep,
  type FindingSeverity,
} from "./credential-findings";

/** What the wizard collects. Every field may be missing or of the wrong type at run time. */
export interface CredentialInput {
  domain: string;
  fromAddress: string;
  region: string;
  host: string;
  /** A number, or the text of a form field. */
  port: number | string;
  username: string;
  password: string | Secret;
}

/** A complete, checked SES SMTP setup, ready to store. */
export interface SesSmtpSettings {
  domain: string;
  fromAddress: string;
  region: string;
  host: string;
  port: SesSmtpPort;
  tlsMode: TlsMode;
  username: string;
  password: Secret;
}

/** Normalised values, as far as they could be worked out; set even when a finding says they are wrong. */
export interface CleanedCredentials {
  domain?: string;
  fromAddress?: string;
  region?: string;
  host?: string;
  port?: number;
  /** Follows from the port; unset when SES does not listen on that port. */
  tlsMode?: TlsMode;
  username?: string;
  password?: Secret;
}

export interface CredentialCheck {
  /** False exactly when a finding is an error. */
  ok: boolean;
  findings: CredentialFinding[];
  cleaned: CleanedCredentials;
}

const CREATE_SMTP_CREDENTIALS =
  "In the Amazon SES console, open SMTP settings and choose Create SMTP credentials, in the region you send from.";

// The password's text, from a string or a Secret. Anything else counts as not entered.
function readPassword(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value instanceof Secret) return value.reveal();
  return undefined;
}

function describeLength(value: string): string {
  const spaces = /\s/.test(value) ? " and contains spaces" : "";
  return `${value.length} character${value.length === 1 ? "" : "s"} long${spaces}`;
}

function checkUsername(raw: unknown, findings: FindingList): string | undefined {
  const username = readTrimmed(
    "username",
    readText(raw),
    findings,
    "Enter the SMTP user name. It starts with AKIA and is in the credentials file AWS gave you.",
  );
  if (username === undefined) return undefined;
  const learnMore = AWS_DOCS.smtpCredentials;

  if (looksLikePassword(username)) {
    findings.error("username", "credentials-swapped", {
      message:
        "This looks like a password or secret key, not a user name. Did you swap the two fields? The SMTP user name is 20 characters and starts with AKIA.",
      learnMore,
    });
    // Kept out of the cleaned values: they get logged and echoed as the user name, and this is a secret.
    return undefined;
  }
  switch (classifyUsername(username)) {
    case "long-term":
      break;
    case "temporary":
      findings.error("username", "temporary-credentials", {
        message:
          "This is a temporary access key (it starts with ASIA), from AWS STS or an assumed role. Amazon SES does not accept temporary keys for SMTP.",
        fix: CREATE_SMTP_CREDENTIALS,
        learnMore,
      });
      break;
    case "iam-user-name":
      findings.error("username", "iam-user-name-as-username", {
        message:
          "This is the IAM user's name, not the SMTP user name. In the credentials file from AWS, the SMTP user name is the value that starts with AKIA.",
        fix: "Copy the value that starts with AKIA from the credentials file.",
        learnMore,
      });
      break;
    case "other":
      findings.error("username", "invalid-access-key-id", {
        message: username.includes("@")
          ? "This is an email address. The SMTP user name is an access key id: 20 characters starting with AKIA."
          : /^(akia|asia)/i.test(username) && username.length === 20
            ? "Access key ids are in capital letters and digits only. Copy the SMTP user name again from the credentials file."
            : `The SMTP user name is 20 characters: AKIA followed by 16 capital letters and digits. This one is ${describeLength(username)}.`,
        fix: "Copy the SMTP user name from the credentials file AWS gave you.",
        learnMore,
      });
      break;
  }
  return username;
}

function checkPassword(raw: unknown, region: SesRegion | undefined, findings: FindingList): string | undefined {
  const password = readTrimmed(
    "password",
    readPassword(raw),
    findings,
    "Enter the SMTP password. It is 44 characters and starts with B.",
  );
  if (password === undefined) return undefined;
  const learnMore = AWS_DOCS.smtpCredentials;
  switch (classifyPassword(password)) {
    case "smtp-v4":
      break;
    case "aws-secret-access-key": {
      const where = region ? ` for ${describeSesRegion(region.code)}` : "";
      findings.error("password", "aws-secret-key-as-password", {
        message:
          "This is an AWS secret access key (40 characters), not an SMTP password. It is the most common reason Amazon SES refuses the login with 535 Authentication Credentials Invalid.",
        fix: `We can turn it into the SMTP password${where}, here in your browser; the user name must then be the access key id that belongs to this secret. Or create SMTP credentials instead. ${CREATE_SMTP_CREDENTIALS}`,
        offer: "derive-smtp-password",
        learnMore,
      });
      break;
    }
    case "smtp-v2-legacy":
      findings.error("password", "legacy-sigv2-password", {
        message:
          "This is an old-style SMTP password (Signature Version 2, from credentials created before 2019). Amazon SES no longer accepts these.",
        fix: `Create new SMTP credentials and delete the old ones. ${CREATE_SMTP_CREDENTIALS}`,
        learnMore,
      });
      break;
    case "access-key-id":
      findings.error("password", "credentials-swapped", {
        message:
          "This looks like an access key id (it starts with AKIA or ASIA), which belongs in the user name field. Did you swap the two fields?",
        learnMore,
      });
      break;
    case "other":
      findings.error("password", "invalid-smtp-password", {
        message: `An SMTP password from AWS is 44 characters and starts with B. This one is ${describeLength(password)}.`,
        fix: "Copy the SMTP password again from the credentials file AWS gave you.",
        learnMore,
      });
      break;
  }
  return password;
}

/**
 * Checks the wizard's input and never throws.
 *
 * Without `fields` it checks what is given: a field left out (undefined or null) is not reported
 * as missing, which suits live checks as someone types and partial checks from the CLI. With
 * `fields` (a wizard step, or all of them for a submission) only those fields are reported, and
 * each is required. Either way the other fields serve as context, e.g. the region for the host.
 */
export function checkCredentials(
  input: Partial<CredentialInput>,
  fields?: readonly CredentialField[],
): CredentialCheck {
  const findings = new FindingList();
  const read = (field: CredentialField) => readField(input, field);

  const domain = checkDomain(read("domain"), findings);
  const fromAddress = checkFromAddress(read("fromAddress"), domain, findings);
  const rawHost = readText(read("host"));
  const hostRegion = rawHost && rawHost.length <= MAX_HOST_INPUT_LENGTH ? parseSesHost(rawHost).region : undefined;
  const { code: regionCode, region } = checkRegion(read("region"), hostRegion, findings);
  const { host, portSuffix } = checkHost(read("host"), region, findings);
  const port = checkPort(read("port"), portSuffix, findings);
  const username = checkUsername(read("username"), findings);
  const password = checkPassword(read("password"), region, findings);
  const tlsMode = port === undefined ? undefined : findSmtpPort(port)?.tlsMode;

  const all: CleanedCredentials = {
    domain,
    fromAddress,
    region: regionCode,
    host,
    port,
    tlsMode,
    username,
    password: password === undefined ? undefined : new Secret(password),
  };
  const wanted = new Set<string>(fields ?? CREDENTIAL_FIELDS);
  if (wanted.has("port")) wanted.add("tlsMode");
  const cleaned = Object.fromEntries(
    Object.entries(all).filter(([key, value]) => value !== undefined && wanted.has(key)),
  ) as CleanedCredentials;
  const isLeftOut = (field: CredentialField) => read(field) === undefined || read(field) === null;
  const relevant = findings.findings.filter((finding) =>
    fields ? fields.includes(finding.field) : !(finding.code === "required" && isLeftOut(finding.field)),
  );
  return { ok: !relevant.some((finding) => finding.severity === "error"), findings: relevant, cleaned };
}

// ---- zod schemas -------------------------------------------------------------------------

type SettingsFor<F extends CredentialField> = Pick<SesSmtpSettings, F | ("port" extends F ? "tlsMode" : never)>;

/**
 * A schema for some fields: its issues are exactly the error findings (message, path [field],
 * params.code and params.fix); warnings and notices never fail it. The input type is what a
 * form holds, but any value is accepted at run time and parsing never throws on junk.
 */
function credentialSchema<const F extends readonly CredentialField[]>(fields: F) {
  return z.custom<Partial<CredentialInput>>().transform((input, ctx): SettingsFor<F[number]> => {
    const check = checkCredentials(input, fields);
    for (const finding of check.findings) {
      if (finding.severity !== "error") continue;
      ctx.addIssue({
        code: "custom",
        message: finding.message,
        path: [finding.field],
        params: { code: finding.code, ...(finding.fix ? { fix: finding.fix } : {}) },
      });
    }
    if (!check.ok) return z.NEVER;
    // ok means every field asked for is present: each is required, or derived (host, port).
    return check.cleaned as SettingsFor<F[number]>;
  });
}

/** Step 1: the sending domain and the From address. */
export const senderStepSchema = credentialSchema(CREDENTIAL_STEPS.sender);
/** Step 2: the region. */
export const regionStepSchema = credentialSchema(CREDENTIAL_STEPS.region);
/** Step 3: host (empty means the region's SMTP host) and port, checked against the region. */
export const connectionStepSchema = credentialSchema(CREDENTIAL_STEPS.connection);
/** Step 4: SMTP user name and password. */
export const credentialsStepSchema = credentialSchema(CREDENTIAL_STEPS.credentials);
/** The whole submission. */
export const sesSmtpSettingsSchema = credentialSchema(CREDENTIAL_FIELDS);

export const CREDENTIAL_STEP_SCHEMAS = {
  sender: senderStepSchema,
  region: regionStepSchema,
  connection: connectionStepSchema,
  credentials: credentialsStepSchema,
} as const satisfies Record<CredentialStep, unknown>;

function isCredentialField(value: unknown): value is CredentialField {
  return (CREDENTIAL_FIELDS as readonly unknown[]).includes(value);
}

function isFindingCode(value: unknown): value is CredentialFindingCode {
  return (CREDENTIAL_FINDING_CODES as readonly unknown[]).includes(value);
}

export interface CredentialErrors {
  /** Messages per field, in the order found. */
  fieldErrors: Partial<Record<CredentialField, string[]>>;
  /** Finding codes per field, for issues that came from these checks. */
  codes: Partial<Record<CredentialField, CredentialFindingCode[]>>;
  /** Messages not tied to a known field. */
  formErrors: string[];
}

/** Groups a failed parse's issues by field, with their finding codes, for a form to show. */
export function credentialErrorsFromZod(error: z.ZodError): CredentialErrors {
  const result: CredentialErrors = { fieldErrors: {}, codes: {}, formErrors: [] };
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (!isCredentialField(field)) {
      result.formErrors.push(issue.message);
      continue;
    }
    (result.fieldErrors[field] ??= []).push(issue.message);
    const code = issue.code === "custom" ? issue.params?.code : undefined;
    if (isFindingCode(code)) (result.codes[field] ??= []).push(code);
  }
  return result;
}

/** The error findings carried by a failed parse of one of these schemas (other issues are skipped). */
export function findingsFromZodError(error: z.ZodError): CredentialFinding[] {
  return error.issues.flatMap((issue): CredentialFinding[] => {
    const field = issue.path[0];
    const code = issue.code === "custom" ? issue.params?.code : undefined;
    if (!isCredentialField(field) || !isFindingCode(code)) return [];
    const fix: unknown = issue.code === "custom" ? issue.params?.fix : undefined;
    return [{ field, code, severity: "error", message: issue.message, ...(typeof fix === "string" ? { fix } : {}) }];
  });
}
