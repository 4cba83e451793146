import http from "node:http";
import type { AddressInfo } from "node:net";
import util from "node:util";
import { GetUserCommand, type IAMClient } from "@aws-sdk/client-iam";
import { GetSendQuotaCommand } from "@aws-sdk/client-ses";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AWS_CLIENT_LIMITS, createAwsClients, iamSigningRegion } from "@/lib/aws/clients";
import { Secret } from "@/lib/crypto/secret";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCLIENTSKEY";
const key = { accessKeyId: " AKIAIOSFODNN7EXAMPLE ", secretAccessKey: new Secret(SECRET) };

/** Where an IAM request would go and which region signs it, without sending it. */
async function iamTarget(iam: IAMClient): Promise<{ host: string; signedFor?: string }> {
  const seen: { host: string; signedFor?: string } = { host: "" };
  iam.middlewareStack.add(
    (_next) => async (args) => {
      const request = args.request as { hostname: string; port?: number; headers: Record<string, string> };
      seen.host = request.port ? `${request.hostname}:${request.port}` : request.hostname;
      seen.signedFor = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(request.headers.authorization ?? "")?.[1];
      throw new Error("stop before sending");
    },
    { step: "finalizeRequest", priority: "low" },
  );
  await iam.send(new GetUserCommand({})).catch(() => undefined);
  return seen;
}

describe("createAwsClients", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("builds SES clients for the region and an IAM client for IAM's signing region", async () => {
    const clients = createAwsClients("eu-west-1", key);
    expect(await clients.ses.config.region()).toBe("eu-west-1");
    expect(await clients.sesv2.config.region()).toBe("eu-west-1");
    expect(await clients.iam.config.region()).toBe("us-east-1");
    for (const client of [clients.ses, clients.sesv2, clients.iam]) {
      expect(await client.config.maxAttempts()).toBe(AWS_CLIENT_LIMITS.maxAttempts);
    }
  });

  it("signs IAM requests for us-east-1 on IAM's global endpoint", async () => {
    const target = await iamTarget(createAwsClients("eu-west-1", key).iam);
    expect(target).toEqual({ host: "iam.amazonaws.com", signedFor: "us-east-1" });
  });

  it("signs for us-east-1 too when AWS_ENDPOINT_URL_IAM points elsewhere (the simulator)", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL_IAM", "http://127.0.0.1:4599");
    const target = await iamTarget(createAwsClients("ap-southeast-2", key).iam);
    expect(target).toEqual({ host: "127.0.0.1:4599", signedFor: "us-east-1" });
  });

  it("keeps GovCloud's IAM in GovCloud", async () => {
    expect(iamSigningRegion("us-gov-east-1")).toBe("us-gov-west-1");
    expect(iamSigningRegion("cn-northwest-1")).toBe("cn-north-1");
    const target = await iamTarget(createAwsClients("us-gov-east-1", key).iam);
    expect(target).toEqual({ host: "iam.us-gov.amazonaws.com", signedFor: "us-gov-west-1" });
  });

  it("hands the SDK the key, trimmed, only when it asks", async () => {
    const clients = createAwsClients("us-east-1", key);
    expect(await clients.ses.config.credentials()).toMatchObject({
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: SECRET,
    });
    expect(util.inspect(clients, { depth: 10 })).not.toContain(SECRET);
  });

  it("uses the default credential chain without a key", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENTKEY01");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "from-the-environment");
    const clients = createAwsClients("us-east-1");
    expect(await clients.sesv2.config.credentials()).toMatchObject({ accessKeyId: "AKIAENVIRONMENTKEY01" });
  });

  it("refuses something that is not a region code", () => {
    expect(() => createAwsClients("Europe (Ireland)", key)).toThrow(/not an AWS region code/);
    expect(() => createAwsClients("", key)).toThrow(/not an AWS region code/);
  });
});

describe("createAwsClients against a live endpoint", () => {
  let server: http.Server;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        response.writeHead(200, { "content-type": "text/xml" });
        response.end(
          "<GetSendQuotaResponse><GetSendQuotaResult><Max24HourSend>200.0</Max24HourSend><MaxSendRate>1.0</MaxSendRate>" +
            "<SentLast24Hours>3.0</SentLast24Hours></GetSendQuotaResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetSendQuotaResponse>",
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await new Promise((resolve) => server.close(resolve));
  });

  it("follows AWS_ENDPOINT_URL_SES and uses short timeouts that throw", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL_SES", `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const { ses } = createAwsClients("us-east-1", key);
    const quota = await ses.send(new GetSendQuotaCommand({}));
    expect(quota).toMatchObject({ Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 3 });
    const handler = ses.config.requestHandler as { httpHandlerConfigs(): Record<string, unknown> };
    expect(handler.httpHandlerConfigs()).toMatchObject({
      connectionTimeout: AWS_CLIENT_LIMITS.connectionTimeoutMs,
      requestTimeout: AWS_CLIENT_LIMITS.requestTimeoutMs,
      throwOnRequestTimeout: true,
    });
  });
});
