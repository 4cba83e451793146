// Issue #7, item 5: cold start, to the first 200 from /settings/email for a signed-in person.
// Production: `next start` of the build, on a migrated PostgreSQL database, with a session made
// beforehand. Development: `npm run dev` from a fresh data folder, first with no compiled output
// (what a newcomer's first run does), then with Turbopack's cache from the run before: it migrates
// a new embedded PGlite, starts the simulator and Next.js dev, which compiles the sign-in page (it
// creates the demo account), the sign-in endpoint and the page on their first requests — the
// person's own steps, all counted.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { seedWorkspace, signIn, startAppCluster } from "../tests/support/app-cluster";
import { freePort, PROJECT_ROOT } from "../tests/e2e/support/servers";
import { DEMO_ACCOUNT } from "../lib/workspace/context";
import { median, summarize, type Benchmark, type BenchContext, type Figure } from "./support/benchmark";

const PAGE = "/settings/email";
const POLL_MS = 20;

export const benchmark: Benchmark = {
  id: "cold-start",
  title: "Cold start: to the first 200 from /settings/email",
  needsProductionBuild: true,
  async run(context) {
    return [...(await production(context)), ...(await development(context))];
  },
};

async function production({ log, quick }: BenchContext): Promise<Figure[]> {
  const runs = quick ? 2 : 5;
  const cluster = await startAppCluster({ instances: 1, name: "bench_cold_start", env: { NODE_ENV: "production" } });
  try {
    const person = await seedWorkspace(cluster.db, "bench-cold-start");
    const cookie = await signIn(cluster.instances[0]!.url, person);
    await cluster.instances[0]!.stop();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const instance = cluster.startInstance();
      try {
        await waitForStatus(`${instance.url}${PAGE}`, {
          headers: { cookie },
          timeoutMs: 60_000,
          exited: instance.exited,
          accepted: ok,
        });
        times.push(performance.now() - instance.startedAt);
      } finally {
        await instance.stop();
      }
      log(`next start #${i + 1}: ${times.at(-1)!.toFixed(0)} ms`);
    }
    return [
      {
        label: "Cold start, next start of the build → first 200 of /settings/email",
        unit: "ms",
        ...summarize(times),
        note: "from spawning `next start` (PostgreSQL, migrated, session already made) to the page's first 200",
      },
    ];
  } finally {
    await cluster.stop();
  }
}

async function development({ log, quick }: BenchContext): Promise<Figure[]> {
  // The first run after installing has no compile cache; later ones (a new data folder, the
  // cache kept in .next/dev) are what a person restarting sees. A run without the cache takes
  // minutes on a busy 2-core machine, so it is run once; the others three times.
  const first = await devColdStart({ keepCompileCache: false });
  log(`npm run dev, no compile cache: ${describe(first)}`);
  const runs = quick ? 1 : 3;
  const totals: number[] = [];
  const answering: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await devColdStart({ keepCompileCache: true });
    totals.push(run.totalMs);
    answering.push(run.answeringMs);
    log(`npm run dev #${i + 1}, compile cache kept: ${describe(run)}`);
  }
  const steps =
    `migrating a new PGlite, starting the simulator and Next.js dev; then GET /sign-in, signing in as the ` +
    `demo account and GET ${PAGE}, each compiled on its first request`;
  return [
    {
      label: "Cold start, first npm run dev (fresh data folder, no compile cache) → first 200 of /settings/email",
      unit: "ms",
      value: first.totalMs,
      runs: 1,
      note:
        `from \`npm run dev\` with an empty INFLOWAVE_DATA_DIR and no .next/dev: ${steps}; the server answered ` +
        `after ${first.answeringMs.toFixed(0)} ms, the sign-in page after ${first.signInPageMs.toFixed(0)} ms; one run (minutes each here)`,
    },
    {
      label: "Cold start, npm run dev (fresh data folder, compile cache kept) → first 200 of /settings/email",
      unit: "ms",
      ...summarize(totals),
      note: `as above with Turbopack's cache in .next/dev from the run before; the server answered after ${median(answering).toFixed(0)} ms (median)`,
    },
  ];
}

function describe(run: { answeringMs: number; signInPageMs: number; totalMs: number }): string {
  return (
    `first answer ${run.answeringMs.toFixed(0)} ms, sign-in page ${run.signInPageMs.toFixed(0)} ms, ` +
    `${PAGE} ${run.totalMs.toFixed(0)} ms`
  );
}

async function devColdStart({ keepCompileCache }: { keepCompileCache: boolean }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-bench-dev-"));
  if (!keepCompileCache) fs.rmSync(path.join(PROJECT_ROOT, ".next/dev"), { recursive: true, force: true });
  const port = freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // As a person runs it: no NODE_ENV (npm run dev is development).
  const { NODE_ENV: _nodeEnv, ...inherited } = process.env;
  const env: Record<string, string | undefined> = {
    ...inherited,
    INFLOWAVE_DATA_DIR: dataDir,
    DATABASE_URL: "",
    INFLOWAVE_ENCRYPTION_KEYS: "",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
  };
  const started = performance.now();
  // Its own process group, so stopping it stops npm, tsx, Next.js and Next's workers together.
  const child = spawn("npm", ["run", "dev", "--", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: PROJECT_ROOT,
    env: env as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  try {
    await waitForStatus(`${baseUrl}/api/health`, { timeoutMs: 180_000, exited, accepted: anyStatus });
    const answeringMs = performance.now() - started;
    await waitForStatus(`${baseUrl}/sign-in`, { timeoutMs: 180_000, exited, accepted: ok });
    const signInPageMs = performance.now() - started;
    const cookie = await signIn(baseUrl, DEMO_ACCOUNT);
    await waitForStatus(`${baseUrl}${PAGE}`, { headers: { cookie }, timeoutMs: 180_000, exited, accepted: ok });
    return { totalMs: performance.now() - started, answeringMs, signInPageMs };
  } catch (error) {
    throw new Error(`${(error as Error).message}\nnpm run dev said:\n${output.slice(-4000)}`);
  } finally {
    if (child.exitCode === null && child.pid) {
      process.kill(-child.pid, "SIGTERM");
      const stopped = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!stopped) process.kill(-child.pid, "SIGKILL");
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Polls `url` until it answers with a status `accepted` takes (any status: the server is up),
 * failing if the server exits first or `timeoutMs` passes.
 */
async function waitForStatus(
  url: string,
  options: {
    headers?: Record<string, string>;
    timeoutMs: number;
    exited: Promise<unknown>;
    accepted: (status: number) => boolean;
  },
): Promise<void> {
  const deadline = performance.now() + options.timeoutMs;
  let gone = false;
  void options.exited.then(() => (gone = true));
  let last = "no answer";
  for (;;) {
    if (gone) throw new Error(`the server exited before ${url} answered as expected (last: ${last})`);
    try {
      const response = await fetch(url, { headers: options.headers, redirect: "manual" });
      await response.arrayBuffer();
      if (options.accepted(response.status)) return;
      last = String(response.status);
    } catch (error) {
      last = (error as Error).message;
    }
    if (performance.now() > deadline)
      throw new Error(`${url} did not answer as expected within ${options.timeoutMs} ms (last: ${last})`);
    await sleep(POLL_MS);
  }
}

const anyStatus = () => true;
const ok = (status: number) => status === 200;
