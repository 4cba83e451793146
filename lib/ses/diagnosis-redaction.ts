// Keeps the password out of a diagnosis. Errors and pasted transcripts can carry it as typed,
// trimmed, URL-encoded (in a connection URL) or base64-encoded (in AUTH LOGIN and AUTH PLAIN), and a
// diagnosis is shown, logged and sent to support, so every form is hidden from every text in it.
// Browser-safe: no Node imports.

import type { Diagnosis } from "./diagnose";
import type { Settings } from "./diagnosis-signals";
import { hideAuthPayloads, hideSecrets, secretForms } from "./secret-redaction";

const MAX_RAW = 2_000;

export function redact(diagnosis: Diagnosis, settings: Settings): Diagnosis {
  const secrets = secretForms(settings.password, { username: settings.username });
  // Cut generously before hiding, so a password straddling the cap is still whole when it's hidden.
  const longest = secrets[0]?.length ?? 0;
  const head = diagnosis.raw.slice(0, MAX_RAW + longest + 200);
  diagnosis.raw = capRaw(hideSecrets(hideAuthPayloads(head), secrets));
  if (diagnosis.reply) diagnosis.reply.text = hideSecrets(hideAuthPayloads(diagnosis.reply.text), secrets);
  if (secrets.length === 0) return diagnosis;
  diagnosis.title = hideSecrets(diagnosis.title, secrets);
  diagnosis.summary = hideSecrets(diagnosis.summary, secrets);
  diagnosis.reasons = diagnosis.reasons.map((reason) => hideSecrets(reason, secrets));
  diagnosis.fixSteps = diagnosis.fixSteps.map((step) => hideSecrets(step, secrets));
  return diagnosis;
}

function capRaw(raw: string): string {
  return raw.length > MAX_RAW ? `${raw.slice(0, MAX_RAW)}…` : raw;
}
