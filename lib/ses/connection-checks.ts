// Checks for where and how to connect: the region, the SMTP host and the port. The host must be
// the picked region's SES SMTP endpoint, because SMTP credentials only work in their own region;
// look-alike AWS hosts get a message naming what they really are. Browser-safe.
import { AWS_DOCS } from "./aws-docs";
import {
  type FindingList,
  MAX_HOST_INPUT_LENGTH,
  MAX_LENGTH,
  readText,
  readTrimmed,
  shown,
} from "./credential-findings";
import { DEFAULT_SMTP_PORT, findSmtpPort, listSesSmtpPorts, PORT_25_WARNING } from "./ports";
import { describeSesRegion, findSesRegion, normalizeHostInput, parseSesHost, type SesRegion } from "./regions";

export interface RegionCheck {
  /** The code as typed, in lower case. */
  code?: string;
  /** Set when SES runs in that region. */
  region?: SesRegion;
}

export function checkRegion(raw: unknown, hostRegion: string | undefined, findings: FindingList): RegionCheck {
  const hostHint = hostRegion && findSesRegion(hostRegion) ? ` Your host is for ${describeSesRegion(hostRegion)}.` : "";
  const typed = readTrimmed(
    "region",
    readText(raw),
    findings,
    `Choose the AWS region where you created your SMTP credentials.${hostHint}`,
  );
  if (typed === undefined) return {};
  const code = typed.toLowerCase();
  const region = findSesRegion(code);
  if (!region) {
    findings.error("region", "unknown-region", {
      message: /^[a-z]{2}(-gov)?-[a-z]+-\d{1,2}$/.test(code)
        ? `Amazon SES does not run in ${code}. Choose a region from the list, e.g. us-east-1.`
        : "That is not an AWS region code. Choose a region from the list, e.g. us-east-1.",
      learnMore: AWS_DOCS.endpointsAndQuotas,
    });
    return { code };
  }
  if (region.smtp === "not-offered") {
    const alternative = region.smtpAlternative ? `, such as ${describeSesRegion(region.smtpAlternative)}` : "";
    findings.error("region", "region-without-smtp", {
      message: `Amazon SES has no SMTP endpoint in ${describeSesRegion(code)}, so SMTP credentials cannot be used there.`,
      fix: `Create SMTP credentials in a region that offers SMTP${alternative}, and verify your domain in that region too.`,
      learnMore: AWS_DOCS.endpointsAndQuotas,
    });
  } else if (region.smtp === "unconfirmed") {
    findings.warning("region", "region-smtp-unconfirmed", {
      message: region.note ?? `We could not confirm that Amazon SES offers SMTP in ${describeSesRegion(code)}.`,
      learnMore: AWS_DOCS.endpointsAndQuotas,
    });
  }
  return { code, region };
}

export interface HostCheck {
  host?: string;
  /** A ":465"-style suffix that was pasted with the host. */
  portSuffix?: number;
}

/** The SMTP host people should use: of the region they picked, else of the region the host names. */
function suggestedHost(region: SesRegion | undefined, hostRegion: string | undefined): string {
  return (region ?? findSesRegion(hostRegion ?? ""))?.smtpHost ?? "email-smtp.<region>.amazonaws.com";
}

