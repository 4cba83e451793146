"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import {
  compareWithPerEmailProvider,
  describePlanPrice,
  estimateSesMonthlyCost,
  parseSesCostInput,
  SES_PLANS,
  SES_PRICES,
  type ProviderComparison,
  type SesCostEstimate,
  type SesCostField,
  type SesPlan,
} from "@/lib/ses/pricing";
import { ExternalLink } from "./external-link";
import { NO_MESSAGES, type FieldMessages } from "./field-messages";
import { TextField } from "./form-field";
import { formatDate } from "./format";
import { CheckIcon } from "./icons";
import { useAnnouncer } from "./live-announcer";

// Fixed locale, so the server's HTML and the browser's first render agree.
const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
const pricePer1000 = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 5,
});
const wholeDollars = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  trailingZeroDisplay: "stripIfInteger",
});
const count = new Intl.NumberFormat("en-US");
const gigabytes = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });

const isoDate = (date: string) => formatDate(new Date(`${date}T00:00:00Z`));
const PLANS_AS_OF = SES_PRICES.plans.essentials.asOf;

const FIELD_LABELS: Record<SesCostField, string> = {
  emailsPerMonth: "Emails per month",
  attachmentGbPerMonth: "Attachments per month, in GB",
  plan: "Pricing plan",
  providerPricePer1000: "Your current price per 1,000 emails, in USD",
};

/** The text fields; the plan is a radio group and is always valid. */
type TextFieldName = Exclude<SesCostField, "plan">;

/**
 * What Amazon SES would cost a month for a volume and pricing plan, and what it saves (or not)
 * against the price per 1,000 emails the person pays today. Everything runs in the browser from
 * the price table in lib/ses/pricing.ts.
 */
export function SesCostEstimator({
  defaultPlan = "essentials",
  defaultEmailsPerMonth = "50,000",
}: {
  /** Essentials unless told: AWS's default for new accounts (ses-reference §7). */
  defaultPlan?: SesPlan;
  defaultEmailsPerMonth?: string;
}) {
  const id = useId();
  const [text, setText] = useState<Record<TextFieldName, string>>({
    emailsPerMonth: defaultEmailsPerMonth,
    attachmentGbPerMonth: "0",
    providerPricePer1000: "",
  });
  const [plan, setPlan] = useState<SesPlan>(defaultPlan);
  // An error shows once its field has been left, so nobody is scolded for a half-typed number.
  const [revealed, setRevealed] = useState<Partial<Record<TextFieldName, true>>>({});

  // The whole form gives the fields' errors and the comparison; the estimate needs only the SES
  // fields, so a bad comparison price never hides it.
  const parsed = parseSesCostInput({ ...text, plan });
  const sesParsed = parseSesCostInput({ ...text, plan, providerPricePer1000: undefined });
  const estimate = sesParsed.ok ? estimateSesMonthlyCost(sesParsed.data) : undefined;
  const comparison =
    parsed.ok && estimate && parsed.data.providerPricePer1000 !== undefined
      ? compareWithPerEmailProvider(estimate, parsed.data.providerPricePer1000)
      : undefined;
  const priceProblem = parsed.ok ? undefined : parsed.fieldErrors.providerPricePer1000?.[0];

  const messagesOf = (field: TextFieldName): FieldMessages => {
    const errors = parsed.ok || !revealed[field] ? [] : (parsed.fieldErrors[field] ?? []);
    if (errors.length === 0) return NO_MESSAGES;
    return {
      errors: errors.map((message, index) => ({ key: `${field}-${index}`, severity: "error", message })),
      notes: [],
    };
  };

  const field = (name: TextFieldName) => ({
    id: `${id}-${name}`,
    name,
    value: text[name],
    messages: messagesOf(name),
    type: "text",
    autoComplete: "off",
    spellCheck: false,
    onChange: (event: { target: { value: string } }) =>
      setText((current) => ({ ...current, [name]: event.target.value })),
    onBlur: () => setRevealed((current) => ({ ...current, [name]: true })),
  });

  const summary = estimate
    ? summarize(estimate, comparison)
    : `No estimate yet. ${sesParsed.ok ? "" : firstProblem(sesParsed.fieldErrors)}`;
  const announcer = useDebouncedAnnouncement(summary);

  return (
    <div data-testid="ses-cost-estimator" className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-5">
        <form
          aria-label="Estimate your Amazon SES cost"
          noValidate
          onSubmit={(event) => event.preventDefault()}
          className="space-y-5 lg:col-span-3"
        >
          <div className="grid gap-5 sm:grid-cols-2">
            <TextField
              {...field("emailsPerMonth")}
              label={FIELD_LABELS.emailsPerMonth}
              inputMode="numeric"
              hint="SES charges per recipient: one email to three people counts as three."
            />
            <TextField
              {...field("attachmentGbPerMonth")}
              label={FIELD_LABELS.attachmentGbPerMonth}
              inputMode="decimal"
              trailing={<Unit>GB</Unit>}
              inputClassName="pr-12"
              hint={`The total size of the attachments you send in a month, at ${money.format(SES_PRICES.attachmentsPerGb)} per GB.`}
            />
          </div>

          <PlanPicker id={`${id}-plan`} value={plan} onChange={setPlan} />

          <TextField
            {...field("providerPricePer1000")}
            label={FIELD_LABELS.providerPricePer1000}
            optional
            inputMode="decimal"
            trailing={<Unit>USD</Unit>}
            inputClassName="pr-14"
            hint="What your current email provider charges per 1,000 emails, from your plan or invoice. Enter it to see what SES would save."
          />
        </form>

        <Results
          estimate={estimate}
          comparison={comparison}
          priceProblem={priceProblem}
          problem={sesParsed.ok ? undefined : firstProblem(sesParsed.fieldErrors)}
        />
      </div>

      {announcer}
      <Footnote />
    </div>
  );
}

