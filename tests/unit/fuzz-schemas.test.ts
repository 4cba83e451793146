// Property-based fuzzing of every zod schema exported from lib/ and the parse helpers around them
// (issue #6): 10,000 generated inputs each — malformed, oversized, wrong types, control and
// unicode characters, prototype-pollution keys, and near-valid variants of a real input with one
// field changed. Each must come back as a validation result (never an exception), its messages
// plain words that echo neither a secret nor a long input, and Object.prototype must stay as it was.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { productionAccessRequestSchema } from "@/lib/aws/production-access";
import { smtpUserNameSchema } from "@/lib/aws/smtp-credentials";
import { Secret } from "@/lib/crypto/secret";
import { awsRegionSchema, domainNameSchema, newSendingDomainSchema, sendRateSchema } from "@/lib/data/sending-domains";
import {
  accessKeyIdSchema,
  awsAccessKeyRequestSchema,
  awsFieldErrors,
  connectAwsDiagnosticsRequestSchema,
  secretAccessKeySchema,
  sesRegionSchema,
} from "@/lib/email-settings/aws-requests";
import {
  addSendingDomainRequestSchema,
  parseRecipient,
  parseReplacementCredential,
  parseSettings,
  replaceCredentialRequestSchema,
  testSendRequestSchema,
} from "@/lib/email-settings/requests";
import { testRecipientSchema } from "@/lib/email-settings/sending-domain-setup";
import {
  describeScenarioProblems,
  parseSesSimulatorScenario,
  SesSimulatorScenarioError,
  sesSimulatorScenarioSchema,
} from "@/lib/ses-simulator/scenario";
import {
  CREDENTIAL_FIELDS,
  CREDENTIAL_STEPS,
  checkCredentials,
  connectionStepSchema,
  credentialErrorsFromZod,
  credentialsStepSchema,
  findingsFromZodError,
  regionStepSchema,
  senderStepSchema,
  sesSmtpSettingsSchema,
} from "@/lib/ses/credential-checks";
import { diagnose } from "@/lib/ses/diagnose";
import { parseSesCostInput, sesCostInputSchema } from "@/lib/ses/pricing";
import { SES_REGIONS } from "@/lib/ses/regions";
import {
  assertNoPrototypePollution,
  expectPlainWords,
  factsOf,
  hostileInputFor,
  hostileShortString,
  hostileString,
  hostileValue,
  longString,
  materialize,
  nearString,
  secretLeak,
  trapObject,
} from "../support/hostile-inputs";
import {
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_SECRET_ACCESS_KEY,
  EXAMPLE_SMTP_PASSWORD,
  SES_REPLY_CORPUS,
} from "./fixtures/ses-replies";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SMTP_REGIONS = SES_REGIONS.filter((region) => region.smtp !== "not-offered").map((region) => region.code);
const UUID = "4b1c1a52-0c2f-4d35-9a43-3f2f3c1d9b10";

// ---- Valid examples, each mutated one field at a time --------------------------------------

