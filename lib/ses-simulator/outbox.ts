// The messages the simulator accepted. SES would deliver them; the simulator keeps them so a
// person can see what the app sent. They live in memory (newest first, bounded) and in
// <dataDir>/outbox.jsonl, one JSON object a line, so another process (the app's development
// Outbox page) can read them with readOutbox.
import { appendFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface SimulatedMessage {
  /** The id SES would return in "250 Ok <id>". */
  messageId: string;
  /** ISO 8601. */
  receivedAt: string;
  /** The region the message was sent to (from the TLS server name, or the scenario's default). */
  region: string;
  /** The SMTP user name: the access key id. */
  username: string;
  /** "starttls" for the STARTTLS port, "implicit" for the TLS port. */
  tls: "starttls" | "implicit";
  envelope: { from: string; to: string[] };
  /** The decoded Subject header; "" when there is none. */
  subject: string;
  /** The whole message's size in bytes, as SES measures it for its size limit. */
  size: number;
  /** The message source, cut at OUTBOX_RAW_LIMIT bytes. */
  raw: string;
  rawTruncated: boolean;
}

export const OUTBOX_FILE = "outbox.jsonl";
/** How many messages are kept in memory (and in the file after it is compacted). */
export const OUTBOX_MEMORY_LIMIT = 200;
/** The message source kept per message; enough to read headers and a text body. */
export const OUTBOX_RAW_LIMIT = 256 * 1024;
// The file is rewritten with the newest messages once it holds this many lines, so it stays small.
const OUTBOX_COMPACT_AFTER_LINES = 1000;

export function outboxFile(dataDir: string): string {
  return path.join(dataDir, OUTBOX_FILE);
}

function isSimulatedMessage(value: unknown): value is SimulatedMessage {
  if (typeof value !== "object" || value === null) return false;
  const message = value as Record<string, unknown>;
  return typeof message.messageId === "string" && typeof message.receivedAt === "string";
}

function parseLines(text: string): SimulatedMessage[] {
  const messages: SimulatedMessage[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isSimulatedMessage(value)) messages.push(value);
    } catch {
      // A partial last line: the simulator is writing it right now. Skip it.
    }
  }
  return messages;
}

/**
 * The messages in <dataDir>/outbox.jsonl, newest first, at most `limit`. Tolerates a missing
 * file (no messages yet) and a line still being written.
 */
export function readOutbox(dataDir: string, limit = OUTBOX_MEMORY_LIMIT): SimulatedMessage[] {
  const file = outboxFile(dataDir);
  if (!existsSync(file) || limit <= 0) return [];
  return parseLines(readFileSync(file, "utf8")).reverse().slice(0, limit);
}

/** The simulator's outbox: memory for its own API, the file for other processes. */
export class SimulatedOutbox {
  readonly #file: string;
  #messages: SimulatedMessage[];
  #linesInFile: number;

  constructor(dataDir: string) {
    this.#file = outboxFile(dataDir);
    // Pick up what an earlier run kept, so a restart does not empty the Outbox page.
    const kept = existsSync(this.#file) ? parseLines(readFileSync(this.#file, "utf8")) : [];
    this.#linesInFile = kept.length;
    this.#messages = kept.reverse().slice(0, OUTBOX_MEMORY_LIMIT);
  }

  /** Newest first. */
  list(limit = OUTBOX_MEMORY_LIMIT): SimulatedMessage[] {
    return this.#messages.slice(0, Math.max(0, limit));
  }

  add(message: SimulatedMessage): void {
    this.#messages.unshift(message);
    if (this.#messages.length > OUTBOX_MEMORY_LIMIT) this.#messages.length = OUTBOX_MEMORY_LIMIT;
    if (this.#linesInFile + 1 >= OUTBOX_COMPACT_AFTER_LINES) {
      this.#rewriteFile();
    } else {
      // One appendFileSync per message: a line is never interleaved with another write.
      appendFileSync(this.#file, JSON.stringify(message) + "\n");
      this.#linesInFile++;
    }
  }

  clear(): number {
    const count = this.#messages.length;
    this.#messages = [];
    this.#linesInFile = 0;
    rmSync(this.#file, { force: true });
    return count;
  }

  #rewriteFile(): void {
    const oldestFirst = [...this.#messages].reverse();
    // Written aside and renamed, so a reader never sees the file half rewritten.
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, oldestFirst.map((message) => JSON.stringify(message) + "\n").join(""));
    renameSync(temporary, this.#file);
    this.#linesInFile = oldestFirst.length;
  }
}
