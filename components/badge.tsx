import type { ReactNode } from "react";

export type BadgeTone = "gray" | "green" | "amber" | "red" | "indigo";

const tones: Record<BadgeTone, { badge: string; dot: string }> = {
  gray: { badge: "bg-gray-100 text-gray-700 ring-gray-500/20", dot: "bg-gray-400" },
  green: { badge: "bg-emerald-50 text-emerald-700 ring-emerald-600/20", dot: "bg-emerald-500" },
  amber: { badge: "bg-amber-50 text-amber-800 ring-amber-600/25", dot: "bg-amber-500" },
  red: { badge: "bg-red-50 text-red-700 ring-red-600/20", dot: "bg-red-500" },
  indigo: { badge: "bg-indigo-50 text-indigo-700 ring-indigo-600/20", dot: "bg-indigo-500" },
};

export function Badge({
  tone = "gray",
  dot = false,
  children,
}: {
  tone?: BadgeTone;
  dot?: boolean;
  children: ReactNode;
}) {
  const { badge, dot: dotColor } = tones[tone];
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${badge}`}
    >
      {dot && <span aria-hidden="true" className={`size-1.5 rounded-full ${dotColor}`} />}
      {children}
    </span>
  );
}
