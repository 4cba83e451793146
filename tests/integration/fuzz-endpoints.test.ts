// Property-based fuzzing of the entry points people's input reaches (issue #6): the test-send
// route handler, called with real Request objects, and every email-settings Server Action, called
// directly, against the real database. Inputs are hostile (malformed, oversized, wrong types,
// control and unicode characters, prototype-pollution keys) or near-valid and broken by
// construction (one field of a real input made invalid). Each must end in a 4xx or an
// `{ ok: false }` with words — never an exception, a 500 or a stored row — and echo no secret.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
// Types only: the modules themselves are imported once the environment is set (see beforeAll).
import type * as RouteModule from "@/app/api/test-sends/route";
import type * as ActionsModule from "@/app/settings/email/actions";
import type * as AwsActionsModule from "@/app/settings/email/aws-actions";
import type { Runtime } from "@/lib/runtime";
import type { WorkspaceContext } from "@/lib/workspace/context";
import {
  assertNoPrototypePollution,
  deeplyNestedText,
  defineOwn,
  expectPlainWords,
  factsOf,
  hostileJson,
  hostileJsonText,
  hostileKey,
  hostileScalar,
  hostileShortString,
  hostileValue,
  invalidJsonText,
  longString,
  poisoned,
  prototypePollutionText,
  secretLeak,
} from "../support/hostile-inputs";
import {
  startAppUnderTest,
  TEST_ORIGIN as ORIGIN,
  type AppUnderTest,
  createSignedInPerson,
} from "../support/app-under-test";

// The actions are called directly, outside a Next.js request: there revalidatePath throws (no
// static generation store) and headers() has no request to read. revalidatePath runs only after a
// successful change, which no input here makes (a call would be a bug these tests then report);
// headers() returns the signed-in person's cookie, as their browser would send it.
const browser = vi.hoisted(() => ({ cookie: "", revalidated: [] as string[] }));
vi.mock("next/cache", () => ({ revalidatePath: (path: string) => void browser.revalidated.push(path) }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ cookie: browser.cookie }) }));

/**
 * Runs per target: RUNS in all, of which DEEP reach the database (a session, lookups) and the
 * rest are refused before it. Every target gets 10,000 on PostgreSQL. This file runs on PGlite
 * too, where a query is several times slower and the refusals before the database would only
 * repeat what PostgreSQL's run checks: there the same properties run fewer times.
 */
const ON_PGLITE = inject("databaseUrl").startsWith("pglite-template:");
const RUNS = Number(process.env.FUZZ_RUNS ?? (ON_PGLITE ? 500 : 10_000));
const DEEP = Math.min(RUNS, Number(process.env.FUZZ_DEEP_RUNS ?? (ON_PGLITE ? 40 : 400)));

const SES_PASSWORD = "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9";
const VALID_SETTINGS = {
  domain: "fuzz.example.com",
  fromAddress: "hello@fuzz.example.com",
  region: "us-east-1",
  host: "email-smtp.us-east-1.amazonaws.com",
  port: 587,
  username: "AKIAIOSFODNN7EXAMPLE",
  password: SES_PASSWORD,
};
const VALID_CREDENTIAL = {
  host: VALID_SETTINGS.host,
  port: "465",
  username: "AKIAIOSFODNN7EXAMPLE",
  password: SES_PASSWORD,
};
const VALID_ACCESS_KEY = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};
const VALID_PRODUCTION_ACCESS = {
  mailType: "TRANSACTIONAL",
  websiteUrl: "https://example.com",
  useCaseDescription: "Receipts and sign-in links, about 2,000 a day.",
  additionalContactEmailAddresses: ["ops@example.com"],
  contactLanguage: "EN",
};

let app: AppUnderTest;
let runtime: Runtime;
let route: typeof RouteModule;
let actions: typeof ActionsModule;
let awsActions: typeof AwsActionsModule;
let ctx: WorkspaceContext;
/** A saved domain of the workspace, so near-valid ids reach the checks behind the lookup. */
let domainId: string;
/** Its version as stored: what its page would send back with a change, so near-valid changes are current. */
let domainVersion: number;
/** Set whenever a call opened a session (the way to the database): then its rows are counted. */
let touchedDatabase = false;
const errorLogs: unknown[] = [];
const timings: string[] = [];

