import type { Database } from "./client";

export type DatabaseHealth =
  | { ok: true; kind: Database["kind"]; description: string; latencyMs: number }
  | { ok: false; kind: Database["kind"]; description: string; problem: string; fix: string };

/**
 * Asks the database for a row of a migrated table, so "reachable but not migrated" is told
 * apart from "unreachable". Never returns the raw driver error: it may carry connection details.
 */
export async function checkDatabaseHealth(db: Database, timeoutMs = 5_000): Promise<DatabaseHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.prisma.$queryRaw`SELECT 1 FROM "Workspace" LIMIT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })), timeoutMs);
      }),
    ]);
    return {
      ok: true,
      kind: db.kind,
      description: db.description,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
    };
  } catch (error) {
    return { ok: false, kind: db.kind, description: db.description, ...explainDatabaseError(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Turns a driver or Prisma error into words a person can act on. */
export function explainDatabaseError(error: unknown): { problem: string; fix: string } {
  const text = errorText(error);
  if (/does not exist/i.test(text) && /relation|table/i.test(text)) {
    return {
      problem: "The database is reachable but its tables are missing: migrations have not been applied.",
      fix: "Run `npm run db:deploy` (npm run dev and npm start do this on start).",
    };
  }
  if (/database .* does not exist/i.test(text) || /3D000/.test(text)) {
    return {
      problem: "The database named in DATABASE_URL does not exist on the server.",
      fix: "Create it, or run `npm run db:deploy`, which creates a missing database.",
    };
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|timeout|Can't reach|connect/i.test(text)) {
    return {
      problem: "The database server cannot be reached.",
      fix: "Check that PostgreSQL is running and that DATABASE_URL names the right host and port.",
    };
  }
  if (/password authentication failed|28P01|28000/i.test(text)) {
    return {
      problem: "The database server refused the user or password in DATABASE_URL.",
      fix: "Check the user name and password in DATABASE_URL.",
    };
  }
  return {
    problem: "The database returned an unexpected error.",
    fix: "See the server log for details.",
  };
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const parts = [error.message, (error as { code?: unknown }).code];
  const cause = (error as { cause?: unknown }).cause;
  if (cause) parts.push(errorText(cause));
  return parts.filter(Boolean).join(" ");
}
