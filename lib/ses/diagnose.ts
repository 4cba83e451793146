// Turns whatever an SES send failed with (a nodemailer error, a Node socket/DNS/TLS error, an AWS
// SDK error, or text pasted from a log) into a cause, in words a customer can act on. The cause
// comes from the table in causes.ts; what the settings reveal (the password's shape, the port, the
// region, the From address) then sharpens it here, in plain code rather than inside regexes.
// Browser-safe: no Node imports, so the diagnostics page can run it in the browser too.

import type { Secret } from "../crypto/secret";
import {
  AUTH_FAILED_REASONS,
  CAUSE_TABLE,
  CAUSES,
  SMTP_STAGES,
  SMTP_STAGE_LABELS,
  UNVERIFIED_REASONS,
  type CauseEntry,
  type DiagnosisCause,
  type SmtpStage,
} from "./causes";
import { classifyPassword, classifyUsername } from "./credential-shapes";
import {
  parseAccessDenied,
  parseConfigurationSetName,
  parseRejectedAddress,
  parseSmtpReply,
  parseUnverifiedIdentities,
  type SmtpReply,
} from "./smtp-reply";

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

// AWS error names that mark an input as an API error even though no cause is tied to the name:
// the message decides (MessageRejected carries "Email address is not verified", "Sending paused" …).
const OTHER_SDK_ERRORS = [
  "MessageRejected",
  "LimitExceeded",
  "InvalidParameterValue",
  "BadRequest",
  "NotFound",
  "NoSuchEntity",
  "EntityAlreadyExists",
  "ValidationError",
];
const SDK_ERROR_NAMES: ReadonlySet<string> = new Set([...BY_SDK_ERROR.keys(), ...OTHER_SDK_ERRORS]);
// An AWS error name inside pasted text, only where it stands as a name: "AccessDenied: User…",
// "(code AccessDeniedException)", "<Code>Throttling</Code>", "An error occurred (OptInRequired)".
// Not "454 Throttling failure", which is SMTP.
const SDK_ERROR_IN_TEXT = new RegExp(
  `(?:^|[\\s"'(>:])(${[...SDK_ERROR_NAMES].join("|")})(?:Exception)?(?=\\s*(?:[:)<]|\\(client\\)))`,
  "m",
);

