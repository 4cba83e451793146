import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { prismaCli, PROJECT_ROOT } from "../support/prisma-cli";
import { databaseExists, databaseUrlFor, dropDatabase, uniqueDatabaseName } from "../support/postgres";

// These run the real Prisma CLI through the project's offline schema engine
// (scripts/prisma-wasm-engine): the part of the toolchain most likely to break on an upgrade.
const isPostgres = !inject("databaseUrl").startsWith("pglite-template:");
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const migrationNames = fs
  .readdirSync(path.join(PROJECT_ROOT, "prisma/migrations"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

async function freshTarget(): Promise<string> {
  if (isPostgres) {
    // Not created here: migrate deploy must create a missing database by itself.
    const name = uniqueDatabaseName("inflowave_migrate");
    cleanups.push(() => dropDatabase(name));
    return databaseUrlFor(name);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-migrate-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return `pglite:${path.join(dir, "nested", "pglite")}`;
}

// Each test runs the CLI up to three times, every run loading the schema engine's WebAssembly and
// replaying all migrations: 16 s on PGlite on a quiet 2-core machine, 24 s on a loaded one — too
// close to the suite's 30 s. The CLI helper's own 120 s limit is the budget.
const CLI_TESTS = { timeout: 120_000 };

describe(`migrations on a fresh ${isPostgres ? "PostgreSQL database" : "PGlite folder"}`, CLI_TESTS, () => {
  it("migrate deploy applies every migration, creating the database or folder, and a rerun is a no-op", async () => {
    const url = await freshTarget();
    const first = await prismaCli(["migrate", "deploy"], url);
    expect(first.stdout).toContain("All migrations have been successfully applied.");
    if (isPostgres) expect(await databaseExists(new URL(url).pathname.slice(1))).toBe(true);

    const second = await prismaCli(["migrate", "deploy"], url);
    expect(second.stdout).toMatch(/No pending migrations to apply/);
    const status = await prismaCli(["migrate", "status"], url);
    expect(status.stdout).toMatch(/Database schema is up to date!/);

    const db = openDatabase(url);
    try {
      const applied = await db.prisma.$queryRaw<{ migration_name: string }[]>`
        SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`;
      expect(applied.map((row) => row.migration_name)).toEqual(migrationNames);
      // The schema really exists: a workspace round-trips through the generated client.
      const ws = await db.prisma.workspace.create({ data: { name: "Migrated", slug: "migrated" } });
      expect(await db.prisma.workspace.findUnique({ where: { id: ws.id } })).toMatchObject({ slug: "migrated" });
    } finally {
      await db.close();
    }
  });

  it("the checked-in migrations produce exactly prisma/schema.prisma (no drift)", async () => {
    // The diff replays the migrations into a throw-away shadow database next to this one.
    const url = isPostgres ? inject("databaseUrl") : await freshTarget();
    // --exit-code: 0 when empty, 2 when the schema and the migrations differ.
    const diff = await prismaCli(
      [
        "migrate",
        "diff",
        "--from-migrations",
        "prisma/migrations",
        "--to-schema",
        "prisma/schema.prisma",
        "--exit-code",
      ],
      url,
    );
    expect(diff.stdout).toMatch(/No difference detected|^\s*$/);
  });
});

// Only PostgreSQL's catalog is read here; PGlite runs the same migration SQL. (Registered only
// for the PostgreSQL project rather than reported as skipped in the PGlite one.)
if (isPostgres)
  describe("the migrated PostgreSQL schema", CLI_TESTS, () => {
    it("enforces the unique domain per workspace and the cascades in SQL itself", async () => {
      const url = await freshTarget();
      await prismaCli(["migrate", "deploy"], url);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ conname: string; confdeltype: string; table: string }>(`
        SELECT c.conname, c.confdeltype, t.relname AS table FROM pg_constraint c
        JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' ORDER BY c.conname`);
        const onDelete = Object.fromEntries(rows.map((r) => [r.conname, r.confdeltype]));
        expect(onDelete).toMatchObject({
          SendingDomain_workspaceId_fkey: "c",
          SmtpCredential_sendingDomainId_fkey: "c",
          TestSend_sendingDomainId_fkey: "c",
          Membership_workspaceId_fkey: "c",
          Membership_userId_fkey: "c",
          AuditEvent_workspaceId_fkey: "c",
          AuditEvent_actorId_fkey: "n",
        });
        const indexes = await client.query<{ indexdef: string }>(
          `SELECT indexdef FROM pg_indexes WHERE tablename = 'SendingDomain' AND indexdef LIKE 'CREATE UNIQUE%'`,
        );
        expect(indexes.rows.map((r) => r.indexdef).join("\n")).toMatch(/\("workspaceId", domain\)/);
      } finally {
        await client.end();
      }
    });
  });
