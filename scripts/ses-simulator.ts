// Runs the local Amazon SES simulator (SMTP, plus the SES/SES v2/IAM API on the HTTP port) until Ctrl-C:
//   npx tsx scripts/ses-simulator.ts [--scenario FILE] [--data-dir DIR] [--starttls-port N] [--tls-port N] [--api-port N]
// Defaults: ses-simulator/scenario.json, .data/ses-simulator, ports 1587 (STARTTLS), 1465 (TLS)
// and 1580 (HTTP: tooling and the AWS API), all on 127.0.0.1. SES's own 587/465 would need root.
import path from "node:path";
import { parseArgs } from "node:util";
import {
  loadSesSimulatorScenario,
  SES_SIMULATOR_DEFAULT_PORTS,
  SesSimulatorScenarioError,
  SesSimulatorStartError,
  startSesSimulator,
} from "../lib/ses-simulator";

const USAGE = `Usage: npx tsx scripts/ses-simulator.ts [options]

  --scenario FILE      scenario JSON (default ses-simulator/scenario.json)
  --data-dir DIR       CA, certificates, outbox.jsonl and state.json (default .data/ses-simulator)
  --starttls-port N    SMTP with STARTTLS, like SES's 587 (default ${SES_SIMULATOR_DEFAULT_PORTS.starttls})
  --tls-port N         SMTP with implicit TLS, like SES's 465 (default ${SES_SIMULATOR_DEFAULT_PORTS.implicitTls})
  --api-port N         HTTP: /health, /outbox, /scenario and the AWS API (default ${SES_SIMULATOR_DEFAULT_PORTS.api})
  --quiet              print only the start line, not each SMTP exchange or API call
  0 as a port picks any free one.

AWS SDK clients reach the simulated SES, SES v2 and IAM API with
  AWS_ENDPOINT_URL_SES=<HTTP URL> AWS_ENDPOINT_URL_SESV2=<HTTP URL> AWS_ENDPOINT_URL_IAM=<HTTP URL>
and an access key of the scenario.`;

function fail(message: string, exitCode: number): never {
  process.stderr.write(`ses-simulator: ${message}\n`);
  process.exit(exitCode);
}

function parsePort(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) fail(`${flag} must be a port number from 0 to 65535, not "${value}".`, 2);
  return port;
}

function parseOptions() {
  try {
    return parseArgs({
      options: {
        scenario: { type: "string" },
        "data-dir": { type: "string" },
        "starttls-port": { type: "string" },
        "tls-port": { type: "string" },
        "api-port": { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
}

const options = parseOptions();
if (options.help) {
  process.stdout.write(USAGE + "\n");
  process.exit(0);
}

const scenarioFile = path.resolve(options.scenario ?? "ses-simulator/scenario.json");
const dataDir = path.resolve(options["data-dir"] ?? ".data/ses-simulator");
const starttlsPort = parsePort(options["starttls-port"], SES_SIMULATOR_DEFAULT_PORTS.starttls, "--starttls-port");
const implicitTlsPort = parsePort(options["tls-port"], SES_SIMULATOR_DEFAULT_PORTS.implicitTls, "--tls-port");
const apiPort = parsePort(options["api-port"], SES_SIMULATOR_DEFAULT_PORTS.api, "--api-port");

// Relative when inside the project, so the line stays short; absolute otherwise.
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

let simulator: Awaited<ReturnType<typeof startSesSimulator>>;
try {
  const scenario = await loadSesSimulatorScenario(scenarioFile);
  simulator = await startSesSimulator({
    scenario,
    dataDir,
    starttlsPort,
    implicitTlsPort,
    apiPort,
    log: options.quiet ? undefined : (line) => process.stdout.write(`[ses-simulator] ${line}\n`),
  });
  const region = `default region ${scenario.defaultRegion}${scenario.sandbox ? ", sandbox" : ""}`;
  process.stdout.write(
    `SES simulator ready on ${simulator.host}: SMTP STARTTLS port ${simulator.starttlsPort}, SMTP TLS port ${simulator.implicitTlsPort}, HTTP and AWS API ${simulator.apiUrl} (AWS_ENDPOINT_URL_SES/_SESV2/_IAM); trust CA ${displayPath(simulator.caFile)}; ${region}. Ctrl-C stops.\n`,
  );
} catch (error) {
  if (error instanceof SesSimulatorStartError) {
    const hint =
      error.code === "EADDRINUSE"
        ? " Stop the process using it, or pick another port with --starttls-port, --tls-port or --api-port."
        : "";
    fail(`cannot start: ${error.message}${hint}`, 1);
  }
  if (error instanceof SesSimulatorScenarioError) fail(error.message, 1);
  fail(`unexpected failure: ${error instanceof Error ? error.message : String(error)}`, 1);
}

let stopping = false;
function stop(signal: NodeJS.Signals) {
  // A second Ctrl-C while connections drain leaves at once.
  if (stopping) process.exit(130);
  stopping = true;
  simulator.stop().then(
    () => {
      process.stdout.write(`SES simulator stopped (${signal}).\n`);
      process.exit(0);
    },
    (error: unknown) => fail(`stopping failed: ${error instanceof Error ? error.message : String(error)}`, 1),
  );
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
