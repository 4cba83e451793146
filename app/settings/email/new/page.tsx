import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { Button, ButtonLink } from "@/components/button";
import { Card } from "@/components/card";
import { ExternalLink } from "@/components/external-link";
import { CheckIcon, InfoIcon, ServerIcon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";

export const metadata: Metadata = {
  title: "Add a sending domain",
};

const SMTP_CREDENTIALS_DOCS = "https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html";
const PRODUCTION_ACCESS_DOCS = "https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html";

const REQUIRED_IAM_ACTIONS = [
  "iam:CreateUser",
  "iam:CreateGroup",
  "iam:PutGroupPolicy",
  "iam:AddUserToGroup",
  "iam:CreateAccessKey",
] as const;

// No database access: this page is static until the guided setup (which will save data) arrives.
export default function NewSendingDomainPage() {
  return (
    <>
      <PageHeader
        breadcrumb={
          <Breadcrumbs items={[{ label: "Email", href: "/settings/email" }, { label: "Add a sending domain" }]} />
        }
        title="Add a sending domain"
        description={
          <p>
            Connect a domain to your own Amazon SES account. Before you start, make sure you have everything below
            ready: most of it is done once, in the AWS console.
          </p>
        }
      />

      <div className="grid gap-8 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-8">
          <fieldset>
            <legend className="text-base font-semibold text-gray-900">Provider</legend>
            <p className="mt-1 text-sm text-gray-600">How Inflowave hands your email to be delivered.</p>
            <label className="mt-4 flex cursor-default gap-4 rounded-xl border-2 border-indigo-600 bg-white p-4 shadow-xs has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600 sm:p-5">
              <input
                type="radio"
                name="provider"
                value="ses_smtp"
                defaultChecked
                aria-describedby="provider-ses-smtp-description"
                className="sr-only"
              />
              <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600">
                <ServerIcon className="size-5" />
              </span>
              <span className="min-w-0 flex-1">
                <span className="block text-sm font-semibold text-gray-900">Custom SMTP — Amazon SES</span>
                <span id="provider-ses-smtp-description" className="mt-1 block text-sm text-gray-600">
                  Inflowave sends through Amazon SES&rsquo;s SMTP interface with credentials from your AWS account.
                  About $0.10 per 1,000 emails, billed by AWS.
                </span>
              </span>
              <span
                aria-hidden="true"
                className="flex size-5 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-white"
              >
                <CheckIcon className="size-3.5" strokeWidth={3} />
              </span>
            </label>
          </fieldset>

          <section aria-labelledby="checklist-heading">
            <h2 id="checklist-heading" className="text-base font-semibold text-gray-900">
              Before you start
            </h2>
            <p className="mt-1 text-sm text-gray-600">What you need from AWS to connect a domain.</p>
            <Card className="mt-4">
              <ol className="divide-y divide-gray-100">
                <ChecklistItem step={1} title="An AWS account with Amazon SES in the region you’ll send from">
                  <p>
                    Pick one region, such as <Code>us-east-1</Code> or <Code>eu-west-1</Code>, and use it for everything
                    below: SES identities, credentials and sending limits all belong to a single region.
                  </p>
                </ChecklistItem>

                <ChecklistItem step={2} title="SMTP credentials for that region">
                  <p>
                    In the Amazon SES console, go to{" "}
                    <span className="font-medium text-gray-900">SMTP settings → Create SMTP credentials</span>.
                  </p>
                  <ul className="mt-3 list-disc space-y-1.5 pl-5 marker:text-gray-400">
                    <li>SMTP credentials work only in the region where you create them.</li>
                    <li>
                      They are <strong className="font-semibold text-gray-900">not</strong> your AWS access key ID and
                      secret access key, although they look similar. Inflowave needs the SMTP user name and SMTP
                      password.
                    </li>
                    <li>
                      AWS shows the SMTP password only once. Keep it somewhere safe: if you lose it, delete the IAM user
                      and create the credentials again.
                    </li>
                  </ul>
                  <p className="mt-3">
                    <ExternalLink href={SMTP_CREDENTIALS_DOCS}>Obtaining Amazon SES SMTP credentials</ExternalLink>
                  </p>
                </ChecklistItem>

                <ChecklistItem step={3} title="Permission to create them">
                  <p>The IAM user who creates the SMTP credentials needs these permissions:</p>
                  <ul className="mt-3 flex flex-wrap gap-2">
                    {REQUIRED_IAM_ACTIONS.map((action) => (
                      <li key={action}>
                        <Code>{action}</Code>
                      </li>
                    ))}
                  </ul>
                </ChecklistItem>

                <ChecklistItem step={4} title="Production access, or a plan for the sandbox">
                  <p>
                    New SES accounts start in the sandbox: you can send only to verified recipients, at most 200 emails
                    per 24 hours and 1 email per second. Request production access before you send to your customers.
                  </p>
                  <p className="mt-3">
                    <ExternalLink href={PRODUCTION_ACCESS_DOCS}>Request production access</ExternalLink>
                  </p>
                </ChecklistItem>

                <ChecklistItem step={5} title="The SMTP server for your region">
                  <p>
                    Host <Code>email-smtp.&lt;region&gt;.amazonaws.com</Code>, port <Code>587</Code> with STARTTLS.
                  </p>
                </ChecklistItem>
              </ol>
            </Card>
          </section>

          <div className="flex flex-col gap-4 rounded-xl border border-gray-200 bg-white p-4 shadow-xs sm:flex-row sm:items-center sm:justify-between sm:p-5">
            <p id="continue-note" className="flex gap-2.5 text-sm text-gray-600">
              <InfoIcon className="mt-0.5 size-5 shrink-0 text-indigo-500" />
              <span>
                Guided setup is arriving in the next release. Until then, get the items above ready so connecting your
                domain takes a couple of minutes.
              </span>
            </p>
            <div className="flex shrink-0 items-center gap-3">
              <ButtonLink href="/settings/email" variant="secondary">
                Back to Email
              </ButtonLink>
              <Button disabled aria-describedby="continue-note">
                Continue
              </Button>
            </div>
          </div>
        </div>

        {/* A desktop-only summary: narrower screens already have the same facts in the checklist. */}
        <aside aria-labelledby="smtp-settings-heading" className="hidden min-w-0 xl:block">
          <Card className="p-5 xl:sticky xl:top-24">
            <h2 id="smtp-settings-heading" className="text-sm font-semibold text-gray-900">
              Amazon SES SMTP settings
            </h2>
            <dl className="mt-4 space-y-4 text-sm">
              <SettingRow label="Host">
                <code className="font-mono text-xs text-gray-800">email-smtp.&lt;region&gt;.amazonaws.com</code>
                <span className="mt-1 block text-xs text-gray-500">
                  e.g. <span className="font-mono">email-smtp.us-east-1.amazonaws.com</span>
                </span>
              </SettingRow>
              <SettingRow label="Port">
                <Code>587</Code>
              </SettingRow>
              <SettingRow label="Encryption">STARTTLS</SettingRow>
              <SettingRow label="User name and password">Your SES SMTP credentials, not your AWS access key</SettingRow>
              <SettingRow label="Sandbox limits">
                200 emails per 24 hours, 1 per second, verified recipients only
              </SettingRow>
            </dl>
          </Card>
        </aside>
      </div>
    </>
  );
}

function ChecklistItem({ step, title, children }: { step: number; title: string; children: ReactNode }) {
  return (
    <li className="flex gap-4 p-4 sm:p-5">
      <span
        aria-hidden="true"
        className="flex size-7 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-xs font-semibold text-indigo-700 ring-1 ring-indigo-600/15"
      >
        {step}
      </span>
      <div className="min-w-0 flex-1">
        <h3 className="text-sm font-semibold text-gray-900">{title}</h3>
        <div className="mt-1.5 text-sm/6 text-gray-600">{children}</div>
      </div>
    </li>
  );
}

function SettingRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium tracking-wide text-gray-500 uppercase">{label}</dt>
      <dd className="mt-1 text-gray-700">{children}</dd>
    </div>
  );
}

function Code({ children }: { children: ReactNode }) {
  return (
    <code className="rounded-md bg-gray-100 px-1.5 py-0.5 font-mono text-[0.8125rem] break-words text-gray-800">
      {children}
    </code>
  );
}
