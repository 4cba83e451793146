// The security headers every response carries, and the Content Security Policy of the pages.
// proxy.ts sets them per request; this file only builds the values, so tests can read them.
import type { Env } from "../env";

/**
 * Development, production or neither (NODE_ENV=test: the end-to-end wizard server runs the
 * production build so). Takes the environment as an object: the build replaces a written-out
 * `process.env.NODE_ENV` with "production", whatever the server is later started with.
 */
export function serverMode(env: Env): { dev: boolean; production: boolean } {
  return { dev: env.NODE_ENV === "development", production: env.NODE_ENV === "production" };
}

export interface ContentSecurityPolicyOptions {
  /** This response's nonce: Next.js puts it on its own scripts, and only those scripts run. */
  nonce: string;
  /** `next dev`: React's debugging needs eval, the dev overlay injects styles, HMR is a websocket. */
  dev?: boolean;
  /** NODE_ENV=production: the page is meant to be served over HTTPS. */
  production?: boolean;
}

/**
 * The pages' Content Security Policy. Scripts run only with this response's nonce ('strict-dynamic'
 * lets those load the chunks they import); no 'unsafe-inline' for scripts, ever.
 *
 * Styles: the stylesheets are files ('self'); Next.js puts the nonce on any `<style>` it writes.
 * Two components set a `style` attribute computed at render time (the wizard's step grid, the
 * quota bar), which a policy without 'unsafe-inline' would drop from the server-rendered HTML:
 * `style-src-attr 'unsafe-inline'` allows attributes only. A style attribute cannot run code or
 * load anything beyond what img-src/font-src allow, and `<style>` elements stay nonce-only.
 */
export function contentSecurityPolicy({
  nonce,
  dev = false,
  production = false,
}: ContentSecurityPolicyOptions): string {
  const directives: string[][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // A nonce disables 'unsafe-inline', so development (whose overlay writes styles without one) goes without.
    ["style-src", "'self'", ...(dev ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    ["style-src-attr", "'unsafe-inline'"],
    ["img-src", "'self'", "data:"],
    ["font-src", "'self'"],
    // 'self' covers same-origin fetches; the dev server's hot reload is a websocket ('self' does
    // not match ws: in every browser).
    ["connect-src", "'self'", ...(dev ? ["ws:", "wss:"] : [])],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ...(production ? [["upgrade-insecure-requests"]] : []),
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/** For JSON responses: nothing in them may run, load or be framed if a browser opens one. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The headers besides the CSP, for pages and API responses alike.
 *
 * - Referrer-Policy `same-origin`: links out (AWS console, AWS docs) send no Referer at all, so a
 *   self-hosted instance's host name (often an internal one) and the ids in its paths never reach
 *   another site; nothing we link to needs to know where the visitor came from. Our own requests
 *   keep the full Referer.
 * - Permissions-Policy turns off the powerful features the app never uses. The clipboard stays
 *   allowed: the copy buttons need it.
 * - Strict-Transport-Security only in production: a development or test server on plain-HTTP
 *   localhost has no HTTPS to pin (browsers ignore HSTS over HTTP anyway).
 */
export function securityHeaders({ production }: { production: boolean }): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    // frame-ancestors 'none' for browsers too old for CSP level 2.
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    ...(production ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}

// Only features Chromium knows (it has no `bluetooth` on Linux): an unknown one is reported in the
// console on every page.
const PERMISSIONS_POLICY = [
  "accelerometer",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "serial",
  "usb",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

/** 128 random bits, base64: a fresh, unguessable nonce for one response. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
