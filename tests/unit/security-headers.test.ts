import { describe, expect, it } from "vitest";
import { allowedOriginsFrom, hostMatches, isSameOriginRequest } from "@/lib/http/same-origin";
import { contentSecurityPolicy, createNonce, securityHeaders, serverMode } from "@/lib/http/security-headers";

/** The CSP as a map of directive → sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe("contentSecurityPolicy", () => {
  const nonce = "bm9uY2Utb2YtdGhpcy10ZXN0";

  it("lets only this response's nonced scripts run in production, and upgrades insecure requests", () => {
    const csp = directives(contentSecurityPolicy({ nonce, production: true }));
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(csp.get("style-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
    expect(csp.get("style-src-attr")).toEqual(["'unsafe-inline'"]);
    expect(csp.get("img-src")).toEqual(["'self'", "data:"]);
    expect(csp.get("font-src")).toEqual(["'self'"]);
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'self'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("upgrade-insecure-requests")).toEqual([]);
  });

  it("never allows inline or eval'd scripts outside development", () => {
    for (const production of [true, false]) {
      const scriptSrc = directives(contentSecurityPolicy({ nonce, production })).get("script-src");
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
    }
  });

  it("in development allows eval (React's debugging), inline styles (the overlay) and the hot-reload websocket", () => {
    const csp = directives(contentSecurityPolicy({ nonce, dev: true }));
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'unsafe-eval'"]);
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get("connect-src")).toEqual(["'self'", "ws:", "wss:"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("leaves insecure requests alone on a test server (plain HTTP on localhost)", () => {
    expect(directives(contentSecurityPolicy({ nonce })).has("upgrade-insecure-requests")).toBe(false);
  });

  it("is a single header line Next.js can find the nonce in", () => {
    const csp = contentSecurityPolicy({ nonce, production: true });
    expect(csp).not.toMatch(/[\r\n]/);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}'`);
  });
});

describe("serverMode", () => {
  it("reads NODE_ENV as the server runs with it: test is neither development nor production", () => {
    expect(serverMode({ NODE_ENV: "production" })).toEqual({ dev: false, production: true });
    expect(serverMode({ NODE_ENV: "development" })).toEqual({ dev: true, production: false });
    expect(serverMode({ NODE_ENV: "test" })).toEqual({ dev: false, production: false });
    expect(serverMode({})).toEqual({ dev: false, production: false });
  });
});

describe("createNonce", () => {
  it("is fresh base64 every time", () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("securityHeaders", () => {
  it("sends HSTS only in production", () => {
    expect(securityHeaders({ production: true })["Strict-Transport-Security"]).toBe(
      "max-age=63072000; includeSubDomains",
    );
    expect(securityHeaders({ production: false })).not.toHaveProperty("Strict-Transport-Security");
  });

  it("sends the rest everywhere", () => {
    for (const production of [true, false]) {
      const headers = securityHeaders({ production });
      expect(headers).toMatchObject({
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
      });
      const permissions = headers["Permissions-Policy"];
      for (const feature of ["camera", "microphone", "geolocation", "payment", "usb"]) {
        expect(permissions).toContain(`${feature}=()`);
      }
      // The copy buttons write to the clipboard.
      expect(permissions).not.toContain("clipboard");
    }
  });
});

describe("isSameOriginRequest", () => {
  const post = (headers: Record<string, string>, url = "http://localhost:3000/api/test-sends") =>
    new Request(url, { method: "POST", headers });

  it("accepts the app's own origin, on the Host it was sent to", () => {
    expect(isSameOriginRequest(post({ host: "localhost:3000", origin: "http://localhost:3000" }))).toBe(true);
    expect(isSameOriginRequest(post({ host: "Settings.Example.com", origin: "https://settings.example.com" }))).toBe(
      true,
    );
  });

  it("refuses another site", () => {
    expect(isSameOriginRequest(post({ host: "localhost:3000", origin: "https://evil.example" }))).toBe(false);
    // A sibling subdomain is another origin, and so is another port.
    expect(isSameOriginRequest(post({ host: "app.example.com", origin: "https://evil.example.com" }))).toBe(false);
    expect(isSameOriginRequest(post({ host: "localhost:3000", origin: "http://localhost:3001" }))).toBe(false);
  });

  it("refuses the opaque origin `null` (sandboxed frames, files, cross-site redirects) and garbage", () => {
    expect(isSameOriginRequest(post({ host: "localhost:3000", origin: "null" }))).toBe(false);
    expect(isSameOriginRequest(post({ host: "localhost:3000", origin: "not a url" }))).toBe(false);
  });

  it("compares hosts with their ports, dropping the scheme's default port", () => {
    expect(isSameOriginRequest(post({ host: "127.0.0.1:8080", origin: "http://127.0.0.1:8080" }))).toBe(true);
    expect(isSameOriginRequest(post({ host: "127.0.0.1:8080", origin: "http://127.0.0.1" }))).toBe(false);
    expect(isSameOriginRequest(post({ host: "example.com:443", origin: "https://example.com" }))).toBe(true);
    expect(isSameOriginRequest(post({ host: "example.com", origin: "https://example.com:8443" }))).toBe(false);
  });

  it("handles IPv6 hosts", () => {
    expect(isSameOriginRequest(post({ host: "[::1]:3000", origin: "http://[::1]:3000" }, "http://[::1]:3000/x"))).toBe(
      true,
    );
    expect(isSameOriginRequest(post({ host: "[::1]:3000", origin: "http://[::2]:3000" }, "http://[::1]:3000/x"))).toBe(
      false,
    );
    expect(
      isSameOriginRequest(post({ host: "[0:0::1]:3000", origin: "http://[::1]:3000" }, "http://[::1]:3000/x")),
    ).toBe(true);
  });

  it("behind a proxy, compares with the forwarded host, or with an allowed host", () => {
    const proxied = { host: "10.0.0.5:3000", origin: "https://settings.example.com" };
    expect(isSameOriginRequest(post(proxied))).toBe(false);
    expect(isSameOriginRequest(post({ ...proxied, "x-forwarded-host": "settings.example.com, 10.0.0.5" }))).toBe(true);
    expect(isSameOriginRequest(post(proxied), ["settings.example.com"])).toBe(true);
    expect(isSameOriginRequest(post(proxied), ["*.example.com"])).toBe(true);
    expect(isSameOriginRequest(post(proxied), ["other.example.com"])).toBe(false);
  });

  it("without Origin, lets Sec-Fetch-Site decide: only same-origin passes", () => {
    expect(isSameOriginRequest(post({ host: "localhost:3000", "sec-fetch-site": "same-origin" }))).toBe(true);
    for (const site of ["cross-site", "same-site", "none"]) {
      expect(isSameOriginRequest(post({ host: "localhost:3000", "sec-fetch-site": site }))).toBe(false);
    }
  });

  it("allows a request with neither header: not a browser, so no one else's session rides on it", () => {
    expect(isSameOriginRequest(post({ host: "localhost:3000" }))).toBe(true);
  });

  it("lets Origin decide when both are sent", () => {
    expect(
      isSameOriginRequest(
        post({ host: "localhost:3000", origin: "https://evil.example", "sec-fetch-site": "same-origin" }),
      ),
    ).toBe(false);
  });

  it("refuses a Host header that is not just a host", () => {
    expect(isSameOriginRequest(post({ host: "evil.example/x", origin: "http://evil.example" }))).toBe(false);
    expect(isSameOriginRequest(post({ host: "user@evil.example", origin: "http://evil.example" }))).toBe(false);
  });
});

describe("hostMatches (Next.js's allowedOrigins rules)", () => {
  it.each([
    ["my-proxy.com", "my-proxy.com", true],
    ["MY-proxy.com", "my-proxy.com", true],
    ["my-proxy.com:8443", "my-proxy.com", false],
    ["app.my-proxy.com", "my-proxy.com", false],
    ["app.my-proxy.com", "*.my-proxy.com", true],
    ["my-proxy.com", "*.my-proxy.com", false],
    ["a.b.my-proxy.com", "*.my-proxy.com", false],
    ["app.my-proxy.com:8443", "*.my-proxy.com", false],
    ["app.my-proxy.com", "**.my-proxy.com", true],
    ["app.eu.my-proxy.com", "**.my-proxy.com", true],
    ["my-proxy.com", "**.my-proxy.com", false],
    ["my-proxy.com:8443", "my-proxy.com:8443", true],
    ["evil.com", "*", false],
    ["evil.com", "**", false],
    ["evil.com", "*.com", true],
    ["evil.com", "a..com", false],
  ])("%s against %s → %s", (host, pattern, expected) => {
    expect(hostMatches(host, pattern)).toBe(expected);
  });
});

describe("allowedOriginsFrom", () => {
  it("reads INFLOWAVE_ALLOWED_ORIGINS as hosts, separated by commas or spaces", () => {
    expect(allowedOriginsFrom({})).toEqual([]);
    expect(allowedOriginsFrom({ INFLOWAVE_ALLOWED_ORIGINS: "" })).toEqual([]);
    expect(
      allowedOriginsFrom({
        INFLOWAVE_ALLOWED_ORIGINS: " Settings.example.com, *.example.org  https://proxy.example.net:8443/ ",
      }),
    ).toEqual(["settings.example.com", "*.example.org", "proxy.example.net:8443"]);
  });
});
