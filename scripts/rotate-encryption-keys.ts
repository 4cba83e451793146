// `npm run keys:rotate`: re-encrypts every stored secret (SMTP passwords, AWS diagnostics secret
// keys, SMTP passwords the wizard created) under the newest key of INFLOWAVE_ENCRYPTION_KEYS.
//
// Rotating the encryption key:
//   1. `npm run --silent keys:generate` and put its output FIRST in INFLOWAVE_ENCRYPTION_KEYS,
//      keeping the old keys after it: INFLOWAVE_ENCRYPTION_KEYS="<new>,<old>".
//   2. Deploy/restart the app with that list, so new secrets are sealed under the new key.
//   3. Run `npm run keys:rotate` with the same environment (same DATABASE_URL and keys).
//   4. Once it says nothing is left under an older key, remove the old key from the list.
// Without INFLOWAVE_ENCRYPTION_KEYS (development) the keys are in $INFLOWAVE_DATA_DIR/encryption-keys.
//
// Safe to interrupt (Ctrl-C stops after the current secret; each one is written in one statement,
// only if nobody changed it meanwhile) and to rerun (it picks up where it stopped; a run with
// nothing left changes nothing). With the embedded database (PGlite), stop the app first: only one
// process may open its folder. Exit status: 0 when every stored secret is under the newest key,
// 1 otherwise (a secret could not be opened, the run was stopped, or it could not start).
// package.json runs it as `node --import tsx`, one process: the `tsx` wrapper SIGKILLs its child
// when the child does not acknowledge Ctrl-C within ~60 ms, which a busy PGlite write can miss.
import path from "node:path";
import { parseArgs } from "node:util";
import { KEYRING_ENV, loadKeyring, type Keyring } from "../lib/crypto/keyring";
import {
  countSecretsByKey,
  resealStoredSecrets,
  SECRET_KINDS,
  type CountsByKind,
  type ResealFailure,
  type SecretKind,
} from "../lib/crypto/reseal";
import { openDatabase, type Database } from "../lib/db/client";
import { checkDatabaseHealth } from "../lib/db/health";
import { resolveDataDir, resolveDatabaseUrl } from "../lib/db/url";

const USAGE = `Usage: npm run keys:rotate [-- --batch-size N]

Re-encrypts every stored secret under the first key of ${KEYRING_ENV}, using the same
database and keys as the app. Safe to stop with Ctrl-C and to rerun.`;

const NOUNS: Record<SecretKind, [one: string, many: string]> = {
  smtpCredentials: ["SMTP password", "SMTP passwords"],
  awsDiagnostics: ["AWS diagnostics secret key", "AWS diagnostics secret keys"],
  provisioned: ["SMTP password created by the setup wizard", "SMTP passwords created by the setup wizard"],
};

const out = (line = "") => process.stdout.write(line + "\n");
const err = (line: string) => process.stderr.write(line + "\n");
const plural = (n: number, one: string, many = one + "s") => `${n} ${n === 1 ? one : many}`;

