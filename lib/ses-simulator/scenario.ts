// The world the simulator pretends to be: one AWS account, its SMTP users (IAM users with an
// access key), the identities verified in each region, sandbox status, quotas and a pause flag.
// Scenarios are JSON files people edit by hand, so every error names the field it is about.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { LONG_TERM_ACCESS_KEY_ID, TEMPORARY_ACCESS_KEY_ID } from "../ses/credential-shapes";
import { findSesRegion } from "../ses/regions";

/** An IAM user with one access key, as SES's SMTP endpoint sees it. */
export interface SimulatedIamUser {
  /** The IAM user name: it appears in the user ARN of an "Access denied" reply. */
  name: string;
  /** The SMTP user name. A temporary ASIA… id is allowed here, so a scenario can show that SES refuses it. */
  accessKeyId: string;
  /** The secret the SMTP passwords are derived from (SigV4, per region). */
  secretAccessKey: string;
  /** Whether an IAM policy allows ses:SendRawEmail; without it every send gets 554 Access denied. */
  hasSendingPolicy: boolean;
}

export interface SesSimulatorScenario {
  /** The 12-digit AWS account id used in ARNs. */
  accountId: string;
  /** The region of a connection whose TLS server name (SNI) names no SES SMTP host. */
  defaultRegion: string;
  /** Sandbox: recipients must be verified too, and the quota defaults to 1 message/s and 200 per 24 h. */
  sandbox: boolean;
  /** The account's sending is paused (an enforcement action): every message gets 554. */
  sendingPaused: boolean;
  /** Recipients per second, per region; -1 = unlimited. */
  maxSendRate: number;
  /** Recipients per rolling 24 hours, per region; -1 = unlimited. */
  max24HourSend: number;
  /** Verified identities (addresses or domains) by region code. A domain also covers its subdomains. */
  identities: Record<string, string[]>;
  users: SimulatedIamUser[];
}

/** SES's documented sandbox quota. */
export const SANDBOX_SENDING_QUOTA = { maxSendRate: 1, max24HourSend: 200 } as const;
/**
 * A typical quota right after production access is granted. AWS publishes no default ("varies
 * based on your specific use case"); these are the numbers people report.
 */
export const PRODUCTION_SENDING_QUOTA = { maxSendRate: 14, max24HourSend: 50_000 } as const;

const regionCode = z.string().refine((code) => findSesRegion(code) !== undefined, {
  error: (issue) => `"${String(issue.input)}" is not an AWS region where Amazon SES runs (e.g. us-east-1)`,
});

const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const identity = z
  .string()
  .trim()
  .refine((value) => EMAIL_ADDRESS.test(value) || DOMAIN.test(value), {
    error: (issue) => `"${String(issue.input)}" is neither an email address nor a domain`,
  });

const quota = (what: string) =>
  z
    .number({ error: `must be a number (${what}; -1 = unlimited)` })
    .refine((value) => value > 0 || value === -1, { error: `must be above 0, or -1 for unlimited (${what})` });

const userSchema = z.strictObject({
  $comment: z.string().optional(),
  name: z
    .string({ error: "must be the IAM user name, e.g. ses-smtp-user.20240101-120000" })
    .regex(/^[\w+=,.@-]{1,64}$/, "must be an IAM user name: 1–64 letters, digits and + = , . @ _ -"),
  accessKeyId: z
    .string({ error: "must be an access key id such as AKIAIOSFODNN7EXAMPLE" })
    .refine((value) => LONG_TERM_ACCESS_KEY_ID.test(value) || TEMPORARY_ACCESS_KEY_ID.test(value), {
      error: "must be an access key id: AKIA (or ASIA for a temporary key) followed by 16 capitals or digits",
    }),
  secretAccessKey: z
    .string({ error: "must be the user's secret access key (any text without spaces; AWS's are 40 characters)" })
    .regex(/^\S+$/, "must not be empty or contain spaces"),
  hasSendingPolicy: z.boolean({ error: "must be true or false" }).default(true),
});

const scenarioInputSchema = z
  .strictObject({
    $comment: z.union([z.string(), z.array(z.string())]).optional(),
    accountId: z
      .string({ error: "must be the 12-digit AWS account id, as a string" })
      .regex(/^\d{12}$/, "must be 12 digits"),
    defaultRegion: regionCode,
    sandbox: z.boolean({ error: "must be true or false" }).default(true),
    sendingPaused: z.boolean({ error: "must be true or false" }).default(false),
    maxSendRate: quota("recipients per second").optional(),
    max24HourSend: quota("recipients per 24 hours").optional(),
    identities: z.record(regionCode, z.array(identity)).default({}),
    users: z.array(userSchema).min(1, "must list at least one SMTP user"),
  })
  .superRefine((scenario, context) => {
    const seen = new Map<string, number>();
    scenario.users.forEach((user, index) => {
      const first = seen.get(user.accessKeyId);
      if (first !== undefined) {
        context.addIssue({
          code: "custom",
          path: ["users", index, "accessKeyId"],
          message: `"${user.accessKeyId}" is already the access key of users[${first}]`,
        });
      } else seen.set(user.accessKeyId, index);
    });
  });

/** Validates a scenario and fills in the defaults (the quota follows `sandbox` unless given). */
export const sesSimulatorScenarioSchema: z.ZodType<SesSimulatorScenario> = scenarioInputSchema.transform(
  ({ $comment: _comment, maxSendRate, max24HourSend, users, ...scenario }): SesSimulatorScenario => {
    const quotaDefaults = scenario.sandbox ? SANDBOX_SENDING_QUOTA : PRODUCTION_SENDING_QUOTA;
    return {
      ...scenario,
      maxSendRate: maxSendRate ?? quotaDefaults.maxSendRate,
      max24HourSend: max24HourSend ?? quotaDefaults.max24HourSend,
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
    else if (typeof key === "string" && IDENTIFIER.test(key)) text += text === "" ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text === "" ? "(the scenario)" : text;
}

/** "users[1].accessKeyId: must be …" for each issue, in the order zod found them. */
export function describeScenarioProblems(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) =>
    // A key nobody reads is usually a misspelt one ("sanbox"): name each, where it is.
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => `${describePath([...issue.path, key])}: unknown field (misspelt?)`)
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
