// Turns an AWS secret access key into the SES SMTP password for one region, the way AWS's own
// sample does it (a fixed-date SigV4 signing key over "SendRawEmail"). Browser-safe: it uses Web
// Crypto only, so the wizard can derive the password without the secret key leaving the browser.
// smtp-password-node.ts is the synchronous twin for the server and the CLI.
import type { Secret } from "../crypto/secret";
import { findSesRegion } from "./regions";

/** The SigV4 inputs AWS fixes for SMTP passwords; the date is a constant, not a real date. */
export const SMTP_PASSWORD_SIGNING = {
  date: "11111111",
  service: "ses",
  terminal: "aws4_request",
  message: "SendRawEmail",
  version: 0x04,
} as const;

/** The HMAC messages after the first, in order: region, then the fixed service/terminal/message. */
export function smtpPasswordSigningChain(region: string): readonly string[] {
  const { service, terminal, message } = SMTP_PASSWORD_SIGNING;
  return [region, service, terminal, message];
}

/**
 * Checks the inputs and returns the secret's text. AWS secret keys never contain whitespace, so
 * spaces around a pasted key are noise and are dropped. Errors never include the secret.
 */
export function prepareSmtpPasswordInputs(secretAccessKey: string | Secret, region: string): string {
  if (!findSesRegion(region)) {
    throw new Error(
      `Cannot derive an SMTP password for "${region.slice(0, 40)}": it is not an AWS region where Amazon SES runs (e.g. us-east-1).`,
    );
  }
  const secret = (typeof secretAccessKey === "string" ? secretAccessKey : secretAccessKey.reveal()).trim();
  if (secret === "") throw new Error("Cannot derive an SMTP password: the secret access key is empty.");
  return secret;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function hmacSha256(
  subtle: SubtleCrypto,
  key: Uint8Array<ArrayBuffer>,
  message: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const cryptoKey = await subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await subtle.sign("HMAC", cryptoKey, new TextEncoder().encode(message)));
}

/**
 * The SigV4 SMTP password for `region` (44 characters, starting with "B"). It only works in
 * that region. Pass `subtle` to use a specific Web Crypto implementation.
 */
export async function deriveSmtpPassword(
  secretAccessKey: string | Secret,
  region: string,
  subtle: SubtleCrypto | undefined = globalThis.crypto?.subtle,
): Promise<string> {
  const secret = prepareSmtpPasswordInputs(secretAccessKey, region);
  if (!subtle) {
    // Browsers only offer Web Crypto on secure pages; a plain-HTTP dev server is the usual cause.
    throw new Error("Cannot derive an SMTP password here: Web Crypto is unavailable (it needs an HTTPS page).");
  }
  const encoder = new TextEncoder();
  let signature = await hmacSha256(subtle, encoder.encode(`AWS4${secret}`), SMTP_PASSWORD_SIGNING.date);
  for (const message of smtpPasswordSigningChain(region)) {
    signature = await hmacSha256(subtle, signature, message);
  }
  const password = new Uint8Array(1 + signature.length);
  password[0] = SMTP_PASSWORD_SIGNING.version;
  password.set(signature, 1);
  return toBase64(password);
}
