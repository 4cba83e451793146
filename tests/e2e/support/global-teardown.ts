import fs from "node:fs";
import { dropDatabase } from "../../support/postgres";

export default async function globalTeardown() {
  for (const url of [process.env.E2E_DATABASE_URL, process.env.E2E_WIZARD_DATABASE_URL]) {
    if (url) await dropDatabase(new URL(url).pathname.slice(1));
  }
  if (process.env.E2E_RUN_DIR) fs.rmSync(process.env.E2E_RUN_DIR, { recursive: true, force: true });
}
