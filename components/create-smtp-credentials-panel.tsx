"use client";

import { useId, useState, useTransition } from "react";
import { createSmtpCredentialsAction, type CreatedSmtpCredentialsView } from "@/app/settings/email/aws-actions";
import { CONSOLE_CREDENTIAL_PERMISSIONS, SENDING_GROUP_NAME } from "@/lib/aws/policies";
import { describeSesRegion } from "@/lib/ses/regions";
import { AwsAccessKeyFields, type AwsAccessKeyValues } from "./aws-access-key-fields";
import { Button, textButtonClasses } from "./button";
import { Callout } from "./callout";
import { messagesFor, type ServerFieldErrors } from "./field-messages";
import { TextField } from "./form-field";
import { ChevronRightIcon, SparklesIcon, SpinnerIcon } from "./icons";

const EMPTY_KEY: AwsAccessKeyValues = { accessKeyId: "", secretAccessKey: "" };

/**
 * "Let Inflowave create them": with an administrator key used for this one request and never
 * stored, create the IAM user, put it in the sending group, make its access key and derive the
 * SMTP password for the wizard's region. The wizard then holds only a reference to the password.
 */
export function CreateSmtpCredentialsPanel({
  region,
  onCreated,
  disabled,
}: {
  region: string;
  onCreated: (created: CreatedSmtpCredentialsView) => void;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState<AwsAccessKeyValues>(EMPTY_KEY);
  const [userName, setUserName] = useState("");
  const [errors, setErrors] = useState<ServerFieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const panelId = useId();

  // A nested <form> is not allowed inside the wizard's step form, so this submits by button.
  function create() {
    setFormError(undefined);
    startTransition(async () => {
      let result: Awaited<ReturnType<typeof createSmtpCredentialsAction>>;
      try {
        result = await createSmtpCredentialsAction({ region, ...key, userName });
      } catch {
        result = {
          ok: false,
          fieldErrors: {},
          formError: "Inflowave could not be reached. Check your connection and try again.",
        };
      }
      if (result.ok) {
        setKey(EMPTY_KEY);
        setErrors({});
        setOpen(false);
        onCreated(result);
      } else {
        setErrors(result.fieldErrors);
        setFormError(result.formError ?? result.fieldErrors.region?.[0]);
      }
    });
  }

  return (
    <div className="rounded-xl border border-gray-200 bg-gray-50/60" data-testid="create-smtp-credentials">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
        disabled={disabled}
        className={`${textButtonClasses} w-full px-4 py-3 text-left`}
      >
        <ChevronRightIcon className={`size-4 transition-transform ${open ? "rotate-90" : ""}`} />
        <SparklesIcon className="size-4" />
        No SMTP credentials yet? Let Inflowave create them in your AWS account
      </button>
      <div id={panelId} hidden={!open} className="space-y-4 border-t border-gray-200 px-4 pt-4 pb-5 text-sm">
        {open && (
          <>
            <p className="text-gray-700">
              Inflowave does what the SES console&apos;s “Create SMTP credentials” does, in {describeSesRegion(region)}:
              it creates an IAM user, adds it to the <span className="font-mono">{SENDING_GROUP_NAME}</span> group
              (made, with a policy that only allows <span className="font-mono">ses:SendRawEmail</span>, if it
              doesn&apos;t exist), creates the user&apos;s access key and turns its secret into the SMTP password. The
              password is stored encrypted and is never shown; the secret key is not kept at all.
            </p>
            <p className="text-gray-600">
              Use an administrator&apos;s access key: it is used for this request only and is not stored. It needs{" "}
              {CONSOLE_CREDENTIAL_PERMISSIONS.map((action, index) => (
                <span key={action}>
                  {index > 0 && (index === CONSOLE_CREDENTIAL_PERMISSIONS.length - 1 ? " and " : ", ")}
                  <span className="font-mono text-[0.8125rem]">{action}</span>
                </span>
              ))}
              . An IAM user can have at most two access keys, so Inflowave always creates a new user.
            </p>
            <AwsAccessKeyFields
              idPrefix="create-credentials"
              values={key}
              onChange={setKey}
              errors={errors}
              disabled={pending}
            />
            <TextField
              id="create-credentials-user-name"
              label="IAM user name"
              value={userName}
              onChange={(event) => setUserName(event.target.value)}
              messages={messagesFor("userName", [], true, errors.userName)}
              placeholder="ses-smtp-user.YYYYMMDD-HHMMSS"
              hint="Leave empty for a name like the console's, with today's date and time."
              optional
              spellCheck={false}
              disabled={pending}
              inputClassName="font-mono"
            />
            {formError && (
              <Callout tone="error" title="The SMTP credentials could not be created">
                {formError}
              </Callout>
            )}
            <Button type="button" onClick={create} disabled={pending || disabled}>
              {pending && <SpinnerIcon className="size-4" />}
              {pending ? "Creating SMTP credentials…" : "Create SMTP credentials"}
            </Button>
          </>
        )}
      </div>
    </div>
  );
}
