// Runs a test send through POST /api/test-sends and follows its NDJSON stream, so each stage shows
// the moment it passes. The request body may hold a password: it goes in the POST body only, never
// in a URL or storage, and this state keeps nothing but what the server streamed back (no secrets).
import { useCallback, useEffect, useRef, useState } from "react";
import type { TestSendEvent, TestSendOutcomeView } from "@/lib/email-settings/test-send-events";
import type { TestSendStage } from "@/lib/sending/test-send-stages";
import type { ServerFieldErrors } from "./field-messages";

interface ConnectionValues {
  host: string;
  port: number | string;
  username: string;
  password: string;
}

export type TestSendRequest =
  | {
      kind: "unsaved";
      settings: ConnectionValues & { domain: string; fromAddress: string; region: string };
      to: string;
    }
  | { kind: "saved"; sendingDomainId: string; to: string }
  | { kind: "replacement"; sendingDomainId: string; credential: ConnectionValues; to: string };

export type TestSendState =
  | { phase: "idle" }
  | { phase: "running"; to: string; stages: TestSendStage[] }
  | { phase: "done"; to: string; stages: TestSendStage[]; testSendId: string; result: TestSendOutcomeView }
  /** The test did not run to a result: refused (422, 404 …), cut off, or stopped. */
  | { phase: "rejected"; to: string; stages: TestSendStage[]; message: string; fieldErrors: ServerFieldErrors };

export type TestSendFinish = Extract<TestSendState, { phase: "done" | "rejected" }>;

const UNREACHABLE = "Inflowave could not be reached to run the test. Check your connection and try again.";
const NO_RESULT = "The test stopped before it finished. Try again in a moment.";

interface ErrorBody {
  message?: unknown;
  fieldErrors?: unknown;
}

async function readErrorBody(response: Response): Promise<{ message: string; fieldErrors: ServerFieldErrors }> {
  const fallback =
    response.status >= 500 ? "The test could not be run just now. Try again in a moment." : "The test was refused.";
  try {
    const body = (await response.json()) as ErrorBody;
    const fieldErrors =
      typeof body.fieldErrors === "object" && body.fieldErrors !== null ? (body.fieldErrors as ServerFieldErrors) : {};
    return { message: typeof body.message === "string" ? body.message : fallback, fieldErrors };
  } catch {
    return { message: fallback, fieldErrors: {} };
  }
}

export function useTestSend() {
  const [state, setState] = useState<TestSendState>({ phase: "idle" });
  const controllerRef = useRef<AbortController | null>(null);

  useEffect(() => () => controllerRef.current?.abort(), []);

  const run = useCallback(async (request: TestSendRequest): Promise<TestSendFinish | undefined> => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    const { to } = request;
    const stages: TestSendStage[] = [];
    setState({ phase: "running", to, stages: [] });

    const finish = (final: TestSendFinish) => {
      if (controller.signal.aborted) return undefined;
      setState(final);
      return final;
    };
    const reject = (message: string, fieldErrors: ServerFieldErrors = {}) =>
      finish({ phase: "rejected", to, stages: [...stages], message, fieldErrors });

    let response: Response;
    try {
      response = await fetch("/api/test-sends", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/x-ndjson" },
        body: JSON.stringify(request),
        signal: controller.signal,
        cache: "no-store",
      });
    } catch {
      return reject(UNREACHABLE);
    }
    if (!response.ok || !response.body) {
      const { message, fieldErrors } = await readErrorBody(response);
      return reject(message, fieldErrors);
    }

    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let final: TestSendFinish | undefined;
    const handle = (line: string) => {
      if (line.trim() === "" || final) return;
      let event: TestSendEvent;
      try {
        event = JSON.parse(line) as TestSendEvent;
      } catch {
        return;
      }
      if (event.type === "stage") {
        stages.push(event.stage);
        if (!controller.signal.aborted) setState({ phase: "running", to, stages: [...stages] });
      } else if (event.type === "result") {
        final = { phase: "done", to, stages: event.result.stages, testSendId: event.testSendId, result: event.result };
      } else {
        final = { phase: "rejected", to, stages: [...stages], message: event.message, fieldErrors: {} };
      }
    };
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        lines.forEach(handle);
      }
      handle(buffer + decoder.decode());
    } catch {
      if (!final) return reject(controller.signal.aborted ? "You stopped the test." : NO_RESULT);
    }
    return final ? finish(final) : reject(NO_RESULT);
  }, []);

  /** Stops a running test; the server is told through the aborted request. */
  const stop = useCallback(() => {
    const controller = controllerRef.current;
    if (!controller || controller.signal.aborted) return;
    controller.abort();
    setState((current) =>
      current.phase === "running"
        ? {
            phase: "rejected",
            to: current.to,
            stages: current.stages,
            message: "You stopped the test.",
            fieldErrors: {},
          }
        : current,
    );
  }, []);

  const reset = useCallback(() => {
    controllerRef.current?.abort();
    setState({ phase: "idle" });
  }, []);

  return { state, run, stop, reset };
}
