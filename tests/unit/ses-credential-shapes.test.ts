import { describe, expect, it } from "vitest";
import { classifyPassword, classifyUsername, looksLikePassword } from "@/lib/ses/credential-shapes";

describe("classifyUsername", () => {
  it.each([
    ["AKIAIOSFODNN7EXAMPLE", "long-term"],
    ["ASIAIOSFODNN7EXAMPLE", "temporary"],
    ["ses-smtp-user.20240101-123456", "iam-user-name"],
    ["inflowave-smtp", "iam-user-name"],
    ["akiaiosfodnn7example", "other"],
    ["AKIAIOSFODNN7EXAMPL", "other"],
    ["me@example.com", "other"],
    ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "other"],
    ["BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9", "other"],
    ["", "other"],
  ])("%j is %s", (value, kind) => {
    expect(classifyUsername(value)).toBe(kind);
  });
});

describe("classifyPassword", () => {
  it.each([
    ["BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9", "smtp-v4"],
    ["AnkqhOiWEcszZZzTMCQbOY1sPGoLFgMH9zhp4eNgSjo4", "smtp-v2-legacy"],
    ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws-secret-access-key"],
    ["AKIAIOSFODNN7EXAMPLE", "access-key-id"],
    ["ASIAIOSFODNN7EXAMPLE", "access-key-id"],
    ["BzBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9", "other"], // "B" then a letter no version byte gives
    ["BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9=", "other"],
    ["hunter2", "other"],
  ])("%j is %s", (value, kind) => {
    expect(classifyPassword(value)).toBe(kind);
  });

  it("treats passwords and secret keys, not key ids, as password-like", () => {
    expect(looksLikePassword("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).toBe(true);
    expect(looksLikePassword("AKIAIOSFODNN7EXAMPLE")).toBe(false);
    expect(looksLikePassword("ses-smtp-user.20240101-123456")).toBe(false);
  });
});
