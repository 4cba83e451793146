import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  compareWithPerEmailProvider,
  describePlanPrice,
  estimateSesMonthlyCost,
  findBreakEven,
  MAX_EMAILS_PER_MONTH,
  parseSesCostInput,
  readNumberInput,
  SES_PLANS,
  SES_PRICES,
  type SesPlan,
} from "@/lib/ses/pricing";

// Prices under test (ses-reference.md §7): à la carte $0.10/1,000; Essentials $0.16 (first 10M),
// $0.14 (10M–100M), $0.11 beyond, no fee; Pro $105 + $0.22; Enterprise $500 + $0.23;
// attachments $0.12/GB. The per-email prices in the comparisons are test inputs, not real quotes.

const estimate = (plan: SesPlan, emailsPerMonth: number, attachmentGbPerMonth = 0) =>
  estimateSesMonthlyCost({ plan, emailsPerMonth, attachmentGbPerMonth });

describe("SES_PRICES", () => {
  it("holds the reference's prices, dated, with their source", () => {
    expect(SES_PRICES.plans["a-la-carte"].tiers).toEqual([{ upToEmails: null, pricePer1000: 0.1 }]);
    expect(SES_PRICES.plans.essentials.tiers).toEqual([
      { upToEmails: 10_000_000, pricePer1000: 0.16 },
      { upToEmails: 100_000_000, pricePer1000: 0.14 },
      { upToEmails: null, pricePer1000: 0.11 },
    ]);
    expect(SES_PRICES.plans.pro).toMatchObject({ monthlyFee: 105, tiers: [{ upToEmails: null, pricePer1000: 0.22 }] });
    expect(SES_PRICES.plans.enterprise).toMatchObject({
      monthlyFee: 500,
      tiers: [{ upToEmails: null, pricePer1000: 0.23 }],
    });
    expect(SES_PRICES.attachmentsPerGb).toBe(0.12);
    expect(SES_PRICES.dedicatedIpPerMonth).toBe(24.95);
    expect(SES_PRICES.asOf).toBe("2026-07-22");
    expect(SES_PRICES.plans.essentials.asOf).toBe("2026-07-21");
    expect(SES_PRICES.source).toContain("S16");
    expect(SES_PRICES.pricingUrl).toBe("https://aws.amazon.com/ses/pricing/");
  });

  it("maps every plan to the SES API's Plan value", () => {
    expect(SES_PLANS.map((plan) => SES_PRICES.plans[plan].apiPlan)).toEqual([
      "NONE",
      "ESSENTIALS",
      "PRO",
      "ENTERPRISE",
    ]);
  });

  it("describes each plan from the table", () => {
    expect(describePlanPrice("a-la-carte")).toBe("No monthly fee; $0.10 per 1,000");
    expect(describePlanPrice("essentials")).toBe(
      "No monthly fee; $0.16 per 1,000 for the first 10 million emails, $0.14 up to 100 million, then $0.11",
    );
    expect(describePlanPrice("pro")).toBe("$105 a month + $0.22 per 1,000");
    expect(describePlanPrice("enterprise")).toBe("$500 a month + $0.23 per 1,000");
  });
});

