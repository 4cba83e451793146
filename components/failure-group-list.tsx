import Link from "next/link";
import type { FailureGroup } from "@/lib/data/test-sends";
import { CAUSES } from "@/lib/ses/causes";
import { DIAGNOSIS_CAUSES, type DiagnosisCause } from "@/lib/ses/diagnose";
import { Badge } from "./badge";
import { Card } from "./card";
import { FormattedDate } from "./formatted-date";
import { ArrowRightIcon, XCircleIcon } from "./icons";

export function isDiagnosisCause(cause: string): cause is DiagnosisCause {
  return (DIAGNOSIS_CAUSES as readonly string[]).includes(cause);
}

/** The title a person reads for a stored cause; an unknown string is shown as it is. */
export function causeTitle(cause: string): string {
  return isDiagnosisCause(cause) ? CAUSES[cause].title : cause;
}

/** Where a cause's entry in the diagnostics page's guide is. */
export function causeGuideHref(cause: string): string {
  return `/settings/email/diagnostics#cause-${isDiagnosisCause(cause) ? cause : "unknown"}`;
}

const linkClasses =
  "rounded-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

/**
 * Failed tests grouped by cause, most frequent first: how often, when last, and what SES replied
 * the last time. With `domains`, each group says which sending domain its latest failure was for.
 */
export function FailureGroupList({
  groups,
  domains,
  guideLinks = "page",
}: {
  groups: FailureGroup[];
  /** Sending domain names by id, to show (and link) the domain of each latest failure. */
  domains?: ReadonlyMap<string, string>;
  /** "page": the guide is on another page; "anchor": on this page. */
  guideLinks?: "page" | "anchor";
}) {
  return (
    <Card>
      <ul data-testid="failure-groups" className="divide-y divide-gray-100">
        {groups.map((group) => {
          const href =
            guideLinks === "anchor"
              ? `#cause-${isDiagnosisCause(group.cause) ? group.cause : "unknown"}`
              : causeGuideHref(group.cause);
          const domainId = group.latest.sendingDomainId;
          const domainName = domainId ? domains?.get(domainId) : undefined;
          return (
            <li
              key={group.cause}
              data-testid="failure-group"
              data-cause={group.cause}
              className="flex gap-3 px-4 py-4 sm:px-5"
            >
              <XCircleIcon className="mt-0.5 size-5 shrink-0 text-red-600" />
              <div className="min-w-0 flex-1">
                <div className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
                  <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                    <h3 className="text-sm font-semibold text-gray-900">{causeTitle(group.cause)}</h3>
                    <Badge tone="red">
                      <span data-testid="failure-count">{group.count}</span>
                      {group.count === 1 ? " failure" : " failures"}
                    </Badge>
                  </div>
                  {guideLinks === "anchor" ? (
                    // A plain anchor, so the browser fires hashchange and the entry opens.
                    <a href={href} className={`inline-flex shrink-0 items-center gap-1 text-sm ${linkClasses}`}>
                      How to fix it
                      <ArrowRightIcon className="size-3.5" />
                    </a>
                  ) : (
                    <Link href={href} className={`inline-flex shrink-0 items-center gap-1 text-sm ${linkClasses}`}>
                      How to fix it
                      <ArrowRightIcon className="size-3.5" />
                    </Link>
                  )}
                </div>
                <p className="mt-1 text-xs text-gray-500">
                  Last on <FormattedDate date={group.lastAt} withTime />
                  <span aria-hidden="true"> · </span>
                  <span className="break-all">to {group.latest.toAddress}</span>
                  {domains && (
                    <>
                      <span aria-hidden="true"> · </span>
                      {domainId && domainName ? (
                        <Link href={`/settings/email/${domainId}`} className={linkClasses}>
                          {domainName}
                        </Link>
                      ) : domainId ? (
                        <span>a removed domain</span>
                      ) : (
                        <span>a test before saving a domain</span>
                      )}
                    </>
                  )}
                </p>
                {group.latest.smtpReply && (
                  <div className="mt-2 rounded-lg bg-gray-50 px-3 py-2 ring-1 ring-gray-200">
                    <p className="text-xs font-medium text-gray-500">Latest reply from Amazon SES</p>
                    <p data-testid="failure-reply" className="mt-0.5 font-mono text-xs break-words text-gray-800">
                      {group.latest.smtpReply}
                    </p>
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}
