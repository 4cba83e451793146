// Is an address verified for sending in this region? SES accepts an address when the address
// itself is a verified identity, or its domain (or a parent domain) is. The lookup asks SES v2
// GetEmailIdentity for the address, then the domains, and stops at the first verified one; when
// the key may not call GetEmailIdentity it asks SES v1 GetIdentityVerificationAttributes for all
// the remaining names in one call. Results are cached per run, so the From address and the test
// recipient never look the same domain up twice.
import { GetIdentityVerificationAttributesCommand, type SESClient } from "@aws-sdk/client-ses";
import { GetEmailIdentityCommand, type GetEmailIdentityCommandOutput, type SESv2Client } from "@aws-sdk/client-sesv2";
import { describeSesRegion } from "../ses/regions";
import { type AwsProblem, describeAwsError } from "./aws-errors";
import type { AccountCheck } from "./check-types";
import { unavailableCheck } from "./check-results";

/** At most this many names per address: the address, its domain and up to two parent domains. */
const MAX_CANDIDATES = 4;
/** SES's mailbox simulator: accepted even in the sandbox. */
const MAILBOX_SIMULATOR_DOMAIN = "simulator.amazonses.com";

export interface IdentityState {
  identity: string;
  found: boolean;
  verified: boolean;
  /** SUCCESS, PENDING, FAILED, TEMPORARY_FAILURE or NOT_STARTED (v1's spellings are mapped to these). */
  status?: string;
  /** Why a domain's verification failed: HOST_NOT_FOUND, TYPE_NOT_FOUND … (v2 only). */
  errorType?: string;
}

export interface IdentityResolution {
  address: string;
  /** The names looked up, in order. */
  states: IdentityState[];
  /** The first name found verified: the address or one of its domains. */
  verifiedBy?: string;
  /** Set when the lookup could not finish. */
  problem?: AwsProblem;
  /** Set when GetEmailIdentity was refused and v1 answered instead. */
  usedFallback: boolean;
}

/** The domain part of an address, lower-cased; undefined when it is not an address. */
export function emailDomain(address: string): string | undefined {
  const at = address.lastIndexOf("@");
  if (at < 1 || at === address.length - 1) return undefined;
  const domain = address.slice(at + 1).toLowerCase();
  return /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(domain) ? domain : undefined;
}

/** The address, its domain, then parent domains down to two labels. */
export function identityCandidates(address: string): string[] {
  const domain = emailDomain(address);
  if (!domain) return [];
  const candidates = [address, domain];
  const labels = domain.split(".");
  for (let cut = 1; labels.length - cut >= 2 && candidates.length < MAX_CANDIDATES; cut++) {
    candidates.push(labels.slice(cut).join("."));
  }
  return candidates;
}

const V1_STATUS: Readonly<Record<string, string>> = {
  Success: "SUCCESS",
  Pending: "PENDING",
  Failed: "FAILED",
  TemporaryFailure: "TEMPORARY_FAILURE",
  NotStarted: "NOT_STARTED",
};

function stateFromV2(identity: string, out: GetEmailIdentityCommandOutput): IdentityState {
  const status = out.VerificationStatus;
  return {
    identity,
    found: true,
    verified: out.VerifiedForSendingStatus ?? status === "SUCCESS",
    ...(status ? { status } : {}),
    ...(out.VerificationInfo?.ErrorType ? { errorType: out.VerificationInfo.ErrorType } : {}),
  };
}

export class IdentityLookup {
  readonly #ses: SESClient;
  readonly #sesv2: SESv2Client;
  readonly #cache = new Map<string, IdentityState>();
  #v2Refused = false;

  constructor(ses: SESClient, sesv2: SESv2Client) {
    this.#ses = ses;
    this.#sesv2 = sesv2;
  }

  async resolve(address: string): Promise<IdentityResolution> {
    const candidates = identityCandidates(address);
    const states: IdentityState[] = [];
    const done = (extra: Partial<IdentityResolution> = {}): IdentityResolution => ({
      address,
      states,
      usedFallback: this.#v2Refused,
      ...extra,
    });
    for (const [index, identity] of candidates.entries()) {
      if (!this.#cache.has(identity)) {
        const problem = this.#v2Refused
          ? await this.#fetchV1(candidates.slice(index))
          : await this.#fetchV2(identity, candidates.slice(index));
        if (problem) return done({ problem });
      }
      const state = this.#cache.get(identity)!;
      states.push(state);
      if (state.verified) return done({ verifiedBy: identity });
    }
    return done();
  }

  // Fills the cache for `identity`, or for `remaining` through v1 when v2 is refused.
  async #fetchV2(identity: string, remaining: string[]): Promise<AwsProblem | undefined> {
    try {
      const out = await this.#sesv2.send(new GetEmailIdentityCommand({ EmailIdentity: identity }));
      this.#cache.set(identity, stateFromV2(identity, out));
      return undefined;
    } catch (error) {
      const problem = describeAwsError(error, "ses:GetEmailIdentity");
      if (problem.kind === "not-found") {
        this.#cache.set(identity, { identity, found: false, verified: false });
        return undefined;
      }
      if (problem.kind !== "access-denied") return problem;
      this.#v2Refused = true;
      const fallback = await this.#fetchV1(remaining);
      if (fallback?.kind !== "access-denied") return fallback;
      return {
        ...problem,
        message:
          "The diagnostics key is not allowed to call ses:GetEmailIdentity, nor the older " +
          "ses:GetIdentityVerificationAttributes. Add ses:GetEmailIdentity to its IAM policy (see the policy below).",
      };
    }
  }

  async #fetchV1(identities: string[]): Promise<AwsProblem | undefined> {
    const missing = identities.filter((identity) => !this.#cache.has(identity));
    try {
      const out = await this.#ses.send(new GetIdentityVerificationAttributesCommand({ Identities: missing }));
      const attributes = out.VerificationAttributes ?? {};
      for (const identity of missing) {
        const found = attributes[identity] ?? attributes[identity.toLowerCase()];
        const status = found?.VerificationStatus
          ? (V1_STATUS[found.VerificationStatus] ?? found.VerificationStatus)
          : undefined;
        this.#cache.set(
          identity,
          found
            ? { identity, found: true, verified: status === "SUCCESS", ...(status ? { status } : {}) }
            : { identity, found: false, verified: false },
        );
      }
      return undefined;
    } catch (error) {
      return describeAwsError(error, "ses:GetIdentityVerificationAttributes");
    }
  }
}

