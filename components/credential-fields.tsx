"use client";

import { useState } from "react";
import { deriveSmtpPassword } from "@/lib/ses/smtp-password";
import { describeSesRegion } from "@/lib/ses/regions";
import { Button } from "./button";
import { Callout } from "./callout";
import type { FieldMessages, ShownMessage } from "./field-messages";
import { TextField } from "./form-field";
import { EyeIcon, EyeSlashIcon, SparklesIcon, SpinnerIcon } from "./icons";

/**
 * The SMTP user name and password, checked as they are typed or pasted. When the password is an
 * AWS secret access key, the person can turn it into the SMTP password here: deriveSmtpPassword
 * runs on Web Crypto in this tab, so the secret key is never sent anywhere.
 */
export function CredentialFields({
  idPrefix,
  region,
  username,
  password,
  onUsernameChange,
  onPasswordChange,
  usernameMessages,
  passwordMessages,
  onReveal,
  announce,
  usernamePlaceholder = "AKIA…",
}: {
  idPrefix: string;
  region: string;
  username: string;
  password: string;
  onUsernameChange: (value: string) => void;
  onPasswordChange: (value: string) => void;
  usernameMessages: FieldMessages;
  passwordMessages: FieldMessages;
  /** The person left or pasted into a field: its errors may show now. */
  onReveal: (field: "username" | "password") => void;
  announce: (message: string) => void;
  usernamePlaceholder?: string;
}) {
  const [showPassword, setShowPassword] = useState(false);
  const [deriving, setDeriving] = useState(false);
  const [derivedFor, setDerivedFor] = useState<string | null>(null);
  const [deriveError, setDeriveError] = useState<string | null>(null);
  const usernameId = `${idPrefix}-username`;
  const passwordId = `${idPrefix}-password`;

  async function derive() {
    setDeriving(true);
    setDeriveError(null);
    try {
      const smtpPassword = await deriveSmtpPassword(password, region);
      onPasswordChange(smtpPassword);
      setDerivedFor(region);
      announce(
        `Done. The password field now holds the SMTP password for ${describeSesRegion(region)}, derived in your browser from your secret access key.`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : "The SMTP password could not be derived.";
      setDeriveError(message);
      announce(message);
    } finally {
      setDeriving(false);
    }
  }

  function renderOffer(message: ShownMessage) {
    if (message.offer !== "derive-smtp-password") return null;
    return (
      <div className="mt-3 flex flex-col gap-2 rounded-lg border border-indigo-200 bg-indigo-50/60 p-3 sm:flex-row sm:items-center">
        <Button onClick={derive} disabled={deriving || !region}>
          {deriving ? <SpinnerIcon className="size-4" /> : <SparklesIcon className="size-4" />}
          {deriving ? "Deriving…" : "Derive the SMTP password"}
        </Button>
        <p className="text-xs text-gray-600">
          For <span className="font-mono">{region}</span>, in this browser tab: the secret key is never sent anywhere.
        </p>
        {deriveError && <p className="text-sm text-red-700">{deriveError}</p>}
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <TextField
        id={usernameId}
        label="SMTP user name"
        value={username}
        onChange={(event) => onUsernameChange(event.target.value)}
        onBlur={() => onReveal("username")}
        onPaste={() => onReveal("username")}
        messages={usernameMessages}
        placeholder={usernamePlaceholder}
        autoComplete="off"
        spellCheck={false}
        autoCapitalize="none"
        inputClassName="font-mono"
        hint="20 characters starting with AKIA, from the credentials AWS showed you (or the .csv file)."
      />
      <TextField
        id={passwordId}
        label="SMTP password"
        type={showPassword ? "text" : "password"}
        value={password}
        onChange={(event) => {
          setDerivedFor(null);
          onPasswordChange(event.target.value);
        }}
        onBlur={() => onReveal("password")}
        onPaste={() => onReveal("password")}
        messages={passwordMessages}
        renderOffer={renderOffer}
        autoComplete="new-password"
        spellCheck={false}
        autoCapitalize="none"
        data-1p-ignore
        data-lpignore="true"
        inputClassName="font-mono"
        hint="44 characters starting with B. Not your AWS secret access key, although the two look alike."
        trailing={
          <button
            type="button"
            onClick={() => setShowPassword(!showPassword)}
            aria-controls={passwordId}
            aria-pressed={showPassword}
            className="flex size-8 items-center justify-center rounded-md text-gray-500 hover:bg-gray-100 hover:text-gray-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            {showPassword ? <EyeSlashIcon className="size-5" /> : <EyeIcon className="size-5" />}
            <span className="sr-only">Show password</span>
          </button>
        }
      />
      {derivedFor && (
        <Callout tone="success" title={`SMTP password derived for ${describeSesRegion(derivedFor)}`}>
          <p>
            The password field now holds the SMTP password made from your AWS secret access key. This happened in your
            browser; the secret key was not sent anywhere. For it to work, the user name must be the access key ID
            (AKIA…) of that same key, and its IAM user must be allowed to send with SES (
            <code className="font-mono text-[0.8125rem]">ses:SendRawEmail</code>).
          </p>
        </Callout>
      )}
      <Callout tone="neutral" title="AWS shows the SMTP password only once">
        <p>
          You see it when you create the credentials, or in the .csv file you can download then. If it is lost, it
          can&rsquo;t be looked up again: delete that IAM user in the IAM console, then create SMTP credentials again in
          the SES console (SMTP settings → Create SMTP credentials).
        </p>
      </Callout>
    </div>
  );
}
