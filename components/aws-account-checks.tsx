"use client";

import Link from "next/link";
import { useState, useTransition, type FormEvent } from "react";
import { migrateSendingPolicyAction, runAccountChecksAction } from "@/app/settings/email/aws-actions";
import type { AccountCheckReport, ActionStep } from "@/lib/aws/check-types";
import { AwsAccountReport } from "./aws-account-report";
import { Button } from "./button";
import { Callout } from "./callout";
import { messagesFor, type ServerFieldErrors } from "./field-messages";
import { FieldLabel, inputClasses, TextField } from "./form-field";
import { CheckCircleIcon, MinusCircleIcon, SpinnerIcon, XCircleIcon } from "./icons";

export interface CheckableDomain {
  id: string;
  domain: string;
  region: string;
  fromAddress: string;
  maxSendRate: number;
  /** The recipient of its latest test, the natural one to check in the sandbox. */
  lastRecipient?: string;
}

const linkClasses =
  "rounded-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

function StepList({ steps }: { steps: ActionStep[] }) {
  return (
    <ol className="space-y-1.5 text-sm" data-testid="migration-steps">
      {steps.map((step) => {
        const Icon =
          step.status === "failed" ? XCircleIcon : step.status === "not-run" ? MinusCircleIcon : CheckCircleIcon;
        const tone =
          step.status === "failed" ? "text-red-600" : step.status === "not-run" ? "text-gray-300" : "text-emerald-600";
        return (
          <li key={step.id} className="flex gap-2">
            <Icon className={`mt-0.5 size-4 shrink-0 ${tone}`} />
            <span className="text-gray-700">
              {step.label}
              {step.status === "already-done" && <span className="text-gray-500"> (already done)</span>}
              {step.status === "not-run" && <span className="text-gray-500"> (not run)</span>}
              {step.detail && <span className="block text-gray-500">{step.detail}</span>}
              {step.problem && <span className="block text-red-700">{step.problem.message}</span>}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * Runs the AWS account checks for one sending domain (its region, From address and SMTP user)
 * and shows what they found, with the fixes Inflowave can make right there.
 */
export function AwsAccountChecks({
  domains,
  initialDomainId,
  latestReports,
  defaultRecipient,
  canManage,
}: {
  domains: CheckableDomain[];
  initialDomainId?: string;
  /** The latest stored report per region. */
  latestReports: Record<string, AccountCheckReport>;
  defaultRecipient: string;
  /** Owners and admins may run the fixes; members see the findings. */
  canManage: boolean;
}) {
  const [domainId, setDomainId] = useState(initialDomainId ?? domains[0]?.id ?? "");
  const domain = domains.find((candidate) => candidate.id === domainId);
  const [recipient, setRecipient] = useState(domain?.lastRecipient ?? defaultRecipient);
  const [reports, setReports] = useState(latestReports);
  const [errors, setErrors] = useState<ServerFieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [migration, setMigration] = useState<{ steps: ActionStep[]; ok: boolean; userName: string }>();
  const [running, startRunning] = useTransition();
  const [migrating, startMigrating] = useTransition();
  const report = domain ? reports[domain.region] : undefined;

  function run(event?: FormEvent) {
    event?.preventDefault();
    if (!domain) return;
    setFormError(undefined);
    startRunning(async () => {
      const result = await runAccountChecksAction({ sendingDomainId: domain.id, testRecipient: recipient });
      if (result.ok) {
        setErrors({});
        setReports((current) => ({ ...current, [result.report.region]: result.report }));
      } else {
        setErrors(result.fieldErrors);
        setFormError(result.formError);
      }
    });
  }

  function migrate() {
    if (!domain) return;
    setFormError(undefined);
    startMigrating(async () => {
      const result = await migrateSendingPolicyAction({ sendingDomainId: domain.id });
      if (result.ok) {
        setMigration({ steps: result.result.steps, ok: result.result.ok, userName: result.userName });
        if (result.result.ok) run();
      } else setFormError(result.formError);
    });
  }

  const policyStyle = report?.smtpUser?.policyStyle;
  const accountRate = report?.account?.quota?.maxSendRate;
  const actions = {
    ...(policyStyle === "inline" || policyStyle === "both" || migration
      ? {
          "policy-style": (
            <div className="space-y-3">
              {migration && (
                <Callout
                  tone={migration.ok ? "success" : "error"}
                  title={
                    migration.ok
                      ? `${migration.userName} now sends through the sending group`
                      : "The migration stopped; nothing is left half-way: run it again after fixing the step that failed"
                  }
                >
                  <StepList steps={migration.steps} />
                </Callout>
              )}
              {canManage && (policyStyle === "inline" || policyStyle === "both") && (
                <Button type="button" variant="secondary" onClick={migrate} disabled={migrating || running}>
                  {migrating && <SpinnerIcon className="size-4" />}
                  {migrating ? "Moving to the group policy…" : "Move this user to the group policy"}
                </Button>
              )}
            </div>
          ),
        }
      : {}),
    ...(domain && accountRate !== undefined
      ? {
          quota: (
            <p className="text-gray-600" data-testid="domain-rate-comparison">
              {domain.domain} sends at most {domain.maxSendRate.toLocaleString("en-US")} per second.{" "}
              {accountRate > 0 && domain.maxSendRate > accountRate
                ? "That is above the account's maximum: SES will answer 454 Throttling. "
                : ""}
              <Link href={`/settings/email/${domain.id}#sending-rate`} className={linkClasses}>
                Change the domain&apos;s sending rate
              </Link>
            </p>
          ),
        }
      : {}),
  };

  if (domains.length === 0) {
    return (
      <p className="text-sm text-gray-600">
        Add a sending domain first: the checks look at its region, From address and SMTP user.{" "}
        <Link href="/settings/email/new" className={linkClasses}>
          Add sending domain
        </Link>
      </p>
    );
  }

  return (
    <div className="space-y-6">
      <form
        onSubmit={run}
        noValidate
        className="grid gap-4 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
        data-testid="aws-check-form"
      >
        <div>
          <FieldLabel htmlFor="aws-check-domain">Sending domain</FieldLabel>
          <select
            id="aws-check-domain"
            value={domainId}
            onChange={(event) => {
              setDomainId(event.target.value);
              setMigration(undefined);
              const next = domains.find((candidate) => candidate.id === event.target.value);
              if (next?.lastRecipient) setRecipient(next.lastRecipient);
            }}
            className={inputClasses(false, "mt-2")}
          >
            {domains.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.domain} · {candidate.region}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id="aws-check-recipient"
          label="Test recipient"
          type="email"
          value={recipient}
          onChange={(event) => setRecipient(event.target.value)}
          messages={messagesFor("testRecipient", [], true, errors.testRecipient)}
          hint="In the sandbox, SES only delivers to verified addresses: this one is checked too."
          optional
        />
        <Button type="submit" disabled={running || migrating} className="sm:mt-7">
          {running && <SpinnerIcon className="size-4" />}
          {running ? "Checking…" : report ? "Check again" : "Run checks"}
        </Button>
      </form>

      <div aria-live="polite" className="space-y-4">
        {formError && (
          <Callout tone="error" title="The checks did not run">
            {formError}
          </Callout>
        )}
        {report ? (
          <AwsAccountReport report={report} actions={actions} />
        ) : (
          <p className="text-sm text-gray-600" data-testid="aws-check-empty">
            Not checked yet. Run the checks to see {domain?.region ?? "the region"}&apos;s sandbox status, quotas,
            whether {domain?.fromAddress ?? "the From address"} is verified there, and whether the SMTP user may send.
          </p>
        )}
      </div>
    </div>
  );
}
