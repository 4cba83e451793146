import { expect, test, type Locator, type Page } from "@playwright/test";
import { openDatabase, type Database } from "@/lib/db/client";
import { saveScreenshot } from "./support/screenshots";
import { SENDER, simulatorOutbox, useScenario, WITHOUT_POLICY } from "./support/simulator";

// Settings → Email → Add sending domain → Custom SMTP, in Chromium, against the production build
// talking to the local SES simulator, on PostgreSQL. Tests run one after another in one worker
// (they share the simulator's scenario) and each sets the scenario it needs.

const STAGES = ["dns", "connect", "tls", "ehlo", "auth", "mail-from", "rcpt-to", "data"];
let db: Database;
let domainCounter = 0;
test.beforeAll(() => {
  db = openDatabase(process.env.E2E_WIZARD_DATABASE_URL!);
});
test.afterAll(() => db.close());
test.beforeEach(() => useScenario());

interface WizardInput {
  domain?: string;
  from?: string;
  region?: RegExp;
  username?: string;
  password?: string;
  shots?: string;
}

function uniqueDomain() {
  domainCounter += 1;
  return `m${Date.now().toString(36)}${domainCounter}.example.com`;
}

/** Walks steps 1–4 with the mouse, and returns on step 5 (test and save). */
async function fillWizard(page: Page, input: WizardInput = {}) {
  const domain = input.domain ?? uniqueDomain();
  await page.goto("/settings/email/new");
  await expect(page.getByTestId("wizard-step-1")).toBeVisible();
  await page.getByRole("textbox", { name: "Sending domain" }).fill(domain);
  await page.getByRole("textbox", { name: "From address" }).fill(input.from ?? `hello@${domain}`);
  if (input.shots) await saveScreenshot(page, `${input.shots}-1-sender`);
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByTestId("wizard-step-2")).toBeVisible();
  await page.getByRole("radio", { name: input.region ?? /US East \(N\. Virginia\)/ }).check();
  if (input.shots) await saveScreenshot(page, `${input.shots}-2-region`);
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByTestId("wizard-step-3")).toBeVisible();
  await expect(page.getByRole("radio", { name: /^587\b/ })).toBeChecked();
  if (input.shots) await saveScreenshot(page, `${input.shots}-3-connection`);
  await page.getByRole("button", { name: "Continue" }).click();

  await expect(page.getByTestId("wizard-step-4")).toBeVisible();
  await page.getByRole("textbox", { name: "SMTP user name" }).fill(input.username ?? SENDER.username);
  await page.getByLabel("SMTP password", { exact: true }).fill(input.password ?? SENDER.password());
  if (input.shots) await saveScreenshot(page, `${input.shots}-4-credentials`);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("wizard-step-5")).toBeVisible();
  return domain;
}

async function sendTest(page: Page, to?: string) {
  if (to) await page.getByRole("textbox", { name: "Send a test email to" }).fill(to);
  await page.getByRole("button", { name: /Send test email|Send again/ }).click();
  const result = page.getByTestId("test-send-result");
  await expect(result).toBeVisible({ timeout: 20_000 });
  return result;
}

async function expectStages(page: Page, failedAt?: string) {
  for (const [index, name] of STAGES.entries()) {
    const failedIndex = failedAt ? STAGES.indexOf(failedAt) : STAGES.length;
    const expected = index < failedIndex ? "passed" : index === failedIndex ? "failed" : "skipped";
    await expect(page.getByTestId(`test-send-stage-${name}`)).toHaveAttribute("data-status", expected);
  }
}

async function expectDiagnosis(page: Page, cause: string, fix: RegExp) {
  const diagnosis = page.getByTestId("diagnosis");
  await expect(diagnosis).toHaveAttribute("data-cause", cause);
  await expect(diagnosis).toContainText(fix);
  return diagnosis;
}

