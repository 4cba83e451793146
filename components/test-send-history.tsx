import type { TestSendSummary } from "@/lib/data/test-sends";
import { Card } from "./card";
import { DiagnosisPanel, type DiagnosisView } from "./diagnosis-panel";
import { FormattedDate } from "./formatted-date";
import { CheckCircleIcon, ChevronRightIcon, XCircleIcon } from "./icons";
import { SmtpTranscript } from "./smtp-transcript";
import { formatDuration, TestSendProgress } from "./test-send-progress";

export interface TestSendHistoryEntry {
  test: TestSendSummary;
  /** Why it failed, when it did; worked out on the server from the stored reply and cause. */
  diagnosis?: DiagnosisView;
}

/** Past test sends of a domain, newest first; each one opens to its stages, diagnosis and transcript. */
export function TestSendHistory({ entries }: { entries: TestSendHistoryEntry[] }) {
  return (
    <Card>
      <ul data-testid="test-send-history" className="divide-y divide-gray-100">
        {entries.map(({ test, diagnosis }, index) => {
          const sent = test.outcome === "sent";
          return (
            <li key={test.id}>
              {/* The newest test starts open when it failed: its diagnosis is what the person needs next. */}
              <details className="group" open={index === 0 && !sent}>
                <summary className="flex cursor-pointer list-none items-start gap-3 px-4 py-3.5 hover:bg-gray-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600 sm:px-5 [&::-webkit-details-marker]:hidden">
                  {sent ? (
                    <CheckCircleIcon className="mt-0.5 size-5 shrink-0 text-emerald-600" />
                  ) : (
                    <XCircleIcon className="mt-0.5 size-5 shrink-0 text-red-600" />
                  )}
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
                      <span className={`text-sm font-semibold ${sent ? "text-emerald-800" : "text-red-800"}`}>
                        {sent ? "Sent" : "Failed"}
                      </span>
                      {!sent && diagnosis && <span className="text-sm text-gray-900">{diagnosis.title}</span>}
                    </div>
                    <p className="mt-0.5 text-xs text-gray-500">
                      <span className="whitespace-nowrap">To {test.toAddress}</span>
                      <span aria-hidden="true"> · </span>
                      <FormattedDate date={test.startedAt} withTime />
                      <span aria-hidden="true"> · </span>
                      <span className="whitespace-nowrap">{formatDuration(test.durationMs)}</span>
                      {test.createdByName && (
                        <>
                          <span aria-hidden="true"> · </span>
                          <span className="whitespace-nowrap">by {test.createdByName}</span>
                        </>
                      )}
                    </p>
                    {sent && test.sesMessageId && (
                      <p className="mt-1 truncate font-mono text-xs text-gray-500" title={test.sesMessageId}>
                        {test.sesMessageId}
                      </p>
                    )}
                    {!sent && !diagnosis && test.diagnosisCause && (
                      <p className="mt-1 font-mono text-xs text-gray-500">{test.diagnosisCause}</p>
                    )}
                  </div>
                  <ChevronRightIcon className="mt-0.5 size-4 shrink-0 text-gray-400 transition-transform group-open:rotate-90" />
                  <span className="sr-only">Details</span>
                </summary>
                <div className="space-y-4 border-t border-gray-100 bg-gray-50/60 px-4 py-4 sm:px-5">
                  <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
                    <div>
                      <dt className="text-xs font-medium text-gray-500">From</dt>
                      <dd className="break-all text-gray-800">{test.fromAddress}</dd>
                    </div>
                    <div>
                      <dt className="text-xs font-medium text-gray-500">To</dt>
                      <dd className="break-all text-gray-800">{test.toAddress}</dd>
                    </div>
                    {test.sesMessageId && (
                      <div className="sm:col-span-2">
                        <dt className="text-xs font-medium text-gray-500">SES message ID</dt>
                        <dd className="font-mono text-xs break-all text-gray-800">{test.sesMessageId}</dd>
                      </div>
                    )}
                  </dl>
                  {test.stages.length > 0 && <TestSendProgress stages={test.stages} label="Stages of this test" />}
                  {diagnosis && <DiagnosisPanel diagnosis={diagnosis} headingLevel={4} />}
                  <SmtpTranscript transcript={test.transcript} />
                </div>
              </details>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
