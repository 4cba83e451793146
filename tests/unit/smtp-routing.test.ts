import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sesSimulatorDirFor, smtpRouterFor } from "@/lib/sending/smtp-routing";

// A simulator "running" as this very process, as far as its state file says.
let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-routing-"));
  const simulatorDir = path.join(dataDir, "ses-simulator");
  fs.mkdirSync(simulatorDir);
  fs.writeFileSync(path.join(simulatorDir, "ca.pem"), "-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n");
  fs.writeFileSync(
    path.join(simulatorDir, "state.json"),
    JSON.stringify({
      pid: process.pid,
      host: "127.0.0.1",
      starttlsPort: 41587,
      implicitTlsPort: 41465,
      apiUrl: "http://127.0.0.1:41580",
      caFile: path.join(simulatorDir, "ca.pem"),
      startedAt: new Date().toISOString(),
    }),
  );
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("routing SES hosts to the local simulator", () => {
  it("routes SES SMTP hosts (and FIPS hosts) to the running simulator outside production, by TLS mode", () => {
    const route = smtpRouterFor({ NODE_ENV: "development", INFLOWAVE_SES_SIMULATOR: "on" }, dataDir);
    expect(route("email-smtp.eu-west-1.amazonaws.com", "starttls")).toMatchObject({
      connectHost: "127.0.0.1",
      connectPort: 41587,
      servername: "email-smtp.eu-west-1.amazonaws.com",
      ca: [expect.stringContaining("BEGIN CERTIFICATE")],
    });
    expect(route("email-smtp-fips.us-east-1.amazonaws.com", "implicit")).toMatchObject({ connectPort: 41465 });
  });

  it("never routes anything else there", () => {
    const route = smtpRouterFor({ NODE_ENV: "test", INFLOWAVE_SES_SIMULATOR: "on" }, dataDir);
    for (const host of ["smtp.example.com", "email.us-east-1.amazonaws.com", "inbound-smtp.us-east-1.amazonaws.com"]) {
      expect(route(host, "starttls")).toBeUndefined();
    }
  });

  it("never routes in production, nor when turned off, nor when no simulator runs", () => {
    const host = "email-smtp.us-east-1.amazonaws.com";
    expect(smtpRouterFor({ NODE_ENV: "production", INFLOWAVE_SES_SIMULATOR: "on" }, dataDir)(host, "starttls")).toBe(
      undefined,
    );
    expect(smtpRouterFor({ NODE_ENV: "development" }, dataDir)(host, "starttls")).toBeUndefined(); // opt-in
    expect(
      smtpRouterFor({ NODE_ENV: "development", INFLOWAVE_SES_SIMULATOR: "off" }, dataDir)(
        "email-smtp.us-east-1.amazonaws.com",
        "starttls",
      ),
    ).toBeUndefined();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-routing-empty-"));
    expect(smtpRouterFor({ INFLOWAVE_SES_SIMULATOR: "on" }, empty)(host, "starttls")).toBeUndefined();
    fs.rmSync(empty, { recursive: true });
    expect(sesSimulatorDirFor({ NODE_ENV: "production", INFLOWAVE_SES_SIMULATOR: "on" }, dataDir)).toBeUndefined();
    expect(sesSimulatorDirFor({ INFLOWAVE_SES_SIMULATOR: "on", INFLOWAVE_SES_SIMULATOR_DIR: "/x" }, dataDir)).toBe(
      "/x",
    );
  });
});

describe("the simulator's state file", () => {
  it("is ignored when it points anywhere but this machine", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-routing-remote-"));
    fs.mkdirSync(path.join(dir, "ses-simulator"));
    const state = JSON.parse(fs.readFileSync(path.join(dataDir, "ses-simulator/state.json"), "utf8")) as object;
    fs.writeFileSync(path.join(dir, "ses-simulator/state.json"), JSON.stringify({ ...state, host: "203.0.113.9" }));
    const route = smtpRouterFor({ INFLOWAVE_SES_SIMULATOR: "on" }, dir);
    expect(route("email-smtp.us-east-1.amazonaws.com", "starttls")).toBeUndefined();
    fs.rmSync(dir, { recursive: true });
  });
});
