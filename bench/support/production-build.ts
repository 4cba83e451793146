// The production build the `next start` benchmarks run against. Built only when `.next` is missing
// or older than a source it is made of: a build takes minutes on a 2-core machine, its duration is
// not a figure, and a build of the same sources is the same build.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { NEXT_BIN, PROJECT_ROOT } from "../../tests/e2e/support/servers";

/** What `next build` reads: the app, its libraries, its configuration and its dependencies. */
const SOURCES = [
  "app",
  "components",
  "lib",
  "prisma/schema.prisma",
  "proxy.ts",
  "instrumentation.ts",
  "instrumentation-node.ts",
  "instrumentation-client.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
/** Written by `prisma generate` on every install, from prisma/schema.prisma (which is a source). */
const SKIPPED = new Set(["lib/generated"]);

export interface BuildCheck {
  stale: boolean;
  reason: string;
}

export function checkProductionBuild(root = PROJECT_ROOT): BuildCheck {
  const buildId = path.join(root, ".next/BUILD_ID");
  if (!fs.existsSync(buildId)) return { stale: true, reason: "no production build (.next/BUILD_ID is missing)" };
  const builtAt = fs.statSync(buildId).mtimeMs;
  for (const source of SOURCES) {
    const newer = newerThan(root, source, builtAt);
    if (newer) return { stale: true, reason: `${newer} changed after the last build` };
  }
  return { stale: false, reason: "the production build in .next is newer than every source" };
}

function newerThan(root: string, relative: string, time: number): string | undefined {
  if (SKIPPED.has(relative)) return undefined;
  const full = path.join(root, relative);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return stat.mtimeMs > time ? relative : undefined;
  for (const entry of fs.readdirSync(full)) {
    const found = newerThan(root, path.join(relative, entry), time);
    if (found) return found;
  }
  return undefined;
}

/** `npm run build`'s command, its output shown only if it fails. Resolves with its duration in ms. */
export function buildForProduction(root = PROJECT_ROOT): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(NEXT_BIN, ["build"], {
      cwd: root,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`next build failed (exit ${code}):\n${output}`));
    });
  });
}
