// Keeps the password out of a diagnosis. Errors and pasted transcripts can carry it as typed,
// trimmed, URL-encoded (in a connection URL) or base64-encoded (in AUTH LOGIN and AUTH PLAIN), and a
// diagnosis is shown, logged and sent to support, so every form is hidden from every text in it.
// Browser-safe: no Node imports.

import type { Diagnosis } from "./diagnose";
import type { Settings } from "./diagnosis-signals";

const MAX_RAW = 2_000;
// Shorter values can't be SES credentials (SMTP passwords are 44 characters) and hiding them would
// shred ordinary words in the explanation.
const MIN_SECRET_LENGTH = 6;
const REDACTED = "[redacted]";

export function redact(diagnosis: Diagnosis, settings: Settings): Diagnosis {
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
