import { randomBytes } from "node:crypto";
import type { Env } from "../env";
import fs from "node:fs";
import path from "node:path";

/**
 * INFLOWAVE_ENCRYPTION_KEYS holds one or more keys as `id:base64` pairs separated by commas,
 * newest first: the first key seals new secrets and every key can open what it sealed, so a
 * key is rotated by putting a new one in front and dropping the old one once nothing uses it.
 */
export const KEYRING_ENV = "INFLOWAVE_ENCRYPTION_KEYS";
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_BYTES = 32;
const DEV_KEY_FILE = "encryption-keys";

export interface EncryptionKey {
  readonly id: string;
  readonly key: Buffer;
}

export class Keyring {
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly currentKeyId: string;

  constructor(keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new KeyringError("A keyring needs at least one key.");
    const map = new Map<string, Buffer>();
    for (const { id, key } of keys) {
      if (!KEY_ID.test(id))
        throw new KeyringError(`Key id "${id.slice(0, 40)}" may only use letters, digits, - and _ (1 to 32).`);
      if (map.has(id)) throw new KeyringError(`Key id "${id}" appears twice.`);
      if (key.length !== KEY_BYTES)
        throw new KeyringError(`Key "${id}" is ${key.length} bytes; AES-256 needs ${KEY_BYTES}.`);
      map.set(id, Buffer.from(key));
    }
    this.#keys = map;
    this.currentKeyId = keys[0]!.id;
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  /** The key that seals new secrets. */
  current(): EncryptionKey {
    return { id: this.currentKeyId, key: this.#keys.get(this.currentKeyId)! };
  }

  find(id: string): EncryptionKey | undefined {
    const key = this.#keys.get(id);
    return key && { id, key };
  }

  // Key bytes must never reach a log line, even by accident.
  toJSON(): { keyIds: string[]; currentKeyId: string } {
    return { keyIds: this.keyIds, currentKeyId: this.currentKeyId };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `Keyring(${this.keyIds.join(", ")})`;
  }
}

export class KeyringError extends Error {
  override name = "KeyringError";
}

/** Reads `id:base64,id:base64`. Error messages name key ids and positions, never key material. */
export function parseKeyring(spec: string): Keyring {
  const entries = spec
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new KeyringError(`${KEYRING_ENV} is empty.`);
  const keys = entries.map((entry, index) => {
    const colon = entry.indexOf(":");
    if (colon <= 0) {
      throw new KeyringError(`${KEYRING_ENV}: entry ${index + 1} is not in the form id:base64-key.`);
    }
    const id = entry.slice(0, colon);
    const encoded = entry.slice(colon + 1);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
      throw new KeyringError(`${KEYRING_ENV}: key "${id.slice(0, 40)}" is not valid base64.`);
    }
    return { id, key: Buffer.from(encoded, "base64") };
  });
  return new Keyring(keys);
}

/** A new key in the form INFLOWAVE_ENCRYPTION_KEYS takes, with a date-based id. */
export function generateKeySpec(now = new Date()): string {
  const id = `k${now.toISOString().slice(0, 10).replaceAll("-", "")}${randomBytes(2).toString("hex")}`;
  return `${id}:${randomBytes(KEY_BYTES).toString("base64")}`;
}

export interface LoadKeyringOptions {
  env?: Env;
  dataDir: string;
  log?: (message: string) => void;
}

/**
 * The keyring from INFLOWAVE_ENCRYPTION_KEYS. Without it, production refuses to run (a lost
 * generated key would make every stored password unreadable), while development generates a
 * key into the data folder once and says so.
 */
export function loadKeyring({ env = process.env, dataDir, log = () => {} }: LoadKeyringOptions): Keyring {
  const spec = env[KEYRING_ENV]?.trim();
  if (spec) return parseKeyring(spec);
  if (env.NODE_ENV === "production") {
    throw new KeyringError(
      `${KEYRING_ENV} is not set. Inflowave encrypts SMTP passwords at rest and will not start in production without a key. ` +
        `Generate one with \`npm run --silent keys:generate\` and set ${KEYRING_ENV}=<its output>.`,
    );
  }
  const file = path.join(dataDir, DEV_KEY_FILE);
  try {
    return parseKeyring(fs.readFileSync(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // "wx": if another process generated the key a moment ago, keep theirs.
    fs.writeFileSync(file, generateKeySpec() + "\n", { flag: "wx", mode: 0o600 });
    log(
      `No ${KEYRING_ENV} set: generated a development encryption key in ${file}. ` +
        `Keep that file, or stored SMTP passwords cannot be read; set ${KEYRING_ENV} in production.`,
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return parseKeyring(fs.readFileSync(file, "utf8"));
}
