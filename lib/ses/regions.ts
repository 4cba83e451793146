// AWS regions that offer Amazon SES, with the names people know them by. SMTP credentials,
// identities, sandbox status and quotas are all per region, so the region is shown everywhere.
// (Which of these have an SMTP endpoint is the SES knowledge core's job; this is only names.)
const SES_REGION_NAMES: Readonly<Record<string, string>> = {
  "us-east-1": "US East (N. Virginia)",
  "us-east-2": "US East (Ohio)",
  "us-west-1": "US West (N. California)",
  "us-west-2": "US West (Oregon)",
  "af-south-1": "Africa (Cape Town)",
  "ap-south-1": "Asia Pacific (Mumbai)",
  "ap-south-2": "Asia Pacific (Hyderabad)",
  "ap-southeast-1": "Asia Pacific (Singapore)",
  "ap-southeast-2": "Asia Pacific (Sydney)",
  "ap-southeast-3": "Asia Pacific (Jakarta)",
  "ap-southeast-5": "Asia Pacific (Malaysia)",
  "ap-northeast-1": "Asia Pacific (Tokyo)",
  "ap-northeast-2": "Asia Pacific (Seoul)",
  "ap-northeast-3": "Asia Pacific (Osaka)",
  "ca-central-1": "Canada (Central)",
  "ca-west-1": "Canada West (Calgary)",
  "eu-central-1": "Europe (Frankfurt)",
  "eu-central-2": "Europe (Zurich)",
  "eu-north-1": "Europe (Stockholm)",
  "eu-south-1": "Europe (Milan)",
  "eu-west-1": "Europe (Ireland)",
  "eu-west-2": "Europe (London)",
  "eu-west-3": "Europe (Paris)",
  "il-central-1": "Israel (Tel Aviv)",
  "me-central-1": "Middle East (UAE)",
  "me-south-1": "Middle East (Bahrain)",
  "sa-east-1": "South America (São Paulo)",
  "us-gov-east-1": "AWS GovCloud (US-East)",
  "us-gov-west-1": "AWS GovCloud (US-West)",
};

/** "Europe (Ireland)" for "eu-west-1"; undefined for a code SES does not know. */
export function sesRegionName(code: string): string | undefined {
  return SES_REGION_NAMES[code];
}

/** The short place name inside the parentheses, for tight layouts: "Ireland". */
export function sesRegionPlace(code: string): string | undefined {
  return sesRegionName(code)?.match(/\(([^)]+)\)$/)?.[1];
}
