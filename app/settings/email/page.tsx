import { existsSync } from "node:fs";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { ButtonLink } from "@/components/button";
import { DismissibleNotice } from "@/components/dismissible-notice";
import { EmptyState } from "@/components/empty-state";
import { EnvelopeIcon, InboxIcon, PlusIcon, WrenchIcon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/section";
import { SendingDomainList } from "@/components/sending-domain-list";
import { listSendingDomains } from "@/lib/data/sending-domains";
import { canManageEmailSettings } from "@/lib/auth/session";
import { getRuntime } from "@/lib/runtime";
import { getRequestContext } from "../_data";

export const metadata: Metadata = {
  title: "Email",
};

function AddSendingDomainButton() {
  return (
    <ButtonLink href="/settings/email/new">
      <PlusIcon className="size-4" />
      Add sending domain
    </ButtonLink>
  );
}

export default async function EmailSettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ prisma, ctx }, query] = await Promise.all([getRequestContext(), searchParams]);
  const domains = await listSendingDomains(prisma, ctx.workspace.id);
  const canManage = canManageEmailSettings(ctx.role);
  // The local SES simulator's Outbox exists only in development, once the simulator has run.
  const simulatorDir = getRuntime().sesSimulatorDir;
  const showOutbox = simulatorDir !== undefined && existsSync(simulatorDir);

  return (
    <>
      <PageHeader
        title="Email"
        description={
          <p>
            Send Inflowave email through your own Amazon SES account, from your own domain. You pay AWS directly for
            what you send: Amazon SES costs about $0.10 per 1,000 emails.
          </p>
        }
        actions={
          showOutbox ? (
            <Link
              href="/settings/email/outbox"
              className="inline-flex items-center gap-1.5 rounded-md text-sm font-medium text-gray-500 hover:text-gray-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              <InboxIcon className="size-4" />
              Development: Outbox
            </Link>
          ) : undefined
        }
      />
      {query.removed === "1" && (
        <DismissibleNotice tone="success" title="Sending domain removed" testId="removed-notice">
          Its stored credentials and test history are deleted. Nothing changed in your AWS account.
        </DismissibleNotice>
      )}
      <Section
        id="sending-domains"
        title="Sending domains"
        meta={domains.length > 0 ? <Badge>{domains.length}</Badge> : undefined}
        description="The domains your workspace sends from, each connected to Amazon SES over SMTP in one AWS region."
        // The empty state carries the add button; showing both at once would only repeat it.
        actions={
          <>
            <ButtonLink href="/settings/email/diagnostics" variant="secondary">
              <WrenchIcon className="size-4" />
              Diagnostics
            </ButtonLink>
            {domains.length > 0 && canManage && <AddSendingDomainButton />}
          </>
        }
      >
        {domains.length === 0 ? (
          <EmptyState
            icon={<EnvelopeIcon className="size-6" />}
            title="No sending domains yet"
            description="Add the domain you send from and connect it to Amazon SES, so your workspace's email goes out under your own name and your own sending reputation."
            action={canManage ? <AddSendingDomainButton /> : undefined}
          />
        ) : (
          <SendingDomainList domains={domains} />
        )}
      </Section>
    </>
  );
}
