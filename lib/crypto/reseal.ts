import type { AuditAction } from "../data/audit";
import type { Prisma } from "../generated/prisma/client";
import type { PrismaClient } from "../db/client";
import type { Keyring } from "./keyring";
import {
  awsDiagnosticsContext,
  needsResealing,
  openSecret,
  provisionedSmtpCredentialContext,
  sealSecret,
  SecretBoxError,
  smtpCredentialContext,
  type SealedSecret,
} from "./secret-box";

/** The kinds of stored secret, as the result counts them. */
export type SecretKind = "smtpCredentials" | "awsDiagnostics" | "provisioned";
/** The Prisma model each kind lives in, as failures name it. */
export type SecretModel = "SmtpCredential" | "AwsDiagnosticsAccess" | "ProvisionedSmtpCredential";
export type CountsByKind = Record<SecretKind, number>;

export const SECRET_KINDS: readonly SecretKind[] = ["smtpCredentials", "awsDiagnostics", "provisioned"];

export interface ResealFailure {
  model: SecretModel;
  kind: SecretKind;
  id: string;
  workspaceId: string;
  /** The key id the row says sealed it. */
  keyId: string;
  /** Set when that key is not in the keyring at all: putting it back lets a rerun reseal the row. */
  missingKeyId?: string;
  /** Why it could not be opened, in words. Never contains the secret. */
  reason: string;
}

export interface ResealProgress {
  model: SecretModel;
  kind: SecretKind;
  id: string;
  /** "changed": the row was rewritten between read and write, so it was left alone. */
  outcome: "resealed" | "changed" | "failed";
  /** Rows handled so far in this run. */
  done: number;
  /** Rows under an older key when the run started. */
  total: number;
}

export interface ResealOptions {
  /** Rows read per query. Each row is still written on its own. */
  batchSize?: number;
  /** Called after each row; awaited, so a slow hook slows the run. */
  onProgress?: (progress: ResealProgress) => void | Promise<void>;
  /** Stops the run after the row in hand; every row is then either old-and-valid or new-and-valid. */
  signal?: AbortSignal;
}

export interface ResealResult {
  /** The newest key id, which everything resealed is now under. */
  keyId: string;
  resealed: CountsByKind;
  /** Rows that were under the newest key before this run touched anything. */
  alreadyCurrent: CountsByKind;
  /** Rows rewritten by someone else while this run worked on them: left alone for the next run. */
  changedMeanwhile: CountsByKind;
  failed: ResealFailure[];
  /** True when the signal stopped the run before it had looked at every row. */
  stopped: boolean;
}

export const ROTATED_AUDIT_ACTION = "encryption_keys.rotated" satisfies AuditAction;

/** One stored secret as read for resealing; `write` stores its replacement only if the row is unchanged. */
interface StoredSecret {
  id: string;
  workspaceId: string;
  sealed: SealedSecret;
  context: string;
  write(next: SealedSecret): Promise<boolean>;
}

interface SecretTable {
  kind: SecretKind;
  model: SecretModel;
  countUnder(keyId: string): Promise<number>;
  countNotUnder(keyId: string): Promise<number>;
  /** Rows not under `keyId`, in id order, after `afterId`. */
  readNotUnder(keyId: string, afterId: string | undefined, take: number): Promise<StoredSecret[]>;
}

/**
 * Re-encrypts every stored secret that is not under the keyring's newest key. Each row is
 * opened with the key that sealed it, sealed again under the newest key with the same
 * associated data, and written back with a compare-and-set on the ciphertext it read, one row
 * per statement: an interruption leaves every row valid, a row rewritten meanwhile is skipped,
 * and a rerun finishes the job (a run with nothing left reseals nothing). Rows that cannot be
 * opened are reported in `failed` and left as they are. One audit event is recorded per
 * workspace whose secrets were resealed.
 */
