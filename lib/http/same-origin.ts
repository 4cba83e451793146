// Cross-site request refusal for the state-changing route handlers (Server Actions have Next.js's
// own check, configured with the same list in next.config.ts).
import type { Env } from "../env";

/**
 * True when a browser made this request from one of our own pages (or it is not a browser at all).
 *
 * - With an `Origin` header, its host must be the request's own host (`X-Forwarded-Host`, else
 *   `Host`, as Next.js compares Server Actions) or match an `allowed` entry. Hosts are compared,
 *   not schemes: behind a proxy that ends TLS the app sees http while the browser says https.
 *   `Origin: null` (a sandboxed frame, a file, a cross-origin redirect) is refused.
 * - Without `Origin`, `Sec-Fetch-Site` decides: only `same-origin` passes. Every browser that sends
 *   `Sec-Fetch-Site` also sends `Origin` on a POST, so this is a fallback for odd cases.
 * - With neither header, the request is allowed: that is curl, a script or a browser from before
 *   2019, none of which carries a victim's session into a forged request (and our JSON-only API
 *   cannot be reached cross-site from a browser without a CORS preflight, which it refuses).
 */
export function isSameOriginRequest(request: Request, allowed: readonly string[] = []): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) {
    const site = request.headers.get("sec-fetch-site");
    return site === null || site === "same-origin";
  }
  if (origin === "null") return false;
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return false;
  }
  const own = ownHost(request, from.protocol);
  return (own !== undefined && from.host === own) || allowed.some((pattern) => hostMatches(from.host, pattern));
}

/** The host this request was sent to, written as a URL of the given scheme writes it (default port dropped, lower case). */
function ownHost(request: Request, protocol: string): string | undefined {
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwarded || request.headers.get("host") || new URL(request.url).host;
  try {
    const url = new URL(`${protocol}//${host}`);
    // A Host header like "a.com/x" or "u@a.com" is not a host.
    return url.pathname === "/" && !url.username && !url.search && !url.hash ? url.host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a host (with its port, when not the default) matches an allowed-origins entry, the way
 * Next.js's `serverActions.allowedOrigins` does: `*` stands for one label, a leading `**` for one
 * or more, and a port must be written out in full.
 */
export function hostMatches(host: string, pattern: string): boolean {
  const hostLabels = host.toLowerCase().split(".");
  const patternLabels = pattern.toLowerCase().split(".");
  if (patternLabels.length === 1 && (patternLabels[0] === "*" || patternLabels[0] === "**")) return false;
  if (patternLabels.includes("")) return false;
  if (patternLabels[0] === "**") {
    const rest = patternLabels.slice(1);
    if (rest.includes("**") || hostLabels.length <= rest.length) return false;
    return labelsMatch(hostLabels.slice(hostLabels.length - rest.length), rest);
  }
  return hostLabels.length === patternLabels.length && labelsMatch(hostLabels, patternLabels);
}

function labelsMatch(host: string[], pattern: string[]): boolean {
  return pattern.every((label, index) => label === "*" || label === host[index]);
}

/**
 * INFLOWAVE_ALLOWED_ORIGINS: the hosts, besides the app's own, whose pages may call its Server
 * Actions and state-changing API, separated by commas or spaces. Needed only behind a proxy that
 * forwards its own Host instead of the public one (no X-Forwarded-Host): list the host in the
 * browser's address bar, e.g. `settings.example.com` or `*.example.com`. A full origin
 * (`https://settings.example.com`) is reduced to its host.
 */
export function allowedOriginsFrom(env: Env): string[] {
  return (env.INFLOWAVE_ALLOWED_ORIGINS ?? "")
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => (entry.includes("://") ? hostOf(entry) : entry.toLowerCase()))
    .filter((entry): entry is string => !!entry);
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
