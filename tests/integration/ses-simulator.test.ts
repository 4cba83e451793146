// The local SES SMTP simulator, driven the way the app drives SES: nodemailer over real TCP and
// TLS to 127.0.0.1, trusting the simulator's CA and naming the real SES host as TLS servername.
import fs from "node:fs";
import { request as httpRequest } from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  loadSesSimulatorScenario,
  parseSesSimulatorScenario,
  readOutbox,
  readSesSimulatorState,
  type RunningSesSimulator,
  SesSimulatorScenarioError,
  type SesSimulatorScenario,
  SesSimulatorStartError,
  startSesSimulator,
} from "@/lib/ses-simulator";
import { fipsSmtpHostFor, smtpHostFor } from "@/lib/ses/regions";
import { deriveLegacySmtpPasswordSync, deriveSmtpPasswordSync } from "@/lib/ses/smtp-password-node";

const SENDER = { accessKeyId: "AKIASIMULATOR0000001", secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIMULATOR1" };
const NO_POLICY = { accessKeyId: "AKIASIMULATOR0000002", secret: "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbSIMULATOR2" };
const TEMPORARY = { accessKeyId: "ASIASIMULATOR0000003", secret: "Temp0raryS3cretKeyTemp0raryS3cretKey0003" };

const BASE_SCENARIO: SesSimulatorScenario = parseSesSimulatorScenario({
  accountId: "123456789012",
  defaultRegion: "us-east-1",
  sandbox: true,
  sendingPaused: false,
  maxSendRate: 1,
  max24HourSend: 200,
  identities: {
    "us-east-1": ["example.com", "demo@inflowave.test"],
    "eu-west-1": ["example.com", "demo@inflowave.test"],
    "ap-southeast-2": ["demo@inflowave.test"],
  },
  users: [
    { name: "smtp-sender", accessKeyId: SENDER.accessKeyId, secretAccessKey: SENDER.secret, sendingPolicy: "group" },
    {
      name: "no-policy-user",
      accessKeyId: NO_POLICY.accessKeyId,
      secretAccessKey: NO_POLICY.secret,
      sendingPolicy: "none",
    },
    {
      name: "temporary",
      accessKeyId: TEMPORARY.accessKeyId,
      secretAccessKey: TEMPORARY.secret,
      sendingPolicy: "group",
    },
  ],
});

const START = Date.parse("2026-03-01T09:00:00.000Z");
let clock = START;
const now = () => clock;

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-ses-simulator-"));
  tempDirs.push(dir);
  return dir;
}

let simulator: RunningSesSimulator;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDir();
  simulator = await startSesSimulator({ scenario: BASE_SCENARIO, dataDir, now });
});

afterAll(async () => {
  await simulator?.stop();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  simulator.setScenario(BASE_SCENARIO);
  // A few seconds between tests: the 1-message-per-second bucket is full again for each.
  clock += 5_000;
});

interface ClientOptions {
  port?: "starttls" | "tls";
  region?: string;
  servername?: string;
  user?: string;
  pass?: string;
  method?: "PLAIN" | "LOGIN";
  trustCa?: boolean;
  ignoreTLS?: boolean;
  target?: RunningSesSimulator;
}

interface SmtpError {
  message: string;
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

function transport(options: ClientOptions = {}) {
  const target = options.target ?? simulator;
  const implicit = options.port === "tls";
  const region = options.region ?? "us-east-1";
  const user = options.user ?? SENDER.accessKeyId;
  return nodemailer.createTransport({
    host: "127.0.0.1",
    port: implicit ? target.implicitTlsPort : target.starttlsPort,
    secure: implicit,
    requireTLS: !implicit && !options.ignoreTLS,
    ignoreTLS: options.ignoreTLS ?? false,
    auth:
      options.user === ""
        ? undefined
        : {
            user,
            pass: options.pass ?? deriveSmtpPasswordSync(SENDER.secret, region),
            ...(options.method ? { method: options.method } : {}),
          },
    tls: {
      servername: options.servername ?? smtpHostFor(region),
      ...(options.trustCa === false ? {} : { ca: target.caPem }),
    },
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 5_000,
  });
}

interface Mail {
  from?: string;
  to?: string | string[];
  subject?: string;
  text?: string;
}

const DEFAULT_MAIL = { from: "sender@example.com", to: "demo@inflowave.test", subject: "Hello from the simulator" };

async function send(mail: Mail = {}, options: ClientOptions = {}) {
  const client = transport(options);
  try {
    return await client.sendMail({ ...DEFAULT_MAIL, text: "It works.", ...mail });
  } finally {
    client.close();
  }
}

async function sendFails(mail: Mail = {}, options: ClientOptions = {}): Promise<SmtpError> {
  try {
    const info = await send(mail, options);
    throw new Error(`expected the send to fail, but it was accepted: ${info.response}`);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("expected the send to fail")) throw error;
    return error as SmtpError;
  }
}