const VALID_SETTINGS = {
  domain: "example.com",
  fromAddress: "hello@example.com",
  region: "us-east-1",
  host: "email-smtp.us-east-1.amazonaws.com",
  port: 587,
  username: EXAMPLE_ACCESS_KEY_ID,
  password: EXAMPLE_SMTP_PASSWORD,
};
const VALID_CREDENTIAL = {
  host: VALID_SETTINGS.host,
  port: "465",
  username: VALID_SETTINGS.username,
  password: VALID_SETTINGS.password,
};
const VALID_PRODUCTION_ACCESS = {
  mailType: "TRANSACTIONAL",
  websiteUrl: "https://example.com/about",
  useCaseDescription: "Receipts and sign-in links, about 2,000 a day; bounces are removed at once.",
  additionalContactEmailAddresses: ["ops@example.com", "cto@example.com"],
  contactLanguage: "EN",
};
const VALID_COST_INPUT = {
  emailsPerMonth: "50,000",
  attachmentGbPerMonth: 0.5,
  plan: "essentials",
  providerPricePer1000: "$0.80",
};
const VALID_ACCESS_KEY = { accessKeyId: EXAMPLE_ACCESS_KEY_ID, secretAccessKey: EXAMPLE_SECRET_ACCESS_KEY };
/** Every part of a scenario once (users with and without keys, tags, permissions, faults, a request). */
const VALID_SCENARIO = {
  $comment: "fuzz",
  accountId: "123456789012",
  defaultRegion: "us-east-1",
  sandbox: false,
  sendingPaused: false,
  enforcementStatus: "HEALTHY",
  maxSendRate: 14,
  max24HourSend: -1,
  sentLast24Hours: 3,
  identities: { "us-east-1": ["example.com", "demo@inflowave.test"], "eu-west-1": ["example.com"] },
  pendingIdentities: { "us-east-1": ["customer@example.org"] },
  productionAccessRequest: {
    mailType: "TRANSACTIONAL",
    websiteUrl: "https://example.com",
    contactLanguage: "EN",
    useCaseDescription: "Receipts.",
    additionalContactEmailAddresses: ["ops@example.com"],
    reviewStatus: "PENDING",
    caseId: "12345678901",
  },
  throttleApiCalls: false,
  faults: { noBanner: false, tlsHandshakeFailure: false, closeAfterAuth: false, dropDuringData: true },
  users: [
    {
      name: "ses-smtp-user.20260101-120000",
      accessKeyId: "AKIASIMULATOR0000001",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIMULATOR1",
      sendingPolicy: "inline",
      tags: { InvokedBy: "SESConsole" },
      permissions: ["ses:GetAccount", "iam:*"],
    },
    { name: "iam-only-user", sendingPolicy: "none" },
  ],
};

/** Hostile input for a single value: near variants of a valid one, or anything. */
const hostileFor = (valid: string | number) =>
  fc.oneof(
    { weight: 3, arbitrary: typeof valid === "string" ? nearString(valid) : hostileInputFor({ value: valid }) },
    { weight: 2, arbitrary: hostileValue },
  );

// ---- Checks ------------------------------------------------------------------------------------

interface Secrets {
  /** Values that must never come back in words. */
  secrets: unknown[];
  /** The rest of the input's text, which output may quote (a piece of a secret found there is no leak). */
  others?: string[];
}

/** The values under a key that says password or secret, and every other string of the input. */
function secretsIn(input: unknown): Secrets {
  const secrets: string[] = [];
  const others: string[] = [];
  const stack: unknown[] = [input];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") others.push(value);
    if (typeof value !== "object" || value === null || seen.has(value)) continue;
    seen.add(value);
    try {
      for (const [key, item] of Object.entries(value)) {
        others.push(key);
        const revealed = item instanceof Secret ? item.reveal() : item;
        if (/password|secret/i.test(key) && typeof revealed === "string") secrets.push(revealed);
        else stack.push(item);
      }
    } catch {
      // A trap object: nothing to read.
    }
  }
  return { secrets, others };
}

interface Outcome {
  ok: boolean;
  /** Words for a person: must be plain words when the outcome is a failure. */
  messages: unknown[];
  /** Any other text the caller shows or logs: must not leak a secret either. */
  texts?: string[];
}

const timings: string[] = [];

interface FuzzOptions<T> {
  /** The values in the input that must never come back; by default those under a password/secret key. */
  secrets?: (input: T) => Secrets;
  /**
   * The part of the input no caller vouches for, which must not be echoed at length; by default
   * all of it. (A diagnosis names back its context, which callers build from checked settings.)
   */
  untrusted?: (input: T) => unknown;
  /** See MessageOptions. */
  echoWindow?: number;
  maxLength?: number;
}

/** A counterexample short enough to read (inputs run to 100 kB). */
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
 * Runs `check` on RUNS generated inputs. It must return (not throw); a failure must carry at
 * least one message, every message plain words; no secret in the input may come back; no
 * built-in prototype may change.
 */
