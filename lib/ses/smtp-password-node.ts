// Node's synchronous twin of smtp-password.ts, for the server and the CLI. Both must give the
// same passwords; the unit tests run AWS's published vectors through each.
import { createHmac } from "node:crypto";
import type { Secret } from "../crypto/secret";
import { prepareSmtpPasswordInputs, SMTP_PASSWORD_SIGNING, smtpPasswordSigningChain } from "./smtp-password";

const hmacSha256 = (key: string | Buffer, message: string) =>
  createHmac("sha256", key).update(message, "utf8").digest();

/** The SigV4 SMTP password for `region`; see deriveSmtpPassword. */
export function deriveSmtpPasswordSync(secretAccessKey: string | Secret, region: string): string {
  const secret = prepareSmtpPasswordInputs(secretAccessKey, region);
  let signature = hmacSha256(`AWS4${secret}`, SMTP_PASSWORD_SIGNING.date);
  for (const message of smtpPasswordSigningChain(region)) signature = hmacSha256(signature, message);
  return Buffer.concat([Buffer.from([SMTP_PASSWORD_SIGNING.version]), signature]).toString("base64");
}

/**
 * The legacy SigV2 SMTP password (credentials created before 2019-01-10), which SES no longer
 * accepts. Not for sending: it lets a diagnosis tell "this is an old password for that key"
 * apart from "this is some other value". It is the same in every region.
 */
export function deriveLegacySmtpPasswordSync(secretAccessKey: string | Secret): string {
  const secret = (typeof secretAccessKey === "string" ? secretAccessKey : secretAccessKey.reveal()).trim();
  if (secret === "") throw new Error("Cannot derive an SMTP password: the secret access key is empty.");
  const signature = hmacSha256(secret, SMTP_PASSWORD_SIGNING.message);
  return Buffer.concat([Buffer.from([0x02]), signature]).toString("base64");
}
