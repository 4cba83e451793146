import { getRuntime } from "./lib/runtime";

// Refuse to serve with a configuration that would lose or expose secrets (no encryption key in
// production, a malformed keyring) rather than fail on the first save.
export function checkStartup() {
  const runtime = getRuntime();
  try {
    runtime.keyring();
  } catch (error) {
    runtime.log.fatal((error as Error).message);
    process.exit(1);
  }
}