function fuzz<T>(name: string, input: fc.Arbitrary<T>, check: (input: T) => Outcome, options: FuzzOptions<T> = {}) {
  const { secrets = secretsIn, untrusted, echoWindow, maxLength } = options;
  it(`${name}: ${RUNS.toLocaleString("en-US")} hostile inputs`, { timeout: 60_000 }, () => {
    const started = performance.now();
    const details = fc.check(
      fc.property(input, (generated) => {
        const value = materialize(generated);
        const outcome = check(value);
        if (!outcome.ok) {
          if (outcome.messages.length === 0) throw new Error("a failure without a message");
          const facts = factsOf(value, { echoWindow, maxLength });
          if (untrusted) facts.longPieces = factsOf(untrusted(value), { echoWindow }).longPieces;
          expectPlainWords(outcome.messages, facts);
        }
        const texts = [...outcome.messages.filter((m): m is string => typeof m === "string"), ...(outcome.texts ?? [])];
        const { secrets: hidden, others } = secrets(value);
        const leak = secretLeak(texts, hidden, others);
        if (leak) throw new Error(`Leaked ${leak}`);
        assertNoPrototypePollution();
      }),
      { numRuns: RUNS },
    );
    timings.push(`${name}: ${Math.round(performance.now() - started)} ms`);
    if (details.failed) {
      const error =
        details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
      throw new Error(
        `${name} failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}"):\n` +
          `${error.slice(0, 3_000)}\nCounterexample: ${shortened(details.counterexample)}`,
      );
    }
  });
}

/** safeParse as a check: the issues' messages are the words. */
function parsed(result: z.ZodSafeParseResult<unknown>): Outcome {
  if (result.success) return { ok: true, messages: [] };
  return { ok: false, messages: result.error.issues.map((issue) => issue.message) };
}

afterAll(() => {
  // Run times per target, for the issue's "keep it fast" (vitest prints console output on failure
  // and with --reporter=verbose).
  console.info(`fuzz-schemas timings:\n${timings.join("\n")}`);
});

describe("the valid examples are valid (so near-valid means one change from valid)", () => {
  it.each([
    ["sesSmtpSettingsSchema", sesSmtpSettingsSchema, VALID_SETTINGS],
    ["productionAccessRequestSchema", productionAccessRequestSchema, VALID_PRODUCTION_ACCESS],
    ["sesCostInputSchema", sesCostInputSchema, VALID_COST_INPUT],
    ["awsAccessKeyRequestSchema", awsAccessKeyRequestSchema, VALID_ACCESS_KEY],
    ["sesSimulatorScenarioSchema", sesSimulatorScenarioSchema, VALID_SCENARIO],
    ["newSendingDomainSchema", newSendingDomainSchema, { domain: "Mail.Example.com", region: "eu-west-1" }],
  ] as const)("%s", (_name, schema, valid) => {
    expect(schema.safeParse(valid).error?.issues).toBeUndefined();
  });
});

