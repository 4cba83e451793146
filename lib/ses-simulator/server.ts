// A local stand-in for Amazon SES's SMTP endpoint, so the email setup can be tried and tested
// without an AWS account or internet: real SMTP over real TLS, SES's banner and EHLO, SigV4
// SMTP passwords per region, the sandbox, quotas and SES's exact reply texts. Two SMTP ports
// (STARTTLS like 587/2587, implicit TLS like 465/2465) and an HTTP port for tooling and for the
// AWS API (the SES, SES v2 and IAM calls the app makes with the AWS SDK; see aws-api.ts).
import { randomInt } from "node:crypto";
import { mkdir } from "node:fs/promises";
import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type AddressObject, simpleParser } from "mailparser";
import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerAuthentication,
  type SMTPServerAuthenticationResponse,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from "smtp-server";
import { ensureSimulatorCertificates } from "./certificates";
import { handleAwsApiRequest } from "./aws-api";
import { createSesSimulatorApi } from "./http-api";
import type { IamUser } from "./iam-model";
import { OUTBOX_RAW_LIMIT, SimulatedOutbox, type SimulatedMessage } from "./outbox";
import { sendingLimitKey, SendingRateLimiter } from "./rate-limit";
import { parseSesSimulatorScenario, type SesSimulatorScenario } from "./scenario";
import { acceptedReply, SES_REPLIES, type SesReply, smtpReplyError } from "./ses-replies";
import { checkSmtpLogin, judgeMessage, newSesMessageId, regionForServername } from "./sending-rules";
import { SmtpFaultInjector } from "./smtp-faults";
import { removeSesSimulatorState, type SesSimulatorState, writeSesSimulatorState } from "./state-file";
import { createSimulatorWorld, type SimulatorWorld } from "./world";

/** SES's limit for SMTP messages, measured on the message as sent (after base64). */
export const SES_MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
/** The ports `scripts/ses-simulator.ts` uses by default: SES's 587/465/… need root, these do not. */
export const SES_SIMULATOR_DEFAULT_PORTS = { starttls: 1587, implicitTls: 1465, api: 1580 } as const;
/** The host name SES greets with, whatever regional host the client connected to. */
export const SES_GREETING_NAME = "email-smtp.amazonaws.com";

export interface StartSesSimulatorOptions {
  scenario: SesSimulatorScenario;
  /** Certificates, outbox.jsonl and state.json live here (e.g. .data/ses-simulator). */
  dataDir: string;
  /** A 127.x.x.x address; the simulator never listens beyond the loopback interface. */
  host?: string;
  /** 0 (the default) picks any free port. */
  starttlsPort?: number;
  implicitTlsPort?: number;
  apiPort?: number;
  /** The clock for quotas, message ids and timestamps (milliseconds since the epoch). */
  now?: () => number;
  log?: (line: string) => void;
  /** The size limit; SES's 40 MB unless a test wants a small one. */
  maxMessageBytes?: number;
}

export interface RunningSesSimulator {
  host: string;
  starttlsPort: number;
  implicitTlsPort: number;
  /**
   * e.g. http://127.0.0.1:1580: the HTTP side (/health, /outbox, /scenario) and the AWS API.
   * Give it to the SDK as AWS_ENDPOINT_URL_SES, AWS_ENDPOINT_URL_SESV2 and AWS_ENDPOINT_URL_IAM,
   * or as the clients' `endpoint`.
   */
  apiUrl: string;
  /** The HTTP port of apiUrl. */
  apiPort: number;
  /** The local CA (PEM) a client must trust: nodemailer `tls: { ca: caPem, servername: <SES host> }`. */
  caPem: string;
  caFile: string;
  /** Accepted messages, newest first. */
  outbox(): SimulatedMessage[];
  /**
   * Replaces the scenario (validated; throws SesSimulatorScenarioError) and with it everything
   * API calls changed (IAM users, groups, keys, the production-access request); sending counts are kept.
   */
  setScenario(scenario: SesSimulatorScenario): void;
  /** The world as it is now, API changes included (for tests; do not change it from outside). */
  world(): SimulatorWorld;
  stop(): Promise<void>;
}

