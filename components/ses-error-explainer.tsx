"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { diagnose, type Diagnosis } from "@/lib/ses/diagnose";
import { SES_REGIONS, type SesRegion } from "@/lib/ses/regions";
import { Button } from "./button";
import { DiagnosisPanel } from "./diagnosis-panel";
import { FieldLabel, inputClasses } from "./form-field";
import { LockIcon, SparklesIcon } from "./icons";

/** Replies people most often paste, one click away. */
export const EXAMPLE_REPLIES: readonly { label: string; text: string }[] = [
  { label: "535 Authentication Credentials Invalid", text: "535 Authentication Credentials Invalid" },
  {
    label: "554 Email address is not verified",
    text: "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: demo@inflowave.test",
  },
  {
    label: "454 Maximum sending rate exceeded",
    text: "454 Throttling failure: Maximum sending rate exceeded.",
  },
  {
    label: "554 Access denied: ses:SendRawEmail",
    text: "554 Access denied: User `arn:aws:iam::123456789012:user/ses-smtp-user' is not authorized to perform `ses:SendRawEmail' on resource `arn:aws:ses:us-east-1:123456789012:identity/example.com'",
  },
];

function groupByGeography(regions: readonly SesRegion[]): [string, SesRegion[]][] {
  const groups = new Map<string, SesRegion[]>();
  for (const region of regions) {
    const group = groups.get(region.geography);
    if (group) group.push(region);
    else groups.set(region.geography, [region]);
  }
  return [...groups.entries()];
}

const REGION_GROUPS = groupByGeography(SES_REGIONS);

/**
 * Paste an SES reply or error and read its diagnosis. `diagnose` runs right here in the browser:
 * the pasted text is never sent to the server or anywhere else.
 */
export function SesErrorExplainer({ defaultRegion = "" }: { defaultRegion?: string }) {
  const id = useId();
  const textId = `${id}-text`;
  const regionId = `${id}-region`;
  const [text, setText] = useState("");
  const [region, setRegion] = useState(defaultRegion);
  const [diagnosis, setDiagnosis] = useState<Diagnosis | undefined>();
  const [empty, setEmpty] = useState(false);
  const pasted = useRef(false);

  function explain(value: string, inRegion = region) {
    if (value.trim() === "") {
      setDiagnosis(undefined);
      setEmpty(true);
      return;
    }
    setEmpty(false);
    setDiagnosis(diagnose(value, inRegion ? { region: inRegion } : undefined));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    explain(text);
  }

  return (
    <div className="space-y-5">
      <form onSubmit={onSubmit} className="space-y-4" aria-label="Explain an SES error">
        <div>
          <FieldLabel htmlFor={textId}>Paste an SMTP reply or error message</FieldLabel>
          <textarea
            id={textId}
            name="error"
            rows={4}
            spellCheck={false}
            value={text}
            aria-describedby={`${textId}-hint${empty ? ` ${textId}-errors` : ""}`}
            aria-invalid={empty || undefined}
            placeholder="e.g. 535 Authentication Credentials Invalid"
            onPaste={() => {
              pasted.current = true;
            }}
            onChange={(event) => {
              const value = event.target.value;
              setText(value);
              if (pasted.current) {
                pasted.current = false;
                explain(value);
              }
            }}
            className={inputClasses(empty, "mt-2 font-mono text-[0.8125rem]/6")}
          />
          {empty && (
            <p id={`${textId}-errors`} className="mt-2 text-sm text-red-700">
              Paste the reply or error first.
            </p>
          )}
          <p id={`${textId}-hint`} className="mt-2 flex items-start gap-1.5 text-sm text-gray-500">
            <LockIcon className="mt-0.5 size-4 shrink-0 text-gray-400" />
            <span>
              The text is analysed in your browser and is not sent anywhere. Passwords in it are taken out of the
              result.
            </span>
          </p>
        </div>

        <div>
          <p className="text-sm font-medium text-gray-900">Or try an example</p>
          <ul className="mt-2 flex flex-wrap gap-2">
            {EXAMPLE_REPLIES.map((example) => (
              <li key={example.label}>
                <button
                  type="button"
                  data-testid="example-reply"
                  title={example.text}
                  onClick={() => {
                    setText(example.text);
                    explain(example.text);
                  }}
                  className="inline-flex max-w-full items-center rounded-full bg-white px-3 py-1 font-mono text-xs text-gray-700 shadow-xs ring-1 ring-gray-300 ring-inset hover:bg-gray-50 hover:text-gray-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                >
                  <span className="truncate">{example.label}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>

        <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
          <div className="sm:w-80">
            <FieldLabel htmlFor={regionId} optional>
              AWS region you send from
            </FieldLabel>
            <select
              id={regionId}
              value={region}
              onChange={(event) => {
                setRegion(event.target.value);
                if (diagnosis) explain(text, event.target.value);
              }}
              className={inputClasses(false, "mt-2")}
            >
              <option value="">Not sure</option>
              {REGION_GROUPS.map(([geography, regions]) => (
                <optgroup key={geography} label={geography}>
                  {regions.map((r) => (
                    <option key={r.code} value={r.code}>
                      {r.name} ({r.code})
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <Button type="submit">
            <SparklesIcon className="size-4" />
            Diagnose
          </Button>
        </div>
      </form>

      <div aria-live="polite">{diagnosis && <DiagnosisPanel diagnosis={diagnosis} />}</div>
    </div>
  );
}
