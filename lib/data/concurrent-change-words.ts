// What a person is told when their change to a sending domain was refused because someone else
// changed (or removed) the domain after their page loaded: who, what and when, from the audit
// event of that change, and what to do now. Plain words; the page shows them beside the form.
import { formatDate, formatTime } from "../format";
import type { AuditEntry } from "./audit";

/** The change a person tried to make from a page that showed an older version of the domain. */
export type ChangeAttempt = "rate" | "credentials" | "removal";

type Details = Record<string, unknown>;

function detailsOf(entry: AuditEntry): Details {
  const details = entry.details;
  return typeof details === "object" && details !== null && !Array.isArray(details) ? (details as Details) : {};
}

/** The version of the domain an audited change produced, if the event records one. */
export function versionOf(entry: AuditEntry): number | undefined {
  const version = detailsOf(entry).version;
  return typeof version === "number" && Number.isInteger(version) ? version : undefined;
}

/**
 * The change itself, after the actor's name ("changed this domain's sending rate to 5 emails per
 * second"), and what came of it, after the time ("it failed, so the domain now needs attention").
 */
function whatChanged(entry: AuditEntry): { what: string; outcome?: string } {
  const details = detailsOf(entry);
  switch (entry.action) {
    case "sending_domain.send_rate_changed":
      return {
        what:
          typeof details.to === "number"
            ? `changed this domain's sending rate to ${details.to.toLocaleString("en-US")} emails per second`
            : "changed this domain's sending rate",
      };
    case "smtp_credential.created":
    case "smtp_credential.replaced":
      return { what: "replaced this domain's SMTP credentials" };
    case "sending_domain.tested":
      return {
        what: "sent a test email",
        outcome:
          details.status === "verified"
            ? "it went through, so the domain is now Verified"
            : "it failed, so the domain now needs attention",
      };
    case "sending_domain.removed":
      return { what: "removed this sending domain" };
    default:
      return { what: "changed this sending domain" };
  }
}

/** "at 2:02 PM UTC" today (UTC, like every date on the page), "on Nov 27, 2026 at 2:02 PM UTC" before. */
function when(at: Date, now: Date): string {
  const sameDay = at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  return sameDay ? `at ${formatTime(at)}` : `on ${formatDate(at)} at ${formatTime(at)}`;
}

const NEXT_STEP: Record<"changed" | "removed", Record<ChangeAttempt, string>> = {
  changed: {
    rate: "Nothing was changed by you; review the current value and save again.",
    credentials:
      "Your new credentials were not saved; review the current settings, then choose Replace credentials again.",
    removal: "The domain was not removed; review it before removing.",
  },
  removed: {
    rate: "Nothing was changed by you.",
    credentials: "Your new credentials were not saved.",
    removal: "There is nothing left to remove.",
  },
};

/**
 * The refusal in words, e.g. "Alex Kim changed this domain's sending rate to 5 emails per second
 * at 2:02 PM UTC while you had this page open. Nothing was changed by you; review the current
 * value and save again." `change` is the audit event of the change that got in first (null when
 * the log does not say); `viewerId` is who was refused, so their own change in another tab reads
 * as theirs.
 */
export function describeConcurrentChange(input: {
  change: AuditEntry | null;
  removed: boolean;
  attempt: ChangeAttempt;
  viewerId: string;
  now?: Date;
}): string {
  const { change, removed, attempt, viewerId, now = new Date() } = input;
  const nextStep = NEXT_STEP[removed ? "removed" : "changed"][attempt];
  if (!change) {
    return removed
      ? `This sending domain was removed while you had this page open. ${nextStep}`
      : `Someone else changed this sending domain while you had this page open. ${nextStep}`;
  }
  const yours = change.actorId !== null && change.actorId === viewerId;
  const actor = yours ? "You" : (change.actorName ?? "Someone else");
  const where = yours ? "in another tab or window" : "while you had this page open";
  const { what, outcome } = whatChanged(change);
  return `${actor} ${what} ${when(change.createdAt, now)} ${where}${outcome ? `; ${outcome}` : ""}. ${nextStep}`;
}
