import http from "node:http";
import type { AddressInfo } from "node:net";
import { GetUserCommand } from "@aws-sdk/client-iam";
import { GetSendQuotaCommand } from "@aws-sdk/client-ses";
import { GetAccountCommand } from "@aws-sdk/client-sesv2";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  AWS_PROBLEM_KINDS,
  type AwsProblemKind,
  awsErrorCode,
  classifyAwsError,
  describeAwsError,
} from "@/lib/aws/aws-errors";
import { createAwsClients } from "@/lib/aws/clients";
import { Secret } from "@/lib/crypto/secret";
import {
  accessDeniedV1,
  expectNothingSecret,
  iamModelledError,
  networkError,
  noCredentialsError,
  queryError,
  restJsonError,
  timeoutError,
} from "./fakes";

describe("describeAwsError on the query protocol (SES v1, IAM)", () => {
  it.each<[string, AwsProblemKind]>([
    ["AccessDenied", "access-denied"],
    ["InvalidClientTokenId", "invalid-key"],
    ["SignatureDoesNotMatch", "wrong-secret"],
    ["Throttling", "throttled"],
    ["ExpiredToken", "expired-token"],
    ["InvalidInput", "invalid-input"],
    ["ServiceFailure", "unknown"],
  ])("%s is %s", (code, kind) => {
    const problem = describeAwsError(queryError(code), "ses:GetSendQuota");
    expect(problem).toMatchObject({ kind, action: "ses:GetSendQuota" });
    expectNothingSecret(problem);
  });

  it.each<["NoSuchEntity" | "EntityAlreadyExists" | "LimitExceeded", AwsProblemKind]>([
    ["NoSuchEntity", "not-found"],
    ["EntityAlreadyExists", "already-exists"],
    ["LimitExceeded", "limit-exceeded"],
  ])("the modelled %s (NoSuchEntityException …) is %s", (code, kind) => {
    expect(describeAwsError(iamModelledError(code), "iam:GetUser").kind).toBe(kind);
  });

  it("reads the wire code when the name is the class name", () => {
    expect(awsErrorCode(iamModelledError("NoSuchEntity"))).toBe("NoSuchEntity");
    expect(awsErrorCode(restJsonError("NotFoundException"))).toBe("NotFoundException");
  });
});

describe("describeAwsError on REST-JSON (SES v2)", () => {
  it.each<[string, AwsProblemKind]>([
    ["AccessDeniedException", "access-denied"],
    ["UnrecognizedClientException", "invalid-key"],
    ["InvalidSignatureException", "wrong-secret"],
    ["TooManyRequestsException", "throttled"],
    ["NotFoundException", "not-found"],
    ["ConflictException", "conflict"],
    ["BadRequestException", "invalid-input"],
    ["LimitExceededException", "limit-exceeded"],
    ["ExpiredTokenException", "expired-token"],
  ])("%s is %s", (type, kind) => {
    expect(describeAwsError(restJsonError(type), "ses:GetAccount").kind).toBe(kind);
  });
});

