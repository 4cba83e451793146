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
