// How long the `ses` command takes to answer: from spawning the process to its exit with the
// diagnosis of a 535 reply complete on stdout (checked: JSON naming auth-failed, exit status 1).
// The documented invocation, `node cli/ses.mjs diagnose …`, carries the budget; `npm run ses` (the
// same launcher behind npm's own start), running the source with tsx (what `npm run ses` did
// before the launcher) and Node starting with nothing to do (`node -e ""`, the floor no Node
// program goes below) are measured alongside, spawn after spawn in turn so load from elsewhere
// falls on all of them alike. The first run after a change builds the bundle; it is measured on
// its own, by removing the bundle (.cache/cli) before each of those runs.

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Benchmark, type Figure, summarize } from "./support/benchmark";

const ROOT = path.resolve(import.meta.dirname, "..");
const BUNDLE_CACHE = path.join(ROOT, ".cache/cli");
const REPLY = "535 Authentication Credentials Invalid";
const BUDGET_MS = 300;

interface Variant {
  label: string;
  command: string;
  args: string[];
  /** Exit status and stdout of a correct answer. */
  answers: (status: number | null, stdout: string) => boolean;
}

const diagnosed = (status: number | null, stdout: string) => {
  try {
    return status === 1 && (JSON.parse(stdout) as { cause?: string }).cause === "auth-failed";
  } catch {
    return false;
  }
};

const DOCUMENTED: Variant = {
  label: `node cli/ses.mjs diagnose "${REPLY}"`,
  command: process.execPath,
  args: ["cli/ses.mjs", "diagnose", REPLY],
  answers: diagnosed,
};
const VIA_NPM: Variant = {
  label: `npm run --silent ses -- diagnose "…"`,
  command: "npm",
  args: ["run", "--silent", "ses", "--", "diagnose", REPLY],
  answers: diagnosed,
};
const FROM_SOURCE: Variant = {
  label: `tsx cli/ses.ts diagnose "…" (source, no bundle)`,
  command: path.join(ROOT, "node_modules/.bin/tsx"),
  args: ["cli/ses.ts", "diagnose", REPLY],
  answers: diagnosed,
};
const NODE_FLOOR: Variant = {
  label: `node -e ""`,
  command: process.execPath,
  args: ["-e", ""],
  answers: (status, stdout) => status === 0 && stdout === "",
};

/** Other work on the machine stretches every start alike; the reader should know how much there was. */
function machineLoad(before: number, after: number): string {
  const cores = os.availableParallelism();
  const high = Math.max(before, after);
  if (high < cores * 0.75) return "";
  return (
    ` The machine was busy (load average ${before.toFixed(1)} → ${after.toFixed(1)} on ${cores} cores): ` +
    "every start here, Node's own included, took longer than on a quiet machine."
  );
}

/**
 * CPU time (user + system, every thread) of the finished children of this process, in ms, from
 * /proc/self/stat (Linux; undefined elsewhere). Other processes do not inflate it as they do the
 * clock, so it shows what a start costs on a busy machine. The kernel counts in 10 ms ticks.
 */
