// Identity and isolation (issue #6): every Server Action and every kind of the test-send route
// handler, called as the server runs them (signed in through the real Better Auth handler, the
// cookie in the request), with another workspace's ids and otherwise valid inputs. Workspace A has
// one of everything a page or action could reveal or change: a saved domain with a stored
// credential Inflowave created in AWS, test history, a sending-rate slot, AWS diagnostics access
// with a sealed secret, an account check report, created credentials not saved yet, a passing test
// of replacement credentials not used yet. B's owner (the strongest role, in the wrong workspace)
// aims every entry point at A: each is refused in words, A's rows stay as they were (every column
// of every row), and no response carries anything of A's but the id it was given. Signed out,
// everything is refused with the sign-in words and nothing is written; B's member is refused what
// only managers may do, and may test and check B's own domain but not A's. Last, the very inputs B
// was refused are sent by A's owner and accepted: the refusals were about the workspace.
//
// The local SES simulator answers SMTP and the AWS API, so a request that got past the workspace
// check would really succeed (and change A) instead of failing on an unreachable server.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
// Types only: the modules themselves are imported once the environment is set (see beforeAll).
import type * as RouteModule from "@/app/api/test-sends/route";
import type * as ActionsModule from "@/app/settings/email/actions";
import type * as AwsActionsModule from "@/app/settings/email/aws-actions";
import { MANAGERS_ONLY, NotSignedInError } from "@/lib/auth/session";
import { Secret } from "@/lib/crypto/secret";
import { fingerprintMatches } from "@/lib/data/test-sends";
import { NOT_CONNECTED } from "@/lib/email-settings/aws-account";
import { PROVISIONED_CREDENTIAL_GONE } from "@/lib/email-settings/provisioned-credentials";
import { testSendRequestSchema } from "@/lib/email-settings/requests";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Runtime } from "@/lib/runtime";
import { deriveSmtpPasswordSync } from "@/lib/ses/smtp-password-node";
import type { WorkspaceContext } from "@/lib/workspace/context";
import { createSignedInPerson, startAppUnderTest, TEST_ORIGIN, type AppUnderTest } from "../support/app-under-test";
import { PROJECT_ROOT } from "../support/prisma-cli";

// The actions run outside a Next.js request: headers() gives the acting person's cookie, as their
// browser would send it, and revalidatePath only notes which page a change would refresh.
const browser = vi.hoisted(() => ({ cookie: "", revalidated: [] as string[] }));
vi.mock("next/cache", () => ({ revalidatePath: (page: string) => void browser.revalidated.push(page) }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ cookie: browser.cookie }) }));

