// Dates are formatted on the server in a fixed locale and time zone, so the HTML is the same
// for every visitor and never differs between server render and hydration.
const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const timeFormat = new Intl.DateTimeFormat("en-US", { timeStyle: "short", timeZone: "UTC" });

export function formatDate(date: Date): string {
  return dateFormat.format(date);
}

export function formatTime(date: Date): string {
  return `${timeFormat.format(date)} UTC`;
}

export function formatDateTime(date: Date): string {
  return `${formatDate(date)}, ${formatTime(date)}`;
}

/** Up to two initials for an avatar: "Dana Demo" → "DD", "acme" → "A". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words.slice(0, 1);
  return (
    letters
      .map((word) => word?.charAt(0) ?? "")
      .join("")
      .toUpperCase() || "?"
  );
}

// The SES regions people most often pick, so a bare code like "eu-west-1" also reads as a place.
const AWS_REGION_NAMES: Record<string, string> = {
  "us-east-1": "N. Virginia",
  "us-east-2": "Ohio",
  "us-west-1": "N. California",
  "us-west-2": "Oregon",
  "ca-central-1": "Canada (Central)",
  "sa-east-1": "São Paulo",
  "eu-west-1": "Ireland",
  "eu-west-2": "London",
  "eu-west-3": "Paris",
  "eu-central-1": "Frankfurt",
  "eu-north-1": "Stockholm",
  "eu-south-1": "Milan",
  "ap-south-1": "Mumbai",
  "ap-northeast-1": "Tokyo",
  "ap-northeast-2": "Seoul",
  "ap-northeast-3": "Osaka",
  "ap-southeast-1": "Singapore",
  "ap-southeast-2": "Sydney",
  "me-south-1": "Bahrain",
  "af-south-1": "Cape Town",
  "il-central-1": "Tel Aviv",
  "us-gov-west-1": "GovCloud (US-West)",
};

export function awsRegionName(code: string): string | undefined {
  return AWS_REGION_NAMES[code];
}
