import type { ReactNode } from "react";

/** What a list shows before it has anything in it: what the list is for and how to start it. */
export function EmptyState({
  icon,
  title,
  description,
  action,
  testId = "empty-state",
}: {
  icon: ReactNode;
  title: string;
  description: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <div
      data-testid={testId}
      className="flex flex-col items-center rounded-xl border border-dashed border-gray-300 bg-white px-6 py-12 text-center sm:py-16"
    >
      <div className="flex size-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600 ring-8 ring-indigo-50/50">
        {icon}
      </div>
      <h3 className="mt-5 text-base font-semibold text-gray-900">{title}</h3>
      <p className="mt-2 max-w-md text-sm/6 text-gray-600">{description}</p>
      {action && <div className="mt-6">{action}</div>}
    </div>
  );
}
