// Turns whatever an AWS SDK call threw into a problem a settings page can show: what failed,
// which permission the key lacks, what to do. The SDK names errors differently per protocol
// (SES v1 and IAM speak the query protocol, "AccessDenied"; SES v2 speaks REST-JSON,
// "AccessDeniedException"), and network and credential failures are plain Node errors, so all
// of them are recognised here. The raw SDK text never reaches the message except, trimmed and
// scrubbed, AWS's explanation of a rejected value.

export const AWS_PROBLEM_KINDS = [
  "access-denied",
  "invalid-key",
  "wrong-secret",
  "expired-token",
  "throttled",
  "not-found",
  "already-exists",
  "limit-exceeded",
  "conflict",
  "invalid-input",
  "no-credentials",
  "unreachable",
  "unknown",
] as const;

export type AwsProblemKind = (typeof AWS_PROBLEM_KINDS)[number];

export interface AwsProblem {
  kind: AwsProblemKind;
  /** The action that failed, as IAM names it: "ses:GetAccount". */
  action: string;
  /** Plain words for a settings page: what failed, which permission is missing, what to do. */
  message: string;
}

export interface DescribeAwsErrorOptions {
  /** Whose key made the call, as the start of a sentence. Default "The diagnostics key". */
  key?: string;
  /** Where a missing action goes. Default "its IAM policy (see the policy below)". */
  policyHint?: string;
}

// Error names per kind, both protocols' spellings (the SDK names a modelled query error after its
// class, "NoSuchEntityException", and keeps the wire code, "NoSuchEntity", in `Code`).
const KIND_BY_CODE: Readonly<Record<string, AwsProblemKind>> = {
  AccessDenied: "access-denied",
  AccessDeniedException: "access-denied",
  UnauthorizedOperation: "access-denied",
  NotAuthorized: "access-denied",
  InvalidClientTokenId: "invalid-key",
  UnrecognizedClientException: "invalid-key",
  InvalidAccessKeyId: "invalid-key",
  MissingAuthenticationToken: "invalid-key",
  MissingAuthenticationTokenException: "invalid-key",
  SignatureDoesNotMatch: "wrong-secret",
  InvalidSignatureException: "wrong-secret",
  ExpiredToken: "expired-token",
  ExpiredTokenException: "expired-token",
  TokenRefreshRequired: "expired-token",
  Throttling: "throttled",
  ThrottlingException: "throttled",
  TooManyRequestsException: "throttled",
  RequestLimitExceeded: "throttled",
  NoSuchEntity: "not-found",
  NoSuchEntityException: "not-found",
  NotFoundException: "not-found",
  EntityAlreadyExists: "already-exists",
  EntityAlreadyExistsException: "already-exists",
  AlreadyExistsException: "already-exists",
  LimitExceeded: "limit-exceeded",
  LimitExceededException: "limit-exceeded",
  ConflictException: "conflict",
  ConcurrentModification: "conflict",
  ConcurrentModificationException: "conflict",
  DeleteConflict: "conflict",
  DeleteConflictException: "conflict",
  BadRequestException: "invalid-input",
  InvalidInput: "invalid-input",
  InvalidInputException: "invalid-input",
  ValidationError: "invalid-input",
  ValidationException: "invalid-input",
  InvalidParameterValue: "invalid-input",
  MalformedPolicyDocument: "invalid-input",
  MalformedPolicyDocumentException: "invalid-input",
  CredentialsProviderError: "no-credentials",
  TimeoutError: "unreachable",
  RequestTimeout: "unreachable",
  RequestTimeoutException: "unreachable",
};

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "the connection was refused",
  ENOTFOUND: "the AWS endpoint's name could not be found (DNS)",
  EAI_AGAIN: "the AWS endpoint's name could not be looked up (DNS did not answer)",
  ETIMEDOUT: "AWS did not answer in time",
  ECONNRESET: "the connection was cut",
  EPIPE: "the connection was cut",
  EHOSTUNREACH: "the network has no route to AWS",
  ENETUNREACH: "the network has no route to AWS",
  ECONNABORTED: "the connection was cut",
  CERT_HAS_EXPIRED: "the endpoint's TLS certificate could not be trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the endpoint's TLS certificate could not be trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "the endpoint's TLS certificate could not be trusted (a proxy inspecting HTTPS?)",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the endpoint's TLS certificate could not be trusted (a proxy inspecting HTTPS?)",
  ERR_TLS_CERT_ALTNAME_INVALID: "the endpoint's TLS certificate is for another name",
};