describe("describeAwsError outside AWS's answers", () => {
  it("says there are no credentials when the default chain found none", () => {
    const problem = describeAwsError(noCredentialsError(), "ses:GetAccount");
    expect(problem.kind).toBe("no-credentials");
    expect(problem.message).toMatch(/no AWS credentials of its own/);
  });

  it.each([
    ["ECONNREFUSED", /connection was refused/],
    ["ENOTFOUND", /could not be found \(DNS\)/],
    ["ETIMEDOUT", /did not answer in time/],
    ["ECONNRESET", /connection was cut/],
  ] as const)("%s is unreachable, in words", (code, words) => {
    const problem = describeAwsError(networkError(code), "ses:GetAccount");
    expect(problem.kind).toBe("unreachable");
    expect(problem.message).toMatch(words);
    expect(problem.message).not.toContain("email.us-east-1.amazonaws.com");
  });

  it("reads the code of a multi-address connect failure (AggregateError)", () => {
    const aggregate = Object.assign(new AggregateError([networkError("ECONNREFUSED")], "connect failed"), {});
    expect(classifyAwsError(aggregate)).toBe("unreachable");
  });

  it("treats the SDK's TimeoutError as unreachable", () => {
    expect(describeAwsError(timeoutError(), "iam:GetUser")).toMatchObject({
      kind: "unreachable",
      message: expect.stringMatching(/did not answer in time/),
    });
  });

  it("says AWS had a problem for server faults, and names unknown codes", () => {
    const server = Object.assign(queryError("InternalFailure", "boom", 500), { $fault: "server" });
    expect(describeAwsError(server, "ses:GetAccount").message).toMatch(/AWS had a problem answering ses:GetAccount/);
    expect(describeAwsError(queryError("OptInRequired"), "ses:GetAccount").message).toContain(
      "(AWS error OptInRequired)",
    );
  });

  it("handles things that are not errors at all", () => {
    for (const value of [undefined, null, "text", 42, { weird: true }, new TypeError("x is undefined")]) {
      const problem = describeAwsError(value, "ses:GetAccount");
      expect(problem.kind).toBe("unknown");
      expect(problem.message).toBe("ses:GetAccount failed for an unexpected reason. Try again in a moment.");
    }
  });

  it("covers every kind", () => {
    const seen = new Set<AwsProblemKind>([
      ...[
        "AccessDenied",
        "InvalidClientTokenId",
        "SignatureDoesNotMatch",
        "ExpiredToken",
        "Throttling",
        "InvalidInput",
        "Whatever",
      ].map((code) => classifyAwsError(queryError(code))),
      ...(["NoSuchEntity", "EntityAlreadyExists", "LimitExceeded"] as const).map((code) =>
        classifyAwsError(iamModelledError(code)),
      ),
      classifyAwsError(restJsonError("ConflictException")),
      classifyAwsError(noCredentialsError()),
      classifyAwsError(networkError("ECONNREFUSED")),
    ]);
    expect([...seen].sort()).toEqual([...AWS_PROBLEM_KINDS].sort());
  });
});

describe("describeAwsError's words", () => {
  it("names the missing permission for access denied", () => {
    expect(describeAwsError(accessDeniedV1("ses:GetAccount"), "ses:GetAccount").message).toBe(
      "The diagnostics key is not allowed to call ses:GetAccount. Add that action to its IAM policy (see the policy below).",
    );
  });

  it("speaks of the key the caller names", () => {
    const problem = describeAwsError(queryError("AccessDenied"), "iam:CreateUser", {
      key: "The administrator key",
      policyHint: "its policy",
    });
    expect(problem.message).toBe(
      "The administrator key is not allowed to call iam:CreateUser. Add that action to its policy.",
    );
    expect(
      describeAwsError(queryError("InvalidClientTokenId"), "iam:CreateUser", { key: "The administrator key" }).message,
    ).toContain("access key id of the administrator key");
  });

  it("says an explicit deny cannot be fixed by adding the action, and where it comes from", () => {
    const scp = queryError(
      "AccessDenied",
      "User: arn:aws:iam::123456789012:user/d is not authorized to perform: ses:GetAccount with an explicit deny in a service control policy",
    );
    expect(describeAwsError(scp, "ses:GetAccount").message).toMatch(
      /service control policy .*adding the action will not help/,
    );
    const boundary = queryError("AccessDenied", "… with an explicit deny in a permissions boundary");
    expect(describeAwsError(boundary, "ses:GetAccount").message).toContain("permissions boundary");
    const plain = queryError("AccessDenied", "… with an explicit deny in an identity-based policy");
    expect(describeAwsError(plain, "ses:GetAccount").message).toContain("a Deny statement in one of its policies");
  });

  it("passes on AWS's reason for rejected values, one line, short, without key material", () => {
    const secretish = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    const error = restJsonError(
      "BadRequestException",
      `1 validation error detected: Value '${secretish}' at 'websiteURL' failed to satisfy constraint\n    at Object.deserialize (x.js:1:1)`,
    );
    const problem = describeAwsError(error, "ses:PutAccountDetails");
    expect(problem.message).toBe(
      "AWS rejected the values sent with ses:PutAccountDetails: 1 validation error detected: Value '[redacted]' at 'websiteURL' failed to satisfy constraint.",
    );
    expectNothingSecret(problem, [secretish]);
  });

  it("never includes the raw SDK message, a stack or the request id", () => {
    const kinds = [
      queryError("AccessDenied", "SECRET-ISH RAW TEXT"),
      queryError("InvalidClientTokenId", "SECRET-ISH RAW TEXT"),
      restJsonError("InvalidSignatureException", "SECRET-ISH RAW TEXT"),
      restJsonError("TooManyRequestsException", "SECRET-ISH RAW TEXT"),
      iamModelledError("NoSuchEntity", "SECRET-ISH RAW TEXT"),
      networkError("ENOTFOUND"),
      noCredentialsError(),
      new Error("SECRET-ISH RAW TEXT"),
    ];
    for (const error of kinds) {
      const problem = describeAwsError(error, "ses:GetAccount");
      expect(problem.message).not.toContain("SECRET-ISH");
      expect(problem.message).not.toContain("7a62c49f");
      expect(problem.message.length).toBeGreaterThan(40);
      expectNothingSecret(problem);
    }
  });
});

