import { z } from "zod";
import { NotSignedInError } from "@/lib/auth/session";
import { SENDING_DOMAIN_NOT_FOUND } from "@/lib/data/sending-domains";
import {
  openSetupScope,
  testReplacementCredential,
  testSavedSendingDomain,
  testUnsavedSettings,
} from "@/lib/email-settings/sending-domain-setup";
import {
  MALFORMED_REQUEST,
  parseRecipient,
  parseReplacementCredential,
  parseSettings,
  testSendRequestSchema,
  type FieldErrors,
  type TestSendRequestBody,
} from "@/lib/email-settings/requests";
import { withProvisionedPassword } from "@/lib/email-settings/provisioned-credentials";
import { TEST_SEND_EVENTS_CONTENT_TYPE, type TestSendEvent } from "@/lib/email-settings/test-send-events";
import { allowedOriginsFrom, isSameOriginRequest } from "@/lib/http/same-origin";
import { getRuntime } from "@/lib/runtime";
import { takeTestSendAllowance, testSendLimitsFrom } from "@/lib/sending/test-send-limits";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 32 * 1024;

const invalid = (fieldErrors: FieldErrors, message = "Some fields need attention.") =>
  Response.json({ error: "invalid", message, fieldErrors }, { status: 422 });
const problem = (status: number, error: string, message: string) => Response.json({ error, message }, { status });

/**
 * Sends a test email and streams its stages as they happen (one JSON object per line), ending
 * with the result and the id under which it was recorded. Three kinds: settings not saved yet
 * (the wizard), a saved domain's stored credential, and replacement credentials for a saved domain.
 */
export async function POST(request: Request) {
  // Only Inflowave's own pages may start a test: another site must not spend the workspace's SES sending.
  if (!isSameOriginRequest(request, allowedOriginsFrom(process.env))) {
    return problem(
      403,
      "cross_site",
      "This request came from another website, so it was refused. Start the test from Inflowave's settings pages.",
    );
  }
  // JSON only: a cross-site form cannot send it without a CORS preflight, which this API refuses.
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("application/json")) {
    return problem(415, "unsupported_media_type", "Send the test request as JSON.");
  }
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return tooLarge();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return problem(400, "malformed", MALFORMED_REQUEST);
  }
  const body = testSendRequestSchema.safeParse(json);
  if (!body.success) return problem(400, "malformed", MALFORMED_REQUEST);
  const to = parseRecipient(body.data.to);

  if ("sendingDomainId" in body.data && !z.uuid().safeParse(body.data.sendingDomainId).success) return notFound();

  const runtime = getRuntime();
  try {
    return await startTestSend(request, runtime, body.data, to);
  } catch (error) {
    if (error instanceof NotSignedInError) return problem(401, "not_signed_in", error.message);
    // Reached only before the stream starts: the database is down or a key is missing.
    runtime.log.error({ err: error }, "test send could not start");
    return problem(503, "unavailable", "Inflowave cannot run the test just now. Try again in a moment.");
  }
}

async function startTestSend(
  request: Request,
  runtime: ReturnType<typeof getRuntime>,
  body: TestSendRequestBody,
  to: ReturnType<typeof parseRecipient>,
): Promise<Response> {
  const { deps, ctx } = await openSetupScope(runtime, request.headers);

  let start: (onStage: (event: TestSendEvent) => void) => Promise<TestSendEvent | null>;
  switch (body.kind) {
    case "unsaved": {
      const resolved = await withProvisionedPassword(deps, ctx, body.settings);
      const settings = resolved.ok ? parseSettings(resolved.value) : resolved;
      // Every problem at once, so the person fixes them in one go.
      if (!settings.ok || !to.ok) {
        return invalid({ ...(settings.ok ? {} : settings.fieldErrors), ...(to.ok ? {} : to.fieldErrors) });
      }
      start = async (emit) => {
        const sent = await testUnsavedSettings(deps, ctx, settings.value, to.value, stageEmitter(emit), request.signal);
        return { type: "result", ...sent };
      };
      break;
    }
    case "saved": {
      const { sendingDomainId } = body;
      if (!to.ok) return invalid(to.fieldErrors);
      start = async (emit) => {
        const sent = await testSavedSendingDomain(
          deps,
          ctx,
          sendingDomainId,
          { to: to.value },
          stageEmitter(emit),
          request.signal,
        );
        return sent && { type: "result", ...sent };
      };
      break;
    }
    case "replacement": {
      const domain = await deps.prisma.sendingDomain.findFirst({
        where: { id: body.sendingDomainId, workspaceId: ctx.workspace.id },
        select: { id: true, region: true },
      });
      if (!domain) return notFound();
      const credential = parseReplacementCredential(body.credential, domain.region);
      if (!credential.ok || !to.ok) {
        return invalid({ ...(credential.ok ? {} : credential.fieldErrors), ...(to.ok ? {} : to.fieldErrors) });
      }
      start = async (emit) => {
        const sent = await testReplacementCredential(
          deps,
          ctx,
          domain.id,
          credential.value,
          to.value,
          stageEmitter(emit),
          request.signal,
        );
        return sent && { type: "result", ...sent };
      };
      break;
    }
  }
  if (
    body.kind === "saved" &&
    (await deps.prisma.sendingDomain.count({ where: { id: body.sendingDomainId, workspaceId: ctx.workspace.id } })) ===
      0
  ) {
    return notFound();
  }

  // Only well-formed requests count against the person's and the workspace's test allowance.
  const allowance = await takeTestSendAllowance(
    deps.prisma,
    { userId: ctx.user.id, workspaceId: ctx.workspace.id },
    testSendLimitsFrom(process.env),
  );
  if (!allowance.ok) {
    return Response.json(
      { error: "too_many_tests", message: allowance.message, retryAfterSeconds: allowance.retryAfterSeconds },
      { status: 429, headers: { "Retry-After": String(allowance.retryAfterSeconds) } },
    );
  }

  const encoder = new TextEncoder();
  // The person may leave mid-test: the send is aborted (request.signal) and nothing more is written.
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const emit = (event: TestSendEvent) => {
        if (!closed) controller.enqueue(encoder.encode(JSON.stringify(event) + "\n"));
      };
      try {
        const result = await start(emit);
        emit(result ?? { type: "error", message: "This sending domain has no stored credentials to test." });
      } catch (error) {
        if (!closed) runtime.log.error({ err: error }, "test send failed");
        emit({ type: "error", message: "The test could not be run or recorded. Try again in a moment." });
      } finally {
        if (!closed) {
          closed = true;
          controller.close();
        }
      }
    },
    cancel() {
      closed = true;
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": TEST_SEND_EVENTS_CONTENT_TYPE, "Cache-Control": "no-store", "X-Accel-Buffering": "no" },
  });
}

function stageEmitter(emit: (event: TestSendEvent) => void) {
  return (stage: Extract<TestSendEvent, { type: "stage" }>["stage"]) => emit({ type: "stage", stage });
}

function tooLarge() {
  return problem(413, "too_large", "The request is too large.");
}

function notFound() {
  return problem(404, "not_found", SENDING_DOMAIN_NOT_FOUND);
}