async function main(argv: string[]): Promise<number> {
  let batchSize: number;
  try {
    const { values } = parseArgs({
      args: argv,
      options: { "batch-size": { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    });
    if (values.help) {
      out(USAGE);
      return 0;
    }
    batchSize = Number(values["batch-size"] ?? 100);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error("--batch-size must be a positive whole number.");
  } catch (error) {
    err(`${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }

  const env = process.env;
  const dataDir = resolveDataDir(env);
  const keySource = env[KEYRING_ENV]?.trim()
    ? KEYRING_ENV
    : `the development key file ${path.join(dataDir, "encryption-keys")}`;
  let keyring: Keyring;
  try {
    keyring = loadKeyring({ env, dataDir, log: (message) => err(message) });
  } catch (error) {
    err(`Cannot read the encryption keys: ${(error as Error).message}`);
    return 1;
  }

  const db = openDatabase(resolveDatabaseUrl(env));
  try {
    return await rotate(db, keyring, keySource, batchSize);
  } finally {
    await db.close();
  }
}

async function rotate(db: Database, keyring: Keyring, keySource: string, batchSize: number): Promise<number> {
  const health = await checkDatabaseHealth(db);
  if (!health.ok) {
    err(`Cannot use ${health.description}: ${health.problem} ${health.fix}`);
    return 1;
  }
  const newest = keyring.currentKeyId;
  out(`Re-encrypting stored secrets under key "${newest}", the first of ${keySource} (${keyring.keyIds.join(", ")}).`);
  out(`Database: ${db.description}.`);

  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) return;
    controller.abort();
    out("Stopping after the current secret (each is written in one step, so none is left half-done)…");
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  const before = olderKeyCounts(await countSecretsByKey(db.prisma), newest);
  out(
    before.total === 0
      ? "No stored secret is under an older key."
      : `${plural(before.total, "secret")} to re-encrypt. Ctrl-C stops after the current one; rerunning continues.`,
  );
  const result = await resealStoredSecrets(db.prisma, keyring, {
    batchSize,
    signal: controller.signal,
    onProgress(p) {
      if (p.done % batchSize === 0 || p.done === p.total) out(`  ${p.done} of ${p.total} done`);
    },
  });
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);

  out();
  out(`Re-encrypted ${describeCounts(result.resealed)}.`);
  const current = total(result.alreadyCurrent);
  if (current > 0) out(`Already under "${newest}" before this run: ${describeCounts(result.alreadyCurrent)}.`);
  const changed = total(result.changedMeanwhile);
  if (changed > 0) {
    out(
      `${plural(changed, "secret was", "secrets were")} changed by the app while this ran and left as the app wrote ` +
        `${changed === 1 ? "it" : "them"}; a rerun re-encrypts any still under an older key.`,
    );
  }
  if (result.failed.length > 0) {
    out(`Could not re-encrypt ${plural(result.failed.length, "secret")}:`);
    for (const failure of result.failed) out(describeFailure(failure, keySource));
  }

  const { total: remaining, byKey: left } = olderKeyCounts(await countSecretsByKey(db.prisma), newest);
  out();
  if (remaining === 0) {
    const unused = keyring.keyIds.filter((id) => id !== newest);
    out(
      `Nothing is left under an older key: every stored secret is under "${newest}".` +
        (unused.length > 0 ? ` You can now remove ${unused.map((id) => `"${id}"`).join(", ")} from ${keySource}.` : ""),
    );
    return 0;
  }
  const detail = [...left].map(([id, n]) => `"${id}": ${n}`).join(", ");
  if (result.stopped) {
    out(
      `Stopped: ${plural(remaining, "secret remains", "secrets remain")} under older keys (${detail}). Rerun \`npm run keys:rotate\` to finish.`,
    );
  } else {
    out(
      `${plural(remaining, "secret is", "secrets are")} still under older keys (${detail}) and need${remaining === 1 ? "s" : ""} ` +
        `them in ${keySource}. After the fixes above, rerun \`npm run keys:rotate\` until it reports nothing left.`,
    );
  }
  return 1;
}

/** How many stored secrets are under keys other than `newest`, in all and per key id. */
function olderKeyCounts(
  counts: { keyId: string; count: number }[],
  newest: string,
): { total: number; byKey: Map<string, number> } {
  const byKey = new Map<string, number>();
  for (const { keyId, count } of counts) {
    if (keyId !== newest) byKey.set(keyId, (byKey.get(keyId) ?? 0) + count);
  }
  return { total: [...byKey.values()].reduce((a, b) => a + b, 0), byKey };
}

function describeFailure(failure: ResealFailure, keySource: string): string {
  const what = `  - ${NOUNS[failure.kind][0]} ${failure.id} (${failure.model}, workspace ${failure.workspaceId}): ${failure.reason}`;
  if (failure.missingKeyId) {
    return `${what}\n    Put key "${failure.missingKeyId}" back at the end of ${keySource} and rerun \`npm run keys:rotate\`.`;
  }
  const reenter =
    failure.kind === "smtpCredentials"
      ? "replace the SMTP credential of that sending domain in the app"
      : failure.kind === "awsDiagnostics"
        ? "connect AWS diagnostics again in the app"
        : "run the setup wizard's credential step again";
  return (
    `${what}\n    If key "${failure.keyId}" was changed, put its original value back and rerun; ` +
    `otherwise the stored value is damaged: ${reenter}.`
  );
}

function describeCounts(counts: CountsByKind): string {
  const n = total(counts);
  if (n === 0) return "nothing";
  const parts = SECRET_KINDS.filter((kind) => counts[kind] > 0).map((kind) =>
    plural(counts[kind], NOUNS[kind][0], NOUNS[kind][1]),
  );
  return parts.length === 1 ? parts[0]! : `${plural(n, "secret")} (${parts.join(", ")})`;
}

function total(counts: CountsByKind): number {
  return SECRET_KINDS.reduce((sum, kind) => sum + counts[kind], 0);
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  // Database errors can carry connection details; the message alone is enough here.
  err(
    `Key rotation failed: ${(error as Error).message ?? String(error)}. Every secret is still readable; rerun to continue.`,
  );
  return 1;
});
