#!/usr/bin/env node
// `node cli/ses.mjs <command>`: the `ses` command, started fast. Compiling cli/ses.ts and what it
// imports at every start (tsx) costs more than the command itself, so this launcher runs a bundle
// of them built with esbuild into .cache/cli/ (git-ignored, never committed). It builds the bundle
// on the first run and again whenever one of the files it was built from, this launcher or
// tsconfig.json changed (their size and modification time are recorded in the manifest, so the
// check is one small JSON read and a few dozen stats). Each command's heavier modules (zod,
// nodemailer) are split into chunks loaded only by the command that needs them; packages stay
// in node_modules (external), so the bundle holds the project's own code only.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");
const CACHE = path.join(ROOT, ".cache/cli");
const MANIFEST = path.join(CACHE, "manifest.json");
/** Files the bundle depends on that esbuild's list of inputs does not name. */
const ALWAYS_CHECKED = [path.relative(ROOT, fileURLToPath(import.meta.url)), "tsconfig.json"];
/** A superseded build is removed once this old; a process that started on it has loaded it by then. */
const STALE_BUILD_MS = 60_000;

/** Size and modification time: different from the recorded ones means the file changed. */
function stamp(file) {
  try {
    const stats = fs.statSync(path.join(ROOT, file));
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return "missing";
  }
}

/** The bundle's entry file when the bundle is up to date; undefined when it must be (re)built. */
function currentBundle() {
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, "utf8"));
  } catch {
    return undefined;
  }
  const entry = path.join(CACHE, manifest.entry);
  if (!fs.existsSync(entry)) return undefined;
  for (const [file, recorded] of Object.entries(manifest.inputs)) if (stamp(file) !== recorded) return undefined;
  return entry;
}

async function build() {
  const esbuild = await import("esbuild");
  fs.mkdirSync(CACHE, { recursive: true });
  const dir = fs.mkdtempSync(path.join(CACHE, "build-"));
  // Stamped before esbuild reads them: a file edited during the build differs and triggers the next.
  const before = new Map();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { ses: "cli/ses.ts" },
    outdir: dir,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunk-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    metafile: true,
    logLevel: "silent",
    plugins: [
      {
        name: "stamp-inputs",
        setup(plugin) {
          plugin.onLoad({ filter: /.*/ }, (args) => {
            const file = path.relative(ROOT, args.path);
            if (!before.has(file)) before.set(file, stamp(file));
            return undefined;
          });
        },
      },
    ],
  });
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), ...ALWAYS_CHECKED]) {
    inputs[file] = before.get(file) ?? stamp(file);
  }
  const manifest = { entry: path.join(path.basename(dir), "ses.mjs"), builtAt: new Date().toISOString(), inputs };
  const temporary = `${MANIFEST}.${process.pid}`;
  fs.writeFileSync(temporary, JSON.stringify(manifest, null, 2) + "\n");
  fs.renameSync(temporary, MANIFEST);
  removeOldBuilds(dir);
  return path.join(dir, "ses.mjs");
}

function removeOldBuilds(keep) {
  for (const name of fs.readdirSync(CACHE)) {
    const dir = path.join(CACHE, name);
    if (!name.startsWith("build-") || dir === keep) continue;
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs > STALE_BUILD_MS) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another launcher removed it first.
    }
  }
}

let entry = currentBundle();
if (!entry) {
  try {
    entry = await build();
  } catch (error) {
    const detail = error?.errors?.length
      ? error.errors.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ""}${e.text}`).join("\n")
      : (error?.message ?? String(error));
    process.stderr.write(`ses: could not build the command into ${path.relative(ROOT, CACHE)}/:\n${detail}\n`);
    process.exit(2);
  }
}
const { main } = await import(pathToFileURL(entry).href);
await main();
