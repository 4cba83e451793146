import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { resolveSessionContext } from "@/lib/auth/session";
import { getRuntime } from "@/lib/runtime";

/**
 * The database and the signed-in user and workspace, resolved once per request however many
 * layouts and pages ask. Without a session, the person is sent to sign in and brought back.
 */
export const getRequestContext = cache(async () => {
  // Marks the caller as request-time before anything touches the database: `next build` must
  // never prerender these pages, because that would open the database at build time.
  await connection();
  const runtime = getRuntime();
  const requestHeaders = await headers();
  const ctx = await resolveSessionContext(runtime.db.prisma, runtime.auth(), requestHeaders);
  if (!ctx) {
    // The proxy passes the path asked for, so signing in leads back to it.
    const wanted = requestHeaders.get("x-inflowave-path");
    redirect(wanted ? `/sign-in?next=${encodeURIComponent(wanted)}` : "/sign-in");
  }
  return { prisma: runtime.db.prisma, ctx };
});