test("happy path: tested before saving, saved verified, the password never comes back", async ({ page }) => {
  const password = SENDER.password();
  const domain = await fillWizard(page, { domain: "example.com", from: "hello@example.com", shots: "wizard" });
  await expect(page.getByRole("textbox", { name: "Send a test email to" })).toHaveValue("demo@inflowave.test");
  const result = await sendTest(page);
  await expect(result).toHaveAttribute("data-outcome", "sent");
  await expectStages(page);
  const [sent] = await simulatorOutbox();
  expect(sent?.envelope).toEqual({ from: "hello@example.com", to: ["demo@inflowave.test"] });
  await expect(result).toContainText(sent!.messageId);
  await saveScreenshot(page, "wizard-5-test-passed");

  await page.getByRole("button", { name: "Save sending domain" }).click();
  await expect(page).toHaveURL(/\/settings\/email\/[0-9a-f-]{36}/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(domain);
  await expect(page.getByText("Verified").first()).toBeVisible();
  await saveScreenshot(page, "domain-page");

  const row = await db.prisma.sendingDomain.findFirstOrThrow({ where: { domain }, include: { credential: true } });
  expect(row.status).toBe("verified");
  expect(row.credential?.passwordCiphertext).toMatch(/^v1\./);
  expect(row.credential?.passwordCiphertext).not.toContain(password);
  expect(await page.content()).not.toContain(password);
  expect(await db.prisma.testSend.count({ where: { sendingDomainId: row.id } })).toBe(1);
});

test("AWS keys pasted: warned while typing, derived in the browser; a wrong-region password gets 535 diagnosed", async ({
  page,
}) => {
  await fillWizard(page, { password: SENDER.password("eu-west-1") });
  await page
    .getByRole("button", { name: /Back|Credentials/ })
    .first()
    .click();
  await expect(page.getByTestId("wizard-step-4")).toBeVisible();
  const password = page.getByLabel("SMTP password", { exact: true });
  await password.fill(SENDER.secret);
  await expect(page.getByText(/AWS secret access key/).first()).toBeVisible();
  await saveScreenshot(page, "wizard-4-aws-secret-pasted");
  await page.getByRole("button", { name: "Derive the SMTP password" }).click();
  await expect(password).toHaveValue(SENDER.password("us-east-1"));

  await password.fill(SENDER.password("eu-west-1"));
  await page.getByRole("button", { name: "Continue" }).click();
  await sendTest(page);
  await expectStages(page, "auth");
  await expectDiagnosis(page, "auth-failed", /region/);
  await saveScreenshot(page, "wizard-5-535");
});

test("sandbox: an unverified recipient is refused and explained, with the transcript behind a toggle", async ({
  page,
}) => {
  await fillWizard(page);
  const result = await sendTest(page, "stranger@elsewhere.test");
  await expect(result).toHaveAttribute("data-outcome", "failed");
  await expectStages(page, "data");
  await expectDiagnosis(page, "sandbox-unverified-address", /production access|verif/i);
  await page.getByRole("button", { name: "Show the SMTP transcript" }).click();
  const transcript = page.getByTestId("transcript");
  await expect(transcript).toContainText("554");
  await expect(transcript).not.toContainText(SENDER.password());
  await saveScreenshot(page, "wizard-5-sandbox");
});

test("credentials without the sending policy: 554 Access denied, diagnosed", async ({ page }) => {
  await fillWizard(page, { username: WITHOUT_POLICY.username, password: WITHOUT_POLICY.password() });
  await sendTest(page);
  await expectDiagnosis(page, "missing-sending-policy", /AmazonSesSendingAccess|policy/);
  await saveScreenshot(page, "wizard-5-no-policy");
});

test("the sandbox's one message per second: a second test at once is throttled, retry advised", async ({ page }) => {
  // One every five seconds: the same refusal as the sandbox's 1/s, without depending on the
  // second test reaching SES within a second on a busy machine.
  await useScenario({ maxSendRate: 0.2 });
  await fillWizard(page);
  await expect(await sendTest(page)).toHaveAttribute("data-outcome", "sent");
  const again = await sendTest(page);
  await expect(again).toHaveAttribute("data-outcome", "failed");
  await expectDiagnosis(page, "max-send-rate-exceeded", /second|rate/i);
  await saveScreenshot(page, "wizard-5-throttled");
});

test("saving after a failed test asks first and marks the domain as needing attention", async ({ page }) => {
  const domain = await fillWizard(page);
  await sendTest(page, "stranger@elsewhere.test");
  await page.getByRole("button", { name: "Save sending domain" }).click();
  await page.getByRole("button", { name: "Save anyway" }).click();
  await expect(page).toHaveURL(/\/settings\/email\/[0-9a-f-]{36}/);
  await expect(page.getByText("Needs attention").first()).toBeVisible();
  expect((await db.prisma.sendingDomain.findFirstOrThrow({ where: { domain } })).status).toBe("needs_attention");
});

test("bad input is shown beside its field, and nothing is stored", async ({ page }) => {
  await page.goto("/settings/email/new");
  const domain = page.getByRole("textbox", { name: "Sending domain" });
  await domain.fill("bad_domain.com");
  await page.getByRole("textbox", { name: "From address" }).fill("someone@elsewhere.com");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("wizard-step-1")).toBeVisible();
  await expect(domain).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await domain.getAttribute("aria-describedby")) ?? "";
  await expect(page.locator(`[id="${describedBy.split(" ")[0]}"]`)).toContainText(/letters, digits/);
  await saveScreenshot(page, "wizard-1-errors");
  expect(await db.prisma.sendingDomain.count({ where: { domain: { contains: "bad_domain" } } })).toBe(0);
});

test("keyboard only: the whole wizard can be completed without a mouse", async ({ page }) => {
  const domain = uniqueDomain();
  await page.goto("/settings/email/new");
  await tabTo(page, page.getByRole("textbox", { name: "Sending domain" }));
  await page.keyboard.type(domain);
  await page.keyboard.press("Tab");
  await page.keyboard.type(`hello@${domain}`);
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("wizard-step-2")).toBeVisible();
  await tabTo(page, page.getByRole("radio", { name: /US East \(N\. Virginia\)/ }));
  await page.keyboard.press("Space");
  await tabTo(page, page.getByRole("button", { name: "Continue" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("wizard-step-3")).toBeVisible();
  await tabTo(page, page.getByRole("button", { name: "Continue" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("wizard-step-4")).toBeVisible();
  await tabTo(page, page.getByRole("textbox", { name: "SMTP user name" }));
  await page.keyboard.type(SENDER.username);
  await tabTo(page, page.getByLabel("SMTP password", { exact: true }));
  await page.keyboard.type(SENDER.password());
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("wizard-step-5")).toBeVisible();
  await tabTo(page, page.getByRole("button", { name: "Send test email" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("test-send-result")).toHaveAttribute("data-outcome", "sent", { timeout: 20_000 });
  await tabTo(page, page.getByRole("button", { name: "Save sending domain" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings\/email\/[0-9a-f-]{36}/);
  expect((await db.prisma.sendingDomain.findFirstOrThrow({ where: { domain } })).status).toBe("verified");
});

/** Presses Tab until the target has focus: what a keyboard user does, whatever the layout. */
async function tabTo(page: Page, target: Locator, maxPresses = 60) {
  for (let i = 0; i < maxPresses; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Could not reach ${target} with the Tab key`);
}
