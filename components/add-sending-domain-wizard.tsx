"use client";

import { useRouter } from "next/navigation";
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  useTransition,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import { z } from "zod";
import { addSendingDomainAction } from "@/app/settings/email/actions";
import type { CreatedSmtpCredentialsView } from "@/app/settings/email/aws-actions";
import {
  checkCredentials,
  CREDENTIAL_FIELDS,
  CREDENTIAL_STEPS,
  type CredentialField,
  type CredentialInput,
} from "@/lib/ses/credential-checks";
import { DEFAULT_SMTP_PORT, tlsModeForPort } from "@/lib/ses/ports";
import { findSesRegion, smtpHostFor } from "@/lib/ses/regions";
import { BeforeYouStart, StepHelp, type WizardStepId } from "./add-sending-domain-help";
import { Button, textButtonClasses } from "./button";
import { Callout } from "./callout";
import { Card } from "./card";
import { ConfirmDialog } from "./confirm-dialog";
import { CreateSmtpCredentialsPanel } from "./create-smtp-credentials-panel";
import { CredentialFields } from "./credential-fields";
import { messagesFor, NO_MESSAGES, type FieldMessages, type ServerFieldErrors } from "./field-messages";
import { TextField } from "./form-field";
import { ArrowLeftIcon, ArrowRightIcon, SpinnerIcon } from "./icons";
import { useAnnouncer } from "./live-announcer";
import { RegionPicker } from "./region-picker";
import { SendingDomainStatusBadge } from "./sending-domain-status-badge";
import { SmtpHostField } from "./smtp-host-field";
import { SmtpPortPicker, TLS_MODE_LABEL } from "./smtp-port-picker";
import { TestSendButtons } from "./test-send-buttons";
import { TestSendStatus } from "./test-send-result";
import { useTestSend } from "./use-test-send";
import { WizardStepIndicator } from "./wizard-step-indicator";

/** What the wizard holds while the person types: the password stays a plain string in this tab only. */
type WizardValues = Omit<CredentialInput, "port" | "password"> & { port: number; password: string };

/**
 * What the browser-side checks see as the password while the server holds the one Inflowave
 * created: shaped like an SMTP password, so only the real checks on the server judge it.
 */
const PROVISIONED_PASSWORD_STAND_IN = "BA" + "A".repeat(42);

const INITIAL_VALUES: WizardValues = {
  domain: "",
  fromAddress: "",
  region: "",
  host: "",
  port: DEFAULT_SMTP_PORT,
  username: "",
  password: "",
};

interface StepDefinition {
  id: WizardStepId;
  label: string;
  title: string;
  /** The fields the shared checks validate when the step is submitted. */
  check: readonly CredentialField[];
  /** The fields shown on the step: server errors for them send the person back here. */
  fields: readonly string[];
}

const STEPS: readonly StepDefinition[] = [
  {
    id: "sender",
    label: "Sender",
    title: "Sending domain and From address",
    check: CREDENTIAL_STEPS.sender,
    fields: ["domain", "fromAddress"],
  },
  { id: "region", label: "Region", title: "AWS region", check: CREDENTIAL_STEPS.region, fields: ["region"] },
  {
    id: "connection",
    label: "Connection",
    title: "SMTP connection",
    check: CREDENTIAL_STEPS.connection,
    fields: ["host", "port"],
  },
  {
    id: "credentials",
    label: "Credentials",
    title: "SMTP credentials",
    check: CREDENTIAL_STEPS.credentials,
    fields: ["username", "password"],
  },
  { id: "test", label: "Test & save", title: "Send a test email, then save", check: [], fields: ["to"] },
];
const TEST_STEP = STEPS.length - 1;

const INPUT_IDS = {
  domain: "wizard-domain",
  fromAddress: "wizard-from",
  region: "wizard-region",
  host: "wizard-host",
  port: "wizard-port",
  username: "wizard-username",
  password: "wizard-password",
  to: "wizard-to",
} as const;

function inputIdOf(field: string): string | undefined {
  return Object.hasOwn(INPUT_IDS, field) ? INPUT_IDS[field as keyof typeof INPUT_IDS] : undefined;
}
// Radio groups are focused through their checked (or first enabled) radio.
const RADIO_GROUPS = new Set(["region", "port"]);

