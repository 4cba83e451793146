import type { Metadata } from "next";
import { Badge } from "@/components/badge";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { Card } from "@/components/card";
import { CauseGuide } from "@/components/cause-guide";
import { EmptyState } from "@/components/empty-state";
import { FailureGroupList } from "@/components/failure-group-list";
import { CheckCircleIcon } from "@/components/icons";
import { OpenDetailsOnHash } from "@/components/open-details-on-hash";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/section";
import { SesErrorExplainer } from "@/components/ses-error-explainer";
import { listSendingDomains } from "@/lib/data/sending-domains";
import { summarizeRecentFailures } from "@/lib/data/test-sends";
import { getRequestContext } from "../../_data";

export const metadata: Metadata = {
  title: "Diagnostics",
};

const RECENT_DAYS = 30;

export default async function DiagnosticsPage() {
  const { prisma, ctx } = await getRequestContext();
  const [domains, failures] = await Promise.all([
    listSendingDomains(prisma, ctx.workspace.id),
    summarizeRecentFailures(prisma, ctx.workspace.id, { days: RECENT_DAYS }),
  ]);
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
        id="common-problems"
        title="Common problems and their fixes"
        description="Open a problem to see why it happens, how to fix it, and the official AWS pages about it."
      >
        <CauseGuide />
      </Section>
    </>
  );
}