const OK_REPLY = /^250 Ok (0100[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-000000)$/;

/** A bare SMTP client for what nodemailer hides: the banner, EHLO lines, and raw replies. */
class RawSmtpClient {
  #socket: net.Socket | tls.TLSSocket;
  #buffer = "";
  #waiting: (() => void) | undefined;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    this.#listen(socket);
  }

  static async connect(port: number): Promise<{ client: RawSmtpClient; banner: string }> {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    const client = new RawSmtpClient(socket);
    return { client, banner: await client.reply() };
  }

  #listen(socket: net.Socket | tls.TLSSocket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      this.#buffer += chunk;
      this.#waiting?.();
    });
  }

  /** The next complete reply (all lines of a multi-line one), without the final CRLF. */
  async reply(): Promise<string> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const lines = this.#buffer.split("\r\n");
      const last = lines.findIndex((line) => /^\d{3}(?: |$)/.test(line));
      if (last !== -1) {
        this.#buffer = lines.slice(last + 1).join("\r\n");
        return lines.slice(0, last + 1).join("\n");
      }
      if (Date.now() > deadline) throw new Error(`no complete SMTP reply; got ${JSON.stringify(this.#buffer)}`);
      await new Promise<void>((resolve) => {
        this.#waiting = resolve;
        setTimeout(resolve, 100);
      });
    }
  }

  async command(line: string): Promise<string> {
    this.#socket.write(line + "\r\n");
    return this.reply();
  }

  async startTls(servername: string, ca: string): Promise<void> {
    expect(await this.command("STARTTLS")).toMatch(/^220 /);
    const plain = this.#socket as net.Socket;
    plain.removeAllListeners("data");
    const secure = tls.connect({ socket: plain, servername, ca });
    await new Promise<void>((resolve, reject) => secure.once("secureConnect", resolve).once("error", reject));
    this.#socket = secure;
    this.#listen(secure);
  }

  close() {
    this.#socket.destroy();
  }
}

