import type { Metadata } from "next";
import { AwsAccountChecks, type CheckableDomain } from "@/components/aws-account-checks";
import { AwsDiagnosticsAccessForm } from "@/components/aws-diagnostics-access-form";
import { Badge } from "@/components/badge";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { Card } from "@/components/card";
import { CauseGuide } from "@/components/cause-guide";
import { EmptyState } from "@/components/empty-state";
import { FailureGroupList } from "@/components/failure-group-list";
import { ConsolePermissionsCheck } from "@/components/console-permissions-check";
import { CheckCircleIcon } from "@/components/icons";
import { OpenDetailsOnHash } from "@/components/open-details-on-hash";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/section";
import { ProductionAccessForm, type RegionAccessStatus } from "@/components/production-access-form";
import { SesCostEstimator } from "@/components/ses-cost-estimator";
import { SesErrorExplainer } from "@/components/ses-error-explainer";
import { ManagersOnlyNotice } from "@/components/managers-only-notice";
import { canManageEmailSettings } from "@/lib/auth/session";
import { CONSOLE_CREDENTIAL_PERMISSIONS } from "@/lib/aws/policies";
import { PRODUCTION_ACCESS_ADVICE } from "@/lib/aws/production-access";
import { listLatestAccountChecks } from "@/lib/data/aws-account-checks";
import { getAwsDiagnosticsAccess } from "@/lib/data/aws-diagnostics";
import { listSendingDomains } from "@/lib/data/sending-domains";
import { latestTestRecipients, summarizeRecentFailures } from "@/lib/data/test-sends";
import { getRequestContext } from "../../_data";

export const metadata: Metadata = {
  title: "Diagnostics",
};

