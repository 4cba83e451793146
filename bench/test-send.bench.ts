// Issue #7, item 1: the app's whole test send of a saved domain — POST /api/test-sends over HTTP,
// session and workspace checks, the test-send allowance, opening the sealed password, the paced
// SMTP session through the simulator, the diagnosis and the database writes — against the
// simplest thing that does the same job: a nodemailer script sending the same message with the
// same credentials to the same simulator port, over a fresh connection each time.
import nodemailer from "nodemailer";
import { buildTestMessage } from "../lib/sending/test-message";
import {
  seedSendingDomain,
  seedWorkspace,
  signIn,
  startAppCluster,
  testSendOverHttp,
} from "../tests/support/app-cluster";
import { median, percentile, summarize, type Benchmark, type Figure } from "./support/benchmark";
import { simulatorDomain, SMTP_HOST, SMTP_PASSWORD, SMTP_USERNAME } from "./support/simulator-account";

const DOMAIN = "example.com";
const FROM = `hello@${DOMAIN}`;
const TO = "bench@example.com";

export const benchmark: Benchmark = {
  id: "test-send",
  title: "Test-send overhead: the app's whole test send against a bare nodemailer send",
  needsProductionBuild: true,
  async run({ log, quick }) {
    const warmUps = quick ? 3 : 5;
    const pairs = quick ? 10 : 40;
    // Pacing must not be what is measured: the simulator has no rate limit here and the domain
    // allows 1,000 a second, so every send finds its slot free (a 1 ms gap) and waits for nothing.
    const cluster = await startAppCluster({
      instances: 1,
      name: "bench_test_send",
      scenario: { maxSendRate: -1, max24HourSend: -1 },
    });
    try {
      const person = await seedWorkspace(cluster.db, "bench-test-send");
      const sendingDomainId = await seedSendingDomain(cluster.db, person.ctx, simulatorDomain(DOMAIN, 1000));
      const baseUrl = cluster.instances[0]!.url;
      const cookie = await signIn(baseUrl, person);
      const { simulator } = cluster;

      const app = async () => {
        const sent = await testSendOverHttp(baseUrl, cookie, { kind: "saved", sendingDomainId, to: TO });
        if (!sent.result?.ok) {
          throw new Error(`the app's test send failed: ${sent.status} ${JSON.stringify(sent.final ?? sent.body)}`);
        }
        return { elapsedMs: sent.elapsedMs, smtpMs: sent.result.durationMs };
      };
      const bare = async () => {
        const started = performance.now();
        // What the app sends: the same builder, subject and body.
        const message = await buildTestMessage({
          from: FROM,
          to: [TO],
          subject: `Inflowave test email for ${DOMAIN}`,
          via: `${SMTP_HOST}:587`,
        });
        const transport = nodemailer.createTransport({
          host: simulator.host,
          port: simulator.starttlsPort,
          secure: false,
          requireTLS: true,
          auth: { user: SMTP_USERNAME, pass: SMTP_PASSWORD },
          tls: { ca: [simulator.caPem], servername: SMTP_HOST, minVersion: "TLSv1.2" },
        });
        try {
          const info = await transport.sendMail({ envelope: message.envelope, raw: message.raw });
          if (!/^250/.test(info.response)) throw new Error(`the bare send was refused: ${info.response}`);
        } finally {
          transport.close();
        }
        return performance.now() - started;
      };

      log(`warming up (${warmUps} pairs)`);
      for (let i = 0; i < warmUps; i++) {
        await app();
        await bare();
      }
      log(`${pairs} pairs, alternating which side goes first`);
      const appMs: number[] = [];
      const appOutsideSmtpMs: number[] = [];
      const bareMs: number[] = [];
      const ratios: number[] = [];
      for (let i = 0; i < pairs; i++) {
        let a: { elapsedMs: number; smtpMs: number };
        let b: number;
        if (i % 2 === 0) {
          a = await app();
          b = await bare();
        } else {
          b = await bare();
          a = await app();
        }
        appMs.push(a.elapsedMs);
        appOutsideSmtpMs.push(a.elapsedMs - a.smtpMs);
        bareMs.push(b);
        ratios.push(a.elapsedMs / b);
      }

      const ratio = median(appMs) / median(bareMs);
      const pairRatios = summarize(ratios);
      return [
        {
          label: "Test send, app: POST /api/test-sends (saved domain)",
          unit: "ms",
          ...summarize(appMs),
          note:
            `request to the stream's last byte; of which outside the SMTP session (HTTP, session, checks, ` +
            `DB writes): median ${median(appOutsideSmtpMs).toFixed(1)} ms, p90 ${percentile(appOutsideSmtpMs, 90).toFixed(1)} ms`,
        },
        {
          label: "Test send, bare nodemailer script",
          unit: "ms",
          ...summarize(bareMs),
          note: "fresh transport and connection per send, STARTTLS, same message and credentials, same simulator",
        },
        {
          label: "Test-send overhead, app / bare",
          unit: "×",
          value: ratio,
          // The spread of the ratio: the interquartile range of the per-pair ratios.
          spread: pairRatios.spread,
          runs: pairs,
          budget: { op: "<=", limit: 1.3 },
          note: `ratio of the medians; per-pair ratios median ${pairRatios.value.toFixed(2)}`,
        },
      ] satisfies Figure[];
    } finally {
      await cluster.stop();
    }
  },
};
