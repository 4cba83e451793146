"use client";

import { useState, useTransition, type FormEvent } from "react";
import { requestProductionAccessAction } from "@/app/settings/email/aws-actions";
import { sesRegionName } from "@/lib/ses/regions";
import { Badge } from "./badge";
import { Button } from "./button";
import { Callout } from "./callout";
import { messagesFor, type ServerFieldErrors } from "./field-messages";
import { FieldLabel, FieldMessageList, inputClasses, TextField } from "./form-field";
import { SpinnerIcon } from "./icons";

export interface RegionAccessStatus {
  region: string;
  /** From the latest account check: true production, false sandbox, null unknown/not checked. */
  productionAccess: boolean | null;
  review?: { status: string; caseId?: string };
}

const REVIEW_LABEL: Record<string, string> = {
  PENDING: "Under review",
  GRANTED: "Granted",
  DENIED: "Denied",
  FAILED: "Failed",
};

/**
 * The production-access request (SES's "Request production access" form, sent with sesv2
 * PutAccountDetails) with the advice that gets requests granted, and where the request stands.
 */
export function ProductionAccessForm({
  regions,
  advice,
}: {
  regions: RegionAccessStatus[];
  advice: readonly string[];
}) {
  const [region, setRegion] = useState(
    regions.find((entry) => entry.productionAccess !== true)?.region ?? regions[0]?.region ?? "",
  );
  const [mailType, setMailType] = useState<"TRANSACTIONAL" | "MARKETING">("TRANSACTIONAL");
  const [websiteUrl, setWebsiteUrl] = useState("");
  const [useCase, setUseCase] = useState("");
  const [contacts, setContacts] = useState("");
  const [errors, setErrors] = useState<ServerFieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [submitted, setSubmitted] = useState<Record<string, { status: string; caseId?: string }>>({});
  const [pending, startTransition] = useTransition();
  const current = regions.find((entry) => entry.region === region);
  const review = submitted[region] ?? current?.review;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(undefined);
    startTransition(async () => {
      const result = await requestProductionAccessAction({
        region,
        request: {
          mailType,
          websiteUrl,
          useCaseDescription: useCase,
          // The schema reads a list out of the text (commas, spaces or new lines).
          additionalContactEmailAddresses: contacts,
          contactLanguage: "EN",
        },
      });
      if (result.ok) {
        setErrors({});
        setSubmitted((previous) => ({ ...previous, [region]: result.review }));
      } else {
        setErrors(result.fieldErrors);
        setFormError(result.formError);
      }
    });
  }

  if (regions.length === 0) {
    return (
      <p className="text-sm text-gray-600">Add a sending domain first: production access is requested per region.</p>
    );
  }

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form onSubmit={onSubmit} noValidate className="space-y-5" data-testid="production-access-form">
        <div>
          <FieldLabel htmlFor="production-region">Region</FieldLabel>
          <select
            id="production-region"
            value={region}
            onChange={(event) => setRegion(event.target.value)}
            className={inputClasses(Boolean(errors.region?.length), "mt-2")}
          >
            {regions.map((entry) => (
              <option key={entry.region} value={entry.region}>
                {sesRegionName(entry.region) ?? entry.region} ({entry.region})
                {entry.productionAccess === true
                  ? " · production"
                  : entry.productionAccess === false
                    ? " · sandbox"
                    : ""}
              </option>
            ))}
          </select>
          <FieldMessageList id="production-region" messages={messagesFor("region", [], true, errors.region)} />
        </div>

        <div aria-live="polite">
          {current?.productionAccess === true ? (
            <Callout tone="success" title="This region already has production access">
              You can send to any recipient here; nothing to request.
            </Callout>
          ) : review ? (
            <p
              className="flex flex-wrap items-center gap-2 text-sm text-gray-700"
              data-testid="production-access-status"
            >
              Request status:{" "}
              <Badge tone={review.status === "GRANTED" ? "green" : review.status === "PENDING" ? "amber" : "red"}>
                {REVIEW_LABEL[review.status] ?? review.status}
              </Badge>
              {review.caseId && <span className="text-gray-500">AWS support case {review.caseId}</span>}
            </p>
          ) : null}
        </div>

        <fieldset>
          <legend className="text-sm font-medium text-gray-900">Mail type</legend>
          <div className="mt-2 flex flex-wrap gap-4 text-sm">
            {(
              [
                ["TRANSACTIONAL", "Transactional", "receipts, password resets, notifications"],
                ["MARKETING", "Marketing", "newsletters, promotions"],
              ] as const
            ).map(([value, label, hint]) => (
              <label key={value} className="flex items-start gap-2">
                <input
                  type="radio"
                  name="production-mail-type"
                  value={value}
                  checked={mailType === value}
                  onChange={() => setMailType(value)}
                  className="mt-0.5 size-4 accent-indigo-600"
                />
                <span>
                  <span className="font-medium text-gray-900">{label}</span>
                  <span className="block text-gray-500">{hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <TextField
          id="production-website"
          label="Website URL"
          type="url"
          value={websiteUrl}
          onChange={(event) => setWebsiteUrl(event.target.value)}
          messages={messagesFor("websiteUrl", [], true, errors.websiteUrl)}
          placeholder="https://www.example.com"
        />

        <div>
          <FieldLabel htmlFor="production-use-case">How you send email</FieldLabel>
          <textarea
            id="production-use-case"
            rows={7}
            value={useCase}
            onChange={(event) => setUseCase(event.target.value)}
            aria-invalid={Boolean(errors.useCaseDescription?.length) || undefined}
            aria-describedby="production-use-case-hint"
            className={inputClasses(Boolean(errors.useCaseDescription?.length), "mt-2")}
            placeholder="Who receives your email and why, how many a day, how you handle bounces and complaints, how people unsubscribe."
          />
          <FieldMessageList
            id="production-use-case"
            messages={messagesFor("useCaseDescription", [], true, errors.useCaseDescription)}
          />
          <p id="production-use-case-hint" className="mt-2 text-sm text-gray-500">
            {useCase.length.toLocaleString("en-US")} of 5,000 characters.
          </p>
        </div>

        <TextField
          id="production-contacts"
          label="Other contacts for this request"
          value={contacts}
          onChange={(event) => setContacts(event.target.value)}
          messages={messagesFor("additionalContactEmailAddresses", [], true, errors.additionalContactEmailAddresses)}
          hint="Up to 4 addresses, separated by commas. AWS writes to them about the review."
          optional
        />

        {formError && (
          <Callout tone="error" title="The request was not sent">
            {formError}
          </Callout>
        )}

        <Button type="submit" disabled={pending || current?.productionAccess === true}>
          {pending && <SpinnerIcon className="size-4" />}
          {pending ? "Sending the request…" : "Request production access"}
        </Button>
      </form>

      <aside className="rounded-xl border border-gray-200 bg-gray-50 p-4 text-sm text-gray-700 sm:p-5">
        <p className="font-medium text-gray-900">What gets a request granted</p>
        <ul className="mt-2 list-disc space-y-1.5 pl-5">
          {advice.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p className="mt-3 text-gray-500">
          Until AWS answers, the region stays in the sandbox: 200 emails a day, 1 per second, verified recipients only.
        </p>
      </aside>
    </div>
  );
}