describe("SES SMTP settings", () => {
  const settings = fc.oneof(
    { weight: 8, arbitrary: hostileInputFor(VALID_SETTINGS) },
    { weight: 1, arbitrary: trapObject },
  );
  const steps = {
    senderStepSchema,
    regionStepSchema,
    connectionStepSchema,
    credentialsStepSchema,
    sesSmtpSettingsSchema,
  };
  for (const [name, schema] of Object.entries(steps)) {
    fuzz(name, settings, (input) => {
      const result = schema.safeParse(input);
      if (result.success) {
        // A parsed password is a Secret, never plain text in the output.
        const output = result.data as { password?: unknown };
        if ("password" in output) expect(output.password).toBeInstanceOf(Secret);
        return { ok: true, messages: [] };
      }
      const errors = credentialErrorsFromZod(result.error);
      const findings = findingsFromZodError(result.error);
      const fixes = findings.flatMap((finding) => (finding.fix ? [finding.fix] : []));
      return {
        ok: false,
        messages: [...result.error.issues.map((issue) => issue.message), ...fixes],
        texts: [...Object.values(errors.fieldErrors).flat(), ...errors.formErrors],
      };
    });
  }

  fuzz(
    "checkCredentials (all fields, and as typed)",
    fc.tuple(settings, fc.boolean()),
    ([input, all]) => {
      const check = checkCredentials(input as never, all ? CREDENTIAL_FIELDS : undefined);
      expect(check.ok).toBe(!check.findings.some((finding) => finding.severity === "error"));
      const words = check.findings.flatMap((finding) => [finding.message, ...(finding.fix ? [finding.fix] : [])]);
      // Warnings and notices are words too, on success as much as on failure.
      expectPlainWords(words, factsOf(input));
      const cleaned = Object.values(check.cleaned).filter((value): value is string => typeof value === "string");
      return { ok: check.ok, messages: check.ok ? [] : words, texts: [...words, ...cleaned] };
    },
    { secrets: ([input]) => secretsIn(input) },
  );

  fuzz(
    "checkCredentials (one step)",
    fc.tuple(settings, fc.constantFrom(...Object.values(CREDENTIAL_STEPS))),
    ([input, fields]) => {
      const check = checkCredentials(input as never, fields);
      const words = check.findings.flatMap((finding) => [finding.message, ...(finding.fix ? [finding.fix] : [])]);
      expect(check.findings.every((finding) => (fields as readonly string[]).includes(finding.field))).toBe(true);
      return { ok: check.ok, messages: words };
    },
    { secrets: ([input]) => secretsIn(input) },
  );

  fuzz("parseSettings", settings, (input) => {
    const result = parseSettings(input);
    if (result.ok) return { ok: true, messages: [] };
    return {
      ok: false,
      messages: [...Object.values(result.fieldErrors).flat(), ...(result.formError ? [result.formError] : [])],
    };
  });

  fuzz(
    "parseReplacementCredential",
    // The region is the saved domain's, which passed the full settings check: a real SMTP region.
    fc.tuple(hostileInputFor(VALID_CREDENTIAL), fc.constantFrom(...SMTP_REGIONS)),
    ([credential, region]) => {
      const result = parseReplacementCredential(credential, region);
      if (result.ok) {
        expect(result.value.password).toBeInstanceOf(Secret);
        return { ok: true, messages: [] };
      }
      return { ok: false, messages: Object.values(result.fieldErrors).flat() };
    },
    { secrets: ([credential]) => secretsIn(credential) },
  );

  fuzz("parseRecipient", hostileFor("you@example.com"), (input) => {
    const result = parseRecipient(input);
    return result.ok ? { ok: true, messages: [] } : { ok: false, messages: Object.values(result.fieldErrors).flat() };
  });
  fuzz("testRecipientSchema", hostileFor("you@example.com"), (input) => parsed(testRecipientSchema.safeParse(input)));
});

describe("request envelopes", () => {
  fuzz(
    "testSendRequestSchema",
    fc.oneof(
      hostileInputFor({ kind: "unsaved", settings: VALID_SETTINGS, to: "you@example.com" }),
      hostileInputFor({ kind: "saved", sendingDomainId: UUID, to: "you@example.com" }),
      hostileInputFor({ kind: "replacement", sendingDomainId: UUID, credential: VALID_CREDENTIAL, to: "a@b.co" }),
    ),
    (input) => parsed(testSendRequestSchema.safeParse(input)),
  );
  fuzz(
    "addSendingDomainRequestSchema",
    hostileInputFor({ settings: { ...VALID_SETTINGS, provisionedCredentialId: UUID }, testSendId: UUID }),
    (input) => parsed(addSendingDomainRequestSchema.safeParse(input)),
  );
  fuzz(
    "replaceCredentialRequestSchema",
    hostileInputFor({ sendingDomainId: UUID, credential: VALID_CREDENTIAL, testSendId: UUID }),
    (input) => parsed(replaceCredentialRequestSchema.safeParse(input)),
  );
});