// Keys of the simulator's default scenario (ses-simulator/scenario.json).
const ADMIN_KEY = { accessKeyId: "AKIASIMULATORADMIN01", secretAccessKey: "Adm1nS3cretK3yF0rTheSESSIMULAT0RADMIN001" };
const DIAGNOSTICS_KEY = {
  accessKeyId: "AKIASIMULATORDIAG001",
  secretAccessKey: "d1AgN0st1csS3cretK3yF0rTheSIMULATORDIAG1",
};
const SENDER_KEY = { accessKeyId: "AKIASIMULATOR0000001", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIMULATOR1" };
const REGION = "us-east-1";
const SES_HOST = "email-smtp.us-east-1.amazonaws.com";
/** What a domain's credentials are replaced with: the scenario's sending user, over implicit TLS. */
const REPLACEMENT = {
  host: SES_HOST,
  port: 465,
  username: SENDER_KEY.accessKeyId,
  password: deriveSmtpPasswordSync(SENDER_KEY.secretAccessKey, REGION),
};
const PRODUCTION_ACCESS_REQUEST = {
  mailType: "TRANSACTIONAL",
  websiteUrl: "https://example.com",
  useCaseDescription: "Receipts and sign-in links to our own customers, about 2,000 a day.",
  additionalContactEmailAddresses: ["ops@example.com"],
  contactLanguage: "EN",
};
const NOT_IN_WORKSPACE = "This sending domain does not exist in your workspace.";
const SIGN_IN_WORDS = new NotSignedInError().message;

let app: AppUnderTest;
let runtime: Runtime;
let route: typeof RouteModule;
let actions: typeof ActionsModule;
let awsActions: typeof AwsActionsModule;
let a: WorkspaceData;
let b: WorkspaceData;
let memberOfB: { ctx: WorkspaceContext; cookie: string };
let unique = 0;
const uniqueName = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++unique}`;

// ---- The two workspaces ----------------------------------------------------------------------------

/** A workspace with one of everything, and what its owner's browser knows of it (ids, its own inputs). */
/** The domain's version as its page would send it back with a change: current, so only the workspace decides. */
async function versionOf(sendingDomainId: string): Promise<number> {
  const domain = await runtime.db.prisma.sendingDomain.findUnique({ where: { id: sendingDomainId } });
  return domain?.version ?? 1;
}

interface WorkspaceData {
  ctx: WorkspaceContext;
  /** The owner's Cookie header. */
  cookie: string;
  sendingDomainId: string;
  domain: string;
  fromAddress: string;
  /** Where the workspace's tests went. */
  recipient: string;
  /** The domain's stored credential: SMTP credentials Inflowave created in AWS for it. */
  smtp: { username: string; password: string };
  /** Credentials Inflowave created for a wizard that has not saved yet. */
  pending: { provisionedCredentialId: string; username: string; password: string };
  /** A passing test of REPLACEMENT for the domain, not used to replace anything yet. */
  replacementTestSendId: string;
  diagnosticsKey: { accessKeyId: string; secretAccessKey: string };
}

function setupDeps() {
  return { prisma: runtime.db.prisma, keyring: runtime.keyring(), route: runtime.smtpRouter };
}

async function seedWorkspace(label: string, diagnosticsKey: WorkspaceData["diagnosticsKey"]): Promise<WorkspaceData> {
  const { saveAwsDiagnosticsAccess } = await import("@/lib/data/aws-diagnostics");
  const { consumeProvisionedSmtpCredential, openProvisionedSmtpCredential } =
    await import("@/lib/data/provisioned-smtp-credentials");
  const { checkDomainAccount, provisionSmtpCredentials } = await import("@/lib/email-settings/aws-account");
  const setup = await import("@/lib/email-settings/sending-domain-setup");
  const { sesSmtpSettingsSchema } = await import("@/lib/ses/credential-checks");
  const deps = setupDeps();
  const owner = await createSignedInPerson(runtime, { name: `${label} Owner`, role: "owner", workspaceName: label });
  const { ctx } = owner;
  const tag = ctx.workspace.slug.slice(3);
  await saveAwsDiagnosticsAccess(deps.prisma, deps.keyring, ctx, {
    source: "access_key",
    accessKeyId: diagnosticsKey.accessKeyId,
    secretAccessKey: new Secret(diagnosticsKey.secretAccessKey),
  });
  const createCredentials = async (use: string) => {
    const created = await provisionSmtpCredentials(deps, ctx, {
      region: REGION,
      adminKey: { accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKey: new Secret(ADMIN_KEY.secretAccessKey) },
      userName: `inflowave-${tag}-${use}`,
    });
    const opened = await openProvisionedSmtpCredential(deps.prisma, deps.keyring, ctx.workspace.id, created.id);
    if (!opened) throw new Error("the created credentials could not be opened");
    return { provisionedCredentialId: created.id, username: opened.username, password: opened.password.reveal() };
  };
  const stored = await createCredentials("saved");
  const pending = await createCredentials("pending");

  // The wizard's way: test, then save with the passing test attached (and the created credentials forgotten).
  const domain = `${label.toLowerCase()}-${tag}.example.com`;
  const fromAddress = `billing@${domain}`;
  // The simulator's sandbox delivers to any @example.com address (a verified domain).
  const recipient = `${label.toLowerCase()}-inbox-${tag}@example.com`;
  const settings = sesSmtpSettingsSchema.parse({
    domain,
    fromAddress,
    region: REGION,
    host: "",
    port: 587,
    username: stored.username,
    password: stored.password,
  });
  const wizardTest = await setup.testUnsavedSettings(deps, ctx, settings, recipient);
  expect(wizardTest.result, wizardTest.result.reply).toMatchObject({ ok: true });
  const saved = await setup.addSendingDomain(deps, ctx, settings, wizardTest.testSendId);
  expect(saved).toMatchObject({ status: "verified", tested: "passed" });
  await consumeProvisionedSmtpCredential(deps.prisma, ctx.workspace.id, stored.provisionedCredentialId);
  const sendingDomainId = saved.sendingDomainId;

  // Test history, a sending-rate slot and test allowances (a test from the domain's page, through
  // the route), the account check report, and a replacement ready to use.
  const savedTest = await postTestSend({ kind: "saved", sendingDomainId, to: recipient }, owner.cookie);
  expect(savedTest.status).toBe(200);
  expect(await savedTest.text()).toMatch(/"type":"result".*"ok":true/);
  const check = await checkDomainAccount(deps, ctx, { sendingDomainId, testRecipient: recipient });
  expect(check.ok).toBe(true);
  const replacement = await setup.testReplacementCredential(
    deps,
    ctx,
    sendingDomainId,
    { ...REPLACEMENT, password: new Secret(REPLACEMENT.password) },
    recipient,
  );
  expect(replacement?.result.ok).toBe(true);

  return {
    ctx,
    cookie: owner.cookie,
    sendingDomainId,
    domain,
    fromAddress,
    recipient,
    smtp: { username: stored.username, password: stored.password },
    pending,
    replacementTestSendId: replacement!.testSendId,
    diagnosticsKey,
  };
}

beforeAll(async () => {
  app = await startAppUnderTest({ ses: "simulator", keyByte: 8 });
  runtime = app.runtime;
  route = await import("@/app/api/test-sends/route");
  actions = await import("@/app/settings/email/actions");
  awsActions = await import("@/app/settings/email/aws-actions");
  // Different diagnostics keys, so A's key id in a response could only have come from A's row.
  a = await seedWorkspace("Initech", DIAGNOSTICS_KEY);
  b = await seedWorkspace("Globex", ADMIN_KEY);
  memberOfB = await createSignedInPerson(runtime, {
    name: "Globex Member",
    role: "member",
    workspace: b.ctx.workspace,
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
});

// ---- Rows --------------------------------------------------------------------------------------------

/** Tables with no workspace in them: Better Auth's e-mail verification tokens (unused: passwords only). */
const NOT_PER_WORKSPACE = ["Verification"];

/**
 * Where each table's rows of a workspace are ($1 its id): its people (users, their memberships,
 * accounts and sessions), its domains and everything hanging off them, its AWS rows and its
 * test-send allowances (kept per person and per workspace, by key).
 */
const PEOPLE = `SELECT "userId" FROM "Membership" WHERE "workspaceId" = $1::uuid`;
const DOMAINS = `SELECT id FROM "SendingDomain" WHERE "workspaceId" = $1::uuid`;
const WORKSPACE_ROWS = {
  Workspace: `id = $1::uuid`,
  User: `id IN (${PEOPLE})`,
  Membership: `"workspaceId" = $1::uuid`,
  Account: `"userId" IN (${PEOPLE})`,
  Session: `"userId" IN (${PEOPLE})`,
  SendingDomain: `"workspaceId" = $1::uuid`,
  SmtpCredential: `"sendingDomainId" IN (${DOMAINS})`,
  TestSend: `"workspaceId" = $1::uuid`,
  AuditEvent: `"workspaceId" = $1::uuid`,
  SendingRateLimit: `"sendingDomainId" IN (${DOMAINS})`,
  AwsDiagnosticsAccess: `"workspaceId" = $1::uuid`,
  ProvisionedSmtpCredential: `"workspaceId" = $1::uuid`,
  AwsAccountCheck: `"workspaceId" = $1::uuid`,
  TestSendAllowance: `key = 'workspace:' || $1::text OR key IN (SELECT 'user:' || "userId"::text FROM "Membership" WHERE "workspaceId" = $1::uuid)`,
} as const;

type Rows = Record<keyof typeof WORKSPACE_ROWS, Record<string, unknown>[] | "not compared">;

/**
 * Every row of the workspace in every table, every column, in a stable order, read in one
 * statement (as JSON, so timestamps keep their microseconds). The acting person's own session may
 * be refreshed by reading it: `sessions: false` leaves sessions out of their workspace's rows.
 */
async function rowsOf(workspaceId: string, options: { sessions: boolean } = { sessions: true }): Promise<Rows> {
  const columns = Object.entries(WORKSPACE_ROWS).map(
    ([table, where]) =>
      `(SELECT coalesce(json_agg(row_to_json(t) ORDER BY t::text), '[]'::json) FROM "${table}" t WHERE ${where}) AS "${table}"`,
  );
  const [rows] = await runtime.db.prisma.$queryRawUnsafe<Rows[]>(`SELECT ${columns.join(",\n")}`, workspaceId);
  if (!rows) throw new Error("no rows read");
  return options.sessions ? rows : { ...rows, Session: "not compared" };
}

/** Each table's rows compared whole, so a failure names the table that changed. */
function expectSameRows(after: Rows, before: Rows, whose: string) {
  for (const table of Object.keys(before) as (keyof Rows)[]) {
    expect(after[table], `${whose} ${table} rows`).toEqual(before[table]);
  }
}

/** What B's side must never see of A: names, addresses, secrets, and the id of every row of A. */
function secretsOf(rows: Rows, data: WorkspaceData, others: Rows): string[] {
  const values = new Set<string>([
    data.ctx.workspace.name,
    data.ctx.user.name,
    data.domain,
    data.fromAddress,
    data.recipient,
    data.smtp.username,
    data.smtp.password,
    data.pending.username,
    data.pending.password,
    data.diagnosticsKey.accessKeyId,
    data.diagnosticsKey.secretAccessKey,
  ]);
  // Ids, tokens, hashes, ciphertexts, user names and addresses in A's rows.
  const distinctive = /^(id|.*Id|token|password|.*Ciphertext|iamUserName|username|email|slug|toAddress|sesMessageId)$/;
  const shared = new Set<string>();
  const collect = (source: Rows, into: Set<string>) => {
    for (const table of Object.values(source)) {
      if (!Array.isArray(table)) continue;
      for (const row of table) {
        for (const [key, value] of Object.entries(row)) {
          if (typeof value === "string" && distinctive.test(key)) into.add(value);
        }
      }
    }
  };
  collect(rows, values);
  // A value B has too (the provider id "credential", a key id "k1") says nothing about A.
  collect(others, shared);
  return [...values].filter((value) => value.length >= 8 && !shared.has(value));
}

/** Fails naming the first value of A's found in the text (case-insensitively), unless the input carried it. */
function expectNothingOf(secrets: string[], text: string, input: unknown) {
  const haystack = text.toLowerCase();
  const given = (input === NO_INPUT ? "" : JSON.stringify(input ?? null)).toLowerCase();
  const leaked = secrets.filter(
    (value) => !given.includes(value.toLowerCase()) && haystack.includes(value.toLowerCase()),
  );
  expect(leaked, `the other workspace's values in: ${text.slice(0, 500)}`).toEqual([]);
}

