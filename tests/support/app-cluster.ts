// Several production app instances (`next start` of the build) sharing one new PostgreSQL
// database, with an SES simulator in this process: what the load test and the benchmarks run
// against. Workspaces, people and domains are seeded straight into the database; people then
// sign in over HTTP as a browser would, and tests go through POST /api/test-sends.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseKeyring } from "../../lib/crypto/keyring";
import { openDatabase, type Database } from "../../lib/db/client";
import { addSendingDomain } from "../../lib/email-settings/sending-domain-setup";
import type { TestSendEvent, TestSendOutcomeView } from "../../lib/email-settings/test-send-events";
import { directSmtpRouter } from "../../lib/sending/smtp-routing";
import {
  loadSesSimulatorScenario,
  startSesSimulator,
  type RunningSesSimulator,
  type SesSimulatorScenario,
} from "../../lib/ses-simulator";
import { sesSmtpSettingsSchema } from "../../lib/ses/credential-checks";
import type { WorkspaceContext } from "../../lib/workspace/context";
import { startNextServer, TEST_ENCRYPTION_KEYS, waitForHttp, type StartedServer } from "../e2e/support/servers";
import { cookieHeaderFrom, createPersonWithPassword, type PersonWithPassword } from "./people";
import { createDatabase, dropDatabase, uniqueDatabaseName } from "./postgres";
import { PROJECT_ROOT, prismaCli } from "./prisma-cli";

export interface AppCluster {
  instances: StartedServer[];
  simulator: RunningSesSimulator;
  /** The simulator's SMTP log, one line per reply it sent ("… 454 …" for a throttled message). */
  simulatorLog: string[];
  /** The same lines with the time each was logged (Date.now()): a "250 Ok" line is a message accepted. */
  simulatorEvents: { at: number; line: string }[];
  db: Database;
  databaseUrl: string;
  /** Starts one more instance on the same database and simulator, without waiting for it; `stop` stops it too. */
  startInstance: () => StartedServer;
  stop: () => Promise<void>;
}

export interface AppClusterOptions {
  instances: number;
  /** Changes to the default scenario (ses-simulator/scenario.json). */
  scenario?: Partial<SesSimulatorScenario>;
  /** Extra environment for every instance. */
  env?: Record<string, string>;
  /** A prefix for the database name, so a leftover database says what made it. */
  name?: string;
}

/** Starts the simulator, creates and migrates a database, and starts the instances on it. */
export async function startAppCluster(options: AppClusterOptions): Promise<AppCluster> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-cluster-"));
  const databaseName = uniqueDatabaseName(options.name ?? "inflowave_cluster");
  const simulatorLog: string[] = [];
  const simulatorEvents: { at: number; line: string }[] = [];
  const scenario = await loadSesSimulatorScenario(path.join(PROJECT_ROOT, "ses-simulator/scenario.json"));
  const simulator = await startSesSimulator({
    scenario: { ...scenario, ...options.scenario },
    dataDir: path.join(dataDir, "ses-simulator"),
    starttlsPort: 0,
    implicitTlsPort: 0,
    apiPort: 0,
    log: (line) => {
      simulatorLog.push(line);
      simulatorEvents.push({ at: Date.now(), line });
    },
  });
  const databaseUrl = await createDatabase(databaseName);
  await prismaCli(["migrate", "deploy"], databaseUrl);
  const instances: StartedServer[] = [];
  const startInstance = () => {
    const index = instances.length;
    const instance = startNextServer({
      // Production code with NODE_ENV=test: production never routes SES hosts to the simulator.
      NODE_ENV: "test",
      DATABASE_URL: databaseUrl,
      INFLOWAVE_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
      INFLOWAVE_DATA_DIR: path.join(dataDir, `instance-${index}`),
      INFLOWAVE_SES_SIMULATOR: "on",
      INFLOWAVE_SES_SIMULATOR_DIR: path.join(dataDir, "ses-simulator"),
      INFLOWAVE_SIGN_IN_RATE_LIMIT: "off",
      INFLOWAVE_TEST_SENDS_PER_USER: "100000",
      INFLOWAVE_TEST_SENDS_PER_WORKSPACE: "100000",
      LOG_LEVEL: "warn",
      AWS_ENDPOINT_URL_SES: simulator.apiUrl,
      AWS_ENDPOINT_URL_SESV2: simulator.apiUrl,
      AWS_ENDPOINT_URL_IAM: simulator.apiUrl,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      AWS_ACCESS_KEY_ID: "",
      AWS_SECRET_ACCESS_KEY: "",
      AWS_EC2_METADATA_DISABLED: "true",
      XDG_CONFIG_HOME: path.join(dataDir, "xdg-config"),
      ...options.env,
    });
    instances.push(instance);
    return instance;
  };
  for (let index = 0; index < options.instances; index++) startInstance();
  const db = openDatabase(databaseUrl);
  const stop = async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await db.close();
    await simulator.stop();
    await dropDatabase(databaseName);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await Promise.all(
      instances.map((instance) =>
        Promise.race([
          waitForHttp(`${instance.url}/api/health`, 60_000),
          instance.exited.then((code) => {
            throw new Error(`an app instance exited (${code}) while starting:\n${instance.output()}`);
          }),
        ]),
      ),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { instances, simulator, simulatorLog, simulatorEvents, db, databaseUrl, startInstance, stop };
}

