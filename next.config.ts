import type { NextConfig } from "next";
import { allowedOriginsFrom } from "./lib/http/same-origin";

// Next.js refuses a Server Action whose Origin host differs from the request's X-Forwarded-Host
// (or Host): that is the CSRF check, and it needs no setting. Behind a proxy that forwards its own
// Host instead of the public one, list the public host in INFLOWAVE_ALLOWED_ORIGINS (read when the
// server starts; app/api/test-sends reads the same list): see lib/http/same-origin.ts.
const allowedOrigins = allowedOriginsFrom(process.env);

const nextConfig: NextConfig = {
  // The database drivers load .wasm/.data files and native-ish modules at run time: keep them
  // out of the server bundle (PGlite fails inside it with ERR_INVALID_ARG_TYPE … URL).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/adapter-pg", "pg", "pino"],
  poweredByHeader: false,
  // next dev prints every Server Function call with its arguments: those carry SMTP passwords
  // and AWS secret keys, which must never reach a log.
  logging: { serverFunctions: false },
  reactStrictMode: true,
  // `next build` must never type-check or lint behind the test command's back: npm test does both.
  typescript: { ignoreBuildErrors: false },
  ...(allowedOrigins.length > 0 ? { experimental: { serverActions: { allowedOrigins } } } : {}),
};

export default nextConfig;
