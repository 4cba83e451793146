// What Amazon SES would cost a month, and how that compares with a provider that charges per email.
// Browser-safe: plain TypeScript and zod, no Node imports (the diagnostics page runs it live).
//
// Every price here comes from /work/shared/reference/ses-reference.md §7 (source S16: the AWS Price
// List API for us-east-1, read through api-evangelist/amazon-ses `plans/amazon-ses-plans-pricing.yml`).
// The reference files name no per-email provider's price, so the comparison price is always the
// user's own input: nothing here guesses one.
//
// Rounding rule: each priced line (each Essentials tier, attachments, the plan fee) is rounded to the
// nearest cent, halves up; the sending subtotal and the total are sums of those rounded lines, so
// the breakdown always adds up. The effective price per 1,000 is total ÷ emails × 1,000, rounded to
// $0.0001 (null with no emails). Sending is computed in whole units of $0.00000001, so tier sums
// are exact up to the 10-billion-email limit.
import { z } from "zod";

export const SES_PLANS = ["a-la-carte", "essentials", "pro", "enterprise"] as const;
export type SesPlan = (typeof SES_PLANS)[number];

export interface SesPriceTier {
  /** Cumulative monthly volume this tier runs up to, inclusive; null for "and beyond". */
  readonly upToEmails: number | null;
  /** US dollars per 1,000 recipients. */
  readonly pricePer1000: number;
}

export interface SesPlanPrice {
  readonly label: string;
  /** The value of `Plan` in the SES v2 `PutAccountPricingAttributes` call. */
  readonly apiPlan: "NONE" | "ESSENTIALS" | "PRO" | "ENTERPRISE";
  /** US dollars a month, charged whatever the volume. */
  readonly monthlyFee: number;
  /** In order of volume; the last tier has `upToEmails: null`. */
  readonly tiers: readonly SesPriceTier[];
  /** Who gets this plan without asking, if anyone (reference §7). */
  readonly defaultFor?: string;
  /** Date the price was read. */
  readonly asOf: string;
}

/**
 * Amazon SES list prices in US dollars, us-east-1. Update this table (and its dates) when AWS
 * changes them; everything else, the UI's wording included, is derived from it.
 */
export const SES_PRICES = {
  currency: "USD",
  region: "us-east-1",
  /** The newest date any price below was read. */
  asOf: "2026-07-22",
  source:
    "AWS Price List API (us-east-1), read 2026-07-22; pricing plans as published 2026-07-21 (ses-reference.md §7, source S16: api-evangelist/amazon-ses plans/amazon-ses-plans-pricing.yml)",
  pricingUrl: "https://aws.amazon.com/ses/pricing/",
  plans: {
    // "À la carte outbound | $0.10 per 1,000 recipients ($0.0001 each) | S16 (…, 2026-07-22)"
    "a-la-carte": {
      label: "À la carte",
      apiPlan: "NONE",
      monthlyFee: 0,
      tiers: [{ upToEmails: null, pricePer1000: 0.1 }],
      defaultFor: "accounts that have sent with SES since June 1, 2025",
      asOf: "2026-07-22",
    },
    // "Essentials: no fee; $0.16/1,000 (first 10M), $0.14 (10–100M), $0.11 beyond. Default for new
    // accounts and for account/regions with no SES sending since 2025-06-01."
    essentials: {
      label: "Essentials",
      apiPlan: "ESSENTIALS",
      monthlyFee: 0,
      tiers: [
        { upToEmails: 10_000_000, pricePer1000: 0.16 },
        { upToEmails: 100_000_000, pricePer1000: 0.14 },
        { upToEmails: null, pricePer1000: 0.11 },
      ],
      defaultFor: "new accounts, and accounts with no SES sending since June 1, 2025",
      asOf: "2026-07-21",
    },
    // "Pro: $105/month + $0.22/1,000."
    pro: {
      label: "Pro",
      apiPlan: "PRO",
      monthlyFee: 105,
      tiers: [{ upToEmails: null, pricePer1000: 0.22 }],
      asOf: "2026-07-21",
    },
    // "Enterprise: $500/month + $0.23/1,000."
    enterprise: {
      label: "Enterprise",
      apiPlan: "ENTERPRISE",
      monthlyFee: 500,
      tiers: [{ upToEmails: null, pricePer1000: 0.23 }],
      asOf: "2026-07-21",
    },
  } satisfies Record<SesPlan, SesPlanPrice>,
  // "Attachments | $0.12/GB | S16". The reference gives this price for à la carte only and says
  // nothing about attachments on the plans, so this estimate charges the same $0.12/GB on every
  // plan (the UI's footnote says so).
  attachmentsPerGb: 0.12,
  // "Dedicated IP (standard) | $24.95/month | S16". Not part of the estimate; the footnote names it.
  dedicatedIpPerMonth: 24.95,
  // Not deducted from the estimate; the footnote names them.
  freeTier: {
    // "Legacy free tier | 3,000 message charges/month for the first 12 months after first SES use"
    legacyMessagesPerMonth: 3_000,
    legacyMonths: 12,
    // "From 2025-07-15, new AWS accounts get credit-based free tier (up to $200, 6 months)" (S17)
    creditsFrom: "2025-07-15",
    creditsUpTo: 200,
    creditsMonths: 6,
  },
} as const;

