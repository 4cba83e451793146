// The staged test send against real SMTP servers on 127.0.0.1, over real TCP and TLS: SES's
// replies, wrong TLS modes, untrusted certificates, silent and absent servers. Each case checks
// which stage failed, the diagnosis, the timings, and that no socket was left open.

import { Buffer } from "node:buffer";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Secret } from "@/lib/crypto/secret";
import { SmtpTranscript } from "@/lib/sending/smtp-transcript";
import {
  runTestSend,
  TEST_SEND_STAGE_NAMES,
  type TestSendRequest,
  type TestSendResult,
  type TestSendStage,
} from "@/lib/sending/test-send";
import {
  createTestCertificate,
  findClosedPort,
  SES_SMTP_HOST,
  startSilentServer,
  startSmtpTestServer,
  TEST_SES_MESSAGE_ID,
  waitForNoConnections,
  type SmtpTestServerOptions,
  type TestCertificate,
  type TestServerHandle,
} from "../support/smtp-test-server";

const USERNAME = "AKIAIOSFODNN7EXAMPLE";
// Shaped like a Signature Version 4 SMTP password (44 characters, starting with "B").
const SMTP_PASSWORD = "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9";
// AWS's example secret access key: 40 characters, what people paste by mistake.
const AWS_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const FROM = "sender@example.com";
const TO = "recipient@example.org";
const FAST = { connectMs: 2_000, greetingMs: 500, socketMs: 2_000 };

const SES_REPLIES = {
  badCredentials: "535 Authentication Credentials Invalid",
  unverified: `554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: ${FROM}`,
  rateExceeded: "454 Throttling failure: Maximum sending rate exceeded.",
};

let certificate: TestCertificate;
let untrustedCertificate: TestCertificate;
const servers: TestServerHandle[] = [];

beforeAll(async () => {
  [certificate, untrustedCertificate] = await Promise.all([
    createTestCertificate(),
    createTestCertificate({ authorityName: "Untrusted Interception CA" }),
  ]);
});

afterEach(async () => {
  // Every test leaves its servers without connections, so the next one starts from a clean count.
  const used = servers.splice(0);
  const open = await Promise.all(used.map((server) => waitForNoConnections(server)));
  await Promise.all(used.map((server) => server.close()));
  expect(open.every((count) => count === 0)).toBe(true);
});

afterAll(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function smtpServer(options: Omit<SmtpTestServerOptions, "certificate"> & { certificate?: TestCertificate }) {
  const server = await startSmtpTestServer({ certificate, ...options });
  servers.push(server);
  return server;
}

async function silentServer() {
  const server = await startSilentServer();
  servers.push(server);
  return server;
}

/** A test send to SES's us-east-1 host, routed to the local server and trusting the test CA. */
function request(port: number, overrides: Partial<TestSendRequest> = {}): TestSendRequest {
  return {
    host: SES_SMTP_HOST,
    port: 587,
    username: USERNAME,
    password: new Secret(SMTP_PASSWORD),
    from: FROM,
    to: [TO],
    region: "us-east-1",
    route: { connectHost: "127.0.0.1", connectPort: port, servername: SES_SMTP_HOST, dnsNote: "Local test server" },
    ca: [certificate.ca],
    timeouts: FAST,
    ...overrides,
  };
}

function statuses(result: TestSendResult): string[] {
  return result.stages.map((stage) => `${stage.name}:${stage.status}`);
}

/** The stage list of a failure at `failed`: passed before it, skipped after it. */
function failedAt(failed: TestSendStage["name"]): string[] {
  const at = TEST_SEND_STAGE_NAMES.indexOf(failed);
  return TEST_SEND_STAGE_NAMES.map((name, index) => {
    if (index < at) return `${name}:passed`;
    return index === at ? `${name}:failed` : `${name}:skipped`;
  });
}

function stage(result: TestSendResult, name: TestSendStage["name"]): TestSendStage {
  const found = result.stages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`No ${name} stage in the result`);
  return found;
}

/** Client and server sockets of this process: those of the test send must be gone when it returns. */
function openSockets(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === "TCPSocketWrap" || resource === "TLSWrap")
    .length;
}

