// Captures an SMTP session through nodemailer's logger: every command and reply with the time it
// crossed the wire, and which command each reply answers (replies come back in the order the
// commands went out, pipelined or not). The test send times its stages from these events, and the
// customer gets the text as the raw transcript, with the sign-in taken out.

import { format } from "node:util";
import type { Secret } from "../crypto/secret";
import { hideSecrets, REDACTED, secretForms } from "../ses/secret-redaction";

/** The command a reply answers: "greeting" for the banner, "message" for the end of DATA. */
export type SmtpCommandName =
  "greeting" | "EHLO" | "STARTTLS" | "AUTH" | "MAIL FROM" | "RCPT TO" | "DATA" | "message" | "QUIT" | "RSET" | "other";

export type SmtpWireEvent =
  /** The session's socket is ready: TCP on a STARTTLS port, TLS on an implicit-TLS port. */
  | { type: "session-open" }
  | { type: "command"; command: SmtpCommandName }
  | { type: "reply"; answers: SmtpCommandName | undefined; code: number; text: string };

export interface TranscriptLine {
  /** Milliseconds since the transcript started. */
  at: number;
  /** C: client command, S: server reply, *: what the client did or saw, !: a failure. */
  kind: "C" | "S" | "*" | "!";
  text: string;
}

/** The bunyan-style logger nodemailer writes to: (fields, printf format, ...args). */
export type NodemailerLogger = Record<"trace" | "debug" | "info" | "warn" | "error" | "fatal", LogMethod>;
type LogMethod = (...args: unknown[]) => void;

export class SmtpTranscript {
  readonly #lines: TranscriptLine[] = [];
  readonly #secrets: string[];
  readonly #now: () => number;
  readonly #awaiting: SmtpCommandName[] = [];
  #inAuthExchange = false;
  #lastReply: string | undefined;

  /** Told about each command and reply as it is logged, before nodemailer acts on it. */
  onWireEvent: ((event: SmtpWireEvent) => void) | undefined;

  constructor(options: { username: string; password: Secret | string; now: () => number }) {
    this.#now = options.now;
    const password = typeof options.password === "string" ? options.password : options.password.reveal();
    this.#secrets = secretForms(password, { username: options.username, hideEncodedUsername: true });
  }

  /** The logger to hand to nodemailer (with `transactionLog: true` so commands and replies reach it). */
  readonly logger: NodemailerLogger = {
    trace: (...args) => this.#log("trace", args),
    debug: (...args) => this.#log("debug", args),
    info: (...args) => this.#log("info", args),
    warn: (...args) => this.#log("warn", args),
    error: (...args) => this.#log("error", args),
    fatal: (...args) => this.#log("fatal", args),
  };

  /** Adds a line about something the client did itself (DNS, TCP, TLS details). */
  note(text: string, kind: "*" | "!" = "*"): void {
    this.#push(kind, text);
  }

  /** The command whose reply hasn't arrived yet, if any. */
  get awaiting(): SmtpCommandName | undefined {
    return this.#awaiting[0];
  }

  /** The last reply the server sent, apart from its goodbye to QUIT. */
  get lastReply(): string | undefined {
    return this.#lastReply;
  }

  get lines(): TranscriptLine[] {
    return this.#lines.map((line) => ({ ...line }));
  }

  /** Redacts a text the way transcript lines are redacted (for error messages shown elsewhere). */
  redact(text: string): string {
    return hideSecrets(text, this.#secrets);
  }

  /** "  0.012 S: 220 …", one line per reply line. */
  toString(): string {
    return this.#lines
      .flatMap((line) => {
        const stamp = (line.at / 1000).toFixed(3).padStart(7);
        const prefix = line.kind === "C" || line.kind === "S" ? `${line.kind}:` : line.kind;
        return line.text.split(/\r?\n/).map((part) => `${stamp} ${prefix} ${part}`);
      })
      .join("\n");
  }

  #log(level: string, args: unknown[]): void {
    try {
      const fields = typeof args[0] === "object" && args[0] !== null ? (args.shift() as Record<string, unknown>) : {};
      const text = typeof args[0] === "string" ? format(...(args as [string, ...unknown[]])) : "";
      const tnx = typeof fields.tnx === "string" ? fields.tnx : undefined;
      if (tnx === "client") return this.#onClientLine(text);
      if (tnx === "server") return this.#onServerLine(text);
      // We hand nodemailer an address we resolved ourselves; its own "lookup" of it is noise.
      if (tnx === "dns") return;
      if (tnx === "network" && "remoteAddress" in fields) {
        this.#awaiting.push("greeting");
        this.#push("*", text);
        this.onWireEvent?.({ type: "session-open" });
        return;
      }
      if (level === "debug" || level === "trace") return;
      this.#push(level === "info" ? "*" : "!", text);
    } catch {
      // Logging must never break the session it records.
    }
  }

  #onClientLine(raw: string): void {
    const command = this.#inAuthExchange ? "AUTH" : commandName(raw);
    // Whatever follows a 334 challenge is the sign-in itself (base64 user name, password, token).
    const text = this.#inAuthExchange ? REDACTED : hideAuthPayload(raw);
    this.#inAuthExchange = false;
    this.#awaiting.push(command);
    this.onWireEvent?.({ type: "command", command });
    this.#push("C", text);
  }

  #onServerLine(raw: string): void {
    const answers = this.#awaiting.shift();
    const code = Number(/^(\d{3})/.exec(raw)?.[1] ?? 0);
    // After "354 End data with <CR><LF>.<CR><LF>" (or a 250 from a lax server) the message goes
    // out, and its verdict is the next reply.
    if (answers === "DATA" && code >= 200 && code < 400) this.#awaiting.unshift("message");
    this.#inAuthExchange = answers === "AUTH" && code === 334;
    const text = this.#push("S", raw);
    if (answers !== "QUIT") this.#lastReply = text;
    this.onWireEvent?.({ type: "reply", answers, code, text });
  }

  #push(kind: TranscriptLine["kind"], text: string): string {
    const redacted = hideSecrets(text.trimEnd(), this.#secrets);
    this.#lines.push({ at: Math.max(0, Math.round(this.#now())), kind, text: redacted });
    return redacted;
  }
}

function commandName(line: string): SmtpCommandName {
  const upper = line.trimStart().toUpperCase();
  if (/^(?:EHLO|HELO|LHLO)\b/.test(upper)) return "EHLO";
  if (upper.startsWith("STARTTLS")) return "STARTTLS";
  if (upper.startsWith("AUTH")) return "AUTH";
  if (upper.startsWith("MAIL FROM")) return "MAIL FROM";
  if (upper.startsWith("RCPT TO")) return "RCPT TO";
  if (upper === "DATA") return "DATA";
  if (upper === "QUIT") return "QUIT";
  if (upper === "RSET") return "RSET";
  return "other";
}

// "AUTH PLAIN <base64>" and "AUTH LOGIN <base64>" carry the sign-in in the command itself.
function hideAuthPayload(line: string): string {
  return line.replace(/^(\s*AUTH\s+[A-Za-z0-9_-]+\s+)\S.*$/i, `$1${REDACTED}`);
}
