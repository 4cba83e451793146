// Turns whatever an SES send failed with (a nodemailer error, a Node socket/DNS/TLS error, an AWS
// SDK error, or text pasted from a log) into a cause, in words a customer can act on. The cause
// comes from the table in causes.ts; what the settings reveal (the password's shape, the port, the
// region, the From address) then sharpens it, in plain code rather than inside regexes.
// Reading the input is in diagnosis-signals.ts, the tailored wording in the explain-*.ts modules.
// Browser-safe: no Node imports, so the diagnostics page can run it in the browser too.

import type { Secret } from "../crypto/secret";
import { CAUSE_TABLE, CAUSES, type CauseEntry, type DiagnosisCause, type SmtpStage } from "./causes";
import { classifyPassword, classifyUsername } from "./credential-shapes";
import { redact } from "./diagnosis-redaction";
import { hideSecrets, secretForms } from "./secret-redaction";
import {
  findReply,
  isGreetingTimeout,
  readSettings,
  readSignals,
  tlsModeOf,
  type Facts,
  type Settings,
  type Signals,
} from "./diagnosis-signals";
import {
  explainCertificate,
  explainEndpointNotFound,
  explainRefused,
  explainTimeout,
  explainTlsMode,
} from "./explain-connection-failures";
import {
  explainAccessDenied,
  explainAuthFailure,
  explainConsolePermissions,
  explainLegacyCredentials,
  explainSecretKeyAsPassword,
  explainTemporaryCredentials,
} from "./explain-credential-failures";
import {
  explainConfigurationSet,
  explainInvalidAddress,
  explainPaused,
  explainTemporaryFailure,
  explainTooLarge,
  explainTooManyConnections,
  explainUnknown,
  explainUnverifiedAddress,
} from "./explain-sending-failures";
import type { SmtpReply } from "./smtp-reply";

export { DIAGNOSIS_CAUSES, SMTP_STAGES, SMTP_STAGE_LABELS, type DiagnosisCause, type SmtpStage } from "./causes";
export { parseSmtpReply, type SmtpReply } from "./smtp-reply";

/** What is known about the attempt besides the error. Every field is optional. */
export interface DiagnosisContext {
  region?: string;
  port?: number | string;
  host?: string;
  /** The SMTP user name (an access key ID, AKIA…). */
  username?: string;
  /** Used only to recognise its shape and to keep it out of the diagnosis; never shown. */
  password?: string | Secret;
  fromAddress?: string;
  toAddress?: string;
  /** The step the caller was at, when it ran the session step by step. */
  stage?: SmtpStage;
  /**
   * The TLS handshake had completed before the failure (the caller saw it). A greeting that never
   * comes after it is no TLS mix-up, whatever the port.
   */
  tlsEstablished?: boolean;
}

export interface Diagnosis {
  cause: DiagnosisCause;
  title: string;
  summary: string;
  /** Likely reasons, most likely first. */
  reasons: string[];
  fixSteps: string[];
  links: { title: string; url: string }[];
  retryable: boolean;
  severity: "error" | "warning";
  stage: SmtpStage;
  reply?: { code?: number; enhancedCode?: string; text: string };
  /** The error as it came, with the password taken out and the length capped. */
  raw: string;
}

// ---------------------------------------------------------------------------------------------
// Lookups built once from the table

// One regex per cause (its patterns as alternatives) keeps the table's order and halves the scans.
const TEXT_MATCHERS: readonly (readonly [RegExp, DiagnosisCause])[] = CAUSE_TABLE.flatMap((entry) => {
  const patterns = entry.match.text ?? [];
  if (patterns.length === 0) return [];
  return [[new RegExp(patterns.map((pattern) => `(?:${pattern.source})`).join("|"), "i"), entry.cause] as const];
});

function indexMatchers<K>(pick: (entry: CauseEntry) => readonly K[] | undefined): ReadonlyMap<K, DiagnosisCause> {
  const index = new Map<K, DiagnosisCause>();
  for (const entry of CAUSE_TABLE) {
    for (const key of pick(entry) ?? []) if (!index.has(key)) index.set(key, entry.cause);
  }
  return index;
}

const BY_SDK_ERROR = indexMatchers((entry) => entry.match.sdkErrors);
const BY_REPLY_CODE = indexMatchers((entry) => entry.match.replyCodes);
const BY_ERROR_CODE = indexMatchers((entry) => entry.match.errorCodes);

// ---------------------------------------------------------------------------------------------
// Entry point

