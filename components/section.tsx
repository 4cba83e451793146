import type { ReactNode } from "react";

/** A titled block of a settings page; the heading labels the region for assistive tech. */
export function Section({
  id,
  title,
  description,
  actions,
  meta,
  children,
}: {
  /** Unique on the page: the heading's id, which labels the section. */
  id: string;
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  /** Shown next to the title, e.g. a count. */
  meta?: ReactNode;
  children: ReactNode;
}) {
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} className="mt-10 first:mt-0">
      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0">
          <div className="flex items-center gap-2">
            <h2 id={headingId} className="text-base font-semibold text-gray-900">
              {title}
            </h2>
            {meta}
          </div>
          {description && <p className="mt-1 max-w-2xl text-sm text-gray-600">{description}</p>}
        </div>
        {actions && <div className="flex shrink-0 items-center gap-3">{actions}</div>}
      </div>
      {children}
    </section>
  );
}
