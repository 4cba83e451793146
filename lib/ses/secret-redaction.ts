// Hiding a password from text that may carry it: errors, pasted transcripts, our own SMTP
// transcripts. On the wire it appears as typed, trimmed, URL-encoded (in a connection URL) or in
// base64 (AUTH LOGIN sends base64(password), AUTH PLAIN base64("\0user\0password")).
// Browser-safe: no Node imports.

export const REDACTED = "[redacted]";
// Shorter values can't be SES credentials (SMTP passwords are 44 characters) and hiding them would
// shred ordinary words.
export const MIN_SECRET_LENGTH = 6;

export interface SecretFormsOptions {
  username?: string;
  /** Also hide base64(username): AUTH LOGIN sends it, and the name may show but its encoding need not. */
  hideEncodedUsername?: boolean;
}

/** Every form of the password worth hiding, longest first so a longer form is hidden whole. */
export function secretForms(password: string | undefined, options: SecretFormsOptions = {}): string[] {
  if (!password) return [];
  const { username } = options;
  const forms = [password, password.trim(), safeEncodeURIComponent(password)];
  forms.push(safeBase64(password), safeBase64(password.trim()));
  if (username) {
    forms.push(safeBase64(`\0${username}\0${password}`), safeBase64(`${username}\0${username}\0${password}`));
    if (options.hideEncodedUsername && username.length >= MIN_SECRET_LENGTH) forms.push(safeBase64(username));
  }
  const unique = [...new Set(forms)].filter((form) => form.length >= MIN_SECRET_LENGTH);
  return unique.sort((a, b) => b.length - a.length);
}

export function hideSecrets(text: string, secrets: readonly string[]): string {
  let hidden = text;
  for (const secret of secrets) if (hidden.includes(secret)) hidden = hidden.split(secret).join(REDACTED);
  return hidden;
}

/** A pasted transcript carries the sign-in in base64 even when we don't know the password. */
export function hideAuthPayloads(text: string): string {
  if (!/AUTH|334 UGFzc3dvcmQ6/i.test(text)) return text;
  return text
    .replace(/(\bAUTH\s+PLAIN\s+)[A-Za-z0-9+/]{8,}={0,2}/gi, `$1${REDACTED}`)
    .replace(/(334 UGFzc3dvcmQ6\s*(?:>>\s*|\r?\n\s*(?:C:\s*)?)?)[A-Za-z0-9+/]{4,}={0,2}/gi, `$1${REDACTED}`);
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
