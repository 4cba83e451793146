import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import type { WorkspaceContext } from "@/lib/workspace/context";

const TEMPLATE = "pglite-template:";

/**
 * The migrated database of this run: the shared PostgreSQL test database, or a private copy
 * of the migrated PGlite template. Close it in afterAll.
 */
export function openTestDatabase(): Database {
  const provided = inject("databaseUrl");
  if (!provided.startsWith(TEMPLATE)) return openDatabase(provided);
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-pglite-"));
  fs.cpSync(provided.slice(TEMPLATE.length), copy, { recursive: true });
  const db = openDatabase(`pglite:${copy}`);
  return {
    ...db,
    async close() {
      await db.close();
      fs.rmSync(copy, { recursive: true, force: true });
    },
  };
}

/** A new workspace with an owner, so each test works on rows no other test can see. */
export async function createTestWorkspace(
  db: Database,
  role: WorkspaceContext["role"] = "owner",
): Promise<WorkspaceContext> {
  const tag = randomUUID().slice(0, 8);
  const user = await db.prisma.user.create({ data: { email: `owner-${tag}@example.com`, name: `Owner ${tag}` } });
  const workspace = await db.prisma.workspace.create({ data: { name: `Workspace ${tag}`, slug: `ws-${tag}` } });
  await db.prisma.membership.create({ data: { workspaceId: workspace.id, userId: user.id, role } });
  return {
    user: { id: user.id, email: user.email, name: user.name },
    workspace: { id: workspace.id, name: workspace.name, slug: workspace.slug },
    role,
  };
}
