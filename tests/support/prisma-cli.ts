import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
const PRISMA = path.join(PROJECT_ROOT, "node_modules/.bin/prisma");

/** Runs the real Prisma CLI (with the project's offline schema engine) against a database URL. */
export async function prismaCli(args: string[], databaseUrl: string): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(PRISMA, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      timeout: 120_000,
    });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string; code?: number };
    throw Object.assign(
      new Error(`prisma ${args.join(" ")} failed (exit ${e.code}):\n${e.stdout ?? ""}\n${e.stderr ?? ""}`),
      { stdout: e.stdout, stderr: e.stderr, exitCode: e.code },
    );
  }
}
