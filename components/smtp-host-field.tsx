"use client";

import { useId, useState } from "react";
import { findSesRegion } from "@/lib/ses/regions";
import { textButtonClasses } from "./button";
import type { FieldMessages } from "./field-messages";
import { TextField } from "./form-field";
import { ChevronRightIcon, ServerIcon } from "./icons";

/**
 * The SMTP host: the region's endpoint unless the person opens "advanced" to change it (the FIPS
 * endpoint, or a host AWS support named). Changes are checked like every other field.
 */
export function SmtpHostField({
  id,
  region,
  value,
  onChange,
  onBlur,
  messages,
}: {
  id: string;
  region: string;
  value: string;
  onChange: (host: string, customized: boolean) => void;
  onBlur?: () => void;
  messages: FieldMessages;
}) {
  const regionInfo = findSesRegion(region);
  const defaultHost = regionInfo?.smtpHost ?? "";
  const fipsHost = regionInfo?.fipsSmtpHost;
  const isDefault = value.trim() === "" || value.trim().toLowerCase() === defaultHost;
  const [open, setOpen] = useState(!isDefault);
  const panelId = useId();
  // Errors and notes always show, even with the panel closed.
  const expanded = open || messages.errors.length > 0;

  return (
    <div>
      <p className="text-sm font-medium text-gray-900">SMTP host</p>
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-lg border border-gray-200 bg-white px-3 py-2.5">
        <ServerIcon className="size-5 shrink-0 text-gray-400" />
        <code className="min-w-0 flex-1 font-mono text-sm break-all text-gray-900">{value.trim() || defaultHost}</code>
        <span className="text-xs text-gray-500">
          {isDefault ? `Derived from ${region || "the region"}` : "Changed by you"}
        </span>
      </div>
      <button
        type="button"
        aria-expanded={expanded}
        aria-controls={panelId}
        onClick={() => setOpen(!expanded)}
        className={`${textButtonClasses} mt-2`}
      >
        <ChevronRightIcon className={`size-4 transition-transform ${expanded ? "rotate-90" : ""}`} />
        Advanced: use a different host
      </button>
      <div id={panelId} hidden={!expanded} className="mt-3 rounded-lg border border-gray-200 bg-gray-50/70 p-3 sm:p-4">
        {expanded && (
          <>
            <TextField
              id={id}
              label="Host name"
              value={value}
              onChange={(event) => onChange(event.target.value, true)}
              onBlur={onBlur}
              messages={messages}
              placeholder={defaultHost || "email-smtp.<region>.amazonaws.com"}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="none"
              inputClassName="font-mono"
              hint="Change this only for the FIPS endpoint or a host AWS told you to use. It must be an SES SMTP host in the region you picked."
            />
            <div className="mt-3 flex flex-wrap gap-x-4 gap-y-2">
              {fipsHost && value.trim().toLowerCase() !== fipsHost && (
                <button type="button" className={textButtonClasses} onClick={() => onChange(fipsHost, true)}>
                  Use the FIPS endpoint ({fipsHost})
                </button>
              )}
              {!isDefault && defaultHost && (
                <button type="button" className={textButtonClasses} onClick={() => onChange(defaultHost, false)}>
                  Reset to {defaultHost}
                </button>
              )}
            </div>
          </>
        )}
      </div>
    </div>
  );
}
