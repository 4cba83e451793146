// The simulator's HTTP side, for tooling and tests: health, the outbox, and swapping the
// scenario without a restart; AWS SDK requests (SigV4-signed, or POST / and /v2/email/…) go to
// the simulated AWS API (aws-api.ts). Loopback only and without CORS headers, so a web page
// cannot drive it; the Host check also stops DNS-rebinding pages from reaching it by name.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isAwsApiRequest } from "./aws-api";
import type { SimulatedMessage } from "./outbox";
import { parseSesSimulatorScenario, type SesSimulatorScenario, SesSimulatorScenarioError } from "./scenario";

export interface SesSimulatorApiHandlers {
  health(): { starttlsPort: number; implicitTlsPort: number; region: string };
  outbox(limit: number): SimulatedMessage[];
  clearOutbox(): number;
  setScenario(scenario: SesSimulatorScenario): void;
  /** Answers an AWS SDK request (SES, SES v2, IAM); without it such requests get 404. */
  aws?(request: IncomingMessage, response: ServerResponse): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK_HOST = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(?::\d{1,5})?$/i;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2) + "\n";
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  response.end(text);
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, "The body is larger than 1 MB.");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new HttpProblem(400, "The body is empty: send the scenario as JSON.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpProblem(400, `The body is not valid JSON: ${(error as Error).message}`);
  }
}

function parseLimit(value: string | null): number {
  if (value === null) return Number.POSITIVE_INFINITY;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 0) throw new HttpProblem(400, "limit must be a whole number, 0 or more.");
  return limit;
}

async function route(handlers: SesSimulatorApiHandlers, request: IncomingMessage, response: ServerResponse) {
  if (!LOOPBACK_HOST.test(request.headers.host ?? "")) {
    throw new HttpProblem(403, "The SES simulator only answers requests addressed to 127.0.0.1 or localhost.");
  }
  if (handlers.aws && isAwsApiRequest(request)) return handlers.aws(request, response);
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const method = request.method ?? "GET";
  const allow = (methods: string[]) => {
    if (!methods.includes(method)) {
      response.setHeader("allow", methods.join(", "));
      throw new HttpProblem(405, `${url.pathname} accepts ${methods.join(", ")}, not ${method}.`);
    }
  };

  switch (url.pathname) {
    case "/health": {
      allow(["GET"]);
      const { starttlsPort, implicitTlsPort, region } = handlers.health();
      return sendJson(response, 200, { ok: true, smtp: { starttlsPort, implicitTlsPort }, region });
    }
    case "/outbox":
      allow(["GET", "DELETE"]);
      if (method === "DELETE") return sendJson(response, 200, { ok: true, cleared: handlers.clearOutbox() });
      return sendJson(response, 200, handlers.outbox(parseLimit(url.searchParams.get("limit"))));
    case "/scenario": {
      allow(["PUT"]);
      const body = await readJsonBody(request);
      let scenario: SesSimulatorScenario;
      try {
        scenario = parseSesSimulatorScenario(body);
      } catch (error) {
        if (error instanceof SesSimulatorScenarioError) {
          return sendJson(response, 400, { ok: false, error: error.message, problems: error.problems });
        }
        throw error;
      }
      handlers.setScenario(scenario);
      return sendJson(response, 200, { ok: true });
    }
    default:
      throw new HttpProblem(
        404,
        `Nothing at ${url.pathname}. Try GET /health, GET or DELETE /outbox, PUT /scenario, or an AWS SDK client (SES, SES v2, IAM) with this URL as its endpoint.`,
      );
  }
}

export function createSesSimulatorApi(handlers: SesSimulatorApiHandlers, log: (line: string) => void): Server {
  return createServer((request, response) => {
    route(handlers, request, response).catch((error: unknown) => {
      const status = error instanceof HttpProblem ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status === 500) log(`http: ${request.method} ${request.url} failed: ${message}`);
      if (response.headersSent) response.end();
      else sendJson(response, status, { ok: false, error: message });
    });
  });
}
