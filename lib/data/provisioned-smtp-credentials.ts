// SMTP credentials Inflowave created in a customer's AWS account for a wizard that has not saved
// yet. The derived password is sealed here and the wizard holds only the row's id, so the password
// never travels to the browser; the save consumes the row.
import { randomUUID } from "node:crypto";
import type { Keyring } from "../crypto/keyring";
import type { Secret } from "../crypto/secret";
import { openSecret, provisionedSmtpCredentialContext, sealSecret } from "../crypto/secret-box";
import type { PrismaClient } from "../db/client";
import type { WorkspaceContext } from "../workspace/context";
import { recordAuditEvent } from "./audit";

/** A wizard has this long to test and save with created credentials before it must create new ones. */
export const PROVISIONED_CREDENTIAL_TTL_MS = 24 * 60 * 60 * 1000;

export interface ProvisionedSmtpCredentialSummary {
  id: string;
  region: string;
  iamUserName: string;
  username: string;
  createdAt: Date;
}

export interface OpenedProvisionedSmtpCredential extends ProvisionedSmtpCredentialSummary {
  password: Secret;
}

export async function storeProvisionedSmtpCredential(
  prisma: PrismaClient,
  keyring: Keyring,
  ctx: WorkspaceContext,
  input: { region: string; iamUserName: string; username: string; password: Secret },
): Promise<ProvisionedSmtpCredentialSummary> {
  const id = randomUUID();
  const sealed = sealSecret(keyring, input.password, provisionedSmtpCredentialContext(id));
  return prisma.$transaction(async (tx) => {
    const row = await tx.provisionedSmtpCredential.create({
      data: {
        id,
        workspaceId: ctx.workspace.id,
        region: input.region,
        iamUserName: input.iamUserName,
        username: input.username,
        passwordCiphertext: sealed.ciphertext,
        passwordKeyId: sealed.keyId,
        createdById: ctx.user.id,
      },
      select: { id: true, region: true, iamUserName: true, username: true, createdAt: true },
    });
    await recordAuditEvent(tx, ctx, {
      action: "smtp_credential.provisioned",
      targetType: "workspace",
      targetId: ctx.workspace.id,
      details: { region: input.region, iamUserName: input.iamUserName, username: input.username },
    });
    return row;
  });
}

/** The created credential with its password opened, if it belongs to the workspace and is still fresh. */
export async function openProvisionedSmtpCredential(
  prisma: PrismaClient,
  keyring: Keyring,
  workspaceId: string,
  id: string,
  now = new Date(),
): Promise<OpenedProvisionedSmtpCredential | null> {
  const row = await prisma.provisionedSmtpCredential.findFirst({
    where: { id, workspaceId, createdAt: { gt: new Date(now.getTime() - PROVISIONED_CREDENTIAL_TTL_MS) } },
  });
  if (!row) return null;
  const password = openSecret(
    keyring,
    { keyId: row.passwordKeyId, ciphertext: row.passwordCiphertext },
    provisionedSmtpCredentialContext(row.id),
  );
  return {
    id: row.id,
    region: row.region,
    iamUserName: row.iamUserName,
    username: row.username,
    createdAt: row.createdAt,
    password,
  };
}

/** Forgets a created credential once a domain stores it (and any of the workspace's that expired). */
export async function consumeProvisionedSmtpCredential(
  prisma: PrismaClient,
  workspaceId: string,
  id: string,
  now = new Date(),
): Promise<void> {
  await prisma.provisionedSmtpCredential.deleteMany({
    where: {
      workspaceId,
      OR: [{ id }, { createdAt: { lte: new Date(now.getTime() - PROVISIONED_CREDENTIAL_TTL_MS) } }],
    },
  });
}
