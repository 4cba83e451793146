"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { NO_MESSAGES, type FieldMessages } from "./field-messages";
import { TextField } from "./form-field";
import { useAnnouncer } from "./live-announcer";
import { TestSendButtons } from "./test-send-buttons";
import { TestSendStatus } from "./test-send-result";
import { useTestSend } from "./use-test-send";

const emailSchema = z.email();

/**
 * "Send another test" on a domain page: the stored credential is used on the server (kind "saved"),
 * the stages show live, and the page refreshes afterwards for the new status and history entry.
 */
export function SendTestEmailForm({
  sendingDomainId,
  defaultTo,
  fromAddress,
  outboxHref,
}: {
  sendingDomainId: string;
  defaultTo: string;
  fromAddress: string;
  outboxHref?: string;
}) {
  const router = useRouter();
  const [to, setTo] = useState(defaultTo);
  const [messages, setMessages] = useState<FieldMessages>(NO_MESSAGES);
  const { announce, region } = useAnnouncer();
  const test = useTestSend();
  const running = test.state.phase === "running";

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const recipient = to.trim();
    if (!emailSchema.safeParse(recipient).success) {
      const message =
        recipient === ""
          ? "Enter the address to send the test email to."
          : "Enter a valid email address for the test, e.g. you@example.com.";
      setMessages({ errors: [{ key: "to", severity: "error", message }], notes: [] });
      announce(message);
      document.getElementById("send-test-to")?.focus();
      return;
    }
    setMessages(NO_MESSAGES);
    const finish = await test.run({ kind: "saved", sendingDomainId, to: recipient });
    if (!finish) return;
    if (finish.phase === "done") {
      announce(
        finish.result.ok
          ? `Test email sent to ${finish.to}.`
          : `The test failed. ${finish.result.diagnosis?.title ?? ""}`,
      );
    } else {
      const toErrors = finish.fieldErrors.to ?? [];
      if (toErrors.length > 0) {
        setMessages({
          errors: toErrors.map((message, index) => ({ key: `server-${index}`, severity: "error", message })),
          notes: [],
        });
      }
      announce(toErrors[0] ?? finish.message);
    }
    // The status badge and the history changed on the server.
    router.refresh();
  }

  return (
    <div className="space-y-5">
      {region}
      <form noValidate onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField
          id="send-test-to"
          className="min-w-0 flex-1"
          label="Send a test email to"
          type="email"
          value={to}
          onChange={(event) => {
            setTo(event.target.value);
            setMessages(NO_MESSAGES);
          }}
          messages={messages}
          autoComplete="email"
          hint={`From ${fromAddress}, with the stored credentials. In the SES sandbox the recipient must be verified too.`}
        />
        <TestSendButtons running={running} label="Send test email" runningLabel="Sending…" onStop={test.stop} />
      </form>
      <TestSendStatus state={test.state} outboxHref={outboxHref} />
    </div>
  );
}
