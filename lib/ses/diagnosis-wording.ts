// Wording the diagnosis shares between the cause table and the explanations. The sentences that
// list ports or regions are built from ports.ts and regions.ts, so a diagnosis can't name a port
// or a region differently from the wizard that offered it.
// Browser-safe: no Node imports.

import { SMTP_PORTS, type TlsMode } from "./ports";
import { SES_REGIONS, sesRegionPlace } from "./regions";
import type { SmtpReply } from "./smtp-reply";

/** "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

// Ascending, not the picker's recommended-first order: a sentence reads "25, 587 and 2587".
function portsInWords(mode: TlsMode): string {
  const ports = SMTP_PORTS.filter((option) => option.tlsMode === mode).map((option) => option.port);
  return listInWords(ports.sort((a, b) => a - b).map(String));
}

const STARTTLS_PORTS = portsInWords("starttls");
const IMPLICIT_TLS_PORTS = portsInWords("implicit");

/** "SES listens on ports 25, 587 and 2587 (STARTTLS) and 465 and 2465 (TLS from the start)." */
export const SES_PORTS_SENTENCE = `SES listens on ports ${STARTTLS_PORTS} (STARTTLS) and ${IMPLICIT_TLS_PORTS} (TLS from the start).`;

/** "Ports 465 and 2465 expect TLS from the first byte; ports 25, 587 and 2587 start in plain text …". */
export const TLS_MODE_BY_PORT_SENTENCE = `Ports ${IMPLICIT_TLS_PORTS} expect TLS from the first byte; ports ${STARTTLS_PORTS} start in plain text and switch to TLS with STARTTLS.`;

const REGIONS_WITHOUT_SMTP = SES_REGIONS.filter((region) => region.smtp === "not-offered");

/** "Hyderabad, Jakarta and Zurich": the regions where SES runs but no SMTP host is reported. */
export const PLACES_WITHOUT_SMTP = listInWords(
  REGIONS_WITHOUT_SMTP.map((region) => sesRegionPlace(region.code) ?? region.code),
);

/** "Asia Pacific (Hyderabad, ap-south-2), …": the same regions, with the codes hosts use. */
export const REGIONS_WITHOUT_SMTP_IN_WORDS = listInWords(
  REGIONS_WITHOUT_SMTP.map((region) => region.name.replace(/\)$/, `, ${region.code})`)),
);

/** Puts `reason` first, removing the entry's own wording of it (`replaces`) if given. */
export function putFirst(reasons: string[], reason: string, replaces?: string): void {
  for (const old of [reason, replaces]) {
    const at = old === undefined ? -1 : reasons.indexOf(old);
    if (at !== -1) reasons.splice(at, 1);
  }
  reasons.unshift(reason);
}

/** “535 Authentication Credentials Invalid”, capped, for quoting a reply in a summary. */
export function quoteReply(reply: SmtpReply | undefined): string | undefined {
  if (!reply) return undefined;
  const text = reply.text.length > 200 ? `${reply.text.slice(0, 200)}…` : reply.text;
  return `“${reply.code}${reply.enhancedCode ? ` ${reply.enhancedCode}` : ""}${text ? ` ${text}` : ""}”`;
}
