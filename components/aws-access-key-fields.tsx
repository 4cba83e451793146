"use client";

import { useState } from "react";
import { messagesFor, type ServerFieldErrors } from "./field-messages";
import { TextField } from "./form-field";
import { EyeIcon, EyeSlashIcon } from "./icons";

export interface AwsAccessKeyValues {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * An AWS access key's two fields. The secret is a password field (hidden until asked), never
 * autofilled or spell-checked, and lives only in this form's state until it is submitted.
 */
export function AwsAccessKeyFields({
  idPrefix,
  values,
  onChange,
  errors,
  disabled,
  secretHint,
}: {
  idPrefix: string;
  values: AwsAccessKeyValues;
  onChange: (values: AwsAccessKeyValues) => void;
  errors: ServerFieldErrors;
  disabled?: boolean;
  secretHint?: string;
}) {
  const [showSecret, setShowSecret] = useState(false);
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField
        id={`${idPrefix}-access-key-id`}
        label="Access key ID"
        value={values.accessKeyId}
        onChange={(event) => onChange({ ...values, accessKeyId: event.target.value })}
        messages={messagesFor("accessKeyId", [], true, errors.accessKeyId)}
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="characters"
        placeholder="AKIA…"
        disabled={disabled}
        inputClassName="font-mono"
      />
      <TextField
        id={`${idPrefix}-secret-access-key`}
        label="Secret access key"
        type={showSecret ? "text" : "password"}
        value={values.secretAccessKey}
        onChange={(event) => onChange({ ...values, secretAccessKey: event.target.value })}
        messages={messagesFor("secretAccessKey", [], true, errors.secretAccessKey)}
        autoComplete="new-password"
        spellCheck={false}
        autoCapitalize="off"
        disabled={disabled}
        hint={secretHint}
        inputClassName="font-mono"
        trailing={
          <button
            type="button"
            onClick={() => setShowSecret(!showSecret)}
            aria-label={showSecret ? "Hide the secret access key" : "Show the secret access key"}
            aria-pressed={showSecret}
            className="rounded-md p-1.5 text-gray-500 hover:text-gray-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            {showSecret ? <EyeSlashIcon className="size-5" /> : <EyeIcon className="size-5" />}
          </button>
        }
      />
    </div>
  );
}