beforeAll(async () => {
  // SES hosts and AWS are unreachable: a valid-looking test send fails at once, offline, and
  // should an input ever get past validation to AWS, it fails fast instead of going out.
  app = await startAppUnderTest({ ses: "unreachable", keyByte: 6 });
  runtime = app.runtime;
  route = await import("@/app/api/test-sends/route");
  actions = await import("@/app/settings/email/actions");
  awsActions = await import("@/app/settings/email/aws-actions");
  const { addSendingDomain } = await import("@/lib/email-settings/sending-domain-setup");
  const { sesSmtpSettingsSchema } = await import("@/lib/ses/credential-checks");

  // A person of their own workspace (its owner, so every action is open to them), signed in.
  const tester = await createSignedInPerson(runtime, { name: "Fuzz Tester", role: "owner", workspaceName: "Fuzz" });
  browser.cookie = tester.cookie;
  ctx = tester.ctx;
  const saved = await addSendingDomain(
    { prisma: runtime.db.prisma, keyring: runtime.keyring(), route: runtime.smtpRouter },
    ctx,
    sesSmtpSettingsSchema.parse(VALID_SETTINGS),
  );
  domainId = saved.sendingDomainId;
  ({ version: domainVersion } = await runtime.db.prisma.sendingDomain.findUniqueOrThrow({ where: { id: domainId } }));

  // Every way to the database starts by asking for the session: that marks a call to count rows for.
  const auth = runtime.auth.bind(runtime);
  runtime.auth = () => {
    touchedDatabase = true;
    return auth();
  };
  // An error logged means an exception was caught somewhere on the way: none is expected.
  vi.spyOn(runtime.log, "error").mockImplementation((...args: unknown[]) => void errorLogs.push(args));
}, 60_000);

afterAll(async () => {
  console.info(`fuzz-endpoints (${ON_PGLITE ? "PGlite" : "PostgreSQL"}) timings:\n${timings.join("\n")}`);
  await app?.close();
});

// ---- Rows ------------------------------------------------------------------------------------

const COUNTED_TABLES = [
  "TestSend",
  "SendingDomain",
  "SmtpCredential",
  "AuditEvent",
  "AwsDiagnosticsAccess",
  "ProvisionedSmtpCredential",
  "AwsAccountCheck",
] as const;

/**
 * The workspace's rows in every table a change writes to, in one query. Counted by workspace: on
 * PostgreSQL the database is shared with the other test files running at the same time.
 */
async function countRows(): Promise<Record<(typeof COUNTED_TABLES)[number], number>> {
  const [row] = await runtime.db.prisma.$queryRawUnsafe<Record<string, bigint | number>[]>(
    `SELECT
       (SELECT count(*) FROM "TestSend" WHERE "workspaceId" = $1::uuid) AS "TestSend",
       (SELECT count(*) FROM "SendingDomain" WHERE "workspaceId" = $1::uuid) AS "SendingDomain",
       (SELECT count(*) FROM "SmtpCredential" c JOIN "SendingDomain" d ON d.id = c."sendingDomainId"
         WHERE d."workspaceId" = $1::uuid) AS "SmtpCredential",
       (SELECT count(*) FROM "AuditEvent" WHERE "workspaceId" = $1::uuid) AS "AuditEvent",
       (SELECT count(*) FROM "AwsDiagnosticsAccess" WHERE "workspaceId" = $1::uuid) AS "AwsDiagnosticsAccess",
       (SELECT count(*) FROM "ProvisionedSmtpCredential" WHERE "workspaceId" = $1::uuid) AS "ProvisionedSmtpCredential",
       (SELECT count(*) FROM "AwsAccountCheck" WHERE "workspaceId" = $1::uuid) AS "AwsAccountCheck"`,
    ctx.workspace.id,
  );
  return Object.fromEntries(COUNTED_TABLES.map((table) => [table, Number(row?.[table])])) as Record<
    (typeof COUNTED_TABLES)[number],
    number
  >;
}

// ---- Checks ------------------------------------------------------------------------------------

/** Values under a key that says password or secret (which must never come back), and the other strings. */
function secretsOf(input: unknown): { secrets: string[]; others: string[] } {
  const secrets: string[] = [];
  const others: string[] = [];
  const stack: unknown[] = [input];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") others.push(value);
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    for (const [key, item] of Object.entries(value)) {
      others.push(key);
      if (/password|secret/i.test(key) && typeof item === "string") secrets.push(item);
      else stack.push(item);
    }
  }
  return { secrets, others };
}

/** A counterexample short enough to read. */
function shortened(value: unknown): string {
  let text: string;
  try {
    text = fc.stringify(value);
  } catch {
    // Nested too deep to print (10,000 levels): say what it is.
    text = `(unprintable ${Object.prototype.toString.call(value)})`;
  }
  return text.length > 2_000 ? `${text.slice(0, 1_000)} … (${text.length} characters) … ${text.slice(-500)}` : text;
}

/**
 * Runs `property` on `runs` generated inputs and throws with a readable counterexample. With
 * rows "unchanged", the workspace's rows are counted before all runs, after every run that went to
 * the database, and after all of them: any difference is a stored row.
 */