function Unit({ children }: { children: ReactNode }) {
  return (
    <span aria-hidden="true" className="pr-2 text-sm text-gray-500">
      {children}
    </span>
  );
}

function firstProblem(fieldErrors: Partial<Record<SesCostField, string[]>>): string {
  for (const name of Object.keys(FIELD_LABELS) as SesCostField[]) {
    const message = fieldErrors[name]?.[0];
    if (message) return `${FIELD_LABELS[name]}: ${message}`;
  }
  return "Check the numbers you entered.";
}

/** Announces the result politely once typing pauses, not at every keystroke. */
function useDebouncedAnnouncement(summary: string) {
  const { announce, region } = useAnnouncer();
  const lastAnnounced = useRef(summary);
  useEffect(() => {
    if (summary === lastAnnounced.current) return;
    const timer = setTimeout(() => {
      lastAnnounced.current = summary;
      announce(summary);
    }, 700);
    return () => clearTimeout(timer);
  }, [summary, announce]);
  return region;
}

function summarize(estimate: SesCostEstimate, comparison: ProviderComparison | undefined): string {
  const total = `Estimated Amazon SES cost: ${money.format(estimate.total)} a month.`;
  return comparison ? `${total} ${comparisonHeadline(comparison)}` : total;
}

function comparisonHeadline(comparison: ProviderComparison): string {
  const price = `${pricePer1000.format(comparison.providerPricePer1000)} per 1,000`;
  if (comparison.cheaper === "ses")
    return `SES saves ${money.format(comparison.monthlySaving)} a month against ${price}.`;
  if (comparison.cheaper === "provider") {
    return `At this volume a per-email provider at ${price} is cheaper, by ${money.format(-comparison.monthlySaving)} a month.`;
  }
  return `At this volume SES costs the same as ${price}.`;
}

