import { initialsOf } from "./format";

const sizes = {
  sm: "size-7 text-[11px]",
  md: "size-8 text-xs",
} as const;

/**
 * Initials in a circle. Decorative: the person's name is always printed next to it, so screen
 * readers would only hear it twice.
 */
export function Avatar({ name, size = "md" }: { name: string; size?: keyof typeof sizes }) {
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 items-center justify-center rounded-full bg-indigo-100 font-semibold text-indigo-700 ${sizes[size]}`}
    >
      {initialsOf(name)}
    </span>
  );
}
