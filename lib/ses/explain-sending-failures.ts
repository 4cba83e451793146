// Tailors the explanation of failures SES reports about the message or the account (unverified
// identities, configuration sets, size, addresses, pauses, limits) to what the reply names and
// what the settings say, and says what it can about a failure nothing recognised.
// Browser-safe: no Node imports.

import { SMTP_STAGE_LABELS, UNVERIFIED_REASONS } from "./causes";
import type { Diagnosis } from "./diagnose";
import { regionOf, type Facts } from "./diagnosis-signals";
import { listInWords, putFirst, quoteReply } from "./diagnosis-wording";
import { parseConfigurationSetName, parseRejectedAddress, parseUnverifiedIdentities } from "./smtp-reply";

function sameAddress(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
}

function domainOf(address: string | undefined): string | undefined {
  const at = address?.lastIndexOf("@") ?? -1;
  return address && at !== -1 ? address.slice(at + 1).replace(/>$/, "") : undefined;
}

export function explainUnverifiedAddress(d: Diagnosis, facts: Facts): void {
  const { settings, signals } = facts;
  if (signals.sdkName === "MailFromDomainNotVerified") {
    d.summary =
      "SES refused the message because the custom MAIL FROM domain of the sending identity isn't set up: SES can't find its MX record, and the identity is set to reject messages when that happens.";
    d.reasons.unshift(
      "The custom MAIL FROM domain's MX record is missing or wrong in DNS, and “Behavior on MX failure” is set to reject the message.",
    );
    d.fixSteps.unshift(
      "SES console → Identities → your domain → Custom MAIL FROM domain: publish the MX record shown there, or turn the custom MAIL FROM domain off.",
    );
    return;
  }
  const parsed = parseUnverifiedIdentities(signals.text);
  const identities = parsed?.identities ?? [];
  const checkedRegion = parsed?.region;
  const region = checkedRegion ?? regionOf(facts);
  const inRegion = region ? `in ${region}` : "in this region";
  const shown = identities.length ? listInWords(identities) + (parsed?.truncated ? " and others" : "") : undefined;

  const fromDomain = domainOf(settings.fromAddress)?.toLowerCase();
  const failedFrom = identities.find(
    (identity) => sameAddress(identity, settings.fromAddress) || identity.toLowerCase() === fromDomain,
  );
  const failedTo = identities.find((identity) => sameAddress(identity, settings.toAddress));

  if (shown) {
    const verb = identities.length === 1 && !parsed?.truncated ? "isn't" : "aren't";
    d.summary = `SES refused the message: ${shown} ${verb} verified ${inRegion}. SES uses the same words for two different problems: a recipient that isn't verified while the account is in the sandbox, and a From address that isn't verified in this region. Identities are verified separately in every region.`;
  }
  const recipients = failedTo ? [failedTo] : identities.filter((identity) => identity !== failedFrom);
  const sandbox = recipients.length
    ? `The account is in the SES sandbox ${inRegion}, and ${listInWords(recipients)} ${recipients.length === 1 ? "isn't a verified recipient" : "aren't verified recipients"} there. In the sandbox, SES only delivers to verified addresses and domains.`
    : region
      ? `The account is in the SES sandbox ${inRegion}, where every recipient must be verified too. In the sandbox, SES only delivers to verified addresses and domains.`
      : UNVERIFIED_REASONS.sandbox;
  const fromIdentity = failedFrom ?? settings.fromAddress;
  const fromRegion = fromIdentity
    ? `The From address ${fromIdentity}${failedFrom && !failedFrom.includes("@") ? "" : " (or its domain)"} isn't verified ${inRegion}. Identities are verified per region: verifying it in another region doesn't count here.`
    : region
      ? `The From address (or its domain) isn't verified ${inRegion}. Identities are verified per region: verifying it in another region doesn't count here.`
      : UNVERIFIED_REASONS.fromRegion;
  // The sender is the likelier reading only when the failing identity is the sender.
  d.reasons = failedFrom ? [fromRegion, sandbox] : [sandbox, fromRegion];

  const configuredRegion = settings.region;
  if (checkedRegion && configuredRegion && checkedRegion !== configuredRegion) {
    d.reasons.unshift(
      `SES checked region ${checkedRegion}, but these settings are for ${configuredRegion}: the host points at a different region from the one your identities and credentials are meant for.`,
    );
  }
  if (region) {
    d.fixSteps[0] = `Verify the From address or its domain in ${region}: SES console → switch to ${region} → Identities → Create identity.`;
  }
}

