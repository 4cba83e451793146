// People the tests sign in as: a user with a password (Better Auth's "credential" account) and a
// membership, created straight in the database. Shared by the in-process harness (app-under-test)
// and the one over HTTP (app-cluster), so both make people the way sign-in expects them.
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";
import type { PrismaClient } from "../../lib/db/client";
import type { WorkspaceContext } from "../../lib/workspace/context";

export interface PersonWithPassword {
  ctx: WorkspaceContext;
  email: string;
  password: string;
}

/** A user who can sign in with `password`, member of `workspace` (a new one, named, if not given). */
export async function createPersonWithPassword(
  prisma: PrismaClient,
  person: {
    email: string;
    name: string;
    role: WorkspaceContext["role"];
    workspace?: WorkspaceContext["workspace"];
    newWorkspace?: { name: string; slug: string };
  },
): Promise<PersonWithPassword> {
  const password = `password-${randomUUID()}`;
  const user = await prisma.user.create({ data: { email: person.email, name: person.name, emailVerified: true } });
  await prisma.account.create({
    data: { userId: user.id, accountId: user.id, providerId: "credential", password: await hashPassword(password) },
  });
  const workspace =
    person.workspace ??
    (await prisma.workspace.create({
      data: person.newWorkspace ?? { name: `Workspace ${user.id}`, slug: `ws-${user.id}` },
    }));
  await prisma.membership.create({ data: { workspaceId: workspace.id, userId: user.id, role: person.role } });
  return {
    ctx: {
      user: { id: user.id, email: person.email, name: user.name },
      workspace: { id: workspace.id, name: workspace.name, slug: workspace.slug },
      role: person.role,
    },
    email: person.email,
    password,
  };
}

/** The Cookie header a browser sends back after a response's Set-Cookie lines. */
export function cookieHeaderFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}
