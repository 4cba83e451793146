import type { MembershipRole } from "../generated/prisma/enums";
import type { PrismaClient } from "../db/client";

/** Who is acting and in which workspace: every data-access call in lib/data takes this. */
export interface WorkspaceContext {
  user: { id: string; email: string; name: string };
  workspace: { id: string; name: string; slug: string };
  role: MembershipRole;
}

/** The account the app runs as until sign-in exists. */
export const DEMO_ACCOUNT = {
  email: "demo@inflowave.test",
  name: "Dana Demo",
  workspaceName: "Acme Inc.",
  workspaceSlug: "acme",
} as const;

/**
 * Creates the demo workspace, user and owner membership if they are missing and returns them.
 * Safe to call from many requests at once: the upserts are keyed on unique columns.
 */
export async function ensureDemoAccount(prisma: PrismaClient): Promise<WorkspaceContext> {
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

/**
 * The current user and workspace. Sign-in does not exist yet, so this is the demo account;
 * callers already treat it as per-request, so sign-in can replace it without touching them.
 */
export async function resolveCurrentContext(prisma: PrismaClient): Promise<WorkspaceContext> {
  return ensureDemoAccount(prisma);
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
