// The staged SMTP test send behind the wizard's "Send a test email": DNS, TCP connect, TLS, EHLO,
// AUTH, MAIL FROM, RCPT TO and DATA, each timed and judged from what actually crossed the wire.
// DNS is looked up here; nodemailer's SMTPConnection then drives the session over a socket we hand
// it (so the TCP connect is ours to time and ours to close), and its transaction log, read by
// SmtpTranscript, tells which command each reply answers. A failure becomes a failed stage plus a
// diagnosis; nothing about SMTP or the network throws.

import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import net from "node:net";
import tls from "node:tls";
import SMTPConnection, { type SMTPConnectionSendInfo } from "nodemailer/lib/smtp-connection";
import type { Secret } from "../crypto/secret";
import { diagnose, type Diagnosis, type SmtpStage } from "../ses/diagnose";
import { listSesSmtpPorts, tlsModeForPort, type TlsMode } from "../ses/ports";
import { SmtpTranscript, type SmtpCommandName, type SmtpWireEvent } from "./smtp-transcript";
import { buildTestMessage, type TestMessage } from "./test-message";
import { TestSendProgress, type TestSendStage, type TestSendStageName } from "./test-send-stages";

export { TEST_SEND_STAGE_LABELS, TEST_SEND_STAGE_NAMES } from "./test-send-stages";
export type { TestSendStage, TestSendStageName } from "./test-send-stages";

/** How to reach an endpoint somewhere else than its DNS name says, e.g. an SES host → the local simulator. */
export interface SmtpRoute {
  connectHost: string;
  connectPort: number;
  /** The name presented for SNI and checked against the certificate. */
  servername: string;
  /** Extra certificate authorities to trust on this route. */
  ca?: string[];
  /** Shown as the DNS stage's detail, since no lookup happens. */
  dnsNote?: string;
}

export interface TestSendTimeouts {
  /** TCP connect; also the most a DNS lookup may take. */
  connectMs?: number;
  /** Each wait while the session is set up: the TLS handshake, the greeting, the STARTTLS upgrade. */
  greetingMs?: number;
  /** Silence from the server once the session is set up. */
  socketMs?: number;
}

export interface TestSendRequest {
  host: string;
  /** An SES port; the TLS mode follows from it (465/2465 implicit TLS, 25/587/2587 STARTTLS). */
  port: number;
  username: string;
  password: Secret;
  from: string;
  to: string[];
  subject?: string;
  text?: string;
  timeouts?: TestSendTimeouts;
  /** When set, connect there instead of looking the host up, but present `servername` for SNI and certificate checks. */
  route?: SmtpRoute;
  /** Extra trusted certificate authorities (only for the simulator); the system's stay trusted. */
  ca?: string[];
  /** Context for the diagnosis. */
  region?: string;
  /** Called as each stage passes, fails or is skipped, in order. */
  onStage?: (stage: TestSendStage) => void;
  /**
   * Called once signed in, right before MAIL FROM. A rate-limited sender waits for its send slot
   * here, so SES counts the message at the paced moment rather than after a handshake of varying
   * length; the wait is noted in the transcript and not counted in any stage's time.
   */
  beforeMessage?: () => Promise<number | void>;
  signal?: AbortSignal;
}

export interface TestSendResult {
  ok: boolean;
  /** All eight stages in order: passed ones, then at most one failed, then skipped ones. */
  stages: TestSendStage[];
  /** The SES message id from the final "250 Ok <id>". */
  messageId?: string;
  /** The last server reply (not counting the goodbye to QUIT). */
  reply?: string;
  /** Why it failed and how to fix it; absent on success and when the caller cancelled. */
  diagnosis?: Diagnosis;
  /** The raw session, with the sign-in redacted. */
  transcript: string;
  startedAt: Date;
  durationMs: number;
}

export const DEFAULT_TEST_SEND_TIMEOUTS: Readonly<Required<TestSendTimeouts>> = {
  connectMs: 10_000,
  greetingMs: 10_000,
  socketMs: 20_000,
};

