import { getRuntime } from "./lib/runtime";

// Refuse to serve with a configuration that would lose or expose secrets (no encryption key in
// production, a malformed keyring) rather than fail on the first save.
export function checkStartup() {
  const runtime = getRuntime();
  try {
    runtime.keyring();
  } catch (error) {
    const message = (error as Error).message;
    runtime.log.fatal(message);
    // Also as plain words, for the person reading the terminal rather than a log pipeline.
    process.stderr.write(`\nInflowave cannot start: ${message}\n\n`);
    process.exit(1);
  }
}
