import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The CLI as operators run it: a separate process started by the launcher (node cli/ses.mjs, which
// builds its bundle on the first run), JSON on stdout, meaningful exit codes. The launcher's own
// behaviour (building, rebuilding) is in ses-cli-launcher.test.ts.
const ROOT = path.resolve(import.meta.dirname, "../..");

function ses(args: string[], stdin = "") {
  const result = spawnSync(process.execPath, [path.join(ROOT, "cli/ses.mjs"), ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: "utf8",
    timeout: 30_000,
  });
  const json = () => JSON.parse(result.stdout) as unknown;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, json };
}

const AWS_EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

describe("ses CLI", () => {
  it("regions: lists every region with its SMTP host and availability", () => {
    const run = ses(["regions"]);
    expect(run.status).toBe(0);
    const regions = run.json() as { code: string; smtpHost: string; smtp: string }[];
    expect(regions.find((r) => r.code === "us-east-1")).toMatchObject({
      smtpHost: "email-smtp.us-east-1.amazonaws.com",
      smtp: "available",
    });
    expect(regions.find((r) => r.code === "ap-southeast-3")).toMatchObject({ smtp: "not-offered" });
  });

  it("diagnose: explains a reply given as an argument, and exits 1 for the problem", () => {
    const run = ses(["diagnose", "535 Authentication Credentials Invalid"]);
    expect(run.status).toBe(1);
    expect(run.json()).toMatchObject({ cause: "auth-failed", stage: "auth" });
  });

  it("diagnose: reads stdin when no text is given", () => {
    const reply =
      "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: dana@example.com";
    const run = ses(["diagnose"], reply);
    expect(run.status).toBe(1);
    expect(run.json()).toMatchObject({ cause: "sandbox-unverified-address" });
  });

  it("diagnose: a success reply is all well (exit 0)", () => {
    const run = ses(["diagnose", "250 Ok 0100018c-1234-abcd-0000-000000000000-000000"]);
    expect(run.status).toBe(0);
    expect(run.json()).toMatchObject({ ok: true });
  });

  it("derive-password: derives the published test vector from stdin", () => {
    const run = ses(["derive-password", "--region", "eu-central-1"], "some+secret+key\n");
    expect(run.status).toBe(0);
    expect(run.json()).toEqual({ region: "eu-central-1", password: "BMXhUYlu5Z3gSXVQORxlVa7XPaz91aGWdfHxvkOZdWZ2" });
  });

  it("derive-password: refuses the secret as an argument, where shell history would keep it", () => {
    const run = ses(["derive-password", "--region", "us-east-1", AWS_EXAMPLE_SECRET]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/reads the secret access key from stdin/);
    expect(run.stderr).not.toContain(AWS_EXAMPLE_SECRET);
  });

  it.each([
    [["derive-password"], AWS_EXAMPLE_SECRET, /needs --region/],
    [["derive-password", "--region", "mars-north-1"], AWS_EXAMPLE_SECRET, /"mars-north-1" is not an SES region/],
    [["derive-password", "--region", "us-east-1"], "", /needs the AWS secret access key on stdin/],
    [["derive-password", "--regoin", "us-east-1"], AWS_EXAMPLE_SECRET, /Unknown option '--regoin'/],
    [["diagnose"], "", /needs an SMTP reply or error message/],
    [["check-credentials"], "", /needs a JSON object on stdin/],
    [["check-credentials"], "{not json", /stdin is not valid JSON/],
    [["check-credentials"], "[1, 2]", /must be a JSON object/],
    [["regions", "extra"], "", /Unexpected argument "extra"/],
    [["frobnicate"], "", /Unknown command "frobnicate"/],
    [[], "", /No command given/],
  ])("usage error %j → exit 2 with a message and the usage, no stack trace", (args, stdin, message) => {
    const run = ses(args, stdin);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("Usage: node cli/ses.mjs <command>");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe("");
  });

  it("check-credentials: good settings are ok (exit 0)", () => {
    const settings = {
      region: "eu-central-1",
      host: "email-smtp.eu-central-1.amazonaws.com",
      port: 587,
      username: "AKIAIOSFODNN7EXAMPLE",
      password: "BMXhUYlu5Z3gSXVQORxlVa7XPaz91aGWdfHxvkOZdWZ2",
      from: "hello@example.com",
    };
    const run = ses(["check-credentials"], JSON.stringify(settings));
    expect(run.status).toBe(0);
    expect(run.json()).toMatchObject({ ok: true });
  });

  it("check-credentials: finds a pasted AWS secret key and never echoes the password", () => {
    const settings = {
      region: "us-east-1",
      host: "email-smtp.us-east-1.amazonaws.com",
      port: 587,
      username: "AKIAIOSFODNN7EXAMPLE",
      password: AWS_EXAMPLE_SECRET,
    };
    const run = ses(["check-credentials"], JSON.stringify(settings));
    expect(run.status).toBe(1);
    const result = run.json() as { ok: boolean; findings: { field: string; code: string }[] };
    expect(result.ok).toBe(false);
    expect(result.findings).toContainEqual(
      expect.objectContaining({ field: "password", code: "aws-secret-key-as-password" }),
    );
    expect(run.stdout + run.stderr).not.toContain(AWS_EXAMPLE_SECRET);
  });

  it("help prints the usage and exits 0", () => {
    const run = ses(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("derive-password --region REGION");
  });
});
