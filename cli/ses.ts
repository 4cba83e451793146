// `node cli/ses.mjs <command>`: the SES knowledge core for operators and scripts. The launcher
// cli/ses.mjs runs this file bundled (see there); `npx tsx cli/ses.ts` runs it from source.
// JSON on stdout; exit 0 when all is well, 1 when it found a problem, 2 on a usage error.
// Each command imports what it needs when it runs: zod (check-credentials) and nodemailer (probe)
// take longer to load than everything `diagnose` does, so nothing is imported up front.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { SmtpRoute } from "../lib/sending/test-send";

export const USAGE = `Usage: node cli/ses.mjs <command>      (or: npm run --silent ses -- <command>)

Commands:
  regions                          every SES region, its SMTP host and whether SMTP is offered
  diagnose [TEXT]                  explain an SMTP reply or error message (TEXT, or read from stdin)
  derive-password --region REGION  turn an AWS secret access key (read from stdin, never an argument)
                                   into the SES SMTP password for REGION
  check-credentials                check SMTP settings given as JSON on stdin:
                                   { "region", "host", "port", "username", "password", "from"? }
  probe --username AKIA… --from ADDRESS --to ADDRESS [--region REGION] [--port 587]
        [--endpoint HOST:PORT --tls starttls|implicit] [--ca FILE]
                                   send a staged test email (password on stdin) to the region's SES
                                   SMTP host, or to any SMTP server at --endpoint

Exit status: 0 all is well, 1 a problem was found, 2 usage error.`;

export interface CliIo {
  readStdin(): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

class UsageError extends Error {}

export async function runSesCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case "regions": {
        expectNoArguments(rest);
        const { SES_REGIONS } = await import("../lib/ses/regions");
        io.stdout(json(SES_REGIONS));
        return 0;
      }
      case "diagnose":
        return await diagnoseCommand(rest, io);
      case "derive-password":
        return await derivePasswordCommand(rest, io);
      case "check-credentials":
        return await checkCredentialsCommand(rest, io);
      case "probe":
        return await probeCommand(rest, io);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        if (command === undefined) throw new UsageError("No command given.");
        io.stdout(USAGE + "\n");
        return 0;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`ses: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    // Anything else is a bug; say so in one line rather than with a stack trace.
    io.stderr(`ses: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

async function diagnoseCommand(args: string[], io: CliIo): Promise<number> {
  const text = (args.length > 0 ? args.join(" ") : await io.readStdin()).trim();
  if (!text) throw new UsageError("diagnose needs an SMTP reply or error message, as an argument or on stdin.");
  const { diagnose, parseSmtpReply } = await import("../lib/ses/diagnose");
  const reply = parseSmtpReply(text);
  if (reply?.code !== undefined && reply.code < 400) {
    io.stdout(json({ ok: true, reply, message: "That is a success reply from the SMTP server, not an error." }));
    return 0;
  }
  io.stdout(json(diagnose(text)));
  return 1;
}

async function derivePasswordCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args);
  if (positionals.length > 0) {
    throw new UsageError("derive-password reads the secret access key from stdin; never pass it as an argument.");
  }
  const region = values.region?.trim().toLowerCase();
  if (!region) throw new UsageError("derive-password needs --region, e.g. --region us-east-1.");
  const [{ findSesRegion }, { Secret }, { deriveSmtpPasswordSync }] = await Promise.all([
    import("../lib/ses/regions"),
    import("../lib/crypto/secret"),
    import("../lib/ses/smtp-password-node"),
  ]);
  if (!findSesRegion(region))
    throw new UsageError(`"${region}" is not an SES region. Run \`ses regions\` for the list.`);
  const secret = (await io.readStdin()).trim();
  if (!secret) throw new UsageError("derive-password needs the AWS secret access key on stdin.");
  io.stdout(json({ region, password: deriveSmtpPasswordSync(new Secret(secret), region) }));
  return 0;
}

async function checkCredentialsCommand(args: string[], io: CliIo): Promise<number> {
  expectNoArguments(args);
  const text = (await io.readStdin()).trim();
  if (!text) throw new UsageError("check-credentials needs a JSON object on stdin.");
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw new UsageError("check-credentials: stdin is not valid JSON.");
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new UsageError('check-credentials: stdin must be a JSON object such as {"region": "us-east-1", …}.');
  }
  const { from, fromAddress, ...fields } = input as Record<string, unknown>;
  const { checkCredentials } = await import("../lib/ses/credential-checks");
  const result = checkCredentials({ ...fields, fromAddress: fromAddress ?? from } as Parameters<
    typeof checkCredentials
  >[0]);
  const findings = result.findings.map(({ field, code, message, severity }) => ({ field, code, message, severity }));
  io.stdout(json({ ok: result.ok, findings }));
  return result.ok ? 0 : 1;
}