describe("SES SMTP simulator: connection", () => {
  it("greets like SES and lists SES's EHLO extensions, STARTTLS only before TLS", async () => {
    const { client, banner } = await RawSmtpClient.connect(simulator.starttlsPort);
    try {
      expect(banner).toMatch(/^220 email-smtp\.amazonaws\.com ESMTP SimpleEmailService-d-[A-Z0-9]{9} [A-Za-z0-9]{20}$/);
      const ehlo = (await client.command("EHLO client.test")).split("\n");
      expect(ehlo[0]).toBe("250-email-smtp.amazonaws.com");
      expect(ehlo).toEqual(
        expect.arrayContaining(["250-8BITMIME", "250-AUTH PLAIN LOGIN", "250-STARTTLS", "250 SIZE 41943040"]),
      );
      expect(ehlo.some((line) => /PIPELINING|SMTPUTF8|ENHANCEDSTATUSCODES|DSN/.test(line))).toBe(false);

      await client.startTls(smtpHostFor("us-east-1")!, simulator.caPem);
      const secureEhlo = (await client.command("EHLO client.test")).split("\n");
      expect(secureEhlo).toContain("250-AUTH PLAIN LOGIN");
      expect(secureEhlo.some((line) => line.includes("STARTTLS"))).toBe(false);
      // Encrypted but not signed in: SES's words, not smtp-server's.
      expect(await client.command("MAIL FROM:<sender@example.com>")).toBe("530 Authentication required");
    } finally {
      client.close();
    }
  });

  it("answers AUTH and MAIL before STARTTLS with SES's 530", async () => {
    const { client } = await RawSmtpClient.connect(simulator.starttlsPort);
    try {
      await client.command("EHLO client.test");
      expect(await client.command("MAIL FROM:<sender@example.com>")).toBe("530 Must issue a STARTTLS command first");
      const plain = Buffer.from(`\0${SENDER.accessKeyId}\0${deriveSmtpPasswordSync(SENDER.secret, "us-east-1")}`);
      expect(await client.command(`AUTH PLAIN ${plain.toString("base64")}`)).toBe(
        "530 Must issue a STARTTLS command first",
      );
    } finally {
      client.close();
    }

    const error = await sendFails({}, { ignoreTLS: true });
    expect(error).toMatchObject({
      code: "EAUTH",
      responseCode: 530,
      response: "530 Must issue a STARTTLS command first",
    });
  });

  it("says 530 Authentication required to a client that never signs in", async () => {
    const error = await sendFails({}, { user: "" });
    expect(error).toMatchObject({ code: "EENVELOPE", responseCode: 530, response: "530 Authentication required" });
  });

  it("accepts implicit TLS on its TLS port", async () => {
    const info = await send({}, { port: "tls" });
    expect(info.response).toMatch(OK_REPLY);
    expect(simulator.outbox()[0]).toMatchObject({ tls: "implicit", region: "us-east-1" });
  });

  it("fails the TLS handshake for a client that does not trust the simulator's CA", async () => {
    for (const port of ["starttls", "tls"] as const) {
      const error = await sendFails({}, { port, trustCa: false });
      expect(error.code).toBe("ESOCKET");
      expect(error.message).toMatch(/certificate/i);
    }
  });

  it("has a certificate for every SES SMTP and FIPS host, and for 127.0.0.1", async () => {
    const pass = deriveSmtpPasswordSync(SENDER.secret, "eu-west-1");
    expect((await send({}, { region: "eu-west-1", pass })).response).toMatch(OK_REPLY);
    expect((await send({}, { servername: fipsSmtpHostFor("us-east-1") })).response).toMatch(OK_REPLY);
    // Without a server name the client checks the certificate against the IP address itself,
    // and the region is the scenario's default.
    clock += 5_000;
    const byIp = await send({}, { servername: "" });
    expect(simulator.outbox()[0]?.region).toBe("us-east-1");
    expect(byIp.response).toMatch(OK_REPLY);
    // Wrong names still fail: the certificate is not a wildcard for everything.
    const error = await sendFails({}, { servername: "smtp.example.org" });
    expect(error.code).toBe("ESOCKET");
  });
});

