// What a pasted credential looks like. SES SMTP credentials and AWS access keys look alike,
// and telling them apart before the first send is most of what saves people from a 535.
// Browser-safe: no Node imports (the wizard runs these as the person types).

/** A long-term access key id: the SMTP user name is one of these. */
export const LONG_TERM_ACCESS_KEY_ID = /^AKIA[A-Z0-9]{16}$/;
/** A temporary (STS) access key id: SES SMTP never accepts these. */
export const TEMPORARY_ACCESS_KEY_ID = /^ASIA[A-Z0-9]{16}$/;
/** The console's default IAM user name for SMTP users, e.g. ses-smtp-user.20240101-123456. */
export const SES_SMTP_IAM_USER_NAME = /^ses-smtp-user\.\d{8}-\d{6}$/;
/** A SigV4 SMTP password: base64 of 0x04 + a 32-byte HMAC, so 44 characters, "B" then A–P. */
export const SMTP_PASSWORD_V4 = /^B[A-P][A-Za-z0-9+/]{42}$/;
/**
 * A legacy SigV2 SMTP password (credentials from before 2019): base64 of 0x02 + HMAC. Real ones
 * have "g"–"v" second; any 44-character value starting with "A" is matched, because nothing else
 * people paste has that shape and "create new credentials" is the answer either way.
 */
export const SMTP_PASSWORD_V2 = /^A[A-Za-z0-9+/]{43}$/;
/** An AWS secret access key: 40 characters of base64's alphabet. */
export const AWS_SECRET_ACCESS_KEY = /^[A-Za-z0-9/+]{40}$/;

// IAM's own rule for user names. Lower case or punctuation is what sets one apart from a
// mistyped key id, which is all capitals and digits.
const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
const ACCESS_KEY_ID_IN_WRONG_CASE = /^(?:AKIA|ASIA)[A-Z0-9]{16}$/i;

export type AccessKeyIdKind = "long-term" | "temporary" | "iam-user-name" | "other";

export function classifyUsername(value: string): AccessKeyIdKind {
  if (LONG_TERM_ACCESS_KEY_ID.test(value)) return "long-term";
  if (TEMPORARY_ACCESS_KEY_ID.test(value)) return "temporary";
  if (ACCESS_KEY_ID_IN_WRONG_CASE.test(value) || classifyPassword(value) !== "other") return "other";
  if (IAM_USER_NAME.test(value) && !value.includes("@") && /[a-z.-]/.test(value)) return "iam-user-name";
  return "other";
}

export type PasswordKind = "smtp-v4" | "smtp-v2-legacy" | "aws-secret-access-key" | "access-key-id" | "other";

export function classifyPassword(value: string): PasswordKind {
  if (SMTP_PASSWORD_V4.test(value)) return "smtp-v4";
  if (SMTP_PASSWORD_V2.test(value)) return "smtp-v2-legacy";
  if (AWS_SECRET_ACCESS_KEY.test(value)) return "aws-secret-access-key";
  if (LONG_TERM_ACCESS_KEY_ID.test(value) || TEMPORARY_ACCESS_KEY_ID.test(value)) return "access-key-id";
  return "other";
}

/** True when a value has the shape of a password or secret key rather than of a user name. */
export function looksLikePassword(value: string): boolean {
  const kind = classifyPassword(value);
  return kind === "smtp-v4" || kind === "smtp-v2-legacy" || kind === "aws-secret-access-key";
}
