import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveDatabaseUrl } from "./lib/db/url";

// Offline machines cannot download Prisma's native schema-engine binary, so the CLI runs a
// stand-in that drives Prisma's WebAssembly engine instead (scripts/prisma-wasm-engine).
// An explicitly set PRISMA_SCHEMA_ENGINE_BINARY still wins, so a real binary can be used.
const engineShim = path.join(import.meta.dirname, "scripts/prisma-wasm-engine/schema-engine.mjs");
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = engineShim;
  try {
    fs.chmodSync(engineShim, 0o755); // a checkout or an archive may have lost the +x bit
  } catch {
    // read-only checkout: the bit is then whatever git gave it
  }
}

// No update checks or usage pings: the CLI runs on machines whose only network is the registry.
process.env.CHECKPOINT_DISABLE ??= "1";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: resolveDatabaseUrl() },
});
