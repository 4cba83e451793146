// Real SMTP servers on 127.0.0.1 for integration tests: smtp-server instances that greet, encrypt
// and reply the way Amazon SES does (STARTTLS or implicit TLS, SES's exact reply texts), plus the
// failures a network produces (a port nobody listens on, a server that never greets). Every helper
// reports how many TCP connections it still holds, so tests can prove nothing was left open.

import net from "node:net";
import { generate } from "selfsigned";
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerSession } from "smtp-server";

export const TEST_SMTP_HOST = "127.0.0.1";
export const SES_SMTP_HOST = "email-smtp.us-east-1.amazonaws.com";
/** What SES answers the end of DATA with; the id is what the test send should report. */
export const TEST_SES_MESSAGE_ID = "0100019a2b3c4d5e-6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c-000000";

export interface TestCertificate {
  /** The certificate authority that signed `cert`: what a client must trust. */
  ca: string;
  key: string;
  cert: string;
}

/**
 * A fresh certificate authority and a server certificate it signed, valid for localhost,
 * 127.0.0.1 and the SES host name the tests connect "as". Give each authority its own name:
 * a client that trusts another authority of the same name reports a signature failure instead
 * of an unknown issuer.
 */
export async function createTestCertificate(
  options: { authorityName?: string; names?: readonly string[] } = {},
): Promise<TestCertificate> {
  const names = options.names ?? ["localhost", SES_SMTP_HOST];
  const authorityName = options.authorityName ?? "Inflowave Test CA";
  const authority = await generate([{ name: "commonName", value: authorityName }], {
    keyType: "ec",
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: "commonName", value: names[0] ?? "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    ca: { key: authority.private, cert: authority.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [...names.map((value) => ({ type: 2 as const, value })), { type: 7, ip: TEST_SMTP_HOST }],
      },
    ],
  });
  return { ca: authority.cert, key: server.private, cert: server.cert };
}

/** A full reply such as "535 Authentication Credentials Invalid", sent exactly as written. */
export type SmtpReplyText = string;

export interface SmtpTestServerOptions {
  tls: "starttls" | "implicit";
  certificate: TestCertificate;
  /** SES offers PLAIN and LOGIN; nodemailer picks PLAIN when both are offered. */
  authMethods?: ("PLAIN" | "LOGIN")[];
  /** SES doesn't offer PIPELINING, so neither does this server unless asked. */
  pipelining?: boolean;
  /** Replies that refuse a step; a step without one is accepted the way SES accepts it. */
  refuse?: { auth?: SmtpReplyText; mailFrom?: SmtpReplyText; rcptTo?: SmtpReplyText; data?: SmtpReplyText };
  /** After a successful AUTH, drop the connection without a word when MAIL FROM arrives. */
  closeAfterAuth?: boolean;
}

export interface ReceivedLogin {
  method: string;
  username: string;
  password: string;
}

export interface ReceivedMessage {
  from: string;
  to: string[];
  raw: string;
}

export interface TestServerHandle {
  port: number;
  /** TCP connections the server still has open. */
  openConnections(): Promise<number>;
  close(): Promise<void>;
}

export interface SmtpTestServer extends TestServerHandle {
  logins: ReceivedLogin[];
  messages: ReceivedMessage[];
}

export async function startSmtpTestServer(options: SmtpTestServerOptions): Promise<SmtpTestServer> {
  const logins: ReceivedLogin[] = [];
  const messages: ReceivedMessage[] = [];
  const refuse = options.refuse ?? {};
  const server: SMTPServer = new SMTPServer({
    secure: options.tls === "implicit",
    key: options.certificate.key,
    cert: options.certificate.cert,
    name: "email-smtp.amazonaws.com",
    banner: "SimpleEmailService-d-TEST0000 Inflowave test server",
    size: 10_485_760,
    authMethods: options.authMethods ?? ["PLAIN", "LOGIN"],
    hidePIPELINING: !options.pipelining,
    hideSMTPUTF8: true,
    disableReverseLookup: true,
    logger: false,
    socketTimeout: 10_000,
    closeTimeout: 1_000,
    onAuth(auth: SMTPServerAuthentication, _session: SMTPServerSession, callback) {
      logins.push({ method: auth.method, username: auth.username ?? "", password: auth.password ?? "" });
      if (refuse.auth) return callback(smtpError(refuse.auth));
      callback(null, { user: auth.username });
    },
    onMailFrom(_address, session, callback) {
      if (options.closeAfterAuth) {
        for (const connection of server.connections) if (connection.id === session.id) connection._socket.destroy();
        return;
      }
      callback(refuse.mailFrom ? smtpError(refuse.mailFrom) : null);
    },
    onRcptTo(_address, _session, callback) {
      callback(refuse.rcptTo ? smtpError(refuse.rcptTo) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refuse.data) return callback(smtpError(refuse.data));
        const envelope = session.envelope;
        messages.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : "",
          to: envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback(null, `Ok ${TEST_SES_MESSAGE_ID}`);
      });
    },
  });
  server.on("error", () => {
    // Clients that vanish mid-handshake are part of these tests.
  });
  await new Promise<void>((resolve) => server.listen(0, TEST_SMTP_HOST, resolve));
  return {
    port: portOf(server.server),
    logins,
    messages,
    openConnections: () => countConnections(server.server),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A server that accepts connections and never says a word: no banner, no TLS handshake. */
export async function startSilentServer(): Promise<TestServerHandle> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    // Reads and drops what the client sends; a socket nobody reads never notices the client leaving.
    socket.resume();
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, TEST_SMTP_HOST, resolve));
  return {
    port: portOf(server),
    openConnections: () => countConnections(server),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function findClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, TEST_SMTP_HOST, resolve));
  const port = portOf(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls until the server holds no connections (they close a moment after the client's FIN). */
export async function waitForNoConnections(server: TestServerHandle, withinMs = 2_000): Promise<number> {
  const deadline = Date.now() + withinMs;
  let open = await server.openConnections();
  while (open > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    open = await server.openConnections();
  }
  return open;
}

function smtpError(reply: SmtpReplyText): Error & { responseCode: number } {
  const match = /^(\d{3})[ -](.*)$/s.exec(reply);
  if (!match) throw new Error(`Not an SMTP reply: ${reply}`);
  return Object.assign(new Error(match[2]), { responseCode: Number(match[1]) });
}

function portOf(server: net.Server): number {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("The test server isn't listening on TCP.");
  return address.port;
}

function countConnections(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) =>
    server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );
}
