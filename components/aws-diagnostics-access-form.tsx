"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { connectAwsDiagnosticsAction, disconnectAwsDiagnosticsAction } from "@/app/settings/email/aws-actions";
import { DIAGNOSTICS_POLICY } from "@/lib/aws/policies";
import { AwsAccessKeyFields, type AwsAccessKeyValues } from "./aws-access-key-fields";
import { Button } from "./button";
import { Callout } from "./callout";
import type { ServerFieldErrors } from "./field-messages";
import { FormattedDate } from "./formatted-date";
import { IamPolicyDocument } from "./iam-policy-document";
import { KeyIcon, ServerIcon } from "./icons";

export interface AwsDiagnosticsAccessView {
  source: "access_key" | "default_chain";
  accessKeyId: string | null;
  connectedAt: string;
}

const EMPTY_KEY: AwsAccessKeyValues = { accessKeyId: "", secretAccessKey: "" };

/**
 * How Inflowave reads the workspace's AWS account: an access key made for it (least privilege,
 * the policy right beside the fields) or, on a self-hosted server, the server's own credentials.
 */
export function AwsDiagnosticsAccessForm({ access }: { access: AwsDiagnosticsAccessView | null }) {
  const router = useRouter();
  const [editing, setEditing] = useState(access === null);
  const [source, setSource] = useState<"access_key" | "default_chain">(access?.source ?? "access_key");
  const [key, setKey] = useState<AwsAccessKeyValues>(EMPTY_KEY);
  const [errors, setErrors] = useState<ServerFieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [pending, startTransition] = useTransition();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFormError(undefined);
    startTransition(async () => {
      const result = await connectAwsDiagnosticsAction(source === "access_key" ? { source, ...key } : { source });
      if (result.ok) {
        setKey(EMPTY_KEY);
        setErrors({});
        setEditing(false);
        router.refresh();
      } else {
        setErrors(result.fieldErrors);
        setFormError(result.formError);
      }
    });
  }

  function disconnect() {
    setFormError(undefined);
    startTransition(async () => {
      const result = await disconnectAwsDiagnosticsAction();
      if (result.ok) {
        setEditing(true);
        router.refresh();
      } else setFormError(result.formError);
    });
  }

  if (access && !editing) {
    return (
      <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between" data-testid="aws-access">
        <div className="flex items-start gap-3">
          <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-emerald-50 text-emerald-700">
            {access.source === "access_key" ? <KeyIcon className="size-5" /> : <ServerIcon className="size-5" />}
          </span>
          <div className="text-sm">
            <p className="font-medium text-gray-900">
              {access.source === "access_key" ? (
                <>
                  Connected with access key <span className="font-mono">{access.accessKeyId}</span>
                </>
              ) : (
                "Connected with this server's AWS credentials"
              )}
            </p>
            <p className="mt-0.5 text-gray-600">
              Since <FormattedDate date={new Date(access.connectedAt)} withTime />.{" "}
              {access.source === "access_key"
                ? "The secret key is stored encrypted and never shown again."
                : "Nothing is stored: the server's environment or role provides the key."}
            </p>
            {formError && <p className="mt-1 text-red-700">{formError}</p>}
          </div>
        </div>
        <div className="flex shrink-0 gap-2">
          <Button type="button" variant="secondary" onClick={() => setEditing(true)} disabled={pending}>
            Replace
          </Button>
          <Button type="button" variant="secondary" onClick={disconnect} disabled={pending}>
            {pending ? "Disconnecting…" : "Disconnect"}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-6 lg:grid-cols-2" data-testid="aws-access-form">
      <div className="space-y-5">
        <fieldset>
          <legend className="text-sm font-medium text-gray-900">How Inflowave reads your AWS account</legend>
          <div className="mt-3 space-y-2">
            {(
              [
                {
                  value: "access_key",
                  title: "An access key made for Inflowave",
                  body: "Recommended. Create an IAM user with only the policy shown here and give Inflowave its access key.",
                },
                {
                  value: "default_chain",
                  title: "This server's AWS credentials",
                  body: "For self-hosted Inflowave on AWS: the server's environment variables or instance role. Nothing is stored.",
                },
              ] as const
            ).map((option) => (
              <label
                key={option.value}
                className={`flex cursor-pointer gap-3 rounded-lg border p-3 text-sm ${
                  source === option.value
                    ? "border-indigo-600 bg-indigo-50/50 ring-1 ring-indigo-600"
                    : "border-gray-200"
                }`}
              >
                <input
                  type="radio"
                  name="aws-access-source"
                  value={option.value}
                  checked={source === option.value}
                  onChange={() => setSource(option.value)}
                  className="mt-0.5 size-4 accent-indigo-600"
                />
                <span>
                  <span className="block font-medium text-gray-900">{option.title}</span>
                  <span className="block text-gray-600">{option.body}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        {source === "access_key" && (
          <AwsAccessKeyFields
            idPrefix="diagnostics"
            values={key}
            onChange={setKey}
            errors={errors}
            disabled={pending}
            secretHint="Stored encrypted. It is never shown again, and never sent to your browser."
          />
        )}

        {formError && (
          <Callout tone="error" title="Not connected">
            {formError}
          </Callout>
        )}

        <div className="flex flex-wrap gap-3">
          <Button type="submit" disabled={pending}>
            {pending ? "Connecting…" : "Connect AWS account"}
          </Button>
          {access && (
            <Button type="button" variant="secondary" onClick={() => setEditing(false)} disabled={pending}>
              Cancel
            </Button>
          )}
        </div>
      </div>

      <div className="space-y-3 text-sm text-gray-600">
        <ol className="list-decimal space-y-1 pl-5">
          <li>In the IAM console, create a user (e.g. inflowave-diagnostics) without console access.</li>
          <li>Attach this policy to it as an inline policy: copy it into the JSON editor.</li>
          <li>Create an access key for it (use case: application running outside AWS) and paste it here.</li>
        </ol>
        <IamPolicyDocument
          title="Least-privilege policy for the diagnostics key"
          policy={DIAGNOSTICS_POLICY}
          testId="diagnostics-policy"
        />
        <p className="text-xs text-gray-500">
          The first statement only reads. The second lets Inflowave make the fixes you ask for on this page (move an
          SMTP user to the sending group, request production access); leave it out for read-only checks.
        </p>
      </div>
    </form>
  );
}
