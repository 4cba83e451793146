// <dataDir>/state.json says a simulator is running and where: the app reads it to find the
// ports and the CA to trust. It is written on start and removed on a clean stop; a file left by
// a crashed simulator is recognised by its process id no longer existing.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface SesSimulatorState {
  pid: number;
  host: string;
  starttlsPort: number;
  implicitTlsPort: number;
  apiUrl: string;
  caFile: string;
  /** ISO 8601. */
  startedAt: string;
}

export const STATE_FILE = "state.json";

export function stateFile(dataDir: string): string {
  return path.join(dataDir, STATE_FILE);
}

export function writeSesSimulatorState(dataDir: string, state: SesSimulatorState): void {
  writeFileSync(stateFile(dataDir), JSON.stringify(state, null, 2) + "\n");
}

/** Removes the state file, unless another simulator has since written its own there. */
export function removeSesSimulatorState(dataDir: string, state: SesSimulatorState): void {
  const current = readStateFile(dataDir);
  if (current && (current.pid !== state.pid || current.startedAt !== state.startedAt)) return;
  rmSync(stateFile(dataDir), { force: true });
}

function readStateFile(dataDir: string): SesSimulatorState | undefined {
  const file = stateFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as Partial<SesSimulatorState>;
    if (
      typeof value.pid !== "number" ||
      typeof value.host !== "string" ||
      typeof value.starttlsPort !== "number" ||
      typeof value.implicitTlsPort !== "number" ||
      typeof value.apiUrl !== "string" ||
      typeof value.caFile !== "string" ||
      typeof value.startedAt !== "string"
    ) {
      return undefined;
    }
    return value as SesSimulatorState;
  } catch {
    return undefined;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only checks that the process exists
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The running simulator described by <dataDir>/state.json; undefined if none is running. */
export function readSesSimulatorState(dataDir: string): SesSimulatorState | undefined {
  const state = readStateFile(dataDir);
  // The app sends SMTP passwords wherever this file points: only ever to this machine.
  if (!state || !isLoopback(state.host)) return undefined;
  return isProcessAlive(state.pid) ? state : undefined;
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
