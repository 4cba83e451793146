// Faults (#6): the local SES simulator breaks the SMTP session the ways real servers and networks
// do (no greeting, a certificate for another name, a hang-up after AUTH, a connection dropped in
// the middle of DATA), and the database goes away in the middle of a save. Each case must end in
// one clear, correctly diagnosed result, with nothing half-written, nothing lost and nothing left
// open. Real SMTP over TLS, real PostgreSQL / PGlite, the routing the app uses in development.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseKeyring } from "@/lib/crypto/keyring";
import { getSendingDomain, SendingDomainError } from "@/lib/data/sending-domains";
import { openDatabase, type Database, type PrismaClient } from "@/lib/db/client";
import {
  addSendingDomain,
  type SetupDeps,
  TestAlreadyUsedError,
  testSavedSendingDomain,
  testUnsavedSettings,
} from "@/lib/email-settings/sending-domain-setup";
import { smtpRouterFor } from "@/lib/sending/smtp-routing";
import { TEST_SEND_STAGE_NAMES, type TestSendStageName } from "@/lib/sending/test-send";
import {
  loadSesSimulatorScenario,
  parseSesSimulatorScenario,
  type RunningSesSimulator,
  SesSimulatorScenarioError,
  type SesSimulatorScenario,
  type SmtpFaults,
  startSesSimulator,
} from "@/lib/ses-simulator";
import type { DiagnosisCause, SmtpStage } from "@/lib/ses/causes";
import { sesSmtpSettingsSchema, type SesSmtpSettings } from "@/lib/ses/credential-checks";
import { deriveSmtpPasswordSync } from "@/lib/ses/smtp-password-node";
import type { WorkspaceContext } from "@/lib/workspace/context";
import { createTestWorkspace, openTestDatabase } from "../support/database";
import { PROJECT_ROOT } from "../support/prisma-cli";

const USERNAME = "AKIASIMULATOR0000001"; // sends in the default scenario
const PASSWORD = deriveSmtpPasswordSync("wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIMULATOR1", "us-east-1");
/** What AUTH PLAIN carries on the wire: the password in base64, which must not be stored either. */
const AUTH_PLAIN_PAYLOAD = Buffer.from(`\0${USERNAME}\0${PASSWORD}`).toString("base64");
const RECIPIENT = "demo@inflowave.test"; // verified in the default scenario
// Short, so a fault that makes the client wait costs half a second, not the default 10 s.
const TIMEOUTS = { connectMs: 2_000, greetingMs: 500, socketMs: 2_000 };
const NO_FAULTS: SmtpFaults = {
  noBanner: false,
  tlsHandshakeFailure: false,
  closeAfterAuth: false,
  dropDuringData: false,
};
// PGlite is one in-process connection: there is no server connection to cut from outside.
const ON_POSTGRESQL = !inject("databaseUrl").startsWith("pglite-template:");

