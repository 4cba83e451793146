import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { verifyPassword } from "better-auth/crypto";
import { DEMO_ACCOUNT, demoAccountEnabled, ensureDemoAccount, listWorkspaceMembers } from "@/lib/workspace/context";
import { openTestDatabase } from "../support/database";

let db: Database;
beforeAll(() => {
  db = openTestDatabase();
});
afterAll(() => db.close());

describe("the demo account", () => {
  it("is offered outside production, and in production only when asked for", () => {
    expect(demoAccountEnabled({ NODE_ENV: "development" })).toBe(true);
    expect(demoAccountEnabled({ NODE_ENV: "development", INFLOWAVE_DEMO_ACCOUNT: "off" })).toBe(false);
    expect(demoAccountEnabled({ NODE_ENV: "production" })).toBe(false);
    expect(demoAccountEnabled({ NODE_ENV: "production", INFLOWAVE_DEMO_ACCOUNT: "on" })).toBe(true);
  });

  it("is seeded once, with its password, even when many first requests race", async () => {
    const contexts = await Promise.all(Array.from({ length: 8 }, () => ensureDemoAccount(db.prisma)));
    expect(new Set(contexts.map((c) => c.workspace.id)).size).toBe(1);
    expect(contexts[0]).toMatchObject({
      user: { email: DEMO_ACCOUNT.email, name: DEMO_ACCOUNT.name },
      workspace: { slug: DEMO_ACCOUNT.workspaceSlug, name: DEMO_ACCOUNT.workspaceName },
      role: "owner",
    });
    expect(await db.prisma.workspace.count({ where: { slug: DEMO_ACCOUNT.workspaceSlug } })).toBe(1);
    expect(await db.prisma.membership.count({ where: { workspaceId: contexts[0]!.workspace.id } })).toBe(1);
    const logins = await db.prisma.account.findMany({ where: { userId: contexts[0]!.user.id } });
    expect(logins).toHaveLength(1);
    expect(logins[0]?.password).not.toContain(DEMO_ACCOUNT.password);
    expect(await verifyPassword({ hash: logins[0]!.password!, password: DEMO_ACCOUNT.password })).toBe(true);
  });

  it("keeps what the demo workspace already has", async () => {
    const ctx = await ensureDemoAccount(db.prisma);
    await db.prisma.workspace.update({ where: { id: ctx.workspace.id }, data: { name: "Renamed Inc." } });
    expect((await ensureDemoAccount(db.prisma)).workspace).toMatchObject({
      id: ctx.workspace.id,
      name: "Renamed Inc.",
    });
  });

  it("lists members with their roles, oldest first", async () => {
    const ctx = await ensureDemoAccount(db.prisma);
    const admin = await db.prisma.user.create({ data: { email: "admin-member@example.com", name: "Ada Admin" } });
    await db.prisma.membership.create({ data: { workspaceId: ctx.workspace.id, userId: admin.id, role: "admin" } });
    const members = await listWorkspaceMembers(db.prisma, ctx.workspace.id);
    expect(members.map((m) => [m.email, m.role])).toEqual([
      [DEMO_ACCOUNT.email, "owner"],
      ["admin-member@example.com", "admin"],
    ]);
  });
});