describe("estimateSesMonthlyCost: à la carte", () => {
  it("50,000 emails: 50 × $0.10 = $5.00, $0.10 per 1,000", () => {
    expect(estimate("a-la-carte", 50_000)).toEqual({
      plan: "a-la-carte",
      emailsPerMonth: 50_000,
      attachmentGbPerMonth: 0,
      tiers: [{ fromEmail: 1, toEmail: 50_000, emails: 50_000, pricePer1000: 0.1, cost: 5 }],
      sending: 5,
      attachments: 0,
      planFee: 0,
      total: 5,
      effectivePricePer1000: 0.1,
    });
  });

  it("1,000,000 emails: 1,000 × $0.10 = $100.00", () => {
    const result = estimate("a-la-carte", 1_000_000);
    expect(result.total).toBe(100);
    expect(result.effectivePricePer1000).toBe(0.1);
  });

  it("10 billion emails (the maximum): 10,000,000 × $0.10 = $1,000,000.00", () => {
    expect(estimate("a-la-carte", MAX_EMAILS_PER_MONTH).total).toBe(1_000_000);
  });

  it("zero volume costs nothing and has no price per 1,000", () => {
    expect(estimate("a-la-carte", 0)).toMatchObject({
      tiers: [],
      sending: 0,
      attachments: 0,
      planFee: 0,
      total: 0,
      effectivePricePer1000: null,
    });
  });

  it("rounds each line to the cent, halves up", () => {
    // 1 email = $0.0001 → $0.00; 49 emails = $0.0049 → $0.00; 50 emails = $0.005 → $0.01;
    // 149 emails = $0.0149 → $0.01; 150 emails = $0.015 → $0.02.
    expect(estimate("a-la-carte", 1).total).toBe(0);
    expect(estimate("a-la-carte", 49).total).toBe(0);
    expect(estimate("a-la-carte", 50).total).toBe(0.01);
    expect(estimate("a-la-carte", 149).total).toBe(0.01);
    expect(estimate("a-la-carte", 150).total).toBe(0.02);
    // 123,456 emails = $12.3456 → $12.35; the per-1,000 price is total ÷ emails × 1,000 =
    // 12.35 ÷ 123.456 = 0.100035… → $0.1000.
    expect(estimate("a-la-carte", 123_456)).toMatchObject({ total: 12.35, effectivePricePer1000: 0.1 });
  });
});

describe("estimateSesMonthlyCost: Essentials tiers", () => {
  it("50,000 emails: 50 × $0.16 = $8.00", () => {
    expect(estimate("essentials", 50_000)).toMatchObject({ total: 8, effectivePricePer1000: 0.16 });
  });

  it("exactly 10,000,000 emails stay in the first tier: 10,000 × $0.16 = $1,600.00", () => {
    const result = estimate("essentials", 10_000_000);
    expect(result.tiers).toEqual([
      { fromEmail: 1, toEmail: 10_000_000, emails: 10_000_000, pricePer1000: 0.16, cost: 1600 },
    ]);
    expect(result.total).toBe(1600);
  });

  it("email 10,000,001 is the first at $0.14: $1,600 + $0.00014, rounded to $1,600.00", () => {
    const result = estimate("essentials", 10_000_001);
    expect(result.tiers).toEqual([
      { fromEmail: 1, toEmail: 10_000_000, emails: 10_000_000, pricePer1000: 0.16, cost: 1600 },
      { fromEmail: 10_000_001, toEmail: 10_000_001, emails: 1, pricePer1000: 0.14, cost: 0 },
    ]);
    expect(result.sending).toBe(1600);
    expect(result.total).toBe(1600);
  });

  it("10,001,000 emails: $1,600 + 1 × $0.14 = $1,600.14 (not 10,001 × $0.16 = $1,600.16)", () => {
    expect(estimate("essentials", 10_001_000).total).toBe(1600.14);
  });

  it("exactly 100,000,000 emails: $1,600 + 90,000 × $0.14 = $1,600 + $12,600 = $14,200.00", () => {
    const result = estimate("essentials", 100_000_000);
    expect(result.tiers.map((tier) => [tier.emails, tier.cost])).toEqual([
      [10_000_000, 1600],
      [90_000_000, 12_600],
    ]);
    expect(result.total).toBe(14_200);
    expect(result.effectivePricePer1000).toBe(0.142);
  });

  it("150,000,000 emails: $14,200 + 50,000 × $0.11 = $14,200 + $5,500 = $19,700.00", () => {
    const result = estimate("essentials", 150_000_000);
    expect(result.tiers.map((tier) => [tier.fromEmail, tier.toEmail, tier.pricePer1000, tier.cost])).toEqual([
      [1, 10_000_000, 0.16, 1600],
      [10_000_001, 100_000_000, 0.14, 12_600],
      [100_000_001, 150_000_000, 0.11, 5_500],
    ]);
    expect(result.total).toBe(19_700);
    // 19,700 ÷ 150,000 = 0.131333… → $0.1313 per 1,000.
    expect(result.effectivePricePer1000).toBe(0.1313);
  });

  it("has no fee: zero volume costs nothing", () => {
    expect(estimate("essentials", 0)).toMatchObject({ planFee: 0, total: 0, effectivePricePer1000: null });
  });
});

