import type { TestProject } from "vitest/node";
import { prismaCli } from "./prisma-cli";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "./postgres";

// One database per run, migrated with the real CLI and dropped afterwards, so runs never see
// each other's rows. Tests inside the run isolate themselves by creating their own workspaces.
export default async function setup(project: TestProject) {
  const name = uniqueDatabaseName("inflowave_test");
  const url = await createDatabase(name);
  try {
    await prismaCli(["migrate", "deploy"], url);
  } catch (error) {
    await dropDatabase(name);
    throw error;
  }
  project.provide("databaseUrl", url);
  return () => dropDatabase(name);
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
