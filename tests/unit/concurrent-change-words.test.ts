import { describe, expect, it } from "vitest";
import type { AuditEntry } from "@/lib/data/audit";
import { describeConcurrentChange, versionOf } from "@/lib/data/concurrent-change-words";

const NOW = new Date("2026-11-28T14:30:00Z");
const entry = (action: string, details: Record<string, string | number>, at = "2026-11-28T14:02:00Z"): AuditEntry => ({
  id: "e1",
  action,
  targetType: "sending_domain",
  targetId: "d1",
  actorId: "alex",
  actorName: "Alex Kim",
  details: details as AuditEntry["details"],
  createdAt: new Date(at),
});

describe("the words for a change refused because someone else got in first", () => {
  it("names who changed what, and when, and what to do now", () => {
    expect(
      describeConcurrentChange({
        change: entry("sending_domain.send_rate_changed", { from: 1, to: 5, version: 2 }),
        removed: false,
        attempt: "rate",
        viewerId: "dana",
        now: NOW,
      }),
    ).toBe(
      "Alex Kim changed this domain's sending rate to 5 emails per second at 2:02 PM UTC while you had this page open. " +
        "Nothing was changed by you; review the current value and save again.",
    );
  });

  it("says which day when it was not today, and the outcome of a test that changed the status", () => {
    expect(
      describeConcurrentChange({
        change: entry(
          "sending_domain.tested",
          { outcome: "sent", status: "verified", version: 3 },
          "2026-11-27T09:15:00Z",
        ),
        removed: false,
        attempt: "removal",
        viewerId: "dana",
        now: NOW,
      }),
    ).toBe(
      "Alex Kim sent a test email on Nov 27, 2026 at 9:15 AM UTC while you had this page open; it went through, so the domain is now Verified. " +
        "The domain was not removed; review it before removing.",
    );
  });

  it("a removal, a change by the same person elsewhere, and a log that does not say", () => {
    const removal = entry("sending_domain.removed", { domain: "mail.example.com" });
    expect(
      describeConcurrentChange({ change: removal, removed: true, attempt: "credentials", viewerId: "dana", now: NOW }),
    ).toBe(
      "Alex Kim removed this sending domain at 2:02 PM UTC while you had this page open. Your new credentials were not saved.",
    );
    expect(
      describeConcurrentChange({ change: removal, removed: true, attempt: "rate", viewerId: "alex", now: NOW }),
    ).toBe("You removed this sending domain at 2:02 PM UTC in another tab or window. Nothing was changed by you.");
    expect(
      describeConcurrentChange({ change: null, removed: false, attempt: "rate", viewerId: "dana", now: NOW }),
    ).toBe(
      "Someone else changed this sending domain while you had this page open. Nothing was changed by you; review the current value and save again.",
    );
    const deletedActor = { ...entry("smtp_credential.replaced", { version: 4 }), actorId: null, actorName: null };
    expect(
      describeConcurrentChange({ change: deletedActor, removed: false, attempt: "rate", viewerId: "dana", now: NOW }),
    ).toMatch(/^Someone else replaced this domain's SMTP credentials at 2:02 PM UTC/);
  });

  it("reads the version a change produced only when the event recorded one", () => {
    expect(versionOf(entry("sending_domain.send_rate_changed", { version: 7 }))).toBe(7);
    expect(versionOf(entry("sending_domain.tested", { outcome: "sent" }))).toBeUndefined();
    expect(versionOf(entry("sending_domain.tested", { version: "7" }))).toBeUndefined();
  });
});