describe("estimateSesMonthlyCost: Pro and Enterprise", () => {
  it("Pro, 1,000,000 emails: $105 + 1,000 × $0.22 = $325.00, $0.325 per 1,000", () => {
    expect(estimate("pro", 1_000_000)).toMatchObject({
      sending: 220,
      planFee: 105,
      total: 325,
      effectivePricePer1000: 0.325,
    });
  });

  it("Pro, zero volume: the $105 fee alone", () => {
    expect(estimate("pro", 0)).toMatchObject({ sending: 0, planFee: 105, total: 105, effectivePricePer1000: null });
  });

  it("Enterprise, 2,000,000 emails: $500 + 2,000 × $0.23 = $960.00, $0.48 per 1,000", () => {
    expect(estimate("enterprise", 2_000_000)).toMatchObject({
      sending: 460,
      planFee: 500,
      total: 960,
      effectivePricePer1000: 0.48,
    });
  });
});

describe("estimateSesMonthlyCost: attachments", () => {
  it("50,000 emails + 2.5 GB à la carte: $5.00 + 2.5 × $0.12 = $5.00 + $0.30 = $5.30", () => {
    // Per 1,000: 5.30 ÷ 50 = $0.106.
    expect(estimate("a-la-carte", 50_000, 2.5)).toMatchObject({
      attachments: 0.3,
      total: 5.3,
      effectivePricePer1000: 0.106,
    });
  });

  it("charges the same $0.12/GB on every plan (the reference gives no other price)", () => {
    for (const plan of SES_PLANS) expect(estimate(plan, 0, 10).attachments).toBe(1.2);
    // Pro, 100,000 emails + 10 GB: $105 + 100 × $0.22 + 10 × $0.12 = $105 + $22 + $1.20 = $128.20.
    expect(estimate("pro", 100_000, 10).total).toBe(128.2);
  });

  it("rounds attachments to the cent without binary noise", () => {
    // 0.1 GB = $0.012 → $0.01; 0.125 GB = $0.015 → $0.02 (half up); 1,000,000 GB = $120,000.
    expect(estimate("a-la-carte", 0, 0.1).attachments).toBe(0.01);
    expect(estimate("a-la-carte", 0, 0.125).attachments).toBe(0.02);
    expect(estimate("a-la-carte", 0, 1_000_000).attachments).toBe(120_000);
  });
});