describe("sending domains", () => {
  fuzz("domainNameSchema", hostileFor("mail.example.com"), (input) => parsed(domainNameSchema.safeParse(input)));
  fuzz("awsRegionSchema", hostileFor("us-east-1"), (input) => parsed(awsRegionSchema.safeParse(input)));
  fuzz(
    "newSendingDomainSchema",
    hostileInputFor({ domain: "mail.example.com", region: "us-east-1", fromAddress: "hello@mail.example.com" }),
    (input) => parsed(newSendingDomainSchema.safeParse(input)),
  );
  fuzz("sendRateSchema", fc.oneof(hostileFor(14), hostileFor("0.5"), hostileFor("1000")), (input) =>
    parsed(sendRateSchema.safeParse(input)),
  );
});

describe("AWS account requests", () => {
  fuzz("accessKeyIdSchema", hostileFor(EXAMPLE_ACCESS_KEY_ID), (input) => parsed(accessKeyIdSchema.safeParse(input)));
  fuzz(
    "secretAccessKeySchema",
    hostileFor(EXAMPLE_SECRET_ACCESS_KEY),
    (input) => parsed(secretAccessKeySchema.safeParse(input)),
    { secrets: (input) => ({ secrets: [input] }) },
  );
  fuzz("awsAccessKeyRequestSchema", hostileInputFor(VALID_ACCESS_KEY), (input) => {
    const result = awsAccessKeyRequestSchema.safeParse(input);
    if (result.success) return { ok: true, messages: [] };
    return { ok: false, messages: Object.values(awsFieldErrors(result.error)).flat() };
  });
  fuzz(
    "connectAwsDiagnosticsRequestSchema",
    fc.oneof(
      hostileInputFor({ source: "access_key", ...VALID_ACCESS_KEY }),
      hostileInputFor({ source: "default_chain" }),
    ),
    (input) => parsed(connectAwsDiagnosticsRequestSchema.safeParse(input)),
  );
  fuzz("sesRegionSchema", hostileFor("eu-west-1"), (input) => parsed(sesRegionSchema.safeParse(input)));
  fuzz("smtpUserNameSchema", hostileFor("ses-smtp-inflowave"), (input) => parsed(smtpUserNameSchema.safeParse(input)));
  fuzz("productionAccessRequestSchema", hostileInputFor(VALID_PRODUCTION_ACCESS), (input) =>
    parsed(productionAccessRequestSchema.safeParse(input)),
  );
});

describe("pricing", () => {
  fuzz("sesCostInputSchema", hostileInputFor(VALID_COST_INPUT), (input) => parsed(sesCostInputSchema.safeParse(input)));
  fuzz("parseSesCostInput", hostileInputFor(VALID_COST_INPUT), (input) => {
    const result = parseSesCostInput(input);
    if (result.ok) return { ok: true, messages: [] };
    return { ok: false, messages: [result.formError, ...Object.values(result.fieldErrors).flat()] };
  });
});

describe("SES simulator scenarios", () => {
  fuzz("sesSimulatorScenarioSchema", hostileInputFor(VALID_SCENARIO), (input) => {
    const result = sesSimulatorScenarioSchema.safeParse(input);
    // People see the issues as describeScenarioProblems words them (zod's own "Unrecognized key"
    // message would quote a key of any length).
    return result.success
      ? { ok: true, messages: [] }
      : { ok: false, messages: describeScenarioProblems(result.error) };
  });
  fuzz("parseSesSimulatorScenario", hostileInputFor(VALID_SCENARIO), (input) => {
    try {
      parseSesSimulatorScenario(input);
      return { ok: true, messages: [] };
    } catch (error) {
      // Its documented way to fail: an error naming each bad field.
      if (!(error instanceof SesSimulatorScenarioError)) throw error;
      return { ok: false, messages: [...error.problems] };
    }
  });
});

