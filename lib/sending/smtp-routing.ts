import fs from "node:fs";
import path from "node:path";
import type { Env } from "../env";
import { parseSesHost } from "../ses/regions";
import { readSesSimulatorState } from "../ses-simulator/state-file";
import type { SmtpRoute } from "./test-send";
import type { TlsMode } from "../ses/ports";

/** Where an SMTP connection to a host really goes. Undefined: connect to the host itself. */
export type SmtpRouter = (host: string, tlsMode: TlsMode) => SmtpRoute | undefined;

export const directSmtpRouter: SmtpRouter = () => undefined;

/**
 * With INFLOWAVE_SES_SIMULATOR=on (npm run dev sets it), SES SMTP hosts are answered by the local
 * SES simulator when one is running on this machine, with its CA trusted for those connections
 * only. Opt-in, so a server that merely forgot NODE_ENV never routes; and NODE_ENV=production
 * never routes, whatever else the environment says.
 */
export function smtpRouterFor(env: Env, dataDir: string): SmtpRouter {
  const simulatorDir = sesSimulatorDirFor(env, dataDir);
  if (!simulatorDir) return directSmtpRouter;
  return (host, tlsMode) => {
    const kind = parseSesHost(host).kind;
    if (kind !== "smtp" && kind !== "smtp-fips") return undefined;
    // Read on every connection: the simulator may have been started or restarted since.
    const state = readSesSimulatorState(simulatorDir);
    if (!state) return undefined;
    return {
      connectHost: state.host,
      connectPort: tlsMode === "implicit" ? state.implicitTlsPort : state.starttlsPort,
      servername: host,
      ca: [readCa(state.caFile)],
      dnsNote: `${host} is answered by the local SES simulator on ${state.host} (development only)`,
    };
  };
}

function readCa(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    throw new Error(`The local SES simulator's CA certificate (${file}) is missing: restart npm run dev.`);
  }
}

/**
 * The local SES simulator's folder, or undefined where the simulator must not be used
 * (production, or turned off). The development-only Outbox page reads its messages from here.
 */
export function sesSimulatorDirFor(env: Env, dataDir: string): string | undefined {
  if (env.NODE_ENV === "production" || env.INFLOWAVE_SES_SIMULATOR !== "on") return undefined;
  return env.INFLOWAVE_SES_SIMULATOR_DIR || path.join(dataDir, "ses-simulator");
}
