// The world the simulator pretends to be: one AWS account, its IAM users (with their access keys,
// sending policy and API permissions), the identities verified or pending in each region, sandbox
// status, quotas, enforcement and a production-access request; and SMTP faults to inject on purpose.
// Scenarios are JSON files people edit by hand, so every error names the field it is about.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { LONG_TERM_ACCESS_KEY_ID, TEMPORARY_ACCESS_KEY_ID } from "../ses/credential-shapes";
import { findSesRegion } from "../ses/regions";

/** How a user may send email over SMTP (ses:SendRawEmail), as the SES console set it up. */
export type SendingPolicy = "inline" | "group" | "none";
export const SENDING_POLICIES = ["inline", "group", "none"] as const satisfies readonly SendingPolicy[];

/**
 * An IAM user. With an access key it can sign in over SMTP (the key id is the user name) and call
 * the simulated AWS API; without one (`accessKeyId` and `secretAccessKey` both left out) it only
 * exists in IAM, as after CreateUser. CreateAccessKey adds keys at run time (two at most).
 */
export interface SimulatedIamUser {
  /** The IAM user name: it appears in the user ARN of an "Access denied" reply. */
  name: string;
  /** The SMTP user name. A temporary ASIA… id is allowed here, so a scenario can show that SES refuses it. */
  accessKeyId?: string;
  /** The secret the SMTP passwords are derived from (SigV4, per region) and API requests are signed with. */
  secretAccessKey?: string;
  /**
   * Where the user's ses:SendRawEmail permission comes from: "inline" = the console's result before
   * September 2024 (inline user policy AmazonSesSendingAccess, tag InvokedBy=SESConsole); "group" =
   * member of AWSSESSendingGroupDoNotRename, whose inline policy AmazonSesSendingAccess allows it
   * (today's console); "none" = no sending permission, so every message gets 554 Access denied.
   */
  sendingPolicy: SendingPolicy;
  /** IAM tags, e.g. { "InvokedBy": "SESConsole" }. */
  tags?: Record<string, string>;
  /** IAM action patterns the user is allowed besides its policies (e.g. "ses:GetAccount", "iam:*", "*"). */
  permissions?: string[];
}

export type EnforcementStatus = "HEALTHY" | "PROBATION" | "SHUTDOWN";
export type ReviewStatus = "PENDING" | "FAILED" | "GRANTED" | "DENIED";
export type MailType = "MARKETING" | "TRANSACTIONAL";
export type ContactLanguage = "EN" | "JA";

/** A request for production access (SES v2 PutAccountDetails) and the state of its review. */
export interface ProductionAccessRequest {
  mailType: MailType;
  websiteUrl: string;
  contactLanguage: ContactLanguage;
  useCaseDescription?: string;
  additionalContactEmailAddresses?: string[];
  reviewStatus: ReviewStatus;
  /** The support case of the review. */
  caseId: string;
}

/**
 * Failures the SMTP side produces on purpose, so a client's handling of a broken session can be
 * tested. All off unless set; each acts on every SMTP connection (both ports) while it is set.
 */
export interface SmtpFaults {
  /** Never send the 220 greeting: the connection stays open and silent until the client gives up. */
  noBanner: boolean;
  /**
   * The TLS handshake fails: the server presents a certificate for another name (signed by the
   * simulator's CA, so only the name is wrong), and the client refuses it, as it would a
   * misrouted host or an intercepting proxy. Needs a client that sends a server name (SNI).
   */
  tlsHandshakeFailure: boolean;
  /** After a successful AUTH (235), the server closes the connection. */
  closeAfterAuth: boolean;
  /** The server drops the TCP connection (a reset) once part of the message has arrived after DATA. */
  dropDuringData: boolean;
}

export const SMTP_FAULT_NAMES = [
  "noBanner",
  "tlsHandshakeFailure",
  "closeAfterAuth",
  "dropDuringData",
] as const satisfies readonly (keyof SmtpFaults)[];

