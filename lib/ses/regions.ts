// AWS regions that offer Amazon SES, with the names people know them by and what we know about
// their SMTP endpoints. SMTP credentials, identities, sandbox status and quotas are all per
// region, so the region is shown everywhere. Browser-safe: the wizard builds its picker from this.
//
// AWS's own endpoint table could not be read verbatim, so SMTP availability is graded by the
// evidence we have (AWS's sample list, lists derived from it, nodemailer's list, user reports).
// A live DNS lookup of the host is the final word; this table decides what the wizard offers.

export type SmtpAvailability =
  /** Named in AWS's sample list or lists derived from AWS's endpoint table. */
  | "available"
  /** Reported by several people to have no SMTP host at all (DNS says it does not exist). */
  | "not-offered"
  /** SES runs there, but the evidence for an SMTP host is thin or contradictory. */
  | "unconfirmed";

export type SesGeography =
  "United States" | "Africa" | "Asia Pacific" | "Canada" | "Europe" | "Middle East" | "South America" | "AWS GovCloud";

export interface SesRegion {
  /** The region code, e.g. "eu-west-1". */
  readonly code: string;
  /** The name AWS shows, e.g. "Europe (Ireland)". */
  readonly name: string;
  /** The group the console lists it under. */
  readonly geography: SesGeography;
  /** email-smtp.<code>.amazonaws.com, the name SES's SMTP host has (or would have) in this region. */
  readonly smtpHost: string;
  /** The FIPS 140 SMTP host, only where AWS documents one. */
  readonly fipsSmtpHost?: string;
  readonly smtp: SmtpAvailability;
  /** A sentence a person reads next to the region when its SMTP status needs explaining. */
  readonly note?: string;
  /** For a region without SMTP: the nearest region that has it, to suggest instead. */
  readonly smtpAlternative?: string;
}

const NOT_OFFERED_NOTE =
  "Amazon SES does not run an SMTP endpoint in this region, so SMTP credentials cannot be used here. Pick another region.";

const smtpHostName = (code: string) => `email-smtp.${code}.amazonaws.com`;
const fipsSmtpHostName = (code: string) => `email-smtp-fips.${code}.amazonaws.com`;

interface RegionFacts {
  code: string;
  name: string;
  geography: SesGeography;
  smtp: SmtpAvailability;
  /**
   * Only regions whose FIPS SMTP host appears in a list taken from AWS's endpoint table
   * (us-east-1, us-west-2, us-gov-west-1). Others have a FIPS *API* endpoint, and us-east-2's
   * FIPS SMTP host is named only in a code comment; offering a host that may not resolve would
   * turn a compliance choice into a connection failure, so those stay unlisted.
   */
  fips?: true;
  note?: string;
  smtpAlternative?: string;
}

