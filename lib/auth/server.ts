// Sign-in with Better Auth: email and password, sessions kept in the database through Prisma (the
// User, Session, Account and Verification models), cookies signed with a secret derived from the
// encryption keyring, so production needs no second secret. Rotating the first encryption key
// therefore signs everyone out once, which is what a key rotation should do anyway.
import { hkdfSync } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import type { Keyring } from "../crypto/keyring";
import type { PrismaClient } from "../db/client";
import type { Env } from "../env";
import { allowedOriginsFrom } from "../http/same-origin";

export const SESSION_DAYS = 14;

/** BETTER_AUTH_SECRET when set; otherwise HKDF of the newest encryption key. */
export function authSecret(keyring: Keyring, env: Env = process.env): string {
  const explicit = env.BETTER_AUTH_SECRET?.trim();
  if (explicit) return explicit;
  const { key } = keyring.current();
  return Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), "inflowave sign-in cookies", 32)).toString("base64");
}

export function createAuth(options: { prisma: PrismaClient; keyring: Keyring; env?: Env }) {
  const env = options.env ?? process.env;
  // INFLOWAVE_ALLOWED_ORIGINS lists hosts (as Server Actions take them); Better Auth wants origins.
  const extraOrigins = allowedOriginsFrom(env).flatMap((entry) =>
    entry.includes("://") ? [entry] : [`https://${entry}`, `http://${entry}`],
  );
  return betterAuth({
    appName: "Inflowave",
    secret: authSecret(options.keyring, env),
    // Without BETTER_AUTH_URL the base URL is taken from each request, so one build serves any host.
    ...(env.BETTER_AUTH_URL ? { baseURL: env.BETTER_AUTH_URL } : {}),
    basePath: "/api/auth",
    // The request's own origin, plus INFLOWAVE_ALLOWED_ORIGINS: the app's route has already refused
    // cross-site requests (lib/auth/http.ts) by the same rule Server Actions follow.
    trustedOrigins: (request) => [...(request ? [ownOrigin(request)] : []), ...extraOrigins],
    database: prismaAdapter(options.prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: 10, autoSignIn: true },
    session: { expiresIn: SESSION_DAYS * 24 * 60 * 60, updateAge: 24 * 60 * 60 },
    advanced: {
      database: { generateId: "uuid" },
      cookiePrefix: "inflowave",
    },
    // Guessing passwords is slowed per IP (per process; test sends have their own limits, kept in
    // the database). INFLOWAVE_SIGN_IN_RATE_LIMIT=off is for tests that sign in many times.
    rateLimit: {
      enabled: env.INFLOWAVE_SIGN_IN_RATE_LIMIT !== "off",
      window: 60,
      max: 100,
      customRules: { "/sign-in/email": { window: 60, max: 10 } },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** The origin a request was addressed to, as the browser wrote it (behind a proxy: the forwarded one). */
function ownOrigin(request: Request): string {
  const url = new URL(request.url);
  const host =
    request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host") || url.host;
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(":", "");
  return `${proto}://${host}`;
}
