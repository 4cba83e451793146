import { createAuth, type Auth } from "./auth/server";
import { loadKeyring, type Keyring } from "./crypto/keyring";
import type { Env } from "./env";
import { openDatabase, type Database } from "./db/client";
import { resolveDataDir, resolveDatabaseUrl } from "./db/url";
import { createLogger, type Logger } from "./log";
import { sesSimulatorDirFor, smtpRouterFor, type SmtpRouter } from "./sending/smtp-routing";

/**
 * The process-wide services the app runs on: one database (PGlite allows one process per
 * folder), one keyring, one logger. Kept on globalThis so development hot reloads reuse them
 * instead of opening the database again.
 */
export interface Runtime {
  db: Database;
  log: Logger;
  keyring(): Keyring;
  /** Sign-in (Better Auth), on this database, with cookies signed from the keyring. */
  auth(): Auth;
  /** Where SMTP connections go: SES itself, or the local simulator outside production. */
  smtpRouter: SmtpRouter;
  /** The local SES simulator's folder outside production; undefined in production. */
  sesSimulatorDir: string | undefined;
}

const STATE = Symbol.for("inflowave.runtime");
type Holder = { [STATE]?: Runtime };

export function getRuntime(): Runtime {
  const holder = globalThis as Holder;
  return (holder[STATE] ??= createRuntime());
}

function createRuntime(env: Env = process.env): Runtime {
  const log = createLogger();
  const db = openDatabase(resolveDatabaseUrl(env));
  log.info({ database: db.description }, "database opened");
  let keyring: Keyring | undefined;
  let auth: Auth | undefined;
  const closeOnExit = (signal: NodeJS.Signals) => {
    void db.close().finally(() => process.kill(process.pid, signal));
  };
  process.once("SIGINT", closeOnExit);
  process.once("SIGTERM", closeOnExit);
  return {
    db,
    log,
    smtpRouter: smtpRouterFor(env, resolveDataDir(env)),
    sesSimulatorDir: sesSimulatorDirFor(env, resolveDataDir(env)),
    keyring() {
      keyring ??= loadKeyring({ env, dataDir: resolveDataDir(env), log: (message) => log.warn(message) });
      return keyring;
    },
    auth() {
      auth ??= createAuth({ prisma: db.prisma, keyring: this.keyring(), env });
      return auth;
    },
  };
}
