// The simulator's decisions without sockets: the sending limits over time, region detection
// from the TLS server name, identity matching and SES-shaped message ids.
import { describe, expect, it } from "vitest";
import { SendingRateLimiter, sendingLimitKey } from "@/lib/ses-simulator/rate-limit";
import type { SesSimulatorScenario } from "@/lib/ses-simulator/scenario";
import {
  newSesMessageId,
  regionForServername,
  sesIdentityArn,
  verifiedIdentityFor,
} from "@/lib/ses-simulator/sending-rules";

const scenario: SesSimulatorScenario = {
  accountId: "123456789012",
  defaultRegion: "us-east-1",
  sandbox: true,
  sendingPaused: false,
  maxSendRate: 1,
  max24HourSend: 200,
  enforcementStatus: "HEALTHY",
  sentLast24Hours: 0,
  identities: { "us-east-1": ["Example.com", "demo@inflowave.test"] },
  pendingIdentities: { "us-east-1": ["customer@example.org"] },
  throttleApiCalls: false,
  users: [],
};

describe("sendingRateLimiter", () => {
  it("lets through one message per second at rate 1 and refills continuously", () => {
    let clock = 1_000_000;
    const limiter = new SendingRateLimiter(() => clock);
    const limits = { maxSendRate: 1, max24HourSend: -1 };
    expect(limiter.take("a", 1, limits)).toBe("ok");
    clock += 999;
    expect(limiter.take("a", 1, limits)).toBe("max-send-rate-exceeded");
    clock += 1;
    expect(limiter.take("a", 1, limits)).toBe("ok");
    // Another account or region has its own bucket.
    expect(limiter.take("b", 1, limits)).toBe("ok");
  });

  it("allows a burst up to the rate, counting recipients", () => {
    let clock = 0;
    const limiter = new SendingRateLimiter(() => clock);
    const limits = { maxSendRate: 3, max24HourSend: -1 };
    expect(limiter.take("a", 2, limits)).toBe("ok");
    expect(limiter.take("a", 1, limits)).toBe("ok");
    expect(limiter.take("a", 1, limits)).toBe("max-send-rate-exceeded");
    clock += 334;
    expect(limiter.take("a", 1, limits)).toBe("ok");
  });

  it("lets a message with more recipients than the rate go when the bucket is full, then makes the next wait", () => {
    let clock = 0;
    const limiter = new SendingRateLimiter(() => clock);
    const limits = { maxSendRate: 1, max24HourSend: -1 };
    expect(limiter.take("a", 3, limits)).toBe("ok");
    clock += 2_000;
    expect(limiter.take("a", 1, limits)).toBe("max-send-rate-exceeded");
    clock += 1_000;
    expect(limiter.take("a", 1, limits)).toBe("ok");
  });

  it("keeps a rolling 24-hour window of recipients, and refused messages count for nothing", () => {
    let clock = 0;
    const limiter = new SendingRateLimiter(() => clock);
    const limits = { maxSendRate: -1, max24HourSend: 3 };
    expect(limiter.take("a", 2, limits)).toBe("ok");
    clock += 12 * 3_600_000;
    expect(limiter.take("a", 2, limits)).toBe("daily-quota-exceeded");
    expect(limiter.take("a", 1, limits)).toBe("ok");
    expect(limiter.sentLast24Hours("a")).toBe(3);
    clock += 12 * 3_600_000; // the first two recipients leave the window
    expect(limiter.sentLast24Hours("a")).toBe(1);
    expect(limiter.take("a", 2, limits)).toBe("ok");
  });

  it("keys limits by account and region", () => {
    expect(sendingLimitKey("123456789012", "eu-west-1")).toBe("123456789012/eu-west-1");
  });
});

describe("regionForServername", () => {
  it("reads the region from an SES SMTP or FIPS host and falls back to the default otherwise", () => {
    expect(regionForServername("email-smtp.eu-west-1.amazonaws.com", "us-east-1")).toBe("eu-west-1");
    expect(regionForServername("EMAIL-SMTP.AP-SOUTHEAST-2.AMAZONAWS.COM", "us-east-1")).toBe("ap-southeast-2");
    expect(regionForServername("email-smtp-fips.us-gov-west-1.amazonaws.com", "us-east-1")).toBe("us-gov-west-1");
    expect(regionForServername("localhost", "eu-central-1")).toBe("eu-central-1");
    expect(regionForServername(undefined, "eu-central-1")).toBe("eu-central-1");
    expect(regionForServername("email.eu-west-1.amazonaws.com", "us-east-1")).toBe("us-east-1");
    expect(regionForServername("email-smtp.xx-nowhere-9.amazonaws.com", "us-east-1")).toBe("us-east-1");
  });
});

describe("verifiedIdentityFor", () => {
  it("matches an address, its domain and parent domains, case-insensitively, in one region only", () => {
    expect(verifiedIdentityFor(scenario, "us-east-1", "Demo@Inflowave.test")).toBe("demo@inflowave.test");
    expect(verifiedIdentityFor(scenario, "us-east-1", "a@example.com")).toBe("example.com");
    expect(verifiedIdentityFor(scenario, "us-east-1", "a@mail.eu.example.com")).toBe("example.com");
    expect(verifiedIdentityFor(scenario, "us-east-1", "a@notexample.com")).toBeUndefined();
    expect(verifiedIdentityFor(scenario, "us-east-1", "other@inflowave.test")).toBeUndefined();
    expect(verifiedIdentityFor(scenario, "eu-west-1", "a@example.com")).toBeUndefined();
  });

  it("builds identity ARNs in the region's partition", () => {
    expect(sesIdentityArn(scenario, "us-gov-west-1", "example.com")).toBe(
      "arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/example.com",
    );
  });
});

describe("newSesMessageId", () => {
  it("looks like SES's: 0100 + the time in hex, a UUID, -000000", () => {
    const id = newSesMessageId(Date.parse("2020-03-04T05:06:07.308Z"));
    expect(id).toMatch(/^01000170a3efcf4c-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}-000000$/);
    expect(Number.parseInt(id.slice(4, 16), 16)).toBe(Date.parse("2020-03-04T05:06:07.308Z"));
    expect(newSesMessageId(0)).not.toBe(newSesMessageId(0));
  });
});
