// Amazon SES's SMTP replies, word for word (see the SES reference, section 4): the app's
// diagnosis matches on these texts, so the simulator must not paraphrase them.

export interface SesReply {
  code: number;
  text: string;
}

export const SES_REPLIES = {
  mustIssueStarttls: { code: 530, text: "Must issue a STARTTLS command first" },
  authenticationRequired: { code: 530, text: "Authentication required" },
  credentialsInvalid: { code: 535, text: "Authentication Credentials Invalid" },
  messageTooLong: { code: 552, text: "Message is too long." },
  maxSendRateExceeded: { code: 454, text: "Throttling failure: Maximum sending rate exceeded." },
  dailyQuotaExceeded: { code: 454, text: "Throttling failure: Daily message quota exceeded." },
  sendingPaused: {
    code: 554,
    text: "Message rejected: Sending paused for this account. For more information, please check the inbox of the email address associated with your AWS account.",
  },
} as const satisfies Record<string, SesReply>;

/** 554 for identities not verified in `region`; SES names the region in capitals. */
export function unverifiedIdentitiesReply(region: string, identities: readonly string[]): SesReply {
  return {
    code: 554,
    text: `Message rejected: Email address is not verified. The following identities failed the check in region ${region.toUpperCase()}: ${identities.join(", ")}`,
  };
}

/** 554 when the SMTP user's IAM policies do not allow ses:SendRawEmail; SES quotes with `…'. */
export function accessDeniedReply(userArn: string, identityArn: string): SesReply {
  return {
    code: 554,
    text: `Access denied: User \`${userArn}' is not authorized to perform \`ses:SendRawEmail' on resource \`${identityArn}'`,
  };
}

/** 250 with the SES message id, e.g. "Ok 01000170d10e6a6c-71c65177-ce88-4135-9258-48c0e8bf916d-000000". */
export function acceptedReply(messageId: string): SesReply {
  return { code: 250, text: `Ok ${messageId}` };
}

/** The Error smtp-server turns into a reply with this code and text. */
export function smtpReplyError(reply: SesReply): Error & { responseCode: number } {
  return Object.assign(new Error(reply.text), { responseCode: reply.code });
}
