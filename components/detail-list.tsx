import type { ReactNode } from "react";

/** A label and its value in a settings card; stacks on narrow screens. */
export function DetailRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="px-4 py-3.5 sm:grid sm:grid-cols-3 sm:items-baseline sm:gap-4 sm:px-6">
      <dt className="text-sm font-medium text-gray-500">{label}</dt>
      <dd className="mt-1 min-w-0 text-sm text-gray-700 sm:col-span-2 sm:mt-0">{children}</dd>
    </div>
  );
}
