import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { prismaCli } from "./prisma-cli";

// PGlite allows one process per folder, so the run migrates one template folder and every
// test file opens its own copy of it (see openTestDatabase).
export default async function setup(project: TestProject) {
  const template = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-pglite-template-"));
  await prismaCli(["migrate", "deploy"], `pglite:${template}`);
  project.provide("databaseUrl", `pglite-template:${template}`);
  return () => fs.rmSync(template, { recursive: true, force: true });
}
