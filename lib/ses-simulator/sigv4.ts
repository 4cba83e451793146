// Checks an AWS Signature Version 4 request signature the way AWS does: read the key id and
// credential scope from the Authorization header, sign the same request again with that key's
// secret (the SDK's own signer, @smithy/signature-v4) and compare the signatures.
import { createHash, createHmac, type Hash, type Hmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";

export const SIGV4_ALGORITHM = "AWS4-HMAC-SHA256";

/** The parts of `Authorization: AWS4-HMAC-SHA256 Credential=…/date/region/service/aws4_request, SignedHeaders=…, Signature=…`. */
export interface SigV4Authorization {
  accessKeyId: string;
  /** yyyymmdd from the credential scope. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request\s*,\s*SignedHeaders=([a-z0-9;_.-]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

export const isSigV4Authorization = (header: string | undefined): boolean =>
  header !== undefined && header.startsWith(`${SIGV4_ALGORITHM} `);

export function parseSigV4Authorization(header: string): SigV4Authorization | undefined {
  const match = AUTHORIZATION.exec(header);
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  return {
    accessKeyId: accessKeyId!,
    date: date!,
    region: region!,
    service: service!,
    signedHeaders: signedHeaders!.split(";"),
    signature: signature!,
  };
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const toBinary = (data: SourceData): string | Buffer =>
  typeof data === "string"
    ? data
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** SHA-256 and HMAC-SHA-256 from node:crypto in the shape the signer expects. */
class NodeSha256 {
  #secret: string | Buffer | undefined;
  #hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : toBinary(secret);
    this.#hash = this.#create();
  }

  #create(): Hash | Hmac {
    return this.#secret === undefined ? createHash("sha256") : createHmac("sha256", this.#secret);
  }

  update(data: SourceData): void {
    this.#hash.update(toBinary(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }

  reset(): void {
    this.#hash = this.#create();
  }
}

export interface SignedRequest {
  method: string;
  /** The request target as received (path and query, still percent-encoded). */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function parseQuery(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const existing = query[name];
    if (existing === undefined) query[name] = value;
    else query[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

export type SignatureCheck = "ok" | "mismatch" | "incomplete";

/**
 * Whether `request` was signed with `secretAccessKey`: "incomplete" when the date header or a
 * signed header is missing, "mismatch" when the signature (or the body's declared hash) differs.
 * The request time is not compared with the clock: the simulator's clock may be a test's.
 */
export async function checkSigV4Signature(
  request: SignedRequest,
  authorization: SigV4Authorization,
  secretAccessKey: string,
): Promise<SignatureCheck> {
  const amzDate = headerValue(request.headers, "x-amz-date");
  const dateParts = amzDate ? AMZ_DATE.exec(amzDate) : null;
  if (!amzDate || !dateParts || amzDate.slice(0, 8) !== authorization.date) return "incomplete";
  const [, year, month, day, hours, minutes, seconds] = dateParts.map(Number) as number[];
  const signingDate = new Date(Date.UTC(year!, month! - 1, day!, hours, minutes, seconds));

  const headers: Record<string, string> = {};
  for (const name of authorization.signedHeaders) {
    const value = headerValue(request.headers, name);
    if (value === undefined) return "incomplete";
    if (name !== "x-amz-date") headers[name] = value;
  }
  if (!authorization.signedHeaders.includes("host")) return "incomplete";

  // A declared payload hash must be the body's (AWS answers a mismatch with an error too).
  const declaredHash = headers["x-amz-content-sha256"];
  if (declaredHash !== undefined && declaredHash !== "UNSIGNED-PAYLOAD") {
    if (declaredHash !== createHash("sha256").update(request.body).digest("hex")) return "mismatch";
  }

  const questionMark = request.url.indexOf("?");
  const path = questionMark === -1 ? request.url : request.url.slice(0, questionMark);
  const search = questionMark === -1 ? "" : request.url.slice(questionMark + 1);
  const signer = new SignatureV4({
    credentials: { accessKeyId: authorization.accessKeyId, secretAccessKey },
    region: authorization.region,
    service: authorization.service,
    sha256: NodeSha256,
    applyChecksum: false,
    // The SDK's request path is already percent-encoded (an email identity's @ is %40) and the
    // signer encodes it once more, as every service but S3 expects; the path arrives here in
    // the SDK's form, so it goes to the signer as received.
    uriEscapePath: true,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: "http:",
      hostname: headers.host ?? "",
      path,
      query: parseQuery(search),
      headers: { ...headers, "x-amz-date": amzDate },
      body: request.body,
    },
    { signingDate, signableHeaders: new Set(authorization.signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ""))?.[1];
  if (!expected) return "mismatch";
  return timingSafeEqual(Buffer.from(expected), Buffer.from(authorization.signature)) ? "ok" : "mismatch";
}