// Grouped by geography, in the order the AWS console lists them.
const REGION_FACTS: readonly RegionFacts[] = [
  { code: "us-east-1", name: "US East (N. Virginia)", geography: "United States", smtp: "available", fips: true },
  { code: "us-east-2", name: "US East (Ohio)", geography: "United States", smtp: "available" },
  { code: "us-west-1", name: "US West (N. California)", geography: "United States", smtp: "available" },
  { code: "us-west-2", name: "US West (Oregon)", geography: "United States", smtp: "available", fips: true },
  {
    code: "af-south-1",
    name: "Africa (Cape Town)",
    geography: "Africa",
    smtp: "unconfirmed",
    note: "AWS's 2023 guide said SES had no SMTP endpoint here. If the test send cannot connect, pick another region.",
  },
  { code: "ap-south-1", name: "Asia Pacific (Mumbai)", geography: "Asia Pacific", smtp: "available" },
  {
    code: "ap-south-2",
    name: "Asia Pacific (Hyderabad)",
    geography: "Asia Pacific",
    smtp: "not-offered",
    note: NOT_OFFERED_NOTE,
    smtpAlternative: "ap-south-1",
  },
  { code: "ap-southeast-1", name: "Asia Pacific (Singapore)", geography: "Asia Pacific", smtp: "available" },
  { code: "ap-southeast-2", name: "Asia Pacific (Sydney)", geography: "Asia Pacific", smtp: "available" },
  {
    code: "ap-southeast-3",
    name: "Asia Pacific (Jakarta)",
    geography: "Asia Pacific",
    smtp: "not-offered",
    note: NOT_OFFERED_NOTE,
    smtpAlternative: "ap-southeast-1",
  },
  {
    code: "ap-southeast-5",
    name: "Asia Pacific (Malaysia)",
    geography: "Asia Pacific",
    smtp: "unconfirmed",
    note: "A newer region: we could not confirm that SES offers SMTP here. If the test send cannot connect, pick another region.",
  },
  { code: "ap-northeast-1", name: "Asia Pacific (Tokyo)", geography: "Asia Pacific", smtp: "available" },
  { code: "ap-northeast-2", name: "Asia Pacific (Seoul)", geography: "Asia Pacific", smtp: "available" },
  { code: "ap-northeast-3", name: "Asia Pacific (Osaka)", geography: "Asia Pacific", smtp: "available" },
  { code: "ca-central-1", name: "Canada (Central)", geography: "Canada", smtp: "available" },
  {
    code: "ca-west-1",
    name: "Canada West (Calgary)",
    geography: "Canada",
    smtp: "unconfirmed",
    note: "A newer region: we could not confirm that SES offers SMTP here. If the test send cannot connect, pick another region.",
  },
  { code: "eu-central-1", name: "Europe (Frankfurt)", geography: "Europe", smtp: "available" },
  {
    code: "eu-central-2",
    name: "Europe (Zurich)",
    geography: "Europe",
    smtp: "not-offered",
    note: NOT_OFFERED_NOTE,
    smtpAlternative: "eu-central-1",
  },
  { code: "eu-north-1", name: "Europe (Stockholm)", geography: "Europe", smtp: "available" },
  { code: "eu-south-1", name: "Europe (Milan)", geography: "Europe", smtp: "available" },
  { code: "eu-west-1", name: "Europe (Ireland)", geography: "Europe", smtp: "available" },
  { code: "eu-west-2", name: "Europe (London)", geography: "Europe", smtp: "available" },
  { code: "eu-west-3", name: "Europe (Paris)", geography: "Europe", smtp: "available" },
  {
    code: "il-central-1",
    name: "Israel (Tel Aviv)",
    geography: "Middle East",
    smtp: "unconfirmed",
    note: "People use SMTP here, but AWS's published lists do not name it yet. If the test send cannot connect, pick another region.",
  },
  {
    code: "me-central-1",
    name: "Middle East (UAE)",
    geography: "Middle East",
    smtp: "unconfirmed",
    note: "People use SMTP here, but AWS's published lists do not name it yet. If the test send cannot connect, pick another region.",
  },
  {
    code: "me-south-1",
    name: "Middle East (Bahrain)",
    geography: "Middle East",
    smtp: "unconfirmed",
    note: "AWS's 2023 guide said SES had no SMTP endpoint here. If the test send cannot connect, pick another region.",
  },
  { code: "sa-east-1", name: "South America (São Paulo)", geography: "South America", smtp: "available" },
  { code: "us-gov-east-1", name: "AWS GovCloud (US-East)", geography: "AWS GovCloud", smtp: "available" },
  { code: "us-gov-west-1", name: "AWS GovCloud (US-West)", geography: "AWS GovCloud", smtp: "available", fips: true },
];

export const SES_REGIONS: readonly SesRegion[] = REGION_FACTS.map(({ fips, ...facts }): SesRegion => ({
  ...facts,
  smtpHost: smtpHostName(facts.code),
  ...(fips ? { fipsSmtpHost: fipsSmtpHostName(facts.code) } : {}),
}));

const BY_CODE: ReadonlyMap<string, SesRegion> = new Map(SES_REGIONS.map((region) => [region.code, region]));

/** The region with this exact code (e.g. "eu-west-1"); undefined for codes SES does not run in. */
export function findSesRegion(code: string): SesRegion | undefined {
  return BY_CODE.get(code);
}

/** "Europe (Ireland)" for "eu-west-1"; undefined for a code SES does not know. */
export function sesRegionName(code: string): string | undefined {
  return findSesRegion(code)?.name;
}

/** The short place name inside the parentheses, for tight layouts: "Ireland". */
export function sesRegionPlace(code: string): string | undefined {
  return sesRegionName(code)?.match(/\(([^)]+)\)$/)?.[1];
}

