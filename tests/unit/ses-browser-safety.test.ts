import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The wizard runs these modules in the browser: nothing they import, however indirectly, may
// need Node, Next.js or React.
const BROWSER_SAFE = [
  "lib/ses/regions.ts",
  "lib/ses/pricing.ts",
  "lib/aws/policies.ts",
  "lib/aws/check-types.ts",
  "lib/ses/ports.ts",
  "lib/ses/credential-shapes.ts",
  "lib/ses/credential-findings.ts",
  "lib/ses/sender-checks.ts",
  "lib/ses/connection-checks.ts",
  "lib/ses/credential-checks.ts",
  "lib/ses/smtp-password.ts",
  "lib/ses/diagnose.ts",
  "lib/ses/diagnosis-signals.ts",
  "lib/ses/diagnosis-redaction.ts",
  "lib/ses/diagnosis-wording.ts",
  "lib/ses/explain-credential-failures.ts",
  "lib/ses/explain-connection-failures.ts",
  "lib/ses/explain-sending-failures.ts",
  "lib/ses/causes.ts",
  "lib/ses/smtp-reply.ts",
  "lib/ses/aws-docs.ts",
  "lib/crypto/secret.ts",
];
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const ALLOWED_PACKAGES = new Set(["zod"]);

function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/^import\s+(type\s+)?[^"']*?["']([^"']+)["']/gm)].map((match) => ({
    specifier: match[2] ?? "",
    typeOnly: Boolean(match[1]),
  }));
}

function runtimeClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (typeOnly) continue;
      if (specifier.startsWith(".")) {
        const target = resolve(dirname(file), `${specifier}.ts`);
        expect(existsSync(target), `${file} imports ${specifier}`).toBe(true);
        visit(target);
      } else {
        expect(ALLOWED_PACKAGES, `${file} imports "${specifier}" at run time`).toContain(specifier);
      }
    }
  };
  visit(resolve(ROOT, entry));
  return seen;
}

describe("browser-safe SES modules", () => {
  it.each(BROWSER_SAFE)("%s only reaches browser-safe code", (entry) => {
    const reached = runtimeClosure(entry);
    for (const file of reached) {
      const source = readFileSync(file, "utf8");
      expect(source, file).not.toMatch(/["']node:|\bBuffer\.|\bprocess\.|\brequire\(/);
    }
  });

  it("notices a Node import (the check itself can fail)", () => {
    expect(() => runtimeClosure("lib/ses/smtp-password-node.ts")).toThrow(/node:crypto/);
  });
});
