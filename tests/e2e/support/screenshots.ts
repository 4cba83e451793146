import path from "node:path";
import type { Page } from "@playwright/test";
import { PROJECT_ROOT } from "./servers";

/** Full-page screenshots kept as artifacts of the run, for a person to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(PROJECT_ROOT, "test-results/screenshots", `${name}.png`), fullPage: true });
}
