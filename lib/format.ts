// Dates are formatted in a fixed locale and time zone, so the HTML is the same for every visitor
// and never differs between server render and hydration, and a message built on the server
// (e.g. who changed a domain, and when) reads like the page around it.
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
