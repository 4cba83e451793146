import { expect, test, type Page, type Request, type Response } from "@playwright/test";
import { getAwsDiagnosticsAccess } from "@/lib/data/aws-diagnostics";
import { openDatabase, type Database } from "@/lib/db/client";
import { ensureDemoAccount } from "@/lib/workspace/context";

// Security headers, the Content Security Policy and cross-site refusal, in Chromium against the
// production build (NODE_ENV=production) on PostgreSQL, signed in as the demo owner (the sign-in
// setup project). These tests add no sending domain: the settings tests on the same server count them.

const EVIL = "https://evil.example";
let db: Database;
test.beforeAll(() => {
  db = openDatabase(process.env.E2E_DATABASE_URL!);
});
test.afterAll(() => db.close());

/** Records every CSP violation the page reports, from the console and from the DOM event. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const messages: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (/Content Security Policy|Permissions-Policy/i.test(text)) messages.push(text);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`),
    );
  });
  return async () => [
    ...messages,
    ...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)),
  ];
}

/** The nonce of a CSP header, which every script of the page must carry. */
function nonceOf(csp: string | undefined): string {
  const nonce = csp?.match(/script-src [^;]*'nonce-([A-Za-z0-9+/=_-]+)'/)?.[1];
  expect(nonce, `no script nonce in ${csp}`).toBeTruthy();
  return nonce!;
}

function expectSecurityHeaders(headers: Record<string, string>) {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["permissions-policy"]).toContain("microphone=()");
  expect(headers["permissions-policy"]).toContain("geolocation=()");
  // The server runs with NODE_ENV=production.
  expect(headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
}

/**
 * The page's response carries the headers and a nonce policy, every script the server wrote has
 * that nonce (the ones the runtime adds later are trusted through 'strict-dynamic'), and Next.js's
 * client runtime started (it sets window.next): the page's scripts ran under the policy.
 */
async function expectRunsUnderCsp(page: Page, response: Response | null) {
  const headers = response!.headers();
  expectSecurityHeaders(headers);
  const csp = headers["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  const nonce = nonceOf(csp);
  const scripts = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
  await expect
    .poll(() => page.evaluate(() => typeof (window as { next?: { version?: string } }).next?.version))
    .toBe("string");
}

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the sign-in page runs under its CSP", async ({ page }) => {
    const violations = await watchViolations(page);
    const response = await page.goto("/sign-in");
    expect(response?.status()).toBe(200);
    await expectRunsUnderCsp(page, response);
    // React is in charge of the form: an empty submit is answered in words, without a request.
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText("Enter your email address and password.")).toBeVisible();
    expect(await violations()).toEqual([]);
  });
});

const PAGES = [
  { path: "/settings/email", status: 200, heading: "Email" },
  { path: "/settings/email/new", status: 200, heading: "Add a sending domain" },
  { path: "/settings/email/diagnostics", status: 200, heading: "Diagnostics" },
  { path: "/settings/workspace", status: 200, heading: /./ },
  // No such route: the app's own 404 page.
  { path: "/settings/nope", status: 404, heading: /couldn.t find/i },
  // A route whose page says notFound().
  { path: "/settings/email/00000000-0000-4000-8000-000000000000", status: 404, heading: /couldn.t find/i },
];

for (const { path, status, heading } of PAGES) {
  test(`${path} carries the security headers and runs under its CSP without a violation`, async ({ page }) => {
    const violations = await watchViolations(page);
    const response = await page.goto(path);
    expect(response?.status()).toBe(status);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(heading);
    await expectRunsUnderCsp(page, response);
    await page.waitForLoadState("networkidle");
    expect(await violations()).toEqual([]);
  });
}

test("every page load gets a fresh nonce", async ({ page }) => {
  const first = await page.request.get("/settings/email");
  const second = await page.request.get("/settings/email");
  expect(nonceOf(first.headers()["content-security-policy"])).not.toBe(
    nonceOf(second.headers()["content-security-policy"]),
  );
});

