import Link from "next/link";
import type { TestSendOutcomeView } from "@/lib/email-settings/test-send-events";
import { DiagnosisPanel } from "./diagnosis-panel";
import { CheckCircleIcon, InboxIcon, SpinnerIcon, XCircleIcon } from "./icons";
import { SmtpTranscript } from "./smtp-transcript";
import { formatDuration, TestSendProgress } from "./test-send-progress";
import type { TestSendState } from "./use-test-send";

/**
 * A test send as it runs and once it is done: the stages live, then the verdict, the SES message id
 * or the diagnosis, and the transcript behind a toggle. Shared by the wizard and the domain page.
 */
export function TestSendStatus({ state, outboxHref }: { state: TestSendState; outboxHref?: string }) {
  switch (state.phase) {
    case "idle":
      return null;
    case "running":
      return (
        <div className="space-y-3" aria-busy="true">
          <p className="flex items-center gap-2 text-sm font-medium text-gray-900">
            <SpinnerIcon className="size-4 text-indigo-600" />
            Sending a test email to {state.to}…
          </p>
          <TestSendProgress stages={state.stages} running />
        </div>
      );
    case "rejected":
      return (
        <div className="space-y-3">
          <div role="alert" className="flex gap-3 rounded-xl border border-red-200 bg-red-50/70 p-4">
            <XCircleIcon className="mt-0.5 size-5 shrink-0 text-red-600" />
            <div className="text-sm/6 text-gray-700">
              <p className="font-semibold text-red-950">The test did not run to the end</p>
              <p>{state.message}</p>
            </div>
          </div>
          {state.stages.length > 0 && <TestSendProgress stages={state.stages} />}
        </div>
      );
    case "done":
      return <TestSendOutcome to={state.to} result={state.result} outboxHref={outboxHref} />;
  }
}

export function TestSendOutcome({
  to,
  result,
  outboxHref,
}: {
  to: string;
  result: TestSendOutcomeView;
  outboxHref?: string;
}) {
  return (
    <div data-testid="test-send-result" data-outcome={result.ok ? "sent" : "failed"} className="space-y-4">
      {result.ok ? (
        <div className="flex gap-3 rounded-xl border border-emerald-200 bg-emerald-50/70 p-4">
          <CheckCircleIcon className="mt-0.5 size-5 shrink-0 text-emerald-600" />
          <div className="min-w-0 flex-1 text-sm/6 text-gray-700">
            <p className="font-semibold text-emerald-950">Test email sent to {to}</p>
            <p>
              Amazon SES accepted the message in {formatDuration(result.durationMs)}. It usually arrives within a
              minute; check the spam folder if it doesn&rsquo;t.
            </p>
            {result.messageId && (
              <div className="mt-2 text-xs text-gray-600">
                <p>SES message ID</p>
                <code className="mt-1 inline-block rounded-md bg-white/80 px-1.5 py-0.5 font-mono break-all text-gray-800 ring-1 ring-emerald-200">
                  {result.messageId}
                </code>
              </div>
            )}
            {outboxHref && (
              <p className="mt-2">
                <Link
                  href={outboxHref}
                  className="inline-flex items-center gap-1 rounded-sm text-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                >
                  <InboxIcon className="size-4" />
                  See it in the development Outbox
                </Link>
              </p>
            )}
          </div>
        </div>
      ) : (
        <div className="flex gap-3 rounded-xl border border-red-200 bg-red-50/70 p-4">
          <XCircleIcon className="mt-0.5 size-5 shrink-0 text-red-600" />
          <div className="text-sm/6 text-gray-700">
            <p className="font-semibold text-red-950">The test email to {to} was not sent</p>
            <p>{failedStageSentence(result)} Below is what went wrong and how to fix it.</p>
          </div>
        </div>
      )}
      <TestSendProgress stages={result.stages} />
      {result.diagnosis && <DiagnosisPanel diagnosis={result.diagnosis} />}
      <SmtpTranscript transcript={result.transcript} />
    </div>
  );
}

function failedStageSentence(result: TestSendOutcomeView): string {
  const failed = result.stages.find((stage) => stage.status === "failed");
  return failed ? `It stopped at ${failed.label}, after ${formatDuration(result.durationMs)}.` : "It did not finish.";
}