// ——— Input ———

export const MAX_EMAILS_PER_MONTH = 10_000_000_000;
/** 1 PB: far above any real month, low enough to keep the arithmetic exact. */
export const MAX_ATTACHMENT_GB_PER_MONTH = 1_000_000;
/** $1 per email: a sanity cap against typos, not a price. */
export const MAX_PROVIDER_PRICE_PER_1000 = 1_000;

/**
 * Reads a number as people type it: "50,000", "50 000", "$0.80" and "1e6" all work. An empty
 * string is "not given" (undefined); anything else that isn't a number stays as it is, for the
 * schema to reject with a message.
 */
export function readNumberInput(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const cleaned = value
    .trim()
    .replace(/^\$/, "")
    .replace(/[,_\s]/g, "");
  if (cleaned === "") return undefined;
  const number = Number(cleaned);
  return Number.isNaN(number) ? value : number;
}

/** A number with plain-words messages for "missing", "not a number" and "infinite". */
function numberField(what: string, hint: string) {
  return z.number({
    error: (issue) =>
      issue.input === undefined
        ? `Enter ${what}${hint}.`
        : typeof issue.input === "number" && !Number.isNaN(issue.input)
          ? `Enter a finite number for ${what}.`
          : `Enter ${what} as a number${hint}.`,
  });
}

const emailsSchema = numberField("the number of emails you send a month", ", e.g. 50,000")
  .int({ error: "Enter a whole number of emails." })
  .min(0, { error: "The number of emails can't be negative." })
  .max(MAX_EMAILS_PER_MONTH, { error: "Enter at most 10,000,000,000 (10 billion) emails a month." });

const attachmentGbSchema = numberField("the attachment size in GB", " (0 if you send none)")
  .min(0, { error: "The attachment size can't be negative." })
  .max(MAX_ATTACHMENT_GB_PER_MONTH, { error: "Enter at most 1,000,000 GB of attachments a month." });

const providerPriceSchema = numberField("your provider's price per 1,000 emails", ", in US dollars")
  .min(0, { error: "The price can't be negative." })
  .max(MAX_PROVIDER_PRICE_PER_1000, { error: "Enter at most $1,000 per 1,000 emails ($1 per email)." });

/** The estimator's form: numbers or the text typed into the inputs. */
export const sesCostInputSchema = z.object({
  emailsPerMonth: z.preprocess(readNumberInput, emailsSchema),
  attachmentGbPerMonth: z.preprocess(readNumberInput, attachmentGbSchema),
  plan: z.enum(SES_PLANS, { error: "Choose one of the SES pricing plans." }),
  /** Optional: left empty, there is no comparison. */
  providerPricePer1000: z.preprocess(readNumberInput, providerPriceSchema.optional()),
});

export type SesCostInput = z.output<typeof sesCostInputSchema>;
export type SesCostField = keyof SesCostInput;
export type SesCostFieldErrors = Partial<Record<SesCostField, string[]>>;

export type SesCostParseResult =
  { ok: true; data: SesCostInput } | { ok: false; fieldErrors: SesCostFieldErrors; formError: string };

/** Checks the form; on failure, every field's messages and one sentence for the whole form. */
export function parseSesCostInput(raw: unknown): SesCostParseResult {
  const result = sesCostInputSchema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: SesCostFieldErrors = z.flattenError(result.error).fieldErrors;
  const formError = result.error.issues[0]?.message ?? "Check the numbers you entered.";
  return { ok: false, fieldErrors, formError };
}

// ——— Estimate ———

export interface SesTierLine {
  /** First and last email of the month this tier covers, 1-based and inclusive. */
  readonly fromEmail: number;
  readonly toEmail: number;
  readonly emails: number;
  readonly pricePer1000: number;
  /** US dollars, rounded to the cent. */
  readonly cost: number;
}