test("the wizard works under the CSP: typing, Continue, and its step grid's inline style", async ({ page }) => {
  const violations = await watchViolations(page);
  await page.goto("/settings/email/new");
  await expect(page.getByTestId("wizard-step-1")).toBeVisible();
  // The step indicator lays its steps out with a style attribute (style-src-attr).
  const steps = page.getByRole("navigation", { name: "Setup steps" }).locator("ol");
  await expect
    .poll(() => steps.evaluate((list) => getComputedStyle(list).gridTemplateColumns.split(" ").length))
    .toBeGreaterThan(1);

  await page.getByRole("textbox", { name: "Sending domain" }).fill("csp.example.com");
  await page.getByRole("textbox", { name: "From address" }).fill("hello@csp.example.com");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("wizard-step-2")).toBeVisible();

  // Client-side navigation fetches the next page's data (connect-src 'self').
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Workspace" }).click();
  await expect(page).toHaveURL(/\/settings\/workspace$/);
  await expect(page.getByRole("table")).toBeVisible();
  expect(await violations()).toEqual([]);
});

test("API responses carry nosniff and a CSP that lets nothing run", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expectSecurityHeaders(health.headers());
  expect(health.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});

test("another site cannot start a test send", async ({ page, baseURL }) => {
  // With the signed-in person's cookies, as a forged request from another site would carry them.
  const request = page.request;
  const crossSite = await request.post("/api/test-sends", {
    headers: { origin: EVIL, "sec-fetch-site": "cross-site" },
    data: { kind: "unsaved" },
  });
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.json()).toEqual({
    error: "cross_site",
    message: expect.stringMatching(/another website.*refused/),
  });

  // The opaque origin of a sandboxed frame or a file is refused too.
  const opaque = await request.post("/api/test-sends", { headers: { origin: "null" }, data: {} });
  expect(opaque.status()).toBe(403);

  // The same request from the app's own origin gets past the check (and is then malformed).
  const sameOrigin = await request.post("/api/test-sends", {
    headers: { origin: new URL(baseURL!).origin, "sec-fetch-site": "same-origin" },
    data: {},
  });
  expect(sameOrigin.status()).toBe(400);
  expect(await sameOrigin.json()).toMatchObject({ error: "malformed" });
});

test("another site cannot call a Server Action: Next.js refuses a foreign Origin", async ({ page, baseURL }) => {
  const { workspace } = await ensureDemoAccount(db.prisma);
  await db.prisma.awsDiagnosticsAccess.deleteMany({ where: { workspaceId: workspace.id } });
  const violations = await watchViolations(page);

  // A real Server Action under the CSP: connect the diagnostics to the server's AWS credentials.
  await page.goto("/settings/email/diagnostics");
  const form = page.getByTestId("aws-access-form");
  await form.getByRole("radio", { name: /This server's AWS credentials/ }).check();
  await form.getByRole("button", { name: "Connect AWS account" }).click();
  await expect(page.getByTestId("aws-access")).toContainText("Connected with this server's AWS credentials");
  expect(await getAwsDiagnosticsAccess(db.prisma, workspace.id)).not.toBeNull();
  expect(await violations()).toEqual([]);

  // Capture the browser's own "Disconnect" call (its action id and encoding) without letting it through.
  let captured: Request | undefined;
  await page.route("**/settings/email/diagnostics", async (route) => {
    if (route.request().method() === "POST" && route.request().headers()["next-action"]) {
      captured = route.request();
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await page.getByTestId("aws-access").getByRole("button", { name: "Disconnect" }).click();
  await expect.poll(() => captured).toBeDefined();
  const action = captured!;
  const sent = action.headers();
  // Replayed with the signed-in person's cookies, as a forged request from another site would carry them.
  const replay = (origin: string) =>
    page.request.post(action.url(), {
      headers: {
        "next-action": sent["next-action"]!,
        "next-router-state-tree": sent["next-router-state-tree"] ?? "",
        accept: sent["accept"] ?? "text/x-component",
        "content-type": sent["content-type"] ?? "text/plain;charset=UTF-8",
        origin,
      },
      data: action.postData() ?? "",
    });

  // From another site: refused before the action runs, and the access is still there.
  const forged = await replay(EVIL);
  expect(forged.ok()).toBe(false);
  expect(forged.status()).toBe(500);
  expect(await forged.text()).not.toContain('"ok":true');
  expect(await getAwsDiagnosticsAccess(db.prisma, workspace.id)).not.toBeNull();

  // The very same call from the app's own origin runs: so only the Origin made the difference.
  const genuine = await replay(new URL(baseURL!).origin);
  expect(genuine.status()).toBe(200);
  expect(await genuine.text()).toContain('"ok":true');
  expect(await getAwsDiagnosticsAccess(db.prisma, workspace.id)).toBeNull();
});