let db: Database;
let simulator: RunningSesSimulator;
let scenario: SesSimulatorScenario;
let deps: SetupDeps;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-faults-"));
  // The committed default scenario, fast enough that back-to-back tests are not throttled.
  scenario = {
    ...(await loadSesSimulatorScenario(path.join(PROJECT_ROOT, "ses-simulator/scenario.json"))),
    maxSendRate: 1_000,
  };
  simulator = await startSesSimulator({
    scenario,
    dataDir: path.join(dataDir, "ses-simulator"),
    starttlsPort: 0,
    implicitTlsPort: 0,
    apiPort: 0,
  });
  db = openTestDatabase();
  deps = {
    prisma: db.prisma,
    keyring: parseKeyring(`k1:${Buffer.alloc(32, 7).toString("base64")}`),
    route: smtpRouterFor({ NODE_ENV: "test", INFLOWAVE_SES_SIMULATOR: "on" }, dataDir),
    timeouts: TIMEOUTS,
  };
});
afterAll(async () => {
  await simulator?.stop();
  await db?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function injectFaults(faults: Partial<SmtpFaults>): void {
  simulator.setScenario({ ...scenario, faults: { ...NO_FAULTS, ...faults } });
}

let counter = 0;
function settings(overrides: Partial<Record<keyof SesSmtpSettings, unknown>> = {}): SesSmtpSettings {
  counter += 1;
  return sesSmtpSettingsSchema.parse({
    domain: `faults${counter}.example.com`,
    fromAddress: `hello@faults${counter}.example.com`,
    region: "us-east-1",
    host: "",
    port: 587,
    username: USERNAME,
    password: PASSWORD,
    ...overrides,
  });
}

/** Passed before `failed`, failed there, skipped after: one failure, no half-run stage. */
function failedAt(failed: TestSendStageName): string[] {
  const at = TEST_SEND_STAGE_NAMES.indexOf(failed);
  return TEST_SEND_STAGE_NAMES.map((name, index) =>
    index < at ? `${name}:passed` : index === at ? `${name}:failed` : `${name}:skipped`,
  );
}

// ---------------------------------------------------------------------------------------------
// Nothing left open: the sockets of both ends (the simulator runs in this process) and timers.

interface Handle {
  constructor: { name: string };
  localPort?: number;
  remotePort?: number;
}
const activeHandles = () => (process as unknown as { _getActiveHandles(): Handle[] })._getActiveHandles();

/** Sockets of this process to or from the simulator's SMTP ports: the client's and the server's ends. */
function simulatorSockets(): number {
  const ports = new Set([simulator.starttlsPort, simulator.implicitTlsPort]);
  return activeHandles().filter(
    (handle) =>
      handle.constructor.name !== "Server" &&
      ((handle.localPort !== undefined && ports.has(handle.localPort)) ||
        (handle.remotePort !== undefined && ports.has(handle.remotePort))),
  ).length;
}

const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;

/** Waits (briefly) until both ends of every simulator connection are gone and no timer was added. */
async function expectNothingLeftOpen(timersBefore: number): Promise<void> {
  const deadline = Date.now() + 2_000;
  while ((simulatorSockets() > 0 || timers() > timersBefore) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(simulatorSockets()).toBe(0);
  expect(timers()).toBeLessThanOrEqual(timersBefore);
}

// ---------------------------------------------------------------------------------------------
// The scenario field

describe("the scenario's faults field", () => {
  const withFaults = (faults: unknown) => ({ ...scenario, faults });
  const problemsOf = (input: unknown): readonly string[] => {
    try {
      parseSesSimulatorScenario(input);
    } catch (error) {
      if (error instanceof SesSimulatorScenarioError) return error.problems;
      throw error;
    }
    return [];
  };

  it("is optional, every fault is off unless set, and a parsed scenario parses to itself", () => {
    expect(parseSesSimulatorScenario(scenario).faults).toBeUndefined();
    const parsed = parseSesSimulatorScenario(withFaults({ $comment: "why", dropDuringData: true }));
    expect(parsed.faults).toEqual({ ...NO_FAULTS, dropDuringData: true });
    expect(parseSesSimulatorScenario(parsed)).toEqual(parsed);
  });

  it("names the field of every mistake, and lists the faults for a misspelt one", () => {
    expect(problemsOf(withFaults({ dropDurngData: true }))).toEqual([
      "faults.dropDurngData: unknown fault (misspelt?); the faults are noBanner, tlsHandshakeFailure, closeAfterAuth, dropDuringData",
    ]);
    expect(problemsOf(withFaults({ noBanner: "yes" }))).toEqual([
      "faults.noBanner: must be true or false (true: never send the 220 greeting)",
    ]);
    expect(problemsOf(withFaults(true))).toEqual([
      'faults: must be an object of SMTP faults, e.g. { "dropDuringData": true }',
    ]);
  });

  it("PUT /scenario turns a fault on for the next connection, and refuses a bad one in words", async () => {
    const put = (body: unknown) =>
      fetch(`${simulator.apiUrl}/scenario`, { method: "PUT", body: JSON.stringify(body) }).then(
        async (response) => [response.status, await response.json()] as const,
      );
    expect(await put(withFaults({ closeAfterAuth: 1 }))).toEqual([
      400,
      expect.objectContaining({
        problems: [
          "faults.closeAfterAuth: must be true or false (true: close the connection right after a successful AUTH)",
        ],
      }),
    ]);
    expect(await put(withFaults({ closeAfterAuth: true }))).toEqual([200, { ok: true }]);
    expect(simulator.world().scenario.faults?.closeAfterAuth).toBe(true);
    const ctx = await createTestWorkspace(db);
    const { result } = await testUnsavedSettings(deps, ctx, settings(), RECIPIENT);
    expect(result.diagnosis?.stage).toBe("mail-from");
    injectFaults({});
  });
});

// ---------------------------------------------------------------------------------------------
// The SMTP faults

interface FaultCase {
  fault: keyof SmtpFaults;
  port: number;
  /** The test-send stage that fails (the stages are DNS, connect, TLS, EHLO, AUTH, MAIL FROM, RCPT TO, DATA). */
  failsAt: TestSendStageName;
  /** What the stage says. */
  detail: RegExp;
  cause: DiagnosisCause;
  /** The SMTP step of the diagnosis, finer than the stage (the greeting has no stage of its own). */
  step: SmtpStage;
  title: RegExp;
  summary: RegExp;
  /** The longest the whole test may take, connection and recording included. */
  withinMs: number;
}

const NO_BANNER_SUMMARY = /greeting never arrived within the time allowed/;
const CERTIFICATE_SUMMARY =
  /certificate presented for email-smtp\.us-east-1\.amazonaws\.com is for another name, so the connection was stopped before the password was sent/;

const FAULTS: FaultCase[] = [
  {
    // On a STARTTLS port the greeting comes first, in plain text: the TLS stage is the one waiting.
    fault: "noBanner",
    port: 587,
    failsAt: "tls",
    detail: /^No greeting from the server within 500 ms$/,
    cause: "connection-timeout",
    step: "greeting",
    title: /timed out/,
    summary: NO_BANNER_SUMMARY,
    withinMs: TIMEOUTS.greetingMs + 1_500,
  },
  {
    // On an implicit-TLS port the handshake works and then nothing comes: no TLS mix-up.
    fault: "noBanner",
    port: 465,
    failsAt: "ehlo",
    detail: /^No greeting from the server within 500 ms$/,
    cause: "connection-timeout",
    step: "greeting",
    title: /timed out/,
    summary: /encrypted connection to SES on port 465 was set up, but SES's greeting never arrived/,
    withinMs: TIMEOUTS.greetingMs + 1_500,
  },
  ...[587, 465].map((port): FaultCase => ({
    fault: "tlsHandshakeFailure",
    port,
    failsAt: "tls",
    detail: /does not match certificate's altnames.*DNS:wrong-name\.ses-simulator\.invalid/,
    cause: "tls-certificate-error",
    step: "tls",
    title: /certificate couldn't be trusted/,
    summary: CERTIFICATE_SUMMARY,
    withinMs: 1_500,
  })),
  ...[587, 465].map((port): FaultCase => ({
    fault: "closeAfterAuth",
    port,
    failsAt: "mail-from",
    detail: /^Connection closed unexpectedly$/,
    cause: "connection-timeout",
    step: "mail-from",
    title: /^The connection to SES was cut off$/,
    summary: /cut off part-way/,
    withinMs: 1_500,
  })),
  ...[587, 465].map((port): FaultCase => ({
    fault: "dropDuringData",
    port,
    failsAt: "data",
    detail: /^The connection was cut off \((?:read|write) (?:ECONNRESET|EPIPE)\)$/,
    cause: "connection-timeout",
    step: "data",
    title: /^The connection to SES was cut off$/,
    summary: /before SES confirmed it, so the message wasn't sent/,
    withinMs: 1_500,
  })),
];

describe("SMTP faults: testing settings before they are saved", () => {
  it.each(FAULTS)(
    "$fault on port $port fails at $failsAt, diagnosed as $cause, recorded once",
    async ({ fault, port, failsAt, detail, cause, step, title, summary, withinMs }) => {
      const ctx = await createTestWorkspace(db);
      injectFaults({ [fault]: true });
      const outboxBefore = simulator.outbox().length;
      await db.prisma.testSend.count(); // a warm connection, so the pool's own timers are already there
      const timersBefore = timers();
      const started = performance.now();

      const { testSendId, result } = await testUnsavedSettings(deps, ctx, settings({ port }), RECIPIENT);

      expect(performance.now() - started).toBeLessThan(withinMs);
      expect(result.ok).toBe(false);
      expect(result.stages.map((stage) => `${stage.name}:${stage.status}`)).toEqual(failedAt(failsAt));
      expect(result.stages.find((stage) => stage.status === "failed")?.detail).toMatch(detail);
      expect(result.messageId).toBeUndefined();

      // One cause, at the right step, in words: a title, a summary and something to do.
      const diagnosis = result.diagnosis!;
      expect(diagnosis).toMatchObject({ cause, stage: step, retryable: false, severity: "error" });
      expect(diagnosis.title).toMatch(title);
      expect(diagnosis.summary).toMatch(summary);
      expect(`${diagnosis.title} ${diagnosis.summary}`).not.toMatch(/\bE[A-Z]{4,}\b|ERR_|undefined/);
      expect(diagnosis.reasons.length).toBeGreaterThan(0);
      expect(diagnosis.fixSteps.length).toBeGreaterThan(0);

      // The sign-in never shows, in the transcript or anywhere else in the result.
      const shown = JSON.stringify(result);
      expect(shown).not.toContain(PASSWORD);
      expect(shown).not.toContain(AUTH_PLAIN_PAYLOAD);
      if (TEST_SEND_STAGE_NAMES.indexOf(failsAt) > TEST_SEND_STAGE_NAMES.indexOf("auth")) {
        expect(result.transcript).toContain("AUTH PLAIN [redacted]");
      }

      // Exactly one test recorded, failed, with the cause; nothing sent or half-kept by "SES".
      const rows = await db.prisma.testSend.findMany({ where: { workspaceId: ctx.workspace.id } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        id: testSendId,
        outcome: "failed",
        diagnosisCause: cause,
        sendingDomainId: null,
      });
      expect(rows[0]?.sesMessageId).toBeNull();
      expect(JSON.stringify(rows[0])).not.toContain(PASSWORD);
      expect(JSON.stringify(rows[0])).not.toContain(AUTH_PLAIN_PAYLOAD);
      expect(await db.prisma.sendingDomain.count({ where: { workspaceId: ctx.workspace.id } })).toBe(0);
      expect(simulator.outbox()).toHaveLength(outboxBefore);

      await expectNothingLeftOpen(timersBefore);
    },
  );

  it("with the faults off again, the same settings pass: the simulator itself was never broken", async () => {
    const ctx = await createTestWorkspace(db);
    injectFaults({});
    for (const port of [587, 465]) {
      const { result } = await testUnsavedSettings(deps, ctx, settings({ port }), RECIPIENT);
      expect(result.ok).toBe(true);
    }
  });
});

describe("SMTP faults: a saved sending domain", () => {
  it.each([
    { fault: "dropDuringData" as const, failsAt: "data" as const },
    { fault: "noBanner" as const, failsAt: "tls" as const },
  ])(
    "a test through the stored credential that meets $fault marks the domain as needing attention, and nothing else changes",
    async ({ fault, failsAt }) => {
      const ctx = await createTestWorkspace(db);
      injectFaults({});
      const tested = settings();
      const passed = await testUnsavedSettings(deps, ctx, tested, RECIPIENT);
      const { sendingDomainId } = await addSendingDomain(deps, ctx, tested, passed.testSendId);
      const credentialBefore = await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId } });
      const auditBefore = await db.prisma.auditEvent.count({ where: { workspaceId: ctx.workspace.id } });
      expect((await getSendingDomain(db.prisma, ctx.workspace.id, sendingDomainId))?.status).toBe("verified");

      injectFaults({ [fault]: true });
      const outboxBefore = simulator.outbox().length;
      const timersBefore = timers();
      const failed = await testSavedSendingDomain(deps, ctx, sendingDomainId, { to: RECIPIENT });

      expect(failed?.result.ok).toBe(false);
      expect(failed?.result.stages.find((stage) => stage.status === "failed")?.name).toBe(failsAt);
      expect(failed?.result.diagnosis).toMatchObject({ cause: "connection-timeout", retryable: false });
      expect(JSON.stringify(failed)).not.toContain(PASSWORD);
      // The existing rule: a failure that isn't "try again later" means the domain needs attention.
      expect((await getSendingDomain(db.prisma, ctx.workspace.id, sendingDomainId))?.status).toBe("needs_attention");
      // One more test on the domain's history, and nothing else: no second row from a retry, the
      // credential untouched, one audit event (the failed test), no message in SES's outbox.
      const history = await db.prisma.testSend.findMany({
        where: { workspaceId: ctx.workspace.id },
        orderBy: { startedAt: "asc" },
      });
      expect(history.map((row) => [row.sendingDomainId, row.outcome, row.diagnosisCause])).toEqual([
        [sendingDomainId, "sent", null],
        [sendingDomainId, "failed", "connection-timeout"],
      ]);
      expect(history[1]?.id).toBe(failed?.testSendId);
      expect(await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId } })).toEqual(
        credentialBefore,
      );
      const audit = await db.prisma.auditEvent.findMany({
        where: { workspaceId: ctx.workspace.id },
        orderBy: { createdAt: "asc" },
      });
      expect(audit).toHaveLength(auditBefore + 1);
      expect(audit.at(-1)).toMatchObject({
        action: "sending_domain.tested",
        targetId: sendingDomainId,
        details: {
          credentials: "stored",
          outcome: "failed",
          cause: "connection-timeout",
          testSendId: failed?.testSendId,
        },
      });
      expect(simulator.outbox()).toHaveLength(outboxBefore);
      await expectNothingLeftOpen(timersBefore);

      // Once the fault is gone, the next test passes and the domain is verified again.
      injectFaults({});
      const recovered = await testSavedSendingDomain(deps, ctx, sendingDomainId, { to: RECIPIENT });
      expect(recovered?.result.ok).toBe(true);
      expect((await getSendingDomain(db.prisma, ctx.workspace.id, sendingDomainId))?.status).toBe("verified");
    },
  );
});