describe("SES SMTP simulator: sign-in", () => {
  it("signs in with the SigV4 SMTP password (PLAIN and LOGIN) and sends: 250 Ok <SES message id>", async () => {
    clock = Math.floor(clock / 1000) * 1000 + 123;
    const info = await send({ subject: "Första testet ✓" }, { method: "PLAIN" });
    const messageId = OK_REPLY.exec(info.response)?.[1];
    expect(messageId).toBeDefined();
    // The id starts with the time in milliseconds, like SES's.
    expect(messageId!.slice(4, 16)).toBe(clock.toString(16).padStart(12, "0"));

    const expected = {
      messageId,
      receivedAt: new Date(clock).toISOString(),
      region: "us-east-1",
      username: SENDER.accessKeyId,
      tls: "starttls",
      envelope: { from: "sender@example.com", to: ["demo@inflowave.test"] },
      subject: "Första testet ✓",
      rawTruncated: false,
    };
    const [inMemory] = simulator.outbox();
    expect(inMemory).toMatchObject(expected);
    expect(inMemory!.raw).toContain("It works.");
    expect(inMemory!.size).toBe(Buffer.byteLength(inMemory!.raw));
    expect(readOutbox(dataDir, 1)).toEqual([inMemory]);

    clock += 5_000;
    const login = await send({}, { method: "LOGIN" });
    expect(login.response).toMatch(OK_REPLY);
  });

  const invalid = { code: "EAUTH", responseCode: 535, response: "535 Authentication Credentials Invalid" };

  it("refuses the secret access key itself as password", async () => {
    expect(await sendFails({}, { pass: SENDER.secret })).toMatchObject(invalid);
  });

  it("refuses a password derived for another region than the host's", async () => {
    const usEast1Password = deriveSmtpPasswordSync(SENDER.secret, "us-east-1");
    expect(await sendFails({}, { region: "eu-west-1", pass: usEast1Password })).toMatchObject(invalid);
    // The same host with its own region's password is fine, so it is the region that failed.
    clock += 5_000;
    const info = await send({}, { region: "eu-west-1", pass: deriveSmtpPasswordSync(SENDER.secret, "eu-west-1") });
    expect(info.response).toMatch(OK_REPLY);
    expect(simulator.outbox()[0]?.region).toBe("eu-west-1");
  });

  it("refuses a legacy SigV2 password", async () => {
    expect(await sendFails({}, { pass: deriveLegacySmtpPasswordSync(SENDER.secret) })).toMatchObject(invalid);
  });

  it("refuses an unknown access key id", async () => {
    const pass = deriveSmtpPasswordSync(SENDER.secret, "us-east-1");
    expect(await sendFails({}, { user: "AKIAUNKNOWNKEY000000", pass })).toMatchObject(invalid);
  });

  it("refuses a temporary ASIA key even with its correctly derived password", async () => {
    const pass = deriveSmtpPasswordSync(TEMPORARY.secret, "us-east-1");
    expect(await sendFails({}, { user: TEMPORARY.accessKeyId, pass })).toMatchObject(invalid);
  });
});

