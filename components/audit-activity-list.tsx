import type { AuditEntry } from "@/lib/data/audit";
import { Avatar } from "./avatar";
import { Card } from "./card";
import { FormattedDate } from "./formatted-date";

type Details = Record<string, unknown>;

function readDetails(details: AuditEntry["details"]): Details {
  return typeof details === "object" && details !== null && !Array.isArray(details) ? (details as Details) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

const TESTED_WORDS: Record<string, string> = {
  passed: "after a passing test",
  failed: "after a failed test, so it needs attention",
  untested: "without a test, so it needs attention",
};

/** An audit action in words: what the person did, and the facts worth seeing next to it. */
export function describeAuditEvent(entry: AuditEntry): { action: string; detail?: string } {
  const details = readDetails(entry.details);
  const connection = [
    text(details.username) && `user ${text(details.username)}`,
    text(details.host) && `${text(details.host)}${text(details.port) ? `:${text(details.port)}` : ""}`,
  ]
    .filter(Boolean)
    .join(" · ");
  switch (entry.action) {
    case "sending_domain.created": {
      const tested = text(details.tested);
      return {
        action: `added the sending domain${tested && TESTED_WORDS[tested] ? ` ${TESTED_WORDS[tested]}` : ""}`,
        detail: [text(details.domain), text(details.region)].filter(Boolean).join(" · ") || undefined,
      };
    }
    case "sending_domain.removed":
      return { action: "removed the sending domain", detail: text(details.domain) };
    case "smtp_credential.created":
      return { action: "connected SMTP credentials", detail: connection || undefined };
    case "smtp_credential.replaced":
      return { action: "replaced the SMTP credentials", detail: connection || undefined };
    case "sending_domain.tested": {
      const replacement = details.credentials === "replacement";
      const passed = details.outcome === "sent";
      return {
        action: `${replacement ? "tested new credentials" : "sent a test email"}${passed ? ": it went through" : ": it failed"}`,
        detail: text(details.cause),
      };
    }
    case "sending_domain.send_rate_changed":
      return {
        action: "changed the sending rate",
        detail: `${text(details.from) ?? "?"} → ${text(details.to) ?? "?"} emails per second`,
      };
    case "smtp_credential.provisioned":
      return {
        action: "created SMTP credentials in AWS",
        detail: [text(details.iamUserName), text(details.username), text(details.region)].filter(Boolean).join(" · "),
      };
    case "aws_diagnostics.connected":
      return {
        action: "connected AWS for diagnostics",
        detail: details.source === "default_chain" ? "the server's AWS credentials" : text(details.accessKeyId),
      };
    case "encryption_keys.rotated":
      return {
        action: `re-encrypted ${text(details.resealed) ?? "the"} stored secrets under a new key`,
        detail: text(details.keyId),
      };
    case "aws_diagnostics.disconnected":
      return { action: "disconnected AWS diagnostics" };
    case "aws_account.sending_policy_migrated":
      return { action: "moved an SMTP user to the sending group", detail: text(details.userName) };
    case "aws_account.production_access_requested":
      return { action: "requested SES production access", detail: text(details.region) };
    default:
      return { action: entry.action.replace(/[._]/g, " ") };
  }
}

/** Who did what to a sending domain, newest first, from the audit log. */
export function AuditActivityList({ entries }: { entries: AuditEntry[] }) {
  return (
    <Card>
      <ol className="divide-y divide-gray-100">
        {entries.map((entry) => {
          const { action, detail } = describeAuditEvent(entry);
          const actor = entry.actorName ?? "Someone";
          return (
            <li key={entry.id} className="flex gap-3 px-4 py-3.5 sm:px-5">
              <Avatar name={actor} size="sm" />
              <div className="min-w-0 flex-1 text-sm sm:flex sm:items-start sm:justify-between sm:gap-4">
                <div className="min-w-0">
                  <p className="text-gray-700">
                    <span className="font-medium text-gray-900">{actor}</span> {action}
                  </p>
                  {detail && <p className="mt-0.5 font-mono text-xs break-all text-gray-500">{detail}</p>}
                </div>
                <p className="mt-1 shrink-0 text-xs text-gray-500 sm:mt-0.5">
                  <FormattedDate date={entry.createdAt} withTime />
                </p>
              </div>
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