interface ErrorFacts {
  name?: string;
  code?: string;
  networkCode?: string;
  message?: string;
  fault?: string;
  status?: number;
  /** Looks like an error from an AWS answer (the SDK adds $metadata, $fault, Code). */
  fromAws: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

const asString = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

function readFacts(error: unknown): ErrorFacts {
  if (!isRecord(error)) return { message: asString(error), fromAws: false };
  const metadata = isRecord(error.$metadata) ? error.$metadata : undefined;
  const code = asString(error.code);
  // Node reports a failed multi-address connect as an AggregateError; the first error has the code.
  const inner = Array.isArray(error.errors) && isRecord(error.errors[0]) ? asString(error.errors[0].code) : undefined;
  const networkCode = [code, inner].find((value) => value !== undefined && value in NETWORK_REASONS);
  return {
    name: asString(error.name),
    code: asString(error.Code),
    networkCode,
    message: asString(error.message),
    fault: asString(error.$fault),
    status: typeof metadata?.httpStatusCode === "number" ? metadata.httpStatusCode : undefined,
    fromAws: typeof metadata?.httpStatusCode === "number" || "$fault" in error || "Code" in error,
  };
}

/** The AWS error code behind an SDK error ("NoSuchEntity", "AccessDeniedException"), if any. */
export function awsErrorCode(error: unknown): string | undefined {
  const facts = readFacts(error);
  return facts.code ?? facts.name;
}

/** Which kind of problem an error is, without the wording. */
export function classifyAwsError(error: unknown): AwsProblemKind {
  const facts = readFacts(error);
  if (facts.networkCode) return "unreachable";
  for (const candidate of [facts.code, facts.name]) {
    const kind = candidate ? KIND_BY_CODE[candidate] : undefined;
    if (kind) return kind;
  }
  return "unknown";
}

/** True when the error is AWS saying the thing asked about does not exist. */
export function isAwsNotFound(error: unknown): boolean {
  return classifyAwsError(error) === "not-found";
}

/** Kinds that say the key itself is unusable: every other call made with it would fail the same way. */
export const KEY_PROBLEM_KINDS: readonly AwsProblemKind[] = [
  "invalid-key",
  "wrong-secret",
  "expired-token",
  "no-credentials",
];

/**
 * What went wrong with `action`, in words for a settings page. Never throws, never includes a
 * stack, an SDK dump or a secret.
 */
export function describeAwsError(error: unknown, action: string, options: DescribeAwsErrorOptions = {}): AwsProblem {
  const kind = classifyAwsError(error);
  return { kind, action, message: wordProblem(kind, action, readFacts(error), options) };
}

function wordProblem(
  kind: AwsProblemKind,
  action: string,
  facts: ErrorFacts,
  options: DescribeAwsErrorOptions,
): string {
  const key = options.key ?? "The diagnostics key";
  const keyInSentence = lowerFirst(key);
  const policyHint = options.policyHint ?? "its IAM policy (see the policy below)";
  switch (kind) {
    case "access-denied":
      return accessDeniedMessage(key, action, policyHint, facts.message ?? "");
    case "invalid-key":
      return (
        `AWS does not recognise the access key id of ${keyInSentence} (${action} was refused). ` +
        "Check that you copied the whole access key id (20 characters, starting AKIA), and that the key " +
        "has not been deleted or made inactive in the IAM console."
      );
    case "wrong-secret":
      return (
        `The secret access key does not belong with the access key id of ${keyInSentence} (${action} was refused). ` +
        "Paste the secret again (40 characters, no spaces); if you no longer have it, create a new access key " +
        "in the IAM console."
      );
    case "expired-token":
      return (
        `${key} is a temporary session whose token has expired (${action} was refused). ` +
        "Use a long-term access key (starting AKIA), or sign in again for fresh temporary credentials."
      );
    case "throttled": {
      const limit = action.startsWith("ses:") ? " (SES allows about one request a second for account calls)" : "";
      return `AWS is limiting how often ${action} may be called${limit}. Wait a few seconds and try again.`;
    }
    case "not-found":
      return `AWS found nothing by that name when calling ${action}: the user, group or identity does not exist here.`;
    case "already-exists":
      return `${action} failed because something by that name already exists in this AWS account.`;
    case "limit-exceeded":
      return (
        `AWS refused ${action} because an AWS limit was reached (for example, an IAM user can have at most ` +
        "two access keys). Remove something unused in the IAM console and try again."
      );
    case "conflict":
      return `${action} clashes with another change in progress on this AWS account. Wait a minute and try again.`;
    case "invalid-input": {
      const said = scrubAwsMessage(facts.message);
      return `AWS rejected the values sent with ${action}${said ? `: ${said}` : "."}`;
    }
    case "no-credentials":
      return (
        `This server has no AWS credentials of its own to call ${action} with (no AWS_ACCESS_KEY_ID, profile or instance role). ` +
        "Connect with an access key made for Inflowave instead."
      );
    case "unreachable": {
      const reason = facts.networkCode ? NETWORK_REASONS[facts.networkCode] : "AWS did not answer in time";
      return `Could not reach AWS to call ${action}: ${reason}. Check this server's internet connection and try again.`;
    }
    case "unknown": {
      const serverSide = facts.fault === "server" || (facts.status !== undefined && facts.status >= 500);
      if (serverSide) return `AWS had a problem answering ${action}. This is usually temporary: try again in a minute.`;
      const code = facts.code ?? facts.name;
      if (!facts.fromAws || !code || !/^[A-Za-z][A-Za-z0-9.]{1,63}$/.test(code)) {
        return `${action} failed for an unexpected reason. Try again in a moment.`;
      }
      return `${action} failed (AWS error ${code}). Try again; if it keeps failing, check the key's permissions in the IAM console.`;
    }
  }
}

function accessDeniedMessage(key: string, action: string, policyHint: string, awsMessage: string): string {
  const denied = `${key} is not allowed to call ${action}.`;
  if (/explicit deny/i.test(awsMessage)) {
    const where = /service control polic/i.test(awsMessage)
      ? "a service control policy of your AWS organization"
      : /permissions boundary/i.test(awsMessage)
        ? "the key's permissions boundary"
        : "a Deny statement in one of its policies";
    return `${denied} It is blocked by ${where}, so adding the action will not help until that Deny is removed.`;
  }
  return `${denied} Add that action to ${policyHint}.`;
}

const lowerFirst = (text: string) => (text.startsWith("The ") ? `the ${text.slice(4)}` : text);

/** AWS's own sentence about a rejected value, made safe to show: one line, short, no key material. */
function scrubAwsMessage(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const line = message
    .split(/\r?\n/)[0]!
    .replace(/[A-Za-z0-9/+]{40,}/g, "[redacted]")
    .trim();
  if (line === "") return undefined;
  const short = line.length > 300 ? `${line.slice(0, 300)}…` : line;
  return /[.!?…]$/.test(short) ? short : `${short}.`;
}
