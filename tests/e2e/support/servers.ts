import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "../../..");
export const NEXT_BIN = path.join(PROJECT_ROOT, "node_modules/.bin/next");
export const PRISMA_BIN = path.join(PROJECT_ROOT, "node_modules/.bin/prisma");
export const TSX_BIN = path.join(PROJECT_ROOT, "node_modules/.bin/tsx");

/** A TCP port nobody listens on right now (asked of the OS in a child, since configs load synchronously). */
export function freePort(): number {
  const script =
    'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})';
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
}

/** A fixed test key, so the production server starts; never used outside tests. */
export const TEST_ENCRYPTION_KEYS = `e2e:${Buffer.alloc(32, 42).toString("base64")}`;

export interface StartedServer {
  url: string;
  /** performance.now() when the process was spawned. */
  startedAt: number;
  output: () => string;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

/** Starts `next start` of the production build with the given environment (no migration step). */
export function startNextServer(env: Record<string, string>): StartedServer {
  const port = freePort();
  const startedAt = performance.now();
  const child: ChildProcess = spawn(NEXT_BIN, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: "", INFLOWAVE_ENCRYPTION_KEYS: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    url: `http://127.0.0.1:${port}`,
    startedAt,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      // Next.js waits for open connections before it exits; a busy machine must not turn that into a hung test.
      const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(kill);
    },
  };
}

export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
