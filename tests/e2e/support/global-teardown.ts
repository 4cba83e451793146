import fs from "node:fs";
import { dropDatabase } from "../../support/postgres";

export default async function globalTeardown() {
  const url = process.env.E2E_DATABASE_URL;
  if (url) await dropDatabase(new URL(url).pathname.slice(1));
  if (process.env.E2E_RUN_DIR) fs.rmSync(process.env.E2E_RUN_DIR, { recursive: true, force: true });
}
