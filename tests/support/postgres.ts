import { randomBytes } from "node:crypto";
import pg from "pg";

/** The server integration tests create their databases on; trust auth on these machines. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

export function databaseUrlFor(name: string, base = ADMIN_URL): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    const where = new URL(ADMIN_URL);
    throw new Error(
      `The integration tests need a PostgreSQL server and could not reach ${where.hostname}:${where.port || 5432} ` +
        `(${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Start PostgreSQL, or point ` +
        `TEST_DATABASE_URL at a server where the user may CREATE DATABASE.`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name: string): Promise<string> {
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}"`));
  return databaseUrlFor(name);
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function databaseExists(name: string): Promise<boolean> {
  return withAdmin(async (c) => (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1);
}
