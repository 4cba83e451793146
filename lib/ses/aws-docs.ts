// The official AWS pages a person is sent to. The first five are the ones Inflowave's own SES
// guide lists; keep titles as AWS titles them so a search finds them if a URL moves.
export interface DocLink {
  title: string;
  url: string;
}

export const AWS_DOCS = {
  smtpCredentials: {
    title: "Obtaining Amazon SES SMTP credentials",
    url: "https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html",
  },
  endpointsAndQuotas: {
    title: "Amazon Simple Email Service endpoints and quotas",
    url: "https://docs.aws.amazon.com/general/latest/gr/ses.html",
  },
  productionAccess: {
    title: "Request production access (moving out of the Amazon SES sandbox)",
    url: "https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html",
  },
  serviceQuotas: {
    title: "Service quotas in Amazon SES",
    url: "https://docs.aws.amazon.com/ses/latest/dg/quotas.html",
  },
  credentialTypes: {
    title: "Types of Amazon SES credentials",
    url: "https://docs.aws.amazon.com/ses/latest/dg/send-email-concepts-credentials.html",
  },
  smtpConnect: {
    title: "Connecting to an Amazon SES SMTP endpoint",
    url: "https://docs.aws.amazon.com/ses/latest/dg/smtp-connect.html",
  },
  smtpTroubleshooting: {
    title: "Amazon SES SMTP issues",
    url: "https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-smtp.html",
  },
  smtpResponseCodes: {
    title: "SMTP response codes returned by Amazon SES",
    url: "https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-smtp.html",
  },
  sendingQuotaErrors: {
    title: "Errors related to sending quotas for Amazon SES",
    url: "https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas-errors.html",
  },
  verifyIdentities: {
    title: "Verified identities in Amazon SES",
    url: "https://docs.aws.amazon.com/ses/latest/dg/verify-addresses-and-domains.html",
  },
  sendingAuthorization: {
    title: "Controlling access to Amazon SES (IAM policies)",
    url: "https://docs.aws.amazon.com/ses/latest/dg/control-user-access.html",
  },
  accountStatus: {
    title: "Amazon SES sending review and enforcement (account status)",
    url: "https://docs.aws.amazon.com/ses/latest/dg/monitor-sender-reputation.html",
  },
  configurationSets: {
    title: "Using configuration sets in Amazon SES",
    url: "https://docs.aws.amazon.com/ses/latest/dg/using-configuration-sets.html",
  },
  securityProtocols: {
    title: "Amazon SES and security protocols",
    url: "https://docs.aws.amazon.com/ses/latest/dg/security-protocols.html",
  },
  iamAccessDenied: {
    title: "Troubleshoot access denied error messages",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html",
  },
  iamAccessKeys: {
    title: "Manage access keys for IAM users",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
  },
} as const satisfies Record<string, DocLink>;
