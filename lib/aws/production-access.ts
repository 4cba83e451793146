// Asking AWS to move an account out of the SES sandbox in one region: the same request as the
// console's "Request production access" form, sent with SES v2 PutAccountDetails. The schema is
// shared by the browser form and the server action, so both say the same thing beside a field.
import { GetAccountCommand, PutAccountDetailsCommand, type SESv2Client } from "@aws-sdk/client-sesv2";
import { z } from "zod";
import { type AwsProblem, describeAwsError } from "./aws-errors";

export const MAIL_TYPES = ["TRANSACTIONAL", "MARKETING"] as const;
export const CONTACT_LANGUAGES = ["EN", "JA"] as const;

/** What gets a request granted, after Inflowave's SES guide. */
export const PRODUCTION_ACCESS_ADVICE = [
  "Be specific about volume: how many emails you send a day and a month, and how fast that will grow.",
  "Say how you handle bounces and complaints: addresses that bounce or complain are removed and never mailed again.",
  "Describe how people unsubscribe: a link in every message that takes effect at once.",
  "Vague requests get rejected: say what your emails are, who receives them and why they asked for them.",
  "AWS usually answers within 24 to 48 hours, by email and in the Support Center case.",
] as const;

const USE_CASE_MAX = 5000;
const WEBSITE_MAX = 1000;
const MAX_CONTACTS = 4;

// AWS calls the description optional; its reviewers ask for exactly this when it is missing, and
// a request without it is usually denied, so the form requires it.
const USE_CASE_REQUIRED =
  "Describe how you send email: how much, how you handle bounces and complaints, and how people unsubscribe. AWS's reviewers ask for this and usually deny requests without it.";

/** Contacts arrive as a list or as text separated by commas, semicolons, spaces or new lines. */
function readAddressList(value: unknown): unknown {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return value.split(/[\s,;]+/).filter(Boolean);
  if (Array.isArray(value))
    return value.map((entry) => (typeof entry === "string" ? entry.trim() : entry)).filter((entry) => entry !== "");
  return value;
}

// Lengths are checked in a pipe, once the value is known to be a string (or an array): see
// lib/validation/bounded-string.ts.
const contactAddress = z
  .string({ error: "Enter each contact as an email address." })
  .pipe(
    z
      .string()
      .trim()
      .min(6, { error: (issue) => `${shorten(issue.input)} is too short to be an email address.` })
      .max(254, "An email address is at most 254 characters."),
  )
  .pipe(z.email({ error: (issue) => `${shorten(issue.input)} is not an email address.` }));

export const productionAccessRequestSchema = z.object({
  mailType: z.enum(MAIL_TYPES, {
    error:
      "Choose what you send: transactional (receipts, sign-ins, notifications) or marketing (newsletters, offers).",
  }),
  websiteUrl: z
    .string({ error: "Enter your website's address, e.g. https://example.com." })
    .pipe(
      z
        .string()
        .trim()
        .min(1, "Enter your website's address, e.g. https://example.com.")
        .max(WEBSITE_MAX, `A website address may be at most ${WEBSITE_MAX} characters.`),
    )
    .pipe(
      z.url({
        protocol: /^https?$/,
        hostname: z.regexes.domain,
        error: "Enter a website address starting with https:// or http://, e.g. https://example.com.",
      }),
    ),
  useCaseDescription: z.string({ error: USE_CASE_REQUIRED }).pipe(
    z
      .string()
      .trim()
      .min(1, USE_CASE_REQUIRED)
      .max(USE_CASE_MAX, `Keep the description under ${USE_CASE_MAX.toLocaleString("en-US")} characters.`),
  ),
  additionalContactEmailAddresses: z.preprocess(
    readAddressList,
    z
      .array(z.unknown())
      .pipe(z.array(contactAddress).max(MAX_CONTACTS, `AWS takes at most ${MAX_CONTACTS} extra contact addresses.`)),
  ),
  contactLanguage: z.enum(CONTACT_LANGUAGES, { error: "Choose English (EN) or Japanese (JA)." }).default("EN"),
});

export type ProductionAccessRequest = z.output<typeof productionAccessRequestSchema>;
export type ProductionAccessRequestInput = z.input<typeof productionAccessRequestSchema>;

export type ProductionAccessResult =
  | {
      ok: true;
      review: { status: string; caseId?: string };
      /** Set when the status could not be read back, so PENDING is assumed. */
      note?: string;
    }
  | { ok: false; problem: AwsProblem; fieldErrors?: Record<string, string[]> };

const ACTION = "ses:PutAccountDetails";

/**
 * Sends the request, then reads the review status back with GetAccount. Checks the input with
 * the schema first, so it may be given what a form sent. Never throws for AWS errors.
 */
export async function requestProductionAccess(
  sesv2: SESv2Client,
  request: ProductionAccessRequestInput,
): Promise<ProductionAccessResult> {
  const parsed = productionAccessRequestSchema.safeParse(request);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
    return {
      ok: false,
      fieldErrors,
      problem: {
        kind: "invalid-input",
        action: ACTION,
        message: parsed.error.issues.map((issue) => issue.message).join(" "),
      },
    };
  }
  const input = parsed.data;
  try {
    await sesv2.send(
      new PutAccountDetailsCommand({
        MailType: input.mailType,
        WebsiteURL: input.websiteUrl,
        ContactLanguage: input.contactLanguage,
        UseCaseDescription: input.useCaseDescription,
        ...(input.additionalContactEmailAddresses.length
          ? { AdditionalContactEmailAddresses: input.additionalContactEmailAddresses }
          : {}),
        ProductionAccessEnabled: true,
      }),
    );
  } catch (error) {
    const problem = describeAwsError(error, ACTION);
    if (problem.kind === "conflict") {
      return {
        ok: false,
        problem: {
          ...problem,
          message:
            "A review of this account's production access is already in progress in this region. AWS answers the open case, usually within 24 to 48 hours; a new request can be sent after that.",
        },
      };
    }
    return { ok: false, problem };
  }
  try {
    const review = (await sesv2.send(new GetAccountCommand({}))).Details?.ReviewDetails;
    if (review?.Status)
      return { ok: true, review: { status: review.Status, ...(review.CaseId ? { caseId: review.CaseId } : {}) } };
    return { ok: true, review: { status: "PENDING" } };
  } catch (error) {
    const problem = describeAwsError(error, "ses:GetAccount");
    return {
      ok: true,
      review: { status: "PENDING" },
      note: `The request was sent, but its status could not be read back. ${problem.message}`,
    };
  }
}

function shorten(value: unknown): string {
  const text = typeof value === "string" ? value : String(value);
  return text.length > 60 ? `"${text.slice(0, 60)}…"` : `"${text}"`;
}