async function fuzz<T>(
  name: string,
  input: fc.Arbitrary<T>,
  runs: number,
  property: (value: T) => Promise<void>,
  rows: "unchanged" | "may change" = "unchanged",
) {
  const started = performance.now();
  const before = await countRows();
  const details = await fc.check(
    fc.asyncProperty(input, async (value) => {
      errorLogs.length = 0;
      browser.revalidated.length = 0;
      touchedDatabase = false;
      await property(value);
      if (errorLogs.length > 0) throw new Error(`An error was logged: ${shortened(errorLogs[0])}`);
      assertNoPrototypePollution();
      if (rows === "unchanged" && touchedDatabase) expect(await countRows()).toEqual(before);
    }),
    { numRuns: runs },
  );
  timings.push(`${name}: ${runs} runs, ${Math.round(performance.now() - started)} ms`);
  if (details.failed) {
    const error =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(
      `${name} failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}"):\n` +
        `${error.slice(0, 3_000)}\nCounterexample: ${shortened(details.counterexample)}`,
    );
  }
  if (rows === "unchanged") expect(await countRows()).toEqual(before);
}

// ---- Inputs broken by construction -------------------------------------------------------------

/** Stands for the saved domain's id, known only once the database is set up. */
const DOMAIN = "DOMAIN-ID";
/** Stands for the saved domain's current version, read from the database once it is set up. */
const VERSION = "DOMAIN-VERSION";

const uuid = fc.uuid({ version: 4 });
/** A string no validator here takes as an email address: poisoned, without "@", or too long. */
const brokenAddress: fc.Arbitrary<unknown> = fc.oneof(
  poisoned("you@example.com"),
  hostileShortString.filter((text) => !text.includes("@")),
  fc.integer({ min: 255, max: 2_000 }).map((length) => `${"a".repeat(length - 12)}@example.com`),
  fc.constantFrom("", "   ", "you@", "@example.com", "you@@example.com", "you@example", "<you@example.com>"),
);
const brokenRecipient: fc.Arbitrary<unknown> = fc.oneof(
  brokenAddress,
  fc.constantFrom(null, 42, true, [], {}, ["you@example.com"], { address: "you@example.com" }),
);

/** Hosts that are not the us-east-1 SES SMTP host, each refused by the host check. */
const notSesHost: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "smtp.gmail.com",
    "localhost",
    "127.0.0.1",
    "[::1]",
    "email.us-east-1.amazonaws.com",
    "inbound-smtp.us-east-1.amazonaws.com",
    "email-smtp.eu-west-1.amazonaws.com",
    "email-smtp.us-east-9.amazonaws.com",
    "email-smtp.YOUR-REGION.amazonaws.com",
    "email-smtp.us-east-1.amazonaws.com.attacker.example",
    "email-smtp.us-east-1.amazonaws.co",
    "email-smtp.us-east-1.api.aws",
    "smtp.us-east-1.amazonaws.com",
  ),
  fc.domain().filter((domain) => !domain.startsWith("email-smtp")),
  fc.ipV4(),
  poisoned(VALID_SETTINGS.host),
);

/** For each settings field, values that field's check refuses whatever the other fields say. */
const BROKEN_FIELD: Record<keyof typeof VALID_SETTINGS, fc.Arbitrary<unknown>> = {
  domain: fc.oneof(poisoned("fuzz.example.com"), fc.constantFrom("", " ", "a@fuzz.example.com", "fuzz", 42)),
  fromAddress: fc.oneof(
    poisoned("hello@fuzz.example.com"),
    fc.constantFrom("", "hello", "hello@other.example.org", "Hello <hello@fuzz.example.com>", 7),
  ),
  region: fc.oneof(poisoned("us-east-1"), fc.constantFrom("", "us-east-9", "mars-north-1", "eu-west-1", "US_EAST_1")),
  host: notSesHost,
  port: fc.oneof(
    poisoned("587"),
    fc.constantFrom(0, 1, 24, 26, 443, 2525, 5870, 65_535, 65_536, -587, 587.5, "abc", "58 7", "587587"),
  ),
  username: fc.oneof(
    poisoned(VALID_SETTINGS.username),
    fc.constantFrom(
      "",
      "akiaiosfodnn7example",
      "ASIAIOSFODNN7EXAMPLE",
      "ses-smtp-user.20240101-120000",
      SES_PASSWORD,
      "you@example.com",
    ),
  ),
  password: fc.oneof(
    poisoned(SES_PASSWORD),
    fc.constantFrom("", VALID_ACCESS_KEY.secretAccessKey, `A${SES_PASSWORD.slice(1)}`, SES_PASSWORD.slice(0, 40)),
    fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 43 }).map((text) => `x${text}`),
  ),
};
/** Fields that are required (left out is refused); host and port may be left out. */
const REQUIRED = ["domain", "fromAddress", "region", "username", "password"] as const;

