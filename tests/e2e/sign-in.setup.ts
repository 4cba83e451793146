import path from "node:path";
import { expect, test as setup } from "@playwright/test";
import { DEMO_ACCOUNT } from "@/lib/workspace/context";

// Signs the demo account in on each server through the real sign-in page, and keeps the
// browser's cookies for the projects that depend on this one (see playwright.config.ts).
const SERVERS = {
  embedded: process.env.E2E_EMBEDDED_PORT,
  postgres: process.env.E2E_POSTGRES_PORT,
  wizard: process.env.E2E_WIZARD_PORT,
};

for (const [name, port] of Object.entries(SERVERS)) {
  setup(`sign in to the ${name} server`, async ({ page }) => {
    await page.goto(`http://127.0.0.1:${port}/settings/email`);
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByRole("textbox", { name: "Email address" }).fill(DEMO_ACCOUNT.email);
    await page.getByLabel("Password", { exact: true }).fill(DEMO_ACCOUNT.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/settings\/email$/);
    await expect(page.getByRole("banner")).toContainText(DEMO_ACCOUNT.name);
    await page.context().storageState({ path: path.join(process.env.E2E_RUN_DIR!, "auth", `${name}.json`) });
  });
}
