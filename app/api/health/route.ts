import { checkDatabaseHealth } from "@/lib/db/health";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

/** Liveness and readiness in one: 200 when the database answers, 503 with the reason when not. */
export async function GET() {
  const { db, log } = getRuntime();
  const database = await checkDatabaseHealth(db);
  if (!database.ok) log.warn({ database }, "health check failed");
  return Response.json(
    { status: database.ok ? "ok" : "error", database },
    { status: database.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
