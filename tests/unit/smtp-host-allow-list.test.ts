// The test-send button connects only to SES SMTP endpoints: no other host, no internal address,
// no look-alike, whichever entry point (new settings or replacement credentials) carries it.
import { describe, expect, it } from "vitest";
import { parseReplacementCredential, parseSettings } from "@/lib/email-settings/requests";
import { checkCredentials } from "@/lib/ses/credential-checks";

const HOSTILE_HOSTS = [
  "127.0.0.1",
  "localhost",
  "[::1]",
  "169.254.169.254",
  "10.0.0.5",
  "metadata.google.internal",
  "smtp.gmail.com",
  "email-smtp.us-east-1.amazonaws.com.evil.example",
  "email-smtp.us-east-1.amazonaws.com@evil.example",
  "evil.example/email-smtp.us-east-1.amazonaws.com",
  "email.us-east-1.amazonaws.com",
  "0x7f000001",
];

describe("SMTP host allow-list", () => {
  it.each(HOSTILE_HOSTS)("refuses %s", (host) => {
    const check = checkCredentials({ region: "us-east-1", host, port: 587 } as never, ["host"]);
    expect(check.ok).toBe(false);
    const settings = parseSettings({
      domain: "example.com",
      fromAddress: "hello@example.com",
      region: "us-east-1",
      host,
      port: 587,
      username: "AKIAIOSFODNN7EXAMPLE",
      password: "BGe5NyGU0wy+YqL8bH2JoE2Mt0nE/TLeUo5bDnZhpQWT",
    });
    expect(settings.ok).toBe(false);
    const replacement = parseReplacementCredential(
      { host, port: 587, username: "AKIAIOSFODNN7EXAMPLE", password: "BGe5NyGU0wy+YqL8bH2JoE2Mt0nE/TLeUo5bDnZhpQWT" },
      "us-east-1",
    );
    expect(replacement.ok).toBe(false);
  });

  it("takes the region's SES SMTP endpoint (and its FIPS one where AWS documents it)", () => {
    for (const host of ["email-smtp.us-east-1.amazonaws.com", "email-smtp-fips.us-east-1.amazonaws.com"]) {
      expect(checkCredentials({ region: "us-east-1", host, port: 587 } as never, ["host"]).ok).toBe(true);
    }
  });
});