// ---------------------------------------------------------------------------------------------
// The database goes away during a save

type Model = "sendingDomain" | "testSend" | "auditEvent";

/**
 * The client, but inside an interactive transaction `interrupt` runs right after the first write
 * to `model` (a create or update) has succeeded: the save is then half-way through.
 */
function interruptedClient(
  prisma: PrismaClient,
  model: Model,
  interrupt: (tx: PrismaClient) => Promise<void>,
): PrismaClient {
  const wrapTransaction = (tx: PrismaClient): PrismaClient => {
    let interrupted = false;
    return new Proxy(tx, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (property !== model) return value;
        const delegate = value as Record<string, (...args: unknown[]) => Promise<unknown>>;
        return new Proxy(delegate, {
          get(delegateTarget, operation) {
            const method = Reflect.get(delegateTarget, operation) as unknown;
            if (typeof method !== "function" || !["create", "update", "updateMany"].includes(String(operation))) {
              return method;
            }
            return async (...args: unknown[]) => {
              const written: unknown = await method.apply(delegateTarget, args);
              if (!interrupted) {
                interrupted = true;
                await interrupt(target);
              }
              return written;
            };
          },
        });
      },
    });
  };
  return new Proxy(prisma, {
    get(target, property, receiver) {
      if (property !== "$transaction") return Reflect.get(target, property, receiver);
      return (body: (tx: PrismaClient) => Promise<unknown>, options?: unknown) =>
        (target.$transaction as (...args: unknown[]) => Promise<unknown>)(
          (tx: PrismaClient) => body(wrapTransaction(tx)),
          options,
        );
    },
  });
}

