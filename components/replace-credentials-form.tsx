"use client";

import { useRouter } from "next/navigation";
import { useMemo, useRef, useState, useTransition, type FormEvent } from "react";
import { z } from "zod";
import { replaceCredentialAction } from "@/app/settings/email/actions";
import { checkCredentials, type CredentialField } from "@/lib/ses/credential-checks";
import { Button } from "./button";
import { Callout } from "./callout";
import { CredentialFields } from "./credential-fields";
import { messagesFor, NO_MESSAGES, type FieldMessages, type ServerFieldErrors } from "./field-messages";
import { TextField } from "./form-field";
import { KeyIcon, SpinnerIcon } from "./icons";
import { useAnnouncer } from "./live-announcer";
import { SmtpHostField } from "./smtp-host-field";
import { SmtpPortPicker } from "./smtp-port-picker";
import { TestSendButtons } from "./test-send-buttons";
import { TestSendStatus } from "./test-send-result";
import { useDomainVersion } from "./use-domain-version";
import { useTestSend } from "./use-test-send";

const FIELDS = ["host", "port", "username", "password"] as const satisfies readonly CredentialField[];
const emailSchema = z.email();

interface Values {
  host: string;
  port: number;
  username: string;
  password: string;
}

const INPUT_IDS: Record<string, string> = {
  host: "replace-host",
  username: "replace-username",
  password: "replace-password",
  to: "replace-to",
};

/**
 * New SMTP credentials for a saved domain. They must pass a test (kind "replacement") before
 * "Replace" is enabled; until then, and if anything fails, the stored credentials stay in use.
 */
