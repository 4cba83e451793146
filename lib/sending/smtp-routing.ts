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
 * In development and tests, SES SMTP hosts are answered by the local SES simulator when one is
 * running (npm run dev starts it), with its CA trusted for those connections only. Production
 * never routes anywhere: whatever the environment says, NODE_ENV=production talks to real SES.
 * INFLOWAVE_SES_SIMULATOR=off turns the routing off to try real SES from a development machine.
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
      ca: [fs.readFileSync(state.caFile, "utf8")],
      dnsNote: `${host} is answered by the local SES simulator on ${state.host} (development only)`,
    };
  };
}

/**
 * The local SES simulator's folder, or undefined where the simulator must not be used
 * (production, or turned off). The development-only Outbox page reads its messages from here.
 */
export function sesSimulatorDirFor(env: Env, dataDir: string): string | undefined {
  if (env.NODE_ENV === "production" || env.INFLOWAVE_SES_SIMULATOR === "off") return undefined;
  return env.INFLOWAVE_SES_SIMULATOR_DIR || path.join(dataDir, "ses-simulator");
}