export interface SesCostEstimate {
  readonly plan: SesPlan;
  readonly emailsPerMonth: number;
  readonly attachmentGbPerMonth: number;
  /** Only the tiers the volume reaches; empty with no emails. Sums to `sending`. */
  readonly tiers: readonly SesTierLine[];
  /** US dollars, each rounded to the cent; `total = sending + attachments + planFee`. */
  readonly sending: number;
  readonly attachments: number;
  readonly planFee: number;
  readonly total: number;
  /** total ÷ emails × 1,000 (fee and attachments included), to $0.0001; null with no emails. */
  readonly effectivePricePer1000: number | null;
}

export interface SesCostEstimateInput {
  emailsPerMonth: number;
  attachmentGbPerMonth: number;
  plan: SesPlan;
}

// Exact arithmetic: a price per 1,000 as a whole number of $0.00001 makes one email's cost a whole
// number of $0.00000001 ("units"); 10 billion emails at $0.23 per 1,000 is 2.3e14 units, well inside
// Number.MAX_SAFE_INTEGER.
const UNITS_PER_CENT = 1_000_000;
const rateUnits = (pricePer1000: number) => Math.round(pricePer1000 * 100_000);
const unitsToCents = (units: number) => Math.floor((units + UNITS_PER_CENT / 2) / UNITS_PER_CENT);
/** Rounds a non-negative float to a whole number, halves up, after taking off binary noise
 * (0.1 GB × 12 cents = 1.2000000000000002). */
const roundHalfUp = (value: number) => Math.floor(Number(value.toPrecision(12)) + 0.5);
const roundCents = roundHalfUp;
const centsToDollars = (cents: number) => cents / 100;

interface Segment {
  readonly start: number;
  readonly end: number;
  readonly rate: number;
}

/** The plan's tiers as half-open volume ranges [start, end) in emails, with rates in units. */
function segmentsOf(plan: SesPlan): Segment[] {
  const segments: Segment[] = [];
  let start = 0;
  for (const tier of SES_PRICES.plans[plan].tiers) {
    const end = tier.upToEmails ?? Number.POSITIVE_INFINITY;
    segments.push({ start, end, rate: rateUnits(tier.pricePer1000) });
    start = end;
  }
  return segments;
}

function checked(input: SesCostEstimateInput): SesCostInput {
  const result = parseSesCostInput(input);
  if (!result.ok) throw new RangeError(result.formError);
  return result.data;
}

/**
 * The monthly SES bill for a volume and plan, in US dollars, with its breakdown. Throws a
 * RangeError with a plain-words message on invalid input (`parseSesCostInput` gives every field's).
 */
export function estimateSesMonthlyCost(input: SesCostEstimateInput): SesCostEstimate {
  const { emailsPerMonth, attachmentGbPerMonth, plan } = checked(input);
  const tiers: SesTierLine[] = [];
  let sendingCents = 0;
  for (const segment of segmentsOf(plan)) {
    const emails = Math.min(emailsPerMonth, segment.end) - segment.start;
    if (emails <= 0) break;
    const cents = unitsToCents(emails * segment.rate);
    sendingCents += cents;
    tiers.push({
      fromEmail: segment.start + 1,
      toEmail: segment.start + emails,
      emails,
      pricePer1000: segment.rate / 100_000,
      cost: centsToDollars(cents),
    });
  }
  const attachmentCents = roundCents(attachmentGbPerMonth * SES_PRICES.attachmentsPerGb * 100);
  const feeCents = Math.round(SES_PRICES.plans[plan].monthlyFee * 100);
  const totalCents = sendingCents + attachmentCents + feeCents;
  return {
    plan,
    emailsPerMonth,
    attachmentGbPerMonth,
    tiers,
    sending: centsToDollars(sendingCents),
    attachments: centsToDollars(attachmentCents),
    planFee: centsToDollars(feeCents),
    total: centsToDollars(totalCents),
    // $ per 1,000 = totalCents ÷ 100 ÷ emails × 1,000; in units of $0.0001 that is × 10,000 more.
    effectivePricePer1000: emailsPerMonth === 0 ? null : roundHalfUp((totalCents * 100_000) / emailsPerMonth) / 10_000,
  };
}

// ——— Comparison with a per-email provider ———

/**
 * Where SES and the provider cost the same, as the volume grows (attachments held at the entered
 * amount, as a fixed monthly cost next to the plan fee):
 * - `at`: below `emailsPerMonth` the provider is cheaper; from it on, SES costs the same or less,
 *   and strictly less above it.
 * - `always`: SES is cheaper at every volume above zero.
 * - `never`: SES never becomes cheaper (it costs the same or more at every volume).
 */