// ---- The entry points ----------------------------------------------------------------------------

type ActionName = keyof typeof ActionsModule | keyof typeof AwsActionsModule;
type TestSendKind = (typeof testSendRequestSchema.options)[number]["shape"]["kind"]["value"];
/** For the actions that take no input (disconnecting AWS): called with no argument at all. */
const NO_INPUT = Symbol("no input");

interface Target {
  /** The action's exported name, or the route and the kind of test. */
  name: string;
  entry: { action: ActionName } | { testSend: TestSendKind };
  /** Who may use it in their own workspace. */
  access: "managers" | "members";
  /**
   * "aimed": takes a reference to rows of a workspace (a domain, a test, created credentials), and
   * aimed at another workspace's it must be refused with `otherWorkspaceWords`. "own workspace":
   * takes none and acts on the caller's workspace only.
   */
  scope: "aimed" | "own workspace";
  otherWorkspaceWords?: string;
  /**
   * The request the owner of `data` would send from the page: valid in every field, built at the
   * moment it is sent. New required fields go here; one the rows decide (a domain's current
   * `version` for a change that must not overwrite another) can be read from the database here.
   */
  input: (data: WorkspaceData) => unknown | Promise<unknown>;
}

/**
 * Every Server Action and every kind of POST /api/test-sends. In this order on purpose: the last
 * describe sends these inputs from A's owner, in table order, and later ones use up what earlier
 * ones need (the created credentials are saved by addSendingDomain, the domain removed last).
 */
