import "server-only";
import type { SendingDomainSummary } from "@/lib/data/sending-domains";
import type { TestSendSummary } from "@/lib/data/test-sends";
import { CAUSES } from "@/lib/ses/causes";
import { diagnose, DIAGNOSIS_CAUSES, SMTP_STAGES, type DiagnosisCause, type SmtpStage } from "@/lib/ses/diagnose";
import type { DiagnosisView } from "@/components/diagnosis-panel";

function isCause(value: string): value is DiagnosisCause {
  return (DIAGNOSIS_CAUSES as readonly string[]).includes(value);
}

function isStage(value: string): value is SmtpStage {
  return (SMTP_STAGES as readonly string[]).includes(value);
}

/**
 * The diagnosis of a stored failed test. Only its cause is stored, so the explanation is worked out
 * again from the stored reply; if that no longer lands on the same cause, the cause's general
 * wording is shown instead, so the history never contradicts what the person saw at the time.
 */
export function diagnosisOfTest(test: TestSendSummary, domain: SendingDomainSummary): DiagnosisView | undefined {
  if (test.outcome !== "failed" || !test.diagnosisCause || !isCause(test.diagnosisCause)) return undefined;
  const failed = test.stages.find((stage) => stage.status === "failed");
  const stage = failed && isStage(failed.name) ? failed.name : undefined;
  const input = test.smtpReply ?? failed?.detail ?? "";
  const again = diagnose(input, {
    region: domain.region,
    fromAddress: test.fromAddress,
    toAddress: test.toAddress,
    ...(stage ? { stage } : {}),
  });
  if (again.cause === test.diagnosisCause) return again;
  const entry = CAUSES[test.diagnosisCause];
  return {
    cause: entry.cause,
    title: entry.title,
    summary: entry.summary,
    reasons: [...entry.reasons],
    fixSteps: [...entry.fixSteps],
    links: entry.links.map((link) => ({ title: link.title, url: link.url })),
    retryable: entry.retryable,
    severity: entry.severity,
    stage: stage ?? entry.stage ?? "unknown",
  };
}
