// The test-send allowance on a real database: per person and per workspace, atomic under
// concurrency (and, on PostgreSQL, across two connections standing in for two app instances).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, type Database } from "@/lib/db/client";
import { takeTestSendAllowance, TEST_SEND_LIMITS, testSendLimitsFrom } from "@/lib/sending/test-send-limits";
import type { WorkspaceContext } from "@/lib/workspace/context";
import { createTestWorkspace, openTestDatabase } from "../support/database";

const isPostgres = !inject("databaseUrl").startsWith("pglite-template:");
let db: Database;
let second: Database;

beforeAll(() => {
  db = openTestDatabase();
  second = isPostgres ? openDatabase(inject("databaseUrl")) : db;
});
afterAll(async () => {
  if (second !== db) await second.close();
  await db.close();
});

const small = { user: { max: 3, windowSeconds: 60 }, workspace: { max: 5, windowSeconds: 60 } };
const ids = (ctx: WorkspaceContext, userId = ctx.user.id) => ({ userId, workspaceId: ctx.workspace.id });

describe("test-send allowance", () => {
  it("the defaults: 10 a person and 30 a workspace per 10 minutes", () => {
    expect(TEST_SEND_LIMITS).toEqual({
      user: { max: 10, windowSeconds: 600 },
      workspace: { max: 30, windowSeconds: 600 },
    });
  });

  it("reads the limits from the environment, ignoring nonsense", () => {
    expect(testSendLimitsFrom({ INFLOWAVE_TEST_SENDS_PER_USER: "25" }).user.max).toBe(25);
    expect(testSendLimitsFrom({ INFLOWAVE_TEST_SENDS_PER_USER: "-1" }).user.max).toBe(10);
    expect(testSendLimitsFrom({ INFLOWAVE_TEST_SENDS_PER_WORKSPACE: "lots" }).workspace.max).toBe(30);
  });

  it("refuses a person's 4th test with the time to wait; a refusal is not counted", async () => {
    const acme = await createTestWorkspace(db);
    for (let i = 0; i < 3; i++) expect(await takeTestSendAllowance(db.prisma, ids(acme), small)).toEqual({ ok: true });
    const refused = await takeTestSendAllowance(db.prisma, ids(acme), small);
    expect(refused).toMatchObject({ ok: false, scope: "user" });
    expect(refused.ok || refused.retryAfterSeconds).toBeGreaterThan(50);
    expect(refused.ok || refused.message).toMatch(
      /You have sent 3 test emails in the last minute.*Try again in 1 minute/,
    );
    const row = await db.prisma.testSendAllowance.findUniqueOrThrow({ where: { key: `user:${acme.user.id}` } });
    expect(row.count).toBe(3); // the refused attempt rolled back
  });

  it("counts the whole workspace: a second person is refused once the workspace has used its allowance", async () => {
    const acme = await createTestWorkspace(db);
    const colleague = await db.prisma.user.create({
      data: { email: `colleague-${acme.workspace.slug}@example.com`, name: "Colleague" },
    });
    for (let i = 0; i < 3; i++) expect((await takeTestSendAllowance(db.prisma, ids(acme), small)).ok).toBe(true);
    for (let i = 0; i < 2; i++) {
      expect((await takeTestSendAllowance(db.prisma, ids(acme, colleague.id), small)).ok).toBe(true);
    }
    const refused = await takeTestSendAllowance(db.prisma, ids(acme, colleague.id), small);
    expect(refused).toMatchObject({ ok: false, scope: "workspace" });
    expect(refused.ok || refused.message).toMatch(/Your workspace has sent 5 test emails/);
    // Nothing of the refused attempt was kept, for the person either.
    const row = await db.prisma.testSendAllowance.findUniqueOrThrow({ where: { key: `user:${colleague.id}` } });
    expect(row.count).toBe(2);
  });

  it("a new window starts once the old one has passed", async () => {
    const acme = await createTestWorkspace(db);
    const quick = { user: { max: 1, windowSeconds: 1 }, workspace: { max: 10, windowSeconds: 1 } };
    expect((await takeTestSendAllowance(db.prisma, ids(acme), quick)).ok).toBe(true);
    expect((await takeTestSendAllowance(db.prisma, ids(acme), quick)).ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await takeTestSendAllowance(db.prisma, ids(acme), quick)).ok).toBe(true);
  });

  it("twelve tests at once from two connections: exactly the allowance gets through", async () => {
    const acme = await createTestWorkspace(db);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => takeTestSendAllowance((i % 2 ? second : db).prisma, ids(acme), small)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(3);
    expect(results.filter((result) => !result.ok)).toHaveLength(9);
  });

  it("a hundred tests at once by one person: none waits on another's lock, exactly the allowance is counted", async () => {
    // Each take is one statement, so row locks last microseconds: with the two-statement
    // transaction this replaced, tests queued on the person's row until their transactions expired.
    const acme = await createTestWorkspace(db);
    const wide = { user: { max: 1_000, windowSeconds: 60 }, workspace: { max: 60, windowSeconds: 60 } };
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => takeTestSendAllowance((i % 2 ? second : db).prisma, ids(acme), wide)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(60);
    expect(new Set(results.filter((result) => !result.ok).map((result) => result.ok || result.scope))).toEqual(
      new Set(["workspace"]),
    );
    const rows = await db.prisma.testSendAllowance.findMany({
      where: { key: { in: [`user:${acme.user.id}`, `workspace:${acme.workspace.id}`] } },
      orderBy: { key: "asc" },
    });
    // The 40 refused takes left the person's count as they found it.
    expect(rows.map((row) => [row.key.split(":")[0], row.count])).toEqual([
      ["user", 60],
      ["workspace", 60],
    ]);
  });
});