/** An object with one field broken (or a required one left out), and maybe a hostile extra key. */
function withOneBroken<T extends Record<string, unknown>>(
  valid: T,
  broken: Partial<Record<keyof T, fc.Arbitrary<unknown>>>,
  required: readonly (keyof T)[],
): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.keys(broken) as (keyof T & string)[];
  const change = fc.oneof(
    fc
      .constantFrom(...fields)
      .chain((field) => (broken[field] as fc.Arbitrary<unknown>).map((value) => ({ field, value }))),
    ...(required.length
      ? [fc.constantFrom(...required).map((field) => ({ field: field as string, value: undefined }))]
      : []),
  );
  // Shallow values only: a request is JSON.stringify'd, which a 10,000-deep value would overflow
  // (deep nesting is sent as whole bodies of its own).
  const extra = fc.option(fc.tuple(hostileKey, fc.oneof(hostileJsonText, prototypePollutionText).map(JSON.parse)), {
    freq: 3,
  });
  return fc.tuple(change, extra).map(([{ field, value }, added]) => {
    const copy: Record<string, unknown> = { ...valid };
    if (value === undefined) delete copy[field];
    else copy[field] = value;
    // The extra key must not undo the change (a second copy of the field, valid again).
    if (added && added[0] !== field) defineOwn(copy, added[0], added[1]);
    return copy;
  });
}

const brokenSettings = withOneBroken(VALID_SETTINGS, BROKEN_FIELD, REQUIRED);
const brokenCredential = withOneBroken(
  VALID_CREDENTIAL,
  {
    host: BROKEN_FIELD.host,
    port: BROKEN_FIELD.port,
    username: BROKEN_FIELD.username,
    password: BROKEN_FIELD.password,
  },
  ["username", "password"],
);
/** A reference to credentials Inflowave created: none exist in this workspace, so it is refused. */
const settingsWithUnknownCredential = uuid.map((id) => {
  const { password: _password, ...rest } = VALID_SETTINGS;
  return { ...rest, provisionedCredentialId: id };
});

/** Near-valid test requests, each invalid by construction (or aimed at a domain that isn't there). */
const brokenTestRequest: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({
    kind: fc.constant("unsaved"),
    settings: brokenSettings,
    to: fc.oneof(fc.constant("you@example.com"), brokenRecipient),
  }),
  fc.record({ kind: fc.constant("unsaved"), settings: fc.constant(VALID_SETTINGS), to: brokenRecipient }),
  fc.record({
    kind: fc.constant("unsaved"),
    settings: settingsWithUnknownCredential,
    to: fc.constant("you@example.com"),
  }),
  // A saved domain: its own id with a broken recipient, or an id that is no domain of this workspace.
  fc.record({ kind: fc.constant("saved"), sendingDomainId: fc.constant(DOMAIN), to: brokenRecipient }),
  fc.record({
    kind: fc.constant("saved"),
    sendingDomainId: fc.oneof(uuid, hostileShortString),
    to: fc.oneof(fc.constant("you@example.com"), brokenRecipient),
  }),
  fc.record({
    kind: fc.constant("replacement"),
    sendingDomainId: fc.constant(DOMAIN),
    credential: brokenCredential,
    to: fc.oneof(fc.constant("you@example.com"), brokenRecipient),
  }),
  fc.record({
    kind: fc.constant("replacement"),
    sendingDomainId: fc.constant(DOMAIN),
    credential: fc.constant(VALID_CREDENTIAL),
    to: brokenRecipient,
  }),
  fc.record({
    kind: fc.constant("replacement"),
    sendingDomainId: fc.oneof(uuid, hostileShortString),
    credential: fc.constant(VALID_CREDENTIAL),
    to: fc.constant("you@example.com"),
  }),
);

/**
 * The value with DOMAIN replaced by the saved domain's id and VERSION by its version, in the
 * records built here (two levels).
 */
function withDomain<T>(value: T, depth = 0): T {
  if (value === DOMAIN) return domainId as T;
  if (value === VERSION) return domainVersion as T;
  if (depth > 2 || typeof value !== "object" || value === null) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const copy = {};
  for (const key of Object.keys(value))
    defineOwn(copy, key, withDomain((value as Record<string, unknown>)[key], depth + 1));
  return copy as T;
}

// ---- The route handler ---------------------------------------------------------------------------

interface RequestSpec {
  body: string | Uint8Array;
  contentType?: string;
  contentLength?: string;
  origin?: string;
  signedIn: boolean;
}

