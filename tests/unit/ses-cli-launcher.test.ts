import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The launcher (cli/ses.mjs) on a fresh clone: a copy of cli/, lib/ and tsconfig.json with no
// .cache/, so no bundle yet. Its node_modules links every installed package except zod and
// nodemailer: `diagnose` must answer without loading either (they are what made the command
// slow to start), and `check-credentials`, which needs zod, shows the copy would notice if it did.
const ROOT = path.resolve(import.meta.dirname, "../..");
const LEFT_OUT = new Set(["zod", "nodemailer"]);
let clone: string;

beforeAll(() => {
  clone = fs.mkdtempSync(path.join(os.tmpdir(), "inflowave-ses-launcher-"));
  fs.cpSync(path.join(ROOT, "cli"), path.join(clone, "cli"), { recursive: true });
  fs.cpSync(path.join(ROOT, "lib"), path.join(clone, "lib"), {
    recursive: true,
    filter: (source) => !source.startsWith(path.join(ROOT, "lib/generated")),
  });
  fs.copyFileSync(path.join(ROOT, "tsconfig.json"), path.join(clone, "tsconfig.json"));
  fs.writeFileSync(path.join(clone, "package.json"), JSON.stringify({ type: "module", private: true }));
  const modules = path.join(clone, "node_modules");
  fs.mkdirSync(modules);
  for (const name of fs.readdirSync(path.join(ROOT, "node_modules"))) {
    if (!LEFT_OUT.has(name)) fs.symlinkSync(path.join(ROOT, "node_modules", name), path.join(modules, name));
  }
});
afterAll(() => {
  if (clone) fs.rmSync(clone, { recursive: true, force: true });
});

function ses(args: string[], stdin = "") {
  const result = spawnSync(process.execPath, [path.join(clone, "cli/ses.mjs"), ...args], {
    cwd: clone,
    input: stdin,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const manifest = () =>
  JSON.parse(fs.readFileSync(path.join(clone, ".cache/cli/manifest.json"), "utf8")) as {
    entry: string;
    inputs: Record<string, string>;
  };

/** Edits a file of the clone the way an editor would: new content, a later modification time. */
function edit(file: string, from: string, to: string) {
  const target = path.join(clone, file);
  const text = fs.readFileSync(target, "utf8");
  expect(text).toContain(from);
  fs.writeFileSync(target, text.replace(from, to));
  const later = new Date(Date.now() + 2_000);
  fs.utimesSync(target, later, later);
}

const REPLY = "535 Authentication Credentials Invalid";

// In order: each step starts from the state the one before left.
describe("ses launcher (cli/ses.mjs)", { sequential: true, timeout: 120_000 }, () => {
  it("builds the bundle on the first run and answers", () => {
    expect(fs.existsSync(path.join(clone, ".cache"))).toBe(false);
    const run = ses(["diagnose", REPLY]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ cause: "auth-failed", stage: "auth" });

    const { entry, inputs } = manifest();
    expect(fs.existsSync(path.join(clone, ".cache/cli", entry))).toBe(true);
    expect(Object.keys(inputs)).toEqual(
      expect.arrayContaining([
        "cli/ses.ts",
        "cli/ses.mjs",
        "tsconfig.json",
        "lib/ses/diagnose.ts",
        "lib/ses/causes.ts",
      ]),
    );
    // Packages stay in node_modules: the bundle is the project's own code.
    expect(Object.keys(inputs).filter((file) => file.includes("node_modules"))).toEqual([]);
  });

  it("diagnose, regions and derive-password never load zod or nodemailer; check-credentials does", () => {
    expect(ses(["regions"]).status).toBe(0);
    expect(ses(["derive-password", "--region", "eu-central-1"], "some+secret+key\n")).toMatchObject({
      status: 0,
      stderr: "",
    });
    const checked = ses(["check-credentials"], JSON.stringify({ region: "us-east-1" }));
    expect(checked.status).toBe(2);
    expect(checked.stderr).toMatch(/unexpected failure: .*'zod'/);
  });

  it("reuses the bundle while nothing changed", () => {
    const before = manifest().entry;
    expect(ses(["diagnose", REPLY]).status).toBe(1);
    expect(manifest().entry).toBe(before);
  });

  it("rebuilds when a lib/ file the bundle came from changed, and answers with the change", () => {
    const before = manifest().entry;
    edit("lib/ses/causes.ts", "SES didn't accept the SMTP user name and password", "Edited title for the test");
    const run = ses(["diagnose", REPLY]);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ cause: "auth-failed", title: "Edited title for the test" });
    expect(manifest().entry).not.toBe(before);
  });

  it("rebuilds when cli/ses.ts changed", () => {
    edit("cli/ses.ts", "Exit status: 0 all is well", "Exit status (edited): 0 all is well");
    const run = ses(["help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Exit status (edited): 0 all is well");
  });

  it("says in one line, without a stack trace, when the source does not build", () => {
    edit("cli/ses.ts", "export async function main()", "export async function main(( {");
    const run = ses(["diagnose", REPLY]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^ses: could not build the command into \.cache\/cli\/:\ncli\/ses\.ts:\d+: /);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
