import path from "node:path";
import type { Env } from "../env";

export type DatabaseKind = "postgresql" | "pglite";

/** Where the app keeps its embedded state (PGlite files, the development encryption key). */
export function resolveDataDir(env: Env = process.env): string {
  // The comment keeps Turbopack from tracing the whole project through this dynamic path.
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), env.INFLOWAVE_DATA_DIR || ".data");
}

/**
 * DATABASE_URL when set (postgresql://… for a server, pglite:<dir> for an embedded database
 * elsewhere); otherwise the embedded PGlite default inside the data folder, so a newcomer
 * needs no database server. prisma.config.ts uses the same function, so the CLI and the app
 * always agree on the database.
 */
export function resolveDatabaseUrl(env: Env = process.env): string {
  const url = env.DATABASE_URL?.trim();
  if (url) return url;
  return `pglite:${path.join(resolveDataDir(env), "pglite")}`;
}

export function databaseKindOf(url: string): DatabaseKind {
  if (url.startsWith("pglite:")) return "pglite";
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  throw new DatabaseUrlError(
    `DATABASE_URL must start with postgresql:// (a PostgreSQL server) or pglite: (an embedded database folder); it starts with "${url.split(":")[0]}:".`,
  );
}

/** The PGlite data folder of a pglite: URL, or undefined for an in-memory database (pglite:memory). */
export function pgliteDirOf(url: string): string | undefined {
  const rest = url.slice("pglite:".length).replace(/^\/\//, "");
  if (rest === "" || rest === "memory") return undefined;
  return path.resolve(/* turbopackIgnore: true */ process.cwd(), rest);
}

/** A database URL safe to show a person or write to a log: no password, no query string. */
export function describeDatabaseUrl(url: string): string {
  try {
    if (databaseKindOf(url) === "pglite") return `PGlite at ${pgliteDirOf(url) ?? "memory"}`;
    const u = new URL(url);
    const db = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
    return `PostgreSQL database "${db}" at ${u.hostname || "localhost"}:${u.port || "5432"}`;
  } catch {
    return "an unreadable DATABASE_URL";
  }
}

export class DatabaseUrlError extends Error {
  override name = "DatabaseUrlError";
}
