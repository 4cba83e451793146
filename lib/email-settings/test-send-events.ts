// What POST /api/test-sends streams to the browser, one JSON object per line, so the wizard can
// show each stage as it passes. Browser-safe: the wizard parses these.
import type { Diagnosis } from "../ses/diagnose";
import type { TestSendStage } from "../sending/test-send-stages";

export interface TestSendOutcomeView {
  ok: boolean;
  stages: TestSendStage[];
  messageId?: string;
  reply?: string;
  diagnosis?: Diagnosis;
  /** The SMTP conversation, password redacted. */
  transcript: string;
  startedAt: string;
  durationMs: number;
}

export type TestSendEvent =
  | { type: "stage"; stage: TestSendStage }
  | { type: "result"; testSendId: string; result: TestSendOutcomeView }
  | { type: "error"; message: string };

export const TEST_SEND_EVENTS_CONTENT_TYPE = "application/x-ndjson; charset=utf-8";