const ERROR_CODE_IN_TEXT =
  /\b(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL|ECONNREFUSED|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|EAUTH|EENVELOPE|EMESSAGE|ESOCKET|ETLS|EDNS|ECONNECTION|ERR_SSL_WRONG_VERSION_NUMBER|ERR_TLS_CERT_ALTNAME_INVALID|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\b/g;
// util.inspect and JSON forms of an error pasted as text: code: 'EAUTH', "command":"AUTH PLAIN".
const CODE_FIELD_IN_TEXT = /\bcode["']?\s*[:=]\s*["']([A-Z][A-Z0-9_]{2,40})["']/g;
const COMMAND_FIELD_IN_TEXT = /\bcommand["']?\s*[:=]\s*["']([A-Za-z][A-Za-z ]{1,20})["']/;
const RESPONSE_CODE_FIELD_IN_TEXT = /\bresponseCode["']?\s*[:=]\s*([2-5]\d\d)\b/;
const HOST_IN_DNS_ERROR = /\b(?:getaddrinfo|querySrv|queryA)\s+[A-Z_]+\s+([^\s:'",)]+)/;
const PORT_AFTER_HOST = /(?:\d{1,3}(?:\.\d{1,3}){3}\]?|amazonaws\.com\]?):(\d{2,5})(?!\d)/i;

const STARTTLS_PORTS: ReadonlySet<number> = new Set([25, 587, 2587]);
const IMPLICIT_TLS_PORTS: ReadonlySet<number> = new Set([465, 2465]);
const SES_PORTS_SENTENCE = "SES listens on ports 25, 587 and 2587 (STARTTLS) and 465 and 2465 (TLS from the start).";
// Regions with SES but reported to have no SMTP endpoint (see the SES reference, §1).
const REGIONS_WITHOUT_SMTP: Readonly<Record<string, string>> = {
  "ap-southeast-3": "Jakarta",
  "ap-south-2": "Hyderabad",
  "eu-central-2": "Zurich",
};
const REGION_SHAPE = /^(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov|eusc)-[a-z]+-\d{1,2}$/;
const SMTP_HOST = /^email-smtp(?:-fips)?\.([^.]+)\.amazonaws\.com\.?$/i;

const MAX_RAW = 2_000;
const MAX_MATCH_TEXT = 10_000;
// Shorter values can't be SES credentials (SMTP passwords are 44 characters) and hiding them would
// shred ordinary words in the explanation.
const MIN_SECRET_LENGTH = 6;
const REDACTED = "[redacted]";

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
  const signals = readSignals(input);
  const reply = findReply(signals);
  const knownStage = stageFromSignals(signals, settings);
  let cause = matchCause(signals, reply, knownStage);
  cause = sharpenCause(cause, signals, settings, knownStage);
  const entry = CAUSES[cause];
  const stage = knownStage ?? entry.stage ?? "unknown";
  const diagnosis = fromEntry(entry, stage, reply, signals.raw);
  explain(diagnosis, { signals, settings, reply });
  return redact(diagnosis, settings);
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
// Reading the input

interface Signals {
  /** Everything worth matching against, capped. */
  text: string;
  raw: string;
  response?: string;
  responseCode?: number;
  command?: string;
  /** Error codes, the most specific first (originalCode before nodemailer's ESOCKET wrapper). */
  codes: string[];
  sdkName?: string;
  fromSdk: boolean;
  timeoutType?: string;
  hostname?: string;
  port?: number;
}

function readSignals(input: unknown): Signals {
  if (typeof input === "string") return signalsFromText(input);
  if (typeof input === "object" && input !== null) return signalsFromObject(input);
  if (typeof input === "number" || typeof input === "boolean") return emptySignals(String(input));
  return emptySignals("");
}

function emptySignals(raw: string): Signals {
  return { text: raw, raw, codes: [], fromSdk: false };
}

function signalsFromText(input: string): Signals {
  const text = forMatching(input);
  const signals: Signals = { text, raw: input, codes: [], fromSdk: false };
  collectCodesInText(text, signals.codes);
  if (text.includes("command")) signals.command = COMMAND_FIELD_IN_TEXT.exec(text)?.[1];
  if (text.includes("responseCode")) {
    const code = RESPONSE_CODE_FIELD_IN_TEXT.exec(text)?.[1];
    if (code) signals.responseCode = Number(code);
  }
  const sdkName = SDK_ERROR_IN_TEXT.exec(text)?.[1];
  if (sdkName) {
    signals.sdkName = sdkName;
    signals.fromSdk = true;
  }
  readHostAndPort(text, signals);
  return signals;
}

function signalsFromObject(input: object): Signals {
  const message = stringField(input, "message");
  const response = stringField(input, "response");
  const name = stringField(input, "name");
  const codeField = field(input, "code");
  const code = typeof codeField === "string" ? codeField : undefined;
  const awsCode = stringField(input, "Code");
  const fromSdkClient = field(input, "$metadata") !== undefined || field(input, "$fault") !== undefined;

  const codes: string[] = [];
  const addCode = (value: string | undefined) => {
    if (value && /^[A-Z][A-Z0-9_]{1,40}$/.test(value) && !codes.includes(value)) codes.push(value);
  };
  addCode(stringField(input, "originalCode"));
  const cause = field(input, "cause");
  const causeObject = typeof cause === "object" && cause !== null ? cause : undefined;
  addCode(causeObject && stringField(causeObject, "code"));
  const errors = field(input, "errors");
  const firstError = Array.isArray(errors) && typeof errors[0] === "object" ? (errors[0] as object | null) : undefined;
  addCode(firstError ? stringField(firstError, "code") : undefined);
  addCode(code);
  addCode(stringField(input, "errno"));

  // SDK v3 names errors "AccessDeniedException", the wire says "AccessDenied"; SDK v2 put it in `code`.
  let sdkName: string | undefined;
  for (const candidate of [name, awsCode, code]) {
    const normalised = candidate && withoutExceptionSuffix(candidate);
    if (normalised && SDK_ERROR_NAMES.has(normalised)) {
      sdkName = normalised;
      break;
    }
  }
  if (!sdkName && fromSdkClient && name && name !== "Error") sdkName = withoutExceptionSuffix(name);

  const parts: string[] = [];
  if (response) parts.push(response);
  if (message) parts.push(sdkName ? `${sdkName}: ${message}` : message);
  else if (sdkName) parts.push(sdkName);
  const causeMessage = causeObject && stringField(causeObject, "message");
  if (causeMessage) parts.push(causeMessage);
  const firstErrorMessage = firstError ? stringField(firstError, "message") : undefined;
  if (firstErrorMessage) parts.push(firstErrorMessage);
  if (parts.length === 0 && codes[0]) parts.push(codes[0]);
  const text = forMatching(parts.join("\n"));

  const signals: Signals = {
    text,
    raw: rawFromObject(message, response, sdkName, causeMessage ?? firstErrorMessage, codes[0]),
    response,
    command: stringField(input, "command"),
    codes,
    sdkName,
    fromSdk: sdkName !== undefined || fromSdkClient,
    timeoutType: stringField(input, "timeoutType"),
    hostname: stringField(input, "hostname"),
  };
  const responseCode = replyCodeFrom(field(input, "responseCode")) ?? replyCodeFrom(codeField);
  if (responseCode) signals.responseCode = responseCode;
  const port = portFrom(field(input, "port"));
  if (port) signals.port = port;
  collectCodesInText(text, codes);
  readHostAndPort(text, signals);
  return signals;
}

function rawFromObject(
  message: string | undefined,
  response: string | undefined,
  sdkName: string | undefined,
  innerMessage: string | undefined,
  code: string | undefined,
): string {
  if (sdkName) return message ? `${sdkName}: ${message}` : sdkName;
  if (message && response && !message.includes(response)) return `${message}\n${response}`;
  if (message) return innerMessage && !message.includes(innerMessage) ? `${message}\n${innerMessage}` : message;
  return response ?? innerMessage ?? code ?? "";
}

function collectCodesInText(text: string, codes: string[]): void {
  for (const pattern of [CODE_FIELD_IN_TEXT, ERROR_CODE_IN_TEXT]) {
    pattern.lastIndex = 0;
    for (let i = 0; i < 8; i++) {
      const found = pattern.exec(text)?.[1];
      if (!found) break;
      if (!codes.includes(found)) codes.push(found);
    }
  }
}

function readHostAndPort(text: string, signals: Signals): void {
  if (!signals.hostname) {
    const host =
      HOST_IN_DNS_ERROR.exec(text)?.[1] ?? /\b(email-smtp[A-Za-z0-9.<>{}_-]*\.amazonaws\.com)\b/i.exec(text)?.[1];
    if (host) signals.hostname = host;
  }
  if (!signals.port) {
    const port = portFrom(PORT_AFTER_HOST.exec(text)?.[1]);
    if (port) signals.port = port;
  }
}

/** Long pastes keep their start and end: the cause of a failure is usually near one of them. */
function forMatching(text: string): string {
  if (text.length <= MAX_MATCH_TEXT) return text;
  return `${text.slice(0, 6_000)}\n${text.slice(-4_000)}`;
}

function field(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function stringField(value: object, key: string): string | undefined {
  const found = field(value, key);
  return typeof found === "string" && found.length > 0 ? found : undefined;
}

function withoutExceptionSuffix(name: string): string {
  return name.length > "Exception".length && name.endsWith("Exception") ? name.slice(0, -"Exception".length) : name;
}

function replyCodeFrom(value: unknown): number | undefined {
  const code = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isInteger(code) && code >= 200 && code <= 599 ? code : undefined;
}

function portFrom(value: unknown): number | undefined {
  const port = typeof value === "number" ? value : typeof value === "string" && value.trim() ? Number(value) : NaN;
  return Number.isInteger(port) && port > 0 && port < 65_536 ? port : undefined;
}

function findReply(signals: Signals): SmtpReply | undefined {
  if (signals.response) {
    const parsed = parseSmtpReply(signals.response);
    if (parsed) return parsed;
  }
  if (signals.responseCode) {
    return { code: signals.responseCode, text: (signals.response ?? "").trim().slice(0, 1_000) };
  }
  // An AWS API error has no SMTP reply, whatever digits its message holds.
  if (signals.fromSdk) return undefined;
  return parseSmtpReply(signals.text);
}

// ---------------------------------------------------------------------------------------------
// The context

interface Settings {
  region?: string;
  port?: number;
  host?: string;
  username?: string;
  password?: string;
  fromAddress?: string;
  toAddress?: string;
  stage?: SmtpStage;
}

function readSettings(context: DiagnosisContext | undefined): Settings {
  if (typeof context !== "object" || context === null) return {};
  const settings: Settings = {};
  const host = stringField(context, "host")?.trim();
  if (host) settings.host = host;
  const region = stringField(context, "region")?.trim().toLowerCase();
  const hostRegion = host ? SMTP_HOST.exec(host)?.[1]?.toLowerCase() : undefined;
  if (region && /^[a-z0-9-]{2,30}$/.test(region)) settings.region = region;
  else if (hostRegion && REGION_SHAPE.test(hostRegion)) settings.region = hostRegion;
  const port = portFrom(field(context, "port"));
  if (port) settings.port = port;
  const username = stringField(context, "username");
  if (username) settings.username = username;
  const password = revealPassword(field(context, "password"));
  if (password) settings.password = password;
  const fromAddress = stringField(context, "fromAddress")?.trim();
  if (fromAddress) settings.fromAddress = fromAddress;
  const toAddress = stringField(context, "toAddress")?.trim();
  if (toAddress) settings.toAddress = toAddress;
  const stage = stringField(context, "stage");
  if (stage && (SMTP_STAGES as readonly string[]).includes(stage)) settings.stage = stage as SmtpStage;
  return settings;
}

// Secret is recognised by its `reveal()` rather than imported: its module uses node:util.
function revealPassword(value: unknown): string | undefined {
  if (typeof value === "string") return value || undefined;
  if (typeof value !== "object" || value === null) return undefined;
  const reveal = field(value, "reveal");
  if (typeof reveal !== "function") return undefined;
  try {
    const revealed: unknown = reveal.call(value);
    return typeof revealed === "string" && revealed ? revealed : undefined;
  } catch {
    return undefined;
  }
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

function isGreetingTimeout(signals: Signals): boolean {
  return signals.timeoutType === "GREETING_TIMEOUT" || /Greeting never received/i.test(signals.text);
}

/** Where the reply fits several causes, what the settings say decides. */
function sharpenCause(
  cause: DiagnosisCause,
  signals: Signals,
  settings: Settings,
  stage: SmtpStage | undefined,
): DiagnosisCause {
  if (cause === "auth-failed") {
    if (settings.username && classifyUsername(settings.username.trim()) === "temporary") return "temporary-credentials";
    // Over the API a 40-character secret is exactly right, so its shape says nothing there.
    if (stage === "api" || !settings.password) return cause;
    const password = settings.password.trim();
    const kind = classifyPassword(password);
    if (kind === "aws-secret-access-key") return "aws-secret-key-as-password";
    // SigV2 passwords are 44 base64 characters from a 0x02 version byte, so they start with "A".
    if (kind === "smtp-v2-legacy" || /^A[A-Za-z0-9+/]{43}$/.test(password)) return "legacy-sigv2-credentials";
    return cause;
  }
  if ((cause === "tls-mode-mismatch" || cause === "connection-timeout") && isGreetingTimeout(signals)) {
    // No greeting on a STARTTLS port isn't a TLS mix-up (SES greets in plain text there): something
    // in between is holding the connection. On 465/2465, or an unknown port, the mix-up is likelier.
    const port = settings.port ?? signals.port;
    return port !== undefined && STARTTLS_PORTS.has(port) ? "connection-timeout" : "tls-mode-mismatch";
  }
  return cause;
}

// ---------------------------------------------------------------------------------------------
// Explaining: context-specific titles, summaries and reason order

interface Facts {
  signals: Signals;
  settings: Settings;
  reply: SmtpReply | undefined;
}

function explain(diagnosis: Diagnosis, facts: Facts): void {
  switch (diagnosis.cause) {
    case "auth-failed":
      return explainAuthFailure(diagnosis, facts);
    case "aws-secret-key-as-password":
      return explainSecretKeyAsPassword(diagnosis, facts);
    case "legacy-sigv2-credentials":
      return explainLegacyCredentials(diagnosis, facts);
    case "temporary-credentials":
      return explainTemporaryCredentials(diagnosis, facts);
    case "sandbox-unverified-address":
      return explainUnverifiedAddress(diagnosis, facts);
    case "missing-sending-policy":
      return explainAccessDenied(diagnosis, facts);
    case "iam-console-permissions-missing":
      return explainConsolePermissions(diagnosis, facts);
    case "tls-mode-mismatch":
      return explainTlsMode(diagnosis, facts);
    case "connection-timeout":
      return explainTimeout(diagnosis, facts);
    case "connection-refused":
      return explainRefused(diagnosis, facts);
    case "endpoint-not-found":
      return explainEndpointNotFound(diagnosis, facts);
    case "tls-certificate-error":
      return explainCertificate(diagnosis, facts);
    case "configuration-set-missing":
      return explainConfigurationSet(diagnosis, facts);
    case "message-too-large":
      return explainTooLarge(diagnosis, facts);
    case "invalid-address":
      return explainInvalidAddress(diagnosis, facts);
    case "temporary-service-failure":
      return explainTemporaryFailure(diagnosis, facts);
    case "too-many-connections":
      return explainTooManyConnections(diagnosis, facts);
    case "account-sending-paused":
      return explainPaused(diagnosis, facts);
    case "unknown":
      return explainUnknown(diagnosis, facts);
    default:
      return;
  }
}

/** Puts `reason` first, removing the entry's own wording of it (`replaces`) if given. */
function putFirst(reasons: string[], reason: string, replaces?: string): void {
  for (const old of [reason, replaces]) {
    const at = old === undefined ? -1 : reasons.indexOf(old);
    if (at !== -1) reasons.splice(at, 1);
  }
  reasons.unshift(reason);
}

function quoteReply(reply: SmtpReply | undefined): string | undefined {
  if (!reply) return undefined;
  const text = reply.text.length > 200 ? `${reply.text.slice(0, 200)}…` : reply.text;
  return `“${reply.code}${reply.enhancedCode ? ` ${reply.enhancedCode}` : ""}${text ? ` ${text}` : ""}”`;
}

function regionOf(facts: Facts): string | undefined {
  return facts.settings.region;
}

function portOf(facts: Facts): number | undefined {
  return facts.settings.port ?? facts.signals.port;
}

function hostOf(facts: Facts): string | undefined {
  return facts.settings.host ?? facts.signals.hostname;
}

function hasOuterWhitespace(value: string | undefined): boolean {
  return value !== undefined && value !== value.trim();
}

function explainAuthFailure(d: Diagnosis, facts: Facts): void {
  if (facts.signals.fromSdk) return explainApiKeyRejected(d, facts);
  const { settings, reply } = facts;
  const region = regionOf(facts);
  const quoted = quoteReply(reply);
  if (quoted) {
    d.summary = `SES refused the sign-in with ${quoted}. It gives this one answer for every kind of credential problem, so the likely reasons are listed below, most likely first.`;
  }
  const wrongRegion = region
    ? `SMTP credentials only work in the region they were created for, and this connection goes to ${region}. Credentials created, or a password derived, for any other region fail here.`
    : AUTH_FAILED_REASONS.wrongRegion;
  const reasons: string[] = [
    wrongRegion,
    AUTH_FAILED_REASONS.whitespace,
    AUTH_FAILED_REASONS.keyInactive,
    AUTH_FAILED_REASONS.userDeleted,
  ];
  const password = settings.password;
  if (password === undefined) {
    // Without the password, the most common mistake of all can't be ruled out.
    reasons.splice(1, 0, AUTH_FAILED_REASONS.awsKeys);
  } else {
    const trimmed = password.trim();
    if (!/\s/.test(password)) reasons.splice(reasons.indexOf(AUTH_FAILED_REASONS.whitespace), 1);
    const kind = classifyPassword(trimmed);
    if (kind === "access-key-id") {
      putFirst(
        reasons,
        "The password field holds an access key ID (starting with AKIA or ASIA), not the SMTP password. The access key ID belongs in the user name field.",
      );
    } else if (kind === "other") {
      putFirst(
        reasons,
        `The password isn't shaped like an SMTP password: those are 44 characters and start with “B”, and this one is ${trimmed.length} characters. It may be an AWS console password or a different value altogether.`,
      );
    }
    if (/\s/.test(password)) {
      putFirst(
        reasons,
        hasOuterWhitespace(password)
          ? "The password has a space or line break before or after it, copied along with it."
          : "The password contains a space or line break. SMTP passwords never do, so part of it was copied wrongly.",
        AUTH_FAILED_REASONS.whitespace,
      );
    }
  }
  const username = settings.username;
  if (username !== undefined) {
    const kind = classifyUsername(username.trim());
    if (hasOuterWhitespace(username)) {
      putFirst(reasons, "The user name has a space or line break before or after it, copied along with it.");
    }
    if (username.includes("@")) {
      putFirst(
        reasons,
        "The user name is an email address. The SMTP user name is an access key ID: 20 characters starting with AKIA, shown next to the SMTP password when the credentials were created.",
      );
    } else if (kind === "iam-user-name") {
      putFirst(
        reasons,
        `The user name “${username.trim()}” looks like an IAM user name. The SMTP user name is the access key ID: 20 characters starting with AKIA, shown next to the SMTP password when the credentials were created.`,
      );
    }
  }
  d.reasons = reasons;
  if (region) {
    d.fixSteps[0] = `Check the region: this connection goes to ${region} (email-smtp.${region}.amazonaws.com), so the credentials must have been created, or the password derived, for ${region}.`;
  }
}

// The API signs with the access key and secret directly: no region binding, no SMTP password.
function explainApiKeyRejected(d: Diagnosis, facts: Facts): void {
  const signatureMismatch =
    facts.signals.sdkName === "SignatureDoesNotMatch" ||
    /signature we calculated does not match/i.test(facts.signals.text);
  d.title = "AWS didn't accept the access key";
  d.summary = signatureMismatch
    ? "AWS refused the request because the secret access key doesn't belong to the access key ID."
    : "AWS refused the request because it doesn't know the access key ID: it was deleted, deactivated or mistyped.";
  const smtpForApi =
    "The SMTP user name and password were entered where the AWS access key ID and secret access key belong. The SMTP password is derived from the secret and can't be used in its place.";
  d.reasons = signatureMismatch
    ? [
        "The secret access key is wrong or belongs to a different access key ID.",
        smtpForApi,
        AUTH_FAILED_REASONS.whitespace,
      ]
    : [
        "The access key ID was deleted or deactivated in IAM, or has a typo.",
        "The access key is a temporary (STS) key used without its session token.",
        AUTH_FAILED_REASONS.whitespace,
      ];
  d.fixSteps = [
    "IAM console → Users → the user → Security credentials → Access keys: check the key exists and is active.",
    "Enter the access key ID and secret access key again, with no spaces before or after.",
    "If the secret is lost, create a new access key there (AWS shows the secret only once).",
  ];
}

function explainSecretKeyAsPassword(d: Diagnosis, facts: Facts): void {
  const region = regionOf(facts);
  if (region) {
    d.fixSteps[0] = `Let Inflowave derive the SMTP password for ${region} from this secret access key (AWS documents how). The key's IAM user also needs permission to send (ses:SendRawEmail).`;
  }
  const username = facts.settings.username?.trim();
  if (username && classifyUsername(username) === "long-term") {
    d.reasons.push("The user name is already right: it's an access key ID (AKIA…). Only the password needs changing.");
  }
}

function explainLegacyCredentials(d: Diagnosis, facts: Facts): void {
  const saidBySes = /Signature Version 2\b|\bSigV2\b/i.test(facts.signals.text);
  if (saidBySes) {
    d.summary = `SES says these credentials use Signature Version 2, which it no longer accepts. ${d.summary}`;
  } else {
    d.summary =
      "The password is 44 characters and starts with “A”, the mark of a Signature Version 2 SMTP password. SES no longer accepts those (they come from credentials created before January 2019), so they need replacing.";
    const derived = d.reasons[1];
    if (derived) putFirst(d.reasons, derived);
  }
}

function explainTemporaryCredentials(d: Diagnosis, facts: Facts): void {
  if (!facts.settings.username?.trim().startsWith("ASIA") && /expired/i.test(facts.signals.text)) {
    d.summary =
      "AWS says the security token has expired: the key is a temporary (STS) key from a role or a sign-in session. SES SMTP only accepts credentials made from a permanent IAM user access key (starting with AKIA).";
  }
}

function sameAddress(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
}

function domainOf(address: string | undefined): string | undefined {
  const at = address?.lastIndexOf("@") ?? -1;
  return address && at !== -1 ? address.slice(at + 1).replace(/>$/, "") : undefined;
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function explainUnverifiedAddress(d: Diagnosis, facts: Facts): void {
  const { settings, signals } = facts;
  if (signals.sdkName === "MailFromDomainNotVerified") {
    d.summary =
      "SES refused the message because the custom MAIL FROM domain of the sending identity isn't set up: SES can't find its MX record, and the identity is set to reject messages when that happens.";
    d.reasons.unshift(
      "The custom MAIL FROM domain's MX record is missing or wrong in DNS, and “Behavior on MX failure” is set to reject the message.",
    );
    d.fixSteps.unshift(
      "SES console → Identities → your domain → Custom MAIL FROM domain: publish the MX record shown there, or turn the custom MAIL FROM domain off.",
    );
    return;
  }
  const parsed = parseUnverifiedIdentities(signals.text);
  const identities = parsed?.identities ?? [];
  const checkedRegion = parsed?.region;
  const region = checkedRegion ?? regionOf(facts);
  const inRegion = region ? `in ${region}` : "in this region";
  const shown = identities.length ? listOf(identities) + (parsed?.truncated ? " and others" : "") : undefined;

  const fromDomain = domainOf(settings.fromAddress)?.toLowerCase();
  const failedFrom = identities.find(
    (identity) => sameAddress(identity, settings.fromAddress) || identity.toLowerCase() === fromDomain,
  );
  const failedTo = identities.find((identity) => sameAddress(identity, settings.toAddress));

  if (shown) {
    const verb = identities.length === 1 && !parsed?.truncated ? "isn't" : "aren't";
    d.summary = `SES refused the message: ${shown} ${verb} verified ${inRegion}. SES uses the same words for two different problems: a recipient that isn't verified while the account is in the sandbox, and a From address that isn't verified in this region. Identities are verified separately in every region.`;
  }
  const recipients = failedTo ? [failedTo] : identities.filter((identity) => identity !== failedFrom);
  const sandbox = recipients.length
    ? `The account is in the SES sandbox ${inRegion}, and ${listOf(recipients)} ${recipients.length === 1 ? "isn't a verified recipient" : "aren't verified recipients"} there. In the sandbox, SES only delivers to verified addresses and domains.`
    : region
      ? `The account is in the SES sandbox ${inRegion}, where every recipient must be verified too. In the sandbox, SES only delivers to verified addresses and domains.`
      : UNVERIFIED_REASONS.sandbox;
  const fromIdentity = failedFrom ?? settings.fromAddress;
  const fromRegion = fromIdentity
    ? `The From address ${fromIdentity}${failedFrom && !failedFrom.includes("@") ? "" : " (or its domain)"} isn't verified ${inRegion}. Identities are verified per region: verifying it in another region doesn't count here.`
    : region
      ? `The From address (or its domain) isn't verified ${inRegion}. Identities are verified per region: verifying it in another region doesn't count here.`
      : UNVERIFIED_REASONS.fromRegion;
  // The sender is the likelier reading only when the failing identity is the sender.
  d.reasons = failedFrom ? [fromRegion, sandbox] : [sandbox, fromRegion];

  const configuredRegion = settings.region;
  if (checkedRegion && configuredRegion && checkedRegion !== configuredRegion) {
    d.reasons.unshift(
      `SES checked region ${checkedRegion}, but these settings are for ${configuredRegion}: the host points at a different region from the one your identities and credentials are meant for.`,
    );
  }
  if (region) {
    d.fixSteps[0] = `Verify the From address or its domain in ${region}: SES console → switch to ${region} → Identities → Create identity.`;
  }
}

function describePrincipal(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const name = arn.slice(arn.lastIndexOf("/") + 1);
  if (arn.includes(":assumed-role/")) return `the role session ${name}`;
  if (arn.includes(":role/")) return `the role ${name}`;
  if (arn.includes(":user/")) return `the IAM user ${name}`;
  return arn;
}

function explainAccessDenied(d: Diagnosis, facts: Facts): void {
  const details = parseAccessDenied(facts.signals.text);
  const principal = describePrincipal(details?.principal);
  const action = details?.action;
  const resource = details?.resource;
  const who = principal ?? "the IAM user behind these credentials";

  if (action && /^ses:/i.test(action) && !/^ses:Send/i.test(action)) {
    // Not a send: an account check (GetSendQuota, GetAccount …) made with a key that may only send.
    d.title = "This AWS key isn't allowed to read SES settings";
    d.summary = `AWS refused ${action} for ${who}${details?.principal ? ` (${details.principal})` : ""}. The key used can't do that.`;
    d.reasons = [
      "The key belongs to the SMTP user, whose policy only allows sending (ses:SendRawEmail). Account checks need a key whose policy also allows reading SES settings.",
      `No policy attached to ${who} allows ${action}.`,
      "An organization policy (SCP) or a permissions boundary denies it.",
    ];
    d.fixSteps = [
      `Use a separate key whose IAM policy allows ${action} (and the other read actions Inflowave's account checks use).`,
      `Or add ${action} to the user's permissions: IAM console → Users → the user → Add permissions.`,
      "Don't add read permissions to the SMTP user itself: keep the sending credentials limited to sending.",
    ];
    return;
  }

  const onResource = resource ? ` on ${resource}` : "";
  d.summary = `SES refused the message because ${who}${details?.principal ? ` (${details.principal})` : ""} isn't allowed to send (${action ?? "ses:SendRawEmail"})${onResource}.`;
  if (resource?.includes(":identity/")) {
    const identity = resource.slice(resource.indexOf(":identity/") + ":identity/".length);
    const limited = d.reasons[1];
    if (limited) {
      d.reasons[1] = `The policy's Resource is limited to some identities and doesn't cover ${identity}, so sending as ${identity} is refused.`;
    }
  }
  if (resource?.includes(":configuration-set/")) {
    const set = resource.slice(resource.indexOf(":configuration-set/") + ":configuration-set/".length);
    putFirst(
      d.reasons,
      `The policy's Resource doesn't include the configuration set ${set}. When a message uses a configuration set, SES checks permission on the set as well as on the identity.`,
    );
  }
  if (details?.explicitDeny) {
    putFirst(
      d.reasons,
      "AWS reports an explicit deny: a service control policy (SCP), a permissions boundary or a Deny statement blocks sending, and no Allow can override it.",
    );
  }
}

const CONSOLE_PERMISSIONS = [
  "iam:CreateUser",
  "iam:CreateGroup",
  "iam:PutGroupPolicy",
  "iam:AddUserToGroup",
  "iam:CreateAccessKey",
];

function explainConsolePermissions(d: Diagnosis, facts: Facts): void {
  const details = parseAccessDenied(facts.signals.text);
  const action = details?.action;
  if (!action) return;
  const who = describePrincipal(details?.principal) ?? "your AWS user";
  d.summary = `AWS refused ${action} for ${who}. The SES console needs it to create SMTP credentials, because it creates an IAM user, a group and an access key for them.`;
  const known = CONSOLE_PERMISSIONS.some((permission) => permission.toLowerCase() === action.toLowerCase());
  d.reasons.unshift(
    known
      ? `Your user doesn't have ${action}, one of the five permissions the console needs (${CONSOLE_PERMISSIONS.join(", ")}).`
      : `Your user doesn't have ${action}. The console asked for it while creating SMTP credentials.`,
  );
}

function explainTlsMode(d: Diagnosis, facts: Facts): void {
  const port = portOf(facts);
  const wrongVersion = /wrong version number|unknown protocol|packet length too long|ssl3_get_record/i.test(
    facts.signals.text,
  );
  if (port !== undefined && STARTTLS_PORTS.has(port)) {
    putFirst(
      d.reasons,
      `Port ${port} starts in plain text and switches to TLS with STARTTLS, but the client started TLS straight away (“SSL/TLS” turned on; in nodemailer, secure: true).`,
    );
    d.summary = `The client tried TLS from the first byte on port ${port}, where SES starts in plain text and expects STARTTLS. Ports 465 and 2465 expect TLS from the first byte; ports 25, 587 and 2587 start in plain text and switch with STARTTLS.`;
    d.fixSteps.unshift(
      `Keep port ${port} and set encryption to STARTTLS (in nodemailer: secure: false, requireTLS: true).`,
    );
  } else if (port !== undefined && IMPLICIT_TLS_PORTS.has(port)) {
    if (wrongVersion) {
      putFirst(
        d.reasons,
        `Something answered in plain text on port ${port}, where SES speaks TLS from the first byte: a proxy or firewall in between, or a host that isn't SES.`,
      );
    } else {
      putFirst(
        d.reasons,
        `Port ${port} expects TLS from the first byte, but the client waited for a plain-text greeting (STARTTLS or no encryption chosen), so nothing happened until it gave up.`,
      );
      d.summary = `The client waited for a plain-text greeting on port ${port}, where SES expects TLS from the first byte. Ports 465 and 2465 expect TLS from the first byte; ports 25, 587 and 2587 start in plain text and switch with STARTTLS.`;
    }
    d.fixSteps.unshift(`Keep port ${port} and turn on TLS from the start (in nodemailer: secure: true).`);
  } else if (isGreetingTimeout(facts.signals)) {
    const waited = d.reasons[1];
    if (waited) putFirst(d.reasons, waited);
  }
}

function explainTimeout(d: Diagnosis, facts: Facts): void {
  const port = portOf(facts);
  const text = facts.signals.text;
  const codes = facts.signals.codes;
  const region = regionOf(facts);
  if (region) {
    d.fixSteps[1] = `Test from the sending server: openssl s_client -connect email-smtp.${region}.amazonaws.com:465`;
  }
  const cutOff =
    codes.includes("ECONNRESET") ||
    codes.includes("EPIPE") ||
    /socket hang up|Connection reset|Connection closed unexpectedly/i.test(text);
  if (cutOff) {
    const cut = d.reasons[2];
    if (cut) putFirst(d.reasons, cut);
    d.summary =
      "The connection to SES was cut off part-way. Something on the way (a firewall, a proxy or the network) closed it, or it sat idle until it was closed.";
  } else if (port !== undefined && port !== 25) {
    putFirst(
      d.reasons,
      `Something blocks outgoing connections to port ${port}: the hosting provider, a firewall or a proxy. ${SES_PORTS_SENTENCE}`,
    );
  }
  if (isGreetingTimeout(facts.signals) && port !== undefined && STARTTLS_PORTS.has(port)) {
    putFirst(
      d.reasons,
      `The connection to port ${port} opened, but SES's greeting never arrived. Something in between, such as a firewall, proxy or antivirus that inspects mail, is holding the connection.`,
    );
    d.summary = `The connection to SES on port ${port} opened, but SES's greeting never arrived within the time allowed.`;
  }
  if (port === 25) {
    putFirst(
      d.reasons,
      "Port 25 is throttled or blocked by most clouds and many internet providers; Amazon EC2 throttles it by default, so connections to SES on port 25 time out.",
    );
    d.fixSteps.unshift(
      "Switch to port 587 (or 2587) with STARTTLS. On EC2 you can also ask AWS to lift the port 25 limit.",
    );
  }
}

function explainRefused(d: Diagnosis, facts: Facts): void {
  const port = portOf(facts);
  const host = hostOf(facts);
  if (host && !/^email-smtp(?:-fips)?\./i.test(host) && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(host)) {
    putFirst(
      d.reasons,
      `The host ${host} isn't an SES SMTP endpoint. It should be email-smtp.<region>.amazonaws.com.`,
      "The host isn't an SES SMTP endpoint (it should be email-smtp.<region>.amazonaws.com).",
    );
  }
  if (port !== undefined && !STARTTLS_PORTS.has(port) && !IMPLICIT_TLS_PORTS.has(port)) {
    putFirst(
      d.reasons,
      `Port ${port} isn't one SES listens on. ${SES_PORTS_SENTENCE}`,
      "The port isn't one SES listens on.",
    );
  }
}

function explainEndpointNotFound(d: Diagnosis, facts: Facts): void {
  const host = hostOf(facts);
  const lookupFailedForNow = facts.signals.codes.includes("EAI_AGAIN") || /EAI_AGAIN/.test(facts.signals.text);
  if (host) d.summary = `The host name ${host} couldn't be found (DNS), so there was no server to connect to.`;
  if (lookupFailedForNow) {
    const dnsTrouble = d.reasons[3];
    if (dnsTrouble) putFirst(d.reasons, dnsTrouble);
    d.summary = `The name lookup${host ? ` for ${host}` : ""} failed for now (EAI_AGAIN): this server couldn't reach a DNS server, or the DNS server didn't answer.`;
    return;
  }
  if (!host) return;
  const smtpRegion = SMTP_HOST.exec(host)?.[1];
  if (smtpRegion !== undefined) {
    const region = smtpRegion.toLowerCase();
    const regionName = REGIONS_WITHOUT_SMTP[region];
    if (/region/i.test(smtpRegion) || /[<>{}]/.test(smtpRegion)) {
      putFirst(
        d.reasons,
        `The host still holds a placeholder: replace “${smtpRegion}” in ${host} with your SES region, for example email-smtp.us-east-1.amazonaws.com.`,
      );
    } else if (regionName) {
      putFirst(
        d.reasons,
        `The ${regionName} region (${region}) has no SES SMTP endpoint, so ${host} doesn't exist. Jakarta, Hyderabad and Zurich are reported to have none: send through a nearby region with SES set up there, or use the SES API.`,
      );
    } else if (!REGION_SHAPE.test(region)) {
      putFirst(
        d.reasons,
        `“${smtpRegion}” isn't a valid AWS region name (they look like us-east-1 or eu-west-2), so ${host} doesn't exist. Check for a typo.`,
      );
    } else {
      putFirst(
        d.reasons,
        `${host} doesn't exist: the region ${region} may have no SES SMTP endpoint (Jakarta, Hyderabad and Zurich are reported to have none), or the name has a typo.`,
      );
    }
    return;
  }
  if (/^email\.[a-z0-9-]+\.amazonaws\.com$/i.test(host)) {
    putFirst(d.reasons, `${host} is the SES API host. For SMTP the host is email-smtp.<region>.amazonaws.com.`);
  } else if (/^inbound-smtp\./i.test(host)) {
    putFirst(
      d.reasons,
      `${host} is SES's endpoint for receiving mail. For sending, the host is email-smtp.<region>.amazonaws.com.`,
    );
  } else {
    putFirst(
      d.reasons,
      `${host} couldn't be found: check its spelling. SES SMTP hosts look like email-smtp.us-east-1.amazonaws.com.`,
    );
  }
}

function explainCertificate(d: Diagnosis, facts: Facts): void {
  const text = facts.signals.text;
  const codes = facts.signals.codes;
  const host = hostOf(facts);
  const [proxy, hostName, clock, authorities] = d.reasons;
  if (codes.includes("ERR_TLS_CERT_ALTNAME_INVALID") || /altnames/i.test(text)) {
    if (hostName) putFirst(d.reasons, hostName);
  } else if (/expired|not yet valid|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/i.test(text)) {
    if (clock) putFirst(d.reasons, clock);
  } else if (/UNABLE_TO_GET_ISSUER_CERT|issuer certificate/i.test(text) && authorities && proxy) {
    d.reasons = [proxy, authorities, ...d.reasons.filter((reason) => reason !== proxy && reason !== authorities)];
  }
  if (host && /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) && hostName) putFirst(d.reasons, hostName);
}

function explainConfigurationSet(d: Diagnosis, facts: Facts): void {
  const name = parseConfigurationSetName(facts.signals.text);
  if (!name) return;
  const region = regionOf(facts);
  d.summary = `The message asks SES to use the configuration set “${name}”, which doesn't exist in ${region ?? "this region"}, so SES refused it. Configuration sets are per region.`;
  d.fixSteps[0] = `SES console → ${region ? `switch to ${region} → ` : ""}Configuration sets → Create set, named exactly “${name}”.`;
}

function explainTooLarge(d: Diagnosis, facts: Facts): void {
  if (!/Message size larger than allowed/i.test(facts.signals.text)) return;
  d.summary =
    "The email library refused to send a message over 10 MB because SES's greeting announces a 10 MB size (SIZE 10485760). SES itself accepts up to 40 MB over SMTP, measured after encoding.";
  const library = d.reasons[1];
  if (library) putFirst(d.reasons, library);
}

function explainInvalidAddress(d: Diagnosis, facts: Facts): void {
  const text = facts.signals.text;
  const address = parseRejectedAddress(text);
  if (/No recipients defined/i.test(text)) {
    d.summary = "The message had no recipient address, so nothing could be sent.";
    d.reasons.unshift("No To address was given, or every recipient was removed before sending.");
    return;
  }
  if (address !== undefined)
    d.summary = `SES refused the address “${address}”: it can't be read as a valid email address.`;
  const [missingDomain, hidden, nonAscii] = d.reasons;
  if (/Local address contains control or whitespace/i.test(text) || (address && /\s/.test(address))) {
    if (hidden) putFirst(d.reasons, hidden);
  } else if (address && /[^\x20-\x7e]/.test(address)) {
    if (nonAscii) putFirst(d.reasons, nonAscii);
  } else if (/Missing final '@domain'/i.test(text) && missingDomain) {
    putFirst(d.reasons, missingDomain);
  }
}

function explainTemporaryFailure(d: Diagnosis, facts: Facts): void {
  const text = facts.signals.text;
  const [, credentials, idle] = d.reasons;
  if (/Temporary authentication failure/i.test(text) && credentials) {
    putFirst(d.reasons, credentials);
  } else if (/Timeout waiting for data from client/i.test(text) && idle) {
    putFirst(d.reasons, idle);
    d.summary =
      "SES closed the connection because nothing arrived from the client for too long. Reconnect and send promptly; retrying works.";
    d.fixSteps.unshift("Reconnect and send again; close connections that sit idle between messages.");
  }
}

function explainTooManyConnections(d: Diagnosis, facts: Facts): void {
  if (!/Maximum message count per session/i.test(facts.signals.text)) return;
  const perSession = d.reasons[2];
  if (perSession) putFirst(d.reasons, perSession);
  d.summary =
    "SES closed the connection because too many messages were sent over it. Open a new connection and carry on; renew connections every few hundred messages.";
}

function explainPaused(d: Diagnosis, facts: Facts): void {
  const text = facts.signals.text;
  const sdkName = facts.signals.sdkName;
  const [, suspended, onPurpose] = d.reasons;
  if ((/suspended/i.test(text) || sdkName === "AccountSuspended") && suspended) {
    putFirst(d.reasons, suspended);
    d.title = "AWS has suspended sending for this account";
  } else if ((/configuration set/i.test(text) || sdkName === "ConfigurationSetSendingPaused") && onPurpose) {
    d.title = "Sending is paused for this configuration set";
    d.summary =
      "SES refused the message because sending is paused for the configuration set it uses. Messages that use other configuration sets, or none, still go out.";
    putFirst(d.reasons, onPurpose);
    d.fixSteps.unshift(
      "SES console → Configuration sets → the set → Overview: resume sending if it was paused on purpose.",
    );
  }
}

function explainUnknown(d: Diagnosis, facts: Facts): void {
  const during = d.stage === "unknown" ? "" : ` while ${SMTP_STAGE_LABELS[d.stage]}`;
  const quoted = quoteReply(facts.reply);
  if (quoted) {
    d.summary = `SES replied ${quoted}${during}, which isn't a reply Inflowave knows how to explain. It is shown below as it came.`;
    return;
  }
  const raw = facts.signals.raw.trim();
  if (!raw) {
    d.title = "There's no error to explain";
    d.summary = "No error message or SMTP reply came with this failure, so there is nothing to go on.";
    return;
  }
  d.title = "This error isn't one we recognise";
  const shown = raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
  d.summary = `The attempt failed${during} with “${shown}”, which isn't an error Inflowave knows how to explain.`;
  if (facts.signals.sdkName === "LimitExceeded" && /AccessKeysPerUser/i.test(raw)) {
    d.reasons.unshift(
      "The IAM user already has two access keys, the most AWS allows. Delete an unused one (IAM console → Users → the user → Security credentials) and try again.",
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Keeping the password out

function redact(diagnosis: Diagnosis, settings: Settings): Diagnosis {
  const secrets = secretForms(settings);
  // Cut generously before hiding, so a password straddling the cap is still whole when it's hidden.
  const longest = secrets[0]?.length ?? 0;
  const head = diagnosis.raw.slice(0, MAX_RAW + longest + 200);
  diagnosis.raw = capRaw(hideSecrets(hideAuthPayloads(head), secrets));
  if (diagnosis.reply) diagnosis.reply.text = hideSecrets(hideAuthPayloads(diagnosis.reply.text), secrets);
  if (secrets.length === 0) return diagnosis;
  diagnosis.title = hideSecrets(diagnosis.title, secrets);
  diagnosis.summary = hideSecrets(diagnosis.summary, secrets);
  diagnosis.reasons = diagnosis.reasons.map((reason) => hideSecrets(reason, secrets));
  diagnosis.fixSteps = diagnosis.fixSteps.map((step) => hideSecrets(step, secrets));
  return diagnosis;
}

/** The password as it may appear in an error or transcript: as typed, trimmed, URL-encoded, base64. */
function secretForms(settings: Settings): string[] {
  const password = settings.password;
  if (!password) return [];
  const forms = [password, password.trim(), safeEncodeURIComponent(password)];
  // AUTH LOGIN sends base64(password); AUTH PLAIN sends base64("\0user\0password").
  forms.push(safeBase64(password));
  if (settings.username) forms.push(safeBase64(`\0${settings.username}\0${password}`));
  const unique = [...new Set(forms)].filter((form) => form.length >= MIN_SECRET_LENGTH);
  return unique.sort((a, b) => b.length - a.length);
}

function hideSecrets(text: string, secrets: readonly string[]): string {
  let hidden = text;
  for (const secret of secrets) if (hidden.includes(secret)) hidden = hidden.split(secret).join(REDACTED);
  return hidden;
}

// A pasted transcript carries the sign-in in base64 even when we don't know the password.
function hideAuthPayloads(text: string): string {
  if (!/AUTH|334 UGFzc3dvcmQ6/i.test(text)) return text;
  return text
    .replace(/(\bAUTH\s+PLAIN\s+)[A-Za-z0-9+/]{8,}={0,2}/gi, `$1${REDACTED}`)
    .replace(/(334 UGFzc3dvcmQ6\s*(?:>>\s*|\r?\n\s*(?:C:\s*)?)?)[A-Za-z0-9+/]{4,}={0,2}/gi, `$1${REDACTED}`);
}

function capRaw(raw: string): string {
  return raw.length > MAX_RAW ? `${raw.slice(0, MAX_RAW)}…` : raw;
}

function safeBase64(value: string): string {
  try {
    return btoa(value);
  } catch {
    // btoa takes Latin-1 only; a password beyond that is encoded as UTF-8 bytes first.
    try {
      return btoa(String.fromCharCode(...new TextEncoder().encode(value)));
    } catch {
      return "";
    }
  }
}

function safeEncodeURIComponent(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return "";
  }
}
