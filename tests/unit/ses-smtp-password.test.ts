import { readFileSync } from "node:fs";
import { webcrypto } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Secret } from "@/lib/crypto/secret";
import { classifyPassword } from "@/lib/ses/credential-shapes";
import { SES_REGIONS } from "@/lib/ses/regions";
import { deriveSmtpPassword } from "@/lib/ses/smtp-password";
import { deriveLegacySmtpPasswordSync, deriveSmtpPasswordSync } from "@/lib/ses/smtp-password-node";

// Terraform's TestSESSMTPPasswordFromSecretKeySigV4, plus AWS's documentation example key.
const SIGV4_VECTORS = [
  ["eu-central-1", "some+secret+key", "BMXhUYlu5Z3gSXVQORxlVa7XPaz91aGWdfHxvkOZdWZ2"],
  ["eu-central-1", "another+secret+key", "BBbphbrQmrKMx42d1N6+C7VINYEBGI5v9VsZeTxwskfh"],
  ["us-west-1", "some+secret+key", "BH+jbMzper5WwlwUar9E1ySBqHa9whi0GPo+sJ0mVYJj"],
  ["us-west-1", "another+secret+key", "BKVmjjMDFk/qqw8EROW99bjCS65PF8WKvK5bSr4Y6EqF"],
  ["us-east-1", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9"],
] as const;

const AWS_EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

describe("deriveSmtpPassword (Web Crypto)", () => {
  it.each(SIGV4_VECTORS)("%s / %s gives the published password", async (region, secret, password) => {
    expect(await deriveSmtpPassword(secret, region, globalThis.crypto.subtle)).toBe(password);
    expect(await deriveSmtpPassword(new Secret(secret), region)).toBe(password);
  });

  it("works with a subtle that is not Node's global one", async () => {
    const [region, secret, password] = SIGV4_VECTORS[0];
    expect(await deriveSmtpPassword(secret, region, webcrypto.subtle as SubtleCrypto)).toBe(password);
  });

  it("gives a different password per region, each shaped like an SMTP password", async () => {
    const passwords = await Promise.all(SES_REGIONS.map((r) => deriveSmtpPassword(AWS_EXAMPLE_SECRET, r.code)));
    expect(new Set(passwords).size).toBe(SES_REGIONS.length);
    for (const password of passwords) expect(classifyPassword(password)).toBe("smtp-v4");
  });

  it("ignores whitespace pasted around the secret", async () => {
    expect(await deriveSmtpPassword(` ${AWS_EXAMPLE_SECRET}\n`, "us-east-1")).toBe(SIGV4_VECTORS[4][2]);
  });

  it("refuses unknown regions and empty secrets without quoting the secret", async () => {
    const failure = deriveSmtpPassword(AWS_EXAMPLE_SECRET, "mars-north-1");
    await expect(failure).rejects.toThrow(/not an AWS region where Amazon SES runs/);
    await expect(failure).rejects.not.toThrow(AWS_EXAMPLE_SECRET);
    await expect(deriveSmtpPassword("  ", "us-east-1")).rejects.toThrow(/secret access key is empty/);
  });

  it("says so when Web Crypto is missing, as on a plain-HTTP page", async () => {
    await expect(deriveSmtpPassword(AWS_EXAMPLE_SECRET, "us-east-1", undefined as never)).resolves.toBe(
      SIGV4_VECTORS[4][2],
    );
    const original = Object.getOwnPropertyDescriptor(globalThis, "crypto");
    Object.defineProperty(globalThis, "crypto", { value: {}, configurable: true });
    try {
      await expect(deriveSmtpPassword(AWS_EXAMPLE_SECRET, "us-east-1")).rejects.toThrow(/Web Crypto is unavailable/);
    } finally {
      if (original) Object.defineProperty(globalThis, "crypto", original);
    }
  });

  it("imports nothing from Node, so the browser can run it", () => {
    const source = readFileSync(new URL("../../lib/ses/smtp-password.ts", import.meta.url), "utf8");
    const imports = source.split("\n").filter((line) => /^\s*import\b/.test(line));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) {
      expect(line).not.toMatch(/["']node:|["'](crypto|buffer|util)["']/);
      // Secret is used as a type only; its module is browser-safe anyway, but no value is needed.
      if (line.includes("crypto/secret")) expect(line).toMatch(/^import type /);
    }
    expect(source).not.toMatch(/\bBuffer\b|\brequire\(/);
  });
});

describe("deriveSmtpPasswordSync (node:crypto)", () => {
  it.each(SIGV4_VECTORS)("%s / %s gives the published password", (region, secret, password) => {
    expect(deriveSmtpPasswordSync(secret, region)).toBe(password);
    expect(deriveSmtpPasswordSync(new Secret(secret), region)).toBe(password);
  });

  it("agrees with the Web Crypto version in every region", async () => {
    for (const { code } of SES_REGIONS) {
      expect(deriveSmtpPasswordSync("another+secret+key", code)).toBe(
        await deriveSmtpPassword("another+secret+key", code),
      );
    }
  });

  it("refuses unknown regions without quoting the secret", () => {
    expect(() => deriveSmtpPasswordSync(AWS_EXAMPLE_SECRET, "us-east-9")).toThrow(/"us-east-9"/);
    expect(() => deriveSmtpPasswordSync(AWS_EXAMPLE_SECRET, "us-east-9")).not.toThrow(AWS_EXAMPLE_SECRET);
    expect(() => deriveSmtpPasswordSync(new Secret(""), "us-east-1")).toThrow(/empty/);
  });
});

describe("deriveLegacySmtpPasswordSync (SigV2)", () => {
  it("gives Terraform's SigV2 vector, which the shape check calls legacy", () => {
    const legacy = deriveLegacySmtpPasswordSync("some+secret+key");
    expect(legacy).toBe("AnkqhOiWEcszZZzTMCQbOY1sPGoLFgMH9zhp4eNgSjo4");
    expect(classifyPassword(legacy)).toBe("smtp-v2-legacy");
  });
});
