// Runs in the browser before the app starts (Next.js instrumentation-client).
// `config` from zod's core alone: importing `z` here put all of zod (≈ 29 KB gzipped) on every
// page, including those that validate nothing in the browser.
import { config } from "zod/v4/core";

// zod 4 compiles object parsers with `new Function` when it can. The Content-Security-Policy
// forbids eval (no 'unsafe-eval'), so merely probing for it reports a violation: parse without it.
config({ jitless: true });
