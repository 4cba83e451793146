"use client";

import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Callout, type CalloutTone } from "./callout";
import { XMarkIcon } from "./icons";

/**
 * A one-time notice from a query flag (e.g. ?saved=1). Dismissing it drops the flag from the
 * address too, so a reload does not bring it back.
 */
export function DismissibleNotice({
  tone,
  title,
  children,
  testId,
}: {
  tone: CalloutTone;
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  const [open, setOpen] = useState(true);
  const pathname = usePathname();
  if (!open) return null;
  return (
    <div role="status" className="relative mb-8" data-testid={testId}>
      <Callout tone={tone} title={title} className="pr-12">
        {children}
      </Callout>
      <button
        type="button"
        onClick={() => {
          setOpen(false);
          // Without a navigation: the rest of the page (a test result on screen) stays as it is.
          window.history.replaceState(null, "", pathname);
        }}
        className="absolute top-3 right-3 flex size-8 items-center justify-center rounded-md text-gray-500 hover:bg-black/5 hover:text-gray-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <XMarkIcon className="size-5" />
        <span className="sr-only">Dismiss</span>
      </button>
    </div>
  );
}
