"use client";

import { useId, useState } from "react";
import { textButtonClasses } from "./button";
import { CopyButton } from "./copy-button";
import { ChevronRightIcon, CommandLineIcon } from "./icons";

/**
 * The raw SMTP conversation of a test, behind a toggle. The server has already taken the sign-in
 * out of it ("AUTH PLAIN [redacted]"), so it is safe to show and to copy into a support ticket.
 */
export function SmtpTranscript({ transcript }: { transcript: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  if (transcript.trim() === "") return null;

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
          className={textButtonClasses}
        >
          <ChevronRightIcon className={`size-4 transition-transform ${open ? "rotate-90" : ""}`} />
          <CommandLineIcon className="size-4" />
          {open ? "Hide the SMTP transcript" : "Show the SMTP transcript"}
        </button>
        {open && <CopyButton text={transcript} />}
      </div>
      <div id={id} hidden={!open}>
        {open && (
          <pre
            data-testid="transcript"
            tabIndex={0}
            aria-label="SMTP transcript"
            className="mt-2 max-h-80 overflow-auto rounded-lg bg-gray-950 p-3 font-mono text-xs/5 whitespace-pre text-gray-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            {transcript}
          </pre>
        )}
        <p className="mt-2 text-xs text-gray-500">The password is never part of the transcript.</p>
      </div>
    </div>
  );
}
