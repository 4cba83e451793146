import { existsSync } from "node:fs";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditActivityList } from "@/components/audit-activity-list";
import { Badge } from "@/components/badge";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { ButtonLink } from "@/components/button";
import { Callout } from "@/components/callout";
import { Card } from "@/components/card";
import { DetailRow } from "@/components/detail-list";
import { DismissibleNotice } from "@/components/dismissible-notice";
import { EmptyState } from "@/components/empty-state";
import { FailureGroupList } from "@/components/failure-group-list";
import { FormattedDate } from "@/components/formatted-date";
import { ArrowRightIcon, CheckCircleIcon, ClockIcon, PaperAirplaneIcon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { RemoveSendingDomainButton } from "@/components/remove-sending-domain-button";
import { ReplaceCredentialsForm } from "@/components/replace-credentials-form";
import { Section } from "@/components/section";
import { SendTestEmailForm } from "@/components/send-test-email-form";
import { SendingRateForm } from "@/components/sending-rate-form";
import { SendingDomainStatusBadge } from "@/components/sending-domain-status-badge";
import { TLS_MODE_LABEL } from "@/components/smtp-port-picker";
import { TestSendHistory } from "@/components/test-send-history";
import { listAuditEvents, type AuditEntry } from "@/lib/data/audit";
import { getLatestAccountCheck, sendingLimitsOf } from "@/lib/data/aws-account-checks";
import { getSendingDomain } from "@/lib/data/sending-domains";
import { listTestSends, summarizeRecentFailures } from "@/lib/data/test-sends";
import { canManageEmailSettings } from "@/lib/auth/session";
import { getRuntime } from "@/lib/runtime";
import { CAUSES } from "@/lib/ses/causes";
import { DIAGNOSIS_CAUSES, type DiagnosisCause } from "@/lib/ses/diagnose";
import { sesRegionName } from "@/lib/ses/regions";
import { getRequestContext } from "../../_data";
import { diagnosisOfTest } from "./diagnosis-of-test";

type Params = Promise<{ sendingDomainId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { sendingDomainId } = await params;
  const { prisma, ctx } = await getRequestContext();
  const domain = await getSendingDomain(prisma, ctx.workspace.id, sendingDomainId);
  return { title: domain ? domain.domain : "Sending domain" };
}

// Events written in one transaction share a timestamp; within it, this is the order they happened in.
const ACTION_ORDER: Record<string, number> = { "sending_domain.created": 0, "smtp_credential.created": 1 };

function newestFirst(entries: AuditEntry[]): AuditEntry[] {
  return [...entries].sort(
    (a, b) =>
      b.createdAt.getTime() - a.createdAt.getTime() || (ACTION_ORDER[b.action] ?? 2) - (ACTION_ORDER[a.action] ?? 2),
  );
}

/** How the domain was saved, from its "created" audit event: "passed", "failed" or "untested". */
function savedAs(activity: AuditEntry[]): string | undefined {
  const created = activity.find((entry) => entry.action === "sending_domain.created");
  const details = created?.details;
  if (typeof details !== "object" || details === null || Array.isArray(details)) return undefined;
  const tested = (details as Record<string, unknown>).tested;
  return typeof tested === "string" ? tested : undefined;
}

function causeTitle(cause: string | null): string | undefined {
  return cause && (DIAGNOSIS_CAUSES as readonly string[]).includes(cause)
    ? CAUSES[cause as DiagnosisCause].title
    : undefined;
}

export default async function SendingDomainPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const [{ sendingDomainId }, query, { prisma, ctx }] = await Promise.all([params, searchParams, getRequestContext()]);
  const domain = await getSendingDomain(prisma, ctx.workspace.id, sendingDomainId);
  if (!domain) notFound();
  const [tests, auditEntries, failures, accountCheck] = await Promise.all([
    listTestSends(prisma, ctx.workspace.id, domain.id, 20),
    listAuditEvents(prisma, ctx.workspace.id, { targetId: domain.id, limit: 50 }),
    summarizeRecentFailures(prisma, ctx.workspace.id, { sendingDomainId: domain.id, days: 30 }),
    getLatestAccountCheck(prisma, ctx.workspace.id, domain.region),
  ]);
  const simulatorDir = getRuntime().sesSimulatorDir;
  const outboxHref = simulatorDir && existsSync(simulatorDir) ? "/settings/email/outbox" : undefined;
  const activity = newestFirst(auditEntries);
  // The notice describes the save itself, so later tests on this page do not rewrite it.
  const saved =
    query.saved === "1" ? (savedAs(activity) ?? (domain.status === "verified" ? "passed" : "untested")) : undefined;
  const regionName = sesRegionName(domain.region);
  const canManage = canManageEmailSettings(ctx.role);
  const credential = domain.credential;
  const lastFailure =
    domain.lastTestSend?.outcome === "failed" ? causeTitle(domain.lastTestSend.diagnosisCause) : undefined;

  return (
    <>
      <PageHeader
        breadcrumb={<Breadcrumbs items={[{ label: "Email", href: "/settings/email" }, { label: domain.domain }]} />}
        title={domain.domain}
        description={
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <SendingDomainStatusBadge status={domain.status} />
            <span>
              Sends as <span className="font-medium text-gray-900">{domain.fromAddress}</span> through Amazon SES
              {regionName ? ` in ${regionName}` : ""}.
            </span>
          </div>
        }
      />

      {saved === "passed" && (
        <DismissibleNotice tone="success" title={`${domain.domain} is saved and verified`} testId="saved-notice">
          Its test email went through Amazon SES with exactly these settings. The SMTP password is stored encrypted and
          is never shown again.
        </DismissibleNotice>
      )}
      {saved !== undefined && saved !== "passed" && (
        <DismissibleNotice
          tone="warning"
          title={`${domain.domain} is saved, but needs attention`}
          testId="saved-notice"
        >
          {saved === "failed"
            ? "The test with these settings did not pass; its diagnosis is in the test history below."
            : "These settings were saved without a passing test."}{" "}
          Fix what needs fixing and send another test: once one passes, the domain is marked Verified.
        </DismissibleNotice>
      )}

      {(saved === undefined || saved === "passed") && domain.status === "needs_attention" && (
        <Callout tone="warning" className="mb-8" title="This domain needs attention">
          {lastFailure
            ? `The last test failed: ${lastFailure}. Its diagnosis is in the test history below; fix it, then send another test.`
            : "It has no passing test yet. Send a test email below; once one passes, the domain is marked Verified."}
        </Callout>
      )}

      <Section
        id="connection"
        title="SMTP connection"
        description="How Inflowave hands this domain's email to Amazon SES."
      >
        <Card>
          <dl className="divide-y divide-gray-100">
            <DetailRow label="From address">
              <span className="break-all text-gray-900">{domain.fromAddress}</span>
            </DetailRow>
            <DetailRow label="Region">
              {regionName && <span className="text-gray-900">{regionName} </span>}
              <span className="rounded-md bg-gray-100 px-1.5 py-0.5 font-mono text-xs text-gray-800">
                {domain.region}
              </span>
            </DetailRow>
            {credential ? (
              <>
                <DetailRow label="SMTP host">
                  <span className="font-mono text-[0.8125rem] break-all text-gray-900">{credential.host}</span>
                </DetailRow>
                <DetailRow label="Port and encryption">
                  <span className="font-mono text-gray-900">{credential.port}</span>{" "}
                  <Badge tone={credential.tlsMode === "implicit" ? "indigo" : "gray"}>
                    {TLS_MODE_LABEL[credential.tlsMode]}
                  </Badge>
                </DetailRow>
                <DetailRow label="SMTP user name">
                  <span className="font-mono text-[0.8125rem] break-all text-gray-900">{credential.username}</span>
                </DetailRow>
                <DetailRow label="SMTP password">
                  Set on <FormattedDate date={credential.passwordSetAt} withTime />
                  <span className="mt-0.5 block text-xs text-gray-500">Stored encrypted. It is never shown again.</span>
                </DetailRow>
              </>
            ) : (
              <DetailRow label="SMTP credentials">Not connected yet</DetailRow>
            )}
            <DetailRow label="Added">
              <FormattedDate date={domain.createdAt} withTime />
            </DetailRow>
          </dl>
        </Card>
      </Section>

      <Section
        id="sending-rate"
        title="Sending rate"
        description={
          <>
            Amazon SES accepts a fixed number of emails per second: 1 in the sandbox, your account&apos;s maximum send
            rate in production. Inflowave paces everything it sends through this domain to stay under it.{" "}
            <Link
              href={`/settings/email/diagnostics?domain=${domain.id}#aws-account`}
              className="rounded-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              Check your AWS account
            </Link>{" "}
            to read the maximum.
          </>
        }
      >
        <Card className="p-4 sm:p-6">
          {canManage ? (
            <SendingRateForm
              sendingDomainId={domain.id}
              maxSendRate={domain.maxSendRate}
              domainVersion={domain.version}
              account={sendingLimitsOf(accountCheck)}
            />
          ) : (
            <p className="text-sm text-gray-700" data-testid="sending-rate">
              At most {domain.maxSendRate.toLocaleString("en-US")} emails per second. Only owners and admins can change
              it.
            </p>
          )}
        </Card>
      </Section>

      {credential && (
        <Section
          id="send-test"
          title="Send a test email"
          description="Checks the stored settings end to end: every SMTP stage, timed, with a diagnosis if one fails."
        >
          <Card className="p-4 sm:p-6">
            <SendTestEmailForm
              sendingDomainId={domain.id}
              defaultTo={ctx.user.email}
              fromAddress={domain.fromAddress}
              outboxHref={outboxHref}
            />
          </Card>
        </Section>
      )}

      <Section
        id="test-history"
        title="Test history"
        meta={tests.length > 0 ? <Badge>{tests.length}</Badge> : undefined}
        description="The latest test emails for this domain, newest first."
      >
        {tests.length === 0 ? (
          <EmptyState
            testId="test-history-empty"
            icon={<PaperAirplaneIcon className="size-6" />}
            title="No test emails yet"
            description="Send a test email above to check the connection to Amazon SES."
          />
        ) : (
          <TestSendHistory entries={tests.map((test) => ({ test, diagnosis: diagnosisOfTest(test, domain) }))} />
        )}
      </Section>

      <Section
        id="troubleshooting"
        title="Troubleshooting"
        description="This domain's failed tests of the last 30 days, grouped by cause, each with its fix."
        actions={
          <ButtonLink href="/settings/email/diagnostics" variant="secondary">
            Diagnostics
            <ArrowRightIcon className="size-4" />
          </ButtonLink>
        }
      >
        {failures.length === 0 ? (
          <p
            data-testid="troubleshooting-empty"
            className="flex items-start gap-2 rounded-xl border border-gray-200 bg-white px-4 py-3.5 text-sm text-gray-600 shadow-xs sm:px-5"
          >
            <CheckCircleIcon className="mt-0.5 size-4 shrink-0 text-emerald-600" />
            <span>
              No failed tests in the last 30 days. If a send fails elsewhere, paste its error on the{" "}
              <Link
                href="/settings/email/diagnostics"
                className="rounded-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
              >
                diagnostics page
              </Link>
              .
            </span>
          </p>
        ) : (
          <FailureGroupList groups={failures} />
        )}
      </Section>

      {credential && canManage && (
        <Section
          id="replace-credentials"
          title="Replace credentials"
          description="New SMTP credentials must pass a test before they replace the current ones."
        >
          <ReplaceCredentialsForm
            sendingDomainId={domain.id}
            region={domain.region}
            domainVersion={domain.version}
            current={{ host: credential.host, port: credential.port, username: credential.username }}
            defaultTo={ctx.user.email}
            outboxHref={outboxHref}
          />
        </Section>
      )}

      <Section id="activity" title="Activity" description="Who changed this sending domain, and when.">
        {activity.length === 0 ? (
          <EmptyState
            testId="activity-empty"
            icon={<ClockIcon className="size-6" />}
            title="No activity yet"
            description="Changes to this domain will be listed here."
          />
        ) : (
          <AuditActivityList entries={activity} />
        )}
      </Section>

      {canManage && (
        <Section id="remove" title="Remove this domain">
          <div className="flex flex-col gap-4 rounded-xl border border-red-200 bg-white p-4 shadow-xs sm:flex-row sm:items-center sm:justify-between sm:p-5">
            <p className="text-sm text-gray-600">
              Deletes the stored credentials and test history of {domain.domain}. Your AWS account is not changed.
            </p>
            <RemoveSendingDomainButton
              sendingDomainId={domain.id}
              domain={domain.domain}
              domainVersion={domain.version}
            />
          </div>
        </Section>
      )}
    </>
  );
}