export function explainConfigurationSet(d: Diagnosis, facts: Facts): void {
  const name = parseConfigurationSetName(facts.signals.text);
  if (!name) return;
  const region = regionOf(facts);
  d.summary = `The message asks SES to use the configuration set “${name}”, which doesn't exist in ${region ?? "this region"}, so SES refused it. Configuration sets are per region.`;
  d.fixSteps[0] = `SES console → ${region ? `switch to ${region} → ` : ""}Configuration sets → Create set, named exactly “${name}”.`;
}

export function explainTooLarge(d: Diagnosis, facts: Facts): void {
  if (!/Message size larger than allowed/i.test(facts.signals.text)) return;
  d.summary =
    "The email library refused to send a message over 10 MB because SES's greeting announces a 10 MB size (SIZE 10485760). SES itself accepts up to 40 MB over SMTP, measured after encoding.";
  const library = d.reasons[1];
  if (library) putFirst(d.reasons, library);
}

export function explainInvalidAddress(d: Diagnosis, facts: Facts): void {
  const text = facts.signals.text;
  const address = parseRejectedAddress(text);
  if (/No recipients defined/i.test(text)) {
    d.summary = "The message had no recipient address, so nothing could be sent.";
    d.reasons.unshift("No To address was given, or every recipient was removed before sending.");
    return;
  }
  if (address !== undefined)
    d.summary = `SES refused the address “${address}”: it can't be read as a valid email address.`;
  const [missingDomain, hidden, nonAscii] = d.reasons;
  if (/Local address contains control or whitespace/i.test(text) || (address && /\s/.test(address))) {
    if (hidden) putFirst(d.reasons, hidden);
  } else if (address && /[^\x20-\x7e]/.test(address)) {
    if (nonAscii) putFirst(d.reasons, nonAscii);
  } else if (/Missing final '@domain'/i.test(text) && missingDomain) {
    putFirst(d.reasons, missingDomain);
  }
}

export function explainTemporaryFailure(d: Diagnosis, facts: Facts): void {
  const text = facts.signals.text;
  const [, credentials, idle] = d.reasons;
  if (/Temporary authentication failure/i.test(text) && credentials) {
    putFirst(d.reasons, credentials);
  } else if (/Timeout waiting for data from client/i.test(text) && idle) {
    putFirst(d.reasons, idle);
    d.summary =
      "SES closed the connection because nothing arrived from the client for too long. Reconnect and send promptly; retrying works.";
    d.fixSteps.unshift("Reconnect and send again; close connections that sit idle between messages.");
  }
}

export function explainTooManyConnections(d: Diagnosis, facts: Facts): void {
  if (!/Maximum message count per session/i.test(facts.signals.text)) return;
  const perSession = d.reasons[2];
  if (perSession) putFirst(d.reasons, perSession);
  d.summary =
    "SES closed the connection because too many messages were sent over it. Open a new connection and carry on; renew connections every few hundred messages.";
}

export function explainPaused(d: Diagnosis, facts: Facts): void {
  const text = facts.signals.text;
  const sdkName = facts.signals.sdkName;
  const [, suspended, onPurpose] = d.reasons;
  if ((/suspended/i.test(text) || sdkName === "AccountSuspended") && suspended) {
    putFirst(d.reasons, suspended);
    d.title = "AWS has suspended sending for this account";
  } else if ((/configuration set/i.test(text) || sdkName === "ConfigurationSetSendingPaused") && onPurpose) {
    d.title = "Sending is paused for this configuration set";
    d.summary =
      "SES refused the message because sending is paused for the configuration set it uses. Messages that use other configuration sets, or none, still go out.";
    putFirst(d.reasons, onPurpose);
    d.fixSteps.unshift(
      "SES console → Configuration sets → the set → Overview: resume sending if it was paused on purpose.",
    );
  }
}

export function explainUnknown(d: Diagnosis, facts: Facts): void {
  const during = d.stage === "unknown" ? "" : ` while ${SMTP_STAGE_LABELS[d.stage]}`;
  const quoted = quoteReply(facts.reply);
  if (quoted) {
    d.summary = `SES replied ${quoted}${during}, which isn't a reply Inflowave knows how to explain. It is shown below as it came.`;
    return;
  }
  const raw = facts.signals.raw.trim();
  if (!raw) {
    d.title = "There's no error to explain";
    d.summary = "No error message or SMTP reply came with this failure, so there is nothing to go on.";
    return;
  }
  d.title = "This error isn't one we recognise";
  const shown = raw.length > 200 ? `${raw.slice(0, 200)}…` : raw;
  d.summary = `The attempt failed${during} with “${shown}”, which isn't an error Inflowave knows how to explain.`;
  if (facts.signals.sdkName === "LimitExceeded" && /AccessKeysPerUser/i.test(raw)) {
    d.reasons.unshift(
      "The IAM user already has two access keys, the most AWS allows. Delete an unused one (IAM console → Users → the user → Security credentials) and try again.",
    );
  }
}
