"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { setSendingRateAction } from "@/app/settings/email/actions";
import { Button } from "./button";
import { Callout } from "./callout";
import { messagesFor } from "./field-messages";
import { TextField } from "./form-field";
import { useDomainVersion } from "./use-domain-version";

const perSecond = (rate: number) => `${rate.toLocaleString("en-US", { maximumFractionDigits: 2 })}/s`;

/**
 * How many emails per second Inflowave sends through the domain. Every instance of the app shares
 * the limiter, so this is the domain's rate, not each server's. The account's own maximum, when
 * a diagnostics check has read it, is offered in one click. A save from a page that is out of date
 * (someone else changed the domain since) is refused: the form then says who changed what, and
 * shows the current rate.
 */
export function SendingRateForm({
  sendingDomainId,
  maxSendRate,
  domainVersion,
  account,
}: {
  sendingDomainId: string;
  maxSendRate: number;
  /** The domain's version this page shows; sent back with a save. */
  domainVersion: number;
  /** What the latest AWS account check found for the domain's region, if one ran. */
  account?: { sandbox: boolean | null; maxSendRate: number | null; checkedAt: string };
}) {
  const router = useRouter();
  const [value, setValue] = useState(String(maxSendRate));
  const [errors, setErrors] = useState<string[]>();
  const [saved, setSaved] = useState<string>();
  const [conflict, setConflict] = useState<{ message: string; removed: boolean }>();
  const [expectedVersion, noteVersion] = useDomainVersion(domainVersion);
  // The page refreshed with a newer domain (someone's change seen elsewhere on it): the field
  // follows the rate now in force, unless the person has typed one of their own.
  const [shown, setShown] = useState({ version: domainVersion, maxSendRate });
  if (domainVersion > shown.version) {
    setShown({ version: domainVersion, maxSendRate });
    if (value === String(shown.maxSendRate) && maxSendRate !== shown.maxSendRate) {
      setValue(String(maxSendRate));
      setSaved(undefined);
    }
  }
  const [pending, startTransition] = useTransition();
  const accountRate = account?.maxSendRate && account.maxSendRate > 0 ? account.maxSendRate : null;
  const overAccount = accountRate !== null && Number(value) > accountRate;

  function save(rate: string) {
    setSaved(undefined);
    setConflict(undefined);
    startTransition(async () => {
      const result = await setSendingRateAction({ sendingDomainId, maxSendRate: rate, expectedVersion });
      if (result.ok) {
        setErrors(undefined);
        setValue(String(result.maxSendRate));
        noteVersion(result.version);
        setSaved(`Saved: Inflowave now sends at most ${perSecond(result.maxSendRate)} through this domain.`);
        router.refresh();
      } else if (result.conflict !== undefined) {
        setErrors(undefined);
        setConflict({ message: result.formError ?? "", removed: result.conflict === null });
        if (result.conflict) {
          // The rate that is in force now, so saving again is a decision made knowing it.
          setValue(String(result.conflict.maxSendRate));
          noteVersion(result.conflict.version);
          router.refresh();
        }
      } else {
        setErrors(result.fieldErrors.maxSendRate ?? (result.formError ? [result.formError] : undefined));
      }
    });
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save(value);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="sending-rate-form">
      <div className="max-w-xs">
        <TextField
          id="sending-rate"
          label="Emails per second"
          type="number"
          inputMode="decimal"
          min={0.1}
          step="any"
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setSaved(undefined);
          }}
          messages={messagesFor("maxSendRate", [], true, errors)}
          hint="All of Inflowave's servers share this limit, so SES never sees more than this per second."
        />
      </div>
      {conflict && (
        <Callout
          tone="warning"
          role="alert"
          testId="sending-rate-conflict"
          title={conflict.removed ? "This domain was removed" : "Not saved: this domain changed"}
          actions={
            conflict.removed && (
              <Link
                href="/settings/email"
                className="rounded-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
              >
                Back to your sending domains
              </Link>
            )
          }
        >
          {conflict.message}
        </Callout>
      )}
      {accountRate !== null && (
        <Callout tone={overAccount ? "warning" : "neutral"} title={`Your account's maximum: ${perSecond(accountRate)}`}>
          {account?.sandbox
            ? "The account is in the SES sandbox in this region, so SES accepts 1 email per second. "
            : "Amazon SES's maximum send rate for your account in this region, from the latest AWS account check. "}
          {overAccount
            ? "Above it, SES answers 454 Throttling; Inflowave would retry, but mail would queue up."
            : Number(value) < accountRate
              ? "You can raise this domain's rate up to it."
              : "This domain uses all of it."}
        </Callout>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending || conflict?.removed}>
          {pending ? "Saving…" : "Save rate"}
        </Button>
        {accountRate !== null && Number(value) !== accountRate && (
          <Button
            type="button"
            variant="secondary"
            disabled={pending || conflict?.removed}
            onClick={() => save(String(accountRate))}
          >
            Use the account&apos;s {perSecond(accountRate)}
          </Button>
        )}
        <p role="status" className="text-sm text-emerald-700">
          {saved}
        </p>
      </div>
    </form>
  );
}
