import { expect, test } from "@playwright/test";
import type { TestSendOutcome } from "@/lib/generated/prisma/enums";
import type { DiagnosisCause } from "@/lib/ses/causes";
import {
  seedSendingDomain,
  seedWorkspace,
  signIn,
  startAppCluster,
  testSendOverHttp,
  type AppCluster,
  type TestSendOverHttp,
} from "../support/app-cluster";
import { SENDER, WITHOUT_POLICY } from "./support/simulator";

// Issue #6, load: 200 test sends at once from several workspaces, through two production app
// instances sharing one PostgreSQL, against the SES simulator enforcing SES's per-region cap.
// Every send must complete with its own recorded, correctly diagnosed outcome — none lost, none
// duplicated — and no domain may outrun its sending rate on either instance (SES would answer 454).

const RATE = 14;
const SENDS_PER_WORKSPACE = 40;
const RECIPIENT = "inbox@customer.example.net";

interface LoadWorkspace {
  tag: string;
  region: string;
  username: string;
  password: string;
  expected: { outcome: TestSendOutcome; cause?: DiagnosisCause };
}

// One region each: SES's rate is per account and region, and the simulator is one account.
const WORKSPACES: LoadWorkspace[] = [
  {
    tag: "north",
    region: "us-east-1",
    username: SENDER.username,
    password: SENDER.password("us-east-1"),
    expected: { outcome: "sent" },
  },
  {
    tag: "east",
    region: "eu-west-1",
    username: SENDER.username,
    password: SENDER.password("eu-west-1"),
    expected: { outcome: "sent" },
  },
  {
    tag: "south",
    region: "us-west-2",
    username: SENDER.username,
    password: SENDER.password("us-west-2"),
    expected: { outcome: "sent" },
  },
  // Credentials derived for another region: SES answers 535 at AUTH.
  {
    tag: "west",
    region: "ap-southeast-2",
    username: SENDER.username,
    password: SENDER.password("us-east-1"),
    expected: { outcome: "failed", cause: "auth-failed" },
  },
  // An IAM user without a sending policy: 554 Access denied after DATA.
  {
    tag: "centre",
    region: "eu-central-1",
    username: WITHOUT_POLICY.username,
    password: WITHOUT_POLICY.password("eu-central-1"),
    expected: { outcome: "failed", cause: "missing-sending-policy" },
  },
];

let cluster: AppCluster | undefined;
test.afterAll(async () => {
  await cluster?.stop();
});

