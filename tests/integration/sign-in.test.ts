// Sign-in end to end below the browser: Better Auth on the real database, its HTTP endpoints
// called as the browser calls them, and the session cookie turned into a workspace context.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleAuthRequest } from "@/lib/auth/http";
import { createAuth, type Auth } from "@/lib/auth/server";
import { canManageEmailSettings, resolveSessionContext } from "@/lib/auth/session";
import { parseKeyring } from "@/lib/crypto/keyring";
import type { Database } from "@/lib/db/client";
import { DEMO_ACCOUNT, ensureDemoAccount } from "@/lib/workspace/context";
import { createTestWorkspace, openTestDatabase } from "../support/database";

let db: Database;
let auth: Auth;
const ORIGIN = "http://127.0.0.1:3000";

beforeAll(async () => {
  db = openTestDatabase();
  auth = createAuth({
    prisma: db.prisma,
    keyring: parseKeyring(`k1:${Buffer.alloc(32, 4).toString("base64")}`),
    env: { NODE_ENV: "test", BETTER_AUTH_URL: ORIGIN, INFLOWAVE_SIGN_IN_RATE_LIMIT: "off" },
  });
  await ensureDemoAccount(db.prisma);
});
afterAll(() => db.close());

async function signIn(email: string, password: string) {
  return handleAuthRequest(
    auth,
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN, host: "127.0.0.1:3000" },
      body: JSON.stringify({ email, password }),
    }),
  );
}

/** The cookie header a browser would send back after this response. */
function cookieFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

describe("sign-in", () => {
  it("slows down password guessing: the 11th attempt in a minute is refused with 429", async () => {
    const limited = createAuth({
      prisma: db.prisma,
      keyring: parseKeyring(`k1:${Buffer.alloc(32, 4).toString("base64")}`),
      env: { NODE_ENV: "test", BETTER_AUTH_URL: ORIGIN },
    });
    const attempt = () =>
      limited.handler(
        new Request(`${ORIGIN}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: ORIGIN, "x-forwarded-for": "203.0.113.9" },
          body: JSON.stringify({ email: DEMO_ACCOUNT.email, password: "guess-guess-guess" }),
        }),
      );
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("the demo account signs in; its cookie resolves to its workspace as owner; sign-out ends it", async () => {
    const response = await signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
    expect(response.status).toBe(200);
    const cookie = cookieFrom(response);
    expect(cookie).toMatch(/inflowave\.session_token=/);
    const ctx = await resolveSessionContext(db.prisma, auth, new Headers({ cookie }));
    expect(ctx).toMatchObject({
      user: { email: DEMO_ACCOUNT.email },
      workspace: { slug: DEMO_ACCOUNT.workspaceSlug },
      role: "owner",
    });
    expect(await db.prisma.session.count({ where: { userId: ctx!.user.id } })).toBeGreaterThan(0);

    const out = await auth.handler(
      new Request(`${ORIGIN}/api/auth/sign-out`, { method: "POST", headers: { cookie, origin: ORIGIN } }),
    );
    expect(out.status).toBe(200);
    expect(await resolveSessionContext(db.prisma, auth, new Headers({ cookie }))).toBeNull();
  });

  it("a wrong password, an unknown address, a forged or missing cookie: no session", async () => {
    expect((await signIn(DEMO_ACCOUNT.email, "not-the-password")).status).toBe(401);
    expect((await signIn("nobody@example.com", DEMO_ACCOUNT.password)).status).toBe(401);
    const forged = new Headers({ cookie: "inflowave.session_token=forged.value" });
    expect(await resolveSessionContext(db.prisma, auth, forged)).toBeNull();
    expect(await resolveSessionContext(db.prisma, auth, new Headers())).toBeNull();
  });

  it("a sign-in POST from another site is refused", async () => {
    const response = await handleAuthRequest(
      auth,
      new Request(`${ORIGIN}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example", host: "127.0.0.1:3000" },
        body: JSON.stringify({ email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password }),
      }),
    );
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ message: expect.stringMatching(/another website/) });
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it("members are signed in to their own workspace and may not manage it", async () => {
    const member = await createTestWorkspace(db, "member");
    await db.prisma.account.create({
      data: {
        userId: member.user.id,
        accountId: member.user.id,
        providerId: "credential",
        password: await (await import("better-auth/crypto")).hashPassword("member-password-1"),
      },
    });
    const cookie = cookieFrom(await signIn(member.user.email, "member-password-1"));
    const ctx = await resolveSessionContext(db.prisma, auth, new Headers({ cookie }));
    expect(ctx).toMatchObject({ workspace: { id: member.workspace.id }, role: "member" });
    expect(canManageEmailSettings(ctx!.role)).toBe(false);
    expect(canManageEmailSettings("admin")).toBe(true);
  });
});
