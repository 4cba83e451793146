// The app's entry points (Server Actions, route handlers) called in-process against the real test
// database, the way the server runs them: one runtime from the environment, people signed in
// through the real Better Auth handler with the cookie a browser would keep. Test files mock
// next/headers themselves (vi.mock is per file) and hand it the cookie of whoever is acting.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { expect, inject } from "vitest";
import type { Runtime } from "@/lib/runtime";
import { loadSesSimulatorScenario, type RunningSesSimulator, startSesSimulator } from "@/lib/ses-simulator";
import type { WorkspaceContext } from "@/lib/workspace/context";
import { cookieHeaderFrom, createPersonWithPassword } from "./people";
import { PROJECT_ROOT } from "./prisma-cli";
import { findClosedPort } from "./smtp-test-server";

export const TEST_ORIGIN = "http://127.0.0.1:3000";

export interface AppUnderTest {
  runtime: Runtime;
  onPglite: boolean;
  /** The local SES simulator answering SES SMTP hosts and the AWS API, when started with one. */
  simulator?: RunningSesSimulator;
  /** Closes the database and the simulator, removes the folders and restores the environment. */
  close(): Promise<void>;
}

/**
 * Sets the environment the app reads and opens its runtime on this run's database (a private copy
 * of the PGlite template). `ses: "unreachable"` routes SES hosts and AWS API calls to closed ports,
 * so anything that gets that far fails at once and offline; `ses: "simulator"` starts the local SES
 * simulator (the default scenario, its rate raised so back-to-back tests never throttle) and points
 * both there, so valid requests really succeed.
 */
export async function startAppUnderTest(options: { ses: "unreachable" | "simulator"; keyByte: number }) {
  const savedEnv = { ...process.env };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-app-"));
  const provided = inject("databaseUrl");
  const onPglite = provided.startsWith("pglite-template:");
  let pgliteCopy: string | undefined;
  if (onPglite) {
    // The runtime opens the database itself, so it gets its own copy of the migrated template.
    pgliteCopy = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-app-pglite-"));
    fs.cpSync(provided.slice("pglite-template:".length), pgliteCopy, { recursive: true });
  }
  const simulatorDir = path.join(dataDir, "ses-simulator");
  let simulator: RunningSesSimulator | undefined;
  let awsEndpoint = "http://127.0.0.1:9";
  if (options.ses === "simulator") {
    const scenario = await loadSesSimulatorScenario(path.join(PROJECT_ROOT, "ses-simulator/scenario.json"));
    simulator = await startSesSimulator({
      scenario: { ...scenario, maxSendRate: 1_000 },
      dataDir: simulatorDir,
      starttlsPort: 0,
      implicitTlsPort: 0,
      apiPort: 0,
    });
    awsEndpoint = simulator.apiUrl;
  } else {
    // A stand-in simulator's state file: SES SMTP hosts are routed to a closed port on this machine.
    const closedPort = await findClosedPort();
    fs.mkdirSync(simulatorDir);
    const caFile = path.join(simulatorDir, "ca.pem");
    fs.writeFileSync(caFile, tls.rootCertificates[0] ?? "");
    fs.writeFileSync(
      path.join(simulatorDir, "state.json"),
      JSON.stringify({
        pid: process.pid,
        host: "127.0.0.1",
        starttlsPort: closedPort,
        implicitTlsPort: closedPort,
        apiUrl: awsEndpoint,
        caFile,
        startedAt: new Date().toISOString(),
      }),
    );
  }
  Object.assign(process.env, {
    DATABASE_URL: pgliteCopy ? `pglite:${pgliteCopy}` : provided,
    INFLOWAVE_DATA_DIR: dataDir,
    INFLOWAVE_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, options.keyByte).toString("base64")}`,
    INFLOWAVE_SES_SIMULATOR: "on",
    INFLOWAVE_SES_SIMULATOR_DIR: simulatorDir,
    INFLOWAVE_SIGN_IN_RATE_LIMIT: "off",
    BETTER_AUTH_URL: TEST_ORIGIN,
    AWS_ENDPOINT_URL_SES: awsEndpoint,
    AWS_ENDPOINT_URL_SESV2: awsEndpoint,
    AWS_ENDPOINT_URL_IAM: awsEndpoint,
    // Fake keys for the SDK's default chain, so it never waits on the instance metadata service.
    AWS_ACCESS_KEY_ID: "AKIAFUZZFUZZFUZZFUZZ",
    AWS_SECRET_ACCESS_KEY: "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz",
    AWS_REGION: "us-east-1",
  });
  // Imported only now: the runtime reads the environment when it is first used.
  const runtime = (await import("@/lib/runtime")).getRuntime();
  const app: AppUnderTest = {
    runtime,
    onPglite,
    simulator,
    async close() {
      await runtime.db.close();
      await simulator?.stop();
      for (const dir of [dataDir, pgliteCopy]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
      for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
      Object.assign(process.env, savedEnv);
    },
  };
  return app;
}

export interface SignedInPerson {
  ctx: WorkspaceContext;
  /** The Cookie header their browser sends after signing in. */
  cookie: string;
}

/**
 * A person with a password, in `workspace` (a new one named after `workspaceName` when none is
 * given), signed in through the real sign-in endpoint; their cookie resolves to that workspace.
 */
export async function createSignedInPerson(
  runtime: Runtime,
  person: {
    name: string;
    role: WorkspaceContext["role"];
    workspace?: WorkspaceContext["workspace"];
    workspaceName?: string;
  },
): Promise<SignedInPerson> {
  const prisma = runtime.db.prisma;
  const tag = randomUUID().slice(0, 8);
  const {
    ctx: created,
    email,
    password,
  } = await createPersonWithPassword(prisma, {
    email: `${person.name.toLowerCase().replace(/\W+/g, "-")}-${tag}@example.com`,
    name: person.name,
    role: person.role,
    workspace: person.workspace,
    newWorkspace: { name: `${person.workspaceName ?? "Workspace"} ${tag}`, slug: `ws-${tag}` },
  });
  const { workspace } = created;

  const { handleAuthRequest } = await import("@/lib/auth/http");
  const { resolveSessionContext } = await import("@/lib/auth/session");
  const signedIn = await handleAuthRequest(
    runtime.auth(),
    new Request(`${TEST_ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_ORIGIN },
      body: JSON.stringify({ email, password }),
    }),
  );
  expect(signedIn.status).toBe(200);
  const cookie = cookieHeaderFrom(signedIn);
  const ctx = await resolveSessionContext(prisma, runtime.auth(), new Headers({ cookie }));
  if (!ctx) throw new Error(`${person.name}'s session did not resolve`);
  expect(ctx).toMatchObject({ workspace: { id: workspace.id }, role: person.role });
  return { ctx, cookie };
}
