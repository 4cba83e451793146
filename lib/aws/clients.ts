// The AWS SDK clients the account checks and actions use, built one way everywhere: short
// timeouts and one retry, so a settings page never waits long on AWS, and a key that is read only
// when a request is signed. Endpoints are never set here: the SDK reads AWS_ENDPOINT_URL_SES,
// AWS_ENDPOINT_URL_SESV2 and AWS_ENDPOINT_URL_IAM itself, which is how development and the tests
// point it at the local simulator.
import { IAMClient } from "@aws-sdk/client-iam";
import { SESClient } from "@aws-sdk/client-ses";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import type { Secret } from "../crypto/secret";

/** An AWS access key. The secret stays wrapped until the SDK signs a request with it. */
export interface AwsKey {
  accessKeyId: string;
  secretAccessKey: Secret;
}

export interface AwsClients {
  /** SES API v1 (query protocol): GetSendQuota, GetAccountSendingEnabled, GetIdentityVerificationAttributes. */
  ses: SESClient;
  /** SES API v2 (REST-JSON): GetAccount, GetEmailIdentity, PutAccountDetails. */
  sesv2: SESv2Client;
  /** IAM, which is global: see iamSigningRegion. */
  iam: IAMClient;
}

/** How long a page may wait on AWS: one retry, 3 s to connect, 8 s for an answer. */
export const AWS_CLIENT_LIMITS = {
  maxAttempts: 2,
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 8_000,
} as const;

const REGION_CODE = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/**
 * The region IAM requests are signed for. IAM has one endpoint per partition, signed for
 * us-east-1 in the commercial partition. Without an endpoint override the SDK works this out from
 * any region; with AWS_ENDPOINT_URL_IAM set it signs for the client's own region instead, so the
 * IAM client is always built with this region and both cases sign the way IAM expects.
 */
export function iamSigningRegion(region: string): string {
  if (region.startsWith("us-gov-")) return "us-gov-west-1";
  if (region.startsWith("cn-")) return "cn-north-1";
  return "us-east-1";
}

/**
 * SES clients for `region` and an IAM client, all signing with `key`, or with the SDK's default
 * credential chain (environment, shared files, instance role) when no key is given.
 */
export function createAwsClients(region: string, key?: AwsKey): AwsClients {
  if (!REGION_CODE.test(region)) {
    throw new Error(`Cannot create AWS clients for "${region.slice(0, 40)}": it is not an AWS region code.`);
  }
  const shared = {
    maxAttempts: AWS_CLIENT_LIMITS.maxAttempts,
    requestHandler: {
      connectionTimeout: AWS_CLIENT_LIMITS.connectionTimeoutMs,
      requestTimeout: AWS_CLIENT_LIMITS.requestTimeoutMs,
      // Without this the SDK only logs a warning when requestTimeout passes, and keeps waiting.
      throwOnRequestTimeout: true,
    },
    ...(key ? { credentials: keyProvider(key) } : {}),
  };
  return {
    ses: new SESClient({ ...shared, region }),
    sesv2: new SESv2Client({ ...shared, region }),
    iam: new IAMClient({ ...shared, region: iamSigningRegion(region) }),
  };
}

// A provider rather than the values: the plaintext secret is not kept on the client's config,
// where inspecting or logging a client would show it.
function keyProvider(key: AwsKey) {
  const accessKeyId = key.accessKeyId.trim();
  return async () => ({ accessKeyId, secretAccessKey: key.secretAccessKey.reveal().trim() });
}
