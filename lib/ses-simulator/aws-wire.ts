// The two AWS wire formats the simulated API speaks, as the AWS SDK for JavaScript v3 reads them:
// the query protocol (SES v1, IAM: form-encoded requests, XML answers and ErrorResponse) and
// REST-JSON (SES v2: JSON bodies, errors as status + x-amzn-ErrorType + {"message"}).
import type { ServerResponse } from "node:http";
import { AwsApiError } from "./iam-model";

/** A value for the XML writer: arrays become <member> lists, XmlMap <entry><key/><value/> maps. */
export type XmlValue = string | number | boolean | Date | null | undefined | XmlValue[] | XmlMap | XmlFields;
export interface XmlFields {
  [name: string]: XmlValue;
}

export class XmlMap {
  constructor(readonly entries: readonly (readonly [string, XmlValue])[]) {}
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]!);

/** AWS's timestamps: ISO 8601 in UTC, without milliseconds. */
export const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

function xmlContent(value: XmlValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return isoSeconds(value);
  if (Array.isArray(value)) return value.map((entry) => xmlElement("member", entry)).join("");
  if (value instanceof XmlMap) {
    return value.entries
      .map(([key, entry]) => `<entry>${xmlElement("key", key)}${xmlElement("value", entry)}</entry>`)
      .join("");
  }
  if (typeof value === "object") {
    return Object.entries(value)
      .filter(([, entry]) => entry !== undefined)
      .map(([name, entry]) => xmlElement(name, entry))
      .join("");
  }
  return escapeXml(String(value));
}

export function xmlElement(name: string, value: XmlValue): string {
  return `<${name}>${xmlContent(value)}</${name}>`;
}

/** The query protocol's parameters (form body and URL query): scalars, `X.member.N` lists, `X.member.N.Key/Value` tags. */
export class QueryParams {
  readonly #values = new Map<string, string>();

  constructor(...sources: URLSearchParams[]) {
    for (const source of sources) for (const [name, value] of source) this.#values.set(name, value);
  }

  get(name: string): string | undefined {
    return this.#values.get(name);
  }

  /** A required parameter; AWS's ValidationError names it in lower camel case. */
  required(name: string): string {
    const value = this.#values.get(name);
    if (value === undefined || value === "") throw validationError(name, "Member must not be null");
    return value;
  }

  /** `Name.member.1`, `Name.member.2`, … in order. */
  list(name: string): string[] {
    return this.#indexed(`${name}.member.`)
      .filter(([rest]) => /^\d+$/.test(rest))
      .map(([, value]) => value);
  }

  /** `Name.member.N.Key` / `Name.member.N.Value` pairs (IAM tags). */
  tags(name: string): { Key: string; Value: string }[] {
    const byIndex = new Map<number, { Key?: string; Value?: string }>();
    for (const [rest, value] of this.#indexed(`${name}.member.`)) {
      const match = /^(\d+)\.(Key|Value)$/.exec(rest);
      if (!match) continue;
      const entry = byIndex.get(Number(match[1])) ?? {};
      entry[match[2] as "Key" | "Value"] = value;
      byIndex.set(Number(match[1]), entry);
    }
    return [...byIndex.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, entry]) => ({ Key: entry.Key ?? "", Value: entry.Value ?? "" }));
  }

  #indexed(prefix: string): [string, string][] {
    return [...this.#values.entries()]
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, value]): [string, string] => [name.slice(prefix.length), value])
      .sort(([a], [b]) => (Number.parseInt(a, 10) || 0) - (Number.parseInt(b, 10) || 0));
  }
}

const lowerCamel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/** IAM's and SES's wording: "1 validation error detected: Value null at 'userName' failed to satisfy constraint: …". */
export function validationError(parameter: string, constraint: string, value?: string): AwsApiError {
  const shown = value === undefined ? "null" : `'${value}'`;
  return new AwsApiError(
    "ValidationError",
    400,
    `1 validation error detected: Value ${shown} at '${lowerCamel(parameter)}' failed to satisfy constraint: ${constraint}`,
  );
}

export interface QueryService {
  /** The XML namespace of the service's responses. */
  xmlns: string;
}

function sendText(
  response: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers: Record<string, string>,
) {
  response.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export function sendQueryResult(
  response: ServerResponse,
  service: QueryService,
  action: string,
  requestId: string,
  result: XmlFields | undefined,
): void {
  const resultXml = result === undefined ? "" : xmlElement(`${action}Result`, result);
  const text =
    `<${action}Response xmlns="${service.xmlns}">${resultXml}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>\n`;
  sendText(response, 200, "text/xml", text, { "x-amzn-requestid": requestId });
}

export function sendQueryError(
  response: ServerResponse,
  service: QueryService,
  requestId: string,
  error: AwsApiError,
): void {
  const type = error.status >= 500 ? "Receiver" : "Sender";
  const text =
    `<ErrorResponse xmlns="${service.xmlns}"><Error><Type>${type}</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`;
  sendText(response, error.status, "text/xml", text, { "x-amzn-requestid": requestId });
}

export function sendJsonResult(response: ServerResponse, requestId: string, body: unknown, status = 200): void {
  sendText(response, status, "application/json", JSON.stringify(body), { "x-amzn-requestid": requestId });
}

export function sendJsonError(response: ServerResponse, requestId: string, error: AwsApiError): void {
  sendText(response, error.status, "application/json", JSON.stringify({ message: error.message }), {
    "x-amzn-requestid": requestId,
    "x-amzn-errortype": error.code,
  });
}