describe("SES SMTP simulator: sending rules", () => {
  it("in the sandbox, rejects unverified recipients after DATA, naming each and the region in capitals", async () => {
    const error = await sendFails({ to: ["demo@inflowave.test", "a@x.com", "b@y.com"] });
    expect(error).toMatchObject({
      code: "EMESSAGE",
      responseCode: 554,
      command: "DATA",
      response:
        "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: a@x.com, b@y.com",
    });

    const both = await sendFails({ from: "me@unverified.org", to: "b@y.com" });
    expect(both.response).toBe(
      "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: me@unverified.org, b@y.com",
    );
  });

  it("checks identities per region", async () => {
    // example.com is verified in us-east-1 and eu-west-1, not in ap-southeast-2.
    const pass = deriveSmtpPasswordSync(SENDER.secret, "ap-southeast-2");
    const error = await sendFails({}, { region: "ap-southeast-2", pass });
    expect(error.response).toBe(
      "554 Message rejected: Email address is not verified. The following identities failed the check in region AP-SOUTHEAST-2: sender@example.com",
    );
  });

  it("in production, accepts any recipient but still requires a verified From (a verified domain covers subdomains)", async () => {
    simulator.setScenario({ ...BASE_SCENARIO, sandbox: false });
    const info = await send({ from: "news@mail.example.com", to: ["anyone@elsewhere.org", "b@y.com"] });
    expect(info.response).toMatch(OK_REPLY);

    clock += 5_000;
    const error = await sendFails({ from: "me@unverified.org", to: "anyone@elsewhere.org" });
    expect(error.response).toBe(
      "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: me@unverified.org",
    );
  });

  it("rejects a user without the sending policy with SES's Access denied and both ARNs", async () => {
    const pass = deriveSmtpPasswordSync(NO_POLICY.secret, "us-east-1");
    const error = await sendFails({}, { user: NO_POLICY.accessKeyId, pass });
    expect(error).toMatchObject({
      code: "EMESSAGE",
      responseCode: 554,
      response:
        "554 Access denied: User `arn:aws:iam::123456789012:user/no-policy-user' is not authorized to perform `ses:SendRawEmail' on resource `arn:aws:ses:us-east-1:123456789012:identity/example.com'",
    });
  });

  it("rejects every message while sending is paused", async () => {
    simulator.setScenario({ ...BASE_SCENARIO, sendingPaused: true });
    const error = await sendFails();
    expect(error).toMatchObject({
      responseCode: 554,
      response:
        "554 Message rejected: Sending paused for this account. For more information, please check the inbox of the email address associated with your AWS account.",
    });
  });

  it("enforces the maximum send rate with the injected clock", async () => {
    expect((await send()).response).toMatch(OK_REPLY);
    clock += 500;
    const error = await sendFails();
    expect(error).toMatchObject({
      code: "EMESSAGE",
      responseCode: 454,
      response: "454 Throttling failure: Maximum sending rate exceeded.",
    });
    clock += 500;
    expect((await send()).response).toMatch(OK_REPLY);
  });

  it("enforces the rolling 24-hour quota", async () => {
    clock += 25 * 60 * 60 * 1000; // leave earlier tests' sends out of the window
    simulator.setScenario({ ...BASE_SCENARIO, maxSendRate: -1, max24HourSend: 2 });
    expect((await send()).response).toMatch(OK_REPLY);
    clock += 60 * 60 * 1000;
    expect((await send()).response).toMatch(OK_REPLY);
    clock += 60 * 60 * 1000;
    expect(await sendFails()).toMatchObject({
      responseCode: 454,
      response: "454 Throttling failure: Daily message quota exceeded.",
    });
    // 24 hours after the first send, one slot is free again.
    clock += 22 * 60 * 60 * 1000;
    expect((await send()).response).toMatch(OK_REPLY);
    // The quota is per region: eu-west-1 has its own.
    const pass = deriveSmtpPasswordSync(SENDER.secret, "eu-west-1");
    expect((await send({}, { region: "eu-west-1", pass })).response).toMatch(OK_REPLY);
  });

  it("rejects a message over the size limit with SES's 552", async () => {
    const small = await startSesSimulator({
      scenario: BASE_SCENARIO,
      dataDir: tempDir(),
      now,
      maxMessageBytes: 32 * 1024,
    });
    try {
      const error = await sendFails({ text: "x".repeat(64 * 1024) }, { target: small });
      expect(error).toMatchObject({ code: "EMESSAGE", responseCode: 552, response: "552 Message is too long." });
      clock += 5_000;
      expect((await send({ text: "short" }, { target: small })).response).toMatch(OK_REPLY);
    } finally {
      await small.stop();
    }
  });
});