test("200 test sends at once, from five workspaces, through two app instances sharing PostgreSQL", async () => {
  test.setTimeout(180_000);
  const regions = WORKSPACES.map((workspace) => workspace.region);
  cluster = await startAppCluster({
    instances: 2,
    name: "inflowave_load",
    scenario: {
      sandbox: false,
      maxSendRate: RATE,
      max24HourSend: 50_000,
      identities: Object.fromEntries(regions.map((region) => [region, ["load.example.com"]])),
      pendingIdentities: {},
    },
  });
  const { db, instances, simulator, simulatorLog } = cluster;

  const workspaces = await Promise.all(
    WORKSPACES.map(async (workspace) => {
      const person = await seedWorkspace(db, `load-${workspace.tag}-${Date.now().toString(36)}`);
      const domain = `${workspace.tag}.load.example.com`;
      const sendingDomainId = await seedSendingDomain(db, person.ctx, {
        domain,
        region: workspace.region,
        username: workspace.username,
        password: workspace.password,
        maxSendRate: RATE,
      });
      // Signed in on both instances, as two browser tabs behind a load balancer would be.
      const cookies = await Promise.all(instances.map((instance) => signIn(instance.url, person)));
      return { ...workspace, person, domain, sendingDomainId, cookies };
    }),
  );

  // Interleaved so each instance carries half of every workspace's sends, all at once.
  const jobs = workspaces.flatMap((workspace) =>
    Array.from({ length: SENDS_PER_WORKSPACE }, (_, index) => ({ workspace, instance: index % 2 })),
  );
  expect(jobs).toHaveLength(200);
  const started = performance.now();
  const answers: (TestSendOverHttp & { job: (typeof jobs)[number] })[] = await Promise.all(
    jobs.map(async (job) => ({
      job,
      ...(await testSendOverHttp(instances[job.instance]!.url, job.workspace.cookies[job.instance]!, {
        kind: "saved",
        sendingDomainId: job.workspace.sendingDomainId,
        to: RECIPIENT,
      })),
    })),
  );
  const wallMs = performance.now() - started;

  // Every request completed with a result of its own.
  const unfinished = answers.filter((answer) => answer.status !== 200 || !answer.result);
  if (unfinished.length > 0) {
    for (const instance of instances) console.error(`${instance.url}:\n${instance.output().slice(-6_000)}`);
  }
  expect(unfinished.map((answer) => `${answer.status} ${answer.body} ${JSON.stringify(answer.final)}`)).toEqual([]);
  const ids = answers.map((answer) => answer.testSendId!);
  expect(new Set(ids).size).toBe(200);

  // Each is recorded once, under the workspace that sent it, with the outcome and cause SES's reply means.
  const rows = await db.prisma.testSend.findMany({
    where: { sendingDomainId: { in: workspaces.map((workspace) => workspace.sendingDomainId) } },
    select: {
      id: true,
      workspaceId: true,
      sendingDomainId: true,
      outcome: true,
      diagnosisCause: true,
      sesMessageId: true,
    },
  });
  expect(rows).toHaveLength(200);
  expect(new Set(rows.map((row) => row.id))).toEqual(new Set(ids));
  for (const workspace of workspaces) {
    const own = rows.filter((row) => row.sendingDomainId === workspace.sendingDomainId);
    expect(own, workspace.tag).toHaveLength(SENDS_PER_WORKSPACE);
    expect(new Set(own.map((row) => row.workspaceId)), workspace.tag).toEqual(
      new Set([workspace.person.ctx.workspace.id]),
    );
    expect(new Set(own.map((row) => `${row.outcome} ${row.diagnosisCause ?? ""}`.trim())), workspace.tag).toEqual(
      new Set([`${workspace.expected.outcome} ${workspace.expected.cause ?? ""}`.trim()]),
    );
    for (const answer of answers.filter((a) => a.job.workspace === workspace)) {
      expect(answer.result!.ok, workspace.tag).toBe(workspace.expected.outcome === "sent");
      expect(answer.result!.diagnosis?.cause, workspace.tag).toBe(workspace.expected.cause);
    }
  }

  // SES accepted exactly the sends recorded as sent: none lost, none delivered twice.
  const delivered = simulator.outbox().filter((message) => message.envelope.from.endsWith(".load.example.com"));
  const sentRows = rows.filter((row) => row.outcome === "sent");
  expect(sentRows).toHaveLength(3 * SENDS_PER_WORKSPACE);
  expect(delivered).toHaveLength(sentRows.length);
  expect(new Set(delivered.map((message) => message.messageId))).toEqual(
    new Set(sentRows.map((row) => row.sesMessageId)),
  );

  // The rate held across both instances: SES never refused a message for going too fast, and
  // each domain's messages are spread at its rate, not bunched (past SES's one-second burst).
  expect(simulatorLog.filter((line) => / 454 /.test(line))).toEqual([]);
  const figures: string[] = [];
  for (const workspace of workspaces.filter((w) => w.expected.outcome === "sent")) {
    const times = delivered
      .filter((message) => message.envelope.from === `hello@${workspace.domain}`)
      .map((message) => Date.parse(message.receivedAt))
      .sort((a, b) => a - b);
    expect(times).toHaveLength(SENDS_PER_WORKSPACE);
    const spanMs = times.at(-1)! - times[0]!;
    expect(spanMs, workspace.tag).toBeGreaterThanOrEqual(((SENDS_PER_WORKSPACE - RATE) / RATE) * 1000 - 200);
    const busiestSecond = Math.max(...times.map((at) => times.filter((t) => t >= at && t < at + 1_000).length));
    figures.push(`${workspace.region}: ${(spanMs / 1000).toFixed(1)} s, busiest second ${busiestSecond}`);
  }

  const latencies = answers.map((answer) => answer.elapsedMs).sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!);
  console.info(
    [
      `load: 200 test sends over 2 instances in ${(wallMs / 1000).toFixed(1)} s`,
      `request time p50 ${at(50)} ms, p95 ${at(95)} ms, max ${at(100)} ms`,
      `delivered ${delivered.length}, refused as designed ${200 - delivered.length}, 454 replies 0`,
      `${SENDS_PER_WORKSPACE} emails per domain at a ${RATE}/s cap delivered over: ${figures.join("; ")}`,
    ].join("\n"),
  );
});