/** Starting failed for a reason a person can fix (a port in use, a host that is not loopback). */
export class SesSimulatorStartError extends Error {
  override name = "SesSimulatorStartError";
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** What the simulator keeps on a session once AUTH succeeded. */
interface AuthenticatedSession {
  accessKeyId: string;
  region: string;
  user: IamUser;
}

const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const randomText = (alphabet: string, length: number) =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join("");

/** "SimpleEmailService-d-N8DNVJOVF 1hh7w7XwCXyEHPypK4v6", the shape of SES's greeting suffix. */
function sesBannerSuffix(): string {
  return `SimpleEmailService-d-${randomText(BASE62.slice(0, 26) + BASE62.slice(52), 9)} ${randomText(BASE62, 20)}`;
}

function assertLoopback(host: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) {
    throw new SesSimulatorStartError(
      `The SES simulator only listens on a loopback address such as 127.0.0.1, not "${host}": its users and CA are for this machine only.`,
    );
  }
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number, what: string): SesSimulatorStartError {
  if (error.code === "EADDRINUSE") {
    return new SesSimulatorStartError(`${host}:${port} (${what}) is already in use.`, error.code);
  }
  if (error.code === "EACCES") {
    return new SesSimulatorStartError(`Not allowed to listen on ${host}:${port} (${what}).`, error.code);
  }
  return new SesSimulatorStartError(`Cannot listen on ${host}:${port} (${what}): ${error.message}`, error.code);
}

async function listenSmtp(server: SMTPServer, host: string, port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(listenError(error, host, port, what));
    server.server.once("error", onError);
    server.server.listen(port, host, () => {
      server.server.off("error", onError);
      resolve((server.server.address() as AddressInfo).port);
    });
  });
}

async function listenHttp(server: HttpServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(listenError(error, host, port, "HTTP API"));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeSmtp(server: SMTPServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.server.listening) return resolve();
    server.close(() => resolve());
  });
}

