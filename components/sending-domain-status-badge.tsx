import type { SendingDomainSummary } from "@/lib/data/sending-domains";
import { Badge, type BadgeTone } from "./badge";

type Status = SendingDomainSummary["status"];

// People read words, not enum values; the record makes a new status a type error until it has both.
const STATUS_DISPLAY: Record<Status, { label: string; tone: BadgeTone }> = {
  draft: { label: "Draft", tone: "gray" },
  verified: { label: "Verified", tone: "green" },
  needs_attention: { label: "Needs attention", tone: "amber" },
};

export function sendingDomainStatusLabel(status: Status): string {
  return STATUS_DISPLAY[status].label;
}

export function SendingDomainStatusBadge({ status }: { status: Status }) {
  const { label, tone } = STATUS_DISPLAY[status];
  return (
    <Badge tone={tone} dot>
      {label}
    </Badge>
  );
}
