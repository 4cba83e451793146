import type { SimulatedMessage } from "@/lib/ses-simulator/outbox";
import { Badge } from "./badge";
import { Card } from "./card";
import { FormattedDate } from "./formatted-date";
import { ArrowRightIcon, ChevronRightIcon, LockIcon } from "./icons";

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What the local SES simulator accepted, newest first; each message opens to its raw source. */
export function OutboxMessageList({ messages }: { messages: SimulatedMessage[] }) {
  return (
    <Card>
      <ul data-testid="outbox-messages" className="divide-y divide-gray-100">
        {messages.map((message) => {
          const receivedAt = new Date(message.receivedAt);
          return (
            <li key={message.messageId} data-testid="outbox-message">
              <details className="group">
                <summary className="flex cursor-pointer list-none items-start gap-3 px-4 py-3.5 hover:bg-gray-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600 sm:px-5 [&::-webkit-details-marker]:hidden">
                  <ChevronRightIcon className="mt-0.5 size-4 shrink-0 text-gray-400 transition-transform group-open:rotate-90" />
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
                      <p className="truncate text-sm font-semibold text-gray-900">
                        {message.subject || <span className="font-normal text-gray-500 italic">(no subject)</span>}
                      </p>
                      <p className="shrink-0 text-xs text-gray-500">
                        {Number.isNaN(receivedAt.getTime()) ? (
                          message.receivedAt
                        ) : (
                          <FormattedDate date={receivedAt} withTime />
                        )}
                      </p>
                    </div>
                    <p className="mt-1 flex flex-wrap items-center gap-x-1.5 text-sm text-gray-600">
                      <span className="break-all">{message.envelope.from || "<>"}</span>
                      <ArrowRightIcon className="size-3.5 shrink-0 text-gray-400" />
                      <span className="sr-only">to</span>
                      <span className="break-all">{message.envelope.to.join(", ")}</span>
                    </p>
                    <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1.5 text-xs text-gray-500">
                      <Badge>{message.region}</Badge>
                      <span className="inline-flex items-center gap-1">
                        <LockIcon className="size-3.5" />
                        {message.tls === "implicit" ? "TLS" : "STARTTLS"}
                      </span>
                      <span>{formatSize(message.size)}</span>
                      <span className="font-mono break-all">{message.messageId}</span>
                    </div>
                  </div>
                </summary>
                <div className="border-t border-gray-100 bg-gray-50/60 px-4 py-4 sm:px-5">
                  <p className="mb-2 text-xs text-gray-500">
                    Signed in as <span className="font-mono">{message.username}</span>
                    {message.rawTruncated ? " · source cut at 256 KB" : ""}
                  </p>
                  <pre
                    tabIndex={0}
                    aria-label={`Raw source of “${message.subject}”`}
                    className="max-h-[32rem] overflow-auto rounded-lg bg-gray-950 p-3 font-mono text-xs/5 whitespace-pre text-gray-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                  >
                    {message.raw}
                  </pre>
                </div>
              </details>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