function closeHttp(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The header block of a message (up to the first empty line), for a cheap Subject/From parse. */
function headerBlock(raw: Buffer): Buffer {
  const crlf = raw.indexOf("\r\n\r\n");
  if (crlf !== -1) return raw.subarray(0, crlf + 4);
  const lf = raw.indexOf("\n\n");
  return lf !== -1 ? raw.subarray(0, lf + 2) : raw;
}

function isAddressObject(value: unknown): value is AddressObject {
  return typeof value === "object" && value !== null && "value" in value && Array.isArray(value.value);
}

/** The addresses in an address header (From, Sender), which mailparser may give as one object or a list. */
function addressesIn(header: unknown): string[] {
  const objects = Array.isArray(header) ? header : [header];
  return objects
    .filter(isAddressObject)
    .flatMap((object) => object.value)
    .map((entry) => entry.address ?? "")
    .filter((address) => address !== "");
}

async function readHeaders(raw: Buffer): Promise<{ subject: string; senders: string[] }> {
  try {
    const parsed = await simpleParser(headerBlock(raw), { skipHtmlToText: true, skipTextToHtml: true });
    return {
      subject: parsed.subject ?? "",
      senders: [...addressesIn(parsed.headers.get("from")), ...addressesIn(parsed.headers.get("sender"))],
    };
  } catch {
    return { subject: "", senders: [] };
  }
}

export async function startSesSimulator(options: StartSesSimulatorOptions): Promise<RunningSesSimulator> {
  const host = options.host ?? "127.0.0.1";
  assertLoopback(host);
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const maxMessageBytes = options.maxMessageBytes ?? SES_MAX_MESSAGE_BYTES;
  let world = createSimulatorWorld(parseSesSimulatorScenario(options.scenario), now);
  const replaceScenario = (next: SesSimulatorScenario) => {
    world = createSimulatorWorld(parseSesSimulatorScenario(next), now);
  };

  await mkdir(options.dataDir, { recursive: true });
  const certificates = await ensureSimulatorCertificates(options.dataDir);
  const outbox = new SimulatedOutbox(options.dataDir);
  const limiter = new SendingRateLimiter(now);
  const banner = sesBannerSuffix();
  const faults = new SmtpFaultInjector({ faults: () => world.scenario.faults, certificates, log });

  const sessionRegion = (session: SMTPServerSession) =>
    regionForServername(session.servername, world.scenario.defaultRegion);

  function onAuth(
    auth: SMTPServerAuthentication,
    session: SMTPServerSession,
    callback: (error: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void,
  ): void {
    // smtp-server's own refusal is "538 Error: …"; SES says 530, so insecure AUTH is let
    // through to here (allowInsecureAuth) and refused with SES's words.
    if (!session.secure) {
      log(`${session.id} AUTH before STARTTLS: 530`);
      return callback(smtpReplyError(SES_REPLIES.mustIssueStarttls));
    }
    const region = sessionRegion(session);
    const username = auth.username ?? "";
    const result = checkSmtpLogin(world.iam, region, username, auth.password ?? "");
    if (!result.ok) {
      log(`${session.id} ${region} AUTH ${auth.method} ${username}: ${result.reply.code} ${result.reply.text}`);
      return callback(smtpReplyError(result.reply));
    }
    log(`${session.id} ${region} AUTH ${auth.method} ${username} (${result.user.name}): 235`);
    world.iam.recordKeyUse(username, "ses", region);
    const authenticated: AuthenticatedSession = { accessKeyId: username, region, user: result.user };
    callback(null, { user: authenticated });
    // smtp-server has written the 235 by now; the fault closes the connection behind it.
    faults.afterAuth(session);
  }

  function onMailFrom(
    _address: SMTPServerAddress,
    session: SMTPServerSession,
    callback: (error?: Error | null) => void,
  ) {
    // authOptional is on so these two replies can carry SES's words instead of smtp-server's.
    if (!session.secure) return callback(smtpReplyError(SES_REPLIES.mustIssueStarttls));
    if (!session.user) return callback(smtpReplyError(SES_REPLIES.authenticationRequired));
    callback();
  }

  async function decide(
    session: SMTPServerSession,
    authenticated: AuthenticatedSession,
    raw: Buffer,
    size: number,
    sizeExceeded: boolean,
    tls: SimulatedMessage["tls"],
  ): Promise<SesReply> {
    if (sizeExceeded) return SES_REPLIES.messageTooLong;
    const { region } = authenticated;
    // The world may have changed since AUTH (a new scenario, IAM API calls): judge with the user
    // and its policies as they are now.
    const { scenario, iam } = world;
    const found = iam.findAccessKey(authenticated.accessKeyId);
    if (!found) return SES_REPLIES.credentialsInvalid;
    const { user } = found;
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
    const recipients = session.envelope.rcptTo.map((recipient) => recipient.address);
    const headers = await readHeaders(raw);

    const rejection = judgeMessage(scenario, {
      region,
      user,
      maySend: (identityArn) => iam.isAllowed(user, "ses:SendRawEmail", identityArn),
      envelopeFrom,
      headerSenders: headers.senders,
      recipients,
    });
    if (rejection) return rejection;

    const verdict = limiter.take(sendingLimitKey(scenario.accountId, region), recipients.length, {
      maxSendRate: scenario.maxSendRate,
      max24HourSend: scenario.max24HourSend,
      sentElsewhere: scenario.sentLast24Hours,
    });
    if (verdict === "daily-quota-exceeded") return SES_REPLIES.dailyQuotaExceeded;
    if (verdict === "max-send-rate-exceeded") return SES_REPLIES.maxSendRateExceeded;

    const receivedAt = now();
    const messageId = newSesMessageId(receivedAt);
    outbox.add({
      messageId,
      receivedAt: new Date(receivedAt).toISOString(),
      region,
      username: authenticated.accessKeyId,
      tls,
      envelope: { from: envelopeFrom, to: recipients },
      subject: headers.subject,
      size,
      raw: raw.toString("utf8"),
      rawTruncated: size > raw.length,
    });
    return acceptedReply(messageId);
  }

  const onDataFor =
    (tls: SimulatedMessage["tls"]) =>
    (
      stream: SMTPServerDataStream,
      session: SMTPServerSession,
      callback: (error?: Error | null, message?: string) => void,
    ): void => {
      const kept: Buffer[] = [];
      let keptBytes = 0;
      let receivedBytes = 0;
      let dropped = false;
      let answered = false;
      const answer = (error: Error | null, message?: string) => {
        if (answered) return;
        answered = true;
        callback(error, message);
      };
      stream.on("data", (chunk: Buffer) => {
        if (dropped) return;
        receivedBytes += chunk.length;
        // The connection is gone: the message is neither judged nor kept, and nobody is answered.
        if (faults.dropDuringData(session, receivedBytes)) {
          dropped = true;
          return;
        }
        if (keptBytes >= OUTBOX_RAW_LIMIT) return;
        const part = chunk.subarray(0, OUTBOX_RAW_LIMIT - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      });
      stream.once("error", (error) => answer(error));
      stream.once("end", () => {
        if (dropped) return;
        const authenticated = session.user as AuthenticatedSession;
        decide(session, authenticated, Buffer.concat(kept), stream.byteLength, stream.sizeExceeded, tls)
          .then((reply) => {
            log(
              `${session.id} ${authenticated.region} DATA from ${authenticated.accessKeyId}: ${reply.code} ${reply.text}`,
            );
            if (reply.code === 250) answer(null, reply.text);
            else answer(smtpReplyError(reply));
          })
          .catch((error: unknown) => answer(error instanceof Error ? error : new Error(String(error))));
      });
    };

  const createSmtpServer = (secure: boolean) => {
    const server = new SMTPServer({
      secure,
      key: certificates.key,
      cert: certificates.cert,
      minVersion: "TLSv1.2", // SES offers TLS 1.2 and 1.3 only
      name: SES_GREETING_NAME,
      banner,
      heloResponse: "%s",
      size: maxMessageBytes,
      authMethods: ["PLAIN", "LOGIN"],
      allowInsecureAuth: true,
      authOptional: true,
      // SES's EHLO lists 8BITMIME, SIZE, STARTTLS and AUTH PLAIN LOGIN; hide smtp-server's extras.
      hidePIPELINING: true,
      hideSMTPUTF8: true,
      hideDSN: true,
      hideREQUIRETLS: true,
      hideENHANCEDSTATUSCODES: true,
      disableReverseLookup: true,
      logger: false,
      closeTimeout: 1000,
      onConnect: faults.onConnect,
      SNICallback: faults.SNICallback,
      onAuth,
      onMailFrom,
      onData: onDataFor(secure ? "implicit" : "starttls"),
    });
    faults.watch(server);
    // Handshake failures (a client that does not trust the CA) and resets arrive here; without
    // a listener they would crash the process.
    server.on("error", (error: NodeJS.ErrnoException) => {
      // A failed listen is reported by startSesSimulator itself, in a sentence.
      if (error.syscall !== "listen") log(`smtp ${secure ? "TLS" : "STARTTLS"} port: ${error.message}`);
    });
    return server;
  };

  const starttlsServer = createSmtpServer(false);
  const implicitTlsServer = createSmtpServer(true);
  // Filled in once the SMTP ports are bound, which is before the API starts listening.
  const ports = { starttlsPort: 0, implicitTlsPort: 0 };
  const api = createSesSimulatorApi(
    {
      health: () => ({ ...ports, region: world.scenario.defaultRegion }),
      outbox: (limit) => outbox.list(limit),
      clearOutbox: () => outbox.clear(),
      setScenario: replaceScenario,
      aws: (request, response) =>
        handleAwsApiRequest(
          {
            world: () => world,
            sentLast24Hours: (region) => limiter.sentLast24Hours(sendingLimitKey(world.scenario.accountId, region)),
            log,
          },
          request,
          response,
        ),
    },
    log,
  );

  let apiPort: number;
  try {
    ports.starttlsPort = await listenSmtp(starttlsServer, host, options.starttlsPort ?? 0, "STARTTLS SMTP port");
    ports.implicitTlsPort = await listenSmtp(implicitTlsServer, host, options.implicitTlsPort ?? 0, "TLS SMTP port");
    apiPort = await listenHttp(api, host, options.apiPort ?? 0);
  } catch (error) {
    await Promise.all([closeSmtp(starttlsServer), closeSmtp(implicitTlsServer), closeHttp(api)]);
    throw error;
  }
  const { starttlsPort, implicitTlsPort } = ports;

  const apiUrl = `http://${host}:${apiPort}`;
  const state: SesSimulatorState = {
    pid: process.pid,
    host,
    starttlsPort,
    implicitTlsPort,
    apiUrl,
    caFile: certificates.caFile,
    startedAt: new Date(now()).toISOString(),
  };
  writeSesSimulatorState(options.dataDir, state);
  let stopping: Promise<void> | undefined;
  return {
    host,
    starttlsPort,
    implicitTlsPort,
    apiUrl,
    apiPort,
    caPem: certificates.caPem,
    caFile: certificates.caFile,
    outbox: () => outbox.list(),
    setScenario: replaceScenario,
    world: () => world,
    stop: () => {
      stopping ??= (async () => {
        await Promise.all([closeSmtp(starttlsServer), closeSmtp(implicitTlsServer), closeHttp(api)]);
        removeSesSimulatorState(options.dataDir, state);
      })();
      return stopping;
    },
  };
}