async function probeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    region: { type: "string" },
    port: { type: "string" },
    endpoint: { type: "string" },
    tls: { type: "string" },
    ca: { type: "string" },
    username: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
  });
  if (positionals.length > 0) {
    throw new UsageError("probe reads the SMTP password from stdin; never pass it as an argument.");
  }
  const region = (values.region ?? "us-east-1").trim().toLowerCase();
  const [{ findSesRegion, smtpHostFor }, { DEFAULT_SMTP_PORT, tlsModeForPort }, { Secret }, { runTestSend }] =
    await Promise.all([
      import("../lib/ses/regions"),
      import("../lib/ses/ports"),
      import("../lib/crypto/secret"),
      import("../lib/sending/test-send"),
    ]);
  if (!findSesRegion(region))
    throw new UsageError(`"${region}" is not an SES region. Run \`ses regions\` for the list.`);
  for (const flag of ["username", "from", "to"] as const) {
    if (!values[flag]?.trim()) throw new UsageError(`probe needs --${flag}.`);
  }
  const password = (await io.readStdin()).replace(/\r?\n$/, "");
  if (!password) throw new UsageError("probe needs the SMTP password on stdin.");

  let host = smtpHostFor(region) ?? `email-smtp.${region}.amazonaws.com`;
  let port = values.port === undefined ? DEFAULT_SMTP_PORT : Number(values.port);
  let route: SmtpRoute | undefined;
  const ca = values.ca ? [readCaFile(values.ca)] : undefined;
  if (values.endpoint) {
    const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(values.endpoint.trim());
    if (!match) throw new UsageError(`--endpoint must look like host:port, e.g. 127.0.0.1:1587.`);
    const tlsMode = values.tls;
    if (tlsMode !== "starttls" && tlsMode !== "implicit") {
      throw new UsageError("--endpoint needs --tls starttls or --tls implicit: the port alone does not say.");
    }
    // The sender speaks SES's ports; the route sends the connection to the endpoint instead.
    port = tlsMode === "implicit" ? 465 : DEFAULT_SMTP_PORT;
    host = match[1]!;
    route = { connectHost: match[1]!, connectPort: Number(match[2]), servername: match[1]!, ca };
  } else if (values.tls) {
    throw new UsageError(
      "--tls goes with --endpoint; for SES the port decides (587, 2587, 25: STARTTLS; 465, 2465: TLS).",
    );
  }
  if (!tlsModeForPort(port)) {
    throw new UsageError(`Amazon SES does not offer SMTP on port ${values.port}. Use 587, 2587, 25, 465 or 2465.`);
  }
  const result = await runTestSend({
    host,
    port,
    username: values.username!.trim(),
    password: new Secret(password),
    from: values.from!.trim(),
    to: [values.to!.trim()],
    region,
    route,
    ca,
  });
  io.stdout(
    json({
      ok: result.ok,
      stages: result.stages.map(({ name, status, ms }) => ({ name, ok: status === "passed", status, ms })),
      ...(result.messageId ? { messageId: result.messageId } : {}),
      ...(result.diagnosis ? { diagnosis: result.diagnosis } : {}),
    }),
  );
  return result.ok ? 0 : 1;
}

function readCaFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`--ca: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
  }
}

function parseOptions(
  args: string[],
  options: NonNullable<Parameters<typeof parseArgs>[0]>["options"] = { region: { type: "string" } },
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true }) as {
      values: Record<string, string | undefined>;
      positionals: string[];
    };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function expectNoArguments(args: string[]) {
  if (args.length > 0) throw new UsageError(`Unexpected argument "${args[0]}".`);
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + "\n";

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Runs the command in process.argv and sets the exit status; the launcher calls it. */
export async function main(): Promise<void> {
  process.exitCode = await runSesCli(process.argv.slice(2), {
    readStdin,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}

// Run from source (`tsx cli/ses.ts …`); the bundle is imported by cli/ses.mjs, which calls main().
if (import.meta.url === `file://${process.argv[1]}`) await main();