/** "us-east-1 (US East (N. Virginia))": how messages name a region, code first because hosts use it. */
export function describeSesRegion(code: string): string {
  const name = sesRegionName(code);
  return name ? `${code} (${name})` : code;
}

/**
 * The SMTP host of a known region. Also returned for regions whose SMTP is not offered: the
 * name is what people will see in errors, and `smtp` on the region says whether it exists.
 */
export function smtpHostFor(code: string): string | undefined {
  return findSesRegion(code)?.smtpHost;
}

/** The FIPS SMTP host, only for regions where AWS documents one. */
export function fipsSmtpHostFor(code: string): string | undefined {
  return findSesRegion(code)?.fipsSmtpHost;
}

export type SesHostKind = "smtp" | "smtp-fips" | "api" | "api-fips" | "inbound-smtp" | "placeholder" | "other";

export interface ParsedSesHost {
  kind: SesHostKind;
  /**
   * The region code the host names, when it names one. For "other" this is set when an AWS
   * host names a region in a way SES does not (e.g. smtp.us-east-1.amazonaws.com), so a
   * message can suggest the right host. The code may not be a region SES knows.
   */
  region?: string;
}

const REGION_PATTERN = "[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}";
const KNOWN_HOST_SHAPES: readonly { kind: SesHostKind; pattern: RegExp }[] = [
  { kind: "smtp", pattern: new RegExp(`^email-smtp\\.(${REGION_PATTERN})\\.amazonaws\\.com$`) },
  { kind: "smtp-fips", pattern: new RegExp(`^email-smtp-fips\\.(${REGION_PATTERN})\\.amazonaws\\.com$`) },
  { kind: "api", pattern: new RegExp(`^email\\.(${REGION_PATTERN})\\.(?:amazonaws\\.com|api\\.aws)$`) },
  { kind: "api-fips", pattern: new RegExp(`^email-fips\\.(${REGION_PATTERN})\\.(?:amazonaws\\.com|api\\.aws)$`) },
  { kind: "inbound-smtp", pattern: new RegExp(`^inbound-smtp\\.(${REGION_PATTERN})\\.amazonaws\\.com$`) },
];
const REGION_LABEL = new RegExp(`^${REGION_PATTERN}$`);
// Templates people copy from guides: email-smtp.YOUR-REGION.amazonaws.com, <region>, {region}, ${REGION}.
const PLACEHOLDER_LABEL = /^(?:your|aws|my)?[-_]?region$/;

/**
 * Normalises what people paste as a host: case, surrounding spaces, a scheme (https://, smtp://),
 * user info, a path, a ":587" suffix and trailing dots. Returns the bare host name and the port
 * suffix if there was one.
 */
export function normalizeHostInput(raw: string): { host: string; port?: number } {
  let host = raw.replace(/\s+/g, "").toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, "");
  // Up to the last "@": pasted user info may hold a password, which must not survive into the host.
  host = host.replace(/^.*@/, "");
  host = host.replace(/[/?#].*$/, "");
  const portSuffix = /:(\d{1,5})$/.exec(host)?.[1];
  host = trimTrailingDots(host.replace(/:\d*$/, ""));
  return portSuffix ? { host, port: Number(portSuffix) } : { host };
}

// A loop, not /\.+$/: that regex is quadratic on a long run of dots, and this runs on raw input.
function trimTrailingDots(value: string): string {
  let end = value.length;
  while (end > 0 && value[end - 1] === ".") end--;
  return value.slice(0, end);
}

/** Recognises what kind of AWS host something is, after forgiving the usual paste noise. */
export function parseSesHost(raw: string): ParsedSesHost {
  const { host } = normalizeHostInput(raw);
  const labels = host.split(".");
  if (labels.some((label) => PLACEHOLDER_LABEL.test(label.replace(/[<>{}[\]$]/g, "")))) {
    return { kind: "placeholder" };
  }
  for (const { kind, pattern } of KNOWN_HOST_SHAPES) {
    const region = pattern.exec(host)?.[1];
    if (region) return { kind, region };
  }
  if (/\.amazonaws\.com$|\.api\.aws$/.test(host)) {
    const region = labels.find((label) => REGION_LABEL.test(label));
    if (region) return { kind: "other", region };
  }
  return { kind: "other" };
}
