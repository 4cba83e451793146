// One app instance for the shared-rate-limit test: its own process and database connection,
// sending test emails through a saved domain the way the app does. Prints one JSON line.
import { parseKeyring } from "../../lib/crypto/keyring";
import { openDatabase } from "../../lib/db/client";
import { testSavedSendingDomain } from "../../lib/email-settings/sending-domain-setup";
import { smtpRouterFor } from "../../lib/sending/smtp-routing";
import type { WorkspaceContext } from "../../lib/workspace/context";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const db = openDatabase(env("INSTANCE_DATABASE_URL"));
const ctx = JSON.parse(env("INSTANCE_CONTEXT")) as WorkspaceContext;
const deps = {
  prisma: db.prisma,
  keyring: parseKeyring(env("INSTANCE_KEYS")),
  route: smtpRouterFor(
    { NODE_ENV: "test", INFLOWAVE_SES_SIMULATOR: "on", INFLOWAVE_SES_SIMULATOR_DIR: env("INSTANCE_SIMULATOR_DIR") },
    env("INSTANCE_SIMULATOR_DIR"),
  ),
};
const count = Number(env("INSTANCE_SENDS"));

// Both instances start at the same moment, so their sends compete for the same slots.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(env("INSTANCE_START_AT")) - Date.now())));
const results = await Promise.all(
  Array.from({ length: count }, () =>
    testSavedSendingDomain(deps, ctx, env("INSTANCE_DOMAIN_ID"), { to: "demo@inflowave.test" }),
  ),
);
process.stdout.write(
  JSON.stringify(results.map((sent) => ({ ok: sent?.result.ok ?? false, reply: sent?.result.reply ?? null }))) + "\n",
);
await db.close();
