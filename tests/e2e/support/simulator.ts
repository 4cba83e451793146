import fs from "node:fs";
import path from "node:path";
import type { SesSimulatorScenario, SimulatedMessage } from "@/lib/ses-simulator";
import { deriveSmtpPasswordSync } from "@/lib/ses/smtp-password-node";
import { PROJECT_ROOT } from "./servers";

// The e2e run's SES simulator, driven through its HTTP side (it runs as its own process).
const api = () => process.env.E2E_SIMULATOR_API!;

export const DEFAULT_SCENARIO = JSON.parse(
  fs.readFileSync(path.join(PROJECT_ROOT, "ses-simulator/scenario.json"), "utf8"),
) as SesSimulatorScenario & { $comment?: unknown };
delete DEFAULT_SCENARIO.$comment;

export const SENDER = {
  username: "AKIASIMULATOR0000001",
  secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIMULATOR1",
  password: (region = "us-east-1") => deriveSmtpPasswordSync("wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIMULATOR1", region),
};
export const WITHOUT_POLICY = {
  username: "AKIASIMULATOR0000002",
  password: (region = "us-east-1") => deriveSmtpPasswordSync("je7MtGbClwBF/2Zp9Utk/h3yCo8nvbSIMULATOR2", region),
};

/** Replaces the scenario; the default one is fast enough that separate tests never throttle. */
export async function useScenario(overrides: Partial<SesSimulatorScenario> = {}): Promise<void> {
  const response = await fetch(`${api()}/scenario`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...DEFAULT_SCENARIO, maxSendRate: 100, ...overrides }),
  });
  if (!response.ok) throw new Error(`PUT /scenario: ${response.status} ${await response.text()}`);
}

export async function simulatorOutbox(): Promise<SimulatedMessage[]> {
  const response = await fetch(`${api()}/outbox`);
  return (await response.json()) as SimulatedMessage[];
}