export function ReplaceCredentialsForm({
  sendingDomainId,
  region,
  domainVersion,
  current,
  defaultTo,
  outboxHref,
}: {
  sendingDomainId: string;
  region: string;
  /** The domain's version this page shows: a replacement is refused once the domain moved past it. */
  domainVersion: number;
  current: { host: string; port: number; username: string };
  defaultTo: string;
  outboxHref?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Values>({ host: current.host, port: current.port, username: "", password: "" });
  const [version, setVersion] = useState(0);
  const [to, setTo] = useState(defaultTo);
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(() => new Set());
  const [serverErrors, setServerErrors] = useState<ServerFieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [lastTest, setLastTest] = useState<{ testSendId: string; ok: boolean; version: number } | null>(null);
  const [replaced, setReplaced] = useState(false);
  const [expectedVersion, noteVersion] = useDomainVersion(domainVersion);
  const [replacing, startReplacing] = useTransition();
  const { announce, region: liveRegion } = useAnnouncer();
  const test = useTestSend();
  const running = test.state.phase === "running";
  const openButtonRef = useRef<HTMLButtonElement>(null);
  // Once the form closes, focus goes back to the button that opens it (it is rendered again).
  const focusOpenButton = () => requestAnimationFrame(() => openButtonRef.current?.focus());

  const check = useMemo(() => checkCredentials({ ...values, region }), [values, region]);
  const passed = lastTest && lastTest.version === version && lastTest.ok ? lastTest : null;

  function messages(field: CredentialField): FieldMessages {
    return messagesFor(field, check.findings, revealed.has(field), serverErrors[field]);
  }

  function reveal(...fields: string[]) {
    setRevealed((previous) => new Set([...previous, ...fields]));
  }

  function update<K extends keyof Values>(field: K, value: Values[K]) {
    setValues((previous) => ({ ...previous, [field]: value }));
    setVersion((n) => n + 1);
    setServerErrors((previous) => ({ ...previous, [field]: undefined }));
    setFormError(undefined);
  }

  function openForm() {
    setValues({ host: current.host, port: current.port, username: "", password: "" });
    setVersion((n) => n + 1);
    setRevealed(new Set());
    setServerErrors({});
    setFormError(undefined);
    setReplaced(false);
    test.reset();
    setOpen(true);
    requestAnimationFrame(() => document.getElementById(INPUT_IDS.username!)?.focus());
  }

  function close() {
    test.reset();
    setValues({ host: current.host, port: current.port, username: "", password: "" });
    setOpen(false);
    focusOpenButton();
  }

  function focusFirst(field: string | undefined) {
    const id = field ? INPUT_IDS[field] : undefined;
    if (field === "port") document.querySelector<HTMLInputElement>('input[name="replace-port"]:checked')?.focus();
    else if (id) requestAnimationFrame(() => document.getElementById(id)?.focus());
  }

  async function sendTest(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    reveal(...FIELDS, "to");
    const errors = checkCredentials({ ...values, region }, FIELDS).findings.filter(
      (finding) => finding.severity === "error",
    );
    if (errors.length > 0) {
      announce(`${errors.length === 1 ? "One field needs" : `${errors.length} fields need`} attention.`);
      focusFirst(errors[0]?.field);
      return;
    }
    if (!emailSchema.safeParse(to.trim()).success) {
      announce("Enter a valid email address for the test.");
      focusFirst("to");
      return;
    }
    setServerErrors({});
    const testedVersion = version;
    const finish = await test.run({
      kind: "replacement",
      sendingDomainId,
      credential: { ...values },
      to: to.trim(),
    });
    if (!finish) return;
    if (finish.phase === "done") {
      setLastTest({ testSendId: finish.testSendId, ok: finish.result.ok, version: testedVersion });
      announce(
        finish.result.ok
          ? "The new credentials work. Choose Replace credentials to start using them."
          : `The test with the new credentials failed. ${finish.result.diagnosis?.title ?? ""} The current credentials stay in use.`,
      );
    } else {
      setServerErrors(finish.fieldErrors);
      const first = Object.keys(finish.fieldErrors)[0];
      announce(first ? (finish.fieldErrors[first]?.[0] ?? finish.message) : finish.message);
      focusFirst(first);
    }
  }

  function replace() {
    if (!passed) return;
    setFormError(undefined);
    startReplacing(async () => {
      let result: Awaited<ReturnType<typeof replaceCredentialAction>>;
      try {
        result = await replaceCredentialAction({
          sendingDomainId,
          credential: { ...values },
          testSendId: passed.testSendId,
          expectedVersion,
        });
      } catch {
        result = { ok: false, fieldErrors: {}, formError: "Inflowave could not be reached. Try again in a moment." };
      }
      if (result.ok) {
        test.reset();
        setOpen(false);
        setReplaced(true);
        setValues({ host: values.host, port: values.port, username: "", password: "" });
        announce("Credentials replaced. The new credentials are in use.");
        focusOpenButton();
        router.refresh();
        return;
      }
      const fieldErrors: ServerFieldErrors = result.fieldErrors;
      setServerErrors(fieldErrors);
      setFormError(result.formError);
      if (result.conflict) {
        // Someone changed the domain meanwhile: show the page as it is now; the passing test still counts.
        noteVersion(result.conflict.version);
        router.refresh();
      }
      const first = Object.keys(fieldErrors)[0];
      announce(first ? (fieldErrors[first]?.[0] ?? "") : (result.formError ?? "Not replaced."));
      focusFirst(first);
    });
  }

  const toMessages: FieldMessages =
    serverErrors.to && serverErrors.to.length > 0
      ? { errors: serverErrors.to.map((message, i) => ({ key: `s${i}`, severity: "error", message })), notes: [] }
      : revealed.has("to") && !emailSchema.safeParse(to.trim()).success
        ? {
            errors: [{ key: "to", severity: "error", message: "Enter a valid email address for the test." }],
            notes: [],
          }
        : NO_MESSAGES;

  if (!open) {
    return (
      <div className="space-y-4">
        {liveRegion}
        {replaced && (
          <Callout tone="success" role="status" title="Credentials replaced">
            The new credentials passed their test and are now in use. The old ones are no longer stored; you can delete
            their IAM user in AWS.
          </Callout>
        )}
        <div className="flex flex-col gap-4 rounded-xl border border-gray-200 bg-white p-4 shadow-xs sm:flex-row sm:items-center sm:justify-between sm:p-5">
          <p className="flex gap-3 text-sm text-gray-600">
            <KeyIcon className="mt-0.5 size-5 shrink-0 text-gray-400" />
            <span>
              Rotating keys, or the password was lost? Enter new SMTP credentials for{" "}
              <span className="font-mono text-gray-800">{region}</span>. The current ones stay in use until the new ones
              pass a test.
            </span>
          </p>
          <Button ref={openButtonRef} variant="secondary" onClick={openForm}>
            Replace credentials
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="rounded-xl border border-gray-200 bg-white shadow-xs">
      {liveRegion}
      <form noValidate onSubmit={sendTest} aria-labelledby="replace-heading">
        <div className="border-b border-gray-100 px-4 py-4 sm:px-6">
          <h3 id="replace-heading" className="text-sm font-semibold text-gray-900">
            New SMTP credentials
          </h3>
          <p className="mt-1 text-sm text-gray-600">
            The current credentials (<span className="font-mono">{current.username}</span>) stay in use until the new
            ones pass a test and you choose Replace. Nothing changes if you cancel.
          </p>
        </div>
        <div className="space-y-6 px-4 py-5 sm:px-6">
          <CredentialFields
            idPrefix="replace"
            region={region}
            username={values.username}
            password={values.password}
            onUsernameChange={(value) => update("username", value)}
            onPasswordChange={(value) => update("password", value)}
            usernameMessages={messages("username")}
            passwordMessages={messages("password")}
            onReveal={(field) => reveal(field)}
            announce={announce}
            usernamePlaceholder={`AKIA…, e.g. a new key instead of ${current.username}`}
          />
          <details className="group rounded-lg border border-gray-200 px-4 py-3 open:pb-4">
            <summary className="cursor-pointer text-sm font-semibold text-gray-900 marker:text-gray-400">
              Connection:{" "}
              <span className="font-normal text-gray-600">
                <span className="font-mono">{values.host}</span>, port {values.port}
              </span>
            </summary>
            <div className="mt-4 space-y-6">
              <SmtpHostField
                id={INPUT_IDS.host!}
                region={region}
                value={values.host}
                onChange={(host) => update("host", host)}
                onBlur={() => reveal("host")}
                messages={messages("host")}
              />
              <SmtpPortPicker
                id="replace-port"
                value={values.port}
                onChange={(port) => update("port", port)}
                messages={messages("port")}
              />
            </div>
          </details>
          <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
            <TextField
              id={INPUT_IDS.to!}
              className="min-w-0 flex-1"
              label="Send the test email to"
              type="email"
              value={to}
              onChange={(event) => {
                setTo(event.target.value);
                setServerErrors((previous) => ({ ...previous, to: undefined }));
              }}
              onBlur={() => reveal("to")}
              messages={toMessages}
              autoComplete="email"
            />
            <TestSendButtons
              running={running}
              label="Test new credentials"
              runningLabel="Testing…"
              onStop={test.stop}
              disabled={replacing}
              variant={passed ? "secondary" : "primary"}
            />
          </div>
          <TestSendStatus state={test.state} outboxHref={outboxHref} />
          {lastTest && lastTest.version !== version && !running && (
            <Callout tone="warning" title="You changed the credentials after the test">
              Test them again before replacing.
            </Callout>
          )}
          {formError && (
            <Callout tone="error" role="alert" title="Not replaced">
              {formError}
            </Callout>
          )}
        </div>
        <div className="flex flex-col-reverse gap-3 border-t border-gray-100 bg-gray-50/80 px-4 py-4 sm:flex-row sm:items-center sm:justify-between sm:px-6">
          <Button variant="secondary" onClick={close} disabled={replacing}>
            Cancel
          </Button>
          <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
            <p id="replace-note" className="text-sm text-gray-600 sm:text-right">
              {passed
                ? "The new credentials passed their test."
                : "Enabled once a test with the new credentials passes."}
            </p>
            <Button onClick={replace} disabled={!passed || replacing || running} aria-describedby="replace-note">
              {replacing && <SpinnerIcon className="size-4" />}
              {replacing ? "Replacing…" : "Replace credentials"}
            </Button>
          </div>
        </div>
      </form>
    </div>
  );
}
