// How fast diagnose() explains real SES replies: every entry of the corpus the unit tests check
// (tests/unit/fixtures/ses-replies.ts: strings, nodemailer errors, AWS SDK errors, some with the
// settings that decide the cause), in order, over and over, in this process's main thread — so on
// one core. Each timed run lasts at least a second; the figure is the median of the runs' calls
// per second of wall-clock time, and beside it the same runs per second of CPU time the process
// used (which other processes taking turns on the core do not lower). The comparison is the simplest thing that gives an answer at all: take the first
// three-digit reply code out of the text with a regex and look its cause up in the same cause
// table. It is far cheaper and often wrong; how often is in its note.

import os from "node:os";
import { CAUSE_TABLE, type DiagnosisCause } from "../lib/ses/causes";
import { diagnose } from "../lib/ses/diagnose";
import { SES_REPLY_CORPUS } from "../tests/unit/fixtures/ses-replies";
import { type Benchmark, type Figure, summarize } from "./support/benchmark";

const BUDGET_CALLS_PER_SECOND = 100_000;

const CAUSE_BY_REPLY_CODE = new Map<number, DiagnosisCause>();
for (const entry of CAUSE_TABLE) {
  for (const code of entry.match.replyCodes ?? []) {
    if (!CAUSE_BY_REPLY_CODE.has(code)) CAUSE_BY_REPLY_CODE.set(code, entry.cause);
  }
}
const REPLY_CODE = /\b([2-5]\d\d)\b/;

/** The baseline: the reply code's cause from the table, "unknown" without one. */
function replyCodeLookup(input: unknown): DiagnosisCause {
  const text = typeof input === "string" ? input : input instanceof Error ? input.message : String(input);
  const code = REPLY_CODE.exec(text)?.[1];
  return (code && CAUSE_BY_REPLY_CODE.get(Number(code))) || "unknown";
}

type Explain = (entry: (typeof SES_REPLY_CORPUS)[number]) => DiagnosisCause;

const explainers: Record<"diagnose" | "baseline", Explain> = {
  diagnose: (entry) => diagnose(entry.input, entry.context).cause,
  baseline: (entry) => replyCodeLookup(entry.input),
};

interface Rate {
  /** Calls per second of wall-clock time. */
  wall: number;
  /** Calls per second of CPU time used by this process: what the rate would be with a core to itself. */
  cpu: number;
}

/** Calls per second over whole passes of the corpus, for at least `minMs`. */
function timedRun(explain: Explain, minMs: number): Rate {
  let calls = 0;
  let sink = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let elapsed = 0;
  do {
    for (const entry of SES_REPLY_CORPUS) sink += explain(entry).length;
    calls += SES_REPLY_CORPUS.length;
    elapsed = performance.now() - started;
  } while (elapsed < minMs);
  const cpu = process.cpuUsage(cpuBefore);
  // The results are used, so no call can be optimised away.
  if (sink === 0) throw new Error("diagnose returned nothing");
  return { wall: (calls / elapsed) * 1000, cpu: (calls / (cpu.user + cpu.system)) * 1_000_000 };
}

function correct(explain: Explain): number {
  return SES_REPLY_CORPUS.filter((entry) => explain(entry) === entry.cause).length;
}

export const benchmark: Benchmark = {
  id: "diagnose",
  title: "diagnose() on the corpus of real SES replies, one core",
  async run({ log, quick }) {
    const runs = quick ? 3 : 10;
    const runMs = quick ? 250 : 1_000;
    const size = SES_REPLY_CORPUS.length;
    const loadBefore = os.loadavg()[0]!;
    const rightByDiagnose = correct(explainers.diagnose);
    const rightByBaseline = correct(explainers.baseline);

    // V8 takes seconds to settle on its optimised code, longer when other processes hold the CPU.
    log(`diagnose: warming up (${size} corpus entries)`);
    timedRun(explainers.diagnose, quick ? 500 : 5_000);
    timedRun(explainers.baseline, quick ? 100 : 1_000);

    // Alternated, so a burst of load from elsewhere falls on both alike.
    const rates = { diagnose: [] as Rate[], baseline: [] as Rate[] };
    for (let run = 1; run <= runs; run++) {
      for (const name of ["diagnose", "baseline"] as const) rates[name].push(timedRun(explainers[name], runMs));
      const { diagnose: last, baseline } = { diagnose: rates.diagnose.at(-1)!, baseline: rates.baseline.at(-1)! };
      log(
        `diagnose: run ${run}/${runs}: ${Math.round(last.wall)} calls/s (per CPU second ${Math.round(last.cpu)}; ` +
          `baseline ${Math.round(baseline.wall)})`,
      );
    }

    const perRun = `${runs} runs of ≥ ${runMs / 1000} s each, after a warm-up`;
    const thread = "in the benchmark process's main thread (so one core; other work on the machine competes for it)";
    const wall = summarize(rates.diagnose.map((rate) => rate.wall));
    const baseline = summarize(rates.baseline.map((rate) => rate.wall));
    // CPU time over wall time: about 1 when the process had the core to itself.
    const share = summarize(rates.diagnose.map((rate) => rate.wall / rate.cpu)).value;
    const contended =
      share < 0.8
        ? ` The process ran only ${Math.round(share * 100)}% of the time (CPU time / wall time; load average ` +
          `${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores): other ` +
          "work on the machine held this figure down; the CPU-time figure below is what one free core does."
        : "";
    return [
      {
        label: "diagnose() calls per second, one core",
        unit: "calls/s",
        ...wall,
        budget: { op: ">=", limit: BUDGET_CALLS_PER_SECOND },
        note:
          `Every one of the ${size} corpus entries in turn, ${thread}; ${perRun}; wall-clock time. ` +
          `Names the expected cause for ${rightByDiagnose} of ${size}.${contended}`,
      },
      {
        label: "diagnose() calls per CPU second",
        unit: "calls/s",
        ...summarize(rates.diagnose.map((rate) => rate.cpu)),
        note:
          "The same runs, counted against the CPU time the process used instead of the clock: close to the " +
          "figure above on a quiet machine, higher when other processes took turns on the core.",
      },
      {
        label: "baseline: regex for the reply code + table lookup, calls per second",
        unit: "calls/s",
        ...baseline,
        note:
          `The simplest thing that answers: the first 3-digit code in the text, its cause from the same table. ` +
          `Same corpus, thread and runs. Right for only ${rightByBaseline} of ${size} entries ` +
          `(diagnose: ${rightByDiagnose}); diagnose takes ${(baseline.value / wall.value).toFixed(0)}× as long per call.`,
      },
    ] satisfies Figure[];
  },
};
