// A workspace's way into its own AWS account for the diagnostics checks: an access key it gave
// us (the secret sealed like SMTP passwords) or the server's default AWS credential chain.
import { randomUUID } from "node:crypto";
import type { Keyring } from "../crypto/keyring";
import type { Secret } from "../crypto/secret";
import { awsDiagnosticsContext, openSecret, sealSecret } from "../crypto/secret-box";
import type { PrismaClient } from "../db/client";
import type { AwsDiagnosticsSource } from "../generated/prisma/enums";
import type { WorkspaceContext } from "../workspace/context";
import { recordAuditEvent } from "./audit";

/** What the page may show about the stored access: never the secret. */
export interface AwsDiagnosticsAccessSummary {
  source: AwsDiagnosticsSource;
  /** The access key id, for recognising the key; null with the default chain. */
  accessKeyId: string | null;
  connectedAt: Date;
}

/** What the server uses to build AWS clients: a key, or nothing for the default chain. */
export type AwsDiagnosticsCredentials =
  { source: "access_key"; accessKeyId: string; secretAccessKey: Secret } | { source: "default_chain" };

export type NewAwsDiagnosticsAccess =
  { source: "access_key"; accessKeyId: string; secretAccessKey: Secret } | { source: "default_chain" };

export async function getAwsDiagnosticsAccess(
  prisma: PrismaClient,
  workspaceId: string,
): Promise<AwsDiagnosticsAccessSummary | null> {
  const row = await prisma.awsDiagnosticsAccess.findUnique({
    where: { workspaceId },
    select: { source: true, accessKeyId: true, updatedAt: true },
  });
  return row ? { source: row.source, accessKeyId: row.accessKeyId, connectedAt: row.updatedAt } : null;
}

/** Stores (or replaces) the workspace's diagnostics access; a key's secret is sealed to this row. */
export async function saveAwsDiagnosticsAccess(
  prisma: PrismaClient,
  keyring: Keyring,
  ctx: WorkspaceContext,
  access: NewAwsDiagnosticsAccess,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const existing = await tx.awsDiagnosticsAccess.findUnique({
      where: { workspaceId: ctx.workspace.id },
      select: { id: true },
    });
    const id = existing?.id ?? randomUUID();
    const sealed =
      access.source === "access_key"
        ? sealSecret(keyring, access.secretAccessKey, awsDiagnosticsContext(id))
        : undefined;
    const fields = {
      source: access.source,
      accessKeyId: access.source === "access_key" ? access.accessKeyId : null,
      secretCiphertext: sealed?.ciphertext ?? null,
      secretKeyId: sealed?.keyId ?? null,
      createdById: ctx.user.id,
    };
    await tx.awsDiagnosticsAccess.upsert({
      where: { workspaceId: ctx.workspace.id },
      create: { id, workspaceId: ctx.workspace.id, ...fields },
      update: fields,
    });
    await recordAuditEvent(tx, ctx, {
      action: "aws_diagnostics.connected",
      targetType: "workspace",
      targetId: ctx.workspace.id,
      details: { source: access.source, ...(fields.accessKeyId ? { accessKeyId: fields.accessKeyId } : {}) },
    });
  });
}

export async function removeAwsDiagnosticsAccess(prisma: PrismaClient, ctx: WorkspaceContext): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.awsDiagnosticsAccess.deleteMany({ where: { workspaceId: ctx.workspace.id } });
    if (count === 0) return false;
    await recordAuditEvent(tx, ctx, {
      action: "aws_diagnostics.disconnected",
      targetType: "workspace",
      targetId: ctx.workspace.id,
    });
    return true;
  });
}

/** The stored access, secret opened, for the server's own AWS calls. Never hand it to the UI. */
export async function openAwsDiagnosticsCredentials(
  prisma: PrismaClient,
  keyring: Keyring,
  workspaceId: string,
): Promise<AwsDiagnosticsCredentials | null> {
  const row = await prisma.awsDiagnosticsAccess.findUnique({ where: { workspaceId } });
  if (!row) return null;
  if (row.source === "default_chain") return { source: "default_chain" };
  if (!row.accessKeyId || !row.secretCiphertext || !row.secretKeyId) return null;
  const secretAccessKey = openSecret(
    keyring,
    { keyId: row.secretKeyId, ciphertext: row.secretCiphertext },
    awsDiagnosticsContext(row.id),
  );
  return { source: "access_key", accessKeyId: row.accessKeyId, secretAccessKey };
}
