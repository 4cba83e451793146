// Reading SES's SMTP replies out of whatever text they arrive in: a bare reply line, a nodemailer
// message ("Invalid login: 535 …"), a Python smtplib tuple, a PHP "Expected response code …" line or
// a pasted transcript. Also the details SES packs into a few replies (unverified identities and
// their region, the IAM user and action in an "Access denied"), which the diagnosis names back.
// Browser-safe: no Node imports.

export interface SmtpReply {
  code: number;
  /** RFC 3463 enhanced status code such as "4.7.0", when the reply carries one. */
  enhancedCode?: string;
  text: string;
}

// Long pastes (whole logs) are scanned only this far: a reply is a line, not a document.
const MAX_SCAN = 20_000;
const MAX_REPLY_TEXT = 1_000;
const MAX_CANDIDATES = 64;

// A reply code where a reply can begin: at the start of a line or after a space, quote, bracket,
// colon… Real reply codes have a second digit of 0–5, which keeps ports such as 587 or 465 out.
const REPLY_START = /(?:^|[\s"'`([<>:;=,])([2-5][0-5]\d)(?:([ -])[ \t]*|(?=[\r\n])|$)/g;
// Python's smtplib raises (code, b"text") tuples: SMTPAuthenticationError: (535, b'Authentication …').
const PYTHON_TUPLE = /\(\s*([2-5][0-5]\d)\s*,\s*b?(["'])([\s\S]{0,2000}?)\2\s*\)/;
const ENHANCED_CODE = /^\[?([245]\.\d{1,3}\.\d{1,3})\]?(?:\s+|$)/;
// Where a reply's text ends inside a one-line transcript ("<< 535 … !! Expected …") or an
// escaped string ("…\n    at Request…").
const TEXT_END = / (?:<<|>>|!!) |\\[rn]/;

/**
 * The SMTP reply in `text`, or undefined when there is none. When several replies are present (a
 * transcript), the first failure (4xx/5xx) wins over the greeting and the 250s before it.
 */
export function parseSmtpReply(text: string): SmtpReply | undefined {
  if (typeof text !== "string" || text.length === 0) return undefined;
  const scanned = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;

  const tuple = PYTHON_TUPLE.exec(scanned);
  if (tuple?.[1] && tuple[3] !== undefined) return withEnhancedCode(Number(tuple[1]), tuple[3]);

  let firstAny: SmtpReply | undefined;
  let firstFailure: SmtpReply | undefined;
  REPLY_START.lastIndex = 0;
  for (let count = 0; count < MAX_CANDIDATES; count++) {
    const match = REPLY_START.exec(scanned);
    if (!match?.[1]) break;
    const code = Number(match[1]);
    const reply = readReplyAt(scanned, code, match.index + match[0].length, match[2] === "-");
    firstAny ??= reply;
    if (code >= 400) {
      if (reply.text) return reply;
      firstFailure ??= reply;
    }
  }
  return firstFailure ?? firstAny;
}

function readReplyAt(text: string, code: number, start: number, continued: boolean): SmtpReply {
  let lineEnd = text.indexOf("\n", start);
  if (lineEnd === -1) lineEnd = text.length;
  let body = cleanReplyText(text.slice(start, lineEnd));
  // "454-4.7.0 first part" followed by "454 4.7.0 rest": one reply spread over lines.
  let cursor = lineEnd + 1;
  const prefix = String(code);
  while (continued && cursor < text.length && body.length < MAX_REPLY_TEXT) {
    let next = text.indexOf("\n", cursor);
    if (next === -1) next = text.length;
    const line = text.slice(cursor, next).trimStart();
    if (!line.startsWith(prefix) || (line[3] !== "-" && line[3] !== " ")) break;
    continued = line[3] === "-";
    body += " " + cleanReplyText(stripEnhancedCode(line.slice(4).trimStart()));
    cursor = next + 1;
  }
  return withEnhancedCode(code, body);
}

function cleanReplyText(text: string): string {
  const end = TEXT_END.exec(text);
  const cut = end ? text.slice(0, end.index) : text;
  return cut
    .replace(/["'`\\)\]}]+\s*$/, "")
    .trim()
    .slice(0, MAX_REPLY_TEXT);
}

function stripEnhancedCode(text: string): string {
  const match = ENHANCED_CODE.exec(text);
  return match ? text.slice(match[0].length) : text;
}

function withEnhancedCode(code: number, text: string): SmtpReply {
  const trimmed = text.trim();
  const match = ENHANCED_CODE.exec(trimmed);
  if (!match?.[1]) return { code, text: trimmed };
  return { code, enhancedCode: match[1], text: trimmed.slice(match[0].length).trim() };
}

// ---------------------------------------------------------------------------------------------
// Details inside particular replies

export interface UnverifiedIdentities {
  /** The region SES checked, lower-case ("us-east-1"); SES writes it in capitals. */
  region?: string;
  /** The identities that failed, addresses without display names, deduplicated. */
  identities: string[];
  /** SES ends the list with "..." when it could not show every identity. */
  truncated: boolean;
}

const UNVERIFIED = /Email address is not verified|identities failed the check/i;
// A region code is short: anything longer is pasted noise, not a region to name back.
const FAILED_CHECK = /failed the check in region\s+([A-Za-z0-9-]{1,32})(?![A-Za-z0-9-])\s*:?\s*([^\r\n]*)/i;
// What follows the list in the forms it is pasted in: "Request Id: …" (PHP), " - <ErrorResponse"
// (AWS XML), an escaped newline or a closing quote.
const IDENTITY_LIST_END = /\s+Request Id\b|\s+-\s+<|\\[rn]|["`]\s*[,)}\]]|["`]\s*$/i;

/** "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: a@x.com, b@y.com". */
export function parseUnverifiedIdentities(text: string): UnverifiedIdentities | undefined {
  if (typeof text !== "string" || !UNVERIFIED.test(text)) return undefined;
  const match = FAILED_CHECK.exec(text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text);
  if (!match) return { identities: [], truncated: false };
  const region = match[1]?.toLowerCase();
  let list = (match[2] ?? "").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  const end = IDENTITY_LIST_END.exec(list);
  if (end) list = list.slice(0, end.index);
  const truncated = /(?:\.\.\.|…)\s*$/.test(list);
  const identities: string[] = [];
  for (const part of list.replace(/(?:\.\.\.|…)\s*$/, "").split(",")) {
    const identity = identityFrom(part);
    // Longer than an address can be (254): pasted noise, not an identity to name back.
    if (
      identity &&
      identity.length <= 254 &&
      !identities.some((known) => known.toLowerCase() === identity.toLowerCase())
    ) {
      identities.push(identity);
      if (identities.length >= 50) break;
    }
  }
  return { region, identities, truncated };
}

function identityFrom(part: string): string | undefined {
  const angle = /<([^<>\s]+)>/.exec(part);
  const value = (angle?.[1] ?? part).trim().replace(/[.;]+$/, "");
  if (!value) return undefined;
  // "Name addr@example.com" without brackets: keep the part that looks like an identity.
  const words = value.split(/\s+/);
  return words.find((word) => word.includes("@")) ?? words[words.length - 1];
}

export interface AccessDeniedDetails {
  /** The IAM user or role ARN that was refused. */
  principal?: string;
  /** The action, e.g. "ses:SendRawEmail" or "iam:CreateUser". */
  action?: string;
  /** The resource ARN, e.g. an identity or a configuration set. */
  resource?: string;
  /** AWS said an explicit deny applies (an SCP, a boundary or a Deny statement). */
  explicitDeny: boolean;
}

// Three spellings in the wild: SMTP "User `arn…' is not authorized to perform `ses:SendRawEmail' on
// resource `arn…'", API "User: arn… is not authorized to perform: ses:GetSendQuota on resource: arn…",
// and the reference's unquoted "User arn… is not authorized to perform ses:SendRawEmail on resource arn…".
const ACCESS_DENIED =
  /User:?\s*[`'"]?(arn:[^\s`'"]+?)[`'"]?\s+is not authorized to perform:?\s*[`'"]?([A-Za-z0-9-]+:[A-Za-z0-9*]+)[`'"]?(?:\s+on resource:?\s*[`'"]?(arn:[^\s`'"]+))?/i;
const ACTION_ONLY = /not authorized to perform:?\s*[`'"]?([A-Za-z0-9-]+:[A-Za-z0-9*]+)/i;

export function parseAccessDenied(text: string): AccessDeniedDetails | undefined {
  if (typeof text !== "string") return undefined;
  const scanned = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const explicitDeny = /explicit deny/i.test(scanned);
  const match = ACCESS_DENIED.exec(scanned);
  if (match) {
    return {
      principal: trimArn(match[1]),
      action: match[2],
      resource: trimArn(match[3]),
      explicitDeny,
    };
  }
  const action = ACTION_ONLY.exec(scanned)?.[1];
  if (action || /Access denied/i.test(scanned)) return { action, explicitDeny };
  return undefined;
}

function trimArn(arn: string | undefined): string | undefined {
  const trimmed = arn?.replace(/[.,;:)\]}>]+$/, "");
  return trimmed ? trimmed : undefined;
}

/** The name in "Configuration set <name> does not exist". */
export function parseConfigurationSetName(text: string): string | undefined {
  if (typeof text !== "string") return undefined;
  return /Configuration set\s+[`'"<]?([A-Za-z0-9_-]{1,64})[`'">]?\s+does not exist/i.exec(
    text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text,
  )?.[1];
}

/** The address SES or nodemailer names in an address rejection. */
export function parseRejectedAddress(text: string): string | undefined {
  if (typeof text !== "string") return undefined;
  const scanned = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const quoted = /Invalid (?:recipient|sender)\s+"([^"]{0,320})"/i.exec(scanned)?.[1];
  if (quoted !== undefined) return quoted;
  return /<([^<>\r\n]{1,320})>\s*(?:\.{3})?\s*(?:Invalid|address unknown|\.{3})/i.exec(scanned)?.[1];
}