async function expectNothingLeftOpen(server: TestServerHandle, socketsBefore: number): Promise<void> {
  expect(await waitForNoConnections(server)).toBe(0);
  const deadline = Date.now() + 1_000;
  while (openSockets() > socketsBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(openSockets()).toBe(socketsBefore);
}

function expectTimedStages(result: TestSendResult): void {
  for (const entry of result.stages) {
    if (entry.status === "skipped") expect(entry.ms).toBeUndefined();
    else if (entry.name !== "dns") expect(entry.ms).toBeGreaterThanOrEqual(0);
  }
  const total = result.stages.reduce((sum, entry) => sum + (entry.ms ?? 0), 0);
  // Each stage starts where the previous ended, so together they fit in the whole attempt.
  expect(total).toBeLessThanOrEqual(result.durationMs + result.stages.length);
}

describe("runTestSend: success", () => {
  it.each([
    { mode: "starttls" as const, port: 587, tlsDetail: /^STARTTLS, TLSv1\.[23] \(/ },
    { mode: "implicit" as const, port: 465, tlsDetail: /^TLSv1\.[23] \(/ },
  ])(
    "sends over $mode (port $port), every stage passed in order and reported live",
    async ({ mode, port, tlsDetail }) => {
      const server = await smtpServer({ tls: mode });
      const sockets = openSockets();
      const seen: { stage: TestSendStage; logins: number; messages: number }[] = [];
      const result = await runTestSend(
        request(server.port, {
          port,
          onStage: (reported) =>
            seen.push({ stage: reported, logins: server.logins.length, messages: server.messages.length }),
        }),
      );

      expect(result.ok).toBe(true);
      expect(result.diagnosis).toBeUndefined();
      expect(statuses(result)).toEqual(TEST_SEND_STAGE_NAMES.map((name) => `${name}:passed`));
      expect(result.stages.map((entry) => entry.label)).toEqual([
        "DNS lookup",
        "TCP connect",
        "TLS",
        "EHLO",
        "AUTH",
        "MAIL FROM",
        "RCPT TO",
        "DATA",
      ]);
      expectTimedStages(result);
      expect(stage(result, "dns")).toEqual({
        name: "dns",
        label: "DNS lookup",
        status: "passed",
        detail: "Local test server",
      });
      expect(stage(result, "connect").detail).toBe(`127.0.0.1:${server.port}`);
      expect(stage(result, "tls").detail).toMatch(tlsDetail);
      expect(stage(result, "ehlo").detail).toContain("AUTH PLAIN LOGIN");
      expect(stage(result, "ehlo").detail).toContain("SIZE 10485760");
      expect(stage(result, "auth").detail).toMatch(/^235 /);
      expect(stage(result, "data").detail).toBe(`250 Ok ${TEST_SES_MESSAGE_ID}`);
      expect(result.messageId).toBe(TEST_SES_MESSAGE_ID);
      expect(result.reply).toBe(`250 Ok ${TEST_SES_MESSAGE_ID}`);
      expect(result.startedAt).toBeInstanceOf(Date);

      // Live: each stage was reported as it happened, before the server saw the next step.
      expect(seen.map((entry) => entry.stage)).toEqual(result.stages);
      const when = (name: string) => seen.find((entry) => entry.stage.name === name);
      expect(when("tls")).toMatchObject({ logins: 0, messages: 0 });
      expect(when("auth")).toMatchObject({ logins: 1, messages: 0 });
      expect(when("data")).toMatchObject({ messages: 1 });

      expect(server.logins).toEqual([{ method: "PLAIN", username: USERNAME, password: SMTP_PASSWORD }]);
      const [message] = server.messages;
      expect(message).toMatchObject({ from: FROM, to: [TO] });
      expect(message?.raw).toMatch(/^From: sender@example\.com$/m);
      expect(message?.raw).toMatch(/^To: recipient@example\.org$/m);
      expect(message?.raw).toMatch(/^Subject: Inflowave test email$/m);
      expect(message?.raw).toMatch(/^Date: /m);
      expect(message?.raw).toMatch(/^Message-ID: <.+@example\.com>$/m);
      expect(message?.raw).toContain("This is a test email from Inflowave.");

      expect(result.transcript).toMatch(/S: 220 email-smtp\.amazonaws\.com ESMTP/);
      expect(result.transcript).toContain("C: MAIL FROM:<sender@example.com>");
      expect(result.transcript).toContain(`S: 250 Ok ${TEST_SES_MESSAGE_ID}`);
      expect(result.transcript).toContain("C: QUIT");
      if (mode === "starttls") expect(result.transcript).toContain("C: STARTTLS");
      else expect(result.transcript).not.toContain("STARTTLS");
      await expectNothingLeftOpen(server, sockets);
    },
  );

  it("times MAIL FROM, RCPT TO and DATA from their replies when the commands are pipelined", async () => {
    const server = await smtpServer({ tls: "starttls", pipelining: true });
    const result = await runTestSend(request(server.port, { to: [TO, "second@example.org"] }));
    expect(result.ok).toBe(true);
    expect(result.transcript).toContain("PIPELINING");
    expect(stage(result, "mail-from").detail).toMatch(/^250 /);
    expect(stage(result, "rcpt-to").detail).toMatch(/^250 /);
    expect(server.messages[0]?.to).toEqual([TO, "second@example.org"]);
    expectTimedStages(result);
  });

  it("reports DNS as routed when no note is given", async () => {
    const server = await smtpServer({ tls: "starttls" });
    const route = { connectHost: "127.0.0.1", connectPort: server.port, servername: SES_SMTP_HOST };
    const result = await runTestSend(request(server.port, { route }));
    expect(result.ok).toBe(true);
    expect(stage(result, "dns")).toEqual({
      name: "dns",
      label: "DNS lookup",
      status: "passed",
      detail: `Not looked up: routed to 127.0.0.1:${server.port}`,
    });
    expect(result.transcript).toContain(`Not looking up ${SES_SMTP_HOST}`);
  });
});

describe("runTestSend: SES refuses", () => {
  it("fails AUTH on 535 and explains it as a credentials problem", async () => {
    const server = await smtpServer({ tls: "starttls", refuse: { auth: SES_REPLIES.badCredentials } });
    const sockets = openSockets();
    const result = await runTestSend(request(server.port));
    expect(result.ok).toBe(false);
    expect(statuses(result)).toEqual(failedAt("auth"));
    expect(stage(result, "auth").detail).toBe(SES_REPLIES.badCredentials);
    expect(result.reply).toBe(SES_REPLIES.badCredentials);
    expect(result.diagnosis).toMatchObject({ cause: "auth-failed", stage: "auth", reply: { code: 535 } });
    expect(result.diagnosis?.fixSteps.length).toBeGreaterThan(0);
    expect(result.messageId).toBeUndefined();
    expectTimedStages(result);
    await expectNothingLeftOpen(server, sockets);
  });

  it("recognises a 40-character AWS secret key used as the password", async () => {
    const server = await smtpServer({ tls: "implicit", refuse: { auth: SES_REPLIES.badCredentials } });
    const result = await runTestSend(request(server.port, { port: 465, password: new Secret(AWS_SECRET_KEY) }));
    expect(statuses(result)).toEqual(failedAt("auth"));
    expect(result.diagnosis?.cause).toBe("aws-secret-key-as-password");
    expect(JSON.stringify(result)).not.toContain(AWS_SECRET_KEY);
  });

  it("fails DATA on 554 after the message went out, and names the sandbox or unverified identity", async () => {
    const server = await smtpServer({ tls: "starttls", refuse: { data: SES_REPLIES.unverified } });
    const sockets = openSockets();
    const result = await runTestSend(request(server.port));
    expect(statuses(result)).toEqual(failedAt("data"));
    expect(stage(result, "data").detail).toBe(SES_REPLIES.unverified);
    expect(result.diagnosis).toMatchObject({ cause: "sandbox-unverified-address", stage: "data" });
    expect(result.transcript).toMatch(/C: DATA\n.*S: 354 /);
    await expectNothingLeftOpen(server, sockets);
  });

  it.each([
    { at: "mail-from" as const, refuse: { mailFrom: SES_REPLIES.rateExceeded }, pipelining: false },
    { at: "mail-from" as const, refuse: { mailFrom: SES_REPLIES.rateExceeded }, pipelining: true },
    { at: "data" as const, refuse: { data: SES_REPLIES.rateExceeded }, pipelining: false },
  ])("fails $at on 454 throttling (pipelining: $pipelining)", async ({ at, refuse, pipelining }) => {
    const server = await smtpServer({ tls: "starttls", refuse, pipelining });
    const sockets = openSockets();
    const result = await runTestSend(request(server.port));
    expect(statuses(result)).toEqual(failedAt(at));
    expect(stage(result, at).detail).toBe(SES_REPLIES.rateExceeded);
    expect(result.diagnosis).toMatchObject({ cause: "max-send-rate-exceeded", stage: at, retryable: true });
    expect(server.messages).toHaveLength(0);
    await expectNothingLeftOpen(server, sockets);
  });

  it("fails RCPT TO when every recipient is refused", async () => {
    const server = await smtpServer({ tls: "starttls", refuse: { rcptTo: "553 <nobody> Invalid email address" } });
    const result = await runTestSend(request(server.port));
    expect(statuses(result)).toEqual(failedAt("rcpt-to"));
    expect(stage(result, "rcpt-to").detail).toBe("553 <nobody> Invalid email address");
    expect(result.diagnosis?.cause).toBe("invalid-address");
  });

  it("fails MAIL FROM when the server hangs up after AUTH", async () => {
    const server = await smtpServer({ tls: "starttls", closeAfterAuth: true });
    const sockets = openSockets();
    const result = await runTestSend(request(server.port));
    expect(statuses(result)).toEqual(failedAt("mail-from"));
    expect(stage(result, "mail-from").detail).toMatch(/Connection closed unexpectedly/);
    expect(result.diagnosis).toMatchObject({ cause: "connection-timeout", stage: "mail-from" });
    await expectNothingLeftOpen(server, sockets);
  });
});

describe("runTestSend: connection and TLS failures", () => {
  it("fails TCP connect fast when nothing listens", async () => {
    const port = await findClosedPort();
    const result = await runTestSend(request(port));
    expect(statuses(result)).toEqual(failedAt("connect"));
    expect(stage(result, "connect").detail).toMatch(/ECONNREFUSED/);
    expect(result.diagnosis).toMatchObject({ cause: "connection-refused", stage: "connect" });
    expect(result.durationMs).toBeLessThan(1_000);
    expectTimedStages(result);
  });

  it("fails TLS fast when implicit TLS meets a STARTTLS server", async () => {
    const server = await smtpServer({ tls: "starttls" });
    const sockets = openSockets();
    const result = await runTestSend(request(server.port, { port: 465 }));
    expect(statuses(result)).toEqual(failedAt("tls"));
    expect(stage(result, "tls").detail).toMatch(/wrong version number/i);
    expect(result.diagnosis).toMatchObject({ cause: "tls-mode-mismatch", stage: "tls" });
    expect(result.durationMs).toBeLessThan(FAST.greetingMs);
    await expectNothingLeftOpen(server, sockets);
  });

  it("fails TLS at the greeting timeout when STARTTLS meets an implicit-TLS server", async () => {
    const server = await smtpServer({ tls: "implicit" });
    const sockets = openSockets();
    const result = await runTestSend(request(server.port, { port: 587 }));
    expect(statuses(result)).toEqual(failedAt("tls"));
    expect(stage(result, "tls").detail).toBe(`No greeting from the server within ${FAST.greetingMs} ms`);
    expect(["tls-mode-mismatch", "connection-timeout"]).toContain(result.diagnosis?.cause);
    expect(result.diagnosis?.stage).toBe("greeting");
    expect(result.durationMs).toBeGreaterThanOrEqual(FAST.greetingMs - 50);
    expect(result.durationMs).toBeLessThan(FAST.greetingMs + 1_500);
    await expectNothingLeftOpen(server, sockets);
  });

  it("fails on a server that never sends its banner, after the greeting timeout", async () => {
    const server = await silentServer();
    const sockets = openSockets();
    const result = await runTestSend(request(server.port));
    expect(statuses(result)).toEqual(failedAt("tls"));
    expect(stage(result, "connect").detail).toBe(`127.0.0.1:${server.port}`);
    expect(stage(result, "tls").ms).toBeGreaterThanOrEqual(FAST.greetingMs - 50);
    expect(result.diagnosis).toMatchObject({ cause: "connection-timeout", stage: "greeting" });
    expect(result.transcript).toContain("No greeting from the server");
    await expectNothingLeftOpen(server, sockets);
  });

  it("fails TLS when an implicit-TLS port never answers the handshake", async () => {
    const server = await silentServer();
    const sockets = openSockets();
    const result = await runTestSend(request(server.port, { port: 465 }));
    expect(statuses(result)).toEqual(failedAt("tls"));
    expect(stage(result, "tls").detail).toBe(`The TLS handshake didn't finish within ${FAST.greetingMs} ms`);
    expect(["tls-mode-mismatch", "connection-timeout"]).toContain(result.diagnosis?.cause);
    expect(result.durationMs).toBeLessThan(FAST.greetingMs + 1_500);
    await expectNothingLeftOpen(server, sockets);
  });

  it.each([
    { mode: "starttls" as const, port: 587 },
    { mode: "implicit" as const, port: 465 },
  ])("fails TLS on a certificate from an authority it doesn't trust ($mode)", async ({ mode, port }) => {
    const server = await smtpServer({ tls: mode, certificate: untrustedCertificate });
    const sockets = openSockets();
    const result = await runTestSend(request(server.port, { port }));
    expect(statuses(result)).toEqual(failedAt("tls"));
    expect(stage(result, "tls").detail).toMatch(/certificate/i);
    expect(result.diagnosis).toMatchObject({ cause: "tls-certificate-error", stage: "tls" });
    expect(server.logins).toHaveLength(0);
    await expectNothingLeftOpen(server, sockets);
  });

  it("fails TLS when the certificate is for another name", async () => {
    const server = await smtpServer({ tls: "implicit" });
    const servername = "email-smtp.eu-west-1.amazonaws.com";
    const result = await runTestSend(
      request(server.port, {
        port: 465,
        host: servername,
        region: "eu-west-1",
        route: { connectHost: "127.0.0.1", connectPort: server.port, servername },
      }),
    );
    expect(statuses(result)).toEqual(failedAt("tls"));
    expect(result.diagnosis?.cause).toBe("tls-certificate-error");
  });

  it("looks the host up when no route is given, and connects to what it found", async () => {
    const result = await runTestSend({ ...request(0), host: "localhost", port: 2587, route: undefined });
    expect(stage(result, "dns")).toMatchObject({ status: "passed", detail: expect.stringMatching(/^127\.0\.0\.1\b/) });
    expect(stage(result, "dns").ms).toBeGreaterThanOrEqual(0);
    expect(stage(result, "connect").status).not.toBe("skipped");
    expect(result.transcript).toMatch(/\* localhost is 127\.0\.0\.1/);
  });

  it("fails DNS for a host that doesn't exist", async () => {
    const result = await runTestSend({ ...request(0), host: "email-smtp.nowhere-1.invalid", route: undefined });
    expect(statuses(result)).toEqual(failedAt("dns"));
    expect(stage(result, "dns").ms).toBeGreaterThanOrEqual(0);
    expect(stage(result, "dns").detail).toContain("email-smtp.nowhere-1.invalid");
    expect(result.diagnosis).toMatchObject({ cause: "endpoint-not-found", stage: "dns" });
    expect(result.transcript).toContain("Looking up email-smtp.nowhere-1.invalid");
  });

  it("stops at once when cancelled, without a diagnosis", async () => {
    const server = await silentServer();
    const sockets = openSockets();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await runTestSend(
      request(server.port, { signal: controller.signal, timeouts: { ...FAST, greetingMs: 5_000 } }),
    );
    expect(statuses(result)).toEqual(failedAt("tls"));
    expect(stage(result, "tls").detail).toBe("Cancelled");
    expect(result.diagnosis).toBeUndefined();
    expect(result.durationMs).toBeLessThan(1_500);
    await expectNothingLeftOpen(server, sockets);
  });

  it("refuses a port SES doesn't listen on", async () => {
    await expect(runTestSend(request(2525, { port: 2525 }))).rejects.toThrow(RangeError);
  });
});

describe("runTestSend: the transcript", () => {
  const forbidden = (username: string, password: string) => [
    password,
    Buffer.from(password).toString("base64"),
    Buffer.from(`\0${username}\0${password}`).toString("base64"),
    Buffer.from(username).toString("base64"),
  ];

  it.each([{ method: "PLAIN" as const }, { method: "LOGIN" as const }])(
    "never holds the password or the AUTH $method payload",
    async ({ method }) => {
      const server = await smtpServer({ tls: "starttls", authMethods: [method] });
      const result = await runTestSend(request(server.port));
      expect(result.ok).toBe(true);
      expect(server.logins[0]).toMatchObject({ method, password: SMTP_PASSWORD });
      for (const secret of forbidden(USERNAME, SMTP_PASSWORD)) expect(result.transcript).not.toContain(secret);
      if (method === "PLAIN") expect(result.transcript).toContain("C: AUTH PLAIN [redacted]");
      else
        expect(result.transcript).toMatch(
          /C: AUTH LOGIN\n.*S: 334 .*\n.*C: \[redacted\]\n.*S: 334 .*\n.*C: \[redacted\]/,
        );
      // The user name may show: it names the credentials without unlocking them.
      expect(result.transcript).toContain(USERNAME);
      expect(JSON.stringify(result)).not.toContain(SMTP_PASSWORD);
    },
  );

  it("keeps the password out of a failed attempt's transcript, stages and diagnosis", async () => {
    const server = await smtpServer({ tls: "implicit", refuse: { auth: SES_REPLIES.badCredentials } });
    const result = await runTestSend(request(server.port, { port: 465 }));
    expect(result.ok).toBe(false);
    const everything = JSON.stringify(result);
    for (const secret of forbidden(USERNAME, SMTP_PASSWORD)) expect(everything).not.toContain(secret);
  });

  // nodemailer masks the sign-in before logging it; the transcript must not depend on that.
  it("redacts sign-in payloads and the password even when the logger is handed them in clear", () => {
    const transcript = new SmtpTranscript({ username: USERNAME, password: new Secret(SMTP_PASSWORD), now: () => 0 });
    const base64 = (text: string) => Buffer.from(text).toString("base64");
    const { debug, error } = transcript.logger;
    debug({ tnx: "server" }, "220 email-smtp.amazonaws.com ESMTP SimpleEmailService");
    debug({ tnx: "client" }, `AUTH PLAIN ${base64(`\0${USERNAME}\0${SMTP_PASSWORD}`)}`);
    debug({ tnx: "server" }, "535 Authentication Credentials Invalid");
    debug({ tnx: "client" }, `AUTH LOGIN ${base64(USERNAME)}`);
    debug({ tnx: "server" }, "334 UGFzc3dvcmQ6");
    debug({ tnx: "client" }, base64(SMTP_PASSWORD));
    debug({ tnx: "server" }, "535 Authentication Credentials Invalid");
    error({ tnx: "smtp" }, "%s", `Invalid login for ${USERNAME} with ${SMTP_PASSWORD} (${base64(SMTP_PASSWORD)})`);
    const text = transcript.toString();
    for (const secret of forbidden(USERNAME, SMTP_PASSWORD)) expect(text).not.toContain(secret);
    expect(text.split("\n").map((line) => line.slice(8))).toEqual([
      "S: 220 email-smtp.amazonaws.com ESMTP SimpleEmailService",
      "C: AUTH PLAIN [redacted]",
      "S: 535 Authentication Credentials Invalid",
      "C: AUTH LOGIN [redacted]",
      "S: 334 UGFzc3dvcmQ6",
      "C: [redacted]",
      "S: 535 Authentication Credentials Invalid",
      `! Invalid login for ${USERNAME} with [redacted] ([redacted])`,
    ]);
  });

  it("stamps each line with the time since the start, in order", async () => {
    const server = await smtpServer({ tls: "starttls" });
    const result = await runTestSend(request(server.port));
    const stamps = result.transcript.split("\n").map((line) => Number(line.slice(0, 7)));
    expect(stamps.every((stamp) => Number.isFinite(stamp))).toBe(true);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(result.transcript.split("\n").every((line) => /^ *\d+\.\d{3} (?:C:|S:|\*|!) /.test(line))).toBe(true);
  });
});