export interface SesSimulatorScenario {
  /** The 12-digit AWS account id used in ARNs. */
  accountId: string;
  /** The region of a connection whose TLS server name (SNI) names no SES SMTP host. */
  defaultRegion: string;
  /** Sandbox: recipients must be verified too, and the quota defaults to 1 message/s and 200 per 24 h. */
  sandbox: boolean;
  /** The account's sending is paused (an enforcement action): every message gets 554. */
  sendingPaused: boolean;
  /** What SES v2 GetAccount reports as EnforcementStatus (informational: sendingPaused is what stops mail). */
  enforcementStatus: EnforcementStatus;
  /** Recipients per second, per region; -1 = unlimited. */
  maxSendRate: number;
  /** Recipients per rolling 24 hours, per region; -1 = unlimited. */
  max24HourSend: number;
  /**
   * Recipients taken as already sent in the rolling 24 hours in every region, added to the
   * simulator's own count: GetSendQuota reports the sum and the SMTP daily quota counts it.
   */
  sentLast24Hours: number;
  /** Verified identities (addresses or domains) by region code. A domain also covers its subdomains. */
  identities: Record<string, string[]>;
  /** Identities whose verification is still pending, by region: they exist but cannot be used for sending. */
  pendingIdentities: Record<string, string[]>;
  /** The last production-access request, if any (SES v2 GetAccount's Details). */
  productionAccessRequest?: ProductionAccessRequest;
  /** Every AWS API call answers with throttling (SES/IAM "Throttling", SES v2 TooManyRequestsException). */
  throttleApiCalls: boolean;
  /** SMTP failures to produce on purpose; left out (or all false) = none. */
  faults?: SmtpFaults;
  users: SimulatedIamUser[];
}

/** SES's documented sandbox quota. */
export const SANDBOX_SENDING_QUOTA = { maxSendRate: 1, max24HourSend: 200 } as const;
/**
 * A typical quota right after production access is granted. AWS publishes no default ("varies
 * based on your specific use case"); these are the numbers people report.
 */
export const PRODUCTION_SENDING_QUOTA = { maxSendRate: 14, max24HourSend: 50_000 } as const;

/** A value as a problem quotes it: a long one is cut, so a pasted blob is not printed back whole. */
function quoted(value: unknown): string {
  const text = String(value);
  return `"${text.length > 80 ? `${text.slice(0, 80)}…` : text}"`;
}

const regionCode = z.string().refine((code) => findSesRegion(code) !== undefined, {
  error: (issue) => `${quoted(issue.input)} is not an AWS region where Amazon SES runs (e.g. us-east-1)`,
});

const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const identity = z
  .string()
  .trim()
  .refine((value) => EMAIL_ADDRESS.test(value) || DOMAIN.test(value), {
    error: (issue) => `${quoted(issue.input)} is neither an email address nor a domain`,
  });

const quota = (what: string) =>
  z
    .number({ error: `must be a number (${what}; -1 = unlimited)` })
    .refine((value) => value > 0 || value === -1, { error: `must be above 0, or -1 for unlimited (${what})` });

