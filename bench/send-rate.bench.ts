// Issue #7, item 2: sending at the SES cap. Two app instances on one PostgreSQL database send test
// emails through one saved domain as fast as they are let, while the simulator enforces the same
// maximum send rate as SES (a token bucket per account and region, `454 Throttling failure` on
// excess). The shared limiter is what must hold the pace: the achieved rate should be the cap,
// and SES should never have to refuse a message.
import { loadSesSimulatorScenario } from "../lib/ses-simulator";
import {
  seedSendingDomain,
  seedWorkspace,
  signIn,
  startAppCluster,
  testSendOverHttp,
  type AppCluster,
} from "../tests/support/app-cluster";
import { PROJECT_ROOT } from "../tests/support/prisma-cli";
import { percentile, type Benchmark, type BenchContext, type Figure } from "./support/benchmark";
import { REGION, simulatorDomain } from "./support/simulator-account";

const DOMAIN = "rate.example.net";

export const benchmark: Benchmark = {
  id: "send-rate",
  title: "Sending at the SES cap: two app instances sharing PostgreSQL against the simulator's limit",
  needsProductionBuild: true,
  async run(context) {
    const scenario = await loadSesSimulatorScenario(`${PROJECT_ROOT}/ses-simulator/scenario.json`);
    // An account out of the sandbox with the From domain verified, as a production sender has.
    const production = {
      ...scenario,
      sandbox: false,
      max24HourSend: -1,
      identities: { ...scenario.identities, [REGION]: [...(scenario.identities[REGION] ?? []), DOMAIN] },
    };
    const cluster = await startAppCluster({
      instances: 2,
      name: "bench_send_rate",
      scenario: { ...production, maxSendRate: 14 },
    });
    try {
      const person = await seedWorkspace(cluster.db, "bench-send-rate");
      const sendingDomainId = await seedSendingDomain(cluster.db, person.ctx, simulatorDomain(DOMAIN, 14));
      const cookies = await Promise.all(cluster.instances.map((instance) => signIn(instance.url, person)));
      const load = { cluster, cookies, sendingDomainId };

      const figures = await sendAtCap(context, load, { rate: 14, seconds: context.quick ? 10 : 30, label: "14/s" });

      // The sandbox's 1 a second: a shorter window, the whole run must fit in ten minutes.
      cluster.simulator.setScenario({ ...production, maxSendRate: 1 });
      await cluster.db.prisma.sendingDomain.update({ where: { id: sendingDomainId }, data: { maxSendRate: 1 } });
      figures.push(...(await sendAtCap(context, load, { rate: 1, seconds: context.quick ? 8 : 20, label: "1/s" })));
      return figures;
    } finally {
      await cluster.stop();
    }
  },
};

interface Load {
  cluster: AppCluster;
  cookies: string[];
  sendingDomainId: string;
}

