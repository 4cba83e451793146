import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNT } from "@/lib/workspace/context";
import { saveScreenshot } from "./support/screenshots";

// The newcomer's path: no DATABASE_URL, no database server, a fresh data folder.
test("the app runs on embedded PGlite with no database server and no setup", async ({ page, request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ status: "ok", database: { ok: true, kind: "pglite" } });

  await page.goto("/");
  await expect(page).toHaveURL(/\/settings\/email$/);
  await expect(page.getByTestId("empty-state")).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(DEMO_ACCOUNT.workspaceName);
  await saveScreenshot(page, "embedded-settings-email");

  await page.goto("/settings/workspace");
  await expect(page.getByRole("table")).toContainText(DEMO_ACCOUNT.email);
});
