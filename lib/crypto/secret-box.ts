import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Keyring } from "./keyring";
import { Secret } from "./secret";

/** A secret sealed with AES-256-GCM: `ciphertext` is "v1." + base64(iv ‖ tag ‖ encrypted bytes). */
export interface SealedSecret {
  keyId: string;
  ciphertext: string;
}

const FORMAT = "v1.";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

/**
 * Seals a secret under the keyring's newest key. `context` (e.g. "smtp-credential:<domain id>")
 * is bound in as associated data, so a ciphertext copied onto another row will not open.
 */
export function sealSecret(keyring: Keyring, secret: Secret | string, context: string): SealedSecret {
  const plaintext = typeof secret === "string" ? secret : secret.reveal();
  const { id, key } = keyring.current();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const encrypted = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return { keyId: id, ciphertext: FORMAT + Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString("base64") };
}

export function openSecret(keyring: Keyring, sealed: SealedSecret, context: string): Secret {
  const key = keyring.find(sealed.keyId);
  if (!key) {
    throw new SecretBoxError(
      `This secret was sealed with key "${sealed.keyId}", which is not in INFLOWAVE_ENCRYPTION_KEYS (it has: ${keyring.keyIds.join(", ")}).`,
    );
  }
  if (!sealed.ciphertext.startsWith(FORMAT)) throw new SecretBoxError("Unknown sealed-secret format.");
  const bytes = Buffer.from(sealed.ciphertext.slice(FORMAT.length), "base64");
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError("The sealed secret is truncated.");
  const decipher = createDecipheriv("aes-256-gcm", key.key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return new Secret(plain.toString("utf8"));
  } catch {
    throw new SecretBoxError(
      `The secret sealed with key "${sealed.keyId}" could not be opened: the key differs, or the stored value was altered or moved to another record.`,
    );
  }
}

/** True when a sealed secret should be re-sealed under the keyring's newest key. */
export function needsResealing(keyring: Keyring, sealed: Pick<SealedSecret, "keyId">): boolean {
  return sealed.keyId !== keyring.currentKeyId;
}

/** The associated data a stored SMTP password is sealed with: it only opens on its own domain's row. */
export function smtpCredentialContext(sendingDomainId: string): string {
  return `smtp-credential:${sendingDomainId}`;
}

/** The associated data of a workspace's stored AWS diagnostics secret key: it only opens on its own row. */
export function awsDiagnosticsContext(accessId: string): string {
  return `aws-diagnostics:${accessId}`;
}

/** The associated data of an SMTP password Inflowave created for a wizard that has not saved yet. */
export function provisionedSmtpCredentialContext(provisionedId: string): string {
  return `provisioned-smtp-credential:${provisionedId}`;
}
