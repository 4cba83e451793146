import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../generated/prisma/client";
import { databaseKindOf, describeDatabaseUrl, pgliteDirOf, type DatabaseKind } from "./url";

export type { PrismaClient };

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** Human-readable and free of credentials: safe for logs and the health endpoint. */
  description: string;
  close(): Promise<void>;
}

/**
 * Opens the database behind a URL: a PostgreSQL server through node-postgres, or an
 * embedded PGlite folder. PGlite allows one process per folder, so open it once per process.
 */
export function openDatabase(url: string): Database {
  const kind = databaseKindOf(url);
  const description = describeDatabaseUrl(url);
  if (kind === "pglite") {
    const dir = pgliteDirOf(url);
    if (dir) fs.mkdirSync(dir, { recursive: true });
    const pglite = new PGlite(dir);
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
    return {
      prisma,
      kind,
      description,
      async close() {
        await prisma.$disconnect();
        // Closing flushes PGlite's files; without it the folder can be left needing recovery.
        if (!pglite.closed) await pglite.close();
      },
    };
  }
  const adapter = new PrismaPg({
    connectionString: url,
    // pg's default of 10 connections queued a burst of simultaneous test sends (each a dozen short
    // queries) long enough to time out; two instances at 20 stay far below PostgreSQL's 100.
    max: 20,
    // Both how long to wait for a free connection in a burst and how long to try to reach the
    // server: a server that is down refuses at once, so pages and /api/health still answer quickly.
    connectionTimeoutMillis: 15_000,
  });
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    kind,
    description,
    async close() {
      await prisma.$disconnect();
    },
  };
}