export async function resealStoredSecrets(
  prisma: PrismaClient,
  keyring: Keyring,
  options: ResealOptions = {},
): Promise<ResealResult> {
  const { batchSize = 100, onProgress, signal } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be a positive integer.");
  const keyId = keyring.currentKeyId;
  const tables = secretTables(prisma);
  const result: ResealResult = {
    keyId,
    resealed: zeroCounts(),
    alreadyCurrent: zeroCounts(),
    changedMeanwhile: zeroCounts(),
    failed: [],
    stopped: false,
  };
  let total = 0;
  for (const table of tables) {
    result.alreadyCurrent[table.kind] = await table.countUnder(keyId);
    total += await table.countNotUnder(keyId);
  }

  const resealedPerWorkspace = new Map<string, number>();
  let done = 0;
  try {
    tables: for (const table of tables) {
      let afterId: string | undefined;
      for (;;) {
        if (signal?.aborted) break tables;
        const rows = await table.readNotUnder(keyId, afterId, batchSize);
        if (rows.length === 0) break;
        for (const row of rows) {
          // Embedded PGlite answers without ever returning to the event loop's I/O phase, where
          // signals (Ctrl-C) are delivered: give it a turn, or an abort could never arrive.
          await yieldToEventLoop();
          if (signal?.aborted) break tables;
          afterId = row.id;
          if (!needsResealing(keyring, row.sealed)) continue;
          const outcome = await resealOne(keyring, table, row, result);
          if (outcome === "resealed") {
            result.resealed[table.kind] += 1;
            resealedPerWorkspace.set(row.workspaceId, (resealedPerWorkspace.get(row.workspaceId) ?? 0) + 1);
          } else if (outcome === "changed") {
            result.changedMeanwhile[table.kind] += 1;
          }
          done += 1;
          await onProgress?.({ model: table.model, kind: table.kind, id: row.id, outcome, done, total });
        }
        if (rows.length < batchSize) break;
      }
    }
    result.stopped = signal?.aborted ?? false;
  } finally {
    // Even when the run is cut short by an error, record what it did change.
    await recordRotation(prisma, keyId, resealedPerWorkspace);
  }
  return result;
}

async function resealOne(
  keyring: Keyring,
  table: SecretTable,
  row: StoredSecret,
  result: ResealResult,
): Promise<ResealProgress["outcome"]> {
  let next: SealedSecret;
  try {
    next = sealSecret(keyring, openSecret(keyring, row.sealed, row.context), row.context);
  } catch (error) {
    const missing = keyring.find(row.sealed.keyId) ? undefined : row.sealed.keyId;
    result.failed.push({
      model: table.model,
      kind: table.kind,
      id: row.id,
      workspaceId: row.workspaceId,
      keyId: row.sealed.keyId,
      ...(missing ? { missingKeyId: missing } : {}),
      reason:
        error instanceof SecretBoxError
          ? error.message
          : `It could not be opened with key "${row.sealed.keyId}" (${(error as Error).name}).`,
    });
    return "failed";
  }
  return (await row.write(next)) ? "resealed" : "changed";
}

async function recordRotation(prisma: PrismaClient, keyId: string, perWorkspace: Map<string, number>): Promise<void> {
  for (const [workspaceId, resealed] of perWorkspace) {
    const details: Prisma.InputJsonObject = { keyId, resealed };
    await prisma.auditEvent.create({
      data: {
        workspaceId,
        actorId: null, // a command run by an operator, not a signed-in user
        action: ROTATED_AUDIT_ACTION,
        targetType: "workspace",
        targetId: workspaceId,
        details,
      },
    });
  }
}

