import { describe, expect, it } from "vitest";
import { awsRegionSchema, domainNameSchema } from "@/lib/data/sending-domains";

describe("domainNameSchema", () => {
  it.each([
    ["example.com", "example.com"],
    ["  Mail.Example.COM.  ", "mail.example.com"],
    ["https://example.com/path", "example.com"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
  ])("accepts %j as %j", (input, expected) => {
    expect(domainNameSchema.parse(input)).toBe(expected);
  });

  it.each([
    ["", /Enter the domain/],
    ["localhost", /full domain/],
    ["exa mple.com", /letters, digits, hyphens and dots/],
    ["-bad.example.com", /letters, digits, hyphens and dots/],
    ["a..b.com", /letters, digits/],
    [`${"a".repeat(64)}.com`, /letters, digits/],
    [`${"a.".repeat(130)}com`, /at most 253/],
  ])("rejects %j", (input, message) => {
    const result = domainNameSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(message);
  });

  it("rejects non-strings with words", () => {
    expect(domainNameSchema.safeParse(42).error?.issues[0]?.message).toMatch(/Enter the domain/);
  });
});

describe("awsRegionSchema", () => {
  it.each(["us-east-1", " EU-WEST-2 ", "us-gov-west-1", "ap-southeast-5"])("accepts %j", (region) => {
    expect(awsRegionSchema.parse(region)).toBe(region.trim().toLowerCase());
  });
  it.each(["", "us-east", "email-smtp.us-east-1.amazonaws.com", "YOUR-REGION"])("rejects %j", (region) => {
    expect(awsRegionSchema.safeParse(region).success).toBe(false);
  });
});