/** IAM's rule for user and group names. */
export const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
/** An IAM action pattern: "*", or service:Action where the action may use * and ? wildcards. */
export const IAM_ACTION_PATTERN = /^(?:\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/;
/** SES v2's pattern for WebsiteURL (PutAccountDetails). */
export const WEBSITE_URL = /^https?:\/\/[^\s]{1,993}$/i;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;

const userSchema = z
  .strictObject({
    $comment: z.string().optional(),
    name: z
      .string({ error: "must be the IAM user name, e.g. ses-smtp-user.20240101-120000" })
      .regex(IAM_NAME, "must be an IAM user name: 1–64 letters, digits and + = , . @ _ -"),
    accessKeyId: z
      .string({ error: "must be an access key id such as AKIAIOSFODNN7EXAMPLE" })
      .refine((value) => LONG_TERM_ACCESS_KEY_ID.test(value) || TEMPORARY_ACCESS_KEY_ID.test(value), {
        error: "must be an access key id: AKIA (or ASIA for a temporary key) followed by 16 capitals or digits",
      })
      .optional(),
    secretAccessKey: z
      .string({ error: "must be the user's secret access key (any text without spaces; AWS's are 40 characters)" })
      .regex(/^\S+$/, "must not be empty or contain spaces")
      .optional(),
    sendingPolicy: z
      .enum(SENDING_POLICIES, {
        error:
          'must be "inline" (inline user policy, before September 2024), "group" (member of AWSSESSendingGroupDoNotRename) or "none"',
      })
      .default("group"),
    tags: z
      .record(
        z.string().regex(TAG_KEY, "must be a tag key: 1–128 letters, digits, spaces and _ . : / = + - @"),
        // Lengths in a pipe, here and below: see lib/validation/bounded-string.ts.
        z
          .string({ error: "must be the tag's value, as a string" })
          .pipe(z.string().max(256, "must be at most 256 characters")),
      )
      .refine((tags) => Object.keys(tags).length <= 50, { error: "must hold at most 50 tags" })
      .optional(),
    permissions: z
      .array(
        z
          .string({ error: 'must be an IAM action such as "ses:GetAccount", "iam:*" or "*"' })
          .regex(IAM_ACTION_PATTERN, 'must be an IAM action such as "ses:GetAccount", "iam:*" or "*"'),
      )
      .optional(),
  })
  .superRefine((user, context) => {
    if (user.accessKeyId !== undefined && user.secretAccessKey === undefined) {
      context.addIssue({
        code: "custom",
        path: ["secretAccessKey"],
        message: "is missing: a user with an accessKeyId needs its secretAccessKey",
      });
    }
    if (user.secretAccessKey !== undefined && user.accessKeyId === undefined) {
      context.addIssue({
        code: "custom",
        path: ["accessKeyId"],
        message: "is missing: a user with a secretAccessKey needs its accessKeyId",
      });
    }
  });

const productionAccessRequestSchema = z.strictObject({
  $comment: z.string().optional(),
  mailType: z.enum(["MARKETING", "TRANSACTIONAL"], { error: 'must be "MARKETING" or "TRANSACTIONAL"' }),
  websiteUrl: z
    .string({ error: "must be the website's URL, e.g. https://example.com" })
    .regex(WEBSITE_URL, "must be an http:// or https:// URL of at most 1000 characters"),
  contactLanguage: z.enum(["EN", "JA"], { error: 'must be "EN" or "JA"' }).default("EN"),
  useCaseDescription: z
    .string({ error: "must be text" })
    .pipe(z.string().max(5000, "must be at most 5000 characters"))
    .optional(),
  additionalContactEmailAddresses: z
    .array(z.unknown())
    .pipe(
      z
        .array(z.string().regex(EMAIL_ADDRESS, "must be an email address"))
        .min(1, "must list 1 to 4 addresses, or be left out")
        .max(4, "must list 1 to 4 addresses"),
    )
    .optional(),
  reviewStatus: z
    .enum(["PENDING", "FAILED", "GRANTED", "DENIED"], { error: 'must be "PENDING", "FAILED", "GRANTED" or "DENIED"' })
    .default("PENDING"),
  caseId: z
    .string({ error: "must be the support case id, as a string" })
    .regex(/^\S+$/, "must not be empty")
    .default("12345678901"),
});

const fault = (what: string) => z.boolean({ error: `must be true or false (true: ${what})` }).default(false);

const faultsSchema = z.strictObject(
  {
    $comment: z.string().optional(),
    noBanner: fault("never send the 220 greeting"),
    tlsHandshakeFailure: fault("present a certificate for another name"),
    closeAfterAuth: fault("close the connection right after a successful AUTH"),
    dropDuringData: fault("drop the connection part-way through the message"),
  },
  { error: 'must be an object of SMTP faults, e.g. { "dropDuringData": true }' },
);

const identitiesByRegion = z.record(regionCode, z.array(identity)).default({});

const scenarioInputSchema = z
  .strictObject({
    $comment: z.union([z.string(), z.array(z.string())]).optional(),
    accountId: z
      .string({ error: "must be the 12-digit AWS account id, as a string" })
      .regex(/^\d{12}$/, "must be 12 digits"),
    defaultRegion: regionCode,
    sandbox: z.boolean({ error: "must be true or false" }).default(true),
    sendingPaused: z.boolean({ error: "must be true or false" }).default(false),
    enforcementStatus: z
      .enum(["HEALTHY", "PROBATION", "SHUTDOWN"], { error: 'must be "HEALTHY", "PROBATION" or "SHUTDOWN"' })
      .default("HEALTHY"),
    maxSendRate: quota("recipients per second").optional(),
    max24HourSend: quota("recipients per 24 hours").optional(),
    sentLast24Hours: z
      .number({ error: "must be a number of recipients (0 or more)" })
      .int("must be a whole number")
      .min(0, "must be 0 or more")
      .default(0),
    identities: identitiesByRegion,
    pendingIdentities: identitiesByRegion,
    productionAccessRequest: productionAccessRequestSchema.optional(),
    throttleApiCalls: z.boolean({ error: "must be true or false" }).default(false),
    faults: faultsSchema.optional(),
    users: z.array(z.unknown()).pipe(z.array(userSchema).min(1, "must list at least one IAM user")),
  })
  .superRefine((scenario, context) => {
    const seenKeys = new Map<string, number>();
    const seenNames = new Map<string, number>();
    scenario.users.forEach((user, index) => {
      if (user.accessKeyId !== undefined) {
        const first = seenKeys.get(user.accessKeyId);
        if (first !== undefined) {
          context.addIssue({
            code: "custom",
            path: ["users", index, "accessKeyId"],
            message: `"${user.accessKeyId}" is already the access key of users[${first}]`,
          });
        } else seenKeys.set(user.accessKeyId, index);
      }
      // IAM user names are unique regardless of case.
      const name = user.name.toLowerCase();
      const first = seenNames.get(name);
      if (first !== undefined) {
        context.addIssue({
          code: "custom",
          path: ["users", index, "name"],
          message: `"${user.name}" is already the name of users[${first}] (IAM user names ignore case)`,
        });
      } else seenNames.set(name, index);
    });
    for (const [region, pending] of Object.entries(scenario.pendingIdentities)) {
      const verified = new Set((scenario.identities[region] ?? []).map((entry) => entry.toLowerCase()));
      pending.forEach((entry, index) => {
        if (verified.has(entry.toLowerCase())) {
          context.addIssue({
            code: "custom",
            path: ["pendingIdentities", region, index],
            message: `${quoted(entry)} is also listed as verified in identities["${region}"]`,
          });
        }
      });
    }
  });

/** Validates a scenario and fills in the defaults (the quota follows `sandbox` unless given). */
export const sesSimulatorScenarioSchema: z.ZodType<SesSimulatorScenario> = scenarioInputSchema.transform(
  ({
    $comment: _comment,
    maxSendRate,
    max24HourSend,
    users,
    productionAccessRequest,
    faults,
    ...scenario
  }): SesSimulatorScenario => {
    const quotaDefaults = scenario.sandbox ? SANDBOX_SENDING_QUOTA : PRODUCTION_SENDING_QUOTA;
    const request =
      productionAccessRequest && (({ $comment: _requestComment, ...rest }) => rest)(productionAccessRequest);
    return {
      ...scenario,
      maxSendRate: maxSendRate ?? quotaDefaults.maxSendRate,
      max24HourSend: max24HourSend ?? quotaDefaults.max24HourSend,
      ...(request ? { productionAccessRequest: request } : {}),
      ...(faults ? { faults: (({ $comment: _faultsComment, ...rest }) => rest)(faults) } : {}),
      users: users.map(({ $comment: _userComment, ...user }) => user),
    };
  },
);

/** A scenario that failed validation; the message lists each problem as "field: what is wrong". */
export class SesSimulatorScenarioError extends Error {
  override name = "SesSimulatorScenarioError";
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** users[1].accessKeyId, identities["us-east-1"][0]: how a person would point at the field. */
function describePath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (typeof key === "string" && IDENTIFIER.test(key) && key.length <= 80) text += text === "" ? key : `.${key}`;
    else text += `[${quoted(JSON.stringify(String(key)).slice(1, -1))}]`;
  }
  return text === "" ? "(the scenario)" : text;
}