/** How many stored secrets each key id seals, per kind: what still depends on which key. */
export async function countSecretsByKey(
  prisma: PrismaClient,
): Promise<{ kind: SecretKind; keyId: string; count: number }[]> {
  const [smtp, aws, provisioned] = await Promise.all([
    prisma.smtpCredential.groupBy({ by: ["passwordKeyId"], _count: { _all: true } }),
    prisma.awsDiagnosticsAccess.groupBy({
      by: ["secretKeyId"],
      where: { secretKeyId: { not: null }, secretCiphertext: { not: null } },
      _count: { _all: true },
    }),
    prisma.provisionedSmtpCredential.groupBy({ by: ["passwordKeyId"], _count: { _all: true } }),
  ]);
  return [
    ...smtp.map((g) => ({ kind: "smtpCredentials" as const, keyId: g.passwordKeyId, count: g._count._all })),
    ...aws.map((g) => ({ kind: "awsDiagnostics" as const, keyId: g.secretKeyId!, count: g._count._all })),
    ...provisioned.map((g) => ({ kind: "provisioned" as const, keyId: g.passwordKeyId, count: g._count._all })),
  ];
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function zeroCounts(): CountsByKind {
  return { smtpCredentials: 0, awsDiagnostics: 0, provisioned: 0 };
}

function secretTables(prisma: PrismaClient): SecretTable[] {
  const after = (afterId: string | undefined) => (afterId ? { id: { gt: afterId } } : {});
  return [
    {
      kind: "smtpCredentials",
      model: "SmtpCredential",
      countUnder: (keyId) => prisma.smtpCredential.count({ where: { passwordKeyId: keyId } }),
      countNotUnder: (keyId) => prisma.smtpCredential.count({ where: { passwordKeyId: { not: keyId } } }),
      async readNotUnder(keyId, afterId, take) {
        const rows = await prisma.smtpCredential.findMany({
          where: { passwordKeyId: { not: keyId }, ...after(afterId) },
          select: {
            id: true,
            sendingDomainId: true,
            passwordCiphertext: true,
            passwordKeyId: true,
            sendingDomain: { select: { workspaceId: true } },
          },
          orderBy: { id: "asc" },
          take,
        });
        return rows.map((row) => ({
          id: row.id,
          workspaceId: row.sendingDomain.workspaceId,
          sealed: { keyId: row.passwordKeyId, ciphertext: row.passwordCiphertext },
          context: smtpCredentialContext(row.sendingDomainId),
          async write(next) {
            const { count } = await prisma.smtpCredential.updateMany({
              where: { id: row.id, passwordCiphertext: row.passwordCiphertext, passwordKeyId: row.passwordKeyId },
              // rotatedAt is for a replaced credential; the password itself has not changed.
              data: { passwordCiphertext: next.ciphertext, passwordKeyId: next.keyId },
            });
            return count === 1;
          },
        }));
      },
    },
    {
      kind: "awsDiagnostics",
      model: "AwsDiagnosticsAccess",
      countUnder: (keyId) =>
        prisma.awsDiagnosticsAccess.count({ where: { secretKeyId: keyId, secretCiphertext: { not: null } } }),
      countNotUnder: (keyId) =>
        prisma.awsDiagnosticsAccess.count({
          where: {
            AND: [{ secretKeyId: { not: null } }, { secretKeyId: { not: keyId } }],
            secretCiphertext: { not: null },
          },
        }),
      async readNotUnder(keyId, afterId, take) {
        const rows = await prisma.awsDiagnosticsAccess.findMany({
          where: {
            AND: [{ secretKeyId: { not: null } }, { secretKeyId: { not: keyId } }],
            secretCiphertext: { not: null },
            ...after(afterId),
          },
          select: { id: true, workspaceId: true, secretCiphertext: true, secretKeyId: true, updatedAt: true },
          orderBy: { id: "asc" },
          take,
        });
        return rows.map((row) => ({
          id: row.id,
          workspaceId: row.workspaceId,
          sealed: { keyId: row.secretKeyId!, ciphertext: row.secretCiphertext! },
          context: awsDiagnosticsContext(row.id),
          async write(next) {
            const { count } = await prisma.awsDiagnosticsAccess.updateMany({
              where: { id: row.id, secretCiphertext: row.secretCiphertext, secretKeyId: row.secretKeyId },
              // updatedAt is shown as "connected at": re-encrypting is not reconnecting.
              data: { secretCiphertext: next.ciphertext, secretKeyId: next.keyId, updatedAt: row.updatedAt },
            });
            return count === 1;
          },
        }));
      },
    },
    {
      kind: "provisioned",
      model: "ProvisionedSmtpCredential",
      countUnder: (keyId) => prisma.provisionedSmtpCredential.count({ where: { passwordKeyId: keyId } }),
      countNotUnder: (keyId) => prisma.provisionedSmtpCredential.count({ where: { passwordKeyId: { not: keyId } } }),
      async readNotUnder(keyId, afterId, take) {
        const rows = await prisma.provisionedSmtpCredential.findMany({
          where: { passwordKeyId: { not: keyId }, ...after(afterId) },
          select: { id: true, workspaceId: true, passwordCiphertext: true, passwordKeyId: true },
          orderBy: { id: "asc" },
          take,
        });
        return rows.map((row) => ({
          id: row.id,
          workspaceId: row.workspaceId,
          sealed: { keyId: row.passwordKeyId, ciphertext: row.passwordCiphertext },
          context: provisionedSmtpCredentialContext(row.id),
          async write(next) {
            const { count } = await prisma.provisionedSmtpCredential.updateMany({
              where: { id: row.id, passwordCiphertext: row.passwordCiphertext, passwordKeyId: row.passwordKeyId },
              data: { passwordCiphertext: next.ciphertext, passwordKeyId: next.keyId },
            });
            return count === 1;
          },
        }));
      },
    },
  ];
}
