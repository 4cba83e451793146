// The email a test send delivers: a short plain-text RFC 5322 message (From, To, Subject, Date,
// Message-ID) built by nodemailer's composer, so headers are encoded the way real sends encode them.

import MailComposer from "nodemailer/lib/mail-composer";

export const DEFAULT_TEST_SUBJECT = "Inflowave test email";

export interface TestMessageInput {
  from: string;
  to: readonly string[];
  subject?: string;
  text?: string;
  /** Where it is sent through, named in the default body: "email-smtp.us-east-1.amazonaws.com:587". */
  via?: string;
  date?: Date;
}

export interface TestMessage {
  /** The message as sent after DATA. */
  raw: Buffer;
  /** The envelope: bare addresses, display names removed. */
  envelope: { from: string; to: string[] };
  /** The Message-ID header we set (SES replaces it with its own; see the result's messageId). */
  messageId: string;
}

export function defaultTestText(via: string | undefined, date: Date): string {
  return [
    "This is a test email from Inflowave.",
    "",
    `It was sent${via ? ` through ${via}` : ""} on ${date.toUTCString()} to check the email settings.`,
    "If you are reading it, sending works. There is nothing else to do.",
    "",
  ].join("\n");
}

export async function buildTestMessage(input: TestMessageInput): Promise<TestMessage> {
  const date = input.date ?? new Date();
  const node = new MailComposer({
    from: input.from,
    to: [...input.to],
    subject: input.subject ?? DEFAULT_TEST_SUBJECT,
    text: input.text ?? defaultTestText(input.via, date),
    date,
    // The body is ours; nothing in it may be read from a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  }).compile();
  const envelope = node.getEnvelope();
  const raw = await node.build();
  return {
    raw,
    envelope: { from: envelope.from === false ? "" : envelope.from, to: envelope.to },
    messageId: node.messageId(),
  };
}
