// Reads what a failure says out of whatever it came as: a nodemailer error, a Node socket/DNS/TLS
// error, an AWS SDK error (v2 or v3), a cause chain, or text pasted from a log, util.inspect or JSON.
// Also reads the caller's context defensively: both come from outside and may be anything, so every
// field is read through a guard and nothing here throws on hostile objects.
// Browser-safe: no Node imports.

import { CAUSE_TABLE, SMTP_STAGES, type SmtpStage } from "./causes";
import type { DiagnosisContext } from "./diagnose";
import { tlsModeForPort, type TlsMode } from "./ports";
import { parseSesHost } from "./regions";
import { parseSmtpReply, type SmtpReply } from "./smtp-reply";

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
const SDK_ERROR_NAMES: ReadonlySet<string> = new Set([
  ...CAUSE_TABLE.flatMap((entry) => entry.match.sdkErrors ?? []),
  ...OTHER_SDK_ERRORS,
]);
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

const MAX_MATCH_TEXT = 10_000;

export interface Signals {
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

export function readSignals(input: unknown): Signals {
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

export function findReply(signals: Signals): SmtpReply | undefined {
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

export interface Settings {
  region?: string;
  port?: number;
  host?: string;
  username?: string;
  password?: string;
  fromAddress?: string;
  toAddress?: string;
  stage?: SmtpStage;
  tlsEstablished?: boolean;
}

export function readSettings(context: DiagnosisContext | undefined): Settings {
  if (typeof context !== "object" || context === null) return {};
  const settings: Settings = {};
  const host = stringField(context, "host")?.trim();
  if (host) settings.host = host;
  const region = stringField(context, "region")?.trim().toLowerCase();
  if (region && /^[a-z0-9-]{2,30}$/.test(region)) settings.region = region;
  else if (host) {
    const hostRegion = smtpHostRegion(host);
    if (hostRegion) settings.region = hostRegion;
  }
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
  if (field(context, "tlsEstablished") === true) settings.tlsEstablished = true;
  return settings;
}

// Secret is recognised by its `reveal()` rather than imported: the diagnosis needs only the password,
// not a run-time dependency on lib/crypto.
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

/** The region an SES SMTP host (standard or FIPS) names; undefined for any other host. */
export function smtpHostRegion(host: string): string | undefined {
  const { kind, region } = parseSesHost(host);
  return kind === "smtp" || kind === "smtp-fips" ? region : undefined;
}

export function isGreetingTimeout(signals: Signals): boolean {
  return signals.timeoutType === "GREETING_TIMEOUT" || /Greeting never received/i.test(signals.text);
}

// ---------------------------------------------------------------------------------------------
// What the explanations draw on

/** Everything known about the attempt: what the error said, what the settings were, SES's reply. */
export interface Facts {
  signals: Signals;
  settings: Settings;
  reply: SmtpReply | undefined;
}

export function regionOf(facts: Facts): string | undefined {
  return facts.settings.region;
}

// The settings win over the error: they are what the caller meant, the error only what it echoed.
export function portOf(facts: Facts): number | undefined {
  return facts.settings.port ?? facts.signals.port;
}

/** The TLS mode SES expects on the attempt's port; undefined when the port is unknown or not SES's. */
export function tlsModeOf(facts: Facts): TlsMode | undefined {
  const port = portOf(facts);
  return port === undefined ? undefined : tlsModeForPort(port);
}

export function hostOf(facts: Facts): string | undefined {
  return facts.settings.host ?? facts.signals.hostname;
}