/** Nothing of the domain is stored, and the test it referred to is free to prove a later save. */
async function expectNothingSaved(ctx: WorkspaceContext, domain: string, testSendId: string): Promise<void> {
  const workspaceId = ctx.workspace.id;
  expect(await db.prisma.sendingDomain.count({ where: { workspaceId } })).toBe(0);
  expect(await db.prisma.smtpCredential.count({ where: { sendingDomain: { workspaceId } } })).toBe(0);
  expect(await db.prisma.smtpCredential.count({ where: { sendingDomain: { domain } } })).toBe(0);
  expect(await db.prisma.auditEvent.count({ where: { workspaceId } })).toBe(0);
  const test = await db.prisma.testSend.findUniqueOrThrow({ where: { id: testSendId } });
  expect(test).toMatchObject({ sendingDomainId: null, outcome: "sent" });
}

/** The Server Action (app/settings/email/actions.ts) words every other error as SAVE_FAILED. */
function expectSaveFailedError(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(SendingDomainError);
  expect(error).not.toBeInstanceOf(TestAlreadyUsedError);
  // The action logs it: it must not carry the password.
  expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(PASSWORD);
}

async function passingTest(ctx: WorkspaceContext) {
  injectFaults({});
  const tested = settings();
  const { testSendId, result } = await testUnsavedSettings(deps, ctx, tested, RECIPIENT);
  expect(result.ok).toBe(true);
  return { tested, testSendId };
}