async function sendAtCap(
  { log }: BenchContext,
  { cluster, cookies, sendingDomainId }: Load,
  { rate, seconds, label }: { rate: number; seconds: number; label: string },
): Promise<Figure[]> {
  // Enough requests in flight that a slot is always waiting to be used: each request holds its
  // place for (in flight / rate) seconds, well over the time a send takes once its slot comes.
  const perInstance = Math.max(3, Math.ceil(rate * 1.2));
  const eventsBefore = cluster.simulatorEvents.length;
  log(
    `${label}: ${seconds} s of load, ${perInstance} requests in flight on each of ${cluster.instances.length} instances`,
  );
  const started = Date.now();
  const deadline = started + seconds * 1000;
  const outcomes: { ok: boolean; what: string }[] = [];
  let counter = 0;
  const worker = async (baseUrl: string, cookie: string) => {
    while (Date.now() < deadline) {
      const to = `rate-${label.replace("/", "-per-")}-${counter++}@example.com`;
      const sent = await testSendOverHttp(baseUrl, cookie, { kind: "saved", sendingDomainId, to });
      outcomes.push({
        ok: sent.result?.ok === true,
        what: sent.result?.reply ?? (sent.final?.type === "error" ? sent.final.message : `${sent.status} ${sent.body}`),
      });
    }
  };
  await Promise.all(
    cluster.instances.flatMap((instance, i) =>
      Array.from({ length: perInstance }, () => worker(instance.url, cookies[i]!)),
    ),
  );
  const finished = Date.now();

  const events = cluster.simulatorEvents.slice(eventsBefore).filter((event) => / DATA from /.test(event.line));
  const accepted = events.filter((event) => /: 250 /.test(event.line)).map((event) => event.at);
  const throttled = events.filter((event) => /: 454 /.test(event.line)).length;
  // For each 454: how long after the message before it (accepted or not) it arrived.
  const throttledAfterMs = events.flatMap((event, i) =>
    i > 0 && /: 454 /.test(event.line) ? [event.at - events[i - 1]!.at] : [],
  );
  const failed = outcomes.filter((outcome) => !outcome.ok);
  if (accepted.length < 3) throw new Error(`only ${accepted.length} emails were accepted at ${label}`);

  // The achieved rate: accepted emails over the time from the first to the last of them — the
  // drain after the load stops is paced by the same limiter, so it belongs to the window.
  const spanSeconds = (accepted.at(-1)! - accepted[0]!) / 1000;
  const achieved = (accepted.length - 1) / spanSeconds;
  // Jitter: how far each gap between two accepted emails is from the cap's 1/rate.
  const gap = 1000 / rate;
  const gaps = accepted.slice(1).map((at, i) => at - accepted[i]!);
  const deviations = gaps.map((g) => Math.abs(g - gap));
  const std = Math.sqrt(gaps.reduce((sum, g) => sum + (g - gap) ** 2, 0) / gaps.length);
  // The achieved rate in each whole second of the window, for its spread.
  const perSecond: number[] = [];
  for (let from = accepted[0]!; from + 1000 <= accepted.at(-1)!; from += 1000) {
    perSecond.push(accepted.filter((at) => at >= from && at < from + 1000).length);
  }
  log(
    `${label}: ${accepted.length} accepted in ${spanSeconds.toFixed(1)} s, ${throttled} × 454, ` +
      `${failed.length} of ${outcomes.length} tests not sent; load ran ${((finished - started) / 1000).toFixed(1)} s`,
  );
  const failures = failed.length > 0 ? `; ${failed.length} tests not sent, e.g. "${failed[0]!.what}"` : "";
  return [
    {
      label: `Achieved rate at a ${label} cap, share of the cap`,
      value: (achieved / rate) * 100,
      unit: "%",
      ...(perSecond.length >= 2
        ? {
            spread: {
              low: (percentile(perSecond, 5) / rate) * 100,
              high: (percentile(perSecond, 95) / rate) * 100,
              kind: "p5–p95" as const,
            },
          }
        : {}),
      runs: accepted.length,
      budget: { op: ">=", limit: 97 },
      note:
        `${accepted.length} emails accepted by the simulator in ${spanSeconds.toFixed(1)} s (first to last) = ` +
        `${achieved.toFixed(2)}/s; spread: emails in each whole second of the window; ` +
        `${seconds} s of load from ${2 * Math.max(3, Math.ceil(rate * 1.2))} requests in flight on 2 instances${failures}`,
    },
    {
      label: `454 replies at a ${label} cap`,
      value: throttled,
      unit: "count",
      runs: events.length,
      budget: { op: "<=", limit: 0 },
      note:
        `every DATA the simulator answered during the ${label} window, retries included` +
        (throttledAfterMs.length > 0
          ? `; each 454 came ${throttledAfterMs.map((ms) => `${ms} ms`).join(", ")} after the message before it`
          : ""),
    },
    {
      label: `Jitter at a ${label} cap, std-dev of the gap between emails`,
      value: std,
      unit: "ms",
      spread: { low: percentile(gaps, 5), high: percentile(gaps, 95), kind: "p5–p95" },
      runs: gaps.length,
      note: `gaps between accepted emails (cap: one every ${gap.toFixed(1)} ms); spread: the gaps' p5–p95; p95 of |gap − ${gap.toFixed(1)} ms| = ${percentile(deviations, 95).toFixed(1)} ms`,
    },
  ];
}
