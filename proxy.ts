import { NextResponse, type NextRequest } from "next/server";
import {
  API_CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  createNonce,
  securityHeaders,
  serverMode,
} from "@/lib/http/security-headers";

// Next.js 16's request proxy (formerly middleware): security headers on every response, and a
// fresh CSP nonce for every page. Next.js reads the nonce from the request's CSP header and puts
// it on the scripts it writes while rendering, so this only works for pages rendered per request:
// a page prerendered at build time has scripts without a nonce, which the browser then blocks.
// Every page here reads the database; the 404 page must opt in (`await connection()`).
// Server Actions are POSTs to the page's own path, so they pass through here too.
export function proxy(request: NextRequest) {
  const { dev, production } = serverMode(process.env);

  if (request.nextUrl.pathname.startsWith("/api/")) {
    const response = NextResponse.next();
    setHeaders(response.headers, {
      ...securityHeaders({ production }),
      "Content-Security-Policy": API_CONTENT_SECURITY_POLICY,
    });
    return response;
  }

  const nonce = createNonce();
  const csp = contentSecurityPolicy({ nonce, dev, production });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  // The path asked for, so a page that needs sign-in can bring the person back to it.
  requestHeaders.set("x-inflowave-path", request.nextUrl.pathname + request.nextUrl.search);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  setHeaders(response.headers, { ...securityHeaders({ production }), "Content-Security-Policy": csp });
  return response;
}

function setHeaders(headers: Headers, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) headers.set(name, value);
}

export const config = {
  // Everything but the build's static files (content-hashed JS and CSS, served by Next.js itself).
  matcher: ["/((?!_next/static|_next/image).*)"],
};
