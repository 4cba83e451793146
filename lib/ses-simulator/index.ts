// The local Amazon SES simulator (SMTP endpoint and the SES, SES v2 and IAM API): see README.md in this folder.
export {
  loadSesSimulatorScenario,
  parseSesSimulatorScenario,
  sesSimulatorScenarioSchema,
  SesSimulatorScenarioError,
  PRODUCTION_SENDING_QUOTA,
  SANDBOX_SENDING_QUOTA,
  type ContactLanguage,
  type EnforcementStatus,
  type MailType,
  type ProductionAccessRequest,
  type ReviewStatus,
  type SendingPolicy,
  type SesSimulatorScenario,
  type SimulatedIamUser,
  type SmtpFaults,
  SMTP_FAULT_NAMES,
} from "./scenario";
export {
  CONSOLE_TAG,
  SENDING_GROUP_NAME,
  SENDING_POLICY_DOCUMENT,
  SENDING_POLICY_NAME,
  SimulatedIam,
  type IamAccessKey,
  type IamGroup,
  type IamUser,
} from "./iam-model";
export { SIMULATED_AWS_OPERATIONS } from "./aws-api";
export type { SimulatorWorld } from "./world";
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
