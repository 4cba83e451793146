import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { checkDatabaseHealth } from "@/lib/db/health";
import { openTestDatabase } from "../support/database";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "../support/postgres";

const isPostgres = () => !inject("databaseUrl").startsWith("pglite-template:");
const toClose: Database[] = [];
afterAll(async () => {
  for (const db of toClose) await db.close();
});

describe("database health", () => {
  it("is ok on the migrated database, and names it without credentials", async () => {
    const db = openTestDatabase();
    toClose.push(db);
    const health = await checkDatabaseHealth(db);
    expect(health).toMatchObject({ ok: true, kind: isPostgres() ? "postgresql" : "pglite" });
    expect(health.description).toMatch(isPostgres() ? /^PostgreSQL database "inflowave_test_/ : /^PGlite at /);
  });

  it("tells an unmigrated database apart from an unreachable one", async () => {
    let db: Database;
    let cleanup: () => Promise<void>;
    if (isPostgres()) {
      const name = uniqueDatabaseName("inflowave_empty");
      db = openDatabase(await createDatabase(name));
      cleanup = async () => {
        await db.close();
        await dropDatabase(name);
      };
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-empty-"));
      db = openDatabase(`pglite:${dir}`);
      cleanup = async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      };
    }
    try {
      const health = await checkDatabaseHealth(db);
      expect(health).toMatchObject({ ok: false, problem: expect.stringMatching(/migrations have not been applied/) });
    } finally {
      await cleanup();
    }
  });

  it("says the server cannot be reached, without echoing the password in DATABASE_URL", async () => {
    const db = openDatabase("postgresql://app:hunter2-secret@127.0.0.1:1/inflowave");
    toClose.push(db);
    const health = await checkDatabaseHealth(db);
    expect(health).toMatchObject({ ok: false, kind: "postgresql", problem: "The database server cannot be reached." });
    expect(JSON.stringify(health)).not.toContain("hunter2-secret");
  });
});
