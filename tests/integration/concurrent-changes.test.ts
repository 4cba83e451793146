// Two people change the same sending domain from pages that showed the same version (issue #6,
// "Faults"): exactly one change is written, with its one audit event; the other changes nothing
// and is told who changed what. Both at once (Promise.all, so on PostgreSQL the second waits for
// the first's row lock, see atOnce) and one after the other (a page left open).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKeyring } from "@/lib/crypto/keyring";
import { Secret } from "@/lib/crypto/secret";
import { listAuditEvents } from "@/lib/data/audit";
import {
  createSendingDomain,
  removeSendingDomain,
  saveSmtpCredential,
  SendingDomainChangedError,
  SendingDomainError,
  setSendingRate,
} from "@/lib/data/sending-domains";
import { fingerprintSettings, recordTestSend } from "@/lib/data/test-sends";
import type { Database } from "@/lib/db/client";
import { replaceSmtpCredential, type SetupDeps } from "@/lib/email-settings/sending-domain-setup";
import { directSmtpRouter } from "@/lib/sending/smtp-routing";
import type { WorkspaceContext } from "@/lib/workspace/context";
import { createTestWorkspace, openTestDatabase } from "../support/database";

const keyring = parseKeyring(`k1:${Buffer.alloc(32, 7).toString("base64")}`);
const HOST = "email-smtp.us-east-1.amazonaws.com";

let db: Database;
let deps: SetupDeps;
/** Two managers of one workspace: Dana (its owner) and Alex (an admin). */
let dana: WorkspaceContext;
let alex: WorkspaceContext;
let globex: WorkspaceContext;

beforeAll(async () => {
  db = openTestDatabase();
  deps = { prisma: db.prisma, keyring, route: directSmtpRouter };
  dana = await createTestWorkspace(db);
  const user = await db.prisma.user.create({
    data: { email: `alex-${randomUUID().slice(0, 8)}@example.com`, name: "Alex Kim" },
  });
  await db.prisma.membership.create({ data: { workspaceId: dana.workspace.id, userId: user.id, role: "admin" } });
  alex = { user: { id: user.id, email: user.email, name: user.name }, workspace: dana.workspace, role: "admin" };
  globex = await createTestWorkspace(db);
});
afterAll(() => db?.close());

/** A domain with a stored credential, as both people's pages show it: at its current version. */
async function savedDomain() {
  const name = `race-${randomUUID().slice(0, 8)}.example.com`;
  const domain = await createSendingDomain(db.prisma, dana, { domain: name, region: "us-east-1" });
  await saveSmtpCredential(db.prisma, keyring, dana, domain.id, {
    host: HOST,
    port: 587,
    tlsMode: "starttls",
    username: "AKIAIOSFODNN7EXAMPLE",
    password: new Secret(`B${"a".repeat(43)}`),
  });
  const { version } = await db.prisma.sendingDomain.findUniqueOrThrow({ where: { id: domain.id } });
  return { id: domain.id, name, version };
}

const rowOf = (id: string) => db.prisma.sendingDomain.findUnique({ where: { id } });
const actionsOf = async (id: string) =>
  (await listAuditEvents(db.prisma, dana.workspace.id, { targetId: id })).map((event) => event.action);
const count = (actions: string[], action: string) => actions.filter((a) => a === action).length;

/** The refusal of a promise that must be refused because someone else got in first. */
async function refusal(promise: Promise<unknown>): Promise<SendingDomainChangedError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SendingDomainChangedError);
  return error as SendingDomainChangedError;
}

/**
 * Runs both changes at once, truly overlapping. On PostgreSQL a third transaction holds the
 * domain's row lock until both changes have read the domain and wait to write it, so both start
 * from the same version whatever the timing; then it lets go, and the database decides. PGlite
 * runs one transaction at a time: there both are simply started together.
 */