const TARGETS: Target[] = [
  {
    name: "POST /api/test-sends (unsaved)",
    entry: { testSend: "unsaved" },
    access: "members",
    scope: "aimed",
    otherWorkspaceWords: PROVISIONED_CREDENTIAL_GONE,
    input: (data) => ({
      kind: "unsaved",
      settings: {
        domain: `wizard-${data.ctx.workspace.slug}.example.com`,
        fromAddress: `hello@wizard-${data.ctx.workspace.slug}.example.com`,
        region: REGION,
        host: SES_HOST,
        port: 587,
        username: data.pending.username,
        provisionedCredentialId: data.pending.provisionedCredentialId,
      },
      to: data.recipient,
    }),
  },
  {
    name: "POST /api/test-sends (saved)",
    entry: { testSend: "saved" },
    access: "members",
    scope: "aimed",
    otherWorkspaceWords: NOT_IN_WORKSPACE,
    input: (data) => ({ kind: "saved", sendingDomainId: data.sendingDomainId, to: data.recipient }),
  },
  {
    name: "POST /api/test-sends (replacement)",
    entry: { testSend: "replacement" },
    access: "members",
    scope: "aimed",
    otherWorkspaceWords: NOT_IN_WORKSPACE,
    input: (data) => ({
      kind: "replacement",
      sendingDomainId: data.sendingDomainId,
      credential: { ...REPLACEMENT, port: String(REPLACEMENT.port) },
      to: data.recipient,
    }),
  },
  {
    name: "runAccountChecksAction",
    entry: { action: "runAccountChecksAction" },
    access: "members",
    scope: "aimed",
    otherWorkspaceWords: NOT_IN_WORKSPACE,
    input: (data) => ({ sendingDomainId: data.sendingDomainId, testRecipient: data.recipient }),
  },
  {
    name: "migrateSendingPolicyAction",
    entry: { action: "migrateSendingPolicyAction" },
    access: "managers",
    scope: "aimed",
    otherWorkspaceWords: NOT_IN_WORKSPACE,
    input: (data) => ({ sendingDomainId: data.sendingDomainId }),
  },
  {
    name: "setSendingRateAction",
    entry: { action: "setSendingRateAction" },
    access: "managers",
    scope: "aimed",
    otherWorkspaceWords: NOT_IN_WORKSPACE,
    input: async (data) => ({
      sendingDomainId: data.sendingDomainId,
      maxSendRate: "14",
      expectedVersion: await versionOf(data.sendingDomainId),
    }),
  },
  {
    name: "replaceCredentialAction",
    entry: { action: "replaceCredentialAction" },
    access: "managers",
    scope: "aimed",
    otherWorkspaceWords: NOT_IN_WORKSPACE,
    input: async (data) => ({
      sendingDomainId: data.sendingDomainId,
      credential: { ...REPLACEMENT, port: String(REPLACEMENT.port) },
      testSendId: data.replacementTestSendId,
      expectedVersion: await versionOf(data.sendingDomainId),
    }),
  },
  {
    name: "addSendingDomainAction",
    entry: { action: "addSendingDomainAction" },
    access: "managers",
    scope: "aimed",
    otherWorkspaceWords: PROVISIONED_CREDENTIAL_GONE,
    input: (data) => ({
      settings: {
        domain: `added-${data.ctx.workspace.slug}.example.com`,
        fromAddress: `hello@added-${data.ctx.workspace.slug}.example.com`,
        region: REGION,
        host: "",
        port: "587",
        username: data.pending.username,
        provisionedCredentialId: data.pending.provisionedCredentialId,
      },
    }),
  },
  {
    name: "removeSendingDomainAction",
    entry: { action: "removeSendingDomainAction" },
    access: "managers",
    scope: "aimed",
    otherWorkspaceWords: NOT_IN_WORKSPACE,
    input: async (data) => ({
      sendingDomainId: data.sendingDomainId,
      expectedVersion: await versionOf(data.sendingDomainId),
    }),
  },
  // Disconnect before connect: B, whose owner runs these last, ends up connected again.
  {
    name: "disconnectAwsDiagnosticsAction",
    entry: { action: "disconnectAwsDiagnosticsAction" },
    access: "managers",
    scope: "own workspace",
    input: () => NO_INPUT,
  },
  {
    name: "connectAwsDiagnosticsAction",
    entry: { action: "connectAwsDiagnosticsAction" },
    access: "managers",
    scope: "own workspace",
    input: (data) => ({ source: "access_key", ...data.diagnosticsKey }),
  },
  {
    name: "checkConsolePermissionsAction",
    entry: { action: "checkConsolePermissionsAction" },
    access: "members",
    scope: "own workspace",
    input: () => ({ principalArn: "arn:aws:iam::123456789012:user/simulator-admin", region: REGION }),
  },
  {
    name: "requestProductionAccessAction",
    entry: { action: "requestProductionAccessAction" },
    access: "managers",
    scope: "own workspace",
    input: () => ({ region: REGION, request: PRODUCTION_ACCESS_REQUEST }),
  },
  {
    name: "createSmtpCredentialsAction",
    entry: { action: "createSmtpCredentialsAction" },
    access: "managers",
    scope: "own workspace",
    input: () => ({ region: REGION, ...ADMIN_KEY, userName: uniqueName("inflowave-isolation") }),
  },
];

