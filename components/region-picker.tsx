"use client";

import { useEffect, useId, useRef, useState } from "react";
import { findSesRegion, SES_REGIONS, type SesRegion } from "@/lib/ses/regions";
import { Badge } from "./badge";
import { describedBy, type FieldMessages } from "./field-messages";
import { FieldMessageList, inputClasses } from "./form-field";
import { CheckIcon, GlobeIcon, KeyIcon } from "./icons";

function groupByGeography(regions: readonly SesRegion[]) {
  const groups = new Map<string, SesRegion[]>();
  for (const region of regions) {
    const group = groups.get(region.geography);
    if (group) group.push(region);
    else groups.set(region.geography, [region]);
  }
  return [...groups.entries()];
}

function matches(region: SesRegion, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === "") return true;
  return [region.code, region.name, region.geography].some((text) => text.toLowerCase().includes(q));
}

/**
 * The AWS regions where SES runs, as one radio group (arrow keys move through it), grouped by
 * geography like the AWS console. Regions without SMTP are shown but cannot be picked, with the
 * reason; regions whose SMTP endpoint is unconfirmed are marked.
 */
export function RegionPicker({
  id,
  value,
  onChange,
  messages,
  domain,
}: {
  id: string;
  value: string;
  onChange: (code: string) => void;
  messages: FieldMessages;
  /** The sending domain, for the reminder that it must be verified in the same region. */
  domain?: string;
}) {
  const [query, setQuery] = useState("");
  const listRef = useRef<HTMLDivElement>(null);
  const legendId = useId();
  const visible = SES_REGIONS.filter((region) => matches(region, query) || region.code === value);
  const groups = groupByGeography(visible);
  const selected = findSesRegion(value);
  const invalid = messages.errors.length > 0;

  // Coming back to this step: bring the chosen region into view inside the scrolling list.
  useEffect(() => {
    const list = listRef.current;
    const checked = list?.querySelector<HTMLElement>("input:checked")?.closest("label");
    if (list && checked) list.scrollTop = checked.offsetTop - list.offsetTop - 48;
    // Only on mount: later changes are the person's own clicks, already in view.
  }, []);

  return (
    <div>
      <fieldset>
        <legend id={legendId} className="text-sm font-medium text-gray-900">
          The region where you created your SMTP credentials
        </legend>
        <div className="mt-2">
          <label htmlFor={`${id}-filter`} className="sr-only">
            Filter regions by name or code
          </label>
          <input
            id={`${id}-filter`}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              // Enter in the filter must not submit the step.
              if (event.key === "Enter") event.preventDefault();
            }}
            placeholder="Filter by name or code, e.g. Frankfurt or eu-central-1"
            autoComplete="off"
            className={inputClasses(false)}
          />
        </div>
        <div
          ref={listRef}
          role="radiogroup"
          aria-labelledby={legendId}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy(id, messages)}
          className={`mt-3 max-h-[26rem] overflow-y-auto rounded-xl border bg-gray-50/60 p-2 sm:p-3 ${
            invalid ? "border-red-300" : "border-gray-200"
          }`}
        >
          {groups.length === 0 && (
            <p className="px-2 py-6 text-center text-sm text-gray-500">No region matches &ldquo;{query}&rdquo;.</p>
          )}
          {groups.map(([geography, regions]) => (
            <div key={geography} role="group" aria-label={geography} className="mt-3 first:mt-0">
              <p aria-hidden="true" className="px-1 pb-1.5 text-xs font-semibold tracking-wide text-gray-500 uppercase">
                {geography}
              </p>
              <div className="grid gap-2 sm:grid-cols-2">
                {regions.map((region) => (
                  <RegionOption
                    key={region.code}
                    id={id}
                    region={region}
                    checked={region.code === value}
                    onChange={onChange}
                  />
                ))}
              </div>
            </div>
          ))}
        </div>
      </fieldset>
      <FieldMessageList id={id} messages={messages} />
      {selected && selected.smtp !== "not-offered" && (
        <div className="mt-4 rounded-xl border border-gray-200 bg-white p-4">
          <div className="flex items-start gap-3">
            <GlobeIcon className="mt-0.5 size-5 shrink-0 text-indigo-500" />
            <div className="min-w-0 flex-1 text-sm">
              <p className="font-medium text-gray-900">
                {selected.name} <span className="font-mono text-gray-500">· {selected.code}</span>
              </p>
              <p className="mt-1 text-gray-600">
                SMTP host{" "}
                <code className="rounded-md bg-gray-100 px-1.5 py-0.5 font-mono text-[0.8125rem] break-all text-gray-800">
                  {selected.smtpHost}
                </code>
              </p>
            </div>
          </div>
          <p className="mt-3 flex gap-3 border-t border-gray-100 pt-3 text-sm text-gray-600">
            <KeyIcon className="mt-0.5 size-5 shrink-0 text-gray-400" />
            <span>
              SMTP credentials only work in the region they were created in. Create them in{" "}
              <strong className="font-semibold text-gray-900">{selected.code}</strong>
              {domain ? (
                <>
                  , and verify <strong className="font-semibold text-gray-900">{domain}</strong> there too
                </>
              ) : (
                ", and verify your domain there too"
              )}
              : identities, the sandbox and sending limits are per region as well.
            </span>
          </p>
        </div>
      )}
    </div>
  );
}

function RegionOption({
  id,
  region,
  checked,
  onChange,
}: {
  id: string;
  region: SesRegion;
  checked: boolean;
  onChange: (code: string) => void;
}) {
  const disabled = region.smtp === "not-offered";
  const noteId = `${id}-${region.code}-note`;
  const alternative = region.smtpAlternative ? findSesRegion(region.smtpAlternative) : undefined;
  return (
    <label
      className={[
        "relative flex gap-3 rounded-lg border bg-white px-3 py-2.5 text-left transition-colors",
        "has-focus-visible:outline-2 has-focus-visible:-outline-offset-2 has-focus-visible:outline-indigo-600",
        disabled
          ? "cursor-not-allowed border-dashed border-gray-200 bg-gray-50"
          : checked
            ? "cursor-pointer border-indigo-600 ring-1 ring-indigo-600"
            : "cursor-pointer border-gray-200 hover:border-gray-300 hover:bg-gray-50",
      ].join(" ")}
    >
      <input
        type="radio"
        name={id}
        value={region.code}
        checked={checked}
        disabled={disabled}
        aria-describedby={disabled || region.smtp === "unconfirmed" ? noteId : undefined}
        onChange={() => onChange(region.code)}
        className="absolute inset-0 z-10 size-full cursor-pointer appearance-none rounded-lg opacity-0 disabled:cursor-not-allowed"
      />
      <span className="min-w-0 flex-1">
        <span className={`block text-sm font-medium ${disabled ? "text-gray-500" : "text-gray-900"}`}>
          {region.name}
        </span>
        <span className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="font-mono text-xs text-gray-500">{region.code}</span>
          {region.smtp === "unconfirmed" && (
            <span id={noteId}>
              <Badge tone="amber">SMTP unconfirmed</Badge>
            </span>
          )}
        </span>
        {disabled && (
          <span id={noteId} className="mt-1 block text-xs text-gray-500">
            No SMTP endpoint here{alternative ? `. Use ${alternative.name} (${alternative.code}) instead.` : "."}
          </span>
        )}
      </span>
      {checked && (
        <span
          aria-hidden="true"
          className="flex size-5 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-white"
        >
          <CheckIcon className="size-3.5" strokeWidth={3} />
        </span>
      )}
    </label>
  );
}