async function atOnce<A, B>(
  sendingDomainId: string,
  first: () => Promise<A>,
  second: () => Promise<B>,
): Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]> {
  if (db.kind === "pglite") return Promise.allSettled([first(), second()]);
  let both: Promise<[PromiseSettledResult<A>, PromiseSettledResult<B>]> | undefined;
  await db.prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "SendingDomain" WHERE id = ${sendingDomainId}::uuid FOR UPDATE`;
      both = Promise.allSettled([first(), second()]);
      await waitUntilWaitingForTheLock(2);
    },
    { timeout: 20_000 },
  );
  return both!;
}

/** Until `count` statements on SendingDomain wait for a lock (or 10 s, after which the test shows what happened). */
async function waitUntilWaitingForTheLock(count: number) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const [row] = await db.prisma.$queryRaw<{ waiting: number }[]>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%"SendingDomain"%'`;
    if ((row?.waiting ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A passing test of replacement credentials, recorded as the test-send route records one. */
async function passingReplacementTest(domain: { name: string }, password: string) {
  const replacement = { host: HOST, port: 2587, username: "AKIAREPLACEMENT00001", password: new Secret(password) };
  const fingerprint = fingerprintSettings(keyring, {
    domain: domain.name,
    fromAddress: `no-reply@${domain.name}`,
    region: "us-east-1",
    ...replacement,
  });
  const testSendId = await recordTestSend(db.prisma, dana, {
    settingsFingerprint: fingerprint,
    fromAddress: `no-reply@${domain.name}`,
    toAddress: "dana@example.com",
    startedAt: new Date(),
    durationMs: 200,
    outcome: "sent",
    stages: [],
    transcript: "",
  });
  return { replacement, testSendId };
}

describe("two rate changes from the same version", () => {
  it("at the same moment: one is written with one audit event, the other is told who changed what", async () => {
    const domain = await savedDomain();
    const results = await atOnce(
      domain.id,
      () => setSendingRate(db.prisma, dana, domain.id, 5, domain.version),
      () => setSendingRate(db.prisma, alex, domain.id, 9, domain.version),
    );
    const won = results.flatMap((result, index) => (result.status === "fulfilled" ? [index] : []));
    expect(won).toHaveLength(1);
    const [winner, loser] = won[0] === 0 ? [dana, alex] : [alex, dana];
    const winningRate = winner === dana ? 5 : 9;
    const lost = results[won[0] === 0 ? 1 : 0]!;
    expect(lost.status).toBe("rejected");
    const error = (lost as PromiseRejectedResult).reason as unknown;
    expect(error).toBeInstanceOf(SendingDomainChangedError);
    expect((error as SendingDomainChangedError).message).toMatch(
      new RegExp(
        `^${winner.user.name} changed this domain's sending rate to ${winningRate} emails per second at \\d{1,2}:\\d{2} [AP]M UTC while you had this page open\\. Nothing was changed by you; review the current value and save again\\.$`,
      ),
    );
    expect(loser.user.name).not.toBe(winner.user.name);
    expect((error as SendingDomainChangedError).current).toEqual({
      version: domain.version + 1,
      maxSendRate: winningRate,
      status: "draft",
    });
    expect(await rowOf(domain.id)).toMatchObject({ maxSendRate: winningRate, version: domain.version + 1 });
    expect(count(await actionsOf(domain.id), "sending_domain.send_rate_changed")).toBe(1);
  });

  it("from a page left open: the stale save changes nothing; saving again from the current version works", async () => {
    const domain = await savedDomain();
    await setSendingRate(db.prisma, alex, domain.id, 5, domain.version);
    const error = await refusal(setSendingRate(db.prisma, dana, domain.id, 9, domain.version));
    expect(error.message).toContain("Alex Kim changed this domain's sending rate to 5 emails per second at ");
    expect(error.current).toMatchObject({ maxSendRate: 5, version: domain.version + 1 });
    expect(await rowOf(domain.id)).toMatchObject({ maxSendRate: 5 });
    expect(count(await actionsOf(domain.id), "sending_domain.send_rate_changed")).toBe(1);

    // Having seen the current value, Dana saves again: now from the version her form was given.
    expect(await setSendingRate(db.prisma, dana, domain.id, 9, error.current!.version)).toMatchObject({
      previous: 5,
      maxSendRate: 9,
      version: domain.version + 2,
    });
    expect(count(await actionsOf(domain.id), "sending_domain.send_rate_changed")).toBe(2);
  });

  it("the same person in two tabs is told it was their own change, in the other tab", async () => {
    const domain = await savedDomain();
    await setSendingRate(db.prisma, dana, domain.id, 3, domain.version);
    const error = await refusal(setSendingRate(db.prisma, dana, domain.id, 4, domain.version));
    expect(error.message).toMatch(
      /^You changed this domain's sending rate to 3 emails per second at .+ UTC in another tab or window\. /,
    );
  });

  it("even the same value from an old version is refused: the person had not seen the change", async () => {
    const domain = await savedDomain();
    await setSendingRate(db.prisma, alex, domain.id, 5, domain.version);
    await refusal(setSendingRate(db.prisma, dana, domain.id, 5, domain.version));
    expect(count(await actionsOf(domain.id), "sending_domain.send_rate_changed")).toBe(1);
  });

  it("another workspace's domain stays not found, whatever the version", async () => {
    const domain = await savedDomain();
    await expect(setSendingRate(db.prisma, globex, domain.id, 5, domain.version)).rejects.toThrow(SendingDomainError);
    await expect(setSendingRate(db.prisma, globex, domain.id, 5, domain.version + 7)).rejects.toThrow(
      "This sending domain does not exist in your workspace.",
    );
    expect(await rowOf(domain.id)).toMatchObject({ maxSendRate: 1, version: domain.version });
  });
});

describe("a rate change and a removal from the same version", () => {
  it("at the same moment: exactly one happens, and the other is told", async () => {
    const domain = await savedDomain();
    const [rate, removal] = await atOnce(
      domain.id,
      () => setSendingRate(db.prisma, alex, domain.id, 5, domain.version),
      () => removeSendingDomain(db.prisma, dana, domain.id, domain.version),
    );
    const actions = await actionsOf(domain.id);
    if (rate.status === "fulfilled") {
      expect(removal.status).toBe("rejected");
      const error = (removal as PromiseRejectedResult).reason as SendingDomainChangedError;
      expect(error).toBeInstanceOf(SendingDomainChangedError);
      expect(error.message).toMatch(
        /^Alex Kim changed this domain's sending rate to 5 emails per second at .+ while you had this page open\. The domain was not removed; review it before removing\.$/,
      );
      expect(await rowOf(domain.id)).toMatchObject({ maxSendRate: 5 });
      expect([count(actions, "sending_domain.send_rate_changed"), count(actions, "sending_domain.removed")]).toEqual([
        1, 0,
      ]);
    } else {
      expect(removal).toEqual({ status: "fulfilled", value: true });
      const error = rate.reason as SendingDomainChangedError;
      expect(error).toBeInstanceOf(SendingDomainChangedError);
      expect(error.message).toMatch(/^Owner \w+ removed this sending domain at .+\. Nothing was changed by you\.$/);
      expect(error.current).toBeNull();
      expect(await rowOf(domain.id)).toBeNull();
      expect([count(actions, "sending_domain.send_rate_changed"), count(actions, "sending_domain.removed")]).toEqual([
        0, 1,
      ]);
    }
  });

  it("a removal from a page older than a rate change is refused, and the domain stays", async () => {
    const domain = await savedDomain();
    await setSendingRate(db.prisma, alex, domain.id, 5, domain.version);
    const error = await refusal(removeSendingDomain(db.prisma, dana, domain.id, domain.version));
    expect(error.message).toContain("Alex Kim changed this domain's sending rate to 5 emails per second");
    expect(error.message).toContain("The domain was not removed; review it before removing.");
    expect(await rowOf(domain.id)).not.toBeNull();
    expect(count(await actionsOf(domain.id), "sending_domain.removed")).toBe(0);
    // Reviewed, removed: from the version the refusal reported.
    expect(await removeSendingDomain(db.prisma, dana, domain.id, error.current!.version)).toBe(true);
  });

  it("a rate change to a domain removed meanwhile says who removed it; a second removal too", async () => {
    const domain = await savedDomain();
    expect(await removeSendingDomain(db.prisma, alex, domain.id, domain.version)).toBe(true);
    const rate = await refusal(setSendingRate(db.prisma, dana, domain.id, 9, domain.version));
    expect(rate.message).toMatch(/^Alex Kim removed this sending domain at .+ UTC while you had this page open\./);
    expect(rate.current).toBeNull();
    const again = await refusal(removeSendingDomain(db.prisma, dana, domain.id, domain.version));
    expect(again.message).toContain("There is nothing left to remove.");
    expect(count(await actionsOf(domain.id), "sending_domain.removed")).toBe(1);
    // Another workspace learns nothing about it.
    expect(await removeSendingDomain(db.prisma, globex, domain.id, domain.version)).toBe(false);
  });
});

describe("a credential replacement and a rate change from the same version", () => {
  it("the replacement moves the domain on: a rate change from before it is refused, naming it", async () => {
    const domain = await savedDomain();
    const { replacement, testSendId } = await passingReplacementTest(domain, `B${"r".repeat(43)}`);
    await replaceSmtpCredential(deps, alex, domain.id, replacement, testSendId, domain.version);
    expect(await rowOf(domain.id)).toMatchObject({ version: domain.version + 1, status: "verified" });
    const error = await refusal(setSendingRate(db.prisma, dana, domain.id, 9, domain.version));
    expect(error.message).toMatch(/^Alex Kim replaced this domain's SMTP credentials at .+ while you had this page/);
    expect(await rowOf(domain.id)).toMatchObject({ maxSendRate: 1 });
  });

  it("a replacement from before a rate change is refused and stores nothing; its test still counts", async () => {
    const domain = await savedDomain();
    const before = await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId: domain.id } });
    const { replacement, testSendId } = await passingReplacementTest(domain, `B${"s".repeat(43)}`);
    await setSendingRate(db.prisma, alex, domain.id, 5, domain.version);
    const error = await refusal(replaceSmtpCredential(deps, dana, domain.id, replacement, testSendId, domain.version));
    expect(error.message).toContain("Alex Kim changed this domain's sending rate to 5 emails per second");
    expect(error.message).toContain("Your new credentials were not saved");
    expect(await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId: domain.id } })).toEqual(before);
    expect((await db.prisma.testSend.findUniqueOrThrow({ where: { id: testSendId } })).sendingDomainId).toBeNull();
    expect(count(await actionsOf(domain.id), "smtp_credential.replaced")).toBe(0);
    // With the version the refusal reported, the same passing test replaces them.
    await replaceSmtpCredential(deps, dana, domain.id, replacement, testSendId, error.current!.version);
    expect(count(await actionsOf(domain.id), "smtp_credential.replaced")).toBe(1);
  });

  it("at the same moment: one of them is written, the other changes nothing", async () => {
    const domain = await savedDomain();
    const before = await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId: domain.id } });
    const { replacement, testSendId } = await passingReplacementTest(domain, `B${"t".repeat(43)}`);
    const [replaced, rate] = await atOnce(
      domain.id,
      () => replaceSmtpCredential(deps, dana, domain.id, replacement, testSendId, domain.version),
      () => setSendingRate(db.prisma, alex, domain.id, 5, domain.version),
    );
    expect([replaced.status, rate.status].sort()).toEqual(["fulfilled", "rejected"]);
    const loser = (replaced.status === "rejected" ? replaced : (rate as PromiseRejectedResult)).reason as unknown;
    expect(loser).toBeInstanceOf(SendingDomainChangedError);
    const row = await rowOf(domain.id);
    const credential = await db.prisma.smtpCredential.findUniqueOrThrow({ where: { sendingDomainId: domain.id } });
    const actions = await actionsOf(domain.id);
    expect(row?.version).toBe(domain.version + 1);
    if (replaced.status === "fulfilled") {
      expect((loser as Error).message).toMatch(/^Owner \w+ replaced this domain's SMTP credentials/);
      expect(row?.maxSendRate).toBe(1);
      expect(credential.port).toBe(2587);
      expect(count(actions, "sending_domain.send_rate_changed")).toBe(0);
    } else {
      expect((loser as Error).message).toMatch(/^Alex Kim changed this domain's sending rate to 5/);
      expect(row?.maxSendRate).toBe(5);
      expect(credential).toEqual(before);
      expect(count(actions, "smtp_credential.replaced")).toBe(0);
    }
  });
});
