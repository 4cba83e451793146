// What SES decides about a connection, a login and a message, as functions of the scenario and
// its IAM: which region a connection talks to, whether an SMTP password is right for it, and
// which reply a message gets (before the sending limits, which need state).
import { randomUUID, timingSafeEqual } from "node:crypto";
import { TEMPORARY_ACCESS_KEY_ID } from "../ses/credential-shapes";
import { findSesRegion, parseSesHost } from "../ses/regions";
import { deriveSmtpPasswordSync } from "../ses/smtp-password-node";
import type { IamUser, SimulatedIam } from "./iam-model";
import type { SesSimulatorScenario } from "./scenario";
import { accessDeniedReply, SES_REPLIES, type SesReply, unverifiedIdentitiesReply } from "./ses-replies";

/**
 * The region a connection talks to: the one named by the TLS server name (SNI) when that is an
 * SES SMTP or FIPS SMTP host, otherwise the scenario's default. On SES the host decides the
 * region; here every region shares 127.0.0.1, so the server name is all there is to go on.
 */
export function regionForServername(servername: string | false | null | undefined, defaultRegion: string): string {
  if (!servername) return defaultRegion;
  const parsed = parseSesHost(servername);
  if ((parsed.kind === "smtp" || parsed.kind === "smtp-fips") && parsed.region && findSesRegion(parsed.region)) {
    return parsed.region;
  }
  return defaultRegion;
}

export type SmtpLoginResult = { ok: true; user: IamUser } | { ok: false; reply: SesReply };

/**
 * Checks an SMTP login the way SES does: the user name is an access key id, the password the
 * SigV4 SMTP password derived for this region. Everything else (the raw secret, another region's
 * password, a SigV2 password, a temporary key, an unknown key) is the same 535.
 */
export function checkSmtpLogin(iam: SimulatedIam, region: string, username: string, password: string): SmtpLoginResult {
  const refused = { ok: false, reply: SES_REPLIES.credentialsInvalid } as const;
  // SES never accepts SMTP credentials made from temporary (STS) keys, even correctly derived ones.
  if (TEMPORARY_ACCESS_KEY_ID.test(username)) return refused;
  const found = iam.findAccessKey(username);
  if (!found || found.key.status !== "Active") return refused;
  const expected = Buffer.from(deriveSmtpPasswordSync(found.key.secretAccessKey, region), "utf8");
  const given = Buffer.from(password, "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return refused;
  return { ok: true, user: found.user };
}

/** The partition part of an ARN: GovCloud regions live in "aws-us-gov", the rest in "aws". */
function partitionOf(region: string): string {
  return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

export function iamUserArn(
  scenario: SesSimulatorScenario,
  region: string,
  user: { name: string; path?: string },
): string {
  return `arn:${partitionOf(region)}:iam::${scenario.accountId}:user${user.path ?? "/"}${user.name}`;
}

export function sesIdentityArn(scenario: SesSimulatorScenario, region: string, identity: string): string {
  return `arn:${partitionOf(region)}:ses:${region}:${scenario.accountId}:identity/${identity}`;
}

const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

/**
 * The verified identity in `region` that covers `address`: the address itself, else its domain
 * or a parent domain (SES lets a verified domain send from its subdomains). Undefined if none.
 */
export function verifiedIdentityFor(
  scenario: SesSimulatorScenario,
  region: string,
  address: string,
): string | undefined {
  const identities = (scenario.identities[region] ?? []).map((identity) => identity.toLowerCase());
  const lower = address.trim().toLowerCase();
  if (identities.includes(lower)) return lower;
  const labels = domainOf(lower).split(".");
  for (let start = 0; start < labels.length - 1; start++) {
    const domain = labels.slice(start).join(".");
    if (identities.includes(domain)) return domain;
  }
  return undefined;
}

export interface MessageToJudge {
  region: string;
  /** The IAM user signed in (its name and path make the ARN in an Access denied reply). */
  user: { name: string; path?: string };
  /**
   * Whether the user's policies allow ses:SendRawEmail on an identity ARN: the same evaluation
   * as IAM's SimulatePrincipalPolicy (see SimulatedIam.isAllowed).
   */
  maySend: (identityArn: string) => boolean;
  /** Envelope MAIL FROM (SES's "Source"); may be empty. */
  envelopeFrom: string;
  /** Addresses in the From (and Sender) headers, which must be verified as well. */
  headerSenders: readonly string[];
  /** Envelope RCPT TO addresses. */
  recipients: readonly string[];
}

function uniqueAddresses(addresses: readonly string[]): string[] {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const address of addresses) {
    const key = address.trim().toLowerCase();
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    unique.push(address.trim());
  }
  return unique;
}

/**
 * The identity GetEmailIdentity knows by exactly this name in `region`, verified or pending
 * (case-insensitive); unlike verifiedIdentityFor, an address is not covered by its domain here.
 */
export function emailIdentityStatus(
  scenario: SesSimulatorScenario,
  region: string,
  name: string,
): "verified" | "pending" | undefined {
  const lower = name.trim().toLowerCase();
  if ((scenario.identities[region] ?? []).some((entry) => entry.toLowerCase() === lower)) return "verified";
  if ((scenario.pendingIdentities[region] ?? []).some((entry) => entry.toLowerCase() === lower)) return "pending";
  return undefined;
}

/**
 * The reply for a complete message, in the order SES checks: IAM authorisation, the account's
 * sending status, then identity verification (senders always; recipients too in the sandbox).
 * Undefined when the message passes; the sending limits come after this.
 */
export function judgeMessage(scenario: SesSimulatorScenario, message: MessageToJudge): SesReply | undefined {
  const senders = uniqueAddresses([message.envelopeFrom, ...message.headerSenders]);
  const primarySender = senders[0] ?? "";

  const identity = verifiedIdentityFor(scenario, message.region, primarySender) ?? domainOf(primarySender);
  const identityArn = sesIdentityArn(scenario, message.region, identity);
  if (!message.maySend(identityArn)) {
    return accessDeniedReply(iamUserArn(scenario, message.region, message.user), identityArn);
  }

  if (scenario.sendingPaused) return SES_REPLIES.sendingPaused;

  const mustBeVerified = scenario.sandbox ? uniqueAddresses([...senders, ...message.recipients]) : senders;
  const unverified = mustBeVerified.filter((address) => !verifiedIdentityFor(scenario, message.region, address));
  if (unverified.length > 0) return unverifiedIdentitiesReply(message.region, unverified);
  return undefined;
}

/**
 * A message id shaped like SES's: "0100" + the time in milliseconds as 12 hex digits, a random
 * UUID, and "-000000", e.g. 01000170d10e6a6c-71c65177-ce88-4135-9258-48c0e8bf916d-000000.
 */
export function newSesMessageId(now: number): string {
  return `0100${Math.floor(now).toString(16).padStart(12, "0")}-${randomUUID()}-000000`;
}
