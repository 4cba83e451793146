// Tailors the explanation of failures to reach SES (DNS, TCP, TLS) to the host and port that were
// used. Which TLS mode a port expects and which regions have no SMTP host come from ports.ts and
// regions.ts, the same tables the wizard offers them from.
// Browser-safe: no Node imports.

import type { Diagnosis } from "./diagnose";
import {
  hostOf,
  isGreetingTimeout,
  portOf,
  regionOf,
  smtpHostRegion,
  tlsModeOf,
  type Facts,
} from "./diagnosis-signals";
import { PLACES_WITHOUT_SMTP, SES_PORTS_SENTENCE, TLS_MODE_BY_PORT_SENTENCE, putFirst } from "./diagnosis-wording";
import { isSesSmtpPort } from "./ports";
import { findSesRegion, parseSesHost, sesRegionPlace } from "./regions";

// The label where an SES SMTP host names its region, as it was written (even when it isn't a
// region), so a message can quote a placeholder or a typo back as the person typed it.
const SMTP_HOST_REGION_LABEL = /^email-smtp(?:-fips)?\.([^.]+)\.amazonaws\.com\.?$/i;

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host);
}

export function explainTlsMode(d: Diagnosis, facts: Facts): void {
  const port = portOf(facts);
  const tlsMode = tlsModeOf(facts);
  const wrongVersion = /wrong version number|unknown protocol|packet length too long|ssl3_get_record/i.test(
    facts.signals.text,
  );
  if (tlsMode === "starttls") {
    putFirst(
      d.reasons,
      `Port ${port} starts in plain text and switches to TLS with STARTTLS, but the client started TLS straight away (“SSL/TLS” turned on; in nodemailer, secure: true).`,
    );
    d.summary = `The client tried TLS from the first byte on port ${port}, where SES starts in plain text and expects STARTTLS. ${TLS_MODE_BY_PORT_SENTENCE}`;
    d.fixSteps.unshift(
      `Keep port ${port} and set encryption to STARTTLS (in nodemailer: secure: false, requireTLS: true).`,
    );
  } else if (tlsMode === "implicit") {
    if (wrongVersion) {
      putFirst(
        d.reasons,
        `Something answered in plain text on port ${port}, where SES speaks TLS from the first byte: a proxy or firewall in between, or a host that isn't SES.`,
      );
    } else {
      putFirst(
        d.reasons,
        `Port ${port} expects TLS from the first byte, but the client waited for a plain-text greeting (STARTTLS or no encryption chosen), so nothing happened until it gave up.`,
      );
      d.summary = `The client waited for a plain-text greeting on port ${port}, where SES expects TLS from the first byte. ${TLS_MODE_BY_PORT_SENTENCE}`;
    }
    d.fixSteps.unshift(`Keep port ${port} and turn on TLS from the start (in nodemailer: secure: true).`);
  } else if (isGreetingTimeout(facts.signals)) {
    const waited = d.reasons[1];
    if (waited) putFirst(d.reasons, waited);
  }
}

export function explainTimeout(d: Diagnosis, facts: Facts): void {
  const port = portOf(facts);
  const text = facts.signals.text;
  const codes = facts.signals.codes;
  const region = regionOf(facts);
  if (region) {
    d.fixSteps[1] = `Test from the sending server: openssl s_client -connect email-smtp.${region}.amazonaws.com:465`;
  }
  const cutOff =
    codes.includes("ECONNRESET") ||
    codes.includes("EPIPE") ||
    /socket hang up|Connection reset|Connection closed unexpectedly/i.test(text);
  if (cutOff) {
    const cut = d.reasons[2];
    if (cut) putFirst(d.reasons, cut);
    // It opened, so SES was reached and nothing timed out: say what happened instead.
    d.title = "The connection to SES was cut off";
    d.summary =
      "The connection to SES was cut off part-way. Something on the way (a firewall, a proxy or the network) closed it, or it sat idle until it was closed.";
    if (d.stage === "data") {
      d.summary +=
        " It happened while the message was being sent, before SES confirmed it, so the message wasn't sent: send it again.";
    }
  } else if (port !== undefined && port !== 25) {
    putFirst(
      d.reasons,
      `Something blocks outgoing connections to port ${port}: the hosting provider, a firewall or a proxy. ${SES_PORTS_SENTENCE}`,
    );
  }
  // The port may be unknown (only the error came, or a port that can't be one): then it goes unsaid.
  const toPort = port === undefined ? "" : ` to port ${port}`;
  const onPort = port === undefined ? "" : ` on port ${port}`;
  if (isGreetingTimeout(facts.signals) && facts.settings.tlsEstablished) {
    putFirst(
      d.reasons,
      `The encrypted connection${toPort} was set up, but SES's greeting never arrived. Something in between, such as a proxy or antivirus that inspects encrypted connections, or a server that isn't SES, is holding the connection.`,
    );
    d.summary = `The encrypted connection to SES${onPort} was set up, but SES's greeting never arrived within the time allowed.`;
  } else if (isGreetingTimeout(facts.signals) && tlsModeOf(facts) === "starttls") {
    putFirst(
      d.reasons,
      `The connection${toPort} opened, but SES's greeting never arrived. Something in between, such as a firewall, proxy or antivirus that inspects mail, is holding the connection.`,
    );
    d.summary = `The connection to SES${onPort} opened, but SES's greeting never arrived within the time allowed.`;
  }
  if (port === 25) {
    putFirst(
      d.reasons,
      "Port 25 is throttled or blocked by most clouds and many internet providers; Amazon EC2 throttles it by default, so connections to SES on port 25 time out.",
    );
    d.fixSteps.unshift(
      "Switch to port 587 (or 2587) with STARTTLS. On EC2 you can also ask AWS to lift the port 25 limit.",
    );
  }
}

