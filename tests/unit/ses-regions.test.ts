import { describe, expect, it } from "vitest";
import {
  describeSesRegion,
  findSesRegion,
  fipsSmtpHostFor,
  normalizeHostInput,
  parseSesHost,
  SES_REGIONS,
  sesRegionName,
  sesRegionPlace,
  smtpHostFor,
} from "@/lib/ses/regions";

const codes = SES_REGIONS.map((region) => region.code);

describe("SES region names", () => {
  it("names the regions and their places, and nothing for unknown codes", () => {
    expect(sesRegionName("eu-west-1")).toBe("Europe (Ireland)");
    expect(sesRegionPlace("us-east-1")).toBe("N. Virginia");
    expect(sesRegionPlace("us-gov-west-1")).toBe("US-West");
    expect(sesRegionName("mars-north-1")).toBeUndefined();
    expect(sesRegionPlace("mars-north-1")).toBeUndefined();
    expect(describeSesRegion("eu-west-1")).toBe("eu-west-1 (Europe (Ireland))");
  });
});

describe("SES_REGIONS", () => {
  it("holds each region of the reference table once", () => {
    expect(codes).toHaveLength(29);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining(["us-east-1", "sa-east-1", "us-gov-west-1", "ap-southeast-5"]));
  });

  it("keeps regions of one geography together", () => {
    const geographies = SES_REGIONS.map((region) => region.geography);
    const groups = geographies.filter((geography, i) => geography !== geographies[i - 1]);
    expect(new Set(groups).size).toBe(groups.length);
    expect(groups[0]).toBe("United States");
  });

  it.each(SES_REGIONS.map((region) => [region.code, region] as const))(
    "%s has a name and its SMTP host",
    (code, region) => {
      expect(region.name).toMatch(/\(.+\)$/);
      expect(region.smtpHost).toBe(`email-smtp.${code}.amazonaws.com`);
      expect(smtpHostFor(code)).toBe(region.smtpHost);
      expect(findSesRegion(code)).toBe(region);
      expect(parseSesHost(region.smtpHost)).toEqual({ kind: "smtp", region: code });
      expect(parseSesHost(`email-smtp-fips.${code}.amazonaws.com`)).toEqual({ kind: "smtp-fips", region: code });
      if (region.smtp !== "available") expect(region.note).toBeTruthy();
    },
  );

  it("marks Jakarta, Hyderabad and Zurich as not offering SMTP, with a region to use instead", () => {
    const notOffered = SES_REGIONS.filter((region) => region.smtp === "not-offered");
    expect(notOffered.map((region) => region.code).sort()).toEqual(["ap-south-2", "ap-southeast-3", "eu-central-2"]);
    for (const region of notOffered) {
      expect(findSesRegion(region.smtpAlternative ?? "")?.smtp).toBe("available");
    }
  });

  it("marks the thinly evidenced regions as unconfirmed", () => {
    const unconfirmed = SES_REGIONS.filter((region) => region.smtp === "unconfirmed").map((region) => region.code);
    expect(unconfirmed.sort()).toEqual(
      ["af-south-1", "ap-southeast-5", "ca-west-1", "il-central-1", "me-central-1", "me-south-1"].sort(),
    );
  });

  it("lists FIPS SMTP hosts only where AWS documents them, and they parse back", () => {
    const withFips = SES_REGIONS.filter((region) => region.fipsSmtpHost).map((region) => region.code);
    expect(withFips).toEqual(["us-east-1", "us-west-2", "us-gov-west-1"]);
    expect(fipsSmtpHostFor("us-east-1")).toBe("email-smtp-fips.us-east-1.amazonaws.com");
    expect(fipsSmtpHostFor("us-east-2")).toBeUndefined();
    expect(parseSesHost(fipsSmtpHostFor("us-gov-west-1") ?? "")).toEqual({
      kind: "smtp-fips",
      region: "us-gov-west-1",
    });
  });

  it("has no host for an unknown or differently written code", () => {
    expect(smtpHostFor("mars-north-1")).toBeUndefined();
    expect(findSesRegion("EU-WEST-1")).toBeUndefined();
    expect(findSesRegion("__proto__")).toBeUndefined();
  });
});

describe("parseSesHost", () => {
  it.each([
    ["email-smtp.eu-west-1.amazonaws.com", { kind: "smtp", region: "eu-west-1" }],
    ["  HTTPS://Email-SMTP.EU-West-1.amazonaws.com.:587/path?q ", { kind: "smtp", region: "eu-west-1" }],
    ["smtp://user:pa/ss@email-smtp.us-east-2.amazonaws.com", { kind: "smtp", region: "us-east-2" }],
    ["email.us-east-1.amazonaws.com", { kind: "api", region: "us-east-1" }],
    ["email.us-east-1.api.aws", { kind: "api", region: "us-east-1" }],
    ["email-fips.us-west-2.amazonaws.com", { kind: "api-fips", region: "us-west-2" }],
    ["email-fips.us-gov-west-1.api.aws", { kind: "api-fips", region: "us-gov-west-1" }],
    ["inbound-smtp.eu-west-1.amazonaws.com", { kind: "inbound-smtp", region: "eu-west-1" }],
    ["email-smtp.YOUR-REGION.amazonaws.com", { kind: "placeholder" }],
    ["email-smtp.<region>.amazonaws.com", { kind: "placeholder" }],
    ["email-smtp.{region}.amazonaws.com", { kind: "placeholder" }],
    ["email-smtp.REGION.amazonaws.com", { kind: "placeholder" }],
    ["email-smtp.${AWS_REGION}.amazonaws.com", { kind: "placeholder" }],
    ["smtp.us-east-1.amazonaws.com", { kind: "other", region: "us-east-1" }],
    ["email-smtp.amazonaws.com", { kind: "other" }],
    ["email-smtp.cn-north-1.amazonaws.com.cn", { kind: "other" }],
    ["smtp.gmail.com", { kind: "other" }],
    ["", { kind: "other" }],
  ])("%j is %j", (host, expected) => {
    expect(parseSesHost(host)).toEqual(expected);
  });

  it("stays fast on hostile input", () => {
    const started = performance.now();
    parseSesHost(`${".".repeat(100_000)}x`);
    parseSesHost(`${":".repeat(100_000)}x`);
    parseSesHost(`${"a.".repeat(50_000)}${".".repeat(50_000)}`);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("normalizeHostInput", () => {
  it("keeps the port suffix apart and drops the rest of the noise", () => {
    expect(normalizeHostInput(" https://Email-Smtp.us-east-1.amazonaws.com.:2465 ")).toEqual({
      host: "email-smtp.us-east-1.amazonaws.com",
      port: 2465,
    });
    expect(normalizeHostInput("email-smtp.us-east-1.amazonaws.com")).toEqual({
      host: "email-smtp.us-east-1.amazonaws.com",
    });
  });

  it("drops pasted user info entirely, even when it holds a slash", () => {
    expect(normalizeHostInput("smtp://AKIA:se/cr@et@email-smtp.us-east-1.amazonaws.com").host).toBe(
      "email-smtp.us-east-1.amazonaws.com",
    );
  });
});