const jsonContentType = fc.constantFrom("application/json", "application/json; charset=utf-8", "APPLICATION/JSON");
const contentType = fc.oneof(
  { weight: 6, arbitrary: jsonContentType },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonp",
        "application/json-seq",
        "",
      ),
      fc.string({ unit: "grapheme-ascii", maxLength: 40 }).map((text) => text.replace(/[\r\n]/g, "")),
    ),
  },
);
/** Bodies the route refuses before the database: not JSON, JSON of another shape, too large. */
const shallowBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: hostileJsonText },
  { weight: 2, arbitrary: invalidJsonText },
  { weight: 1, arbitrary: prototypePollutionText },
  { weight: 1, arbitrary: deeplyNestedText },
  // Over the 32 kB limit, as JSON or not.
  {
    weight: 1,
    arbitrary: fc.oneof(
      longString(33_000, 100_000),
      longString(33_000, 60_000).map((text) =>
        JSON.stringify({ kind: "unsaved", settings: { domain: text }, to: "a@b.co" }),
      ),
    ),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  // Near-valid, but with an id that is not even a uuid (refused as not found before any lookup).
  {
    weight: 1,
    arbitrary: fc
      .record({
        kind: fc.constantFrom("saved", "replacement"),
        sendingDomainId: hostileShortString,
        to: brokenRecipient,
      })
      .map((request) => JSON.stringify(request)),
  },
);
const shallowSpec: fc.Arbitrary<RequestSpec> = fc.oneof(
  fc.record(
    {
      body: shallowBody,
      contentType,
      // Honest, missing, lying, or nonsense.
      contentLength: fc.constantFrom("0", "5", "32768", "99999999", "-1", "abc", "1e3"),
      origin: fc.constantFrom(ORIGIN, "https://attacker.example", "null", "not a url"),
      signedIn: fc.boolean(),
    },
    { requiredKeys: ["body", "signedIn"] },
  ),
  // Broken test requests that a header refuses first: another site, not JSON.
  fc.record({
    body: brokenTestRequest.map((request) => JSON.stringify(request)),
    contentType: fc.oneof(fc.constant("text/plain"), jsonContentType),
    origin: fc.constantFrom("https://attacker.example", "null", "not a url", "http://127.0.0.1:3001"),
    signedIn: fc.boolean(),
  }),
  fc.record({
    body: brokenTestRequest.map((request) => JSON.stringify(request)),
    contentType: fc.constantFrom("text/plain", "application/x-www-form-urlencoded", ""),
    signedIn: fc.boolean(),
  }),
);
/** Broken test requests that get as far as the database (a session, the domain, created credentials). */
const deepSpec: fc.Arbitrary<RequestSpec> = fc.record({
  body: brokenTestRequest.map((request) => JSON.stringify(request)),
  contentType: jsonContentType,
  origin: fc.constant(ORIGIN),
  signedIn: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

function toRequest(spec: RequestSpec): Request {
  const headers = new Headers();
  if (spec.contentType !== undefined) headers.set("content-type", spec.contentType);
  if (spec.contentLength !== undefined) headers.set("content-length", spec.contentLength);
  if (spec.origin !== undefined) headers.set("origin", spec.origin);
  if (spec.signedIn) headers.set("cookie", browser.cookie);
  const payload = typeof spec.body === "string" ? spec.body.replaceAll(DOMAIN, domainId) : new Uint8Array(spec.body);
  return new Request(`${ORIGIN}/api/test-sends`, { method: "POST", headers, body: payload });
}

/** What the route answered: its status, the JSON body of a 4xx, the words in it. */
async function answer(spec: RequestSpec) {
  const response = await route.POST(toRequest(spec));
  const text = await response.text();
  return { status: response.status, text, contentType: response.headers.get("content-type") ?? "" };
}

/** A 4xx with a JSON body whose message (and field errors) are words, echoing no secret. */
async function expectRefusedInWords(spec: RequestSpec) {
  const { status, text, contentType: type } = await answer(spec);
  if (status < 400 || status >= 500) throw new Error(`status ${status}: ${text.slice(0, 500)}`);
  expect(type).toMatch(/^application\/json/);
  const json = JSON.parse(text) as { message?: unknown; fieldErrors?: Record<string, unknown> };
  expect(typeof json.message).toBe("string");
  const fieldMessages = Object.values(json.fieldErrors ?? {}).flat();
  const request = typeof spec.body === "string" ? safeJson(spec.body.replaceAll(DOMAIN, domainId)) : undefined;
  expectPlainWords([json.message, ...fieldMessages], factsOf(request ?? spec.body));
  const { secrets, others } = secretsOf(request);
  const leak = secretLeak([text], secrets, others);
  if (leak) throw new Error(`Leaked ${leak}`);
}

describe("POST /api/test-sends", () => {
  it(
    `refuses ${(RUNS - DEEP).toLocaleString("en-US")} hostile requests before the database, in words`,
    { timeout: 300_000 },
    async () => {
      await fuzz("POST /api/test-sends (refused early)", shallowSpec, RUNS - DEEP, expectRefusedInWords);
    },
  );

  it(
    `refuses ${DEEP.toLocaleString("en-US")} broken test requests that reach the database, storing nothing`,
    { timeout: 300_000 },
    async () => {
      await fuzz("POST /api/test-sends (refused after lookups)", deepSpec, DEEP, expectRefusedInWords);
    },
  );

  // Valid in every field, to an SES host that cannot be reached (routed to a closed port): the
  // test runs, fails, and is recorded as failed. Few runs: each is a real SMTP attempt.
  it("answers valid but unreachable tests with a recorded failure, never a 500", { timeout: 120_000 }, async () => {
    const validSettings = fc.record({
      region: fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-2"),
      port: fc.constantFrom(587, 2587, 465, 2465, "587", ""),
      host: fc.constantFrom("", "same"),
      username: fc.stringMatching(/^AKIA[A-Z0-9]{16}$/),
      password: fc.stringMatching(/^B[A-P][A-Za-z0-9+/]{42}$/),
    });
    const runs = Math.min(RUNS, ON_PGLITE ? 10 : 25);
    await fuzz(
      "POST /api/test-sends (valid, unreachable)",
      validSettings,
      runs,
      async ({ region, port, host, username, password }) => {
        const before = await countRows();
        const settings = {
          ...VALID_SETTINGS,
          region,
          port,
          host: host === "same" ? `email-smtp.${region}.amazonaws.com` : host,
          username,
          password,
        };
        const response = await route.POST(
          new Request(`${ORIGIN}/api/test-sends`, {
            method: "POST",
            headers: { "content-type": "application/json", origin: ORIGIN, cookie: browser.cookie },
            body: JSON.stringify({ kind: "unsaved", settings, to: "you@example.com" }),
          }),
        );
        const text = await response.text();
        expect(response.status, text).toBeLessThan(500);
        expect(text).not.toContain(password);
        if (response.status >= 400) return;
        const events = text
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as { type: string });
        expect(events.at(-1)).toMatchObject({ type: "result", result: { ok: false } });
        const after = await countRows();
        expect(after).toEqual({ ...before, TestSend: before.TestSend + 1 });
        const recorded = await runtime.db.prisma.testSend.findFirst({
          where: { workspaceId: ctx.workspace.id },
          orderBy: { startedAt: "desc" },
        });
        expect(recorded?.outcome).toBe("failed");
      },
      "may change",
    );
  });
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// ---- Server Actions ------------------------------------------------------------------------------

interface ActionOutcome {
  ok: boolean;
  fieldErrors?: Record<string, unknown>;
  formError?: unknown;
}

/** Calls an action: it must resolve to `{ ok: false, fieldErrors, formError? }` with words. */
async function expectRefusal(call: () => Promise<unknown>, input: unknown) {
  const result = (await call()) as ActionOutcome;
  if (result.ok !== false) throw new Error(`accepted: ${shortened(result)}`);
  expect(typeof result.fieldErrors).toBe("object");
  const messages = [
    ...Object.values(result.fieldErrors ?? {}).flatMap((value) => {
      expect(Array.isArray(value)).toBe(true);
      return value as unknown[];
    }),
    ...(result.formError === undefined ? [] : [result.formError]),
  ];
  if (messages.length === 0) throw new Error(`a refusal without words: ${shortened(result)}`);
  expectPlainWords(messages, factsOf(input));
  const { secrets, others } = secretsOf(input);
  const leak = secretLeak([JSON.stringify(result)], secrets, others);
  if (leak) throw new Error(`Leaked ${leak}`);
  if (browser.revalidated.length > 0) throw new Error(`revalidated ${browser.revalidated.join(", ")} for a refusal`);
}

/** Hostile values of every kind, or a near-valid input broken by construction. */
const hostileOr = (broken: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 3, arbitrary: broken },
    { weight: 1, arbitrary: hostileValue },
    { weight: 1, arbitrary: hostileJson },
  );

const brokenRate: fc.Arbitrary<unknown> = fc.oneof(
  poisoned("14"),
  fc.constantFrom(
    0,
    0.05,
    -1,
    1000.01,
    1001,
    1e9,
    1.234,
    Number.NaN,
    Infinity,
    -Infinity,
    "",
    " ",
    "abc",
    "1e309",
    "0x10",
    "14 emails",
  ),
  fc.string({ maxLength: 40 }).map((text) => `${text}x`),
);
const brokenAccessKey = withOneBroken(
  VALID_ACCESS_KEY,
  {
    accessKeyId: fc.oneof(
      poisoned(VALID_ACCESS_KEY.accessKeyId),
      fc.constantFrom("", "ASIAIOSFODNN7EXAMPLE", "fuzz-user", 5),
    ),
    secretAccessKey: fc.oneof(
      poisoned(VALID_ACCESS_KEY.secretAccessKey),
      fc.constantFrom("", SES_PASSWORD, "short", 40),
    ),
  },
  ["accessKeyId", "secretAccessKey"],
);
const brokenRegion = fc.oneof(poisoned("us-east-1"), fc.constantFrom("", "us-east-9", "mars-north-1", 1, null));
const brokenProductionAccess = withOneBroken(
  VALID_PRODUCTION_ACCESS,
  {
    mailType: fc.constantFrom("", "transactional", "BOTH", 1, null),
    websiteUrl: fc.oneof(
      poisoned("https://example.com"),
      fc.constantFrom("", "example.com", "ftp://example.com", "https://", "javascript:alert(1)"),
    ),
    useCaseDescription: fc.oneof(fc.constantFrom("", "   ", 5), fc.constant("x".repeat(5_001))),
    additionalContactEmailAddresses: fc.oneof(
      fc.constant(["a@b.co", "c@d.co", "e@f.co", "g@h.co", "i@j.co"]),
      brokenAddress.map((address) => [address]),
      fc.constantFrom({ length: 1 }, { length: { toString: 0 } }, 5, true),
    ),
    contactLanguage: fc.constantFrom("", "en", "FR", 1),
  },
  ["mailType", "websiteUrl", "useCaseDescription"],
);

/** Not a version a page could send (an integer from 1 to 2^31 - 1): refused as a malformed request. */
const brokenVersion: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1.5, 2 ** 31, 1e20, Number.NaN, Infinity, "1", "", null, undefined, true, [1], { version: 1 }),
  hostileScalar.filter(
    (value) => typeof value !== "number" || !Number.isInteger(value) || value < 1 || value >= 2 ** 31,
  ),
);
/** A well-formed version the saved domain is not at (a page that is out of date): the change is refused. */
const staleVersion = fc.integer({ min: 1, max: 2 ** 31 - 1 }).filter((version) => version !== domainVersion);
/** The saved domain's version, or one it is not at. */
const someVersion = fc.oneof(fc.constant(VERSION), staleVersion);

