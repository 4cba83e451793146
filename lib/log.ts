import pino, { type Logger } from "pino";

export type { Logger };

// Defence in depth: secrets travel as Secret objects that print "[redacted]", and these
// field names are masked as well in case a plain string slips into a log call.
const REDACT_PATHS = [
  "password",
  "*.password",
  "smtpPassword",
  "*.smtpPassword",
  "secretAccessKey",
  "*.secretAccessKey",
  "passwordCiphertext",
  "*.passwordCiphertext",
  "authorization",
  "*.authorization",
  "headers.cookie",
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: "inflowave",
      level: options.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      base: undefined,
    },
    options.destination,
  );
}
