import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Badge } from "@/components/badge";
import { Card } from "@/components/card";
import { PageHeader } from "@/components/page-header";
import { RoleBadge } from "@/components/role-badge";
import { Section } from "@/components/section";
import { WorkspaceMemberList } from "@/components/workspace-member-list";
import { listWorkspaceMembers } from "@/lib/workspace/context";
import { getRequestContext } from "../_data";

export const metadata: Metadata = {
  title: "Workspace",
};

export default async function WorkspaceSettingsPage() {
  const { prisma, ctx } = await getRequestContext();
  const members = await listWorkspaceMembers(prisma, ctx.workspace.id);

  return (
    <>
      <PageHeader title="Workspace" description={<p>Your workspace and the people who can manage its settings.</p>} />
      <Section id="workspace-details" title="General">
        <Card>
          <dl className="divide-y divide-gray-100">
            <DetailRow label="Workspace name">
              <span className="font-medium text-gray-900">{ctx.workspace.name}</span>
            </DetailRow>
            <DetailRow label="Slug">
              <code className="rounded-md bg-gray-100 px-1.5 py-0.5 font-mono text-xs text-gray-800">
                {ctx.workspace.slug}
              </code>
            </DetailRow>
            <DetailRow label="Your role">
              <RoleBadge role={ctx.role} />
            </DetailRow>
          </dl>
        </Card>
      </Section>
      <Section
        id="members"
        title="Members"
        meta={<Badge>{members.length}</Badge>}
        description="Everyone with access to this workspace."
      >
        <WorkspaceMemberList members={members} currentUserId={ctx.user.id} />
      </Section>
    </>
  );
}

function DetailRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="px-4 py-4 sm:grid sm:grid-cols-3 sm:items-center sm:gap-4 sm:px-6">
      <dt className="text-sm font-medium text-gray-500">{label}</dt>
      <dd className="mt-1 text-sm text-gray-700 sm:col-span-2 sm:mt-0">{children}</dd>
    </div>
  );
}
