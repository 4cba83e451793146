import { TEST_SEND_STAGE_LABELS, TEST_SEND_STAGE_NAMES } from "@/lib/sending/test-send-stages";
import { CheckCircleIcon, MinusCircleIcon, SpinnerIcon, XCircleIcon } from "./icons";

/** A stage as streamed live or as stored with a past test. */
export interface StageView {
  name: string;
  label: string;
  status: "passed" | "failed" | "skipped";
  ms?: number;
  detail?: string;
}

type RowStatus = StageView["status"] | "running" | "pending";

const STATUS_TEXT: Record<RowStatus, string> = {
  passed: "passed",
  failed: "failed",
  skipped: "skipped",
  running: "running",
  pending: "waiting",
};

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * The eight stages of a test send, each with a mark, its time and what happened. While a test runs
 * (`running`), the stage after the last one reported spins and the rest wait.
 */
export function TestSendProgress({
  stages,
  running = false,
  label = "Test progress",
}: {
  stages: readonly StageView[];
  running?: boolean;
  label?: string;
}) {
  const byName = new Map(stages.map((stage) => [stage.name, stage]));
  const firstMissing = TEST_SEND_STAGE_NAMES.find((name) => !byName.has(name));
  return (
    <ol aria-label={label} className="divide-y divide-gray-100 rounded-xl border border-gray-200 bg-white">
      {TEST_SEND_STAGE_NAMES.map((name, index) => {
        const stage = byName.get(name);
        const status: RowStatus = stage?.status ?? (running && name === firstMissing ? "running" : "pending");
        const label = stage?.label ?? TEST_SEND_STAGE_LABELS[name];
        return (
          <li
            key={name}
            data-testid={`test-send-stage-${name}`}
            data-status={status}
            className={`flex items-start gap-3 px-3 py-2 sm:px-4 ${status === "failed" ? "bg-red-50/60" : ""}`}
          >
            <StageMark status={status} />
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-baseline gap-x-2">
                <span className="text-xs text-gray-400 tabular-nums" aria-hidden="true">
                  {index + 1}.
                </span>
                <span
                  className={`text-sm font-medium ${
                    status === "pending" || status === "skipped" ? "text-gray-500" : "text-gray-900"
                  }`}
                >
                  {label}
                </span>
                <span className="sr-only">: {STATUS_TEXT[status]}</span>
              </div>
              {stage?.detail && (
                <p
                  className={`mt-0.5 font-mono text-xs break-words ${
                    status === "failed" ? "text-red-700" : "text-gray-500"
                  }`}
                >
                  {stage.detail}
                </p>
              )}
            </div>
            <span className="shrink-0 pt-0.5 text-xs text-gray-500 tabular-nums">
              {stage?.ms !== undefined ? formatDuration(stage.ms) : status === "running" ? "…" : ""}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

function StageMark({ status }: { status: RowStatus }) {
  switch (status) {
    case "passed":
      return <CheckCircleIcon className="size-5 shrink-0 text-emerald-600" />;
    case "failed":
      return <XCircleIcon className="size-5 shrink-0 text-red-600" />;
    case "skipped":
      return <MinusCircleIcon className="size-5 shrink-0 text-gray-300" />;
    case "running":
      return <SpinnerIcon className="size-5 shrink-0 text-indigo-600" />;
    case "pending":
      return (
        <span aria-hidden="true" className="flex size-5 shrink-0 items-center justify-center">
          <span className="size-3.5 rounded-full border-2 border-gray-200" />
        </span>
      );
  }
}
