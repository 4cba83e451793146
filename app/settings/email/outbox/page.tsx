import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge } from "@/components/badge";
import { Breadcrumbs } from "@/components/breadcrumbs";
import { Callout } from "@/components/callout";
import { EmptyState } from "@/components/empty-state";
import { InboxIcon } from "@/components/icons";
import { OutboxMessageList } from "@/components/outbox-message-list";
import { PageHeader } from "@/components/page-header";
import { Section } from "@/components/section";
import { getRuntime } from "@/lib/runtime";
import { readOutbox } from "@/lib/ses-simulator/outbox";
import { readSesSimulatorState } from "@/lib/ses-simulator/state-file";
import { getRequestContext } from "../../_data";

export const metadata: Metadata = {
  title: "Outbox (development)",
};

function Code({ children }: { children: string }) {
  return (
    <code className="rounded-md bg-white/80 px-1.5 py-0.5 font-mono text-[0.8125rem] text-gray-800">{children}</code>
  );
}

// Development only: what the local SES simulator accepted. Production has no simulator, so no page.
export default async function OutboxPage() {
  await getRequestContext();
  const dir = getRuntime().sesSimulatorDir;
  if (!dir) notFound();
  const messages = readOutbox(dir, 100);
  const state = readSesSimulatorState(dir);

  return (
    <>
      <PageHeader
        breadcrumb={<Breadcrumbs items={[{ label: "Email", href: "/settings/email" }, { label: "Outbox" }]} />}
        title="Outbox"
        description={
          <p>
            The emails the local Amazon SES simulator accepted, newest first: test emails and anything else the app sent
            while you develop.
          </p>
        }
      />
      <Callout tone="warning" className="mb-8" title="Development only: this is the local SES simulator">
        <p>
          Connections to Amazon SES SMTP hosts go to the simulator on your machine, so nothing reaches AWS or a real
          inbox.{" "}
          {state
            ? `It is running on ${state.host} (STARTTLS port ${state.starttlsPort}, TLS port ${state.implicitTlsPort}).`
            : "It is not running right now: start it with npm run dev, or npx tsx scripts/ses-simulator.ts."}
        </p>
        <p className="mt-2">
          To try real Amazon SES from this machine, start the app with <Code>INFLOWAVE_SES_SIMULATOR=off</Code>.
          Production never uses the simulator and has no Outbox page.
        </p>
      </Callout>
      <Section
        id="outbox"
        title="Messages"
        meta={messages.length > 0 ? <Badge>{messages.length}</Badge> : undefined}
        description={messages.length >= 100 ? "The latest 100 messages." : undefined}
      >
        {messages.length === 0 ? (
          <EmptyState
            testId="outbox-empty"
            icon={<InboxIcon className="size-6" />}
            title="No messages yet"
            description="Send a test email from a sending domain, and the message the simulator accepts appears here."
          />
        ) : (
          <OutboxMessageList messages={messages} />
        )}
      </Section>
    </>
  );
}
