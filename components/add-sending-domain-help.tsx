import type { ReactNode } from "react";
import { AWS_DOCS } from "@/lib/ses/aws-docs";
import { ExternalLink } from "./external-link";
import { InfoIcon } from "./icons";

export type WizardStepId = "sender" | "region" | "connection" | "credentials" | "test";

/** The IAM permissions the AWS user who creates SMTP credentials in the SES console needs. */
export const REQUIRED_IAM_ACTIONS = [
  "iam:CreateUser",
  "iam:CreateGroup",
  "iam:PutGroupPolicy",
  "iam:AddUserToGroup",
  "iam:CreateAccessKey",
] as const;

function Code({ children }: { children: ReactNode }) {
  return (
    <code className="rounded-md bg-gray-100 px-1.5 py-0.5 font-mono text-[0.8125rem] break-words text-gray-800">
      {children}
    </code>
  );
}

/** What the person needs from AWS before the wizard can succeed: the old "before you start" page, condensed. */
export function BeforeYouStart() {
  const items: { title: string; body: ReactNode }[] = [
    {
      title: "Amazon SES in one AWS region",
      body: "Pick the region you send from and use it for everything: identities, credentials and sending limits belong to one region.",
    },
    {
      title: "Your domain verified in that region",
      body: (
        <>
          SES console → Identities → Create identity.{" "}
          <ExternalLink href={AWS_DOCS.verifyIdentities.url}>How</ExternalLink>
        </>
      ),
    },
    {
      title: "SMTP credentials for that region",
      body: (
        <>
          SES console → SMTP settings → Create SMTP credentials. They are not your AWS access key and secret key.{" "}
          <ExternalLink href={AWS_DOCS.smtpCredentials.url}>How</ExternalLink>
          <span className="mt-1 block">
            Inflowave connects to <Code>email-smtp.&lt;region&gt;.amazonaws.com</Code>, port 587 with STARTTLS.
          </span>
        </>
      ),
    },
    {
      title: "Production access, or a plan for the sandbox",
      body: (
        <>
          New accounts can send only to verified addresses, 200 emails a day, 1 per second.{" "}
          <ExternalLink href={AWS_DOCS.productionAccess.url}>Request access</ExternalLink>
        </>
      ),
    },
  ];
  return (
    <ol className="space-y-4">
      {items.map((item, index) => (
        <li key={item.title} className="flex gap-3">
          <span
            aria-hidden="true"
            className="flex size-6 shrink-0 items-center justify-center rounded-full bg-indigo-50 text-xs font-semibold text-indigo-700 ring-1 ring-indigo-600/15"
          >
            {index + 1}
          </span>
          <div className="min-w-0 text-sm/6">
            <p className="font-medium text-gray-900">{item.title}</p>
            <p className="text-gray-600">{item.body}</p>
          </div>
        </li>
      ))}
    </ol>
  );
}

/** Help for the step on screen, in the words of Inflowave's SES guide (so the guide is no longer needed). */
export function StepHelp({ step, region }: { step: WizardStepId; region: string }) {
  const where = region || "your region";
  switch (step) {
    case "sender":
      return (
        <HelpBody title="About the sender" link={AWS_DOCS.verifyIdentities}>
          <p>
            Amazon SES only sends from identities you have verified. Verify the whole domain (recommended): it covers
            every address at it and at its subdomains.
          </p>
          <p>
            The From address must be at this domain or a subdomain: <Code>news@mail.example.com</Code> works for{" "}
            <Code>example.com</Code>.
          </p>
        </HelpBody>
      );
    case "region":
      return (
        <HelpBody title="Choosing the region" link={AWS_DOCS.endpointsAndQuotas}>
          <p>
            Everything in SES belongs to one region: verified identities, SMTP credentials, the sandbox and your sending
            limits. Choose the region where you verified your domain and created the SMTP credentials.
          </p>
          <p>The SES console shows its region in the top-right corner.</p>
        </HelpBody>
      );
    case "connection":
      return (
        <HelpBody title="Which port?" link={AWS_DOCS.smtpConnect}>
          <p>
            <strong className="font-semibold text-gray-900">587</strong> works almost everywhere. If your network blocks
            it, <strong className="font-semibold text-gray-900">2587</strong> does the same job.
          </p>
          <p>
            Port 25 is throttled on Amazon EC2 and most clouds, so tests often time out there. The encryption follows
            from the port: you never set it by hand.
          </p>
        </HelpBody>
      );
    case "credentials":
      return (
        <HelpBody title="Creating SMTP credentials" link={AWS_DOCS.smtpCredentials}>
          <ol className="list-decimal space-y-1.5 pl-5 marker:text-gray-400">
            <li>
              Open the SES console and switch to <Code>{where}</Code> (top right).
            </li>
            <li>SMTP settings → Create SMTP credentials. AWS opens IAM.</li>
            <li>
              Keep the suggested user name, or use one like <Code>ses-smtp-inflowave</Code>, then Create user.
            </li>
            <li>Show the password (or download the .csv) and copy the user name and password here.</li>
          </ol>
          <p>Your AWS user needs these permissions to create them:</p>
          <ul className="flex flex-wrap gap-1.5">
            {REQUIRED_IAM_ACTIONS.map((action) => (
              <li key={action}>
                <Code>{action}</Code>
              </li>
            ))}
          </ul>
        </HelpBody>
      );
    case "test":
      return (
        <HelpBody title="The SES sandbox" link={AWS_DOCS.productionAccess}>
          <p>
            Until AWS grants production access, SES sends only to verified addresses, at most 200 emails per 24 hours
            and 1 per second. Send the test to an address you verified in SES, or request production access.
          </p>
          <p>Sending costs about $0.10 per 1,000 emails, billed by AWS.</p>
        </HelpBody>
      );
  }
}

function HelpBody({
  title,
  link,
  children,
}: {
  title: string;
  link: { title: string; url: string };
  children: ReactNode;
}) {
  return (
    <div>
      <h2 className="flex items-center gap-2 text-sm font-semibold text-gray-900">
        <InfoIcon className="size-4 text-indigo-500" />
        {title}
      </h2>
      <div className="mt-2 space-y-2 text-sm/6 text-gray-600">{children}</div>
      <p className="mt-3 text-sm">
        <ExternalLink href={link.url}>{link.title}</ExternalLink>
      </p>
    </div>
  );
}