const RECENT_DAYS = 30;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DiagnosticsPage({ searchParams }: { searchParams: SearchParams }) {
  const [query, { prisma, ctx }] = await Promise.all([searchParams, getRequestContext()]);
  const [domains, failures, access, latestReports] = await Promise.all([
    listSendingDomains(prisma, ctx.workspace.id),
    summarizeRecentFailures(prisma, ctx.workspace.id, { days: RECENT_DAYS }),
    getAwsDiagnosticsAccess(prisma, ctx.workspace.id),
    listLatestAccountChecks(prisma, ctx.workspace.id),
  ]);
  const recipients = await latestTestRecipients(
    prisma,
    ctx.workspace.id,
    domains.map((domain) => domain.id),
  );
  const checkable: CheckableDomain[] = domains
    .filter((domain) => domain.credential)
    .map((domain) => ({
      id: domain.id,
      domain: domain.domain,
      region: domain.region,
      fromAddress: domain.fromAddress,
      maxSendRate: domain.maxSendRate,
      lastRecipient: recipients.get(domain.id),
    }));
  const requestedDomain = typeof query.domain === "string" ? query.domain : undefined;
  const initialDomainId = checkable.some((domain) => domain.id === requestedDomain) ? requestedDomain : undefined;
  const canManage = canManageEmailSettings(ctx.role);
  const domainRegions = [...new Set(domains.map((domain) => domain.region))].sort();
  const regionStatuses: RegionAccessStatus[] = domainRegions.map((region) => ({
    region,
    productionAccess: latestReports[region]?.account?.productionAccess ?? null,
    review: latestReports[region]?.account?.review,
  }));
  const domainNames = new Map(domains.map((domain) => [domain.id, domain.domain]));
  // When every domain sends from one region, that is the likely context of a pasted error.
  const regions = new Set(domains.map((domain) => domain.region));
  const defaultRegion = regions.size === 1 ? [...regions][0] : undefined;
  const failedTests = failures.reduce((sum, group) => sum + group.count, 0);

  return (
    <>
      <OpenDetailsOnHash />
      <PageHeader
        breadcrumb={<Breadcrumbs items={[{ label: "Email", href: "/settings/email" }, { label: "Diagnostics" }]} />}
        title="Diagnostics"
        description={
          <p>
            Find out why Amazon SES refused an email and what to change: explain any SES error, see what your recent
            tests failed with, and read the fix for every problem Inflowave knows about.
          </p>
        }
      />

      <Section
        id="explain"
        title="Explain an SES error"
        description="Paste what Amazon SES or your mail log said, and get the likely cause and the steps to fix it."
      >
        <Card className="p-4 sm:p-6">
          <SesErrorExplainer defaultRegion={defaultRegion} />
        </Card>
      </Section>

      <Section
        id="recent-failures"
        title="Recent failures"
        meta={failures.length > 0 ? <Badge tone="red">{failedTests}</Badge> : undefined}
        description={`Failed test emails of the last ${RECENT_DAYS} days across your workspace, grouped by cause, most frequent first.`}
      >
        {failures.length === 0 ? (
          <EmptyState
            testId="recent-failures-empty"
            icon={<CheckCircleIcon className="size-6" />}
            title="No failed tests"
            description={`None of your workspace's test emails failed in the last ${RECENT_DAYS} days.`}
          />
        ) : (
          <FailureGroupList groups={failures} domains={domainNames} guideLinks="anchor" />
        )}
      </Section>

      <Section
        id="aws-account"
        title="AWS account checks"
        description="With read access to your AWS account, Inflowave checks what SMTP alone cannot show: sandbox or production, quotas, verified identities, and whether the SMTP user may send."
      >
        <div className="space-y-4">
          <Card className="p-4 sm:p-6">
            {canManage ? (
              <AwsDiagnosticsAccessForm
                access={
                  access && {
                    source: access.source,
                    accessKeyId: access.accessKeyId,
                    connectedAt: access.connectedAt.toISOString(),
                  }
                }
              />
            ) : access ? (
              <p className="text-sm text-gray-700">
                Connected to AWS{" "}
                {access.source === "access_key"
                  ? `with access key ${access.accessKeyId}`
                  : "with this server's credentials"}
                .
              </p>
            ) : (
              <ManagersOnlyNotice what="connect the workspace's AWS account" />
            )}
          </Card>
          {access && (
            <Card className="p-4 sm:p-6">
              <AwsAccountChecks
                domains={checkable}
                initialDomainId={initialDomainId}
                latestReports={latestReports}
                defaultRecipient={ctx.user.email}
                canManage={canManage}
              />
            </Card>
          )}
        </div>
      </Section>

      {access && (
        <Section
          id="production-access"
          title="Production access"
          description="New SES accounts start in the sandbox in every region. Ask AWS to lift it for the regions you send from."
        >
          <Card className="p-4 sm:p-6">
            {canManage ? (
              <ProductionAccessForm regions={regionStatuses} advice={PRODUCTION_ACCESS_ADVICE} />
            ) : (
              <ManagersOnlyNotice what="request production access" />
            )}
          </Card>
        </Section>
      )}

      {access && (
        <Section
          id="console-permissions"
          title="Who can create SMTP credentials"
          description={`Creating SMTP credentials in the SES console needs five IAM permissions: ${CONSOLE_CREDENTIAL_PERMISSIONS.join(", ")}. Check a colleague's user or role before they try.`}
        >
          <Card className="p-4 sm:p-6">
            <ConsolePermissionsCheck region={domainRegions[0] ?? "us-east-1"} />
          </Card>
        </Section>
      )}

      <Section
        id="cost"
        title="What Amazon SES will cost"
        description="An estimate from your monthly volume, with AWS's published prices, next to what a per-email provider would charge."
      >
        <Card className="p-4 sm:p-6">
          <SesCostEstimator />
        </Card>
      </Section>

      <Section
        id="common-problems"
        title="Common problems and their fixes"
        description="Open a problem to see why it happens, how to fix it, and the official AWS pages about it."
      >
        <CauseGuide />
      </Section>
    </>
  );
}