describe("the database fails in the middle of saving a sending domain", () => {
  it.each([
    { after: "the domain and its credential are written", model: "sendingDomain" as const },
    { after: "the test is attached", model: "testSend" as const },
    { after: "the first audit event is written", model: "auditEvent" as const },
  ])("a failure after $after rolls the whole save back", async ({ model }) => {
    const ctx = await createTestWorkspace(db);
    const { tested, testSendId } = await passingTest(ctx);
    // What the driver reports when the server goes away under a query.
    const prisma = interruptedClient(db.prisma, model, async () => {
      throw Object.assign(new Error("Connection terminated unexpectedly"), { code: "ECONNRESET" });
    });

    const error = await addSendingDomain({ ...deps, prisma }, ctx, tested, testSendId).catch((e: unknown) => e);
    expectSaveFailedError(error);
    await expectNothingSaved(ctx, tested.domain, testSendId);

    // Nothing lost either: the same save, once the database is back, goes through with its test.
    expect(await addSendingDomain(deps, ctx, tested, testSendId)).toMatchObject({
      status: "verified",
      tested: "passed",
    });
  });

  // A real outage: the PostgreSQL server ends the save's connection (pg_terminate_backend, what an
  // administrator, a failover or a crashed backend does) while the transaction is open. PGlite runs
  // in this process over no connection at all, so there is nothing to cut there; the test above
  // covers the rollback on it.
  it.runIf(ON_POSTGRESQL)(
    "PostgreSQL ends the save's connection mid-transaction: nothing is stored and the error is worded",
    async () => {
      const ctx = await createTestWorkspace(db);
      const { tested, testSendId } = await passingTest(ctx);
      const url = inject("databaseUrl");
      const own = openDatabase(url); // its own pool, so the shared one keeps its connections
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        let terminated: number | undefined;
        const prisma = interruptedClient(own.prisma, "sendingDomain", async (tx) => {
          const rows = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
          const pid = rows[0]?.pid;
          await admin.query("SELECT pg_terminate_backend($1)", [pid]);
          // Until the backend is really gone, so the save's next statement meets a dead connection.
          for (let i = 0; i < 100; i++) {
            const { rowCount } = await admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [pid]);
            if (rowCount === 0) break;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          terminated = pid;
        });

        const error = await addSendingDomain({ ...deps, prisma }, ctx, tested, testSendId).catch((e: unknown) => e);
        expect(terminated).toBeTypeOf("number");
        expectSaveFailedError(error);
        // node-postgres under Prisma: "Client has encountered a connection error and is not queryable".
        expect(String(error)).toMatch(/connection/i);
        await expectNothingSaved(ctx, tested.domain, testSendId);

        // The pool replaces the dead connection: the same save through it now succeeds.
        const saved = await addSendingDomain({ ...deps, prisma: own.prisma }, ctx, tested, testSendId);
        expect(saved).toMatchObject({ status: "verified", tested: "passed" });
      } finally {
        await admin.end();
        await own.close();
      }
    },
  );
});