const AIMED = TARGETS.filter((target) => target.scope === "aimed");
const OWN_WORKSPACE = TARGETS.filter((target) => target.scope === "own workspace");

interface Answer {
  /** Refused: `{ ok: false }` from an action, a 4xx from the route. */
  refused: boolean;
  /** Accepted: `{ ok: true }` from an action; from the route, a stream that ended with a result. */
  accepted: boolean;
  status?: number;
  /** Every message in the answer: the form error, the field errors, the route's message. */
  words: string[];
  /** The whole answer as the browser would receive it. */
  text: string;
  body: unknown;
}

/** POST /api/test-sends from Inflowave's own page, with the cookie `cookie` ("" when signed out). */
function postTestSend(body: unknown, cookie: string): Promise<Response> {
  const headers = new Headers({ "content-type": "application/json", origin: TEST_ORIGIN });
  if (cookie) headers.set("cookie", cookie);
  return route.POST(
    new Request(`${TEST_ORIGIN}/api/test-sends`, { method: "POST", headers, body: JSON.stringify(body) }),
  );
}

/** Sends the target's request with the cookie `cookie` ("" when signed out), as the page would. */
async function send(target: Target, input: unknown, cookie: string): Promise<Answer> {
  browser.cookie = cookie;
  browser.revalidated.length = 0;
  if ("action" in target.entry) {
    const action = ((actions as Record<string, unknown>)[target.entry.action] ??
      (awsActions as Record<string, unknown>)[target.entry.action]) as (input?: unknown) => Promise<unknown>;
    const result = (await (input === NO_INPUT ? action() : action(input))) as {
      ok: boolean;
      fieldErrors?: Record<string, string[]>;
      formError?: string;
    };
    const words = [...(result.formError ? [result.formError] : []), ...Object.values(result.fieldErrors ?? {}).flat()];
    return {
      refused: result.ok === false,
      accepted: result.ok === true,
      words,
      text: JSON.stringify(result),
      body: result,
    };
  }
  const response = await postTestSend(input, cookie);
  const text = await response.text();
  if (response.status !== 200) {
    const body = JSON.parse(text) as { message?: string; fieldErrors?: Record<string, string[]> };
    const words = [...(body.message ? [body.message] : []), ...Object.values(body.fieldErrors ?? {}).flat()];
    const refused = response.status >= 400 && response.status < 500;
    return { refused, accepted: false, status: response.status, words, text, body };
  }
  const events = text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string; result?: { ok: boolean } });
  const last = events.at(-1);
  return { refused: false, accepted: last?.type === "result", status: 200, words: [], text, body: last };
}

