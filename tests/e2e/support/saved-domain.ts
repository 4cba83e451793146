import { expect, type Page } from "@playwright/test";
import { parseKeyring } from "@/lib/crypto/keyring";
import type { Database } from "@/lib/db/client";
import { addSendingDomain } from "@/lib/email-settings/sending-domain-setup";
import { directSmtpRouter } from "@/lib/sending/smtp-routing";
import { sesSmtpSettingsSchema } from "@/lib/ses/credential-checks";
import { ensureDemoAccount } from "@/lib/workspace/context";
import { TEST_ENCRYPTION_KEYS } from "./servers";
import { SENDER } from "./simulator";

/** A saved domain of the demo workspace, stored as the wizard stores it, with its page opened. */
export async function openSavedDomain(db: Database, page: Page, password = SENDER.password()) {
  const domain = `d${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.example.com`;
  const settings = sesSmtpSettingsSchema.parse({
    domain,
    fromAddress: `hello@${domain}`,
    region: "us-east-1",
    host: "",
    port: 587,
    username: SENDER.username,
    password,
  });
  const deps = { prisma: db.prisma, keyring: parseKeyring(TEST_ENCRYPTION_KEYS), route: directSmtpRouter };
  const { sendingDomainId } = await addSendingDomain(deps, await ensureDemoAccount(db.prisma), settings);
  await page.goto(`/settings/email/${sendingDomainId}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(domain);
  return { domain, sendingDomainId };
}