describe("input checks", () => {
  it("reads numbers as people type them", () => {
    expect(readNumberInput("50,000")).toBe(50_000);
    expect(readNumberInput(" 1 000 000 ")).toBe(1_000_000);
    expect(readNumberInput("$0.80")).toBe(0.8);
    expect(readNumberInput("1e6")).toBe(1_000_000);
    expect(readNumberInput("")).toBeUndefined();
    expect(readNumberInput("   ")).toBeUndefined();
    expect(readNumberInput("lots")).toBe("lots");
    expect(readNumberInput(12)).toBe(12);
  });

  it("accepts the form's text and leaves the comparison price optional", () => {
    expect(
      parseSesCostInput({ emailsPerMonth: "50,000", attachmentGbPerMonth: "0", plan: "pro", providerPricePer1000: "" }),
    ).toEqual({
      ok: true,
      data: { emailsPerMonth: 50_000, attachmentGbPerMonth: 0, plan: "pro", providerPricePer1000: undefined },
    });
  });

  it("rejects bad values with plain-words messages, per field", () => {
    const result = parseSesCostInput({
      emailsPerMonth: "-5",
      attachmentGbPerMonth: "lots",
      plan: "premium",
      providerPricePer1000: "-1",
    });
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        emailsPerMonth: ["The number of emails can't be negative."],
        attachmentGbPerMonth: ["Enter the attachment size in GB as a number (0 if you send none)."],
        plan: ["Choose one of the SES pricing plans."],
        providerPricePer1000: ["The price can't be negative."],
      },
      formError: "The number of emails can't be negative.",
    });
  });

  it.each([
    ["", "Enter the number of emails you send a month, e.g. 50,000."],
    ["12.5", "Enter a whole number of emails."],
    ["10,000,000,001", "Enter at most 10,000,000,000 (10 billion) emails a month."],
    [Number.POSITIVE_INFINITY, "Enter a finite number for the number of emails you send a month."],
    [Number.NaN, "Enter the number of emails you send a month as a number, e.g. 50,000."],
  ])("emails per month %s → %s", (emailsPerMonth, message) => {
    const result = parseSesCostInput({ emailsPerMonth, attachmentGbPerMonth: 0, plan: "a-la-carte" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors.emailsPerMonth).toEqual([message]);
  });

  it("caps attachments and the comparison price", () => {
    const result = parseSesCostInput({
      emailsPerMonth: 1,
      attachmentGbPerMonth: 1_000_001,
      plan: "a-la-carte",
      providerPricePer1000: 1_000.01,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.fieldErrors.attachmentGbPerMonth).toEqual(["Enter at most 1,000,000 GB of attachments a month."]);
      expect(result.fieldErrors.providerPricePer1000).toEqual([
        "Enter at most $1,000 per 1,000 emails ($1 per email).",
      ]);
    }
  });

  it("estimateSesMonthlyCost throws a RangeError with the message", () => {
    expect(() => estimate("a-la-carte", -1)).toThrow(new RangeError("The number of emails can't be negative."));
    expect(() => estimate("a-la-carte", 1, Number.NaN)).toThrow(RangeError);
    expect(() => estimate("gold" as SesPlan, 1)).toThrow("Choose one of the SES pricing plans.");
  });
});

