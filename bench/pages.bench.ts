// Issue #7, item 3: page weight and speed, from the production build. First-load JavaScript is what
// a browser fetches to show the page: every script the served HTML links to (but the noModule
// polyfills), gzipped as they are on the wire. Server response time is /settings/email under 50 concurrent connections against
// the cheapest page the same server renders: its 404 page (the app has no prerendered page — every
// page carries a per-request CSP nonce — so this is the honest "static" reference: same proxy,
// headers and root layout, no session, no database).
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import { seedSendingDomain, seedWorkspace, signIn, startAppCluster } from "../tests/support/app-cluster";
import { PROJECT_ROOT } from "../tests/support/prisma-cli";
import { median, percentile, summarize, type Benchmark, type Figure } from "./support/benchmark";
import { simulatorDomain } from "./support/simulator-account";

const CONNECTIONS = 50;
const PAGE = "/settings/email";
const WIZARD = "/settings/email/new";
const BASELINE = "/bench-reference-not-found";

export const benchmark: Benchmark = {
  id: "pages",
  title: "Page weight and speed: first-load JavaScript, and /settings/email under 50 connections",
  needsProductionBuild: true,
  async run({ log, quick }) {
    const cluster = await startAppCluster({ instances: 1, name: "bench_pages", env: { NODE_ENV: "production" } });
    try {
      const person = await seedWorkspace(cluster.db, "bench-pages");
      for (const name of ["mail", "news", "billing"]) {
        await seedSendingDomain(cluster.db, person.ctx, simulatorDomain(`${name}.example.com`, 14));
      }
      const baseUrl = cluster.instances[0]!.url;
      const cookie = await signIn(baseUrl, person);

      const figures: Figure[] = [];
      for (const [label, route, budget] of [
        ["First-load JS, /settings/email (gzipped)", PAGE, undefined],
        ["First-load JS, the wizard /settings/email/new (gzipped)", WIZARD, 150],
        ["First-load JS, the 404 page: Next.js and React alone (gzipped)", BASELINE, undefined],
      ] as const) {
        const weight = await firstLoadJs(baseUrl, route, cookie, route === BASELINE ? 404 : 200);
        log(`${route}: ${weight.files} scripts, ${(weight.gzipBytes / 1024).toFixed(1)} KB gzipped`);
        figures.push({
          label,
          value: weight.gzipBytes / 1024,
          unit: "KB gz",
          runs: 1,
          ...(budget ? { budget: { op: "<=" as const, limit: budget } } : {}),
          note:
            `${weight.files} scripts linked from the served HTML, ${(weight.rawBytes / 1024).toFixed(0)} KB before gzip ` +
            `(gzip level 9, KB = 1,024 bytes); deterministic, so measured once`,
        });
      }

      const headers = { cookie };
      const seconds = quick ? 3 : 5;
      const pairs = quick ? 2 : 5;
      log(`warming up both pages, then ${pairs} pairs of ${seconds} s runs with ${CONNECTIONS} connections`);
      await load(`${baseUrl}${PAGE}`, headers, 2);
      await load(`${baseUrl}${BASELINE}`, headers, 2);
      const p50Ratios: number[] = [];
      const p95Ratios: number[] = [];
      const pageP50: number[] = [];
      const pageP95: number[] = [];
      const baseP50: number[] = [];
      const baseP95: number[] = [];
      const throughput: { page: number[]; base: number[] } = { page: [], base: [] };
      for (let i = 0; i < pairs; i++) {
        const order = i % 2 === 0 ? (["page", "base"] as const) : (["base", "page"] as const);
        const runs: Record<string, LoadRun> = {};
        for (const which of order) {
          runs[which] = await load(`${baseUrl}${which === "page" ? PAGE : BASELINE}`, headers, seconds);
        }
        const page = runs.page!;
        const base = runs.base!;
        if (page.statuses.some((status) => status !== 200)) throw new Error(`${PAGE} answered ${page.statuses}`);
        if (base.statuses.some((status) => status !== 404)) throw new Error(`${BASELINE} answered ${base.statuses}`);
        pageP50.push(page.p50);
        pageP95.push(page.p95);
        baseP50.push(base.p50);
        baseP95.push(base.p95);
        p50Ratios.push(page.p50 / base.p50);
        p95Ratios.push(page.p95 / base.p95);
        throughput.page.push(page.perSecond);
        throughput.base.push(base.perSecond);
      }
      const reference = `the 404 page (${BASELINE}): p50 ${median(baseP50).toFixed(0)} ms, p95 ${median(baseP95).toFixed(0)} ms, ${median(throughput.base).toFixed(0)} req/s`;
      figures.push(
        {
          label: `${PAGE} response time under ${CONNECTIONS} connections, p50`,
          unit: "ms",
          ...summarize(pageP50),
          note: `${median(throughput.page).toFixed(0)} requests/s; signed in, a workspace with 3 domains; ${seconds} s runs`,
        },
        { label: `${PAGE} response time under ${CONNECTIONS} connections, p95`, unit: "ms", ...summarize(pageP95) },
        {
          label: `${PAGE} / static reference page, p50 ratio`,
          unit: "×",
          ...summarize(p50Ratios),
          budget: { op: "<=", limit: 2 },
          note: `per pair of runs, alternating which goes first; reference: ${reference}`,
        },
        {
          label: `${PAGE} / static reference page, p95 ratio`,
          unit: "×",
          ...summarize(p95Ratios),
          budget: { op: "<=", limit: 2 },
        },
      );
      return figures;
    } finally {
      await cluster.stop();
    }
  },
};

interface LoadRun {
  p50: number;
  p95: number;
  perSecond: number;
  statuses: number[];
}

function load(url: string, headers: Record<string, string>, seconds: number): Promise<LoadRun> {
  const times: number[] = [];
  const statuses = new Set<number>();
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: seconds, headers }, (error, result) => {
      if (error) return reject(error);
      if (times.length === 0) return reject(new Error(`no answers from ${url}`));
      if (result.errors > 0) return reject(new Error(`${result.errors} connection errors from ${url}`));
      resolve({
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        perSecond: result.requests.total / seconds,
        statuses: [...statuses],
      });
    });
    instance.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
      statuses.add(statusCode);
      times.push(responseTimeMs);
    });
  });
}

/** The scripts a signed-in browser loads with the page, read from the build and gzipped. */
async function firstLoadJs(baseUrl: string, route: string, cookie: string, expectedStatus: number) {
  const response = await fetch(`${baseUrl}${route}`, { headers: { cookie } });
  if (response.status !== expectedStatus) throw new Error(`${route} answered ${response.status}`);
  const html = await response.text();
  // A noModule script (Next.js's polyfills, ≈ 39 KB gzipped) is skipped by every browser that runs
  // modules, i.e. every browser Next.js 16 supports: it is not part of what they load.
  const sources = new Set(
    [...html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)]
      .filter((match) => !/\snomodule\b/i.test(`${match[1]} ${match[3]}`))
      .map((match) => new URL(match[2]!, baseUrl).pathname),
  );
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const source of sources) {
    if (!source.startsWith("/_next/static/"))
      throw new Error(`${route} loads a script from outside the build: ${source}`);
    const file = path.join(PROJECT_ROOT, ".next/static", decodeURIComponent(source.slice("/_next/static/".length)));
    const bytes = fs.readFileSync(file);
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  if (sources.size === 0) throw new Error(`${route} links no scripts`);
  return { files: sources.size, rawBytes, gzipBytes };
}