describe("SES SMTP simulator: scenarios", () => {
  it("ships a valid default scenario: an inline-policy SMTP user, one without the policy, diagnostics and admin keys", async () => {
    const scenario = await loadSesSimulatorScenario(path.resolve("ses-simulator/scenario.json"));
    expect(scenario).toMatchObject({
      accountId: "123456789012",
      defaultRegion: "us-east-1",
      sandbox: true,
      enforcementStatus: "HEALTHY",
      sentLast24Hours: 0,
      throttleApiCalls: false,
    });
    expect(scenario.users.map((user) => [user.accessKeyId, user.name, user.sendingPolicy])).toEqual([
      ["AKIASIMULATOR0000001", "ses-smtp-user.20260101-120000", "inline"],
      ["AKIASIMULATOR0000002", "ses-smtp-user-without-policy", "none"],
      ["AKIASIMULATORDIAG001", "inflowave-diagnostics", "none"],
      ["AKIASIMULATORADMIN01", "simulator-admin", "none"],
    ]);
    expect(scenario.users[0]).toMatchObject({
      secretAccessKey: SENDER.secret,
      tags: { InvokedBy: "SESConsole" },
    });
    expect(scenario.users[2]!.permissions).toEqual([
      "ses:GetAccount",
      "ses:GetSendQuota",
      "ses:GetAccountSendingEnabled",
      "ses:GetEmailIdentity",
      "ses:GetIdentityVerificationAttributes",
      "iam:GetAccessKeyLastUsed",
      "iam:GetUser",
      "iam:ListUserPolicies",
      "iam:ListGroupsForUser",
      "iam:ListGroupPolicies",
      "iam:SimulatePrincipalPolicy",
      "iam:CreateGroup",
      "iam:PutGroupPolicy",
      "iam:AddUserToGroup",
      "iam:DeleteUserPolicy",
      "iam:UntagUser",
      "ses:PutAccountDetails",
    ]);
    expect(scenario.users[3]!.permissions).toEqual(["*"]);
    expect(scenario.identities["us-east-1"]).toEqual(["example.com", "demo@inflowave.test"]);
    expect(scenario.identities["eu-west-1"]).toEqual(["example.com", "demo@inflowave.test"]);
    expect(scenario.pendingIdentities).toEqual({ "us-east-1": ["customer@example.org"] });
    expect(scenario.productionAccessRequest).toBeUndefined();
    // What the parser returns is a valid scenario again (tests pass it back with changes).
    expect(parseSesSimulatorScenario(scenario)).toEqual(scenario);
  });

  it("fills in the new fields' defaults and keeps a production-access request", () => {
    const parsed = parseSesSimulatorScenario({
      accountId: "123456789012",
      defaultRegion: "eu-west-1",
      users: [
        { name: "api-only" },
        { name: "sender", accessKeyId: SENDER.accessKeyId, secretAccessKey: SENDER.secret },
      ],
      productionAccessRequest: { mailType: "TRANSACTIONAL", websiteUrl: "https://inflowave.test" },
    });
    expect(parsed).toMatchObject({
      sandbox: true,
      sendingPaused: false,
      enforcementStatus: "HEALTHY",
      sentLast24Hours: 0,
      identities: {},
      pendingIdentities: {},
      throttleApiCalls: false,
      productionAccessRequest: {
        mailType: "TRANSACTIONAL",
        websiteUrl: "https://inflowave.test",
        contactLanguage: "EN",
        reviewStatus: "PENDING",
        caseId: expect.stringMatching(/^\S+$/),
      },
    });
    expect(parsed.users).toEqual([
      { name: "api-only", sendingPolicy: "group" },
      { name: "sender", accessKeyId: SENDER.accessKeyId, secretAccessKey: SENDER.secret, sendingPolicy: "group" },
    ]);
    expect(parseSesSimulatorScenario(parsed)).toEqual(parsed);
  });

  it("names every bad new field, and says what replaced hasSendingPolicy", () => {
    const bad = {
      ...BASE_SCENARIO,
      enforcementStatus: "PAUSED",
      sentLast24Hours: -1,
      pendingIdentities: { "us-east-1": ["demo@inflowave.test"] },
      productionAccessRequest: { mailType: "NEWSLETTER", websiteUrl: "inflowave.test", reviewStatus: "OPEN" },
      throttleApiCalls: "yes",
      users: [
        { name: "old", accessKeyId: SENDER.accessKeyId, secretAccessKey: SENDER.secret, hasSendingPolicy: true },
        { name: "half", accessKeyId: NO_POLICY.accessKeyId, sendingPolicy: "sometimes" },
        { name: "tagged", permissions: ["GetAccount"], tags: { InvokedBy: 1 } },
      ],
    };
    expect(problemsOf(bad)).toEqual([
      'enforcementStatus: must be "HEALTHY", "PROBATION" or "SHUTDOWN"',
      "sentLast24Hours: must be 0 or more",
      'productionAccessRequest.mailType: must be "MARKETING" or "TRANSACTIONAL"',
      "productionAccessRequest.websiteUrl: must be an http:// or https:// URL of at most 1000 characters",
      'productionAccessRequest.reviewStatus: must be "PENDING", "FAILED", "GRANTED" or "DENIED"',
      "throttleApiCalls: must be true or false",
      'users[0].hasSendingPolicy: replaced by "sendingPolicy": "inline", "group" or "none" (true was "group", false "none")',
      'users[1].sendingPolicy: must be "inline" (inline user policy, before September 2024), "group" (member of AWSSESSendingGroupDoNotRename) or "none"',
      "users[2].tags.InvokedBy: must be the tag's value, as a string",
      'users[2].permissions[0]: must be an IAM action such as "ses:GetAccount", "iam:*" or "*"',
    ]);
    // Checks across fields run once every field is valid on its own (zod's order).
    expect(
      problemsOf({
        ...BASE_SCENARIO,
        pendingIdentities: { "us-east-1": ["demo@inflowave.test"] },
        users: [
          { name: "half", accessKeyId: NO_POLICY.accessKeyId },
          { name: "Smtp-Sender", secretAccessKey: SENDER.secret },
          { name: "smtp-sender" },
        ],
      }),
    ).toEqual([
      "users[0].secretAccessKey: is missing: a user with an accessKeyId needs its secretAccessKey",
      "users[1].accessKeyId: is missing: a user with a secretAccessKey needs its accessKeyId",
      'users[2].name: "smtp-sender" is already the name of users[1] (IAM user names ignore case)',
      'pendingIdentities["us-east-1"][0]: "demo@inflowave.test" is also listed as verified in identities["us-east-1"]',
    ]);
  });

  it("fills in the sandbox or production quota when none is given", () => {
    const { maxSendRate: _rate, max24HourSend: _day, ...withoutQuota } = BASE_SCENARIO;
    expect(parseSesSimulatorScenario(withoutQuota)).toMatchObject({ maxSendRate: 1, max24HourSend: 200 });
    expect(parseSesSimulatorScenario({ ...withoutQuota, sandbox: false })).toMatchObject({
      maxSendRate: 14,
      max24HourSend: 50_000,
    });
  });

  function problemsOf(input: unknown): readonly string[] {
    try {
      parseSesSimulatorScenario(input);
    } catch (error) {
      if (error instanceof SesSimulatorScenarioError) return error.problems;
      throw error;
    }
    throw new Error("expected the scenario to be refused");
  }

  it("names every bad field", () => {
    const bad = {
      ...BASE_SCENARIO,
      accountId: "12345",
      defaultRegion: "mars-north-1",
      sanbox: false,
      identities: { "us-east-1": ["not an identity"] },
      users: [
        { ...BASE_SCENARIO.users[0], accessKeyId: "akia-lowercase" },
        { ...BASE_SCENARIO.users[1], accessKeyId: SENDER.accessKeyId },
      ],
    };
    let error: unknown;
    try {
      parseSesSimulatorScenario(bad);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SesSimulatorScenarioError);
    const problems = (error as SesSimulatorScenarioError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        "accountId: must be 12 digits",
        'defaultRegion: "mars-north-1" is not an AWS region where Amazon SES runs (e.g. us-east-1)',
        "sanbox: unknown field (misspelt?)",
        'identities["us-east-1"][0]: "not an identity" is neither an email address nor a domain',
        expect.stringMatching(/^users\[0\]\.accessKeyId: must be an access key id/),
      ]),
    );
    expect((error as Error).message).toMatch(/^Invalid SES simulator scenario: /);
  });

  it("names the duplicate access key", () => {
    const duplicate = { ...BASE_SCENARIO, users: [BASE_SCENARIO.users[0], BASE_SCENARIO.users[0]] };
    expect(() => parseSesSimulatorScenario(duplicate)).toThrow(
      'users[1].accessKeyId: "AKIASIMULATOR0000001" is already the access key of users[0]',
    );
  });

  it("says when a scenario file is missing or not JSON", async () => {
    const dir = tempDir();
    await expect(loadSesSimulatorScenario(path.join(dir, "missing.json"))).rejects.toThrow(/the file does not exist/);
    fs.writeFileSync(path.join(dir, "broken.json"), '{ "accountId": ');
    await expect(loadSesSimulatorScenario(path.join(dir, "broken.json"))).rejects.toThrow(/is not valid JSON/);
  });

  it("refuses an invalid scenario at run time and keeps the old one", async () => {
    expect(() => simulator.setScenario({ ...BASE_SCENARIO, maxSendRate: 0 })).toThrow(/maxSendRate: must be above 0/);
    expect((await send()).response).toMatch(OK_REPLY);
  });
});

