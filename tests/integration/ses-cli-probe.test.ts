// `ses probe` as operators run it: a separate process sending a staged test over real TLS.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSesSimulatorScenario, type RunningSesSimulator, startSesSimulator } from "@/lib/ses-simulator";
import { deriveSmtpPasswordSync } from "@/lib/ses/smtp-password-node";
import { PROJECT_ROOT } from "../support/prisma-cli";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIMULATOR1";
let simulator: RunningSesSimulator;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-probe-"));
  const scenario = await loadSesSimulatorScenario(path.join(PROJECT_ROOT, "ses-simulator/scenario.json"));
  simulator = await startSesSimulator({
    scenario: { ...scenario, maxSendRate: 1_000 },
    dataDir,
    starttlsPort: 0,
    implicitTlsPort: 0,
    apiPort: 0,
  });
});
afterAll(async () => {
  await simulator?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// Asynchronous: the simulator answering the probe lives in this process.
function ses(args: string[], stdin: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["cli/ses.mjs", ...args], {
      cwd: PROJECT_ROOT,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const probeArgs = (port: number, tls: string) => [
  "probe",
  "--endpoint",
  `127.0.0.1:${port}`,
  "--tls",
  tls,
  "--ca",
  simulator.caFile,
  "--username",
  "AKIASIMULATOR0000001",
  "--from",
  "hello@example.com",
  "--to",
  "demo@inflowave.test",
];

describe("ses probe", () => {
  it("passes every stage over STARTTLS and prints the SES message id", async () => {
    const run = await ses(probeArgs(simulator.starttlsPort, "starttls"), deriveSmtpPasswordSync(SECRET, "us-east-1"));
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as {
      ok: boolean;
      stages: { name: string; ok: boolean }[];
      messageId: string;
    };
    expect(result.ok).toBe(true);
    expect(result.stages.map((s) => s.name)).toEqual([
      "dns",
      "connect",
      "tls",
      "ehlo",
      "auth",
      "mail-from",
      "rcpt-to",
      "data",
    ]);
    expect(result.stages.every((s) => s.ok)).toBe(true);
    expect(simulator.outbox()[0]?.messageId).toBe(result.messageId);
  });

  it("diagnoses a rejected login and exits 1, never printing the password", async () => {
    const wrong = deriveSmtpPasswordSync(SECRET, "eu-west-1");
    const run = await ses(probeArgs(simulator.implicitTlsPort, "implicit"), wrong);
    expect(run.status).toBe(1);
    const result = JSON.parse(run.stdout) as { ok: boolean; diagnosis: { cause: string } };
    expect(result.ok).toBe(false);
    expect(result.diagnosis.cause).toBe("auth-failed");
    expect(run.stdout + run.stderr).not.toContain(wrong);
  });

  it("fails the TLS stage against a server whose certificate is not trusted", async () => {
    const args = probeArgs(simulator.starttlsPort, "starttls").filter((a) => a !== "--ca" && a !== simulator.caFile);
    const run = await ses(args, deriveSmtpPasswordSync(SECRET, "us-east-1"));
    expect(run.status).toBe(1);
    const result = JSON.parse(run.stdout) as {
      stages: { name: string; status: string }[];
      diagnosis: { cause: string };
    };
    expect(result.stages.find((s) => s.status === "failed")?.name).toBe("tls");
    expect(result.diagnosis.cause).toBe("tls-certificate-error");
  });

  it.each([
    [["probe", "--to", "a@b.c", "--from", "a@b.c"], "pw", /probe needs --username/],
    [["probe", "--username", "AKIA", "--from", "a@b.c", "--to", "a@b.c"], "", /needs the SMTP password on stdin/],
    [["probe", "--username", "AKIA", "--from", "a@b.c", "--to", "a@b.c", "--endpoint", "nope"], "pw", /host:port/],
    [["probe", "--username", "AKIA", "--from", "a@b.c", "--to", "a@b.c", "--endpoint", "h:25"], "pw", /--tls/],
    [["probe", "--username", "AKIA", "--from", "a@b.c", "--to", "a@b.c", "--port", "2525"], "pw", /port 2525/],
    [["probe", "--username", "AKIA", "--from", "a@b.c", "--to", "a@b.c", "secret"], "", /never pass it as an argument/],
  ])("usage error %j → exit 2 with words", async (args, stdin, message) => {
    const run = await ses(args, stdin);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });
});
