// From a request's cookies to the WorkspaceContext every data-access call takes: who is signed in,
// in which workspace, with which role.
import type { PrismaClient } from "../db/client";
import type { MembershipRole } from "../generated/prisma/enums";
import type { WorkspaceContext } from "../workspace/context";
import type { Auth } from "./server";

export class NotSignedInError extends Error {
  override name = "NotSignedInError";
  constructor() {
    super("You are not signed in, or your session has ended. Sign in again.");
  }
}

export class ForbiddenError extends Error {
  override name = "ForbiddenError";
}

/** The signed-in user's context in their workspace, or null without a valid session. */
export async function resolveSessionContext(
  prisma: PrismaClient,
  auth: Auth,
  headers: Headers,
): Promise<WorkspaceContext | null> {
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  // One workspace per person for now: the oldest membership (a switcher can choose later).
  const membership = await prisma.membership.findFirst({
    where: { userId: session.user.id },
    orderBy: { createdAt: "asc" },
    include: { workspace: true, user: true },
  });
  if (!membership) return null;
  return {
    user: { id: membership.user.id, email: membership.user.email, name: membership.user.name },
    workspace: { id: membership.workspace.id, name: membership.workspace.name, slug: membership.workspace.slug },
    role: membership.role,
  };
}

/** Owners and admins manage sending domains, credentials and the AWS connection; members view and test. */
export function canManageEmailSettings(role: MembershipRole): boolean {
  return role === "owner" || role === "admin";
}

export const MANAGERS_ONLY =
  "Only the workspace's owners and admins can change email settings. Ask one of them, or to be made an admin.";

export function requireManager(ctx: WorkspaceContext): void {
  if (!canManageEmailSettings(ctx.role)) throw new ForbiddenError(MANAGERS_ONLY);
}
