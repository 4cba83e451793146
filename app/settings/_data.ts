import "server-only";
import { connection } from "next/server";
import { cache } from "react";
import { getRuntime } from "@/lib/runtime";
import { resolveCurrentContext } from "@/lib/workspace/context";

/**
 * The database and the current user and workspace, resolved once per request however many
 * layouts and pages ask.
 */
export const getRequestContext = cache(async () => {
  // Marks the caller as request-time before anything touches the database: `next build` must
  // never prerender these pages, because that would open the database at build time.
  await connection();
  const { db } = getRuntime();
  const ctx = await resolveCurrentContext(db.prisma);
  return { prisma: db.prisma, ctx };
});