function PlanPicker({ id, value, onChange }: { id: string; value: SesPlan; onChange: (plan: SesPlan) => void }) {
  return (
    <fieldset>
      <legend id={`${id}-legend`} className="text-sm font-medium text-gray-900">
        {FIELD_LABELS.plan}
      </legend>
      <div
        role="radiogroup"
        aria-labelledby={`${id}-legend`}
        aria-describedby={`${id}-hint`}
        className="mt-2 grid gap-2 sm:grid-cols-2"
      >
        {SES_PLANS.map((plan) => {
          const checked = plan === value;
          const price = SES_PRICES.plans[plan];
          const defaultFor = "defaultFor" in price ? price.defaultFor : undefined;
          return (
            <label
              key={plan}
              className={[
                "relative flex cursor-pointer gap-3 rounded-lg border bg-white px-3 py-2.5 transition-colors",
                "has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600",
                checked
                  ? "border-indigo-600 ring-1 ring-indigo-600"
                  : "border-gray-200 hover:border-gray-300 hover:bg-gray-50",
              ].join(" ")}
            >
              <input
                type="radio"
                name={id}
                value={plan}
                checked={checked}
                aria-describedby={`${id}-${plan}-description`}
                onChange={() => onChange(plan)}
                className="absolute inset-0 z-10 size-full cursor-pointer appearance-none rounded-lg opacity-0"
              />
              <span className="min-w-0 flex-1">
                <span className="block text-sm font-semibold text-gray-900">{price.label}</span>
                <span id={`${id}-${plan}-description`} className="mt-1 block text-xs/5 text-gray-600">
                  {describePlanPrice(plan)}.
                  {defaultFor && <span className="block text-gray-500">Default for {defaultFor}.</span>}
                </span>
              </span>
              {checked && (
                <span
                  aria-hidden="true"
                  className="flex size-5 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-white"
                >
                  <CheckIcon className="size-3.5" strokeWidth={3} />
                </span>
              )}
            </label>
          );
        })}
      </div>
      <p id={`${id}-hint`} className="mt-2 text-sm text-gray-500">
        The plan is set per AWS account and per region. See what each plan includes on the{" "}
        <ExternalLink href={SES_PRICES.pricingUrl}>AWS pricing page</ExternalLink>.
      </p>
    </fieldset>
  );
}

function Results({
  estimate,
  comparison,
  priceProblem,
  problem,
}: {
  estimate: SesCostEstimate | undefined;
  comparison: ProviderComparison | undefined;
  priceProblem: string | undefined;
  problem: string | undefined;
}) {
  return (
    <div className="rounded-xl bg-gray-50 p-4 ring-1 ring-gray-200 ring-inset sm:p-5 lg:col-span-2 lg:self-start">
      <h3 className="text-sm font-medium text-gray-600">Estimated Amazon SES cost a month</h3>
      {estimate ? (
        <>
          <p data-testid="ses-cost-total" className="mt-1 text-3xl font-semibold tracking-tight text-gray-900">
            {money.format(estimate.total)}
          </p>
          <p className="mt-1 text-sm text-gray-600">
            {estimate.effectivePricePer1000 === null
              ? "No emails, so no price per 1,000."
              : `${pricePer1000.format(estimate.effectivePricePer1000)} per 1,000 emails, all in.`}
          </p>
          <Breakdown estimate={estimate} />
          <Comparison estimate={estimate} comparison={comparison} priceProblem={priceProblem} />
        </>
      ) : (
        <>
          <p data-testid="ses-cost-total" className="mt-1 text-3xl font-semibold tracking-tight text-gray-400">
            —
          </p>
          <p className="mt-2 text-sm text-gray-600">No estimate yet. {problem}</p>
        </>
      )}
    </div>
  );
}

function Breakdown({ estimate }: { estimate: SesCostEstimate }) {
  const plan = SES_PRICES.plans[estimate.plan];
  const tiered = plan.tiers.length > 1;
  return (
    <dl className="mt-4 divide-y divide-gray-200 border-t border-gray-200 text-sm">
      {estimate.tiers.length === 0 ? (
        <Line label="Sending: no emails" amount={0} />
      ) : (
        estimate.tiers.map((tier) => (
          <Line
            key={tier.fromEmail}
            label={
              tiered
                ? `Emails ${count.format(tier.fromEmail)}–${count.format(tier.toEmail)} at ${pricePer1000.format(tier.pricePer1000)} per 1,000`
                : `${count.format(tier.emails)} emails at ${pricePer1000.format(tier.pricePer1000)} per 1,000`
            }
            amount={tier.cost}
          />
        ))
      )}
      <Line
        label={`Attachments: ${gigabytes.format(estimate.attachmentGbPerMonth)} GB at ${money.format(SES_PRICES.attachmentsPerGb)} per GB`}
        amount={estimate.attachments}
      />
      <Line
        label={estimate.planFee === 0 ? `${plan.label}: no monthly fee` : `${plan.label} plan fee`}
        amount={estimate.planFee}
      />
      <Line label="Total a month" amount={estimate.total} strong />
    </dl>
  );
}

