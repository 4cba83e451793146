// Checks for the wizard's first step: the sending domain and the From address. Browser-safe.
import { z } from "zod";
import { AWS_DOCS } from "./aws-docs";
import {
  type FindingList,
  MAX_HOST_INPUT_LENGTH,
  MAX_LENGTH,
  readText,
  readTrimmed,
  shown,
} from "./credential-findings";
import { normalizeHostInput } from "./regions";

const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** A lower-case DNS name of at least two labels: the shape SES accepts as a domain identity. */
export const isDomainName = (name: string) =>
  name.length <= MAX_LENGTH.domain && name.includes(".") && name.split(".").every((label) => DOMAIN_LABEL.test(label));

export function checkDomain(raw: unknown, findings: FindingList): string | undefined {
  const typed = readTrimmed(
    "domain",
    readText(raw),
    findings,
    "Enter the domain you send from, e.g. mail.example.com.",
    MAX_HOST_INPUT_LENGTH,
  );
  if (typed === undefined) return undefined;
  if (typed.includes("@")) {
    findings.error("domain", "invalid-domain", {
      message: "Enter just the domain (the part after the @), e.g. example.com.",
    });
    return undefined;
  }
  // Forgiven like a host: case, a pasted scheme or path, a port, a trailing dot.
  const { host: domain } = normalizeHostInput(typed);
  if (domain.length > MAX_LENGTH.domain) {
    findings.error("domain", "too-long", { message: "A domain name is at most 253 characters." });
  } else if (!domain.includes(".")) {
    findings.error("domain", "invalid-domain", {
      message: "Enter a full domain such as example.com, not just a name.",
    });
  } else if (!isDomainName(domain)) {
    findings.error("domain", "invalid-domain", {
      message: "A domain may only contain letters, digits, hyphens and dots (e.g. mail.example.com).",
    });
  }
  return domain;
}

const emailSchema = z.email();

// Decision: the From address must be in the sending domain itself or in a subdomain of it
// (news.example.com under example.com). SES lets a verified domain send from its subdomains,
// and DMARC's relaxed alignment passes for them; a parent domain or another domain is neither.
export function checkFromAddress(raw: unknown, domain: string | undefined, findings: FindingList): string | undefined {
  const typed = readTrimmed(
    "fromAddress",
    readText(raw),
    findings,
    "Enter the address your emails come from, e.g. hello@example.com.",
  );
  if (typed === undefined) return undefined;
  if (/[<>]/.test(typed)) {
    findings.error("fromAddress", "invalid-from-address", {
      message: "Enter only the address, e.g. hello@example.com, without a name or angle brackets.",
    });
    return typed;
  }
  const at = typed.lastIndexOf("@");
  const address = at < 0 ? typed : `${typed.slice(0, at)}@${typed.slice(at + 1).toLowerCase()}`;
  const addressDomain = at < 0 ? "" : address.slice(at + 1);
  if (!emailSchema.safeParse(address).success || !isDomainName(addressDomain)) {
    findings.error("fromAddress", "invalid-from-address", {
      message: "That is not a valid email address. It should look like hello@example.com.",
    });
    return address;
  }
  if (domain && isDomainName(domain) && addressDomain !== domain && !addressDomain.endsWith(`.${domain}`)) {
    findings.error("fromAddress", "from-outside-domain", {
      message: `${shown(address)} is not in your sending domain, ${shown(domain)}. Amazon SES only sends from addresses in a domain you have verified.`,
      fix: `Use an address ending in @${shown(domain)} (or in a subdomain of it), or add ${shown(addressDomain)} as its own sending domain.`,
      learnMore: AWS_DOCS.verifyIdentities,
    });
  }
  return address;
}
