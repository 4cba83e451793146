// What every benchmark in bench/ returns, and the statistics they share. A benchmark measures
// something repeatedly and reports figures: each the median of its runs, with their spread, and
// the budget the issue sets for it (if any), so the runner can say whether it was met.

export interface Spread {
  low: number;
  high: number;
  /** "min–max" for a handful of runs; "p5–p95" or "IQR" when there are many samples. */
  kind: "min–max" | "IQR" | "p5–p95";
}

export interface Budget {
  op: "<=" | ">=";
  limit: number;
}

export interface Figure {
  /** What was measured, as the README table names it, e.g. "diagnose() calls per second, one core". */
  label: string;
  /** The median of the runs. */
  value: number;
  /** "ms", "calls/s", "KB gz", "×" (a ratio), "%", "emails/s", "count"… */
  unit: string;
  spread?: Spread;
  /** How many runs or samples the median is of. */
  runs: number;
  budget?: Budget;
  /** Context a reader needs: what it was compared with, why a budget is missed. */
  note?: string;
}

export interface BenchContext {
  /** Progress for the person watching (stderr); the table is printed by the runner. */
  log: (line: string) => void;
  /** `npm run bench -- --quick`: fewer repetitions, for trying a change; results.md is not written. */
  quick: boolean;
}

export interface Benchmark {
  /** Short id to run it alone: `npm run bench -- <id>`. */
  id: string;
  title: string;
  /** Runs against `next start`: the runner builds the app first if `.next` is missing or older than the sources. */
  needsProductionBuild?: boolean;
  run: (context: BenchContext) => Promise<Figure[]>;
}

export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Linear interpolation between closest ranks; p in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error("percentile of no values");
  const ordered = sorted(values);
  const rank = (p / 100) * (ordered.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return ordered[lower]! + (ordered[upper]! - ordered[lower]!) * (rank - lower);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Median and spread of repeated runs: min–max below 20 values, the interquartile range above. */
export function summarize(values: readonly number[]): { value: number; spread: Spread; runs: number } {
  const spread: Spread =
    values.length < 20
      ? { low: Math.min(...values), high: Math.max(...values), kind: "min–max" }
      : { low: percentile(values, 25), high: percentile(values, 75), kind: "IQR" };
  return { value: median(values), spread, runs: values.length };
}

/** Whether a figure meets its budget; undefined when it has none. */
export function meetsBudget(figure: Figure): boolean | undefined {
  if (!figure.budget) return undefined;
  return figure.budget.op === "<=" ? figure.value <= figure.budget.limit : figure.value >= figure.budget.limit;
}
