// The ports Amazon SES listens on for SMTP. The TLS mode is a property of the port, never a
// separate choice: a mismatch (implicit TLS on 587, STARTTLS on 465) is a classic
// "wrong version number" or hang, so the wizard derives it instead of asking.
// Browser-safe: no Node or Prisma imports.

/** Same values as the Prisma enum TlsMode, restated so browser code need not load the Prisma client. */
export type TlsMode = "starttls" | "implicit";

export type SesSmtpPort = 25 | 587 | 2587 | 465 | 2465;

export interface SmtpPortOption {
  readonly port: SesSmtpPort;
  readonly tlsMode: TlsMode;
  /** Short text for a picker, e.g. "587 (STARTTLS, recommended)". */
  readonly label: string;
  /** One sentence on when to use it. */
  readonly description: string;
  readonly recommended?: true;
  /** Shown when the port is picked; set for port 25 only. */
  readonly warning?: string;
}

export const DEFAULT_SMTP_PORT = 587 satisfies SesSmtpPort;

export const PORT_25_WARNING =
  "Cloud providers, Amazon EC2 included, throttle or block outgoing port 25, so sends often time out. Use 587 or 2587 instead.";

// Recommended first, port 25 last: the order a picker shows them in.
export const SMTP_PORTS: readonly SmtpPortOption[] = [
  {
    port: 587,
    tlsMode: "starttls",
    label: "587 (STARTTLS, recommended)",
    description: "The standard submission port. Connects in plain text, then upgrades to TLS with STARTTLS.",
    recommended: true,
  },
  {
    port: 2587,
    tlsMode: "starttls",
    label: "2587 (STARTTLS)",
    description: "Same as 587, for networks that block 587.",
  },
  {
    port: 465,
    tlsMode: "implicit",
    label: "465 (TLS)",
    description: "TLS from the first byte (also called SMTPS or TLS Wrapper).",
  },
  {
    port: 2465,
    tlsMode: "implicit",
    label: "2465 (TLS)",
    description: "Same as 465, for networks that block 465.",
  },
  {
    port: 25,
    tlsMode: "starttls",
    label: "25 (STARTTLS, often blocked)",
    description: "The original SMTP port. Works with STARTTLS, but is often throttled.",
    warning: PORT_25_WARNING,
  },
];

const BY_PORT: ReadonlyMap<number, SmtpPortOption> = new Map(SMTP_PORTS.map((option) => [option.port, option]));

export function isSesSmtpPort(port: number): port is SesSmtpPort {
  return BY_PORT.has(port);
}

export function findSmtpPort(port: number): SmtpPortOption | undefined {
  return BY_PORT.get(port);
}

/** The TLS mode SES uses on this port; undefined for a port SES does not listen on. */
export function tlsModeForPort(port: SesSmtpPort): TlsMode;
export function tlsModeForPort(port: number): TlsMode | undefined;
export function tlsModeForPort(port: number): TlsMode | undefined {
  return BY_PORT.get(port)?.tlsMode;
}

/** "587 (recommended), 2587, 465, 2465 and 25", for messages. */
export function listSesSmtpPorts(): string {
  const ports = SMTP_PORTS.map((option) => `${option.port}${option.recommended ? " (recommended)" : ""}`);
  return `${ports.slice(0, -1).join(", ")} and ${ports.at(-1)}`;
}
