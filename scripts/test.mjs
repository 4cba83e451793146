#!/usr/bin/env node
// `npm test`: every check and every test, in one run, ending with one line that sums them:
// formatting, lint and types (one check each), the vitest projects (unit, integration on
// PostgreSQL, integration on PGlite), then a production build and the Playwright suite.
// Steps keep going after a failure so one run reports everything; the exit code is 1 if any failed.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const reports = path.join(root, ".cache/test-reports");
fs.rmSync(reports, { recursive: true, force: true });
fs.mkdirSync(reports, { recursive: true });
const bin = (name) => path.join(root, "node_modules/.bin", name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

const tally = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
// Named in the summary, which is what a CI log's tail shows: a failure far up a long log is easy to miss.
const failures = [];

function run(title, command, args, extraEnv = {}) {
  process.stdout.write(`\n▶ ${title}\n`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { ok: result.status === 0, seconds };
}

function check(title, command, args) {
  const { ok, seconds } = run(title, command, args);
  tally[ok ? "passed" : "failed"] += 1;
  lines.push(`${ok ? "ok  " : "FAIL"} ${title} (${seconds} s)`);
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

// Static checks.
check("format (prettier --check)", bin("prettier"), ["--check", "--log-level", "warn", "."]);
check("lint (eslint)", bin("eslint"), [".", "--max-warnings", "0"]);
check("types (tsc --noEmit)", bin("tsc"), ["--noEmit"]);

// A runner that exits non-zero must count as failed even when its report shows no failed test
// (a global setup that threw, a web server that never started, a suite that did not load).
function record(title, ok, seconds, counts) {
  const failed = counts ? counts.failed : 0;
  const extra = !ok && failed === 0 ? 1 : 0;
  tally.passed += counts?.passed ?? 0;
  tally.failed += failed + extra;
  tally.skipped += counts?.skipped ?? 0;
  const detail = counts ? `${counts.passed} passed, ${failed + extra} failed` : "no report";
  lines.push(`${ok ? "ok  " : "FAIL"} ${title}: ${detail} (${seconds} s)`);
}

// Unit and integration tests.
{
  const file = path.join(reports, "vitest.json");
  const { ok, seconds } = run("vitest: unit, integration on PostgreSQL, integration on PGlite", bin("vitest"), [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${file}`,
  ]);
  const report = readJson(file);
  for (const suite of report?.testResults ?? []) {
    const where = path.relative(root, suite.name);
    const failedTests = suite.assertionResults.filter((test) => test.status === "failed");
    for (const test of failedTests) failures.push(`vitest ${where} › ${test.fullName}`);
    if (suite.status === "failed" && failedTests.length === 0)
      failures.push(`vitest ${where} (did not load: ${suite.message})`);
  }
  record(
    "vitest",
    ok,
    seconds,
    report && {
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      skipped: report.numPendingTests + report.numTodoTests,
    },
  );
}

function collectPlaywrightFailures(suites, titles) {
  for (const suite of suites) {
    const inSuite = suite.file && titles.length === 0 ? [suite.file] : [...titles, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === "unexpected")
          failures.push(`playwright [${test.projectName}] ${[...inSuite, spec.title].join(" › ")}`);
      }
    }
    collectPlaywrightFailures(suite.suites ?? [], inSuite);
  }
}

// End-to-end tests against a production build.
if (check("build (next build)", bin("next"), ["build"])) {
  const file = path.join(reports, "playwright.json");
  const { ok, seconds } = run(
    "playwright: end to end in Chromium",
    bin("playwright"),
    ["test", "--reporter=list,json"],
    {
      PLAYWRIGHT_JSON_OUTPUT_NAME: file,
    },
  );
  const report = readJson(file);
  collectPlaywrightFailures(report?.suites ?? [], []);
  for (const error of report?.errors ?? []) failures.push(`playwright: ${error.message?.split("\n")[0]}`);
  record(
    "playwright",
    ok,
    seconds,
    report?.stats && {
      passed: report.stats.expected + report.stats.flaky,
      failed: report.stats.unexpected + (report.errors?.length ?? 0),
      skipped: report.stats.skipped,
    },
  );
} else {
  record("playwright (not run: the build failed)", false, "0.0");
}

process.stdout.write(`\n── summary ──\n${lines.join("\n")}\nscreenshots: test-results/screenshots/\n\n`);
if (failures.length > 0) process.stdout.write(`failed:\n${failures.map((name) => `  ${name}`).join("\n")}\n\n`);
const skipped = tally.skipped ? `, ${tally.skipped} skipped` : "";
process.stdout.write(`${tally.passed} passed, ${tally.failed} failed${skipped}\n`);
process.exit(tally.failed === 0 ? 0 : 1);
