// Every known reason an SES SMTP attempt fails, one entry per cause: how to recognise it (reply
// text, Node/nodemailer error codes, AWS SDK error names, a bare reply code) and what to tell the
// customer. SES gives one reply for many causes (535, 554 …), so `diagnose` picks the entry here and
// then sharpens it with what it knows about the settings; that part is code, in diagnose.ts and the
// explain-*.ts modules.
// Browser-safe: no Node imports.

import { AWS_DOCS, type DocLink } from "./aws-docs";
import { REGIONS_WITHOUT_SMTP_IN_WORDS, SES_PORTS_SENTENCE, TLS_MODE_BY_PORT_SENTENCE } from "./diagnosis-wording";

/** The stable list of causes. Other parts of the app and their checks rely on these strings. */
export const DIAGNOSIS_CAUSES = [
  "auth-failed",
  "aws-secret-key-as-password",
  "legacy-sigv2-credentials",
  "temporary-credentials",
  "account-not-subscribed",
  "sandbox-unverified-address",
  "missing-sending-policy",
  "max-send-rate-exceeded",
  "daily-quota-exceeded",
  "account-sending-paused",
  "configuration-set-missing",
  "message-too-large",
  "invalid-address",
  "starttls-required",
  "auth-required",
  "tls-mode-mismatch",
  "tls-certificate-error",
  "endpoint-not-found",
  "connection-refused",
  "connection-timeout",
  "too-many-connections",
  "temporary-service-failure",
  "iam-console-permissions-missing",
  "unknown",
] as const;

export type DiagnosisCause = (typeof DIAGNOSIS_CAUSES)[number];

/** The step of an SMTP session (or the AWS API) a failure happened at. */
export const SMTP_STAGES = [
  "dns",
  "connect",
  "tls",
  "greeting",
  "ehlo",
  "starttls",
  "auth",
  "mail-from",
  "rcpt-to",
  "data",
  "api",
  "unknown",
] as const;

export type SmtpStage = (typeof SMTP_STAGES)[number];

/** How a stage reads in a sentence: "while signing in (AUTH)". */
export const SMTP_STAGE_LABELS: Readonly<Record<SmtpStage, string>> = {
  dns: "looking up the server's address (DNS)",
  connect: "connecting to the server",
  tls: "setting up encryption (TLS)",
  greeting: "waiting for the server's greeting",
  ehlo: "introducing the client (EHLO)",
  starttls: "switching to encryption (STARTTLS)",
  auth: "signing in (AUTH)",
  "mail-from": "giving the sender address (MAIL FROM)",
  "rcpt-to": "giving a recipient address (RCPT TO)",
  data: "sending the message (DATA)",
  api: "calling the AWS API",
  unknown: "an unknown step",
};

export interface CauseMatchers {
  /** Patterns for the reply or error text. Checked before anything else, in table order. */
  readonly text?: readonly RegExp[];
  /** AWS SDK error names, without a trailing "Exception" (SDK v3 adds it, the wire name lacks it). */
  readonly sdkErrors?: readonly string[];
  /** A reply code that means this cause on its own, when no text pattern matched. */
  readonly replyCodes?: readonly number[];
  /** Node or nodemailer error codes (`err.code`, `err.originalCode`, `err.cause.code`). */
  readonly errorCodes?: readonly string[];
}

export interface CauseEntry {
  readonly cause: DiagnosisCause;
  readonly title: string;
  readonly summary: string;
  /** Likely reasons, most likely first, before anything is known about the settings. */
  readonly reasons: readonly string[];
  readonly fixSteps: readonly string[];
  readonly links: readonly DocLink[];
  /** Whether retrying the very same send can succeed (a throttle can; a bad password cannot). */
  readonly retryable: boolean;
  readonly severity: "error" | "warning";
  /** Where this cause usually strikes, used when nothing in the error says. */
  readonly stage?: SmtpStage;
  readonly match: CauseMatchers;
}

// Reasons the explanations (explain-credential-failures.ts) rank by name.
export const AUTH_FAILED_REASONS = {
  wrongRegion:
    "The credentials were created for a different AWS region. SMTP credentials only work in the region they were created for.",
  awsKeys:
    "The AWS access key and secret access key were entered instead of SMTP credentials. They look alike, but the SMTP password is a different value.",
  whitespace: "A space or line break was copied along with the user name or password.",
  keyInactive: "The access key behind the credentials was deleted or deactivated in IAM.",
  userDeleted: "The IAM user the credentials belong to was deleted.",
} as const;