export type SesBreakEven = { kind: "at"; emailsPerMonth: number } | { kind: "always" } | { kind: "never" };

export interface ProviderComparison {
  readonly providerPricePer1000: number;
  /** What the provider charges for the same emails, rounded to the cent (its price only). */
  readonly providerMonthly: number;
  readonly sesMonthly: number;
  /** providerMonthly − sesMonthly: positive when SES is cheaper. */
  readonly monthlySaving: number;
  readonly cheaper: "ses" | "provider" | "same";
  readonly breakEven: SesBreakEven;
}

/**
 * Compares an estimate with a provider charging `providerPricePer1000` dollars per 1,000 emails.
 * The provider side is its per-email price alone; the SES side is the estimate's total (fee and
 * attachments included).
 */
export function compareWithPerEmailProvider(
  estimate: SesCostEstimate,
  providerPricePer1000: number,
): ProviderComparison {
  const price = providerPricePer1000;
  const parsed = providerPriceSchema.safeParse(price);
  if (!parsed.success) throw new RangeError(parsed.error.issues[0]?.message ?? "Enter a valid price.");
  const providerCents = roundCents((estimate.emailsPerMonth * price) / 10);
  const sesCents = Math.round(estimate.total * 100);
  const savingCents = providerCents - sesCents;
  return {
    providerPricePer1000: price,
    providerMonthly: centsToDollars(providerCents),
    sesMonthly: centsToDollars(sesCents),
    monthlySaving: centsToDollars(savingCents),
    cheaper: savingCents > 0 ? "ses" : savingCents < 0 ? "provider" : "same",
    breakEven: findBreakEven(
      estimate.plan,
      price,
      Math.round(estimate.planFee * 100) + Math.round(estimate.attachments * 100),
    ),
  };
}

/**
 * The break-even volume for a plan against a per-email price, given the fixed monthly cents (plan
 * fee plus attachments). The difference provider − SES is piecewise linear and convex in the
 * volume (the plans' marginal prices only fall), so it crosses zero upwards at most once.
 */
export function findBreakEven(plan: SesPlan, providerPricePer1000: number, fixedCents: number): SesBreakEven {
  const provider = rateUnits(providerPricePer1000);
  let difference = -fixedCents * UNITS_PER_CENT; // provider − SES at the segment's start, in units
  for (const { start, end, rate } of segmentsOf(plan)) {
    const slope = provider - rate; // per email
    if (slope > 0) {
      if (difference >= 0) return start === 0 ? { kind: "always" } : { kind: "at", emailsPerMonth: start };
      const emails = ceilDiv(-difference, slope);
      if (start + emails <= end) return { kind: "at", emailsPerMonth: start + emails };
    }
    if (end === Number.POSITIVE_INFINITY) return { kind: "never" };
    difference += slope * (end - start);
  }
  return { kind: "never" };
}

/** ⌈a ÷ b⌉ for positive whole numbers, exact where a float division may not be. */
function ceilDiv(a: number, b: number): number {
  let quotient = Math.ceil(a / b);
  while (quotient * b < a) quotient += 1;
  while (quotient > 0 && (quotient - 1) * b >= a) quotient -= 1;
  return quotient;
}

const priceFormat = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 5,
});
const feeFormat = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  trailingZeroDisplay: "stripIfInteger",
});
const volumeFormat = new Intl.NumberFormat("en-US", { notation: "compact", compactDisplay: "long" });

/**
 * A plan's prices in one line, from SES_PRICES: "No monthly fee; $0.16 per 1,000 for the first
 * 10 million emails, $0.14 up to 100 million, then $0.11", "$105 a month + $0.22 per 1,000".
 */
export function describePlanPrice(plan: SesPlan): string {
  const { monthlyFee, tiers } = SES_PRICES.plans[plan];
  const rates = tiers.map((tier, index) => {
    const price = priceFormat.format(tier.pricePer1000);
    if (tiers.length === 1) return `${price} per 1,000`;
    if (index === 0) return `${price} per 1,000 for the first ${volumeFormat.format(tier.upToEmails ?? 0)} emails`;
    if (tier.upToEmails === null) return `then ${price}`;
    return `${price} up to ${volumeFormat.format(tier.upToEmails)}`;
  });
  const rate = rates.join(", ");
  return monthlyFee === 0 ? `No monthly fee; ${rate}` : `${feeFormat.format(monthlyFee)} a month + ${rate}`;
}