/** Ids that are no domain of this workspace, or this workspace's saved domain. */
const someDomainId = fc.oneof(fc.constant(DOMAIN), uuid);
const notAnId = hostileShortString;
/** Anything but a plain object: refused by every action's first check. */
const notAnObject = fc.oneof(hostileScalar, fc.array(hostileJson, { maxLength: 3 }), fc.constant(new Map([["a", 1]])));

/**
 * Per action: `shallow` inputs the action refuses before it opens a session (its own checks), and
 * `deep` ones that get past those checks and are refused after lookups in the database. Every one
 * is invalid by construction, or aimed at something the workspace doesn't have (a domain, a test,
 * created credentials, an AWS connection).
 */
const ACTIONS: Record<string, { shallow?: fc.Arbitrary<unknown>; deep?: fc.Arbitrary<unknown> }> = {
  addSendingDomainAction: {
    shallow: hostileOr(fc.record({ settings: fc.constant(VALID_SETTINGS), testSendId: notAnId })),
    deep: fc.oneof(
      fc.record({ settings: brokenSettings, testSendId: fc.option(uuid, { nil: undefined }) }),
      fc.record({ settings: settingsWithUnknownCredential }),
    ),
  },
  replaceCredentialAction: {
    shallow: hostileOr(
      fc.oneof(
        fc.record({
          sendingDomainId: fc.oneof(someDomainId, notAnId),
          credential: brokenCredential,
          testSendId: notAnId,
          expectedVersion: fc.oneof(someVersion, brokenVersion),
        }),
        fc.record({
          sendingDomainId: someDomainId,
          credential: fc.constant(VALID_CREDENTIAL),
          testSendId: uuid,
          expectedVersion: brokenVersion,
        }),
      ),
    ),
    // A test id that was never sent, so even valid credentials are refused; or a page out of date.
    deep: fc.record({
      sendingDomainId: someDomainId,
      credential: fc.oneof(brokenCredential, fc.constant(VALID_CREDENTIAL)),
      testSendId: uuid,
      expectedVersion: someVersion,
    }),
  },
  // The saved domain's id only with a version it is not at: removing it would be a real change.
  removeSendingDomainAction: {
    shallow: hostileOr(
      fc.oneof(
        notAnObject,
        fc.record({ sendingDomainId: fc.oneof(someDomainId, notAnId), expectedVersion: brokenVersion }),
        fc.record({ sendingDomainId: fc.constant(DOMAIN) }),
        fc.record({ sendingDomainId: fc.constantFrom(5, null, {}), expectedVersion: fc.constant(VERSION) }),
      ),
    ),
    deep: fc.oneof(
      fc.record({ sendingDomainId: fc.oneof(uuid, notAnId), expectedVersion: someVersion }),
      fc.record({ sendingDomainId: fc.constant(DOMAIN), expectedVersion: staleVersion }),
    ),
  },
  // The rate and the version are checked before anything else is looked up.
  setSendingRateAction: {
    shallow: hostileOr(
      fc.oneof(
        fc.record({
          sendingDomainId: fc.oneof(someDomainId, notAnId),
          maxSendRate: brokenRate,
          expectedVersion: someVersion,
        }),
        fc.record({ sendingDomainId: someDomainId, maxSendRate: fc.constant("14"), expectedVersion: brokenVersion }),
      ),
    ),
    // A valid rate for a domain the workspace doesn't have, or for the saved one from a page out of date.
    deep: fc.oneof(
      fc.record({ sendingDomainId: uuid, maxSendRate: fc.constant("14"), expectedVersion: someVersion }),
      fc.record({ sendingDomainId: fc.constant(DOMAIN), maxSendRate: fc.constant(14), expectedVersion: staleVersion }),
    ),
  },
  connectAwsDiagnosticsAction: {
    shallow: hostileOr(
      fc.oneof(
        brokenAccessKey.map((key) => ({ source: "access_key", ...key })),
        fc.record({ source: fc.oneof(hostileShortString, fc.constantFrom("ACCESS_KEY", "default", "chain", null)) }),
      ),
    ),
  },
  // Takes no input: called with junk arguments, it must ignore them (and, nothing connected, change nothing).
  disconnectAwsDiagnosticsAction: { deep: hostileValue },
  runAccountChecksAction: {
    shallow: hostileOr(
      fc.oneof(
        fc.record({ sendingDomainId: someDomainId, testRecipient: brokenAddress }),
        fc.record({ sendingDomainId: notAnId }),
      ),
    ),
    // Well formed, but the workspace has no AWS connection (or no such domain): refused before any AWS call.
    deep: fc.record({ sendingDomainId: someDomainId, testRecipient: fc.constantFrom("", "you@example.com") }),
  },
  migrateSendingPolicyAction: {
    shallow: hostileOr(fc.record({ sendingDomainId: notAnId })),
    deep: fc.record({ sendingDomainId: someDomainId }),
  },
  checkConsolePermissionsAction: {
    shallow: hostileOr(
      fc.oneof(
        fc.record({ principalArn: fc.constant("arn:aws:iam::123456789012:user/alice"), region: brokenRegion }),
        fc.record({ principalArn: fc.constantFrom("", "   ", 5, null), region: fc.constant("us-east-1") }),
      ),
    ),
    deep: fc.record({
      principalArn: fc.oneof(fc.constant("arn:aws:iam::123456789012:user/alice"), poisoned("arn:aws:iam::1:user/a")),
      region: fc.constantFrom("us-east-1", "eu-west-1"),
    }),
  },
  requestProductionAccessAction: {
    shallow: hostileOr(
      fc.oneof(
        fc.record({ region: brokenRegion, request: fc.constant(VALID_PRODUCTION_ACCESS) }),
        fc.record({ region: fc.constant("us-east-1"), request: brokenProductionAccess }),
      ),
    ),
    deep: fc.record({
      region: fc.constantFrom("us-east-1", "eu-west-1"),
      request: fc.constant(VALID_PRODUCTION_ACCESS),
    }),
  },
  // Each input has one thing wrong, so the administrator key is never used.
  createSmtpCredentialsAction: {
    shallow: hostileOr(
      fc.oneof(
        fc.record({
          region: brokenRegion,
          accessKeyId: fc.constant(VALID_ACCESS_KEY.accessKeyId),
          secretAccessKey: fc.constant(VALID_ACCESS_KEY.secretAccessKey),
        }),
        brokenAccessKey.map((key) => ({ region: "us-east-1", ...key })),
        fc.record({
          region: fc.constant("us-east-1"),
          accessKeyId: fc.constant(VALID_ACCESS_KEY.accessKeyId),
          secretAccessKey: fc.constant(VALID_ACCESS_KEY.secretAccessKey),
          userName: fc.oneof(poisoned("ses-smtp-inflowave"), fc.constantFrom(" ", "a b", "x".repeat(65), 5, null)),
        }),
      ),
    ),
  },
};