describe("SES SMTP simulator: HTTP API, state file and start-up", () => {
  async function api(method: string, pathname: string, body?: unknown, host?: string) {
    const url = new URL(pathname, simulator.apiUrl);
    return new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      const req = httpRequest(
        url,
        { method, headers: { "content-type": "application/json", ...(host ? { host } : {}) } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
        },
      );
      req.on("error", reject);
      req.end(body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body));
    });
  }

  it("reports health", async () => {
    expect(await api("GET", "/health")).toEqual({
      status: 200,
      json: {
        ok: true,
        smtp: { starttlsPort: simulator.starttlsPort, implicitTlsPort: simulator.implicitTlsPort },
        region: "us-east-1",
      },
    });
  });

  it("lists and clears the outbox, in memory and in the file", async () => {
    const info = await send({ subject: "For the outbox" });
    const listed = await api("GET", "/outbox?limit=1");
    expect(listed.status).toBe(200);
    expect(listed.json).toEqual([expect.objectContaining({ subject: "For the outbox" })]);
    expect(info.response).toContain((listed.json as { messageId: string }[])[0]!.messageId);

    expect(await api("DELETE", "/outbox")).toMatchObject({ status: 200, json: { ok: true } });
    expect((await api("GET", "/outbox")).json).toEqual([]);
    expect(simulator.outbox()).toEqual([]);
    expect(readOutbox(dataDir)).toEqual([]);
  });

  it("replaces the scenario, and answers 400 with the field for a bad one", async () => {
    const bad = await api("PUT", "/scenario", { ...BASE_SCENARIO, accountId: 42 });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ ok: false, error: expect.stringContaining("accountId:") });
    expect((await api("PUT", "/scenario", "{ not json")).status).toBe(400);

    expect(await api("PUT", "/scenario", { ...BASE_SCENARIO, sendingPaused: true })).toEqual({
      status: 200,
      json: { ok: true },
    });
    expect((await sendFails()).response).toMatch(/^554 Message rejected: Sending paused/);
  });

  it("answers unknown paths, wrong methods and foreign Host headers with errors", async () => {
    expect((await api("GET", "/nothing")).status).toBe(404);
    expect((await api("POST", "/outbox")).status).toBe(405);
    expect((await api("GET", "/health", undefined, "attacker.example:1580")).status).toBe(403);
  });

  it("writes state.json while running, removes it on stop, and reuses its CA on restart", async () => {
    const dir = tempDir();
    const first = await startSesSimulator({ scenario: BASE_SCENARIO, dataDir: dir });
    const state = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8"));
    expect(state).toEqual({
      pid: process.pid,
      host: "127.0.0.1",
      starttlsPort: first.starttlsPort,
      implicitTlsPort: first.implicitTlsPort,
      apiUrl: first.apiUrl,
      caFile: path.join(dir, "ca.pem"),
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(readSesSimulatorState(dir)).toEqual(state);
    expect(fs.readFileSync(first.caFile, "utf8")).toBe(first.caPem);
    await first.stop();
    expect(fs.existsSync(path.join(dir, "state.json"))).toBe(false);
    expect(readSesSimulatorState(dir)).toBeUndefined();

    const second = await startSesSimulator({ scenario: BASE_SCENARIO, dataDir: dir });
    try {
      expect(second.caPem).toBe(first.caPem);
    } finally {
      await second.stop();
    }
  });

  it("fails to start with a clear error when a port is taken or the host is not loopback", async () => {
    const taken = startSesSimulator({ scenario: BASE_SCENARIO, dataDir: tempDir(), apiPort: simulator.starttlsPort });
    await expect(taken).rejects.toBeInstanceOf(SesSimulatorStartError);
    await expect(taken).rejects.toThrow(`127.0.0.1:${simulator.starttlsPort} (HTTP API) is already in use.`);

    await expect(startSesSimulator({ scenario: BASE_SCENARIO, dataDir: tempDir(), host: "0.0.0.0" })).rejects.toThrow(
      /only listens on a loopback address/,
    );
  });
});
