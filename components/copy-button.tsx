"use client";

import { useState } from "react";
import { textButtonClasses } from "./button";
import { CheckIcon, ClipboardIcon } from "./icons";

/** Copies a text to the clipboard and says so for two seconds (announced to screen readers). */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  }

  return (
    <button type="button" onClick={copy} className={textButtonClasses}>
      {copied ? <CheckIcon className="size-4" /> : <ClipboardIcon className="size-4" />}
      <span aria-live="polite">{copied ? "Copied" : label}</span>
    </button>
  );
}