describe("diagnose", () => {
  const corpusInput = fc.constantFrom(...SES_REPLY_CORPUS.map((entry) => entry.input));
  const corpusText = fc.constantFrom(
    ...SES_REPLY_CORPUS.flatMap((entry) => (typeof entry.input === "string" ? [entry.input] : [])),
  );
  const input = fc.oneof(
    hostileString,
    corpusText.chain((text) => nearString(text)),
    corpusInput,
    hostileValue,
    trapObject,
    longString(10_000, 100_000),
  );
  const context = fc.oneof(
    fc.constant(undefined),
    hostileInputFor({ ...VALID_SETTINGS, toAddress: "you@example.com", stage: "auth", tlsEstablished: true }),
    trapObject,
  );

  // A diagnosis quotes what it explains: the reply (capped at 200 characters), the identities SES
  // named (each at most 254, an address's longest), so its summary may run longer than a field's.
  const DIAGNOSIS_WORDS = { echoWindow: 255, maxLength: 2_000 };

  const texts = (diagnosis: ReturnType<typeof diagnose>) => [
    diagnosis.title,
    diagnosis.summary,
    ...diagnosis.reasons,
    ...diagnosis.fixSteps,
  ];

  fuzz(
    "diagnose (any input, any context)",
    fc.tuple(input, context),
    ([error, settings]) => {
      const diagnosis = diagnose(error, settings as never);
      expect(diagnosis.raw.length).toBeLessThanOrEqual(2_001);
      // Always words, whatever came in.
      return { ok: false, messages: texts(diagnosis), texts: [diagnosis.raw, diagnosis.reply?.text ?? ""] };
    },
    {
      // The context's password is the secret; the error itself may be quoted back (not at length).
      secrets: ([error, settings]) => ({
        secrets: secretsIn(settings).secrets,
        others: secretsIn([error, settings]).others,
      }),
      untrusted: ([error]) => error,
      ...DIAGNOSIS_WORDS,
      // The context is named back whole (callers pass checked settings): no length limit here.
      maxLength: Number.POSITIVE_INFINITY,
    },
  );

  // The password the person typed, pasted back inside the error text as a word of its own (after
  // any space of the text, with any amount of text around it): it must be hidden from every text
  // of the diagnosis. (Glued inside another token, e.g. an ARN's "user/<password>", a parser may
  // split it at its "/" and show a piece: not a way real errors carry a password, so not tested.)
  const password = fc.oneof(
    fc.constant(EXAMPLE_SMTP_PASSWORD),
    fc.constant(EXAMPLE_SECRET_ACCESS_KEY),
    fc.string({ unit: "grapheme-ascii", minLength: 12, maxLength: 60 }).filter((s) => /^\S+$/.test(s)),
  );
  const filler = fc.oneof(hostileShortString, longString(1, 3_000));
  fuzz(
    "diagnose hides the password wherever it appears",
    fc
      .tuple(password, corpusText, filler, filler, fc.integer({ min: 0, max: 3 }), fc.nat())
      .map(([secret, text, before, after, shape, at]) => {
        const spaces = [0, ...[...text.matchAll(/\s/g)].map((match) => match.index + 1), text.length];
        const cut = spaces[at % spaces.length] ?? 0;
        const withSecret = `${text.slice(0, cut)} ${before} ${secret} ${after} ${text.slice(cut)}`;
        const error =
          shape === 0
            ? withSecret
            : shape === 1
              ? { message: withSecret, code: "EAUTH", responseCode: 535, command: "AUTH PLAIN" }
              : shape === 2
                ? { message: "Invalid login", response: withSecret, responseCode: 535 }
                : { name: "MessageRejected", message: withSecret, $metadata: {} };
        // What the error says besides the password may come back quoted.
        return { secret, error, others: [text, before, after] };
      }),
    ({ secret, error }) => {
      const diagnosis = diagnose(error, { ...VALID_SETTINGS, password: secret });
      return { ok: false, messages: texts(diagnosis), texts: [diagnosis.raw, diagnosis.reply?.text ?? ""] };
    },
    { secrets: ({ secret, others }) => ({ secrets: [secret], others }), ...DIAGNOSIS_WORDS },
  );
});
