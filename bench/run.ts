// `npm run bench`: every benchmark of issue #7 in a fixed order, a table of their figures, and
// bench/results.md with the machine they ran on. `npm run bench -- <id>…` runs some of them;
// `--quick` runs fewer repetitions and leaves results.md alone. Benchmarks are not tests: a missed
// budget is reported (and makes the exit code 1), it does not stop the run.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { meetsBudget, type Benchmark, type Figure } from "./support/benchmark";
import { buildForProduction, checkProductionBuild } from "./support/production-build";

// In the order they run; the development server's cold start last (it compiles, and leaves the
// machine busy for a while after).
const MODULES: (() => Promise<{ benchmark: Benchmark }>)[] = [
  // CPU-bound first, before the app servers have warmed the machine up.
  () => import("./diagnose.bench"),
  () => import("./cli.bench"),
  () => import("./test-send.bench"),
  () => import("./send-rate.bench"),
  () => import("./pages.bench"),
  () => import("./cold-start.bench"),
];

const RESULTS_FILE = path.join(import.meta.dirname, "results.md");

interface Outcome {
  benchmark: Benchmark;
  figures: Figure[];
  seconds: number;
  error?: string;
}

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const wanted = args.filter((arg) => !arg.startsWith("--"));
  const all = await Promise.all(MODULES.map(async (load) => (await load()).benchmark));
  const unknown = wanted.filter((id) => !all.some((benchmark) => benchmark.id === id));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown benchmark ${unknown.join(", ")}. There are: ${all.map((b) => b.id).join(", ")}.\n`);
    process.exit(2);
  }
  const selected = wanted.length > 0 ? all.filter((benchmark) => wanted.includes(benchmark.id)) : all;
  const started = performance.now();
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  const say = (line: string) => process.stderr.write(`[${elapsed(started)}] ${line}\n`);

  let buildNote = "not needed by the benchmarks run";
  if (selected.some((benchmark) => benchmark.needsProductionBuild)) {
    const check = checkProductionBuild();
    if (check.stale) {
      say(`building for production: ${check.reason}`);
      const ms = await buildForProduction();
      buildNote = `built by this run in ${(ms / 1000).toFixed(0)} s (${check.reason})`;
    } else {
      buildNote = `reused: ${check.reason}`;
    }
    say(`production build ${buildNote}`);
  }

  const outcomes: Outcome[] = [];
  for (const benchmark of selected) {
    say(`${benchmark.id}: ${benchmark.title}`);
    const benchStarted = performance.now();
    try {
      const figures = await benchmark.run({ quick, log: (line) => say(`  ${benchmark.id}: ${line}`) });
      outcomes.push({ benchmark, figures, seconds: (performance.now() - benchStarted) / 1000 });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      say(`${benchmark.id} FAILED: ${message}`);
      outcomes.push({ benchmark, figures: [], seconds: (performance.now() - benchStarted) / 1000, error: message });
    }
  }
  const totalSeconds = (performance.now() - started) / 1000;

  process.stdout.write("\n" + renderTable(outcomes, "text") + "\n\n");
  for (const line of renderNotes(outcomes)) process.stdout.write(line + "\n");
  process.stdout.write(`Total: ${formatDuration(totalSeconds)}; production build ${buildNote}.\n`);
  if (!quick) {
    const report = renderReport({ outcomes, startedAt, totalSeconds, buildNote, loadAtStart, subset: wanted });
    fs.writeFileSync(RESULTS_FILE, report);
    process.stdout.write(`Wrote ${path.relative(process.cwd(), RESULTS_FILE)}.\n`);
  }
  const failed = outcomes.some((o) => o.error || o.figures.some((figure) => meetsBudget(figure) === false));
  process.exitCode = failed ? 1 : 0;
}

function elapsed(since: number): string {
  return formatDuration((performance.now() - since) / 1000);
}

function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return m > 0 ? `${m} min ${String(s).padStart(2, "0")} s` : `${s} s`;
}

/** Three significant digits or so, whole numbers with thousands separators. */
function formatNumber(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatBudget(figure: Figure): string {
  if (!figure.budget) return "–";
  return `${figure.budget.op === "<=" ? "≤" : "≥"} ${formatNumber(figure.budget.limit)} ${figure.unit}`;
}

function row(figure: Figure): string[] {
  const met = meetsBudget(figure);
  return [
    figure.label,
    `${formatNumber(figure.value)} ${figure.unit}`,
    figure.spread
      ? `${formatNumber(figure.spread.low)}–${formatNumber(figure.spread.high)} (${figure.spread.kind})`
      : "–",
    String(figure.runs),
    formatBudget(figure),
    met === undefined ? "–" : met ? "yes" : "NO",
  ];
}

const HEADER = ["figure", "median", "spread", "runs", "budget", "met?"];

function renderTable(outcomes: Outcome[], style: "text" | "markdown"): string {
  if (style === "markdown") {
    const lines = [`| ${HEADER.join(" | ")} |`, `| ${HEADER.map(() => "---").join(" | ")} |`];
    for (const outcome of outcomes) {
      lines.push(`| **${outcome.benchmark.title}** | | | | | |`);
      if (outcome.error) lines.push(`| failed: see the notes | | | | | |`);
      for (const figure of outcome.figures) lines.push(`| ${row(figure).join(" | ")} |`);
    }
    return lines.join("\n");
  }
  const rows: (string[] | string)[] = [];
  for (const outcome of outcomes) {
    rows.push(`${outcome.benchmark.id} — ${outcome.benchmark.title} (${formatDuration(outcome.seconds)})`);
    if (outcome.error) rows.push("  FAILED: " + outcome.error.split("\n")[0]);
    for (const figure of outcome.figures) rows.push(row(figure));
  }
  const widths = HEADER.map((_, i) =>
    Math.max(HEADER[i]!.length, ...rows.filter((r) => Array.isArray(r)).map((r) => r[i]!.length)),
  );
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join("  ");
  return [line(HEADER), ...rows.map((r) => (typeof r === "string" ? r : line(r)))].join("\n");
}

function renderNotes(outcomes: Outcome[]): string[] {
  return outcomes.flatMap((outcome) => [
    ...(outcome.error ? [`- **${outcome.benchmark.title}** failed: ${outcome.error.split("\n")[0]}`] : []),
    ...outcome.figures.filter((figure) => figure.note).map((figure) => `- **${figure.label}**: ${figure.note}`),
  ]);
}

function renderReport(input: {
  outcomes: Outcome[];
  startedAt: Date;
  totalSeconds: number;
  buildNote: string;
  loadAtStart: number[];
  subset: string[];
}): string {
  const { outcomes, startedAt, totalSeconds, buildNote, loadAtStart, subset } = input;
  const cpus = os.cpus();
  const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(", ");
  const notes = renderNotes(outcomes);
  return [
    "# Benchmark results",
    "",
    `Written by \`npm run bench\`${subset.length > 0 ? ` (only ${subset.join(", ")})` : ""}; see the README's Benchmarks section for what each figure measures.`,
    "",
    `- **Date:** ${startedAt
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, " UTC")}`,
    `- **Commit:** ${gitCommit()}`,
    `- **Machine:** ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ` +
      `Node ${process.version}, ${osName()}`,
    `- **Load average** (1, 5, 15 min) at the start: ${load(loadAtStart)}; at the end: ${load(os.loadavg())}`,
    `- **Duration:** ${formatDuration(totalSeconds)}, production build ${buildNote}`,
    "",
    "Each figure is the median of its runs; the spread is min–max for fewer than 20 runs, the interquartile range above.",
    "",
    renderTable(outcomes, "markdown"),
    "",
    "## Notes",
    "",
    ...notes,
    "",
  ].join("\n");
}

function gitCommit(): string {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8" }).trim();
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return "unknown (not a git checkout)";
  }
}

function osName(): string {
  try {
    const release = fs.readFileSync("/etc/os-release", "utf8");
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1];
    if (pretty) return `${pretty}, ${os.type()} ${os.release()}`;
  } catch {
    // not Linux, or no os-release
  }
  return `${os.type()} ${os.release()}`;
}

await main();