describe("Server Actions", () => {
  it("fuzzes every exported action", () => {
    const exported = [...Object.entries(actions), ...Object.entries(awsActions)]
      .filter(([, value]) => typeof value === "function")
      .map(([name]) => name);
    expect(exported.sort()).toEqual(Object.keys(ACTIONS).sort());
  });

  for (const [name, { shallow, deep }] of Object.entries(ACTIONS)) {
    // All runs go where the action has checks: before the database, after it, or both.
    const deepRuns = deep ? (shallow ? DEEP : Math.min(RUNS, DEEP)) : 0;
    const shallowRuns = shallow ? RUNS - deepRuns : 0;
    const call = (value: unknown) =>
      (
        ((actions as Record<string, unknown>)[name] ?? (awsActions as Record<string, unknown>)[name]) as (
          input: unknown,
        ) => Promise<unknown>
      )(value);
    const refused = async (generated: unknown) => {
      const value = withDomain(generated);
      if (name === "disconnectAwsDiagnosticsAction") {
        // Documented to take no input: it answers ok, and with nothing connected changes nothing.
        expect(await call(value)).toEqual({ ok: true });
        return;
      }
      await expectRefusal(() => call(value), value);
    };
    describe(name, () => {
      if (shallow) {
        it(
          `refuses ${shallowRuns.toLocaleString("en-US")} hostile or broken inputs in words`,
          { timeout: 300_000 },
          () => fuzz(`${name} (refused early)`, shallow, shallowRuns, refused),
        );
      }
      if (deep) {
        it(
          `refuses ${deepRuns.toLocaleString("en-US")} inputs that reach the database, storing nothing`,
          { timeout: 300_000 },
          () => fuzz(`${name} (refused after lookups)`, deep, deepRuns, refused),
        );
      }
    });
  }
});