export function explainRefused(d: Diagnosis, facts: Facts): void {
  const port = portOf(facts);
  const host = hostOf(facts);
  if (host && smtpHostRegion(host) === undefined && !isIpAddress(host)) {
    putFirst(
      d.reasons,
      `The host ${host} isn't an SES SMTP endpoint. It should be email-smtp.<region>.amazonaws.com.`,
      "The host isn't an SES SMTP endpoint (it should be email-smtp.<region>.amazonaws.com).",
    );
  }
  if (port !== undefined && !isSesSmtpPort(port)) {
    putFirst(
      d.reasons,
      `Port ${port} isn't one SES listens on. ${SES_PORTS_SENTENCE}`,
      "The port isn't one SES listens on.",
    );
  }
}

export function explainEndpointNotFound(d: Diagnosis, facts: Facts): void {
  const host = hostOf(facts);
  const lookupFailedForNow = facts.signals.codes.includes("EAI_AGAIN") || /EAI_AGAIN/.test(facts.signals.text);
  if (host) d.summary = `The host name ${host} couldn't be found (DNS), so there was no server to connect to.`;
  if (lookupFailedForNow) {
    const dnsTrouble = d.reasons[3];
    if (dnsTrouble) putFirst(d.reasons, dnsTrouble);
    d.summary = `The name lookup${host ? ` for ${host}` : ""} failed for now (EAI_AGAIN): this server couldn't reach a DNS server, or the DNS server didn't answer.`;
    return;
  }
  if (!host) return;
  const label = SMTP_HOST_REGION_LABEL.exec(host)?.[1];
  if (label !== undefined) {
    explainMissingSmtpHost(d, host, label);
    return;
  }
  const { kind } = parseSesHost(host);
  if (kind === "api" || kind === "api-fips") {
    putFirst(d.reasons, `${host} is the SES API host. For SMTP the host is email-smtp.<region>.amazonaws.com.`);
  } else if (kind === "inbound-smtp") {
    putFirst(
      d.reasons,
      `${host} is SES's endpoint for receiving mail. For sending, the host is email-smtp.<region>.amazonaws.com.`,
    );
  } else {
    putFirst(
      d.reasons,
      `${host} couldn't be found: check its spelling. SES SMTP hosts look like email-smtp.us-east-1.amazonaws.com.`,
    );
  }
}

/** An SES SMTP host name that doesn't resolve: a placeholder, a typo, or a region without SMTP. */
function explainMissingSmtpHost(d: Diagnosis, host: string, label: string): void {
  // Checked before the region: "us-region-1" has a region's shape but is a template's placeholder.
  if (/region/i.test(label) || /[<>{}]/.test(label)) {
    putFirst(
      d.reasons,
      `The host still holds a placeholder: replace “${label}” in ${host} with your SES region, for example email-smtp.us-east-1.amazonaws.com.`,
    );
    return;
  }
  const region = smtpHostRegion(host);
  if (region === undefined) {
    putFirst(
      d.reasons,
      `“${label}” isn't a valid AWS region name (they look like us-east-1 or eu-west-2), so ${host} doesn't exist. Check for a typo.`,
    );
  } else if (findSesRegion(region)?.smtp === "not-offered") {
    putFirst(
      d.reasons,
      `The ${sesRegionPlace(region) ?? region} region (${region}) has no SES SMTP endpoint, so ${host} doesn't exist. ${PLACES_WITHOUT_SMTP} are reported to have none: send through a nearby region with SES set up there, or use the SES API.`,
    );
  } else {
    putFirst(
      d.reasons,
      `${host} doesn't exist: the region ${region} may have no SES SMTP endpoint (${PLACES_WITHOUT_SMTP} are reported to have none), or the name has a typo.`,
    );
  }
}

export function explainCertificate(d: Diagnosis, facts: Facts): void {
  const text = facts.signals.text;
  const codes = facts.signals.codes;
  const host = hostOf(facts);
  const [proxy, hostName, clock, authorities] = d.reasons;
  if (codes.includes("ERR_TLS_CERT_ALTNAME_INVALID") || /altnames/i.test(text)) {
    if (host && smtpHostRegion(host) !== undefined) {
      // The host is SES's own name, and SES's certificate carries it: someone else answered.
      if (proxy) putFirst(d.reasons, proxy);
      d.summary = `The certificate presented for ${host} is for another name, so the connection was stopped before the password was sent. SES's own certificate carries its host name: something between you and SES answered instead.`;
      return;
    }
    if (hostName) putFirst(d.reasons, hostName);
  } else if (/expired|not yet valid|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID/i.test(text)) {
    if (clock) putFirst(d.reasons, clock);
  } else if (/UNABLE_TO_GET_ISSUER_CERT|issuer certificate/i.test(text) && authorities && proxy) {
    d.reasons = [proxy, authorities, ...d.reasons.filter((reason) => reason !== proxy && reason !== authorities)];
  }
  if (host && isIpAddress(host) && hostName) putFirst(d.reasons, hostName);
}
