import type { ReactNode } from "react";
import type { AccountCheck, AccountCheckReport, CheckStatus } from "@/lib/aws/check-types";
import { sesRegionName } from "@/lib/ses/regions";
import { Badge, type BadgeTone } from "./badge";
import { Card } from "./card";
import { FormattedDate } from "./formatted-date";
import { CheckCircleIcon, InfoIcon, MinusCircleIcon, WarningIcon, XCircleIcon } from "./icons";

const STATUS: Record<CheckStatus, { label: string; Icon: typeof InfoIcon; icon: string }> = {
  pass: { label: "Passed", Icon: CheckCircleIcon, icon: "text-emerald-600" },
  warn: { label: "Warning", Icon: WarningIcon, icon: "text-amber-500" },
  fail: { label: "Failed", Icon: XCircleIcon, icon: "text-red-600" },
  unavailable: { label: "Not checked", Icon: InfoIcon, icon: "text-gray-400" },
  skipped: { label: "Skipped", Icon: MinusCircleIcon, icon: "text-gray-300" },
};

const REVIEW_WORDS: Record<string, { label: string; tone: BadgeTone }> = {
  PENDING: { label: "Production access requested: under review", tone: "amber" },
  GRANTED: { label: "Production access granted", tone: "green" },
  DENIED: { label: "Production access denied", tone: "red" },
  FAILED: { label: "Production access request failed", tone: "red" },
};

const count = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 2 });

/** One quota as a bar: how much of it the last 24 hours used. */
function QuotaGauge({ label, used, max, unit }: { label: string; used: number; max: number; unit: string }) {
  const unlimited = max < 0;
  const share = unlimited || max === 0 ? 0 : Math.min(1, used / max);
  const tone = share >= 0.9 ? "bg-red-500" : share >= 0.7 ? "bg-amber-500" : "bg-indigo-500";
  return (
    <div>
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-medium text-gray-900">{label}</span>
        <span className="text-gray-600 tabular-nums">
          {unlimited ? `${count(used)} ${unit} · no limit` : `${count(used)} of ${count(max)} ${unit}`}
        </span>
      </div>
      {!unlimited && (
        <div
          role="meter"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={max}
          aria-valuenow={used}
          className="mt-2 h-2 overflow-hidden rounded-full bg-gray-100"
        >
          <div
            className={`h-full rounded-full ${tone}`}
            style={{ width: `${Math.max(share * 100, used > 0 ? 2 : 0)}%` }}
          />
        </div>
      )}
    </div>
  );
}

/** The account at a glance: sandbox or production, paused or not, the review, the quotas. */
function AccountSummary({ report }: { report: AccountCheckReport }) {
  const account = report.account;
  if (!account) return null;
  const mode =
    account.productionAccess === null ? (
      <Badge>Sandbox status unknown</Badge>
    ) : account.productionAccess ? (
      <Badge tone="green" dot>
        Production
      </Badge>
    ) : (
      <Badge tone="amber" dot>
        {account.productionAccessBasis === "quota-heuristic" ? "Probably in the sandbox" : "Sandbox"}
      </Badge>
    );
  const review = account.review ? REVIEW_WORDS[account.review.status] : undefined;
  return (
    <Card className="p-4 sm:p-5" data-testid="aws-account-summary">
      <div className="flex flex-wrap items-center gap-2">
        {mode}
        {account.sendingEnabled === false && <Badge tone="red">Sending paused</Badge>}
        {account.sendingEnabled === true && <Badge tone="green">Sending enabled</Badge>}
        {account.enforcementStatus && account.enforcementStatus !== "HEALTHY" && (
          <Badge tone="red">{account.enforcementStatus === "PROBATION" ? "On probation" : "Shut down"}</Badge>
        )}
        {review && <Badge tone={review.tone}>{review.label}</Badge>}
      </div>
      {account.quota && (
        <div className="mt-4 grid gap-4 sm:grid-cols-2">
          <QuotaGauge
            label="Sent in the last 24 hours"
            used={account.quota.sentLast24Hours}
            max={account.quota.max24HourSend}
            unit="emails"
          />
          <div className="text-sm">
            <p className="font-medium text-gray-900">Maximum send rate</p>
            <p className="mt-1 text-gray-600 tabular-nums" data-testid="aws-max-send-rate">
              {account.quota.maxSendRate < 0 ? "No limit" : `${count(account.quota.maxSendRate)} emails per second`}
            </p>
          </div>
        </div>
      )}
    </Card>
  );
}

function CheckRow({ check, action }: { check: AccountCheck; action?: ReactNode }) {
  const { Icon, icon, label } = STATUS[check.status];
  return (
    <li className="flex gap-3 px-4 py-3.5 sm:px-5" data-testid={`aws-check-${check.id}`} data-status={check.status}>
      <Icon className={`mt-0.5 size-5 shrink-0 ${icon}`} />
      <div className="min-w-0 flex-1 text-sm">
        <p className="font-medium text-gray-900">
          {check.title}
          <span className="sr-only">: {label}</span>
        </p>
        <p className="mt-0.5 text-gray-700">{check.summary}</p>
        {check.detail && <p className="mt-1 text-gray-600">{check.detail}</p>}
        {check.fix && <p className="mt-1 text-gray-600">{check.fix}</p>}
        {check.fixSteps && check.fixSteps.length > 0 && (
          <ol className="mt-2 list-decimal space-y-1 pl-5 text-gray-600">
            {check.fixSteps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        )}
        {action && <div className="mt-3">{action}</div>}
      </div>
    </li>
  );
}

/** A check report: the account summary, then every check with its status, findings and fix. */
export function AwsAccountReport({
  report,
  actions = {},
}: {
  report: AccountCheckReport;
  /** Buttons under a check, by check id (e.g. the policy migration under "policy-style"). */
  actions?: Partial<Record<AccountCheck["id"], ReactNode>>;
}) {
  return (
    <div className="space-y-4" data-testid="aws-account-report">
      <p className="text-sm text-gray-600">
        {sesRegionName(report.region) ?? report.region} ({report.region}), checked{" "}
        <FormattedDate date={new Date(report.checkedAt)} withTime />.
      </p>
      <AccountSummary report={report} />
      <Card>
        <ul className="divide-y divide-gray-100">
          {report.checks.map((check) => (
            <CheckRow key={check.id} check={check} action={actions[check.id]} />
          ))}
        </ul>
      </Card>
    </div>
  );
}
