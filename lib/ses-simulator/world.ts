// The simulator's current world: the scenario's account facts and the IAM built from its users.
// The SMTP side reads it; the AWS API side reads and changes it (CreateUser, PutAccountDetails…);
// a new scenario (PUT /scenario, setScenario) replaces it whole.
import { SimulatedIam } from "./iam-model";
import type { SesSimulatorScenario } from "./scenario";

export interface SimulatorWorld {
  /** Account facts; API calls that change the account replace this object. */
  scenario: SesSimulatorScenario;
  iam: SimulatedIam;
}

/** A world for an already validated scenario (parseSesSimulatorScenario). */
export function createSimulatorWorld(scenario: SesSimulatorScenario, now: () => number = Date.now): SimulatorWorld {
  return { scenario, iam: SimulatedIam.fromScenario(scenario, now) };
}