function unknownFieldHint(key: string, path: readonly PropertyKey[]): string {
  if (path.length === 1 && path[0] === "faults") {
    return `unknown fault (misspelt?); the faults are ${SMTP_FAULT_NAMES.join(", ")}`;
  }
  if (key === "hasSendingPolicy") {
    return 'replaced by "sendingPolicy": "inline", "group" or "none" (true was "group", false "none")';
  }
  return "unknown field (misspelt?)";
}

/** "users[1].accessKeyId: must be …" for each issue, in the order zod found them. */
export function describeScenarioProblems(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) =>
    // A key nobody reads is usually a misspelt one ("sanbox"): name each, where it is.
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => `${describePath([...issue.path, key])}: ${unknownFieldHint(key, issue.path)}`)
      : [`${describePath(issue.path)}: ${issue.message}`],
  );
}

/** Validates an already parsed scenario; throws SesSimulatorScenarioError naming each bad field. */
export function parseSesSimulatorScenario(input: unknown, source = "scenario"): SesSimulatorScenario {
  const result = sesSimulatorScenarioSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = describeScenarioProblems(result.error);
  throw new SesSimulatorScenarioError(`Invalid SES simulator ${source}: ${problems.join("; ")}`, problems);
}

/** Reads and validates a scenario file. */
export async function loadSesSimulatorScenario(file: string): Promise<SesSimulatorScenario> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "the file does not exist" : String(error);
    throw new SesSimulatorScenarioError(`Cannot read the SES simulator scenario ${file}: ${reason}`);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new SesSimulatorScenarioError(
      `The SES simulator scenario ${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
  return parseSesSimulatorScenario(input, `scenario ${file}`);
}