function childrenCpuMs(): number | undefined {
  try {
    // The fields after the command name, which is in parentheses and may contain spaces.
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(") ") + 2).split(" ");
    // cutime and cstime are fields 16 and 17 of the file, so the 14th and 15th after the name; USER_HZ is 100.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

interface Start {
  ms: number;
  cpuMs?: number;
}

/** Time from spawn to exit (and the CPU time the process used), after checking the answer. */
function time(variant: Variant): Promise<Start> {
  return new Promise((resolve, reject) => {
    const cpuBefore = childrenCpuMs();
    const started = performance.now();
    const child = spawn(variant.command, variant.args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => {
      const ms = performance.now() - started;
      const cpuAfter = childrenCpuMs();
      const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
      if (variant.answers(status, stdout)) resolve({ ms, cpuMs });
      else
        reject(
          new Error(`${variant.label}: exit ${status}, stdout ${stdout.slice(0, 200)}, stderr ${stderr.slice(0, 200)}`),
        );
    });
  });
}

export const benchmark: Benchmark = {
  id: "cli",
  title: "ses CLI: start to answer",
  async run({ log, quick }) {
    const firstRuns = quick ? 1 : 3;
    const spawns = quick ? 5 : 20;

    const first: number[] = [];
    for (let run = 1; run <= firstRuns; run++) {
      fs.rmSync(BUNDLE_CACHE, { recursive: true, force: true });
      first.push((await time(DOCUMENTED)).ms);
      log(`cli: first run ${run}/${firstRuns} (bundle built): ${first.at(-1)!.toFixed(0)} ms`);
    }

    const loadBefore = os.loadavg()[0]!;
    const variants = [DOCUMENTED, VIA_NPM, FROM_SOURCE, NODE_FLOOR];
    log("cli: warming up");
    for (const variant of variants) for (let i = 0; i < 2; i++) await time(variant);
    const times = new Map<Variant, number[]>(variants.map((variant) => [variant, []]));
    const cpuTimes = new Map<Variant, number[]>(variants.map((variant) => [variant, []]));
    for (let round = 1; round <= spawns; round++) {
      for (const variant of variants) {
        const { ms, cpuMs } = await time(variant);
        times.get(variant)!.push(ms);
        if (cpuMs !== undefined) cpuTimes.get(variant)!.push(cpuMs);
      }
      log(
        `cli: round ${round}/${spawns}: ` +
          variants.map((variant) => `${times.get(variant)!.at(-1)!.toFixed(0)} ms`).join(", "),
      );
    }

    const floor = summarize(times.get(NODE_FLOOR)!).value;
    const cpu = (variant: Variant) => {
      const values = cpuTimes.get(variant)!;
      return values.length === 0 ? undefined : summarize(values).value;
    };
    const cpuNote = (variant: Variant) =>
      cpu(variant) === undefined
        ? ""
        : ` CPU time used (user + system, median): ${cpu(variant)!.toFixed(0)} ms, Node's own start ${cpu(NODE_FLOOR)!.toFixed(0)} ms.`;
    const load = machineLoad(loadBefore, os.loadavg()[0]!);
    const how = `spawn → exit with the diagnosis on stdout checked, ${spawns} spawns after a warm-up, bundle built`;
    const figure = (variant: Variant, label: string, note: string, budget?: Figure["budget"]): Figure => {
      const stats = summarize(times.get(variant)!);
      return {
        label,
        unit: "ms",
        ...stats,
        ...(budget ? { budget } : {}),
        note: `\`${variant.label}\`, ${how}: ${note}; ${(stats.value - floor).toFixed(0)} ms above Node's own start.${cpuNote(variant)}${load}`,
      };
    };
    return [
      figure(
        DOCUMENTED,
        "ses diagnose, start to answer (documented: node cli/ses.mjs)",
        "the invocation the README gives",
        { op: "<=", limit: BUDGET_MS },
      ),
      figure(VIA_NPM, "ses diagnose, start to answer via npm run ses", "the same launcher, started by npm"),
      figure(
        FROM_SOURCE,
        "ses diagnose, start to answer from source with tsx",
        "how `npm run ses` ran before the launcher (compiles the TypeScript at every start)",
      ),
      {
        label: 'Node\'s own start (node -e ""), for comparison',
        unit: "ms",
        ...summarize(times.get(NODE_FLOOR)!),
        note: "Spawn → exit of a Node that does nothing, in the same rounds: the floor under any Node program.",
      },
      {
        label: "ses diagnose, first run (builds the bundle)",
        unit: "ms",
        ...summarize(first),
        note:
          `\`${DOCUMENTED.label}\` with .cache/cli removed first: the check, the esbuild build, then the answer. ` +
          `Once after a clone and after each change to cli/ or the lib/ files it uses.`,
      },
    ];
  },
};
