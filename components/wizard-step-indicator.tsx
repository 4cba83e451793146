import { CheckIcon } from "./icons";

/**
 * Where the person is in the wizard: numbered circles with their labels underneath, joined by a
 * line. Steps already reached are buttons that go back to them; the current one carries
 * aria-current="step".
 */
export function WizardStepIndicator({
  steps,
  current,
  furthest,
  onSelect,
}: {
  steps: readonly { label: string }[];
  current: number;
  /** The furthest step reached: every step up to it can be revisited. */
  furthest: number;
  onSelect: (index: number) => void;
}) {
  return (
    <nav aria-label="Setup steps">
      <ol className="grid" style={{ gridTemplateColumns: `repeat(${steps.length}, minmax(0, 1fr))` }}>
        {steps.map((step, index) => {
          const isCurrent = index === current;
          const done = index < furthest && !isCurrent;
          const reachable = index <= furthest && !isCurrent;
          const state = isCurrent ? ", current step" : done ? ", done" : "";
          const content = (
            <>
              <span
                aria-hidden="true"
                className={[
                  "flex size-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold transition-colors",
                  isCurrent
                    ? "bg-indigo-600 text-white ring-4 ring-indigo-100"
                    : done
                      ? "bg-indigo-50 text-indigo-700 ring-1 ring-indigo-600/30 group-hover:bg-indigo-100"
                      : reachable
                        ? "bg-white text-indigo-700 ring-1 ring-indigo-600/30 group-hover:bg-indigo-50"
                        : "bg-white text-gray-500 ring-1 ring-gray-300",
                ].join(" ")}
              >
                {done ? <CheckIcon className="size-3.5" strokeWidth={3} /> : index + 1}
              </span>
              <span
                className={`text-center text-xs/4 sm:text-sm/5 ${
                  isCurrent ? "font-semibold text-gray-900" : reachable ? "font-medium text-gray-700" : "text-gray-500"
                } ${
                  // Narrow screens have room for one label: the current step's. The others stay readable to screen readers.
                  isCurrent ? "whitespace-nowrap" : "sr-only sm:not-sr-only"
                }`}
              >
                <span className="sr-only">Step {index + 1}: </span>
                {step.label}
                <span className="sr-only">{state}</span>
              </span>
            </>
          );
          return (
            <li key={step.label} className="relative flex justify-center">
              {index < steps.length - 1 && (
                <span
                  aria-hidden="true"
                  className={`absolute top-3.5 right-[calc(-50%+1.25rem)] left-[calc(50%+1.25rem)] h-0.5 -translate-y-1/2 rounded-full ${
                    index < furthest ? "bg-indigo-300" : "bg-gray-200"
                  }`}
                />
              )}
              {reachable ? (
                <button
                  type="button"
                  onClick={() => onSelect(index)}
                  className="group flex min-w-0 flex-col items-center gap-1.5 rounded-md px-1 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                >
                  {content}
                </button>
              ) : (
                <span
                  aria-current={isCurrent ? "step" : undefined}
                  className="flex min-w-0 flex-col items-center gap-1.5 px-1"
                >
                  {content}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
