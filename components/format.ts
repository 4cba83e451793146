export { formatDate, formatDateTime, formatTime } from "@/lib/format";

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
