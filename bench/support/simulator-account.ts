// The simulator's sending user the benchmarks send as (AKIASIMULATOR0000001 in
// ses-simulator/scenario.json), and what a domain saved with it looks like.
import { deriveSmtpPasswordSync } from "../../lib/ses/smtp-password-node";
import type { SeededDomain } from "../../tests/support/app-cluster";

export const REGION = "us-east-1";
export const SMTP_HOST = `email-smtp.${REGION}.amazonaws.com`;
export const SMTP_USERNAME = "AKIASIMULATOR0000001";
export const SMTP_PASSWORD = deriveSmtpPasswordSync("wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIMULATOR1", REGION);

export function simulatorDomain(domain: string, maxSendRate: number): SeededDomain {
  return { domain, region: REGION, username: SMTP_USERNAME, password: SMTP_PASSWORD, maxSendRate };
}