// Reasons the explanations (explain-sending-failures.ts) rank by name.
export const UNVERIFIED_REASONS = {
  sandbox:
    "The account is still in the SES sandbox in this region and the recipient isn't verified. In the sandbox, SES only delivers to verified addresses and domains.",
  fromRegion:
    "The From address (or its domain) isn't verified in this region. Identities are verified per region: verifying in one region doesn't cover another.",
} as const;

/**
 * In matching order: the first entry whose text pattern matches wins, so narrow wording (an IAM
 * action, "Signature Version 2") comes before the broad replies it shares a code with.
 */
export const CAUSE_TABLE: readonly CauseEntry[] = [
  {
    cause: "iam-console-permissions-missing",
    title: "Your AWS user can't create SMTP credentials",
    summary:
      "AWS stopped because your own AWS user isn't allowed to create the IAM user, group and access key that SMTP credentials are made of.",
    reasons: [
      "Your AWS sign-in lacks one of the five permissions the SES console needs to create SMTP credentials: iam:CreateUser, iam:CreateGroup, iam:PutGroupPolicy, iam:AddUserToGroup and iam:CreateAccessKey.",
      "Older versions of the console also needed iam:ListUsers and iam:PutUserPolicy.",
      "An organization policy (SCP) or a permissions boundary stops your user from creating IAM users.",
    ],
    fixSteps: [
      "Ask an AWS administrator to give your user iam:CreateUser, iam:CreateGroup, iam:PutGroupPolicy, iam:AddUserToGroup and iam:CreateAccessKey.",
      "Then try again: SES console → SMTP settings → Create SMTP credentials.",
      "Or ask the administrator to create the SMTP credentials and pass you the SMTP user name and password securely.",
    ],
    links: [AWS_DOCS.smtpCredentials, AWS_DOCS.iamAccessDenied, AWS_DOCS.credentialTypes],
    retryable: false,
    severity: "error",
    stage: "api",
    match: { text: [/not authorized to perform:?\s*[`'"]?iam:/i] },
  },
  {
    cause: "missing-sending-policy",
    title: "The SMTP user isn't allowed to send with SES",
    summary:
      "SES refused the message because the IAM user behind the SMTP credentials has no permission to send (ses:SendRawEmail) for this identity.",
    reasons: [
      "The IAM user has no sending policy. SMTP users created in the SES console get the policy AmazonSesSendingAccess through the group AWSSESSendingGroupDoNotRename; an IAM user created by hand has none.",
      "The policy's Resource is limited to one identity (or leaves out the configuration set), so sending from another address or domain is refused.",
      "A Condition in the policy (such as ses:FromAddress) doesn't match this message.",
      "An organization policy (SCP) or a permissions boundary denies SES sending.",
    ],
    fixSteps: [
      'IAM console → User groups → AWSSESSendingGroupDoNotRename (create it if it\'s missing) → add a policy named AmazonSesSendingAccess that allows "ses:SendRawEmail" on Resource "*".',
      "IAM console → Users → the SMTP user → Add to groups → AWSSESSendingGroupDoNotRename.",
      "If you limit the Resource, list every identity you send from (arn:aws:ses:<region>:<account>:identity/<domain>) and every configuration set you use.",
      "Check the result with the IAM policy simulator: action ses:SendRawEmail on the identity's ARN.",
    ],
    links: [AWS_DOCS.smtpCredentials, AWS_DOCS.sendingAuthorization, AWS_DOCS.iamAccessDenied],
    retryable: false,
    severity: "error",
    stage: "data",
    match: {
      text: [
        /not authorized to perform:?\s*[`'"]?ses:/i,
        /\b554[ -](?:5\.\d{1,3}\.\d{1,3}\s+)?Access denied/i,
        /is not authorized to perform/i,
      ],
      sdkErrors: ["AccessDenied", "NotAuthorized"],
    },
  },
  {
    cause: "legacy-sigv2-credentials",
    title: "These SMTP credentials use the retired Signature Version 2 format",
    summary:
      "SES no longer accepts SMTP passwords made with Signature Version 2, the format of SMTP credentials created before January 2019. They need replacing with Signature Version 4 credentials.",
    reasons: [
      "The SMTP credentials were created before 10 January 2019, when SES used Signature Version 2. SES has been rejecting these since March 2021.",
      "A script or tool derived the SMTP password with the old Version 2 algorithm (such passwords start with “A”).",
    ],
    fixSteps: [
      "Create new SMTP credentials: SES console → (pick your region) → SMTP settings → Create SMTP credentials.",
      "Or, if you have the IAM user's secret access key, let Inflowave derive a Signature Version 4 SMTP password for your region.",
      "Then delete the old credentials: IAM console → Users → the old SMTP user → Security credentials → Access keys.",
    ],
    links: [AWS_DOCS.smtpCredentials, AWS_DOCS.smtpTroubleshooting],
    retryable: false,
    severity: "error",
    stage: "auth",
    match: { text: [/Signature Version 2\b/i, /\bSigV2\b/i] },
  },
  {
    cause: "account-not-subscribed",
    title: "This AWS account isn't set up for SES",
    summary:
      "SES answered “Account not subscribed to SES”: the AWS account these credentials belong to hasn't signed up for SES, or its sign-up isn't finished.",
    reasons: [
      "The AWS account is new and is still being activated.",
      "The credentials belong to a different AWS account from the one where SES is set up.",
      "The account's payment method or identity check isn't complete, so AWS hasn't activated its services.",
    ],
    fixSteps: [
      "Open the SES console in the region you send from and finish any set-up it asks for.",
      "If the AWS account is new, wait for AWS's activation email, then try again.",
      "Check the SMTP credentials were created in the same AWS account as your SES identities.",
    ],
    links: [AWS_DOCS.smtpTroubleshooting, AWS_DOCS.smtpCredentials, AWS_DOCS.credentialTypes],
    retryable: false,
    severity: "error",
    stage: "auth",
    match: {
      text: [/not subscribed to (?:Amazon )?SES/i, /needs a subscription for the service/i, /\bOptInRequired\b/],
      sdkErrors: ["OptInRequired", "SubscriptionRequired"],
    },
  },
  {
    cause: "temporary-credentials",
    title: "Temporary AWS keys can't be used for SES SMTP",
    summary:
      "The user name starts with ASIA, the mark of a temporary (STS) access key from a role or a sign-in session. SES SMTP only accepts credentials made from a permanent IAM user access key (starting with AKIA).",
    reasons: [
      "The access key came from an assumed role, AWS IAM Identity Center (SSO), CloudShell or an EC2 instance role. Such keys expire, and SES SMTP doesn't accept them.",
      "The session the key belonged to has expired.",
    ],
    fixSteps: [
      "Create SMTP credentials for an IAM user: SES console → SMTP settings → Create SMTP credentials.",
      "Enter the SMTP user name (it starts with AKIA) and the SMTP password from that download.",
    ],
    links: [AWS_DOCS.smtpCredentials, AWS_DOCS.credentialTypes],
    retryable: false,
    severity: "error",
    stage: "auth",
    match: {
      text: [/security token included in the request is expired/i],
      sdkErrors: ["ExpiredToken"],
    },
  },
  {
    cause: "starttls-required",
    title: "SES needs an encrypted connection before you sign in",
    summary:
      "SES answered “Must issue a STARTTLS command first”: the client tried to sign in or send over an unencrypted connection, and SES requires encryption on every connection.",
    reasons: [
      "Encryption (STARTTLS) is turned off on a port that needs it: ports 25, 587 and 2587 start unencrypted and switch with STARTTLS.",
      "The client uses STARTTLS only when it's offered, and a proxy or firewall in between removed the offer.",
    ],
    fixSteps: [
      "Set encryption to STARTTLS for port 587 (in nodemailer: secure: false, requireTLS: true).",
      "Or use port 465 with TLS from the start (in nodemailer: secure: true).",
    ],
    links: [AWS_DOCS.smtpConnect, AWS_DOCS.securityProtocols],
    retryable: false,
    severity: "error",
    stage: "auth",
    match: {
      text: [/Must issue a STARTTLS command first/i, /Encryption required for requested authentication mechanism/i],
      replyCodes: [538],
    },
  },
  {
    cause: "auth-required",
    title: "The client didn't sign in to SES",
    summary:
      "SES answered “Authentication required”: the client tried to send without first signing in with the SMTP user name and password.",
    reasons: [
      "SMTP authentication is turned off, or the user name or password is empty, in the sending settings.",
      "A mail relay (such as Postfix) forwards to SES without SES's SMTP credentials configured.",
      "The client skipped signing in because it didn't recognise the sign-in methods SES offers (PLAIN and LOGIN).",
    ],
    fixSteps: [
      "Turn on SMTP authentication and enter the SMTP user name and password (method LOGIN or PLAIN).",
      "For a relay such as Postfix, configure SES's SMTP credentials for the relay host (smtp_sasl_auth_enable and smtp_sasl_password_maps).",
    ],
    links: [AWS_DOCS.smtpConnect, AWS_DOCS.smtpCredentials],
    retryable: false,
    severity: "error",
    stage: "mail-from",
    match: {
      text: [/\bAuthentication required\b/i, /Missing credentials for/i],
      replyCodes: [530],
    },
  },
  {
    cause: "temporary-service-failure",
    title: "SES had a temporary problem, so try again",
    summary:
      "SES couldn't handle the request just now. The problem is on SES's side or was a passing glitch, and retrying usually works.",
    reasons: [
      "A temporary problem inside SES.",
      "SES couldn't check the credentials at that moment (“Temporary authentication failure”).",
      "The connection sat idle too long and SES closed it (“Timeout waiting for data from client”).",
    ],
    fixSteps: [
      "Retry, waiting longer each time: 5 seconds, 10 seconds, 30 seconds, then 20 minutes (AWS's advice).",
      "If it keeps happening, check the AWS Health Dashboard for SES in your region.",
      "If “Temporary authentication failure” keeps coming back, check that the access key is still active in IAM.",
    ],
    links: [AWS_DOCS.smtpTroubleshooting, AWS_DOCS.smtpConnect],
    retryable: true,
    severity: "warning",
    match: {
      text: [
        /Temporary (?:service|authentication) failure/i,
        /Timeout waiting for data from client/i,
        /\bService (?:is )?(?:temporarily )?unavailable\b/i,
      ],
      sdkErrors: ["ServiceUnavailable", "InternalFailure", "InternalError"],
      replyCodes: [421, 451, 454],
    },
  },
  {
    cause: "daily-quota-exceeded",
    title: "The 24-hour sending quota is used up",
    summary:
      "SES won't send more until earlier messages drop out of its rolling 24-hour window. The quota is per region, and in the sandbox it is 200 messages per 24 hours.",
    reasons: [
      "As many messages were sent in the last 24 hours as the quota allows (200 in the sandbox).",
      "Another app using the same AWS account and region used up the quota.",
    ],
    fixSteps: [
      "Wait and retry later: the quota is a rolling 24-hour window, so room comes back as messages sent a day ago age out.",
      "Check the quota and usage: SES console → Account dashboard → Sending quota.",
      "To send more: request production access if you're in the sandbox (SES console → Account dashboard → Request production access), or ask for a higher quota in Service Quotas → Amazon SES.",
    ],
    links: [AWS_DOCS.sendingQuotaErrors, AWS_DOCS.serviceQuotas, AWS_DOCS.productionAccess],
    retryable: true,
    severity: "error",
    stage: "data",
    match: { text: [/Daily message quota exceeded/i] },
  },
  {
    cause: "max-send-rate-exceeded",
    title: "Sending faster than SES allows",
    summary:
      "SES turned the message away because more messages per second were sent than the account's maximum send rate. Nothing is misconfigured: slow down and retry.",
    reasons: [
      "More messages per second than the account's maximum send rate in this region (1 per second in the sandbox).",
      "Several apps or servers share this AWS account and region and send at the same time.",
      "A burst: a campaign or a retry loop sending everything at once.",
    ],
    fixSteps: [
      "Retry the message after a short wait (5 seconds, then 10, then 30).",
      "Keep Inflowave's sending rate at or below the maximum send rate shown in SES console → Account dashboard → Sending quota.",
      "To send faster: request production access if you're in the sandbox, or ask for a higher rate in Service Quotas → Amazon SES.",
    ],
    links: [AWS_DOCS.sendingQuotaErrors, AWS_DOCS.serviceQuotas, AWS_DOCS.productionAccess],
    retryable: true,
    severity: "warning",
    stage: "data",
    match: {
      text: [/Maximum sending rate exceeded/i, /Throttling failure/i, /\bRate exceeded\b/i],
      sdkErrors: ["Throttling", "TooManyRequests", "RequestLimitExceeded", "Throttled"],
    },
  },
  {
    cause: "too-many-connections",
    title: "Too many open connections to SES",
    summary: "SES turned a connection away because too many were open at once. Open fewer connections and retry.",
    reasons: [
      "More connections in parallel than SES accepts.",
      "Connections are left open after sending (a connection pool that never closes them).",
      "One connection was used for too many messages, so SES closed it (“Maximum message count per session reached”).",
    ],
    fixSteps: [
      "Open fewer connections in parallel (in a nodemailer pool: a lower maxConnections).",
      "Close or renew connections after a batch of messages (in a nodemailer pool: maxMessages).",
      "Retry after a short wait.",
    ],
    links: [AWS_DOCS.smtpTroubleshooting, AWS_DOCS.smtpConnect],
    retryable: true,
    severity: "warning",
    stage: "greeting",
    match: {
      text: [
        /Too many concurrent SMTP connections/i,
        /Maximum message count per session/i,
        /too many (?:open |concurrent )?connections/i,
      ],
    },
  },
  {
    cause: "account-sending-paused",
    title: "AWS has paused sending for this account",
    summary:
      "SES has paused (or suspended) sending for the AWS account in this region, usually because of high bounce or complaint rates. No message goes out until AWS lifts it.",
    reasons: [
      "The bounce or complaint rate went over AWS's limits, and AWS paused sending after a review period.",
      "AWS suspended the account over a policy concern (suspended is more serious than paused).",
      "Someone on your team switched sending off for the account or for a configuration set.",
    ],
    fixSteps: [
      "Read AWS's message: it went to the email address of your AWS account.",
      "SES console → Account dashboard → Reputation metrics: see the account's status and what AWS asks you to fix.",
      "Fix the cause (remove addresses that bounce or never engage), then reply to AWS's case to ask for a review.",
    ],
    links: [AWS_DOCS.accountStatus, AWS_DOCS.smtpTroubleshooting],
    retryable: false,
    severity: "error",
    stage: "data",
    match: {
      text: [
        /Sending (?:paused|suspended) for this account/i,
        /sending for the account is paused/i,
        /sending for the configuration set .{1,80}? is paused/i,
      ],
      sdkErrors: ["AccountSendingPaused", "AccountSuspended", "SendingPaused", "ConfigurationSetSendingPaused"],
    },
  },
  {
    cause: "configuration-set-missing",
    title: "The configuration set named for this message doesn't exist",
    summary:
      "The message asks SES to use a configuration set that doesn't exist in this region, so SES refused it. Configuration sets are per region.",
    reasons: [
      "The X-SES-CONFIGURATION-SET header names a set that doesn't exist in this region.",
      "The sending identity's default configuration set was deleted.",
      "The name has a typo or different capitalisation.",
    ],
    fixSteps: [
      "SES console → (the region you send from) → Configuration sets → Create set, with exactly this name.",
      "Or remove the configuration set from Inflowave's sending settings (the X-SES-CONFIGURATION-SET header).",
      "Or SES console → Identities → your domain → Configuration set: change or clear the default set.",
    ],
    links: [AWS_DOCS.configurationSets, AWS_DOCS.smtpTroubleshooting],
    retryable: false,
    severity: "error",
    stage: "data",
    match: {
      text: [/Configuration set .{0,80}?does not exist/i],
      sdkErrors: ["ConfigurationSetDoesNotExist"],
    },
  },
  {
    cause: "sandbox-unverified-address",
    title: "An address isn't verified in this SES region",
    summary:
      "SES refused the message because an address isn't verified. SES uses the same words for two different problems: a recipient that isn't verified while the account is in the sandbox, and a From address that isn't verified in this region.",
    reasons: [UNVERIFIED_REASONS.sandbox, UNVERIFIED_REASONS.fromRegion],
    fixSteps: [
      "Verify the From address or its domain in the region you send from: SES console → (pick the region) → Identities → Create identity.",
      "To send to anyone, request production access: SES console → Account dashboard → Request production access.",
      "While in the sandbox, send tests to a verified address or to SES's mailbox simulator (success@simulator.amazonses.com).",
    ],
    links: [AWS_DOCS.verifyIdentities, AWS_DOCS.productionAccess, AWS_DOCS.endpointsAndQuotas],
    retryable: false,
    severity: "error",
    stage: "data",
    match: {
      text: [/Email address is not verified/i, /identities failed the check/i],
      sdkErrors: ["MailFromDomainNotVerified", "FromEmailAddressNotVerified", "ProductionAccessNotGranted"],
    },
  },
  {
    cause: "message-too-large",
    title: "The message is too big for SES",
    summary:
      "SES accepts messages up to 40 MB over SMTP, measured after encoding, and this message is bigger. Attachments grow by about a third when encoded for email.",
    reasons: [
      "Large attachments: a 30 MB file is about 40 MB once encoded for email.",
      "The email library refused it first: SES's greeting announces a 10 MB size (SIZE 10485760), and some libraries, nodemailer among them, stop there.",
    ],
    fixSteps: [
      "Link to large files instead of attaching them.",
      "Compress or resize images and attachments.",
      "Split large files over several messages.",
    ],
    links: [AWS_DOCS.serviceQuotas, AWS_DOCS.smtpTroubleshooting],
    retryable: false,
    severity: "error",
    stage: "data",
    match: {
      text: [
        /Message is too long/i,
        /Message size larger than allowed/i,
        /Message length is more than \d+ bytes/i,
        /message (?:size )?exceeds (?:the )?(?:maximum|fixed)/i,
      ],
      replyCodes: [552],
    },
  },
  {
    cause: "invalid-address",
    title: "An email address isn't valid",
    summary: "SES refused an address it couldn't read as a valid email address.",
    reasons: [
      "The address is missing its @domain part, or the domain is incomplete.",
      "The address contains a space, a line break or another invisible character, often from copying and pasting.",
      "The address contains non-ASCII characters, which SES doesn't accept in the address itself.",
      "A display name with commas or special characters isn't in quotes, so it's read as part of the address.",
    ],
    fixSteps: [
      "Check the From and To addresses for typos, spaces and hidden characters.",
      'Write addresses as name@example.com or "Name" <name@example.com>.',
      "Remove addresses that aren't valid from the list before sending.",
    ],
    links: [AWS_DOCS.smtpTroubleshooting, AWS_DOCS.verifyIdentities],
    retryable: false,
    severity: "error",
    match: {
      text: [
        /Invalid (?:MAIL FROM |RCPT TO |email )?address/i,
        /address unknown/i,
        /Missing final '@domain'/i,
        /Local address contains control or whitespace/i,
        /Invalid (?:recipient|sender)\s+"/i,
        /\bIllegal address\b/i,
        /Domain (?:name )?contains (?:illegal|control)/i,
        /No recipients defined/i,
      ],
      replyCodes: [553],
    },
  },
  {
    cause: "tls-certificate-error",
    title: "The server's certificate couldn't be trusted",
    summary:
      "The encrypted connection was stopped because the certificate presented wasn't valid for SES. SES's own certificates are valid, so the cause is usually something between you and SES, the host name, or this computer's settings.",
    reasons: [
      "A proxy, firewall or antivirus on the network intercepts encrypted connections and presents its own certificate.",
      "The host is an IP address or an alias of your own instead of email-smtp.<region>.amazonaws.com, so the certificate's name doesn't match.",
      "This computer's clock is wrong, which makes a valid certificate look expired or not yet valid.",
      "This computer's list of trusted certificate authorities is out of date.",
    ],
    fixSteps: [
      "Use the host name email-smtp.<region>.amazonaws.com exactly, not an IP address or an alias.",
      "Check this computer's date and time.",
      "Ask your network administrator to exempt email-smtp.*.amazonaws.com from TLS inspection.",
      "Don't turn certificate checks off: that would hand the SMTP password to whoever is intercepting.",
    ],
    links: [AWS_DOCS.smtpConnect, AWS_DOCS.securityProtocols],
    retryable: false,
    severity: "error",
    stage: "tls",
    match: {
      text: [
        /certificate has expired/i,
        /certificate is not yet valid/i,
        /self[- ]signed certificate/i,
        /unable to verify the first certificate/i,
        /unable to get (?:local )?issuer certificate/i,
        /does not match certificate's altnames/i,
        /\b(?:CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|UNABLE_TO_VERIFY_LEAF_SIGNATURE|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT(?:_LOCALLY)?|ERR_TLS_CERT_ALTNAME_INVALID|CERT_UNTRUSTED)\b/,
      ],
      errorCodes: [
        "CERT_HAS_EXPIRED",
        "CERT_NOT_YET_VALID",
        "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
        "DEPTH_ZERO_SELF_SIGNED_CERT",
        "SELF_SIGNED_CERT_IN_CHAIN",
        "UNABLE_TO_GET_ISSUER_CERT",
        "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
        "ERR_TLS_CERT_ALTNAME_INVALID",
        "CERT_UNTRUSTED",
        "CERT_SIGNATURE_FAILURE",
      ],
    },
  },
  {
    cause: "tls-mode-mismatch",
    title: "The encryption setting doesn't match the port",
    summary: `The client and SES disagree on how to start encryption. ${TLS_MODE_BY_PORT_SENTENCE}`,
    reasons: [
      "“SSL/TLS” (in nodemailer, secure: true) is turned on for port 587, 2587 or 25, which expect STARTTLS.",
      "STARTTLS or no encryption is chosen for port 465 or 2465, which expect TLS from the start, so the client waits for a greeting that never comes.",
      "A proxy or firewall in between handles the connection differently from SES.",
    ],
    fixSteps: [
      "Use port 587 with STARTTLS (recommended; in nodemailer: secure: false, requireTLS: true).",
      "Or use port 465 with TLS from the start (in nodemailer: secure: true).",
      "Ports 2587 and 2465 work like 587 and 465, for networks that block those.",
    ],
    links: [AWS_DOCS.smtpConnect, AWS_DOCS.securityProtocols],
    retryable: false,
    severity: "error",
    stage: "tls",
    match: {
      text: [
        /wrong version number/i,
        /\bERR_SSL_WRONG_VERSION_NUMBER\b/,
        /unknown protocol/i,
        /packet length too long/i,
        /\bssl3_get_record\b/i,
        /Greeting never received/i,
      ],
      errorCodes: ["ERR_SSL_WRONG_VERSION_NUMBER", "ERR_SSL_UNKNOWN_PROTOCOL", "ERR_SSL_PACKET_LENGTH_TOO_LONG"],
    },
  },
  {
    cause: "auth-failed",
    title: "SES didn't accept the SMTP user name and password",
    summary:
      "SES refused the sign-in. It gives this one answer for every kind of credential problem, so the likely reasons are listed below, most likely first.",
    reasons: [
      AUTH_FAILED_REASONS.wrongRegion,
      AUTH_FAILED_REASONS.awsKeys,
      AUTH_FAILED_REASONS.whitespace,
      AUTH_FAILED_REASONS.keyInactive,
      AUTH_FAILED_REASONS.userDeleted,
    ],
    fixSteps: [
      "Check the region: the host must be email-smtp.<region>.amazonaws.com for the region the credentials were created in.",
      "Enter the user name and password again, copied from the credentials download (.csv), with no spaces before or after.",
      "Check that the access key is active: IAM console → Users → the SMTP user → Security credentials → Access keys.",
      "If in doubt, create new credentials: SES console → (pick your region) → SMTP settings → Create SMTP credentials.",
    ],
    links: [AWS_DOCS.smtpCredentials, AWS_DOCS.credentialTypes, AWS_DOCS.smtpTroubleshooting, AWS_DOCS.iamAccessKeys],
    retryable: false,
    severity: "error",
    stage: "auth",
    match: {
      text: [
        /Authentication Credentials Invalid/i,
        /security token included in the request is invalid/i,
        /request signature we calculated does not match/i,
        /Username and Password not accepted/i,
        /\bInvalid login\b/i,
        /\bAuthentication (?:failed|unsuccessful)\b/i,
      ],
      sdkErrors: [
        "InvalidClientTokenId",
        "SignatureDoesNotMatch",
        "UnrecognizedClient",
        "InvalidAccessKeyId",
        "IncompleteSignature",
        "AuthFailure",
      ],
      replyCodes: [535],
      errorCodes: ["EAUTH"],
    },
  },
  {
    cause: "endpoint-not-found",
    title: "The SES SMTP server name doesn't exist",
    summary: "The host name couldn't be found (DNS), so there was no server to connect to.",
    reasons: [
      `The region has no SES SMTP endpoint: ${REGIONS_WITHOUT_SMTP_IN_WORDS} are reported to have none.`,
      "The placeholder in email-smtp.YOUR-REGION.amazonaws.com wasn't replaced with a real region such as us-east-1.",
      "A typo in the host name or the region (for example eu-west1 instead of eu-west-1).",
      "This server can't look names up right now (no internet access or DNS trouble).",
    ],
    fixSteps: [
      "Use email-smtp.<region>.amazonaws.com with the region your SES identities are in, for example email-smtp.eu-west-1.amazonaws.com.",
      "Check AWS's list of SES endpoints for the region. If it has no SMTP endpoint, set SES up in a nearby region that does.",
      "Test the name from the sending server: nslookup email-smtp.<region>.amazonaws.com",
    ],
    links: [AWS_DOCS.endpointsAndQuotas, AWS_DOCS.smtpConnect],
    retryable: false,
    severity: "error",
    stage: "dns",
    match: {
      text: [
        /\b(?:ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)\b/,
        /\bgetaddrinfo\b/i,
        /\bNXDOMAIN\b/i,
        /Name or service not known/i,
        /nodename nor servname/i,
        /No address associated with hostname/i,
        /Could not resolve host/i,
        /Inaccessible host/i,
      ],
      sdkErrors: ["UnknownEndpoint"],
      errorCodes: ["ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_FAIL", "EAI_NODATA", "EDNS"],
    },
  },
  {
    cause: "connection-refused",
    title: "The connection to SES was refused",
    summary: `Something refused the connection on this host and port. ${SES_PORTS_SENTENCE}`,
    reasons: [
      "The port isn't one SES listens on.",
      "The host isn't an SES SMTP endpoint (it should be email-smtp.<region>.amazonaws.com).",
      "A firewall, proxy or security group on your side rejects outgoing connections on this port.",
    ],
    fixSteps: [
      "Use host email-smtp.<region>.amazonaws.com and port 587 (or 2587, 465, 2465).",
      "Check firewall and security-group rules for outgoing connections to that port.",
    ],
    links: [AWS_DOCS.smtpConnect, AWS_DOCS.endpointsAndQuotas],
    retryable: false,
    severity: "error",
    stage: "connect",
    match: { text: [/\bECONNREFUSED\b/, /Connection refused/i], errorCodes: ["ECONNREFUSED"] },
  },
  {
    cause: "connection-timeout",
    title: "Couldn't reach SES: the connection timed out",
    summary:
      "The connection to SES didn't complete, or SES's answer never arrived, in the time allowed. This usually means a port is blocked on the way out.",
    reasons: [
      "The hosting provider or a firewall blocks outgoing mail ports. Many clouds block or throttle port 25; Amazon EC2 throttles it by default.",
      "A company firewall or proxy drops connections to mail ports.",
      "The connection was cut part-way: a firewall closing it, or a network MTU problem (AWS suggests an MTU of 1500).",
    ],
    fixSteps: [
      "Try port 587 or 2587 (STARTTLS); if both are blocked, 465 or 2465 (TLS).",
      "Test from the sending server: openssl s_client -connect email-smtp.<region>.amazonaws.com:465",
      "Ask your hosting provider whether outgoing mail ports are blocked.",
    ],
    links: [AWS_DOCS.smtpConnect, AWS_DOCS.smtpTroubleshooting],
    retryable: false,
    severity: "error",
    stage: "connect",
    match: {
      text: [
        /\bETIMEDOUT\b/,
        /\bECONNRESET\b/,
        /Connection (?:timeout|timed out)/i,
        /\btimed out\b/i,
        /socket hang up/i,
        /Connection reset/i,
        /Connection closed unexpectedly/i,
        /\b(?:EHOSTUNREACH|ENETUNREACH)\b/,
        /No route to host/i,
        /Network is unreachable/i,
        /execution expired/i,
        /\bno (?:SMTP )?banner\b/i,
      ],
      errorCodes: [
        "ETIMEDOUT",
        "ECONNRESET",
        "EHOSTUNREACH",
        "ENETUNREACH",
        "ECONNABORTED",
        "EPIPE",
        "ESOCKETTIMEDOUT",
      ],
    },
  },
  {
    // Never matched from the reply (SES says only 535): chosen in diagnose.ts from the password's shape.
    cause: "aws-secret-key-as-password",
    title: "You pasted your AWS secret access key, not the SMTP password",
    summary:
      "The password is 40 characters long, the shape of an AWS secret access key. SES SMTP needs the SMTP password instead: 44 characters, made from the secret key for one region.",
    reasons: [
      "The password field holds an AWS secret access key (40 characters). SMTP passwords are 44 characters and start with “B”.",
      "AWS access keys and SMTP credentials look alike, and many guides call both “credentials”.",
    ],
    fixSteps: [
      "Let Inflowave derive the SMTP password from this secret access key for your region (AWS documents how). The key's IAM user also needs permission to send (ses:SendRawEmail).",
      "Or create SMTP credentials: SES console → SMTP settings → Create SMTP credentials, and copy the SMTP user name and password from the download.",
      "The user name stays the access key ID (it starts with AKIA).",
    ],
    links: [AWS_DOCS.smtpCredentials, AWS_DOCS.credentialTypes],
    retryable: false,
    severity: "error",
    stage: "auth",
    match: {},
  },
  {
    cause: "unknown",
    title: "SES replied with something we don't recognise",
    summary: "This error doesn't match any cause Inflowave knows. The raw reply is shown as it came.",
    reasons: ["This reply isn't one of the SES errors Inflowave knows how to explain."],
    fixSteps: [
      "Read the raw reply and note the step it happened at.",
      "Look the reply up in AWS's list of SES SMTP responses.",
      "Try again. If it keeps happening, send the raw reply to Inflowave support.",
    ],
    links: [AWS_DOCS.smtpTroubleshooting, AWS_DOCS.smtpConnect],
    retryable: false,
    severity: "error",
    match: {},
  },
];

function indexByCause(table: readonly CauseEntry[]): Readonly<Record<DiagnosisCause, CauseEntry>> {
  const byCause: Partial<Record<DiagnosisCause, CauseEntry>> = {};
  for (const entry of table) byCause[entry.cause] = entry;
  for (const cause of DIAGNOSIS_CAUSES) {
    if (!byCause[cause]) throw new Error(`lib/ses/causes.ts has no entry for "${cause}"`);
  }
  return byCause as Record<DiagnosisCause, CauseEntry>;
}

/** The entry for each cause. */
export const CAUSES: Readonly<Record<DiagnosisCause, CauseEntry>> = indexByCause(CAUSE_TABLE);
