import fs from "node:fs";
import { chromium } from "@playwright/test";

/**
 * The Chromium the end-to-end tests drive: CHROMIUM_PATH, a system Chromium (Debian's
 * /usr/bin/chromium), or Playwright's own download where one was installed.
 */
export function findChromium(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    playwrightChromium(),
  ];
  const found = candidates.find((candidate) => candidate && fs.existsSync(candidate));
  if (found) return found;
  throw new Error(
    "No Chromium found for the end-to-end tests. Install one with `apt-get install -y chromium` (Debian/Ubuntu) " +
      "or `npx playwright install chromium` (needs internet), or set CHROMIUM_PATH to a Chromium binary.",
  );
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

// Keep Chromium off the network: background services otherwise try Google's hosts.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
