// Test doubles for lib/aws: errors shaped the way the AWS SDK really throws them (checked against
// a local server in aws-errors.test.ts), and the secrets that must never show up in anything returned.
import {
  EntityAlreadyExistsException,
  IAMServiceException,
  LimitExceededException as IamLimitExceededException,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import { SESServiceException } from "@aws-sdk/client-ses";
import {
  BadRequestException,
  ConflictException,
  LimitExceededException as SesV2LimitExceededException,
  NotFoundException,
  SESv2ServiceException,
  TooManyRequestsException,
} from "@aws-sdk/client-sesv2";
import { expect } from "vitest";

export const DIAGNOSTICS_KEY_ID = "AKIAIOSFODNN7DIAGNOS";
export const DIAGNOSTICS_SECRET = "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";
export const ADMIN_KEY_ID = "AKIAIOSFODNN7ADMINKY";
export const ADMIN_SECRET = "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";
/** What CreateAccessKey returns in the tests: must only ever leave as the derived password. */
export const CREATED_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
export const CREATED_KEY_ID = "AKIAI44QH8DHBEXAMPLE";
export const SECRETS = [DIAGNOSTICS_SECRET, ADMIN_SECRET, CREATED_SECRET];

export const ACCOUNT_ID = "123456789012";
export const SMTP_KEY_ID = "AKIASIMULATOR0000001";
export const SMTP_USER = "ses-smtp-user.20240101-120000";
export const SMTP_USER_ARN = `arn:aws:iam::${ACCOUNT_ID}:user/${SMTP_USER}`;

// ── Errors, as the SDK throws them ────────────────────────────────────────────────────────────

const metadata = (httpStatusCode: number) => ({ httpStatusCode, requestId: "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE" });

/** A query-protocol error (SES v1, IAM) the SDK has no class for: name and Code are the wire code. */
export function queryError(code: string, message = `${code}: simulated`, status = 403, service: "iam" | "ses" = "iam") {
  const Base = service === "iam" ? IAMServiceException : SESServiceException;
  return Object.assign(new Base({ name: code, $fault: "client", $metadata: metadata(status), message }), {
    Code: code,
    Type: "Sender",
  });
}

/** A query-protocol error the IAM SDK models: named after its class, with the wire code in Code. */
export function iamModelledError(code: "NoSuchEntity" | "EntityAlreadyExists" | "LimitExceeded", message?: string) {
  const text = message ?? `${code}: simulated`;
  const options = { message: text, $metadata: metadata(code === "NoSuchEntity" ? 404 : 409) };
  const error =
    code === "NoSuchEntity"
      ? new NoSuchEntityException(options)
      : code === "EntityAlreadyExists"
        ? new EntityAlreadyExistsException(options)
        : new IamLimitExceededException(options);
  return Object.assign(error, { Code: code, Type: "Sender" });
}

/** A REST-JSON error (SES v2): the name is the error type; modelled ones have their class. */
export function restJsonError(type: string, message = `${type}: simulated`, status = 400) {
  const options = { message, $metadata: metadata(status) };
  switch (type) {
    case "NotFoundException":
      return new NotFoundException(options);
    case "ConflictException":
      return new ConflictException(options);
    case "BadRequestException":
      return new BadRequestException(options);
    case "TooManyRequestsException":
      return new TooManyRequestsException(options);
    case "LimitExceededException":
      return new SesV2LimitExceededException(options);
    default:
      return new SESv2ServiceException({ name: type, $fault: "client", $metadata: metadata(status), message });
  }
}

export const accessDeniedV1 = (action: string) =>
  queryError(
    "AccessDenied",
    `User: arn:aws:iam::${ACCOUNT_ID}:user/diagnostics is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
  );
export const accessDeniedV2 = (action: string) =>
  restJsonError(
    "AccessDeniedException",
    `User: arn:aws:iam::${ACCOUNT_ID}:user/diagnostics is not authorized to perform: ${action}`,
    403,
  );

export function networkError(code: "ECONNREFUSED" | "ENOTFOUND" | "ETIMEDOUT" | "ECONNRESET") {
  return Object.assign(new Error(`connect ${code} email.us-east-1.amazonaws.com`), {
    code,
    errno: -111,
    syscall: "connect",
    $metadata: { attempts: 2 },
  });
}

export function timeoutError() {
  return Object.assign(
    new Error("@smithy/node-http-handler - the request socket did not establish a connection within 3000 ms."),
    { name: "TimeoutError", $metadata: { attempts: 2 } },
  );
}

export function noCredentialsError() {
  return Object.assign(new Error("Could not load credentials from any providers"), {
    name: "CredentialsProviderError",
    tryNextLink: false,
  });
}

// ── Assertions ────────────────────────────────────────────────────────────────────────────────

/** Neither a secret nor a stack trace anywhere in a value, however it is printed. */
export function expectNothingSecret(value: unknown, extraSecrets: readonly string[] = []): void {
  const text = JSON.stringify(value) + String((value as { message?: unknown })?.message ?? "");
  for (const secret of [...SECRETS, ...extraSecrets]) expect(text).not.toContain(secret);
  expect(text).not.toMatch(/\n\s+at\s|\bat [\w.<>]+ \(|node:internal|\.ts:\d+:\d+/);
  expect(text).not.toContain("$metadata");
  expect(text).not.toContain("requestId");
}