// Once the outcome is known: how long the server gets to answer QUIT and to close its side.
const QUIT_WAIT_MS = 1_000;
const CLOSE_WAIT_MS = 1_000;

/**
 * Sends one test email through SES (or whatever `route` points at) and reports each stage.
 * Resolves for every SMTP and network outcome; rejects only for a request it can't run at all
 * (a port SES doesn't listen on).
 */
export async function runTestSend(request: TestSendRequest): Promise<TestSendResult> {
  const tlsMode = tlsModeForPort(request.port);
  if (!tlsMode) {
    throw new RangeError(`Port ${request.port} isn't an SES SMTP port. SES listens on ${listSesSmtpPorts()}.`);
  }
  const startedAt = new Date();
  const origin = performance.now();
  const now = () => performance.now() - origin;
  const attempt = new TestSendAttempt(request, tlsMode, now);
  const outcome = await attempt.run();
  return {
    ok: outcome.ok,
    stages: attempt.progress.stages,
    ...(outcome.messageId ? { messageId: outcome.messageId } : {}),
    ...(attempt.transcript.lastReply ? { reply: attempt.transcript.lastReply } : {}),
    ...(outcome.diagnosis ? { diagnosis: outcome.diagnosis } : {}),
    transcript: attempt.transcript.toString(),
    startedAt,
    durationMs: Math.round(now()),
  };
}

interface Target {
  host: string;
  port: number;
  servername: string;
}

interface Outcome {
  ok: boolean;
  messageId?: string;
  diagnosis?: Diagnosis;
}

type SmtpError = Error & {
  code?: string;
  response?: string;
  responseCode?: number;
  command?: string;
  timeoutType?: string;
  syscall?: string;
  hostname?: string;
};

class TestSendAttempt {
  readonly progress: TestSendProgress;
  readonly transcript: SmtpTranscript;
  readonly #request: TestSendRequest;
  readonly #tlsMode: TlsMode;
  readonly #timeouts: Required<TestSendTimeouts>;
  readonly #sessionFailure: Promise<never>;
  #rejectSession: (error: unknown) => void = () => {};
  #aborted = false;
  #connection: SMTPConnection | undefined;
  #socket: net.Socket | undefined;
  #socketClosed: Promise<void> = Promise.resolve();
  #startTlsAccepted = false;
  #rcptReplies: { code: number; text: string }[] = [];
  #recipientCount = 0;
  /** The SMTP step a failure happened at, for the diagnosis; set when the stage fails. */
  #failedAt: SmtpStage | undefined;

