// Runs once when the server starts (next dev and next start).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkStartup } = await import("./instrumentation-node");
    checkStartup();
  }
}
