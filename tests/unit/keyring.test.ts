import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { generateKeySpec, Keyring, KeyringError, loadKeyring, parseKeyring } from "@/lib/crypto/keyring";

const key = (fill: number, bytes = 32) => Buffer.alloc(bytes, fill).toString("base64");
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-keyring-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("parseKeyring", () => {
  it("takes id:base64 pairs, newest first", () => {
    const ring = parseKeyring(` k2:${key(2)} , k1:${key(1)} `);
    expect(ring.currentKeyId).toBe("k2");
    expect(ring.keyIds).toEqual(["k2", "k1"]);
    expect(ring.find("k1")?.key.equals(Buffer.alloc(32, 1))).toBe(true);
    expect(ring.find("nope")).toBeUndefined();
  });

  it.each([
    ["", /is empty/],
    [" , ", /is empty/],
    [key(1), /entry 1 is not in the form id:base64-key/],
    [`k1:${key(1)},:${key(2)}`, /entry 2 is not in the form/],
    [`k1:not base64!`, /key "k1" is not valid base64/],
    [`k1:${key(1, 16)}`, /Key "k1" is 16 bytes; AES-256 needs 32/],
    [`k1:${key(1)},k1:${key(2)}`, /Key id "k1" appears twice/],
    [`bad id:${key(1)}`, /may only use letters, digits/],
  ])("rejects %j with a clear message", (spec, message) => {
    expect(() => parseKeyring(spec)).toThrow(KeyringError);
    expect(() => parseKeyring(spec)).toThrow(message);
  });

  it("never puts key material in an error, JSON or inspect output", () => {
    const secretKey = key(9, 16);
    const error = (() => {
      try {
        parseKeyring(`k9:${secretKey}`);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).not.toContain(secretKey);
    const ring = parseKeyring(`k1:${key(7)}`);
    expect(JSON.stringify(ring)).toBe('{"keyIds":["k1"],"currentKeyId":"k1"}');
    expect(inspect(ring)).toBe("Keyring(k1)");
    expect(inspect(ring)).not.toContain(key(7));
  });

  it("generated specs parse as a one-key ring", () => {
    const ring = parseKeyring(generateKeySpec(new Date("2026-11-28T00:00:00Z")));
    expect(ring.currentKeyId).toMatch(/^k20261128[0-9a-f]{4}$/);
    expect(new Keyring([{ id: "a", key: Buffer.alloc(32) }]).currentKeyId).toBe("a");
  });
});

describe("loadKeyring", () => {
  it("uses INFLOWAVE_ENCRYPTION_KEYS when set, and writes nothing", () => {
    const dataDir = tempDir();
    const ring = loadKeyring({
      env: { INFLOWAVE_ENCRYPTION_KEYS: `prod1:${key(3)}`, NODE_ENV: "production" },
      dataDir,
    });
    expect(ring.currentKeyId).toBe("prod1");
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it("refuses to run in production without a key, saying how to get one", () => {
    expect(() => loadKeyring({ env: { NODE_ENV: "production" }, dataDir: tempDir() })).toThrow(
      /INFLOWAVE_ENCRYPTION_KEYS is not set.*will not start in production.*keys:generate/,
    );
  });

  it("in development generates a key into the data folder once, says so once, and reuses it", () => {
    const dataDir = path.join(tempDir(), "nested");
    const messages: string[] = [];
    const first = loadKeyring({ env: { NODE_ENV: "development" }, dataDir, log: (m) => messages.push(m) });
    const second = loadKeyring({ env: { NODE_ENV: "development" }, dataDir, log: (m) => messages.push(m) });
    expect(second.currentKeyId).toBe(first.currentKeyId);
    expect(second.current().key.equals(first.current().key)).toBe(true);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/generated a development encryption key in .*encryption-keys/);
    expect(messages[0]).not.toContain(first.current().key.toString("base64"));
    expect(fs.statSync(path.join(dataDir, "encryption-keys")).mode & 0o777).toBe(0o600);
  });

  it("reports a damaged development key file instead of silently replacing it", () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, "encryption-keys"), "garbage");
    expect(() => loadKeyring({ env: {}, dataDir })).toThrow(KeyringError);
    expect(fs.readFileSync(path.join(dataDir, "encryption-keys"), "utf8")).toBe("garbage");
  });
});
