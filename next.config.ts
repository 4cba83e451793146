import type { NextConfig } from "next";

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
};

export default nextConfig;
