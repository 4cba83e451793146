import { hashPassword } from "better-auth/crypto";
import type { Env } from "../env";
import type { MembershipRole } from "../generated/prisma/enums";
import type { PrismaClient } from "../db/client";

/** Who is acting and in which workspace: every data-access call in lib/data takes this. */
export interface WorkspaceContext {
  user: { id: string; email: string; name: string };
  workspace: { id: string; name: string; slug: string };
  role: MembershipRole;
}

/** The seeded account of a development or demo install, named in the README. */
export const DEMO_ACCOUNT = {
  email: "demo@inflowave.test",
  password: "inflowave-demo",
  name: "Dana Demo",
  workspaceName: "Acme Inc.",
  workspaceSlug: "acme",
} as const;

/**
 * Whether this install offers the demo account: always outside production (npm run dev), and in
 * production only when INFLOWAVE_DEMO_ACCOUNT=on says so (a demo server, the end-to-end tests).
 */
export function demoAccountEnabled(env: Env = process.env): boolean {
  if (env.INFLOWAVE_DEMO_ACCOUNT === "on") return true;
  return env.NODE_ENV !== "production" && env.INFLOWAVE_DEMO_ACCOUNT !== "off";
}

/**
 * Creates the demo workspace, user (with its password) and owner membership if they are missing
 * and returns them. Safe to call from many requests at once: the upserts are keyed on unique columns.
 */
export async function ensureDemoAccount(prisma: PrismaClient): Promise<WorkspaceContext> {
  const ctx = await ensureDemoWorkspace(prisma);
  const hasPassword = await prisma.account.count({ where: { userId: ctx.user.id, providerId: "credential" } });
  if (hasPassword === 0) {
    const password = await hashPassword(DEMO_ACCOUNT.password);
    // Another request may have added it meanwhile; a second row would only be a duplicate login.
    await prisma.$transaction(async (tx) => {
      const again = await tx.account.count({ where: { userId: ctx.user.id, providerId: "credential" } });
      if (again === 0) {
        await tx.account.create({
          data: { userId: ctx.user.id, accountId: ctx.user.id, providerId: "credential", password },
        });
      }
    });
  }
  return ctx;
}

async function ensureDemoWorkspace(prisma: PrismaClient): Promise<WorkspaceContext> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(async (tx) => {
        const user = await tx.user.upsert({
          where: { email: DEMO_ACCOUNT.email },
          update: {},
          create: { email: DEMO_ACCOUNT.email, name: DEMO_ACCOUNT.name },
        });
        const workspace = await tx.workspace.upsert({
          where: { slug: DEMO_ACCOUNT.workspaceSlug },
          update: {},
          create: { slug: DEMO_ACCOUNT.workspaceSlug, name: DEMO_ACCOUNT.workspaceName },
        });
        const membership = await tx.membership.upsert({
          where: { workspaceId_userId: { workspaceId: workspace.id, userId: user.id } },
          update: {},
          create: { workspaceId: workspace.id, userId: user.id, role: "owner" },
        });
        return {
          user: { id: user.id, email: user.email, name: user.name },
          workspace: { id: workspace.id, name: workspace.name, slug: workspace.slug },
          role: membership.role,
        };
      });
    } catch (error) {
      // Two first requests racing on the same unique key: the loser retries and finds the rows.
      if (attempt < 3 && (error as { code?: string }).code === "P2002") continue;
      throw error;
    }
  }
}

export interface WorkspaceMember {
  userId: string;
  name: string;
  email: string;
  role: MembershipRole;
  joinedAt: Date;
}

export async function listWorkspaceMembers(prisma: PrismaClient, workspaceId: string): Promise<WorkspaceMember[]> {
  const memberships = await prisma.membership.findMany({
    where: { workspaceId },
    include: { user: { select: { name: true, email: true } } },
    orderBy: [{ createdAt: "asc" }],
  });
  return memberships.map((m) => ({
    userId: m.userId,
    name: m.user.name,
    email: m.user.email,
    role: m.role,
    joinedAt: m.createdAt,
  }));
}