/** Refused, in the given words, with nothing to refresh. */
function expectRefused(answer: Answer, words: string) {
  expect(answer.refused, answer.text).toBe(true);
  expect(answer.words, answer.text).toContain(words);
  expect(browser.revalidated).toEqual([]);
}

/** Whether a recorded test passed with exactly these settings (what a save or a replacement checks). */
async function vouchesFor(testSendId: string, settings: Parameters<typeof fingerprintMatches>[2]) {
  const test = await runtime.db.prisma.testSend.findUniqueOrThrow({ where: { id: testSendId } });
  return test.outcome === "sent" && fingerprintMatches(runtime.keyring(), test.settingsFingerprint, settings);
}

// ---- The tests -----------------------------------------------------------------------------------

describe("the table of entry points is complete", () => {
  it("holds every exported Server Action", () => {
    const exported = [...Object.entries(actions), ...Object.entries(awsActions)]
      .filter(([, value]) => typeof value === "function")
      .map(([name]) => name);
    const tabled = TARGETS.flatMap((target) => ("action" in target.entry ? [target.entry.action] : []));
    expect(tabled.sort()).toEqual(exported.sort());
  });

  it("holds every kind of test the route handler takes, and the route takes nothing but POST", () => {
    const kinds = testSendRequestSchema.options.map((option) => option.shape.kind.value);
    const tabled = TARGETS.flatMap((target) => ("testSend" in target.entry ? [target.entry.testSend] : []));
    expect(tabled.sort()).toEqual([...kinds].sort());
    expect(Object.keys(route).filter((name) => typeof (route as Record<string, unknown>)[name] === "function")).toEqual(
      ["POST"],
    );
  });

  it("knows every route handler of the app", () => {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/^route\.tsx?$/.test(entry.name)) found.push(path.relative(PROJECT_ROOT, full));
      }
    };
    walk(path.join(PROJECT_ROOT, "app"));
    // The test-send route is in TARGETS; sign-in itself is what every test here signs in through;
    // health and the unknown-path answer are checked below to hold nothing of a workspace.
    expect(found.sort()).toEqual([
      "app/api/[...path]/route.ts",
      "app/api/auth/[...all]/route.ts",
      "app/api/health/route.ts",
      "app/api/test-sends/route.ts",
    ]);
  });

  it("snapshots every table that holds a workspace's rows", async () => {
    const snapshot = await rowsOf(a.ctx.workspace.id);
    expect([...Object.keys(snapshot), ...NOT_PER_WORKSPACE].sort()).toEqual(Object.values(Prisma.ModelName).sort());
    // Something to compare in every table: A really has one of everything.
    for (const [table, rows] of Object.entries(snapshot)) expect(rows, table).not.toHaveLength(0);
  });
});

describe("signed out", () => {
  it.each(TARGETS.map((target) => [target.name, target] as const))(
    "%s is refused with the sign-in words, and nothing is written",
    async (_name, target) => {
      const beforeA = await rowsOf(a.ctx.workspace.id);
      const beforeB = await rowsOf(b.ctx.workspace.id);
      const input = await target.input(a);
      const answer = await send(target, input, "");
      expectRefused(answer, SIGN_IN_WORDS);
      if ("testSend" in target.entry) expect(answer.text).toContain('"not_signed_in"');
      expectNothingOf(secretsOf(beforeA, a, beforeB), answer.text, input);
      expectSameRows(await rowsOf(a.ctx.workspace.id), beforeA, "A's");
      expectSameRows(await rowsOf(b.ctx.workspace.id), beforeB, "B's");
    },
  );
});

