// Runs in the browser before the app starts (Next.js instrumentation-client).
import { z } from "zod";

// zod 4 compiles object parsers with `new Function` when it can. The Content-Security-Policy
// forbids eval (no 'unsafe-eval'), so merely probing for it reports a violation: parse without it.
z.config({ jitless: true });
