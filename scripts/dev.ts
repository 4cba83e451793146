// `npm run dev`: the app on embedded defaults, as a newcomer needs it. Applies migrations, starts
// the local SES simulator (so test emails work with no AWS account), then `next dev`.
// INFLOWAVE_SES_SIMULATOR=off skips the simulator, so SES hosts are contacted for real.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { resolveDataDir } from "../lib/db/url";
import { readSesSimulatorState } from "../lib/ses-simulator/state-file";
import {
  loadSesSimulatorScenario,
  SesSimulatorStartError,
  startSesSimulator,
  type RunningSesSimulator,
} from "../lib/ses-simulator";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);
const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

const migrate = spawnSync(bin("prisma"), ["migrate", "deploy"], { cwd: root, env, stdio: "inherit" });
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

let simulator: RunningSesSimulator | undefined;
if (process.env.INFLOWAVE_SES_SIMULATOR !== "off") {
  const dataDir = process.env.INFLOWAVE_SES_SIMULATOR_DIR || path.join(resolveDataDir(env), "ses-simulator");
  const scenarioFile = path.resolve(
    root,
    process.env.INFLOWAVE_SES_SIMULATOR_SCENARIO || "ses-simulator/scenario.json",
  );
  try {
    simulator = await startSesSimulator({ scenario: await loadSesSimulatorScenario(scenarioFile), dataDir });
    env.INFLOWAVE_SES_SIMULATOR = "on";
    pointAwsSdkAt(simulator.apiUrl);
    process.stdout.write(
      `SES simulator: SES SMTP hosts are answered locally (STARTTLS :${simulator.starttlsPort}, TLS :${simulator.implicitTlsPort}); ` +
        `scenario ${path.relative(root, scenarioFile)}. INFLOWAVE_SES_SIMULATOR=off uses real SES.\n`,
    );
  } catch (error) {
    // Most often a second `npm run dev`: the simulator of the first one serves both.
    const reason = error instanceof SesSimulatorStartError ? error.message : String(error);
    process.stdout.write(`SES simulator not started here: ${reason}\n`);
    env.INFLOWAVE_SES_SIMULATOR = "on"; // another one may be running; the app checks before routing
    const running = readSesSimulatorState(dataDir);
    if (running) pointAwsSdkAt(running.apiUrl);
  }
}

/**
 * The diagnostics' AWS calls go to the simulator's API side through the SDK's standard endpoint
 * variables, unless the person set their own.
 */
function pointAwsSdkAt(apiUrl: string): void {
  for (const name of ["AWS_ENDPOINT_URL_SES", "AWS_ENDPOINT_URL_SESV2", "AWS_ENDPOINT_URL_IAM"]) {
    env[name] ??= apiUrl;
  }
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
}

const next = spawn(bin("next"), ["dev", ...process.argv.slice(2)], { cwd: root, env, stdio: "inherit" });
let stopping = false;
const stop = async (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  next.kill(signal);
  await simulator?.stop();
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
next.on("exit", async (code) => {
  await simulator?.stop();
  process.exit(code ?? 0);
});
