import Link from "next/link";
import { Fragment } from "react";
import type { SendingDomainSummary } from "@/lib/data/sending-domains";
import { Card } from "./card";
import { sesRegionName, sesRegionPlace } from "@/lib/ses/regions";
import { FormattedDate } from "./formatted-date";
import { CheckCircleIcon, XCircleIcon } from "./icons";
import { SendingDomainStatusBadge } from "./sending-domain-status-badge";

const PROVIDER_LABEL: Record<SendingDomainSummary["provider"], string> = {
  ses_smtp: "Amazon SES · SMTP",
};

const headerCell = "px-4 py-3 text-left text-xs font-medium tracking-wide text-gray-500 uppercase";
const cell = "px-4 py-4 align-top text-sm text-gray-700";

/**
 * The workspace's sending domains. Narrow screens hide the secondary columns and repeat their
 * facts under the domain name instead, so nothing is lost and the table rarely needs to scroll.
 */
export function SendingDomainList({ domains }: { domains: SendingDomainSummary[] }) {
  return (
    <Card>
      {/* Scrolls rather than clips if a very long domain label ever outgrows the screen. */}
      <div className="overflow-x-auto">
        <table className="min-w-full divide-y divide-gray-200">
          <caption className="sr-only">Sending domains</caption>
          <thead className="bg-gray-50">
            <tr>
              <th scope="col" className={headerCell}>
                Domain
              </th>
              <th scope="col" className={`${headerCell} hidden md:table-cell`}>
                Region &amp; SMTP server
              </th>
              <th scope="col" className={`${headerCell} hidden sm:table-cell`}>
                Status
              </th>
              <th scope="col" className={`${headerCell} hidden md:table-cell`}>
                Last test
              </th>
              <th scope="col" className={`${headerCell} hidden xl:table-cell`}>
                Added
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-gray-100">
            {domains.map((domain) => (
              <tr key={domain.id} data-testid="sending-domain-row">
                <th scope="row" className={`${cell} text-left font-normal`}>
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <Link
                      href={`/settings/email/${domain.id}`}
                      className="rounded-sm font-medium text-gray-900 hover:text-indigo-600 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                    >
                      <BreakableHost host={domain.domain} />
                    </Link>
                    <span className="sm:hidden">
                      <SendingDomainStatusBadge status={domain.status} />
                    </span>
                  </div>
                  <div className="mt-0.5 text-xs text-gray-500">{PROVIDER_LABEL[domain.provider]}</div>
                  <dl className="mt-2 space-y-1 text-xs text-gray-500 xl:hidden">
                    <div className="md:hidden">
                      <dt className="inline">Region: </dt>
                      <dd className="inline font-mono text-gray-700">{domain.region}</dd>
                    </div>
                    <div className="md:hidden">
                      <dt className="inline">SMTP server: </dt>
                      <dd className="inline">
                        {domain.credential ? (
                          <span className="font-mono text-gray-700">
                            <BreakableHost host={domain.credential.host} />:{domain.credential.port}
                          </span>
                        ) : (
                          "Not connected yet"
                        )}
                      </dd>
                    </div>
                    <div className="md:hidden">
                      <dt className="inline">Last test: </dt>
                      <dd className="inline">
                        <LastTestSend test={domain.lastTestSend} compact />
                      </dd>
                    </div>
                    <div>
                      <dt className="inline">Added: </dt>
                      <dd className="inline">
                        <FormattedDate date={domain.createdAt} />
                      </dd>
                    </div>
                  </dl>
                </th>
                <td className={`${cell} hidden md:table-cell`}>
                  <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                    <span className="rounded-md bg-gray-100 px-1.5 py-0.5 font-mono text-xs whitespace-nowrap text-gray-800">
                      {domain.region}
                    </span>
                    {sesRegionPlace(domain.region) && (
                      <span className="text-xs whitespace-nowrap text-gray-500" title={sesRegionName(domain.region)}>
                        {sesRegionPlace(domain.region)}
                      </span>
                    )}
                  </div>
                  {domain.credential ? (
                    <div className="mt-2">
                      <div className="font-mono text-xs text-gray-800">
                        <BreakableHost host={domain.credential.host} />
                      </div>
                      <div className="mt-0.5 text-xs text-gray-500">
                        Port {domain.credential.port} · {domain.credential.tlsMode === "starttls" ? "STARTTLS" : "TLS"}
                      </div>
                    </div>
                  ) : (
                    <div className="mt-2 text-xs text-gray-500">SMTP not connected yet</div>
                  )}
                </td>
                <td className={`${cell} hidden sm:table-cell`}>
                  <SendingDomainStatusBadge status={domain.status} />
                </td>
                <td className={`${cell} hidden md:table-cell`}>
                  <LastTestSend test={domain.lastTestSend} />
                </td>
                <td className={`${cell} hidden whitespace-nowrap xl:table-cell`}>
                  <FormattedDate date={domain.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function LastTestSend({ test, compact = false }: { test: SendingDomainSummary["lastTestSend"]; compact?: boolean }) {
  if (!test) return <span className="text-gray-500">{compact ? "No test email yet" : "Not tested yet"}</span>;
  const sent = test.outcome === "sent";
  const tone = sent ? "text-emerald-700" : "text-red-700";
  if (compact) {
    return (
      <span>
        <span className={tone}>{sent ? "Test email sent" : "Test email failed"}</span>
        {" · "}
        <FormattedDate date={test.startedAt} withTime />
      </span>
    );
  }
  // The column header already says "Last test", so the wide layout can be terse.
  return (
    <div>
      <div className={`flex items-center gap-1.5 font-medium ${tone}`}>
        {sent ? <CheckCircleIcon className="size-4 shrink-0" /> : <XCircleIcon className="size-4 shrink-0" />}
        {sent ? "Sent" : "Failed"}
      </div>
      <div className="mt-1 text-xs text-gray-500">
        <FormattedDate date={test.startedAt} withTime />
      </div>
    </div>
  );
}

/**
 * A host name that may wrap after its dots but never inside a label (not even at a hyphen), so
 * "email-smtp.us-east-1.amazonaws.com" breaks into readable pieces in a narrow column.
 */
function BreakableHost({ host }: { host: string }) {
  const labels = host.split(".");
  return (
    <>
      {labels.map((label, index) => (
        <Fragment key={index}>
          <span className="whitespace-nowrap">
            {label}
            {index < labels.length - 1 && "."}
          </span>
          {index < labels.length - 1 && <wbr />}
        </Fragment>
      ))}
    </>
  );
}