function Line({ label, amount, strong = false }: { label: string; amount: number; strong?: boolean }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-2">
      <dt className={strong ? "font-semibold text-gray-900" : "text-gray-600"}>{label}</dt>
      <dd className={`shrink-0 tabular-nums ${strong ? "font-semibold text-gray-900" : "text-gray-900"}`}>
        {money.format(amount)}
      </dd>
    </div>
  );
}

function Comparison({
  estimate,
  comparison,
  priceProblem,
}: {
  estimate: SesCostEstimate;
  comparison: ProviderComparison | undefined;
  priceProblem: string | undefined;
}) {
  if (priceProblem) {
    return (
      <p className="mt-4 text-sm text-gray-600">
        No comparison yet. {FIELD_LABELS.providerPricePer1000}: {priceProblem}
      </p>
    );
  }
  if (!comparison) {
    return (
      <p className="mt-4 text-sm text-gray-600">
        Enter what your current provider charges per 1,000 emails to see what SES would save.
      </p>
    );
  }
  const plan = SES_PRICES.plans[estimate.plan].label;
  const price = `${pricePer1000.format(comparison.providerPricePer1000)} per 1,000`;
  const { breakEven } = comparison;
  const tone =
    comparison.cheaper === "ses"
      ? "border-emerald-200 bg-emerald-50/70 text-emerald-950"
      : comparison.cheaper === "provider"
        ? "border-amber-200 bg-amber-50/70 text-amber-950"
        : "border-gray-200 bg-white text-gray-900";
  return (
    <div data-testid="ses-cost-comparison" className={`mt-4 rounded-lg border p-3 text-sm ${tone}`}>
      <p className="font-semibold">{comparisonHeadline(comparison)}</p>
      <p className="mt-1 text-gray-700">
        {money.format(comparison.providerMonthly)} a month at {price}, against {money.format(comparison.sesMonthly)} on
        SES ({plan}).
      </p>
      <p className="mt-2 text-gray-700">
        {breakEven.kind === "at"
          ? `Break-even: ${count.format(breakEven.emailsPerMonth)} emails a month. Above that, SES (${plan}) is cheaper; below it, ${price} is.`
          : breakEven.kind === "always"
            ? `SES (${plan}) is cheaper than ${price} at any volume.`
            : `SES (${plan}) is never cheaper than ${price}, whatever the volume.`}
        {estimate.attachments > 0 &&
          ` This counts your ${gigabytes.format(estimate.attachmentGbPerMonth)} GB of attachments as a fixed monthly cost.`}
      </p>
    </div>
  );
}

function Footnote() {
  const { freeTier } = SES_PRICES;
  const attachments = money.format(SES_PRICES.attachmentsPerGb);
  const freeTiers =
    `${count.format(freeTier.legacyMessagesPerMonth)} message charges a month for the first ${freeTier.legacyMonths} ` +
    `months on the legacy free tier; AWS accounts opened from ${isoDate(freeTier.creditsFrom)} get up to ` +
    `${wholeDollars.format(freeTier.creditsUpTo)} of credits for ${freeTier.creditsMonths} months instead`;
  return (
    <p className="text-xs/5 text-gray-500">
      {`Amazon SES list prices for ${SES_PRICES.region} as of ${isoDate(SES_PRICES.asOf)} (pricing plans as published ${isoDate(PLANS_AS_OF)}), in US dollars, for one account sending from one region. `}
      {`SES charges per recipient. This estimate charges attachments at ${attachments} per GB on every plan: AWS lists that price for à la carte, and our price source gives none for the plans. `}
      {`Each line is rounded to the cent. The comparison sets SES’s total against your provider’s price per 1,000 alone. `}
      {`Not included: free tiers (${freeTiers}), dedicated IPs (${money.format(SES_PRICES.dedicatedIpPerMonth)} a month each), taxes and other AWS charges. `}
      Prices change: check <ExternalLink href={SES_PRICES.pricingUrl}>Amazon SES pricing</ExternalLink>.
    </p>
  );
}