/**
 * Explains an SES SMTP (or API) failure. Never throws: anything it can't read becomes `unknown`.
 * The context password is used only to recognise its shape and never appears in the result.
 */
export function diagnose(input: unknown, context?: DiagnosisContext): Diagnosis {
  try {
    return diagnoseOrThrow(input, context);
  } catch {
    return fromEntry(CAUSES.unknown, "unknown", undefined, "");
  }
}

function diagnoseOrThrow(input: unknown, context: DiagnosisContext | undefined): Diagnosis {
  const settings = readSettings(context);
  const signals = withoutSecrets(readSignals(input), settings);
  const reply = findReply(signals);
  const facts: Facts = { signals, settings, reply };
  const knownStage = stageFromSignals(signals, settings);
  const cause = sharpenCause(matchCause(signals, reply, knownStage), facts, knownStage);
  const entry = CAUSES[cause];
  const stage = knownStage ?? entry.stage ?? "unknown";
  const diagnosis = fromEntry(entry, stage, reply, signals.raw);
  EXPLAINERS[cause]?.(diagnosis, facts);
  return redact(diagnosis, settings);
}

/**
 * The password taken out of the text before anything is read from it: a reply is cut at a length
 * cap or at trailing punctuation, and a piece of the password left there no longer matches whole
 * when the diagnosis is redacted.
 */
function withoutSecrets(signals: Signals, settings: Settings): Signals {
  const secrets = secretForms(settings.password, { username: settings.username });
  if (secrets.length === 0) return signals;
  return {
    ...signals,
    text: hideSecrets(signals.text, secrets),
    raw: hideSecrets(signals.raw, secrets),
    ...(signals.response === undefined ? {} : { response: hideSecrets(signals.response, secrets) }),
  };
}

function fromEntry(entry: CauseEntry, stage: SmtpStage, reply: SmtpReply | undefined, raw: string): Diagnosis {
  const diagnosis: Diagnosis = {
    cause: entry.cause,
    title: entry.title,
    summary: entry.summary,
    reasons: entry.reasons.slice(),
    fixSteps: entry.fixSteps.slice(),
    links: entry.links.map((link) => ({ title: link.title, url: link.url })),
    retryable: entry.retryable,
    severity: entry.severity,
    stage,
    raw,
  };
  if (reply) {
    diagnosis.reply = reply.enhancedCode
      ? { code: reply.code, enhancedCode: reply.enhancedCode, text: reply.text }
      : { code: reply.code, text: reply.text };
  }
  return diagnosis;
}

// ---------------------------------------------------------------------------------------------
// Stage and cause

function stageFromSignals(signals: Signals, settings: Settings): SmtpStage | undefined {
  return stageFromCommand(signals.command) ?? stageFromCodes(signals) ?? settings.stage ?? stageFromText(signals.text);
}

function stageFromCommand(command: string | undefined): SmtpStage | undefined {
  if (!command) return undefined;
  const upper = command.trim().toUpperCase();
  if (upper.startsWith("AUTH")) return "auth";
  if (upper.startsWith("MAIL")) return "mail-from";
  if (upper.startsWith("RCPT")) return "rcpt-to";
  if (upper === "DATA" || upper.startsWith("BDAT")) return "data";
  if (upper === "EHLO" || upper === "HELO" || upper === "LHLO") return "ehlo";
  if (upper === "STARTTLS") return "starttls";
  // nodemailer's "CONN" and "API" say only that no command was running.
  return undefined;
}