export type SeededPerson = PersonWithPassword;

/** A workspace with one person in it (owner unless said otherwise), who can sign in with a password. */
export function seedWorkspace(db: Database, tag: string, role: WorkspaceContext["role"] = "owner") {
  return createPersonWithPassword(db.prisma, {
    email: `${tag}@load.example.com`,
    name: `Person ${tag}`,
    role,
    newWorkspace: { name: `Workspace ${tag}`, slug: tag },
  });
}

export interface SeededDomain {
  domain: string;
  region: string;
  username: string;
  password: string;
  maxSendRate: number;
}

/** Saves a sending domain with its credential (sealed under the instances' key), as the wizard would. */
export async function seedSendingDomain(db: Database, ctx: WorkspaceContext, domain: SeededDomain): Promise<string> {
  const settings = sesSmtpSettingsSchema.parse({
    domain: domain.domain,
    fromAddress: `hello@${domain.domain}`,
    region: domain.region,
    host: "",
    port: 587,
    username: domain.username,
    password: domain.password,
  });
  const deps = { prisma: db.prisma, keyring: parseKeyring(TEST_ENCRYPTION_KEYS), route: directSmtpRouter };
  const { sendingDomainId } = await addSendingDomain(deps, ctx, settings);
  await db.prisma.sendingDomain.update({ where: { id: sendingDomainId }, data: { maxSendRate: domain.maxSendRate } });
  return sendingDomainId;
}

/** Signs in through Better Auth's endpoint, as the sign-in page does; returns the Cookie header. */
export async function signIn(baseUrl: string, person: Pick<SeededPerson, "email" | "password">): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ email: person.email, password: person.password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${person.email} failed: ${response.status} ${await response.text()}`);
  return cookieHeaderFrom(response);
}

export interface TestSendOverHttp {
  status: number;
  /** The final event: the recorded result, or an error in words. */
  final: Extract<TestSendEvent, { type: "result" | "error" }> | undefined;
  result: TestSendOutcomeView | undefined;
  testSendId: string | undefined;
  /** From sending the request to the last byte of the stream. */
  elapsedMs: number;
  /** The body when the answer was not a stream (4xx/5xx). */
  body: string;
}

/** POST /api/test-sends as the browser does, reading the streamed stages to the end. */
export async function testSendOverHttp(baseUrl: string, cookie: string, body: unknown): Promise<TestSendOverHttp> {
  const started = performance.now();
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${baseUrl}/api/test-sends`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl, cookie },
      body: JSON.stringify(body),
    });
    text = await response.text();
  } catch (error) {
    // No answer at all (the connection was reset): status 0, with the reason as the body.
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return {
      status: 0,
      final: undefined,
      result: undefined,
      testSendId: undefined,
      elapsedMs: performance.now() - started,
      body: `${String(error)}${cause}`,
    };
  }
  const elapsedMs = performance.now() - started;
  const events = response.headers.get("content-type")?.startsWith("application/x-ndjson")
    ? text
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as TestSendEvent)
    : [];
  const final = events.findLast(
    (event): event is Extract<TestSendEvent, { type: "result" | "error" }> => event.type !== "stage",
  );
  return {
    status: response.status,
    final,
    result: final?.type === "result" ? final.result : undefined,
    testSendId: final?.type === "result" ? final.testSendId : undefined,
    elapsedMs,
    body: events.length > 0 ? "" : text,
  };
}