describe("B's owner, aimed at A's rows", () => {
  it.each(AIMED.map((target) => [target.name, target] as const))(
    "%s is refused in words; neither workspace changes and nothing of A's comes back",
    async (_name, target) => {
      const beforeA = await rowsOf(a.ctx.workspace.id);
      const beforeB = await rowsOf(b.ctx.workspace.id, { sessions: false });
      const input = await target.input(a);
      const answer = await send(target, input, b.cookie);
      expectRefused(answer, target.otherWorkspaceWords!);
      expectNothingOf(secretsOf(beforeA, a, beforeB), answer.text, input);
      expectSameRows(await rowsOf(a.ctx.workspace.id), beforeA, "A's");
      expectSameRows(await rowsOf(b.ctx.workspace.id, { sessions: false }), beforeB, "B's");
    },
  );

  // The attack a test id invites: A tested exactly the settings B is about to save or switch to,
  // and B passes A's passing test off as its own, to be saved as verified without testing.
  it("A's passing test of the very settings B saves does not vouch for them: saved as untested", async () => {
    const { testUnsavedSettings } = await import("@/lib/email-settings/sending-domain-setup");
    const { sesSmtpSettingsSchema } = await import("@/lib/ses/credential-checks");
    const domain = `${uniqueName("shared")}.example.com`;
    const settings = {
      domain,
      fromAddress: `hello@${domain}`,
      region: REGION,
      host: SES_HOST,
      port: 465,
      username: REPLACEMENT.username,
      password: REPLACEMENT.password,
    };
    const testOfA = await testUnsavedSettings(setupDeps(), a.ctx, sesSmtpSettingsSchema.parse(settings), a.recipient);
    expect(testOfA.result.ok).toBe(true);
    // Were the test B's own, it would vouch for these settings: the attack is real.
    expect(await vouchesFor(testOfA.testSendId, sesSmtpSettingsSchema.parse(settings))).toBe(true);
    const beforeA = await rowsOf(a.ctx.workspace.id);
    browser.cookie = b.cookie;
    const input = { settings, testSendId: testOfA.testSendId };
    const answer = await actions.addSendingDomainAction(input);
    expect(answer).toMatchObject({ ok: true, status: "needs_attention", tested: "untested" });
    expectNothingOf(secretsOf(beforeA, a, await rowsOf(b.ctx.workspace.id)), JSON.stringify(answer), input);
    // A's test stays A's and unattached, so A can still save with it.
    expectSameRows(await rowsOf(a.ctx.workspace.id), beforeA, "A's");
  });

  it("A's passing test of B's domain with new credentials does not let B's owner replace them", async () => {
    const { testUnsavedSettings } = await import("@/lib/email-settings/sending-domain-setup");
    const { sesSmtpSettingsSchema } = await import("@/lib/ses/credential-checks");
    // The settings a replacement of B's credentials would run with, tested in A's wizard.
    const settings = sesSmtpSettingsSchema.parse({
      domain: b.domain,
      fromAddress: b.fromAddress,
      region: REGION,
      ...REPLACEMENT,
    });
    const testOfA = await testUnsavedSettings(setupDeps(), a.ctx, settings, a.recipient);
    expect(testOfA.result.ok).toBe(true);
    const { replacementSettings } = await import("@/lib/email-settings/sending-domain-setup");
    const replacing = await replacementSettings(setupDeps(), b.ctx.workspace.id, b.sendingDomainId, {
      ...REPLACEMENT,
      password: new Secret(REPLACEMENT.password),
    });
    expect(await vouchesFor(testOfA.testSendId, replacing!)).toBe(true);
    const beforeA = await rowsOf(a.ctx.workspace.id);
    const beforeB = await rowsOf(b.ctx.workspace.id, { sessions: false });
    const replace = TARGETS.find((target) => target.name === "replaceCredentialAction")!;
    const input = { ...((await replace.input(b)) as object), testSendId: testOfA.testSendId };
    const answer = await send(replace, input, b.cookie);
    expectRefused(
      answer,
      "Send a test that passes with the new credentials first. Until then the current credentials stay in use.",
    );
    expectSameRows(await rowsOf(a.ctx.workspace.id), beforeA, "A's");
    expectSameRows(await rowsOf(b.ctx.workspace.id, { sessions: false }), beforeB, "B's");
  });
});