function stageFromCodes(signals: Signals): SmtpStage | undefined {
  if (signals.timeoutType === "GREETING_TIMEOUT") return "greeting";
  if (signals.timeoutType === "CONNECT_TIMEOUT") return "connect";
  for (const code of signals.codes) {
    if (code === "EDNS" || code === "ENOTFOUND" || code.startsWith("EAI_")) return "dns";
    if (code === "ECONNREFUSED" || code === "EHOSTUNREACH" || code === "ENETUNREACH") return "connect";
    if (code === "ETLS" || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_")) return "tls";
    if (BY_ERROR_CODE.get(code) === "tls-certificate-error") return "tls";
  }
  return signals.fromSdk ? "api" : undefined;
}

const IN_REPLY_TO = /in reply to (MAIL FROM|RCPT TO|end of DATA|DATA|AUTH|EHLO|HELO|STARTTLS)\b/i;

function stageFromText(text: string): SmtpStage | undefined {
  if (/Greeting never received/i.test(text)) return "greeting";
  const inReplyTo = IN_REPLY_TO.exec(text)?.[1];
  if (inReplyTo) return inReplyTo.toUpperCase().endsWith("DATA") ? "data" : stageFromCommand(inReplyTo);
  if (/SMTPAuthenticationError|Expected response code 235\b/.test(text)) return "auth";
  if (/SMTPSenderRefused/.test(text)) return "mail-from";
  if (/SMTPRecipientsRefused/.test(text)) return "rcpt-to";
  if (/SMTPDataError|Expected response code 354\b/.test(text)) return "data";
  if (/wrong version number|unknown protocol/i.test(text)) return "tls";
  // SES checks the message itself (identities, policy, size) once DATA is complete.
  if (/\b554[ -](?:5\.\d{1,3}\.\d{1,3}\s+)?(?:Message rejected|Transaction failed|Access denied)/i.test(text))
    return "data";
  return undefined;
}

function matchCause(signals: Signals, reply: SmtpReply | undefined, stage: SmtpStage | undefined): DiagnosisCause {
  const text = signals.text;
  for (const [pattern, cause] of TEXT_MATCHERS) if (pattern.test(text)) return cause;
  const bySdkName = signals.sdkName ? BY_SDK_ERROR.get(signals.sdkName) : undefined;
  if (bySdkName) return bySdkName;
  if (reply) {
    const byCode = BY_REPLY_CODE.get(reply.code);
    if (byCode) return byCode;
    // 501 is a syntax error in a command's argument; at MAIL FROM and RCPT TO that is the address.
    if (reply.code === 501 && (stage === "mail-from" || stage === "rcpt-to")) return "invalid-address";
  }
  for (const code of signals.codes) {
    const byErrorCode = BY_ERROR_CODE.get(code);
    if (byErrorCode) return byErrorCode;
  }
  if (signals.timeoutType === "GREETING_TIMEOUT") return "tls-mode-mismatch";
  if (signals.timeoutType === "CONNECT_TIMEOUT" || signals.timeoutType === "SOCKET_TIMEOUT") {
    return "connection-timeout";
  }
  return "unknown";
}

/** Where the reply fits several causes, what the settings say decides. */
function sharpenCause(cause: DiagnosisCause, facts: Facts, stage: SmtpStage | undefined): DiagnosisCause {
  const { settings, signals } = facts;
  if (cause === "auth-failed") {
    if (settings.username && classifyUsername(settings.username.trim()) === "temporary") return "temporary-credentials";
    // Over the API a 40-character secret is exactly right, so its shape says nothing there.
    if (stage === "api" || !settings.password) return cause;
    const kind = classifyPassword(settings.password.trim());
    if (kind === "aws-secret-access-key") return "aws-secret-key-as-password";
    if (kind === "smtp-v2-legacy") return "legacy-sigv2-credentials";
    return cause;
  }
  if ((cause === "tls-mode-mismatch" || cause === "connection-timeout") && isGreetingTimeout(signals)) {
    // No greeting on a STARTTLS port isn't a TLS mix-up (SES greets in plain text there): something
    // in between is holding the connection. On 465/2465, or an unknown port, the mix-up is likelier,
    // unless the handshake is known to have worked.
    return tlsModeOf(facts) === "starttls" || settings.tlsEstablished ? "connection-timeout" : "tls-mode-mismatch";
  }
  return cause;
}

// ---------------------------------------------------------------------------------------------
// Explaining: context-specific titles, summaries and reason order

type Explainer = (diagnosis: Diagnosis, facts: Facts) => void;

// Causes without an entry here are explained by the table's wording alone.
const EXPLAINERS: Partial<Record<DiagnosisCause, Explainer>> = {
  "auth-failed": explainAuthFailure,
  "aws-secret-key-as-password": explainSecretKeyAsPassword,
  "legacy-sigv2-credentials": explainLegacyCredentials,
  "temporary-credentials": explainTemporaryCredentials,
  "sandbox-unverified-address": explainUnverifiedAddress,
  "missing-sending-policy": explainAccessDenied,
  "iam-console-permissions-missing": explainConsolePermissions,
  "tls-mode-mismatch": explainTlsMode,
  "connection-timeout": explainTimeout,
  "connection-refused": explainRefused,
  "endpoint-not-found": explainEndpointNotFound,
  "tls-certificate-error": explainCertificate,
  "configuration-set-missing": explainConfigurationSet,
  "message-too-large": explainTooLarge,
  "invalid-address": explainInvalidAddress,
  "temporary-service-failure": explainTemporaryFailure,
  "too-many-connections": explainTooManyConnections,
  "account-sending-paused": explainPaused,
  unknown: explainUnknown,
};