describe("comparison with a per-email provider (its price is the user's input)", () => {
  it("1,000,000 emails à la carte against $0.80 per 1,000: $800 − $100 = $700 saved", () => {
    expect(compareWithPerEmailProvider(estimate("a-la-carte", 1_000_000), 0.8)).toEqual({
      providerPricePer1000: 0.8,
      providerMonthly: 800,
      sesMonthly: 100,
      monthlySaving: 700,
      cheaper: "ses",
      breakEven: { kind: "always" },
    });
  });

  it("Pro against $0.32 per 1,000: break-even at $105 ÷ ($0.32 − $0.22) × 1,000 = 1,050,000 emails", () => {
    // 1,000,000 emails: provider $320, SES $105 + $220 = $325 → the provider is $5 cheaper.
    expect(compareWithPerEmailProvider(estimate("pro", 1_000_000), 0.32)).toMatchObject({
      providerMonthly: 320,
      sesMonthly: 325,
      monthlySaving: -5,
      cheaper: "provider",
      breakEven: { kind: "at", emailsPerMonth: 1_050_000 },
    });
    // 1,050,000 emails: provider $336, SES $105 + $231 = $336 → the same.
    expect(compareWithPerEmailProvider(estimate("pro", 1_050_000), 0.32)).toMatchObject({
      monthlySaving: 0,
      cheaper: "same",
    });
    // 2,000,000 emails: provider $640, SES $105 + $440 = $545 → SES saves $95.
    expect(compareWithPerEmailProvider(estimate("pro", 2_000_000), 0.32)).toMatchObject({
      monthlySaving: 95,
      cheaper: "ses",
    });
  });

  it("Enterprise against $0.33 per 1,000: $500 ÷ $0.10 × 1,000 = 5,000,000 emails", () => {
    expect(findBreakEven("enterprise", 0.33, 50_000 /* the $500 fee, in cents */)).toEqual({
      kind: "at",
      emailsPerMonth: 5_000_000,
    });
  });

  it("Essentials against $0.13 per 1,000 only pays off in the $0.11 tier, at 160,000,000 emails", () => {
    // At 100M: provider 100,000 × $0.13 = $13,000, SES $14,200 → $1,200 behind. Beyond 100M SES
    // gains $0.13 − $0.11 = $0.02 per 1,000, so it catches up after $1,200 ÷ $0.02 × 1,000 = 60M
    // more: 160,000,000 (provider $20,800; SES $14,200 + 60,000 × $0.11 = $20,800).
    expect(findBreakEven("essentials", 0.13, 0)).toEqual({ kind: "at", emailsPerMonth: 160_000_000 });
    expect(compareWithPerEmailProvider(estimate("essentials", 160_000_000), 0.13)).toMatchObject({
      providerMonthly: 20_800,
      sesMonthly: 20_800,
      cheaper: "same",
    });
    expect(compareWithPerEmailProvider(estimate("essentials", 50_000), 0.13)).toMatchObject({
      providerMonthly: 6.5,
      sesMonthly: 8,
      monthlySaving: -1.5,
      cheaper: "provider",
    });
  });

  it("Essentials against $0.16 per 1,000: the same up to 10,000,000, SES cheaper above", () => {
    expect(findBreakEven("essentials", 0.16, 0)).toEqual({ kind: "at", emailsPerMonth: 10_000_000 });
    expect(findBreakEven("essentials", 0.17, 0)).toEqual({ kind: "always" });
  });

  it("attachments act as a fixed cost: à la carte + 1 GB against $0.12 per 1,000 breaks even at 6,000", () => {
    // $0.12 ÷ ($0.12 − $0.10) × 1,000 = 6,000: provider $0.72, SES $0.60 + $0.12 = $0.72.
    const comparison = compareWithPerEmailProvider(estimate("a-la-carte", 6_000, 1), 0.12);
    expect(comparison).toMatchObject({ providerMonthly: 0.72, sesMonthly: 0.72, cheaper: "same" });
    expect(comparison.breakEven).toEqual({ kind: "at", emailsPerMonth: 6_000 });
  });

  it("SES is never cheaper than a price at or below its own", () => {
    expect(findBreakEven("a-la-carte", 0.1, 0)).toEqual({ kind: "never" });
    expect(findBreakEven("a-la-carte", 0.05, 0)).toEqual({ kind: "never" });
    expect(findBreakEven("essentials", 0.11, 0)).toEqual({ kind: "never" });
    expect(findBreakEven("enterprise", 0.2, 50_000 /* the $500 fee, in cents */)).toEqual({ kind: "never" });
    expect(compareWithPerEmailProvider(estimate("a-la-carte", 1_000_000), 0.05)).toMatchObject({
      monthlySaving: -50,
      cheaper: "provider",
      breakEven: { kind: "never" },
    });
  });

  it("zero volume: no provider bill; Pro's fee makes the provider cheaper", () => {
    expect(compareWithPerEmailProvider(estimate("a-la-carte", 0), 0.5)).toMatchObject({
      providerMonthly: 0,
      sesMonthly: 0,
      cheaper: "same",
    });
    expect(compareWithPerEmailProvider(estimate("pro", 0), 0.5)).toMatchObject({
      monthlySaving: -105,
      cheaper: "provider",
    });
  });

  it("rejects an invalid provider price", () => {
    expect(() => compareWithPerEmailProvider(estimate("a-la-carte", 1), -0.1)).toThrow("The price can't be negative.");
    expect(() => compareWithPerEmailProvider(estimate("a-la-carte", 1), Number.NaN)).toThrow(RangeError);
  });
});

describe("browser safety", () => {
  it("lib/ses/pricing.ts imports nothing but zod and uses no Node APIs", () => {
    const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
    const source = readFileSync(resolve(root, "lib/ses/pricing.ts"), "utf8");
    const imports = [...source.matchAll(/^import\s+(?:type\s+)?[^"']*?["']([^"']+)["']/gm)].map((match) => match[1]);
    expect(imports).toEqual(["zod"]);
    expect(source).not.toMatch(/["']node:|\bBuffer\.|\bprocess\.|\brequire\(/);
  });
});
