// The local Amazon SES SMTP simulator: see README.md in this folder.
export {
  loadSesSimulatorScenario,
  parseSesSimulatorScenario,
  sesSimulatorScenarioSchema,
  SesSimulatorScenarioError,
  PRODUCTION_SENDING_QUOTA,
  SANDBOX_SENDING_QUOTA,
  type SesSimulatorScenario,
  type SimulatedIamUser,
} from "./scenario";
export {
  startSesSimulator,
  SesSimulatorStartError,
  SES_GREETING_NAME,
  SES_MAX_MESSAGE_BYTES,
  SES_SIMULATOR_DEFAULT_PORTS,
  type RunningSesSimulator,
  type StartSesSimulatorOptions,
} from "./server";
export { readOutbox, OUTBOX_FILE, type SimulatedMessage } from "./outbox";
export { readSesSimulatorState, STATE_FILE, type SesSimulatorState } from "./state-file";
export { SES_REPLIES, type SesReply } from "./ses-replies";
