// Key rotation end to end: secrets sealed through the app's own write paths, resealed under a
// new key, read back through the app's own read paths. Rotation touches every row in the
// database, so this file works on a database of its own rather than the run's shared one.
import { randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { parseKeyring, type Keyring } from "@/lib/crypto/keyring";
import { resealStoredSecrets, type ResealProgress } from "@/lib/crypto/reseal";
import { Secret } from "@/lib/crypto/secret";
import { provisionedSmtpCredentialContext, sealSecret, smtpCredentialContext } from "@/lib/crypto/secret-box";
import { openAwsDiagnosticsCredentials, saveAwsDiagnosticsAccess } from "@/lib/data/aws-diagnostics";
import { openProvisionedSmtpCredential, storeProvisionedSmtpCredential } from "@/lib/data/provisioned-smtp-credentials";
import { readSmtpPassword, saveSmtpCredential } from "@/lib/data/sending-domains";
import { openDatabase, type Database, type PrismaClient } from "@/lib/db/client";
import type { WorkspaceContext } from "@/lib/workspace/context";
import { createTestWorkspace } from "../support/database";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "../support/postgres";
import { PROJECT_ROOT, prismaCli } from "../support/prisma-cli";

const spec = (id: string, fill: number) => `${id}:${Buffer.alloc(32, fill).toString("base64")}`;
const K0 = spec("k0", 7);
const K1 = spec("k1", 1);
const K2 = spec("k2", 2);
const k1Only = parseKeyring(K1);
const k2Only = parseKeyring(K2);
const rotated = parseKeyring(`${K2},${K1}`);

/** A migrated database for this file alone; PGlite needs it closed while a CLI process uses it. */
interface PrivateDatabase {
  url: string;
  open(): Database;
  drop(): Promise<void>;
}

async function createPrivateDatabase(): Promise<PrivateDatabase> {
  const provided = inject("databaseUrl");
  if (provided.startsWith("pglite-template:")) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-rotation-"));
    fs.cpSync(provided.slice("pglite-template:".length), dir, { recursive: true });
    return {
      url: `pglite:${dir}`,
      open: () => openDatabase(`pglite:${dir}`),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = uniqueDatabaseName("inflowave_rotation");
  const url = await createDatabase(name);
  await prismaCli(["migrate", "deploy"], url);
  return { url, open: () => openDatabase(url), drop: () => dropDatabase(name) };
}

async function wipe(prisma: PrismaClient): Promise<void> {
  await prisma.workspace.deleteMany(); // cascades to domains, credentials, audit events
  await prisma.user.deleteMany();
}

interface Seeded {
  ctx: WorkspaceContext;
  domains: { id: string; password: string }[];
  aws: { secret: string };
  provisioned: { id: string; password: string }[];
}

/** Secrets written the way the app writes them: two SMTP credentials, an AWS key, a provisioned password. */
async function seedWorkspace(db: Database, keyring: Keyring): Promise<Seeded> {
  const ctx = await createTestWorkspace(db);
  const tag = ctx.workspace.slug;
  const domains = [];
  for (const n of [1, 2]) {
    const domain = await db.prisma.sendingDomain.create({
      data: {
        workspaceId: ctx.workspace.id,
        domain: `m${n}.${tag}.example.com`,
        fromAddress: `a@m${n}.${tag}.example.com`,
        region: "us-east-1",
      },
    });
    const password = `smtp-password-${n}-${randomUUID()}`;
    await saveSmtpCredential(db.prisma, keyring, ctx, domain.id, {
      host: "email-smtp.us-east-1.amazonaws.com",
      port: 587,
      tlsMode: "starttls",
      username: "AKIAEXAMPLE",
      password: new Secret(password),
    });
    domains.push({ id: domain.id, password });
  }
  const awsSecret = `aws-secret-${randomUUID()}`;
  await saveAwsDiagnosticsAccess(db.prisma, keyring, ctx, {
    source: "access_key",
    accessKeyId: "AKIADIAGNOSTICS",
    secretAccessKey: new Secret(awsSecret),
  });
  const provisionedPassword = `provisioned-${randomUUID()}`;
  const provisioned = await storeProvisionedSmtpCredential(db.prisma, keyring, ctx, {
    region: "us-east-1",
    iamUserName: "inflowave-smtp",
    username: "AKIAPROVISIONED",
    password: new Secret(provisionedPassword),
  });
  return {
    ctx,
    domains,
    aws: { secret: awsSecret },
    provisioned: [{ id: provisioned.id, password: provisionedPassword }],
  };
}

/** Every seeded secret, read back through the app's read paths with `keyring`. */
async function expectReadable(db: Database, keyring: Keyring, seeded: Seeded): Promise<void> {
  const ws = seeded.ctx.workspace.id;
  for (const domain of seeded.domains) {
    expect((await readSmtpPassword(db.prisma, keyring, ws, domain.id))?.reveal()).toBe(domain.password);
  }
  const aws = await openAwsDiagnosticsCredentials(db.prisma, keyring, ws);
  expect(aws?.source === "access_key" && aws.secretAccessKey.reveal()).toBe(seeded.aws.secret);
  for (const p of seeded.provisioned) {
    expect((await openProvisionedSmtpCredential(db.prisma, keyring, ws, p.id))?.password.reveal()).toBe(p.password);
  }
}

async function keyIdsInUse(prisma: PrismaClient): Promise<string[]> {
  const [smtp, aws, provisioned] = await Promise.all([
    prisma.smtpCredential.findMany({ select: { passwordKeyId: true } }),
    prisma.awsDiagnosticsAccess.findMany({ where: { secretKeyId: { not: null } }, select: { secretKeyId: true } }),
    prisma.provisionedSmtpCredential.findMany({ select: { passwordKeyId: true } }),
  ]);
  return [
    ...smtp.map((r) => r.passwordKeyId),
    ...aws.map((r) => r.secretKeyId!),
    ...provisioned.map((r) => r.passwordKeyId),
  ].sort();
}

const plaintexts = (seeded: Seeded[]) =>
  seeded.flatMap((s) => [...s.domains.map((d) => d.password), s.aws.secret, ...s.provisioned.map((p) => p.password)]);

describe("resealStoredSecrets", () => {
  let store: PrivateDatabase;
  let db: Database;

  beforeAll(async () => {
    store = await createPrivateDatabase();
    db = store.open();
  });
  afterAll(async () => {
    await db?.close();
    await store?.drop();
  });
  beforeEach(() => wipe(db.prisma));

  it("reseals every secret of every workspace under the newest key, then has nothing left to do", async () => {
    const acme = await seedWorkspace(db, k1Only);
    const globex = await seedWorkspace(db, k1Only);
    // A workspace whose diagnostics use the server's credential chain stores no secret.
    const idle = await createTestWorkspace(db);
    await saveAwsDiagnosticsAccess(db.prisma, k1Only, idle, { source: "default_chain" });
    const connectedAt = await db.prisma.awsDiagnosticsAccess.findUniqueOrThrow({
      where: { workspaceId: acme.ctx.workspace.id },
    });

    const result = await resealStoredSecrets(db.prisma, rotated, { batchSize: 2 });

    expect(result).toEqual({
      keyId: "k2",
      resealed: { smtpCredentials: 4, awsDiagnostics: 2, provisioned: 2 },
      alreadyCurrent: { smtpCredentials: 0, awsDiagnostics: 0, provisioned: 0 },
      changedMeanwhile: { smtpCredentials: 0, awsDiagnostics: 0, provisioned: 0 },
      failed: [],
      stopped: false,
    });
    expect(new Set(await keyIdsInUse(db.prisma))).toEqual(new Set(["k2"]));
    // The old key is no longer needed: the new one alone opens everything, to the same plaintext.
    await expectReadable(db, k2Only, acme);
    await expectReadable(db, k2Only, globex);
    // Re-encrypting is not reconnecting: the "connected at" time stays.
    const after = await db.prisma.awsDiagnosticsAccess.findUniqueOrThrow({
      where: { workspaceId: acme.ctx.workspace.id },
    });
    expect(after.updatedAt).toEqual(connectedAt.updatedAt);

    const events = await db.prisma.auditEvent.findMany({ where: { action: "encryption_keys.rotated" } });
    expect(events.map((e) => e.workspaceId).sort()).toEqual([acme.ctx.workspace.id, globex.ctx.workspace.id].sort());
    for (const event of events) {
      expect(event).toMatchObject({ actorId: null, targetType: "workspace", targetId: event.workspaceId });
      expect(event.details).toEqual({ keyId: "k2", resealed: 4 });
    }
    const everyEvent = JSON.stringify(await db.prisma.auditEvent.findMany());
    for (const plaintext of plaintexts([acme, globex])) expect(everyEvent).not.toContain(plaintext);

    const again = await resealStoredSecrets(db.prisma, rotated);
    expect(again.resealed).toEqual({ smtpCredentials: 0, awsDiagnostics: 0, provisioned: 0 });
    expect(again.alreadyCurrent).toEqual({ smtpCredentials: 4, awsDiagnostics: 2, provisioned: 2 });
    expect(again.failed).toEqual([]);
    expect(await db.prisma.auditEvent.count({ where: { action: "encryption_keys.rotated" } })).toBe(2);
  });

  it("stops when aborted, leaving old and new rows all readable, and a rerun finishes", async () => {
    const acme = await seedWorkspace(db, k1Only);
    const globex = await seedWorkspace(db, k1Only);
    const controller = new AbortController();
    const seen: ResealProgress[] = [];

    const first = await resealStoredSecrets(db.prisma, rotated, {
      batchSize: 3,
      signal: controller.signal,
      onProgress(p) {
        seen.push(p);
        if (p.done === 3) controller.abort();
      },
    });

    expect(first.stopped).toBe(true);
    expect(seen.map((p) => [p.done, p.total, p.outcome])).toEqual([
      [1, 8, "resealed"],
      [2, 8, "resealed"],
      [3, 8, "resealed"],
    ]);
    const keys = await keyIdsInUse(db.prisma);
    expect(keys.filter((k) => k === "k2")).toHaveLength(3);
    expect(keys.filter((k) => k === "k1")).toHaveLength(5);
    await expectReadable(db, rotated, acme);
    await expectReadable(db, rotated, globex);

    const second = await resealStoredSecrets(db.prisma, rotated);
    expect(second.stopped).toBe(false);
    expect(second.resealed).toEqual({ smtpCredentials: 1, awsDiagnostics: 2, provisioned: 2 });
    expect(second.alreadyCurrent).toEqual({ smtpCredentials: 3, awsDiagnostics: 0, provisioned: 0 });
    expect(new Set(await keyIdsInUse(db.prisma))).toEqual(new Set(["k2"]));
    await expectReadable(db, k2Only, acme);
    await expectReadable(db, k2Only, globex);
  });

  it("reports rows it cannot open, with the missing key id, and reseals the others", async () => {
    const acme = await seedWorkspace(db, k1Only);
    // One password sealed under a key the keyring no longer has, one altered in the database.
    const lost = await seedWorkspace(db, parseKeyring(K0));
    const lostCredential = await db.prisma.smtpCredential.findUniqueOrThrow({
      where: { sendingDomainId: lost.domains[0]!.id },
    });
    const altered = await db.prisma.smtpCredential.findUniqueOrThrow({
      where: { sendingDomainId: acme.domains[1]!.id },
    });
    const alteredCiphertext = sealSecret(k1Only, "something else", smtpCredentialContext(randomUUID())).ciphertext;
    await db.prisma.smtpCredential.update({
      where: { id: altered.id },
      data: { passwordCiphertext: alteredCiphertext },
    });

    const result = await resealStoredSecrets(db.prisma, rotated);

    expect(result.resealed).toEqual({ smtpCredentials: 1, awsDiagnostics: 1, provisioned: 1 });
    expect(result.failed).toHaveLength(5);
    expect(result.failed).toContainEqual({
      model: "SmtpCredential",
      kind: "smtpCredentials",
      id: lostCredential.id,
      workspaceId: lost.ctx.workspace.id,
      keyId: "k0",
      missingKeyId: "k0",
      reason: expect.stringMatching(/key "k0", which is not in INFLOWAVE_ENCRYPTION_KEYS/),
    });
    expect(
      result.failed
        .filter((f) => f.missingKeyId === "k0")
        .map((f) => f.model)
        .sort(),
    ).toEqual(["AwsDiagnosticsAccess", "ProvisionedSmtpCredential", "SmtpCredential", "SmtpCredential"]);
    const alteredFailure = result.failed.find((f) => f.id === altered.id);
    expect(alteredFailure).toMatchObject({
      model: "SmtpCredential",
      keyId: "k1",
      reason: expect.stringMatching(/could not be opened/),
    });
    expect(alteredFailure).not.toHaveProperty("missingKeyId");
    expect(JSON.stringify(result)).not.toMatch(new RegExp(plaintexts([acme, lost]).join("|")));

    // The rows that failed are left exactly as they were; everything else moved on.
    expect(await db.prisma.smtpCredential.findUniqueOrThrow({ where: { id: lostCredential.id } })).toEqual(
      lostCredential,
    );
    expect(await db.prisma.smtpCredential.findUniqueOrThrow({ where: { id: altered.id } })).toMatchObject({
      passwordKeyId: "k1",
      passwordCiphertext: alteredCiphertext,
    });
    expect((await readSmtpPassword(db.prisma, k2Only, acme.ctx.workspace.id, acme.domains[0]!.id))?.reveal()).toBe(
      acme.domains[0]!.password,
    );

    // With k0 back at the end of the list, a rerun finishes what it can open.
    const withK0 = parseKeyring(`${K2},${K1},${K0}`);
    const rerun = await resealStoredSecrets(db.prisma, withK0);
    expect(rerun.resealed).toEqual({ smtpCredentials: 2, awsDiagnostics: 1, provisioned: 1 });
    expect(rerun.failed.map((f) => f.id)).toEqual([altered.id]);
    await expectReadable(db, k2Only, lost);
  });

  it("leaves alone a row the app rewrote between the run's read and its write", async () => {
    const acme = await createTestWorkspace(db);
    const stored: string[] = [];
    for (const n of [1, 2]) {
      const password = `provisioned-${n}-${randomUUID()}`;
      const row = await storeProvisionedSmtpCredential(db.prisma, k1Only, acme, {
        region: "us-east-1",
        iamUserName: `inflowave-smtp-${n}`,
        username: `AKIA${n}`,
        password: new Secret(password),
      });
      stored.push(row.id);
    }
    // An app instance still on the old keyring stores a new password on the row not yet written.
    const newPassword = `rewritten-${randomUUID()}`;
    let rewritten: string | undefined;

    const result = await resealStoredSecrets(db.prisma, rotated, {
      batchSize: 10, // both rows are read before either is written
      async onProgress(p) {
        if (p.done !== 1) return;
        rewritten = stored.find((id) => id !== p.id)!;
        const sealed = sealSecret(k1Only, newPassword, provisionedSmtpCredentialContext(rewritten));
        await db.prisma.provisionedSmtpCredential.update({
          where: { id: rewritten },
          data: { passwordCiphertext: sealed.ciphertext, passwordKeyId: sealed.keyId },
        });
      },
    });

    expect(result.resealed.provisioned).toBe(1);
    expect(result.changedMeanwhile.provisioned).toBe(1);
    expect(result.failed).toEqual([]);
    expect(await db.prisma.provisionedSmtpCredential.findUniqueOrThrow({ where: { id: rewritten } })).toMatchObject({
      passwordKeyId: "k1",
    });
    const open = (keyring: Keyring) => openProvisionedSmtpCredential(db.prisma, keyring, acme.workspace.id, rewritten!);
    expect((await open(rotated))?.password.reveal()).toBe(newPassword);

    const rerun = await resealStoredSecrets(db.prisma, rotated);
    expect(rerun.resealed.provisioned).toBe(1);
    expect((await open(k2Only))?.password.reveal()).toBe(newPassword);
  });
});

// Each test starts the script (tsx compiling it, a database connection) two or three times: 10 s
// on a quiet 2-core machine, 18 s on a loaded one, too close to the suite's 30 s.
describe("npm run keys:rotate", { timeout: 120_000 }, () => {
  let store: PrivateDatabase;
  let dataDir: string;

  beforeAll(async () => {
    store = await createPrivateDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-rotation-data-"));
  });
  afterAll(async () => {
    await store?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Seeds through a connection closed again before the CLI runs (PGlite: one process per folder). */
  async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = store.open();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  function rotate(
    keys: string | undefined,
    options: { args?: string[]; onStdout?: (stdout: string, child: ReturnType<typeof spawn>) => void } = {},
  ): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: store.url, INFLOWAVE_DATA_DIR: dataDir };
    if (keys === undefined) delete env.INFLOWAVE_ENCRYPTION_KEYS;
    else env.INFLOWAVE_ENCRYPTION_KEYS = keys;
    return new Promise((resolve) => {
      // As package.json runs it: one process, so Ctrl-C reaches the script itself.
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "scripts/rotate-encryption-keys.ts", ...(options.args ?? [])],
        { cwd: PROJECT_ROOT, env },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
        options.onStdout?.(stdout, child);
      });
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
  }

  it("reseals, names a missing key and what to do, exits 1; with the key back a rerun exits 0", async () => {
    // Two workspaces under k1, and a third whose two SMTP passwords are under k0, not in the list.
    const { seeded, lost, lostId } = await withDatabase(async (db) => {
      await wipe(db.prisma);
      const seeded = [await seedWorkspace(db, k1Only), await seedWorkspace(db, k1Only)];
      const lost = await seedWorkspace(db, parseKeyring(K0));
      await db.prisma.awsDiagnosticsAccess.deleteMany({ where: { workspaceId: lost.ctx.workspace.id } });
      await db.prisma.provisionedSmtpCredential.deleteMany({ where: { workspaceId: lost.ctx.workspace.id } });
      const lostRow = await db.prisma.smtpCredential.findFirstOrThrow({ where: { passwordKeyId: "k0" } });
      return { seeded, lost, lostId: lostRow.id };
    });

    const first = await rotate(`${K2},${K1}`);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(1);
    expect(first.stdout).toContain(
      `Re-encrypting stored secrets under key "k2", the first of INFLOWAVE_ENCRYPTION_KEYS (k2, k1).`,
    );
    expect(first.stdout).toContain("10 secrets to re-encrypt.");
    expect(first.stdout).toContain(
      "Re-encrypted 8 secrets (4 SMTP passwords, 2 AWS diagnostics secret keys, 2 SMTP passwords created by the setup wizard).",
    );
    expect(first.stdout).toContain("Could not re-encrypt 2 secrets:");
    expect(first.stdout).toContain(`SMTP password ${lostId} (SmtpCredential`);
    expect(first.stdout).toContain(
      'Put key "k0" back at the end of INFLOWAVE_ENCRYPTION_KEYS and rerun `npm run keys:rotate`.',
    );
    expect(first.stdout).toContain(`2 secrets are still under older keys ("k0": 2)`);
    const output = first.stdout + first.stderr;
    for (const secret of [...plaintexts([...seeded, lost]), K1.split(":")[1]!, K2.split(":")[1]!]) {
      expect(output).not.toContain(secret);
    }

    // The development key file, as the app reads it when INFLOWAVE_ENCRYPTION_KEYS is unset.
    fs.writeFileSync(path.join(dataDir, "encryption-keys"), `${K2},${K1},${K0}\n`);
    const second = await rotate(undefined);
    expect(second.stderr).toBe("");
    expect(second.status).toBe(0);
    expect(second.stdout).toContain("the first of the development key file");
    expect(second.stdout).toContain("Re-encrypted 2 SMTP passwords.");
    expect(second.stdout).toContain(
      `Nothing is left under an older key: every stored secret is under "k2". You can now remove "k1", "k0" from`,
    );
    await withDatabase(async (db) => {
      for (const s of seeded) await expectReadable(db, k2Only, s);
      for (const domain of lost.domains) {
        const password = await readSmtpPassword(db.prisma, k2Only, lost.ctx.workspace.id, domain.id);
        expect(password?.reveal()).toBe(domain.password);
      }
    });

    const third = await rotate(`${K2},${K1}`);
    expect(third.status).toBe(0);
    expect(third.stdout).toContain("No stored secret is under an older key.");
    expect(third.stdout).toContain("Re-encrypted nothing.");
  });

  it("stops on Ctrl-C after the current secret, says how many remain, and a rerun finishes", async () => {
    const ROWS = 400;
    const passwords = new Map<string, string>();
    const workspaceId = await withDatabase(async (db) => {
      await wipe(db.prisma);
      const ctx = await createTestWorkspace(db);
      const data = Array.from({ length: ROWS }, (_, n) => {
        const id = randomUUID();
        const password = `bulk-${n}-${randomUUID()}`;
        passwords.set(id, password);
        const sealed = sealSecret(k1Only, password, provisionedSmtpCredentialContext(id));
        return {
          id,
          workspaceId: ctx.workspace.id,
          region: "us-east-1",
          iamUserName: `inflowave-smtp-${n}`,
          username: `AKIA${n}`,
          passwordCiphertext: sealed.ciphertext,
          passwordKeyId: sealed.keyId,
        };
      });
      await db.prisma.provisionedSmtpCredential.createMany({ data });
      return ctx.workspace.id;
    });

    let interrupted = false;
    const run = await rotate(`${K2},${K1}`, {
      args: ["--batch-size", "1"],
      onStdout(stdout, child) {
        if (!interrupted && stdout.includes(`  1 of ${ROWS} done`)) {
          interrupted = true;
          child.kill("SIGINT");
        }
      },
    });

    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("Stopping after the current secret");
    const remaining = Number(/Stopped: (\d+) secrets remain under older keys/.exec(run.stdout)?.[1]);
    expect(run.stdout).toContain("Rerun `npm run keys:rotate` to finish.");
    await withDatabase(async (db) => {
      const rows = await db.prisma.provisionedSmtpCredential.findMany();
      const stillOld = rows.filter((r) => r.passwordKeyId === "k1").length;
      expect(stillOld).toBe(remaining);
      expect(stillOld).toBeGreaterThan(0);
      expect(stillOld).toBeLessThan(ROWS);
      // Every row, old or new, opens to its password.
      for (const row of rows) {
        const opened = await openProvisionedSmtpCredential(db.prisma, rotated, workspaceId, row.id);
        expect(opened?.password.reveal()).toBe(passwords.get(row.id));
      }
    });

    const rerun = await rotate(`${K2},${K1}`);
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toContain(`${remaining} secrets to re-encrypt.`);
    expect(rerun.stdout).toContain("Nothing is left under an older key");
  });
});