export type IdentityRole = "from" | "recipient";

const ROLE_WORDING = {
  from: { id: "from-identity", title: "From address verified", subject: "The From address" },
  recipient: { id: "recipient", title: "Test recipient verified", subject: "The test recipient" },
} as const;

const DOMAIN_ERRORS: Readonly<Record<string, string>> = {
  HOST_NOT_FOUND: "SES found no DNS records for it: publish the records the SES console shows.",
  TYPE_NOT_FOUND:
    "SES found the name in DNS but not the records it needs: publish the CNAME records the SES console shows.",
  INVALID_VALUE: "SES found the DNS records, but their values are wrong: copy them again from the SES console.",
  DNS_SERVER_ERROR: "The domain's DNS server failed to answer SES: check it with your DNS provider.",
  SERVICE_ERROR: "A temporary problem at SES stopped the check: it will try again.",
  REPLICATION_ACCESS_DENIED:
    "SES may not copy the DKIM key from the primary region: check the replication permissions.",
};

export interface IdentityCheckOptions {
  role: IdentityRole;
  region: string;
  /** For the recipient: whether the account is in the sandbox; null when unknown. */
  sandbox?: boolean | null;
}

/** The check for one address, from its resolution. */
export function identityCheck(resolution: IdentityResolution, options: IdentityCheckOptions): AccountCheck {
  const { id, title, subject } = ROLE_WORDING[options.role];
  const where = describeSesRegion(options.region);
  const address = resolution.address;
  const fallbackNote = resolution.usedFallback
    ? "The key may not call ses:GetEmailIdentity, so this was read with the older ses:GetIdentityVerificationAttributes."
    : undefined;
  if (resolution.problem) return unavailableCheck(id, title, resolution.problem);
  const withNote = (check: AccountCheck): AccountCheck =>
    fallbackNote ? { ...check, detail: check.detail ? `${check.detail} ${fallbackNote}` : fallbackNote } : check;

  if (resolution.verifiedBy) {
    const summary =
      resolution.verifiedBy === address
        ? `${subject} ${address} is verified for sending in ${where}.`
        : `${subject} ${address} is covered by the verified domain ${resolution.verifiedBy} in ${where}.`;
    return withNote({ id, title, status: "pass", summary });
  }

  const domain = emailDomain(address) ?? address;
  // Unverified, from here on. In the recipient's case that only matters in the sandbox.
  const failStatus = options.role === "recipient" && options.sandbox === null ? "warn" : "fail";
  const sandboxClause =
    options.role === "recipient"
      ? options.sandbox === null
        ? " If the account is in the sandbox, SES will reject messages to it."
        : " In the sandbox SES only delivers to verified addresses and domains."
      : "";
  const started = resolution.states.find((state) => state.found);
  if (started) {
    const isAddress = started.identity.includes("@");
    const pending = started.status === "PENDING";
    const whose =
      started.identity === address ? "its" : `the ${isAddress ? "address" : "domain"} ${started.identity}'s`;
    const state = pending ? "is still pending" : started.status === "NOT_STARTED" ? "has not started" : "failed";
    const summary = `${subject} ${address} is not verified in ${where}: ${whose} verification ${state}.`;
    const fix = isAddress
      ? pending
        ? `Click the link in the email SES sent to ${started.identity} (links expire after 24 hours; the SES console can send a new one), or verify the domain ${domain} instead.`
        : `Start the verification of ${started.identity} again in the SES console, or verify the domain ${domain} instead.`
      : pending
        ? `Publish the DNS records the SES console shows for ${started.identity}; SES keeps checking for 72 hours.`
        : `Check the DNS records the SES console shows for ${started.identity}, then start the verification again.`;
    const domainError = started.errorType ? DOMAIN_ERRORS[started.errorType] : undefined;
    return withNote({
      id,
      title,
      status: failStatus,
      summary: summary + sandboxClause,
      ...(domainError ? { detail: domainError } : {}),
      fix,
    });
  }
  const fix =
    options.role === "from"
      ? `Verify the domain ${domain} in the SES console for ${options.region} (it covers every address at ${domain}), or verify the address itself. Identities are per region: one verified in another region does not count here.`
      : `Verify ${address} (or its domain ${domain}) in the SES console for ${options.region}, or request production access so SES can send to anyone.`;
  return withNote({
    id,
    title,
    status: failStatus,
    summary: `Neither ${address} nor the domain ${domain} is verified in ${where}.${sandboxClause}`,
    fix,
  });
}

/** The recipient check for SES's mailbox simulator addresses, which need no verification. */
export function isMailboxSimulatorAddress(address: string): boolean {
  return emailDomain(address) === MAILBOX_SIMULATOR_DOMAIN;
}
