// Two app instances (two processes, each with its own database connection) send through one
// domain at once, against a simulator that enforces the same cap as SES does: the rate limit
// kept in PostgreSQL holds across both, so SES never answers 454. PGlite is one process per
// folder, so this runs on PostgreSQL only.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseKeyring } from "@/lib/crypto/keyring";
import type { Database } from "@/lib/db/client";
import { addSendingDomain } from "@/lib/email-settings/sending-domain-setup";
import { directSmtpRouter } from "@/lib/sending/smtp-routing";
import { loadSesSimulatorScenario, type RunningSesSimulator, startSesSimulator } from "@/lib/ses-simulator";
import { sesSmtpSettingsSchema } from "@/lib/ses/credential-checks";
import { deriveSmtpPasswordSync } from "@/lib/ses/smtp-password-node";
import type { WorkspaceContext } from "@/lib/workspace/context";
import { createTestWorkspace, openTestDatabase } from "../support/database";
import { PROJECT_ROOT } from "../support/prisma-cli";

const isPostgres = !inject("databaseUrl").startsWith("pglite-template:");
const KEYS = `k1:${Buffer.alloc(32, 3).toString("base64")}`;
const RATE = 4;
const SENDS_PER_INSTANCE = 6;

let db: Database;
let simulator: RunningSesSimulator;
let dataDir: string;
let acme: WorkspaceContext;
const simulatorLog: string[] = [];

beforeAll(async () => {
  if (!isPostgres) return;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-instances-"));
  const scenario = await loadSesSimulatorScenario(path.join(PROJECT_ROOT, "ses-simulator/scenario.json"));
  // The simulator refuses with 454, as SES does, as soon as more than RATE a second arrive.
  simulator = await startSesSimulator({
    scenario: { ...scenario, maxSendRate: RATE },
    dataDir: path.join(dataDir, "ses-simulator"),
    starttlsPort: 0,
    implicitTlsPort: 0,
    apiPort: 0,
    log: (line) => simulatorLog.push(line),
  });
  db = openTestDatabase();
  acme = await createTestWorkspace(db);
});
afterAll(async () => {
  await simulator?.stop();
  await db?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function runInstance(env: Record<string, string>): Promise<{ ok: boolean; reply: string | null }[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(PROJECT_ROOT, "node_modules/.bin/tsx"), ["tests/support/send-instance.ts"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`instance exited ${code}: ${stderr}`));
      resolve(JSON.parse(stdout.trim().split("\n").pop()!) as { ok: boolean; reply: string | null }[]);
    });
  });
}

describe.runIf(isPostgres)("two app instances sharing one PostgreSQL", () => {
  it(
    `send through one domain at ${RATE}/s together, SES seeing the rate, not a burst`,
    { timeout: 60_000 },
    async () => {
      const domain = `instances${Date.now().toString(36)}.example.com`;
      const settings = sesSmtpSettingsSchema.parse({
        domain,
        fromAddress: `hello@${domain}`,
        region: "us-east-1",
        host: "",
        port: 587,
        username: "AKIASIMULATOR0000001",
        password: deriveSmtpPasswordSync("wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIMULATOR1", "us-east-1"),
      });
      const deps = { prisma: db.prisma, keyring: parseKeyring(KEYS), route: directSmtpRouter };
      const { sendingDomainId } = await addSendingDomain(deps, acme, settings);
      await db.prisma.sendingDomain.update({ where: { id: sendingDomainId }, data: { maxSendRate: RATE } });

      const env = {
        INSTANCE_DATABASE_URL: inject("databaseUrl"),
        INSTANCE_CONTEXT: JSON.stringify(acme),
        INSTANCE_KEYS: KEYS,
        INSTANCE_SIMULATOR_DIR: path.join(dataDir, "ses-simulator"),
        INSTANCE_DOMAIN_ID: sendingDomainId,
        INSTANCE_SENDS: String(SENDS_PER_INSTANCE),
        // Far enough ahead for both processes to have started and connected.
        INSTANCE_START_AT: String(Date.now() + 4_000),
      };
      const [first, second] = await Promise.all([runInstance(env), runInstance(env)]);

      const all = [...first!, ...second!];
      expect(all).toHaveLength(2 * SENDS_PER_INSTANCE);
      expect(all.filter((sent) => !sent.ok).map((sent) => sent.reply)).toEqual([]);
      // SES refused (almost) nothing, even on first attempts (the sender retries a 454, which would
      // hide it). Without the shared limiter 8 of these 12 get a 454 at once. A send can only be late,
      // never early, so on a machine busy enough to delay a whole process a couple of late ones may
      // bunch up with the next; more than that would mean the limit did not hold.
      expect(simulatorLog.filter((line) => / 454 /.test(line)).length).toBeLessThanOrEqual(2);

      const received = simulator
        .outbox()
        .filter((message) => message.envelope.from === `hello@${domain}`)
        .map((message) => Date.parse(message.receivedAt))
        .sort((a, b) => a - b);
      expect(received).toHaveLength(2 * SENDS_PER_INSTANCE);
      // Paced, not bursted: past SES's burst allowance of one second's worth, the rest arrive at
      // the rate (the first sends of a fresh process may be late by their handshake, never early).
      const total = 2 * SENDS_PER_INSTANCE;
      expect(received.at(-1)! - received[0]!).toBeGreaterThanOrEqual(((total - RATE) / RATE) * 1000 - 200);
      const rows = await db.prisma.testSend.count({ where: { sendingDomainId, outcome: "sent" } });
      expect(rows).toBe(2 * SENDS_PER_INSTANCE);
    },
  );
});