const FIELD_NAMES: Record<string, string> = {
  domain: "Sending domain",
  fromAddress: "From address",
  region: "Region",
  host: "SMTP host",
  port: "Port",
  username: "SMTP user name",
  password: "SMTP password",
  to: "Test recipient",
};

const emailSchema = z.email();

function stepOfField(field: string): number {
  const index = STEPS.findIndex((step) => step.fields.includes(field));
  return index < 0 ? TEST_STEP : index;
}

interface Problem {
  field: string;
  message: string;
}

interface LastTest {
  testSendId: string;
  ok: boolean;
  /** The settings version it tested: any later change makes it stale. */
  version: number;
  failure?: string;
}

/**
 * The "Add sending domain → Custom SMTP (Amazon SES)" wizard. The values live in React state only,
 * so the test send and the save use exactly what was typed, with nothing retyped and the password
 * never written to a URL, storage or server-rendered HTML.
 */
export function AddSendingDomainWizard({
  defaultTestRecipient,
  outboxHref,
}: {
  defaultTestRecipient: string;
  outboxHref?: string;
}) {
  const router = useRouter();
  const [values, setValues] = useState<WizardValues>(INITIAL_VALUES);
  const [version, setVersion] = useState(0);
  const [hostCustomized, setHostCustomized] = useState(false);
  const [step, setStep] = useState(0);
  const [furthest, setFurthest] = useState(0);
  const [to, setTo] = useState(defaultTestRecipient);
  const [revealed, setRevealed] = useState<ReadonlySet<string>>(() => new Set());
  const [serverErrors, setServerErrors] = useState<ServerFieldErrors>({});
  const [formError, setFormError] = useState<string>();
  const [lastTest, setLastTest] = useState<LastTest | null>(null);
  const [provisioned, setProvisioned] = useState<CreatedSmtpCredentialsView | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [saving, startSaving] = useTransition();
  const [navigating, setNavigating] = useState(false);
  const [focusRequest, setFocusRequest] = useState<{ field: string; at: number } | null>(null);
  const { announce, region: liveRegion } = useAnnouncer();
  const test = useTestSend();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const mounted = useRef(false);

  // With credentials Inflowave created, the server holds the password: the checks see a stand-in.
  const checkedValues = useMemo(
    () => (provisioned ? { ...values, password: PROVISIONED_PASSWORD_STAND_IN } : values),
    [values, provisioned],
  );
  const check = useMemo(() => checkCredentials(checkedValues), [checkedValues]);
  const current = STEPS[step] ?? STEPS[0]!;
  const testing = test.state.phase === "running";
  const testCurrent = lastTest && lastTest.version === version ? lastTest : null;
  const busy = saving || navigating;

  // A new step: move focus to its heading, so keyboard and screen reader users start at the top.
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  // Runs after the heading effect, so a field that needs attention wins the focus.
  useEffect(() => {
    if (!focusRequest) return;
    const id = inputIdOf(focusRequest.field);
    if (!id) return;
    const target = RADIO_GROUPS.has(focusRequest.field)
      ? (document.querySelector<HTMLInputElement>(`input[name="${id}"]:checked`) ??
        document.querySelector<HTMLInputElement>(`input[name="${id}"]:not(:disabled)`))
      : document.getElementById(id);
    target?.focus();
  }, [focusRequest]);

  function reveal(...fields: string[]) {
    setRevealed((previous) => {
      if (fields.every((field) => previous.has(field))) return previous;
      return new Set([...previous, ...fields]);
    });
  }

  function clearServerErrors(...fields: string[]) {
    setServerErrors((previous) => {
      if (!fields.some((field) => previous[field])) return previous;
      const next = { ...previous };
      for (const field of fields) delete next[field];
      return next;
    });
  }

  function update<K extends keyof WizardValues>(field: K, value: WizardValues[K]) {
    setValues((previous) => ({ ...previous, [field]: value }));
    setVersion((n) => n + 1);
    clearServerErrors(field);
    setFormError(undefined);
  }

  function chooseRegion(code: string) {
    setValues((previous) => ({
      ...previous,
      region: code,
      host: hostCustomized ? previous.host : (smtpHostFor(code) ?? ""),
    }));
    setVersion((n) => n + 1);
    reveal("region");
    clearServerErrors("region", "host");
  }

  /** The settings as the server takes them: a reference instead of the password Inflowave created. */
  function requestSettings() {
    return provisioned
      ? { ...values, password: "", provisionedCredentialId: provisioned.provisionedCredentialId }
      : { ...values };
  }

  function adoptCreatedCredentials(created: CreatedSmtpCredentialsView) {
    setProvisioned(created);
    setValues((previous) => ({ ...previous, username: created.username, password: "" }));
    setVersion((n) => n + 1);
    clearServerErrors("username", "password");
    announce(
      `SMTP credentials created: IAM user ${created.iamUserName}, SMTP user name ${created.username}. The password is stored encrypted; continue to send a test.`,
    );
  }

  function switchToOwnCredentials() {
    setProvisioned(null);
    setValues((previous) => ({ ...previous, username: "", password: "" }));
    setVersion((n) => n + 1);
    setFocusRequest({ field: "username", at: Date.now() });
  }

  function messages(field: CredentialField): FieldMessages {
    return messagesFor(field, check.findings, revealed.has(field), serverErrors[field]);
  }

  function goTo(index: number) {
    setStep(index);
    setFurthest((previous) => Math.max(previous, index));
  }

  function failAt(problems: Problem[]) {
    const first = problems[0];
    if (!first) return;
    reveal(...problems.map((problem) => problem.field));
    const target = stepOfField(first.field);
    if (target !== step) goTo(target);
    const fields = new Set(problems.map((problem) => problem.field));
    announce(
      `${fields.size === 1 ? "One field needs" : `${fields.size} fields need`} attention. ${
        FIELD_NAMES[first.field] ?? first.field
      }: ${first.message}`,
    );
    setFocusRequest({ field: first.field, at: Date.now() });
  }

  function errorsOf(fields: readonly CredentialField[], shownFields: readonly string[]): Problem[] {
    const result = checkCredentials(checkedValues, fields);
    return [
      ...result.findings
        .filter((finding) => finding.severity === "error")
        .map((finding) => ({ field: finding.field, message: finding.message })),
      ...shownFields.flatMap((field) => (serverErrors[field] ?? []).map((message) => ({ field, message }))),
    ];
  }

  function validateAll(): boolean {
    const problems = errorsOf(CREDENTIAL_FIELDS, CREDENTIAL_FIELDS);
    if (problems.length === 0) return true;
    failAt(problems);
    return false;
  }

  function submitStep(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (current.id === "test") {
      void sendTest();
      return;
    }
    reveal(...current.fields);
    const problems = errorsOf(current.check, current.fields);
    if (problems.length > 0) {
      failAt(problems);
      return;
    }
    goTo(step + 1);
  }

  // Enter on a radio button advances too (browsers only submit on Enter in text fields).
  function submitOnEnter(event: KeyboardEvent<HTMLFormElement>) {
    const target = event.target;
    if (event.key === "Enter" && target instanceof HTMLInputElement && target.type === "radio") {
      event.preventDefault();
      event.currentTarget.requestSubmit();
    }
  }

  const toMessages: FieldMessages = useMemo(() => {
    const errors = [
      ...(revealed.has("to") && !emailSchema.safeParse(to.trim()).success
        ? [
            {
              key: "invalid-to",
              severity: "error" as const,
              message:
                to.trim() === ""
                  ? "Enter the address to send the test email to."
                  : "Enter a valid email address for the test, e.g. you@example.com.",
            },
          ]
        : []),
      ...(serverErrors.to ?? []).map((message, index) => ({
        key: `server-${index}`,
        severity: "error" as const,
        message,
      })),
    ];
    return errors.length > 0 ? { errors, notes: [] } : NO_MESSAGES;
  }, [revealed, to, serverErrors.to]);

  async function sendTest() {
    reveal("to");
    if (!validateAll()) return;
    if (!emailSchema.safeParse(to.trim()).success) {
      failAt([{ field: "to", message: toMessages.errors[0]?.message ?? "Enter a valid email address for the test." }]);
      return;
    }
    clearServerErrors("to");
    setFormError(undefined);
    const testedVersion = version;
    const finish = await test.run({ kind: "unsaved", settings: requestSettings(), to: to.trim() });
    if (!finish) return;
    if (finish.phase === "done") {
      const { result } = finish;
      const failedStage = result.stages.find((stage) => stage.status === "failed");
      setLastTest({
        testSendId: finish.testSendId,
        ok: result.ok,
        version: testedVersion,
        failure: result.diagnosis?.title,
      });
      announce(
        result.ok
          ? `Test email sent to ${finish.to}. Amazon SES accepted it. You can save the sending domain now.`
          : `The test failed${failedStage ? ` at ${failedStage.label}` : ""}. ${result.diagnosis?.title ?? ""}`,
      );
      return;
    }
    const problems = Object.entries(finish.fieldErrors).flatMap(([field, list]) =>
      (list ?? []).map((message) => ({ field, message })),
    );
    if (problems.length > 0) {
      setServerErrors(finish.fieldErrors);
      failAt(problems);
    } else {
      announce(finish.message);
    }
  }

  function requestSave() {
    if (!validateAll()) return;
    if (testCurrent?.ok) save(testCurrent.testSendId);
    else setConfirmOpen(true);
  }

  function save(testSendId: string | undefined) {
    setFormError(undefined);
    startSaving(async () => {
      let result: Awaited<ReturnType<typeof addSendingDomainAction>>;
      try {
        result = await addSendingDomainAction({ settings: requestSettings(), ...(testSendId ? { testSendId } : {}) });
      } catch {
        result = {
          ok: false,
          fieldErrors: {},
          formError: "Inflowave could not be reached to save. Check your connection and try again.",
        };
      }
      if (result.ok) {
        setNavigating(true);
        announce("Saved. Opening the sending domain.");
        router.push(`/settings/email/${result.sendingDomainId}?saved=1`);
        return;
      }
      setConfirmOpen(false);
      setServerErrors(result.fieldErrors);
      setFormError(result.formError);
      const problems = Object.entries(result.fieldErrors).flatMap(([field, list]) =>
        (list ?? []).map((message) => ({ field, message })),
      );
      if (problems.length > 0) failAt(problems);
      else announce(result.formError ?? "Your settings could not be saved.");
    });
  }

  const region = findSesRegion(values.region);
  const tlsMode = tlsModeForPort(values.port);

  return (
    <div className="grid gap-8 xl:grid-cols-[minmax(0,1fr)_20rem]">
      {liveRegion}
      <div className="min-w-0">
        <WizardStepIndicator
          steps={STEPS}
          current={step}
          furthest={furthest}
          onSelect={(index) => {
            if (!testing && !busy) goTo(index);
          }}
        />
        <form
          key={current.id}
          noValidate
          onSubmit={submitStep}
          onKeyDown={submitOnEnter}
          aria-labelledby="wizard-step-heading"
          data-testid={`wizard-step-${step + 1}`}
          className="mt-6"
        >
          <Card>
            <div className="border-b border-gray-100 px-4 py-5 sm:px-6">
              <h2
                id="wizard-step-heading"
                ref={headingRef}
                tabIndex={-1}
                className="rounded-sm text-lg font-semibold text-gray-900 outline-none focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-indigo-600"
              >
                <span className="block text-xs font-semibold tracking-wide text-indigo-600 uppercase">
                  Step {step + 1} of {STEPS.length}
                  <span className="sr-only">:</span>
                </span>
                {current.title}
              </h2>
              <p className="mt-1 text-sm text-gray-600">{stepDescription(current.id, values.region)}</p>
            </div>

            <div className="space-y-6 px-4 py-6 sm:px-6">
              {current.id === "sender" && (
                <>
                  <Callout tone="info" title="Before you start" className="xl:hidden">
                    You&rsquo;ll need your domain verified in Amazon SES and SMTP credentials for the same AWS region.{" "}
                    <a
                      href="#before-you-start"
                      className="rounded-sm font-medium text-indigo-600 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                    >
                      What you need from AWS
                    </a>
                  </Callout>
                  <TextField
                    id={INPUT_IDS.domain}
                    label="Sending domain"
                    value={values.domain}
                    onChange={(event) => update("domain", event.target.value)}
                    onBlur={() => reveal("domain")}
                    messages={messages("domain")}
                    placeholder="example.com"
                    autoComplete="off"
                    autoCapitalize="none"
                    spellCheck={false}
                    hint="The domain you verified in Amazon SES, e.g. example.com or mail.example.com."
                  />
                  <TextField
                    id={INPUT_IDS.fromAddress}
                    label="From address"
                    type="email"
                    value={values.fromAddress}
                    onChange={(event) => update("fromAddress", event.target.value)}
                    onBlur={() => reveal("fromAddress")}
                    messages={messages("fromAddress")}
                    placeholder={`hello@${check.cleaned.domain && !messages("domain").errors.length ? check.cleaned.domain : "example.com"}`}
                    autoComplete="off"
                    autoCapitalize="none"
                    spellCheck={false}
                    hint="Your emails come from this address. It must be at the sending domain or one of its subdomains."
                  />
                </>
              )}

              {current.id === "region" && (
                <RegionPicker
                  id={INPUT_IDS.region}
                  value={values.region}
                  onChange={chooseRegion}
                  messages={messages("region")}
                  domain={check.cleaned.domain}
                />
              )}

              {current.id === "connection" && (
                <>
                  <SmtpHostField
                    id={INPUT_IDS.host}
                    region={values.region}
                    value={values.host}
                    onChange={(host, customized) => {
                      setHostCustomized(customized);
                      update("host", host);
                    }}
                    onBlur={() => reveal("host")}
                    messages={messages("host")}
                  />
                  <SmtpPortPicker
                    id={INPUT_IDS.port}
                    value={values.port}
                    onChange={(port) => update("port", port)}
                    messages={messages("port")}
                  />
                </>
              )}

              {current.id === "credentials" &&
                (provisioned ? (
                  <CreatedCredentialsSummary
                    created={provisioned}
                    currentRegion={values.region}
                    messages={[...messages("username").errors, ...messages("password").errors].map((m) => m.message)}
                    onUseOwn={switchToOwnCredentials}
                  />
                ) : (
                  <>
                    <CredentialFields
                      idPrefix="wizard"
                      region={values.region}
                      username={values.username}
                      password={values.password}
                      onUsernameChange={(value) => update("username", value)}
                      onPasswordChange={(value) => update("password", value)}
                      usernameMessages={messages("username")}
                      passwordMessages={messages("password")}
                      onReveal={(field) => reveal(field)}
                      announce={announce}
                    />
                    <CreateSmtpCredentialsPanel
                      region={values.region}
                      onCreated={adoptCreatedCredentials}
                      disabled={busy}
                    />
                  </>
                ))}

              {current.id === "test" && (
                <>
                  <SettingsSummary
                    values={values}
                    passwordCreated={provisioned !== null}
                    regionName={region?.name}
                    tlsLabel={tlsMode ? TLS_MODE_LABEL[tlsMode] : undefined}
                    onEdit={(index) => goTo(index)}
                    disabled={testing || busy}
                  />
                  <div>
                    <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
                      <TextField
                        id={INPUT_IDS.to}
                        className="min-w-0 flex-1"
                        label="Send a test email to"
                        type="email"
                        value={to}
                        onChange={(event) => {
                          setTo(event.target.value);
                          clearServerErrors("to");
                        }}
                        onBlur={() => reveal("to")}
                        messages={toMessages}
                        autoComplete="email"
                        hint="While your account is in the SES sandbox, this address must be verified in SES too."
                      />
                      <TestSendButtons
                        running={testing}
                        label={lastTest ? "Send again" : "Send test email"}
                        runningLabel="Sending…"
                        onStop={test.stop}
                        disabled={busy}
                        variant={testCurrent?.ok ? "secondary" : "primary"}
                      />
                    </div>
                  </div>
                  <TestSendStatus state={test.state} outboxHref={outboxHref} />
                  {lastTest && !testCurrent && !testing && (
                    <Callout tone="warning" title="You changed the settings after the last test">
                      Send the test again, so what you save is what was tested.
                    </Callout>
                  )}
                  {formError && (
                    <Callout tone="error" role="alert" title="Not saved">
                      {formError}
                    </Callout>
                  )}
                </>
              )}
            </div>

            <div className="flex flex-col-reverse gap-3 border-t border-gray-100 bg-gray-50/80 px-4 py-4 sm:flex-row sm:items-center sm:justify-between sm:px-6">
              <div>
                {step > 0 && (
                  <Button variant="secondary" onClick={() => goTo(step - 1)} disabled={testing || busy}>
                    <ArrowLeftIcon className="size-4" />
                    Back
                  </Button>
                )}
              </div>
              {current.id === "test" ? (
                <div className="flex flex-col gap-3 sm:flex-row sm:items-center">
                  <p id="wizard-save-note" className="flex items-center gap-2 text-sm whitespace-nowrap text-gray-600">
                    Saves as <SendingDomainStatusBadge status={testCurrent?.ok ? "verified" : "needs_attention"} />
                  </p>
                  <Button
                    onClick={requestSave}
                    aria-describedby="wizard-save-note"
                    variant={testCurrent?.ok ? "primary" : "secondary"}
                    disabled={testing || busy}
                  >
                    {busy && <SpinnerIcon className="size-4" />}
                    {busy ? "Saving…" : "Save sending domain"}
                  </Button>
                </div>
              ) : (
                <Button type="submit">
                  Continue
                  <ArrowRightIcon className="size-4" />
                </Button>
              )}
            </div>
          </Card>
        </form>
      </div>

      <aside aria-label="Help with this step" className="min-w-0 space-y-4 xl:sticky xl:top-24 xl:self-start">
        <Card className="p-5">
          <StepHelp step={current.id} region={values.region} />
        </Card>
        <section id="before-you-start" aria-labelledby="before-you-start-heading" className="scroll-mt-24">
          <Card className="p-5">
            <h2 id="before-you-start-heading" className="text-sm font-semibold text-gray-900">
              Before you start
            </h2>
            <p className="mt-1 text-sm text-gray-600">What you need from AWS, mostly done once in its console.</p>
            <div className="mt-4">
              <BeforeYouStart />
            </div>
          </Card>
        </section>
      </aside>

      <ConfirmDialog
        open={confirmOpen}
        title={testCurrent ? "Save with a failed test?" : "Save without a test?"}
        confirmLabel="Save anyway"
        pendingLabel="Saving…"
        pending={busy}
        onConfirm={() => save(testCurrent?.testSendId)}
        onCancel={() => setConfirmOpen(false)}
      >
        <p>
          {testCurrent
            ? `The last test with these settings failed${testCurrent.failure ? `: ${testCurrent.failure}` : ""}.`
            : lastTest
              ? "You changed the settings since the last test, so they have not been tested."
              : "You haven't sent a test email with these settings yet."}
        </p>
        <p>
          You can save now and fix it later: {check.cleaned.domain ?? "the domain"} will be marked{" "}
          <strong className="font-semibold text-gray-900">Needs attention</strong> until a test passes.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function stepDescription(step: WizardStepId, region: string): string {
  switch (step) {
    case "sender":
      return "The domain you send from and the address your emails come from. Amazon SES must have the domain verified.";
    case "region":
      return "The AWS region your Amazon SES account sends from. The SMTP server follows from it.";
    case "connection":
      return "How Inflowave connects to Amazon SES. The defaults suit almost everyone.";
    case "credentials":
      return `The SMTP user name and password you created in the SES console${region ? ` for ${region}` : ""}.`;
    case "test":
      return "Send a real email through Amazon SES with these settings. Nothing is stored until you save.";
  }
}

function SettingsSummary({
  values,
  passwordCreated,
  regionName,
  tlsLabel,
  onEdit,
  disabled,
}: {
  values: WizardValues;
  passwordCreated: boolean;
  regionName?: string;
  tlsLabel?: string;
  onEdit: (step: number) => void;
  disabled: boolean;
}) {
  const rows: { label: string; value: ReactNode; step: number; editLabel: string }[] = [
    { label: "Sending domain", value: values.domain.trim(), step: 0, editLabel: "Edit the sending domain" },
    { label: "From address", value: values.fromAddress.trim(), step: 0, editLabel: "Edit the From address" },
    {
      label: "Region",
      value: (
        <>
          {regionName} <span className="font-mono text-gray-500">· {values.region}</span>
        </>
      ),
      step: 1,
      editLabel: "Change the region",
    },
    {
      label: "SMTP server",
      value: (
        <>
          <span className="font-mono break-all">{values.host.trim() || smtpHostFor(values.region)}</span>
          <span className="text-gray-500">
            {" "}
            · port {values.port}
            {tlsLabel ? ` · ${tlsLabel}` : ""}
          </span>
        </>
      ),
      step: 2,
      editLabel: "Edit the SMTP connection",
    },
    {
      label: "SMTP user name",
      value: <span className="font-mono break-all">{values.username.trim()}</span>,
      step: 3,
      editLabel: "Edit the SMTP user name",
    },
    {
      label: "SMTP password",
      value: passwordCreated ? "Created by Inflowave (stored encrypted)" : "Entered (hidden)",
      step: 3,
      editLabel: "Edit the SMTP password",
    },
  ];
  return (
    <div className="rounded-xl border border-gray-200">
      <h3 className="border-b border-gray-100 px-4 py-3 text-sm font-semibold text-gray-900">Your settings</h3>
      <dl className="divide-y divide-gray-100">
        {rows.map((row) => (
          <div key={row.label} className="flex items-start gap-3 px-4 py-2.5 text-sm">
            <div className="min-w-0 flex-1 sm:grid sm:grid-cols-[9rem_minmax(0,1fr)] sm:gap-3">
              <dt className="text-gray-500">{row.label}</dt>
              <dd className="mt-0.5 min-w-0 break-words text-gray-900 sm:mt-0">{row.value}</dd>
            </div>
            <dd className="shrink-0">
              <button type="button" className={textButtonClasses} onClick={() => onEdit(row.step)} disabled={disabled}>
                Edit<span className="sr-only">: {row.editLabel}</span>
              </button>
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The credentials Inflowave created, in place of the user name and password fields. */
function CreatedCredentialsSummary({
  created,
  currentRegion,
  messages,
  onUseOwn,
}: {
  created: CreatedSmtpCredentialsView;
  currentRegion: string;
  messages: string[];
  onUseOwn: () => void;
}) {
  const otherRegion = created.region !== currentRegion;
  return (
    <div className="space-y-3" data-testid="created-credentials">
      <Callout tone={otherRegion ? "warning" : "success"} title="SMTP credentials created in your AWS account">
        <dl className="mt-1 grid gap-x-4 gap-y-1 sm:grid-cols-[9rem_minmax(0,1fr)]">
          <dt className="text-gray-600">IAM user</dt>
          <dd className="font-mono break-all">{created.iamUserName}</dd>
          <dt className="text-gray-600">SMTP user name</dt>
          <dd className="font-mono break-all">{created.username}</dd>
          <dt className="text-gray-600">SMTP password</dt>
          <dd>
            Made for {created.region}, stored encrypted by Inflowave. It is never shown, so there is nothing to copy.
          </dd>
        </dl>
        {created.groupCreated && (
          <p className="mt-2">The sending group did not exist yet, so Inflowave created it with its policy.</p>
        )}
        {otherRegion && (
          <p className="mt-2">
            The wizard&apos;s region is now {currentRegion}: an SMTP password only works in the region it was made for.
            Go back to the region step and pick {created.region}, or use your own credentials.
          </p>
        )}
      </Callout>
      {messages.map((message) => (
        <p key={message} className="text-sm text-red-700">
          {message}
        </p>
      ))}
      <button type="button" className={textButtonClasses} onClick={onUseOwn}>
        Use other SMTP credentials instead
      </button>
    </div>
  );
}
