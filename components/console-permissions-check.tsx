"use client";

import { useState, useTransition, type FormEvent } from "react";
import { checkConsolePermissionsAction } from "@/app/settings/email/aws-actions";
import { Button } from "./button";
import { Callout } from "./callout";
import { messagesFor, type ServerFieldErrors } from "./field-messages";
import { TextField } from "./form-field";
import { CheckCircleIcon, SpinnerIcon, XCircleIcon } from "./icons";

interface PermissionResult {
  action: string;
  decision: "allowed" | "implicitDeny" | "explicitDeny";
}

const DECISION_WORDS: Record<PermissionResult["decision"], string> = {
  allowed: "Allowed",
  implicitDeny: "Not allowed: no policy grants it",
  explicitDeny: "Denied by a policy (an explicit Deny wins over any Allow)",
};

/**
 * Whether a colleague (an IAM user or role) may create SMTP credentials in the SES console: the
 * five IAM permissions the console needs since September 2024, simulated with their policies.
 */
export function ConsolePermissionsCheck({ region }: { region: string }) {
  const [principalArn, setPrincipalArn] = useState("");
  const [errors, setErrors] = useState<ServerFieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [result, setResult] = useState<{ principalArn: string; results: PermissionResult[]; allAllowed: boolean }>();
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(undefined);
    startTransition(async () => {
      const answer = await checkConsolePermissionsAction({ principalArn, region });
      if (!answer.ok) {
        setErrors(answer.fieldErrors);
        setFormError(answer.formError);
        setResult(undefined);
        return;
      }
      setErrors({});
      if (answer.result.problem) {
        setFormError(answer.result.problem.message);
        setResult(undefined);
      } else setResult(answer.result);
    });
  }

  return (
    <div className="space-y-4">
      <form
        onSubmit={onSubmit}
        noValidate
        className="grid gap-4 sm:grid-cols-[1fr_auto] sm:items-start"
        data-testid="console-permissions-form"
      >
        <TextField
          id="console-principal"
          label="IAM user or role ARN"
          value={principalArn}
          onChange={(event) => setPrincipalArn(event.target.value)}
          messages={messagesFor("principalArn", [], true, errors.principalArn)}
          placeholder="arn:aws:iam::123456789012:user/alice"
          spellCheck={false}
          inputClassName="font-mono"
          hint="The person who will create SMTP credentials in the SES console."
        />
        <Button type="submit" disabled={pending} className="sm:mt-7">
          {pending && <SpinnerIcon className="size-4" />}
          {pending ? "Checking…" : "Check permissions"}
        </Button>
      </form>
      <div aria-live="polite">
        {formError && (
          <Callout tone="error" title="Not checked">
            {formError}
          </Callout>
        )}
        {result && (
          <Callout
            tone={result.allAllowed ? "success" : "warning"}
            title={
              result.allAllowed
                ? "They can create SMTP credentials in the console"
                : "They cannot create SMTP credentials in the console yet"
            }
          >
            <ul className="mt-1 space-y-1.5" data-testid="console-permissions-results">
              {result.results.map((entry) => (
                <li key={entry.action} className="flex gap-2" data-decision={entry.decision}>
                  {entry.decision === "allowed" ? (
                    <CheckCircleIcon className="mt-0.5 size-4 shrink-0 text-emerald-600" />
                  ) : (
                    <XCircleIcon className="mt-0.5 size-4 shrink-0 text-red-600" />
                  )}
                  <span>
                    <span className="font-mono text-[0.8125rem]">{entry.action}</span>: {DECISION_WORDS[entry.decision]}
                  </span>
                </li>
              ))}
            </ul>
            {!result.allAllowed && (
              <p className="mt-2">
                Add the missing actions to a policy of {result.principalArn.split("/").pop()}, or ask an administrator
                to create the credentials. PutGroupPolicy and AddUserToGroup manage permissions, so AWS recommends
                granting them sparingly.
              </p>
            )}
          </Callout>
        )}
      </div>
    </div>
  );
}
