import { CAUSES, type CauseEntry } from "@/lib/ses/causes";
import { DIAGNOSIS_CAUSES, type DiagnosisCause } from "@/lib/ses/diagnose";
import { Badge } from "./badge";
import { Card } from "./card";
import { DocLinkList } from "./external-link";
import { ChevronRightIcon } from "./icons";

/** The troubleshooting entries of Inflowave's own SES guide, in the guide's order. */
export const GUIDE_CAUSES = [
  "sandbox-unverified-address",
  "aws-secret-key-as-password",
  "missing-sending-policy",
  "max-send-rate-exceeded",
  "iam-console-permissions-missing",
] as const satisfies readonly DiagnosisCause[];

/** Every other cause the core knows, in its own order, without the catch-all. */
export const OTHER_CAUSES: readonly DiagnosisCause[] = DIAGNOSIS_CAUSES.filter(
  (cause) => cause !== "unknown" && !(GUIDE_CAUSES as readonly string[]).includes(cause),
);

function CauseItem({ entry }: { entry: CauseEntry }) {
  return (
    <li>
      <details id={`cause-${entry.cause}`} data-testid="cause-guide-item" className="group scroll-mt-6">
        <summary className="flex cursor-pointer list-none items-start gap-3 px-4 py-3.5 hover:bg-gray-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600 sm:px-5 [&::-webkit-details-marker]:hidden">
          <ChevronRightIcon className="mt-0.5 size-4 shrink-0 text-gray-400 transition-transform group-open:rotate-90" />
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
              <h3 className="text-sm font-semibold text-gray-900">{entry.title}</h3>
              {entry.retryable && <Badge tone="amber">Often temporary</Badge>}
            </div>
            <p className="mt-0.5 text-sm text-gray-600">{entry.summary}</p>
          </div>
        </summary>
        <div className="grid gap-4 border-t border-gray-100 bg-gray-50/60 px-4 py-4 text-sm/6 sm:grid-cols-2 sm:px-5 sm:pl-12">
          {entry.reasons.length > 0 && (
            <div>
              <h4 className="text-xs font-semibold tracking-wide text-gray-500 uppercase">Likely reasons</h4>
              <ul className="mt-2 list-disc space-y-1.5 pl-5 text-gray-700 marker:text-gray-400">
                {entry.reasons.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </div>
          )}
          <div>
            <h4 className="text-xs font-semibold tracking-wide text-gray-500 uppercase">How to fix it</h4>
            <ol className="mt-2 list-decimal space-y-1.5 pl-5 text-gray-700 marker:font-medium marker:text-gray-500">
              {entry.fixSteps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </div>
          {entry.links.length > 0 && (
            <div className="border-t border-gray-200/70 pt-3 sm:col-span-2">
              <h4 className="sr-only">Official AWS documentation</h4>
              <DocLinkList links={entry.links} />
            </div>
          )}
        </div>
      </details>
    </li>
  );
}

function CauseGroup({ title, causes }: { title: string; causes: readonly DiagnosisCause[] }) {
  return (
    <div>
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-gray-500 uppercase">{title}</h3>
      <Card>
        <ul className="divide-y divide-gray-100">
          {causes.map((cause) => (
            <CauseItem key={cause} entry={CAUSES[cause]} />
          ))}
        </ul>
      </Card>
    </div>
  );
}

/** Every known cause of an SES failure, each one opening to its reasons, fix and the AWS pages about it. */
export function CauseGuide() {
  return (
    <div data-testid="cause-guide" className="space-y-6">
      <CauseGroup title="Most common" causes={GUIDE_CAUSES} />
      <CauseGroup title="Other Amazon SES problems" causes={OTHER_CAUSES} />
    </div>
  );
}
