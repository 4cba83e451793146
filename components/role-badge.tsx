import type { WorkspaceContext } from "@/lib/workspace/context";
import { Badge, type BadgeTone } from "./badge";

type Role = WorkspaceContext["role"];

const ROLE_DISPLAY: Record<Role, { label: string; tone: BadgeTone }> = {
  owner: { label: "Owner", tone: "indigo" },
  admin: { label: "Admin", tone: "gray" },
  member: { label: "Member", tone: "gray" },
};

export function RoleBadge({ role }: { role: Role }) {
  const { label, tone } = ROLE_DISPLAY[role];
  return <Badge tone={tone}>{label}</Badge>;
}
