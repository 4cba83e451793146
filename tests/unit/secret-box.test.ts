import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { parseKeyring } from "@/lib/crypto/keyring";
import { Secret } from "@/lib/crypto/secret";
import { needsResealing, openSecret, sealSecret, SecretBoxError } from "@/lib/crypto/secret-box";

const key = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString("base64")}`;
const ring = parseKeyring(key("k1", 1));
const PASSWORD = "BPn9Q0Xh3pLq2mY8vT1sR4wK7zJ5cN6bF0aD9eG2hI3u";

describe("sealSecret / openSecret", () => {
  it("round-trips, including unicode, and never stores the plaintext", () => {
    for (const plain of [PASSWORD, "", "pässwörd ✉️ 密码"]) {
      const sealed = sealSecret(ring, new Secret(plain), "ctx");
      expect(sealed.keyId).toBe("k1");
      expect(sealed.ciphertext).toMatch(/^v1\.[A-Za-z0-9+/]+=*$/);
      if (plain) expect(sealed.ciphertext).not.toContain(plain);
      expect(openSecret(ring, sealed, "ctx").reveal()).toBe(plain);
    }
  });

  it("uses a fresh IV each time", () => {
    expect(sealSecret(ring, PASSWORD, "ctx").ciphertext).not.toBe(sealSecret(ring, PASSWORD, "ctx").ciphertext);
  });

  it("seals with the newest key and opens with any key in the ring", () => {
    const old = sealSecret(ring, PASSWORD, "ctx");
    const rotated = parseKeyring(`${key("k2", 2)},${key("k1", 1)}`);
    const fresh = sealSecret(rotated, PASSWORD, "ctx");
    expect(fresh.keyId).toBe("k2");
    expect(openSecret(rotated, old, "ctx").reveal()).toBe(PASSWORD);
    expect(needsResealing(rotated, old)).toBe(true);
    expect(needsResealing(rotated, fresh)).toBe(false);
  });

  it("names a missing key id, without key material", () => {
    const sealed = sealSecret(parseKeyring(key("gone", 5)), PASSWORD, "ctx");
    expect(() => openSecret(ring, sealed, "ctx")).toThrow(
      /sealed with key "gone", which is not in INFLOWAVE_ENCRYPTION_KEYS \(it has: k1\)/,
    );
  });

  it.each([
    ["a different context (the row it was copied to)", (s: string) => s, "other-ctx"],
    ["a flipped byte", (s: string) => flipLastByte(s), "ctx"],
    ["a truncated value", (s: string) => s.slice(0, 12), "ctx"],
    ["an unknown format", (s: string) => s.replace("v1.", "v9."), "ctx"],
  ])("refuses %s with a SecretBoxError that carries no plaintext", (_, mutate, context) => {
    const sealed = sealSecret(ring, PASSWORD, "ctx");
    const tampered = { ...sealed, ciphertext: mutate(sealed.ciphertext) };
    let error: unknown;
    try {
      openSecret(ring, tampered, context);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecretBoxError);
    expect(String((error as Error).message)).not.toContain(PASSWORD);
  });

  it("the same key under a different id does not open it (wrong key material)", () => {
    const sealed = sealSecret(ring, PASSWORD, "ctx");
    const impostor = parseKeyring(key("k1", 9));
    expect(() => openSecret(impostor, sealed, "ctx")).toThrow(/could not be opened/);
  });
});

describe("Secret", () => {
  it("shows as [redacted] everywhere but reveal()", () => {
    const secret = new Secret(PASSWORD);
    expect(`${secret}`).toBe("[redacted]");
    expect(JSON.stringify({ password: secret })).toBe('{"password":"[redacted]"}');
    expect(inspect({ secret })).not.toContain(PASSWORD);
    expect(secret.reveal()).toBe(PASSWORD);
    expect(secret.length).toBe(PASSWORD.length);
  });
});

function flipLastByte(ciphertext: string): string {
  const bytes = Buffer.from(ciphertext.slice(3), "base64");
  bytes[bytes.length - 1]! ^= 0xff;
  return "v1." + bytes.toString("base64");
}
