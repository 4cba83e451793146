import { SMTP_STAGE_LABELS } from "@/lib/ses/causes";
import type { Diagnosis } from "@/lib/ses/diagnose";
import { DocLinkList } from "./external-link";
import { RefreshIcon, WarningIcon, XCircleIcon } from "./icons";

export type DiagnosisView = Pick<
  Diagnosis,
  "cause" | "title" | "summary" | "reasons" | "fixSteps" | "links" | "retryable" | "severity" | "stage" | "reply"
>;

/** Why a test failed and what to do about it, in the words of lib/ses/diagnose. */
export function DiagnosisPanel({ diagnosis, headingLevel = 3 }: { diagnosis: DiagnosisView; headingLevel?: 3 | 4 }) {
  const Heading = headingLevel === 3 ? "h3" : "h4";
  const SubHeading = headingLevel === 3 ? "h4" : "h5";
  const isWarning = diagnosis.severity === "warning";
  const reply = diagnosis.reply;
  return (
    <div
      data-testid="diagnosis"
      data-cause={diagnosis.cause}
      className={`@container rounded-xl border p-4 sm:p-5 ${isWarning ? "border-amber-200 bg-amber-50/50" : "border-red-200 bg-red-50/40"}`}
    >
      <div className="flex gap-3">
        <span className={`mt-0.5 shrink-0 ${isWarning ? "text-amber-600" : "text-red-600"}`}>
          {isWarning ? <WarningIcon className="size-5" /> : <XCircleIcon className="size-5" />}
        </span>
        <div className="min-w-0 flex-1">
          <Heading className="text-sm font-semibold text-gray-900">{diagnosis.title}</Heading>
          {diagnosis.stage !== "unknown" && (
            <p className="mt-0.5 text-xs text-gray-500">Failed while {SMTP_STAGE_LABELS[diagnosis.stage]}</p>
          )}
        </div>
      </div>
      <div className="sm:pl-8">
        <p className="mt-2 text-sm/6 text-gray-700">{diagnosis.summary}</p>
        {reply && (
          <div className="mt-3 rounded-lg bg-white/80 px-3 py-2 ring-1 ring-gray-200">
            <p className="text-xs font-medium text-gray-500">Amazon SES replied</p>
            <p className="mt-0.5 font-mono text-xs break-words text-gray-800">
              {[reply.code, reply.enhancedCode, reply.text].filter(Boolean).join(" ")}
            </p>
          </div>
        )}
      </div>

      <div className="mt-4 grid gap-4 break-words sm:pl-8 @2xl:grid-cols-2">
        {diagnosis.reasons.length > 0 && (
          <div>
            <SubHeading className="text-xs font-semibold tracking-wide text-gray-500 uppercase">
              {diagnosis.reasons.length === 1 ? "Likely reason" : "Likely reasons, most likely first"}
            </SubHeading>
            <ul className="mt-2 list-disc space-y-1.5 pl-5 text-sm/6 text-gray-700 marker:text-gray-400">
              {diagnosis.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          </div>
        )}
        {diagnosis.fixSteps.length > 0 && (
          <div>
            <SubHeading className="text-xs font-semibold tracking-wide text-gray-500 uppercase">
              How to fix it
            </SubHeading>
            <ol className="mt-2 list-decimal space-y-1.5 pl-5 text-sm/6 text-gray-700 marker:font-medium marker:text-gray-500">
              {diagnosis.fixSteps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </div>
        )}
      </div>

      {(diagnosis.links.length > 0 || diagnosis.retryable) && (
        <div className="mt-4 space-y-2 border-t border-gray-200/70 pt-3 sm:pl-8">
          {diagnosis.retryable && (
            <p className="flex items-center gap-1.5 text-sm text-gray-600">
              <RefreshIcon className="size-4 shrink-0 text-gray-400" />
              This is usually temporary: the same test may pass if you try again in a moment.
            </p>
          )}
          {diagnosis.links.length > 0 && <DocLinkList links={diagnosis.links} className="text-sm" />}
        </div>
      )}
    </div>
  );
}
