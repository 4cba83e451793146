// The scenario's SMTP faults (see SmtpFaults in scenario.ts): a server that never greets, a TLS
// handshake the client refuses, a connection closed right after AUTH, a connection dropped in the
// middle of DATA. Read from the current world on every connection, so PUT /scenario and
// setScenario turn them on and off at once. With no faults set, every hook here is a no-op.
import type net from "node:net";
import tls from "node:tls";
import type { SMTPServer, SMTPServerSession } from "smtp-server";
import { createWrongNameCertificate, type SimulatorCertificates, WRONG_CERTIFICATE_NAME } from "./certificates";
import type { SmtpFaults } from "./scenario";

/** smtp-server's connection object, as far as the faults need it (its type definitions leave it out). */
interface SmtpServerConnection {
  id: string;
  /** Ends the session the way smtp-server does: pending replies are written, then the socket is ended. */
  close(): void;
}

type SniCallback = (error: Error | null, context?: tls.SecureContext) => void;

const socketKey = (localPort: number, remoteAddress: string | undefined, remotePort: number | undefined) =>
  `${localPort}|${remoteAddress ?? ""}|${remotePort ?? 0}`;

export class SmtpFaultInjector {
  readonly #faults: () => SmtpFaults | undefined;
  readonly #certificates: SimulatorCertificates;
  readonly #log: (line: string) => void;
  readonly #servers: SMTPServer[] = [];
  /** The TCP socket under each session (under TLS too), by local port and client address. */
  readonly #tcpSockets = new Map<string, net.Socket>();
  #wrongNameContext: Promise<tls.SecureContext> | undefined;

  constructor(options: {
    faults: () => SmtpFaults | undefined;
    certificates: SimulatorCertificates;
    log: (line: string) => void;
  }) {
    this.#faults = options.faults;
    this.#certificates = options.certificates;
    this.#log = options.log;
  }

  /** Keeps track of a server's connections (call before it listens). */
  watch(server: SMTPServer): void {
    this.#servers.push(server);
    server.server.on("connection", (socket: net.Socket) => {
      const { localPort, remoteAddress, remotePort } = socket;
      if (localPort === undefined) return;
      const key = socketKey(localPort, remoteAddress, remotePort);
      this.#tcpSockets.set(key, socket);
      socket.once("close", () => {
        if (this.#tcpSockets.get(key) === socket) this.#tcpSockets.delete(key);
      });
    });
  }

  /** smtp-server's onConnect: the greeting is sent once this calls back, so noBanner never does. */
  readonly onConnect = (session: SMTPServerSession, callback: (error?: Error | null) => void): void => {
    if (this.#faults()?.noBanner) {
      this.#log(`${session.id} fault noBanner: holding the connection without a greeting`);
      return;
    }
    callback();
  };

  /** smtp-server's SNICallback: no context means its own certificate. */
  readonly SNICallback = (servername: string, callback: SniCallback): void => {
    if (!this.#faults()?.tlsHandshakeFailure) return callback(null);
    this.#log(
      `TLS for ${servername || "(no server name)"}: fault tlsHandshakeFailure, presenting a certificate for ${WRONG_CERTIFICATE_NAME}`,
    );
    this.#wrongNameContext ??= createWrongNameCertificate(this.#certificates).then(({ cert, key }) =>
      tls.createSecureContext({ cert, key, minVersion: "TLSv1.2" }),
    );
    this.#wrongNameContext.then(
      (context) => callback(null, context),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  };

  /** After AUTH was answered with 235: closeAfterAuth ends the session there. */
  afterAuth(session: SMTPServerSession): void {
    if (!this.#faults()?.closeAfterAuth) return;
    const connection = this.#connection(session.id);
    if (!connection) return;
    this.#log(`${session.id} fault closeAfterAuth: closing the connection`);
    connection.close();
  }

  /**
   * For each part of a message after DATA: true when dropDuringData has just reset the connection,
   * so the message must be neither judged nor kept.
   */
  dropDuringData(session: SMTPServerSession, receivedBytes: number): boolean {
    if (!this.#faults()?.dropDuringData) return false;
    const socket = this.#tcpSockets.get(socketKey(session.localPort, session.remoteAddress, session.remotePort));
    if (!socket) return false;
    this.#log(
      `${session.id} fault dropDuringData: resetting the connection after ${receivedBytes} bytes of the message`,
    );
    // A reset, as when a server dies or something in between drops the connection: no reply, no
    // TLS close_notify, no FIN. The TLS session above the socket goes down with it.
    if (!socket.destroyed) socket.resetAndDestroy();
    return true;
  }

  #connection(id: string): SmtpServerConnection | undefined {
    for (const server of this.#servers) {
      for (const connection of server.connections as Set<SmtpServerConnection>) {
        if (connection.id === id) return connection;
      }
    }
    return undefined;
  }
}
