import type { Prisma } from "../generated/prisma/client";
import type { PrismaClient } from "../db/client";
import type { WorkspaceContext } from "../workspace/context";

type Db = PrismaClient | Prisma.TransactionClient;

export type AuditAction =
  | "sending_domain.created"
  | "sending_domain.removed"
  | "sending_domain.send_rate_changed"
  | "sending_domain.tested"
  | "smtp_credential.created"
  | "smtp_credential.replaced"
  | "smtp_credential.provisioned"
  | "aws_diagnostics.connected"
  | "aws_diagnostics.disconnected"
  | "aws_account.sending_policy_migrated"
  | "aws_account.production_access_requested"
  | "encryption_keys.rotated";

export interface AuditEntry {
  id: string;
  action: string;
  targetType: string;
  targetId: string;
  /** Null once the acting user is deleted. */
  actorId: string | null;
  actorName: string | null;
  details: Prisma.JsonValue | null;
  createdAt: Date;
}

/** Records who did what. `details` must never carry secrets: it is shown on the domain page. */
export async function recordAuditEvent(
  db: Db,
  ctx: WorkspaceContext,
  event: { action: AuditAction; targetType: string; targetId: string; details?: Prisma.InputJsonObject },
): Promise<void> {
  await db.auditEvent.create({
    data: {
      workspaceId: ctx.workspace.id,
      actorId: ctx.user.id,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
      details: event.details,
    },
  });
}

export async function listAuditEvents(
  db: Db,
  workspaceId: string,
  filter: { targetId?: string; action?: AuditAction; limit?: number } = {},
): Promise<AuditEntry[]> {
  const rows = await db.auditEvent.findMany({
    where: {
      workspaceId,
      ...(filter.targetId ? { targetId: filter.targetId } : {}),
      ...(filter.action ? { action: filter.action } : {}),
    },
    include: { actor: { select: { name: true } } },
    orderBy: { createdAt: "desc" },
    take: Math.min(filter.limit ?? 50, 200),
  });
  return rows.map((row) => ({
    id: row.id,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    actorId: row.actorId,
    actorName: row.actor?.name ?? null,
    details: row.details,
    createdAt: row.createdAt,
  }));
}