describe("B's member", () => {
  const managersOnly = TARGETS.filter((target) => target.access === "managers");
  const membersToo = TARGETS.filter((target) => target.access === "members");

  it.each(managersOnly.map((target) => [target.name, target] as const))(
    "%s is refused for managers only, on B's own rows and on A's; nothing changes",
    async (_name, target) => {
      const beforeA = await rowsOf(a.ctx.workspace.id);
      const beforeB = await rowsOf(b.ctx.workspace.id, { sessions: false });
      for (const data of [b, a]) {
        const answer = await send(target, await target.input(data), memberOfB.cookie);
        expectRefused(answer, MANAGERS_ONLY);
      }
      expectSameRows(await rowsOf(a.ctx.workspace.id), beforeA, "A's");
      expectSameRows(await rowsOf(b.ctx.workspace.id, { sessions: false }), beforeB, "B's");
    },
  );

  it.each(membersToo.map((target) => [target.name, target] as const))(
    "%s works on B's own rows; aimed at A's (if it takes a reference) it is refused, A unchanged",
    async (_name, target) => {
      const own = await send(target, await target.input(b), memberOfB.cookie);
      expect(own.accepted, own.text).toBe(true);
      if ("testSend" in target.entry) expect(own.body).toMatchObject({ type: "result", result: { ok: true } });
      if (target.scope === "own workspace") return;
      const beforeA = await rowsOf(a.ctx.workspace.id);
      const input = await target.input(a);
      const answer = await send(target, input, memberOfB.cookie);
      expectRefused(answer, target.otherWorkspaceWords!);
      expectNothingOf(secretsOf(beforeA, a, await rowsOf(b.ctx.workspace.id)), answer.text, input);
      expectSameRows(await rowsOf(a.ctx.workspace.id), beforeA, "A's");
    },
  );
});

describe("B's owner, actions on the own workspace", () => {
  it.each(OWN_WORKSPACE.map((target) => [target.name, target] as const))(
    "%s acts on B only: A's rows stay as they were and nothing of A's comes back",
    async (_name, target) => {
      const beforeA = await rowsOf(a.ctx.workspace.id);
      const input = await target.input(b);
      const answer = await send(target, input, b.cookie);
      expect(answer.accepted, answer.text).toBe(true);
      expectNothingOf(secretsOf(beforeA, a, await rowsOf(b.ctx.workspace.id)), answer.text, input);
      expectSameRows(await rowsOf(a.ctx.workspace.id), beforeA, "A's");
    },
  );

  it("a workspace without AWS access is not lent A's: its checks ask to connect first", async () => {
    const stranger = await createSignedInPerson(runtime, {
      name: "Hooli Owner",
      role: "owner",
      workspaceName: "Hooli",
    });
    const beforeA = await rowsOf(a.ctx.workspace.id);
    for (const name of ["checkConsolePermissionsAction", "requestProductionAccessAction"]) {
      const target = TARGETS.find((candidate) => candidate.name === name)!;
      const input = await target.input(a);
      const answer = await send(target, input, stranger.cookie);
      expectRefused(answer, NOT_CONNECTED);
      expectNothingOf(secretsOf(beforeA, a, await rowsOf(stranger.ctx.workspace.id)), answer.text, input);
    }
    expectSameRows(await rowsOf(a.ctx.workspace.id), beforeA, "A's");
  });
});

describe("route handlers that hold no workspace's data", () => {
  it("GET /api/health and an unknown API path answer B's owner with nothing of A's", async () => {
    const beforeA = await rowsOf(a.ctx.workspace.id);
    const secrets = secretsOf(beforeA, a, await rowsOf(b.ctx.workspace.id));
    const { GET: health } = await import("@/app/api/health/route");
    const healthAnswer = await health();
    expect(healthAnswer.status).toBe(200);
    expectNothingOf(secrets, await healthAnswer.text(), undefined);
    const { GET: unknownPath } = await import("@/app/api/[...path]/route");
    const url = `${TEST_ORIGIN}/api/sending-domains/${a.sendingDomainId}`;
    const unknown = await unknownPath(new Request(url, { headers: { cookie: b.cookie } }));
    expect(unknown.status).toBe(404);
    expectNothingOf(secrets, await unknown.text(), url);
    expectSameRows(await rowsOf(a.ctx.workspace.id), beforeA, "A's");
  });
});

// Runs last: it changes A. The inputs B was refused, sent by A's owner, do what they say, so
// each refusal above was about the workspace, not about the input.
describe("the same requests from A's owner", () => {
  it.each(AIMED.map((target) => [target.name, target] as const))("%s is accepted", async (_name, target) => {
    const answer = await send(target, await target.input(a), a.cookie);
    expect(answer.accepted, answer.text).toBe(true);
    if ("testSend" in target.entry) expect(answer.body).toMatchObject({ type: "result", result: { ok: true } });
  });

  it("and they changed A as asked", async () => {
    const rows = await rowsOf(a.ctx.workspace.id);
    const column = (table: keyof Rows, name: string) =>
      (rows[table] as Record<string, unknown>[]).map((row) => row[name]);
    const actionsRecorded = column("AuditEvent", "action");
    expect(actionsRecorded).toEqual(
      expect.arrayContaining([
        "sending_domain.send_rate_changed",
        "smtp_credential.replaced",
        "sending_domain.removed",
      ]),
    );
    expect(column("SendingDomain", "id")).not.toContain(a.sendingDomainId);
    expect(column("ProvisionedSmtpCredential", "id")).not.toContain(a.pending.provisionedCredentialId);
  });
});