export function checkHost(raw: unknown, region: SesRegion | undefined, findings: FindingList): HostCheck {
  const typed = readTrimmed("host", readText(raw), findings, undefined, MAX_HOST_INPUT_LENGTH);
  if (typed === undefined) return {};
  // Left empty, the region decides; an unusable region already has its own finding.
  if (typed === "") return region ? { host: region.smtpHost } : {};
  const { host, port: portSuffix } = normalizeHostInput(typed);
  const parsed = parseSesHost(host);
  const learnMore = AWS_DOCS.endpointsAndQuotas;
  const fix = `Use ${suggestedHost(region, parsed.region)}.`;

  if (host.length > MAX_LENGTH.host) {
    findings.error("host", "too-long", { message: "A host name is at most 253 characters." });
    return { portSuffix };
  }
  if (host !== typed.toLowerCase().replace(/\s+/g, "")) {
    findings.info("host", "host-cleaned", {
      message: `We kept only the host name, ${shown(host)}: no "https://", port or trailing dot belongs here.`,
    });
  }

  switch (parsed.kind) {
    case "placeholder":
      findings.error("host", "not-an-ses-smtp-host", {
        message:
          "This host still contains a placeholder for the region (like YOUR-REGION). Put your region's code there.",
        fix: region ? `For ${describeSesRegion(region.code)} the host is ${region.smtpHost}.` : fix,
        learnMore,
      });
      break;
    case "api":
    case "api-fips":
      findings.error("host", "not-an-ses-smtp-host", {
        message: `${shown(host)} is the Amazon SES API endpoint, which takes AWS access keys over HTTPS. It does not speak SMTP.`,
        fix,
        learnMore,
      });
      break;
    case "inbound-smtp":
      findings.error("host", "not-an-ses-smtp-host", {
        message: `${shown(host)} is where Amazon SES receives mail sent to you. It does not accept mail for sending.`,
        fix,
        learnMore,
      });
      break;
    case "other":
      findings.error("host", "not-an-ses-smtp-host", {
        message: parsed.region
          ? `${shown(host)} is not an Amazon SES SMTP endpoint. SES SMTP hosts start with "email-smtp.".`
          : /(^|\.)amazonaws\.com$/.test(host)
            ? `${shown(host)} does not name a region. Amazon SES SMTP hosts look like email-smtp.<region>.amazonaws.com.`
            : "This is not an Amazon SES SMTP host. For SES the host looks like email-smtp.<region>.amazonaws.com.",
        fix,
        learnMore,
      });
      break;
    case "smtp":
    case "smtp-fips":
      checkSmtpHostRegion(host, parsed.kind, parsed.region ?? "", region, findings);
      break;
  }
  return { host, portSuffix };
}

function checkSmtpHostRegion(
  host: string,
  kind: "smtp" | "smtp-fips",
  hostRegionCode: string,
  region: SesRegion | undefined,
  findings: FindingList,
): void {
  const learnMore = AWS_DOCS.endpointsAndQuotas;
  const hostRegion = findSesRegion(hostRegionCode);
  if (!hostRegion) {
    findings.error("host", "not-an-ses-smtp-host", {
      message: `${shown(host)} names ${hostRegionCode}, which is not a region where Amazon SES runs. Check the spelling.`,
      fix: `Use ${suggestedHost(region, undefined)}.`,
      learnMore,
    });
  } else if (region && hostRegion.code !== region.code) {
    findings.error("host", "host-region-mismatch", {
      message: `That host is for ${describeSesRegion(hostRegion.code)} but you picked ${describeSesRegion(region.code)}. SMTP credentials only work in the region they were created in, so the host, the region and the credentials must all match.`,
      fix: `If your SMTP credentials were created in ${hostRegion.code}, pick that region; otherwise use ${region.smtpHost}.`,
      learnMore,
    });
  } else if (kind === "smtp-fips" && !hostRegion.fipsSmtpHost) {
    findings.warning("host", "fips-host-unconfirmed", {
      message: `AWS does not document a FIPS SMTP endpoint in ${describeSesRegion(hostRegion.code)}, so this host may not exist.`,
      fix: `If the test send cannot connect, use ${hostRegion.smtpHost}.`,
      learnMore,
    });
  }
}

export function checkPort(raw: unknown, portSuffix: number | undefined, findings: FindingList): number | undefined {
  const sesPorts = `Amazon SES offers ${listSesSmtpPorts()}.`;
  const typed = readTrimmed("port", readText(raw), findings, undefined);
  if (typed === undefined) return undefined;
  if (typed === "") return portSuffix ?? DEFAULT_SMTP_PORT;
  const port = /^\d{1,5}$/.test(typed) ? Number(typed) : undefined;
  if (port === undefined) {
    findings.error("port", "unsupported-port", { message: `Enter a port number. ${sesPorts}` });
    return undefined;
  }
  if (portSuffix !== undefined && portSuffix !== port) {
    findings.warning("host", "host-port-conflict", {
      message: `The host ended in :${portSuffix}, but the port is ${port}. We use the port (${port}).`,
    });
  }
  const option = findSmtpPort(port);
  if (!option) {
    const why = port === 443 ? " (443 is for the HTTPS API, not SMTP)" : "";
    findings.error("port", "unsupported-port", {
      message: `Amazon SES does not accept SMTP on port ${port}${why}. ${sesPorts}`,
      learnMore: AWS_DOCS.smtpConnect,
    });
  } else if (option.warning) {
    findings.warning("port", "port-25-throttled", {
      message: PORT_25_WARNING,
      fix: "Choose 587 (or 2587 if 587 is blocked).",
      learnMore: AWS_DOCS.smtpConnect,
    });
  }
  return port;
}