  constructor(request: TestSendRequest, tlsMode: TlsMode, now: () => number) {
    this.#request = request;
    this.#tlsMode = tlsMode;
    this.#timeouts = {
      connectMs: positive(request.timeouts?.connectMs) ?? DEFAULT_TEST_SEND_TIMEOUTS.connectMs,
      greetingMs: positive(request.timeouts?.greetingMs) ?? DEFAULT_TEST_SEND_TIMEOUTS.greetingMs,
      socketMs: positive(request.timeouts?.socketMs) ?? DEFAULT_TEST_SEND_TIMEOUTS.socketMs,
    };
    this.progress = new TestSendProgress({ onStage: request.onStage, now });
    this.transcript = new SmtpTranscript({ username: request.username, password: request.password, now });
    this.transcript.onWireEvent = (event) => this.#onWireEvent(event);
    // Every step races this: the first connection error, unexpected close or cancellation ends the attempt.
    this.#sessionFailure = new Promise<never>((_, reject) => {
      this.#rejectSession = reject;
    });
    this.#sessionFailure.catch(() => {});
  }

  async run(): Promise<Outcome> {
    const signal = this.#request.signal;
    const onAbort = () => {
      this.#aborted = true;
      this.#rejectSession(signal?.reason ?? new Error("The test send was cancelled."));
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    let ok = false;
    try {
      const message = await buildTestMessage({
        from: this.#request.from,
        to: this.#request.to,
        subject: this.#request.subject,
        text: this.#request.text,
        via: `${this.#request.host}:${this.#request.port}`,
      });
      const target = await this.#lookUp();
      const info = await this.#converse(target, message);
      ok = this.progress.current === undefined && !this.progress.failed;
      // Every stage is judged from the wire; one that went unseen is reported, never assumed.
      if (!ok) this.progress.fail(`The server accepted the message (${info.response}), but this step wasn't seen`);
      const messageId = parseSesMessageId(info.response);
      return messageId ? { ok, messageId } : { ok };
    } catch (error) {
      return { ok: false, ...this.#explainFailure(error) };
    } finally {
      signal?.removeEventListener("abort", onAbort);
      await this.#close(ok);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // DNS

  async #lookUp(): Promise<Target> {
    const { host, port, route } = this.#request;
    if (route) {
      const where = `${route.connectHost}:${route.connectPort}`;
      this.transcript.note(`Not looking up ${host}: connecting to ${where} as ${route.servername}`);
      this.progress.pass("dns", route.dnsNote ?? `Not looked up: routed to ${where}`, { timed: false });
      return { host: route.connectHost, port: route.connectPort, servername: route.servername };
    }
    const name = host.trim();
    this.transcript.note(`Looking up ${name}`);
    // IPv4 first: not every network routes IPv6, and a test send shouldn't fail on that.
    const addresses = (await this.#race(lookUpWithin(name, this.#timeouts.connectMs))).sort(
      (a, b) => a.family - b.family,
    );
    const first = addresses[0];
    if (!first) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND", hostname: name });
    const listed = describeAddresses(addresses);
    this.transcript.note(`${name} is ${listed}`);
    this.progress.pass("dns", listed);
    return { host: first.address, port, servername: name };
  }

  // ---------------------------------------------------------------------------------------------
  // The SMTP session

  async #converse(target: Target, message: TestMessage): Promise<SMTPConnectionSendInfo> {
    const { connectMs, greetingMs, socketMs } = this.#timeouts;
    const extraCas = [...(this.#request.ca ?? []), ...(this.#request.route?.ca ?? [])];
    // SNI carries host names only: Node deprecates an IP address there (the certificate is then
    // checked against the IP itself).
    const servername = net.isIP(target.servername) ? undefined : target.servername;
    const socket = new net.Socket();
    this.#socket = socket;
    this.#socketClosed = new Promise((resolve) => socket.once("close", () => resolve()));
    const connection = new SMTPConnection({
      host: target.host,
      port: target.port,
      servername,
      socket,
      secure: this.#tlsMode === "implicit",
      requireTLS: this.#tlsMode === "starttls",
      tls: {
        minVersion: "TLSv1.2",
        servername,
        ...(extraCas.length > 0 ? { secureContext: secureContextTrusting(extraCas) } : {}),
      },
      // nodemailer's connection timeout bounds the whole setup (TCP, TLS, greeting, STARTTLS); the
      // TCP connect alone is held to connectMs below, each later setup wait to greetingMs.
      connectionTimeout: connectMs + 2 * greetingMs,
      greetingTimeout: greetingMs,
      socketTimeout: socketMs,
      socketCloseTimeout: CLOSE_WAIT_MS,
      logger: this.transcript.logger,
      transactionLog: true,
    });
    this.#connection = connection;
    connection.on("error", (error: Error) => this.#rejectSession(error));
    connection.once("end", () => this.#rejectSession(connectionClosedError()));

    const connectTimer = setTimeout(() => {
      socket.destroy(
        Object.assign(
          new Error(`Connection timeout: ${target.host}:${target.port} did not answer within ${connectMs} ms`),
          { code: "ETIMEDOUT" },
        ),
      );
    }, connectMs);
    socket.once("close", () => clearTimeout(connectTimer));
    socket.once("connect", () => {
      clearTimeout(connectTimer);
      const where = `${socket.remoteAddress}:${socket.remotePort}`;
      if (this.#tlsMode === "implicit") this.transcript.note(`TCP connection open to ${where}, starting TLS`);
      this.progress.pass("connect", where);
    });

    await this.#step<void>((done) => connection.connect((error) => done(error)));
    await this.#step<boolean>((done) =>
      connection.login({ user: this.#request.username, pass: this.#request.password.reveal() }, done),
    );
    this.#recipientCount = message.envelope.to.length;
    if (this.#request.beforeMessage) {
      const waitedMs = await this.#race(this.#request.beforeMessage());
      if (typeof waitedMs === "number" && waitedMs > 0) {
        this.transcript.note(`Waited ${Math.round(waitedMs)} ms for the domain's send slot`);
      }
      this.progress.restartClock();
    }
    return await this.#step<SMTPConnectionSendInfo>((done) => connection.send(message.envelope, message.raw, done));
  }

  /** Stage changes from the wire: each reply is judged as it arrives, before nodemailer acts on it. */
  #onWireEvent(event: SmtpWireEvent): void {
    if (event.type === "session-open") {
      if (this.#tlsMode === "implicit") this.#tlsEstablished("tls");
      return;
    }
    if (event.type === "command") {
      // On a STARTTLS port, the EHLO after an accepted STARTTLS is the first command sent encrypted.
      if (event.command === "EHLO" && this.#startTlsAccepted) this.#tlsEstablished("STARTTLS");
      return;
    }
    const { answers, code, text } = event;
    const positive = code >= 200 && code < 300;
    switch (answers) {
      case "EHLO":
        if (positive) this.progress.pass("ehlo", describeEhlo(text));
        return;
      case "STARTTLS":
        if (code === 220) this.#startTlsAccepted = true;
        return;
      case "AUTH":
        if (positive) this.progress.pass("auth", text);
        return;
      // From here on, a refusal is final on the wire even when nodemailer reports it later
      // (with PIPELINING it waits for the reply to DATA).
      case "MAIL FROM":
        if (positive) this.progress.pass("mail-from", text);
        else this.#failOnReply(text, "mail-from");
        return;
      case "RCPT TO":
        this.#onRecipientReply(code, text);
        return;
      // 354 is the go-ahead; a few servers say 250, which nodemailer accepts too.
      case "DATA":
        if (code >= 400 || code < 200) this.#failOnReply(text, "data");
        return;
      case "message":
        if (positive) this.progress.pass("data", text);
        else this.#failOnReply(text, "data");
        return;
      default:
        return;
    }
  }

  #onRecipientReply(code: number, text: string): void {
    this.#rcptReplies.push({ code, text });
    if (this.#rcptReplies.length < this.#recipientCount) return;
    const refused = this.#rcptReplies.filter((reply) => reply.code < 200 || reply.code >= 300);
    const lastRefusal = refused.at(-1);
    if (refused.length === this.#rcptReplies.length && lastRefusal)
      return this.#failOnReply(lastRefusal.text, "rcpt-to");
    // SES delivers to the recipients it accepted; the refused ones are named, not hidden.
    const detail = lastRefusal
      ? `${this.#rcptReplies.length - refused.length} of ${this.#rcptReplies.length} recipients accepted; refused: ${lastRefusal.text}`
      : text;
    this.progress.pass("rcpt-to", detail);
  }

  #tlsEstablished(how: "tls" | "STARTTLS"): void {
    const socket = this.#connection?._socket;
    let detail = "encrypted";
    if (socket instanceof tls.TLSSocket) {
      const protocol = socket.getProtocol();
      const cipher = socket.getCipher()?.name;
      detail = [protocol, cipher ? `(${cipher})` : undefined].filter(Boolean).join(" ") || detail;
      this.transcript.note(`TLS: ${detail}${describeCertificate(socket.getPeerCertificate())}`);
    }
    this.progress.pass("tls", how === "STARTTLS" ? `STARTTLS, ${detail}` : detail);
  }

  #failOnReply(reply: string, at: SmtpStage): void {
    if (this.progress.fail(reply) !== undefined) this.#failedAt = at;
  }

  /** Runs one callback-style step, ending early if the session fails or is cancelled meanwhile. */
  #step<T>(start: (done: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> {
    const step = new Promise<T>((resolve, reject) => {
      start((error, value) => (error ? reject(error) : resolve(value as T)));
    });
    return this.#race(step);
  }

  #race<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.#sessionFailure]);
  }

  // ---------------------------------------------------------------------------------------------
  // Failure and clean-up

  #explainFailure(error: unknown): { diagnosis?: Diagnosis } {
    // An error or reply may echo what was sent; it is shown and stored, so it is redacted like the transcript.
    const described = this.transcript.redact(describeError(error, this.#timeouts));
    if (!this.progress.failed) {
      const at = this.#stageNow();
      this.progress.fail(this.#aborted ? "Cancelled" : described);
      this.#failedAt = at;
    }
    const note = this.#aborted ? "Cancelled" : described;
    const lastLine = this.transcript.lines.at(-1)?.text ?? "";
    if (note !== this.transcript.lastReply && !lastLine.includes(note)) this.transcript.note(note, "!");
    if (this.#aborted) return {};
    const { host, port, region, username, password, from, to } = this.#request;
    return {
      diagnosis: diagnose(error, {
        host,
        port,
        region,
        username,
        password,
        fromAddress: from,
        ...(to[0] ? { toAddress: to[0] } : {}),
        stage: this.#failedAt ?? "unknown",
        // Only what was seen: a greeting that never came after a finished handshake is no TLS mix-up.
        tlsEstablished: this.progress.stages.some((stage) => stage.name === "tls" && stage.status === "passed"),
      }),
    };
  }

  /** The SMTP step under way: the command awaiting its reply, or else the stage running. */
  #stageNow(): SmtpStage {
    const awaiting = this.transcript.awaiting;
    if (awaiting) return SMTP_STAGE_OF_COMMAND[awaiting];
    const current = this.progress.current;
    return current ? SMTP_STAGE_OF_TEST_STAGE[current] : "unknown";
  }

  async #close(ok: boolean): Promise<void> {
    const connection = this.#connection;
    const socket = this.#socket;
    if (!connection || !socket) return;
    if (ok && !this.#aborted) {
      // A polite goodbye; nodemailer closes the connection once QUIT is answered.
      connection.quit();
      await within(this.#socketClosed, QUIT_WAIT_MS);
    }
    connection.close();
    if (!(await within(this.#socketClosed, CLOSE_WAIT_MS))) {
      socket.destroy();
      await within(this.#socketClosed, CLOSE_WAIT_MS);
    }
  }
}

const SMTP_STAGE_OF_COMMAND: Readonly<Record<SmtpCommandName, SmtpStage>> = {
  greeting: "greeting",
  EHLO: "ehlo",
  STARTTLS: "starttls",
  AUTH: "auth",
  "MAIL FROM": "mail-from",
  "RCPT TO": "rcpt-to",
  DATA: "data",
  message: "data",
  QUIT: "unknown",
  RSET: "unknown",
  other: "unknown",
};

const SMTP_STAGE_OF_TEST_STAGE: Readonly<Record<TestSendStageName, SmtpStage>> = {
  dns: "dns",
  connect: "connect",
  tls: "tls",
  ehlo: "ehlo",
  auth: "auth",
  "mail-from": "mail-from",
  "rcpt-to": "rcpt-to",
  data: "data",
};

// Contexts that trust Node's authorities plus extra ones (the local simulator's), by those extra
// certificates. Building one parses every root certificate, 50–100 ms of CPU that a test send
// paid on each connection; without extra authorities Node's own cached context is used.
const trustingContexts = new Map<string, tls.SecureContext>();
const TRUSTING_CONTEXTS_KEPT = 8;

function secureContextTrusting(extraCas: readonly string[]): tls.SecureContext {
  const key = extraCas.join("\n");
  let context = trustingContexts.get(key);
  if (!context) {
    // `ca` replaces Node's trusted authorities, so the extra ones are added to them.
    context = tls.createSecureContext({ minVersion: "TLSv1.2", ca: [...tls.rootCertificates, ...extraCas] });
    if (trustingContexts.size >= TRUSTING_CONTEXTS_KEPT) trustingContexts.delete(trustingContexts.keys().next().value!);
    trustingContexts.set(key, context);
  }
  return context;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

async function lookUpWithin(host: string, ms: number): Promise<LookupAddress[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Reads like Node's own "lookup failed for now", which is what a silent DNS server amounts to.
      reject(
        Object.assign(new Error(`getaddrinfo EAI_AGAIN ${host} (no answer within ${ms} ms)`), {
          code: "EAI_AGAIN",
          hostname: host,
          syscall: "getaddrinfo",
        }),
      );
    }, ms);
  });
  try {
    return await Promise.race([lookup(host, { all: true }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeAddresses(addresses: readonly LookupAddress[]): string {
  const shown = addresses.slice(0, 3).map((entry) => entry.address);
  const more = addresses.length - shown.length;
  return more > 0 ? `${shown.join(", ")} (+${more} more)` : shown.join(", ");
}

/** "8BITMIME, SIZE 10485760, AUTH PLAIN LOGIN": what the server offers, from its EHLO reply. */
function describeEhlo(reply: string): string {
  const lines = reply.split(/\r?\n/).map((line) => line.replace(/^\d{3}[ -]?/, "").trim());
  const extensions = lines.slice(1).filter(Boolean);
  return extensions.length > 0 ? extensions.join(", ") : (lines[0] ?? reply);
}

function describeCertificate(certificate: tls.PeerCertificate | undefined): string {
  if (!certificate || Object.keys(certificate).length === 0) return "";
  const subject = firstValue(certificate.subject?.CN);
  const issuer = firstValue(certificate.issuer?.CN) ?? firstValue(certificate.issuer?.O);
  const parts = [
    subject ? `certificate for ${subject}` : undefined,
    issuer ? `issued by ${issuer}` : undefined,
    certificate.valid_to ? `valid until ${certificate.valid_to}` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? `; ${parts.join(", ")}` : "";
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** One line for a failed stage: the server's reply when there is one, else what went wrong. */
function describeError(error: unknown, timeouts: Required<TestSendTimeouts>): string {
  if (!(error instanceof Error)) return String(error);
  const smtpError = error as SmtpError;
  switch (smtpError.timeoutType) {
    case "GREETING_TIMEOUT":
      return `No greeting from the server within ${timeouts.greetingMs} ms`;
    case "UPGRADE_TIMEOUT":
      return `The TLS handshake didn't finish within ${timeouts.greetingMs} ms`;
    case "SOCKET_TIMEOUT":
      return `The server went silent for ${timeouts.socketMs} ms`;
    case "CONNECT_TIMEOUT":
      return "Setting up the session took too long";
    default:
      break;
  }
  if (smtpError.response) return smtpError.response.trim();
  const message = error.message.replace(/^Error initiating TLS - /, "").trim();
  // "read ECONNRESET" says nothing to most people; the code stays for those it does.
  if (/^(?:read |write )?(?:ECONNRESET|EPIPE)$/.test(message)) return `The connection was cut off (${message})`;
  // OpenSSL's "8…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:…/ssl3_record.c:350:"
  const reason = /:SSL routines:[^:]*:([^:]+):/.exec(message)?.[1];
  return reason ? `TLS error: ${reason}` : message;
}

function connectionClosedError(): SmtpError {
  return Object.assign(new Error("Connection closed unexpectedly"), { code: "ECONNECTION" });
}

// SES answers the end of DATA with "250 Ok 0100018b5c3c0a4f-…-000000" (the id is sometimes quoted in <>).
function parseSesMessageId(reply: string | undefined): string | undefined {
  return reply
    ? /^250[ -](?:\d\.\d{1,3}\.\d{1,3} )?Ok\s+<?([A-Za-z0-9][\w.@-]*)>?/i.exec(reply.trim())?.[1]
    : undefined;
}

/** Waits up to `ms` for `promise`; true if it settled in time. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