// The same errors as the real SDK builds them from AWS's answers, through clients made by
// createAwsClients and pointed at a local server the way development points them at the simulator.
describe("describeAwsError on errors the SDK really throws", () => {
  let server: http.Server;
  let endpoint = "";
  let answer: { status: number; type: string; body: string; headers?: Record<string, string> };

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        response.writeHead(answer.status, { "content-type": answer.type, ...answer.headers });
        response.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    vi.stubEnv("AWS_ENDPOINT_URL_SES", endpoint);
    vi.stubEnv("AWS_ENDPOINT_URL_SESV2", endpoint);
    vi.stubEnv("AWS_ENDPOINT_URL_IAM", endpoint);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await new Promise((resolve) => server.close(resolve));
  });

  const key = {
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: new Secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
  };
  const xmlError = (code: string) =>
    `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${code} from AWS</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`;

  it.each<[string, number, AwsProblemKind]>([
    ["AccessDenied", 403, "access-denied"],
    ["NoSuchEntity", 404, "not-found"],
    ["EntityAlreadyExists", 409, "already-exists"],
    ["LimitExceeded", 409, "limit-exceeded"],
    ["InvalidClientTokenId", 403, "invalid-key"],
    ["SignatureDoesNotMatch", 403, "wrong-secret"],
    ["ExpiredToken", 403, "expired-token"],
  ])("IAM %s", async (code, status, kind) => {
    answer = { status, type: "text/xml", body: xmlError(code) };
    const { iam } = createAwsClients("eu-west-1", key);
    const error = await iam.send(new GetUserCommand({})).catch((caught: unknown) => caught);
    expect(describeAwsError(error, "iam:GetUser").kind).toBe(kind);
  });

  it("SES v1 Throttling", async () => {
    answer = { status: 400, type: "text/xml", body: xmlError("Throttling") };
    const { ses } = createAwsClients("us-east-1", key);
    const error = await ses.send(new GetSendQuotaCommand({})).catch((caught: unknown) => caught);
    expect(describeAwsError(error, "ses:GetSendQuota").kind).toBe("throttled");
  });

  it.each<[string, AwsProblemKind]>([
    ["AccessDeniedException", "access-denied"],
    ["UnrecognizedClientException", "invalid-key"],
    ["InvalidSignatureException", "wrong-secret"],
    ["NotFoundException", "not-found"],
    ["ConflictException", "conflict"],
    ["BadRequestException", "invalid-input"],
  ])("SES v2 %s", async (type, kind) => {
    answer = {
      status: 400,
      type: "application/json",
      body: JSON.stringify({ message: `${type} from AWS` }),
      headers: { "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazonaws.sesv2/` },
    };
    const { sesv2 } = createAwsClients("us-east-1", key);
    const error = await sesv2.send(new GetAccountCommand({})).catch((caught: unknown) => caught);
    const problem = describeAwsError(error, "ses:GetAccount");
    expect(problem.kind).toBe(kind);
    expectNothingSecret(problem, [key.secretAccessKey.reveal()]);
  });

  it("a refused connection", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL_SESV2", "http://127.0.0.1:9");
    const { sesv2 } = createAwsClients("us-east-1", key);
    const error = await sesv2.send(new GetAccountCommand({})).catch((caught: unknown) => caught);
    vi.stubEnv("AWS_ENDPOINT_URL_SESV2", endpoint);
    expect(describeAwsError(error, "ses:GetAccount")).toMatchObject({ kind: "unreachable" });
  });

  it("no credentials anywhere", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "");
    vi.stubEnv("AWS_SESSION_TOKEN", "");
    vi.stubEnv("AWS_PROFILE", "inflowave-test-no-such-profile");
    vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/aws-config");
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials");
    vi.stubEnv("AWS_WEB_IDENTITY_TOKEN_FILE", "");
    vi.stubEnv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "");
    vi.stubEnv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "");
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
    const { sesv2 } = createAwsClients("us-east-1");
    const error = await sesv2.send(new GetAccountCommand({})).catch((caught: unknown) => caught);
    expect(describeAwsError(error, "ses:GetAccount").kind).toBe("no-credentials");
  });
});
