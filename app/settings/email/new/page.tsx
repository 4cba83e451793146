import { existsSync } from "node:fs";
import type { Metadata } from "next";
import { AddSendingDomainWizard } from "@/components/add-sending-domain-wizard";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { PageHeader } from "@/components/page-header";
import { ManagersOnlyNotice } from "@/components/managers-only-notice";
import { canManageEmailSettings } from "@/lib/auth/session";
import { getRuntime } from "@/lib/runtime";
import { getRequestContext } from "../../_data";

export const metadata: Metadata = {
  title: "Add a sending domain",
};

export default async function NewSendingDomainPage() {
  const { ctx } = await getRequestContext();
  const simulatorDir = getRuntime().sesSimulatorDir;

  return (
    <>
      <PageHeader
        breadcrumb={
          <Breadcrumbs items={[{ label: "Email", href: "/settings/email" }, { label: "Add a sending domain" }]} />
        }
        title="Add a sending domain"
        description={
          <p>
            Connect a domain to your own Amazon SES account through its SMTP interface (Custom SMTP). Five short steps,
            with a real test email before anything is saved.
          </p>
        }
      />
      {canManageEmailSettings(ctx.role) ? (
        <AddSendingDomainWizard
          defaultTestRecipient={ctx.user.email}
          outboxHref={simulatorDir && existsSync(simulatorDir) ? "/settings/email/outbox" : undefined}
        />
      ) : (
        <ManagersOnlyNotice what="add sending domains" />
      )}
    </>
  );
}
