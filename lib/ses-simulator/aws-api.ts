// The simulator's AWS API side: the SES (v1, query protocol), SES v2 (REST-JSON) and IAM (query
// protocol) operations the app calls with the AWS SDK, answered from the scenario on the HTTP
// port. Point the SDK at it with AWS_ENDPOINT_URL_SES / _SESV2 / _IAM (or `endpoint`).
//
// Each request is checked like AWS does: a SigV4 signature by an access key of the scenario
// (InvalidClientTokenId / SignatureDoesNotMatch), then the caller's IAM permission for the action
// (AccessDenied), evaluated with the same policies as the SMTP side's ses:SendRawEmail check.
import { randomInt, randomUUID, createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  QueryParams,
  type QueryService,
  sendJsonError,
  sendJsonResult,
  sendQueryError,
  sendQueryResult,
  validationError,
  XmlMap,
  type XmlFields,
  type XmlValue,
} from "./aws-wire";
import {
  AwsApiError,
  type IamAccessKey,
  type IamGroup,
  type IamUser,
  noSuchGroup,
  noSuchUser,
  type SimulatedIam,
} from "./iam-model";
import { IAM_NAME, type ProductionAccessRequest, WEBSITE_URL } from "./scenario";
import { emailIdentityStatus, sesIdentityArn } from "./sending-rules";
import { checkSigV4Signature, isSigV4Authorization, parseSigV4Authorization } from "./sigv4";
import type { SimulatorWorld } from "./world";

export interface AwsApiContext {
  /** The current world; API calls change it in place (or replace world.scenario). */
  world(): SimulatorWorld;
  /** Recipients the SMTP side accepted in the rolling 24 hours in `region` (without the scenario's offset). */
  sentLast24Hours(region: string): number;
  log(line: string): void;
}

type Protocol = "query" | "rest-json";

const SES_SERVICE: QueryService & { version: string } = {
  xmlns: "http://ses.amazonaws.com/doc/2010-12-01/",
  version: "2010-12-01",
};
const IAM_SERVICE: QueryService & { version: string } = {
  xmlns: "https://iam.amazonaws.com/doc/2010-05-08/",
  version: "2010-05-08",
};

const MAX_BODY_BYTES = 1024 * 1024;

/** The errors every operation may get, in each protocol's words (and the SDK's error `name`). */
const COMMON_ERRORS = {
  missingAuthentication: {
    query: () => new AwsApiError("MissingAuthenticationToken", 403, "Request is missing Authentication Token"),
    "rest-json": () => new AwsApiError("MissingAuthenticationTokenException", 403, "Missing Authentication Token"),
  },
  incompleteSignature: {
    query: (detail: string) => new AwsApiError("IncompleteSignature", 400, detail),
    "rest-json": (detail: string) => new AwsApiError("IncompleteSignatureException", 400, detail),
  },
  unknownKey: {
    query: () => new AwsApiError("InvalidClientTokenId", 403, "The security token included in the request is invalid."),
    "rest-json": () =>
      new AwsApiError("UnrecognizedClientException", 403, "The security token included in the request is invalid."),
  },
  signatureMismatch: {
    query: () => new AwsApiError("SignatureDoesNotMatch", 403, SIGNATURE_MISMATCH),
    "rest-json": () => new AwsApiError("SignatureDoesNotMatch", 403, SIGNATURE_MISMATCH),
  },
  accessDenied: {
    query: (message: string) => new AwsApiError("AccessDenied", 403, message),
    "rest-json": (message: string) => new AwsApiError("AccessDeniedException", 403, message),
  },
  throttled: {
    query: () => new AwsApiError("Throttling", 400, "Rate exceeded"),
    "rest-json": () => new AwsApiError("TooManyRequestsException", 429, "Too Many Requests"),
  },
} as const;

const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/** Who made the call: the user of the access key that signed it, and the region it was signed for. */
interface Caller {
  user: IamUser;
  key: IamAccessKey;
  region: string;
}

interface Call {
  caller: Caller;
  world: SimulatorWorld;
  iam: SimulatedIam;
  context: AwsApiContext;
}

interface QueryCall extends Call {
  params: QueryParams;
}

interface QueryOperation {
  /** The IAM action the caller needs, e.g. "iam:GetUser". */
  action: string;
  /** The resource the permission is checked on; "*" when the action has none. */
  resource?: (call: QueryCall) => string;
  run: (call: QueryCall) => XmlFields | undefined;
}

interface JsonCall extends Call {
  match: RegExpExecArray;
  body: unknown;
}

interface JsonOperation {
  name: string;
  method: string;
  /** The path as SES v2's API reference writes it. */
  template: string;
  path: RegExp;
  action: string;
  resource?: (call: JsonCall) => string;
  run: (call: JsonCall) => unknown;
}

// ---------------------------------------------------------------- IAM

const userXml = (user: IamUser): XmlFields => ({
  Path: user.path,
  UserName: user.name,
  UserId: user.userId,
  Arn: user.arn,
  CreateDate: user.createDate,
  Tags: user.tags.length > 0 ? user.tags.map((tag) => ({ ...tag })) : undefined,
});

const groupXml = (group: IamGroup): XmlFields => ({
  Path: group.path,
  GroupName: group.name,
  GroupId: group.groupId,
  Arn: group.arn,
  CreateDate: group.createDate,
});

const iamName = (params: QueryParams, name: string) => {
  const value = params.required(name);
  if (!IAM_NAME.test(value)) {
    throw validationError(name, "Member must satisfy regular expression pattern: [\\w+=,.@-]+", value);
  }
  return value;
};

const IAM_PATH = /^\/(?:[\x21-\x7e]*\/)?$/;
const iamPath = (params: QueryParams) => {
  const path = params.get("Path") ?? "/";
  if (!IAM_PATH.test(path) || path.length > 512) {
    throw validationError(
      "Path",
      "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)",
      path,
    );
  }
  return path;
};

/** The user a call is about: UserName, or the caller when the operation lets it be left out. */
const targetUser = (call: QueryCall, optional = false): IamUser => {
  const name = optional ? call.params.get("UserName") : call.params.required("UserName");
  return name ? call.iam.getUser(name) : call.caller.user;
};

const userResource = (call: QueryCall) => call.iam.userArn(call.params.get("UserName") ?? call.caller.user.name);
const groupResource = (call: QueryCall) => call.iam.groupArn(call.params.get("GroupName") ?? "*");

const policyDocument = (params: QueryParams) => {
  const document = params.required("PolicyDocument");
  if (document.length > 131_072)
    throw validationError("PolicyDocument", "Member must have length less than or equal to 131072");
  return document;
};

/** IAM returns policy documents URL-encoded (RFC 3986). */
const encodePolicyDocument = (document: string) => encodeURIComponent(document);

const ARN = /^arn:aws[\w-]*:iam::(\d{12}):(user|group|role)(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]+)$/;

const IAM_OPERATIONS: Record<string, QueryOperation> = {
  GetUser: {
    action: "iam:GetUser",
    resource: userResource,
    run: (call) => ({ User: userXml(targetUser(call, true)) }),
  },
  CreateUser: {
    action: "iam:CreateUser",
    resource: userResource,
    run: (call) => {
      const user = call.iam.createUser(
        iamName(call.params, "UserName"),
        call.params.tags("Tags"),
        iamPath(call.params),
      );
      return { User: userXml(user) };
    },
  },
  ListUserPolicies: {
    action: "iam:ListUserPolicies",
    resource: userResource,
    run: (call) => ({ PolicyNames: [...targetUser(call).inlinePolicies.keys()], IsTruncated: false }),
  },
  GetUserPolicy: {
    action: "iam:GetUserPolicy",
    resource: userResource,
    run: (call) => {
      const user = targetUser(call);
      const policyName = call.params.required("PolicyName");
      const document = user.inlinePolicies.get(policyName);
      if (document === undefined) {
        throw new AwsApiError("NoSuchEntity", 404, `The user policy with name ${policyName} cannot be found.`);
      }
      return { UserName: user.name, PolicyName: policyName, PolicyDocument: encodePolicyDocument(document) };
    },
  },
  PutUserPolicy: {
    action: "iam:PutUserPolicy",
    resource: userResource,
    run: (call) => {
      call.iam.putUserPolicy(
        call.params.required("UserName"),
        iamName(call.params, "PolicyName"),
        policyDocument(call.params),
      );
      return undefined;
    },
  },
  DeleteUserPolicy: {
    action: "iam:DeleteUserPolicy",
    resource: userResource,
    run: (call) => {
      call.iam.deleteUserPolicy(call.params.required("UserName"), call.params.required("PolicyName"));
      return undefined;
    },
  },
  ListGroupsForUser: {
    action: "iam:ListGroupsForUser",
    resource: userResource,
    run: (call) => ({ Groups: call.iam.groupsOf(targetUser(call)).map(groupXml), IsTruncated: false }),
  },
  CreateGroup: {
    action: "iam:CreateGroup",
    resource: groupResource,
    run: (call) => ({ Group: groupXml(call.iam.createGroup(iamName(call.params, "GroupName"), iamPath(call.params))) }),
  },
  ListGroupPolicies: {
    action: "iam:ListGroupPolicies",
    resource: groupResource,
    run: (call) => ({
      PolicyNames: [...call.iam.getGroup(call.params.required("GroupName")).inlinePolicies.keys()],
      IsTruncated: false,
    }),
  },
  GetGroupPolicy: {
    action: "iam:GetGroupPolicy",
    resource: groupResource,
    run: (call) => {
      const group = call.iam.getGroup(call.params.required("GroupName"));
      const policyName = call.params.required("PolicyName");
      const document = group.inlinePolicies.get(policyName);
      if (document === undefined) {
        throw new AwsApiError("NoSuchEntity", 404, `The group policy with name ${policyName} cannot be found.`);
      }
      return { GroupName: group.name, PolicyName: policyName, PolicyDocument: encodePolicyDocument(document) };
    },
  },
  PutGroupPolicy: {
    action: "iam:PutGroupPolicy",
    resource: groupResource,
    run: (call) => {
      call.iam.putGroupPolicy(
        call.params.required("GroupName"),
        iamName(call.params, "PolicyName"),
        policyDocument(call.params),
      );
      return undefined;
    },
  },
  DeleteGroupPolicy: {
    action: "iam:DeleteGroupPolicy",
    resource: groupResource,
    run: (call) => {
      call.iam.deleteGroupPolicy(call.params.required("GroupName"), call.params.required("PolicyName"));
      return undefined;
    },
  },
  AddUserToGroup: {
    action: "iam:AddUserToGroup",
    resource: groupResource,
    run: (call) => {
      call.iam.addUserToGroup(call.params.required("GroupName"), call.params.required("UserName"));
      return undefined;
    },
  },
  RemoveUserFromGroup: {
    action: "iam:RemoveUserFromGroup",
    resource: groupResource,
    run: (call) => {
      call.iam.removeUserFromGroup(call.params.required("GroupName"), call.params.required("UserName"));
      return undefined;
    },
  },
  CreateAccessKey: {
    action: "iam:CreateAccessKey",
    resource: userResource,
    run: (call) => {
      const user = targetUser(call, true);
      const key = call.iam.createAccessKey(user.name);
      return {
        AccessKey: {
          UserName: user.name,
          AccessKeyId: key.accessKeyId,
          Status: key.status,
          SecretAccessKey: key.secretAccessKey,
          CreateDate: key.createDate,
        },
      };
    },
  },
  ListAccessKeys: {
    action: "iam:ListAccessKeys",
    resource: userResource,
    run: (call) => {
      const user = targetUser(call, true);
      return {
        AccessKeyMetadata: user.accessKeys.map((key) => ({
          UserName: user.name,
          AccessKeyId: key.accessKeyId,
          Status: key.status,
          CreateDate: key.createDate,
        })),
        IsTruncated: false,
      };
    },
  },
  DeleteAccessKey: {
    action: "iam:DeleteAccessKey",
    resource: userResource,
    run: (call) => {
      call.iam.deleteAccessKey(targetUser(call, true).name, call.params.required("AccessKeyId"));
      return undefined;
    },
  },
  GetAccessKeyLastUsed: {
    action: "iam:GetAccessKeyLastUsed",
    resource: (call) => {
      const owner = call.iam.findAccessKey(call.params.get("AccessKeyId") ?? "")?.user;
      return owner ? owner.arn : "*";
    },
    run: (call) => {
      const accessKeyId = call.params.required("AccessKeyId");
      const found = call.iam.findAccessKey(accessKeyId);
      if (!found) throw new AwsApiError("NoSuchEntity", 404, `The Access Key with id ${accessKeyId} cannot be found.`);
      const lastUsed = found.key.lastUsed;
      return {
        UserName: found.user.name,
        AccessKeyLastUsed: lastUsed
          ? { LastUsedDate: lastUsed.date, ServiceName: lastUsed.serviceName, Region: lastUsed.region }
          : { ServiceName: "N/A", Region: "N/A" },
      };
    },
  },
  ListUserTags: {
    action: "iam:ListUserTags",
    resource: userResource,
    run: (call) => ({ Tags: targetUser(call).tags.map((tag) => ({ ...tag })), IsTruncated: false }),
  },
  TagUser: {
    action: "iam:TagUser",
    resource: userResource,
    run: (call) => {
      const tags = call.params.tags("Tags");
      if (tags.length === 0) throw validationError("Tags", "Member must not be null");
      call.iam.tagUser(call.params.required("UserName"), tags);
      return undefined;
    },
  },
  UntagUser: {
    action: "iam:UntagUser",
    resource: userResource,
    run: (call) => {
      const keys = call.params.list("TagKeys");
      if (keys.length === 0) throw validationError("TagKeys", "Member must not be null");
      call.iam.untagUser(call.params.required("UserName"), keys);
      return undefined;
    },
  },
  SimulatePrincipalPolicy: {
    action: "iam:SimulatePrincipalPolicy",
    resource: (call) => call.params.get("PolicySourceArn") ?? "*",
    run: (call) => {
      const sourceArn = call.params.required("PolicySourceArn");
      const actions = call.params.list("ActionNames");
      if (actions.length === 0) throw validationError("ActionNames", "Member must not be null");
      const resources = call.params.list("ResourceArns");
      const match = ARN.exec(sourceArn);
      if (!match) throw new AwsApiError("InvalidInput", 400, `Invalid ARN: ${sourceArn}`);
      const [, accountId, kind, , name] = match as unknown as [string, string, string, string, string];
      const sameAccount = accountId === call.iam.accountId;
      const principal = !sameAccount
        ? undefined
        : kind === "user"
          ? call.iam.findUser(name)
          : kind === "group"
            ? call.iam.findGroup(name)
            : undefined;
      if (!principal) {
        throw kind === "group"
          ? noSuchGroup(name)
          : kind === "user"
            ? noSuchUser(name)
            : new AwsApiError("NoSuchEntity", 404, `The role with name ${name} cannot be found.`);
      }
      const results: XmlValue[] = [];
      for (const action of actions) {
        for (const resource of resources.length > 0 ? resources : ["*"]) {
          const evaluation = call.iam.evaluate(principal, action, resource);
          results.push({
            EvalActionName: action,
            EvalResourceName: resource,
            EvalDecision: evaluation.decision,
            MatchedStatements: evaluation.matched.map((statement) => ({ ...statement })),
            MissingContextValues: [],
          });
        }
      }
      return { EvaluationResults: results, IsTruncated: false };
    },
  },
};

// ---------------------------------------------------------------- SES v1

const SES_OPERATIONS: Record<string, QueryOperation> = {
  GetSendQuota: {
    action: "ses:GetSendQuota",
    run: (call) => {
      const { scenario } = call.world;
      return {
        Max24HourSend: scenario.max24HourSend.toFixed(1),
        MaxSendRate: scenario.maxSendRate.toFixed(1),
        SentLast24Hours: sentLast24Hours(call).toFixed(1),
      };
    },
  },
  GetAccountSendingEnabled: {
    action: "ses:GetAccountSendingEnabled",
    run: (call) => ({ Enabled: !call.world.scenario.sendingPaused }),
  },
  GetIdentityVerificationAttributes: {
    action: "ses:GetIdentityVerificationAttributes",
    run: (call) => {
      const identities = call.params.list("Identities");
      if (identities.length > 100) {
        throw validationError("Identities", "Member must have length less than or equal to 100");
      }
      const entries: [string, XmlValue][] = [];
      for (const identity of identities) {
        const status = emailIdentityStatus(call.world.scenario, call.caller.region, identity);
        if (!status) continue; // SES leaves unknown identities out of the map
        entries.push([
          identity,
          {
            VerificationStatus: status === "verified" ? "Success" : "Pending",
            VerificationToken: identity.includes("@") ? undefined : verificationToken(call, identity),
          },
        ]);
      }
      return { VerificationAttributes: new XmlMap(entries) };
    },
  },
};

function sentLast24Hours(call: Call): number {
  return call.context.sentLast24Hours(call.caller.region) + call.world.scenario.sentLast24Hours;
}

/** A stable token shaped like SES's domain verification token (44 base64 characters). */
function verificationToken(call: Call, domain: string): string {
  return createHash("sha256")
    .update(`${call.iam.accountId}/${call.caller.region}/${domain.toLowerCase()}`)
    .digest("base64");
}

// ---------------------------------------------------------------- SES v2

const badRequest = (message: string) => new AwsApiError("BadRequestException", 400, message);
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function accountDetails(request: ProductionAccessRequest) {
  return {
    MailType: request.mailType,
    WebsiteURL: request.websiteUrl,
    ContactLanguage: request.contactLanguage,
    ...(request.useCaseDescription !== undefined ? { UseCaseDescription: request.useCaseDescription } : {}),
    ...(request.additionalContactEmailAddresses
      ? { AdditionalContactEmailAddresses: request.additionalContactEmailAddresses }
      : {}),
    ReviewDetails: { Status: request.reviewStatus, CaseId: request.caseId },
  };
}

/** PutAccountDetails's input, checked against SES v2's model (the SDK does not check it). */
function readAccountDetails(body: unknown): Omit<ProductionAccessRequest, "reviewStatus" | "caseId"> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw badRequest("The request body must be a JSON object.");
  const input = body as Record<string, unknown>;
  if (input.MailType !== "MARKETING" && input.MailType !== "TRANSACTIONAL") {
    throw badRequest(
      input.MailType === undefined ? "MailType is required." : "MailType must be MARKETING or TRANSACTIONAL.",
    );
  }
  if (typeof input.WebsiteURL !== "string" || input.WebsiteURL === "") throw badRequest("WebsiteURL is required.");
  if (input.WebsiteURL.length > 1000 || !WEBSITE_URL.test(input.WebsiteURL)) {
    throw badRequest("WebsiteURL must be an http:// or https:// URL of at most 1000 characters.");
  }
  const language = input.ContactLanguage ?? "EN";
  if (language !== "EN" && language !== "JA") throw badRequest("ContactLanguage must be EN or JA.");
  const useCase = input.UseCaseDescription;
  if (useCase !== undefined && (typeof useCase !== "string" || useCase.length < 1 || useCase.length > 5000)) {
    throw badRequest("UseCaseDescription must be 1 to 5000 characters.");
  }
  const contacts = input.AdditionalContactEmailAddresses;
  if (contacts !== undefined) {
    if (!Array.isArray(contacts) || contacts.length < 1 || contacts.length > 4) {
      throw badRequest("AdditionalContactEmailAddresses must list 1 to 4 email addresses.");
    }
    for (const contact of contacts) {
      if (typeof contact !== "string" || contact.length < 6 || contact.length > 254 || !EMAIL_ADDRESS.test(contact)) {
        throw badRequest(`AdditionalContactEmailAddresses: "${String(contact)}" is not a valid email address.`);
      }
    }
  }
  if (input.ProductionAccessEnabled !== undefined && typeof input.ProductionAccessEnabled !== "boolean") {
    throw badRequest("ProductionAccessEnabled must be true or false.");
  }
  return {
    mailType: input.MailType,
    websiteUrl: input.WebsiteURL,
    contactLanguage: language,
    ...(typeof useCase === "string" ? { useCaseDescription: useCase } : {}),
    ...(contacts ? { additionalContactEmailAddresses: contacts as string[] } : {}),
  };
}

const identityFromPath = (call: JsonCall) => {
  try {
    return decodeURIComponent(call.match[1] ?? "");
  } catch {
    throw badRequest("The identity in the path is not correctly encoded.");
  }
};

/** Three stable DKIM tokens for a domain, shaped like SES's (32 lower-case base32 characters). */
function dkimTokens(call: Call, domain: string): string[] {
  return [1, 2, 3].map((n) =>
    Array.from(
      createHash("sha256").update(`${call.iam.accountId}/${domain.toLowerCase()}/${n}`).digest().subarray(0, 32),
      (byte) => "abcdefghijklmnopqrstuvwxyz234567"[byte % 32],
    ).join(""),
  );
}

const SESV2_OPERATIONS: JsonOperation[] = [
  {
    name: "GetAccount",
    method: "GET",
    template: "/v2/email/account",
    path: /^\/v2\/email\/account$/,
    action: "ses:GetAccount",
    run: (call) => {
      const { scenario } = call.world;
      return {
        DedicatedIpAutoWarmupEnabled: false,
        EnforcementStatus: scenario.enforcementStatus,
        ProductionAccessEnabled: !scenario.sandbox,
        SendQuota: {
          Max24HourSend: scenario.max24HourSend,
          MaxSendRate: scenario.maxSendRate,
          SentLast24Hours: sentLast24Hours(call),
        },
        SendingEnabled: !scenario.sendingPaused,
        SuppressionAttributes: { SuppressedReasons: [] },
        ...(scenario.productionAccessRequest ? { Details: accountDetails(scenario.productionAccessRequest) } : {}),
      };
    },
  },
  {
    name: "GetEmailIdentity",
    method: "GET",
    template: "/v2/email/identities/{EmailIdentity}",
    path: /^\/v2\/email\/identities\/([^/]+)$/,
    action: "ses:GetEmailIdentity",
    resource: (call) => sesIdentityArn(call.world.scenario, call.caller.region, identityFromPath(call)),
    run: (call) => {
      const identity = identityFromPath(call);
      const status = emailIdentityStatus(call.world.scenario, call.caller.region, identity);
      if (!status) throw new AwsApiError("NotFoundException", 404, `Email identity ${identity} does not exist.`);
      const verified = status === "verified";
      const isDomain = !identity.includes("@");
      return {
        IdentityType: isDomain ? "DOMAIN" : "EMAIL_ADDRESS",
        FeedbackForwardingStatus: true,
        VerifiedForSendingStatus: verified,
        VerificationStatus: verified ? "SUCCESS" : "PENDING",
        DkimAttributes: isDomain
          ? {
              SigningEnabled: true,
              Status: verified ? "SUCCESS" : "PENDING",
              Tokens: dkimTokens(call, identity),
              SigningAttributesOrigin: "AWS_SES",
            }
          : { SigningEnabled: false, Status: "NOT_STARTED", SigningAttributesOrigin: "AWS_SES" },
        Policies: {},
        Tags: [],
      };
    },
  },
  {
    name: "PutAccountDetails",
    method: "POST",
    template: "/v2/email/account/details",
    path: /^\/v2\/email\/account\/details$/,
    action: "ses:PutAccountDetails",
    run: (call) => {
      const details = readAccountDetails(call.body);
      const current = call.world.scenario.productionAccessRequest;
      if (current?.reviewStatus === "PENDING") {
        throw new AwsApiError(
          "ConflictException",
          409,
          `A review of your request for production access (case ${current.caseId}) is already in progress.`,
        );
      }
      const caseId = String(randomInt(10_000_000_000, 99_999_999_999));
      call.world.scenario = {
        ...call.world.scenario,
        productionAccessRequest: { ...details, reviewStatus: "PENDING", caseId },
      };
      return {};
    },
  },
];

// ---------------------------------------------------------------- dispatch

/** Whether a request to the HTTP port is meant for the AWS API (signed, or shaped like an SDK call). */
export function isAwsApiRequest(request: IncomingMessage): boolean {
  if (isSigV4Authorization(request.headers.authorization)) return true;
  const pathname = (request.url ?? "/").split("?")[0];
  return (
    pathname === "/v2/email" || pathname!.startsWith("/v2/email/") || (pathname === "/" && request.method === "POST")
  );
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new AwsApiError("RequestEntityTooLarge", 413, "The request body is larger than 1 MB.");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function accessDeniedMessage(user: IamUser, action: string, resource: string, decision: string): string {
  const on = resource === "*" ? "" : ` on resource: ${resource}`;
  const because =
    decision === "explicitDeny"
      ? "with an explicit deny in an identity-based policy"
      : `because no identity-based policy allows the ${action} action`;
  return `User: ${user.arn} is not authorized to perform: ${action}${on} ${because}`;
}

interface Authenticated {
  caller: Caller;
  service: string;
}

async function authenticate(
  context: AwsApiContext,
  protocol: Protocol,
  request: IncomingMessage,
  body: Buffer,
): Promise<Authenticated> {
  const header = request.headers.authorization;
  if (!isSigV4Authorization(header)) throw COMMON_ERRORS.missingAuthentication[protocol]();
  const authorization = parseSigV4Authorization(header!);
  if (!authorization) {
    throw COMMON_ERRORS.incompleteSignature[protocol](
      "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.",
    );
  }
  const { iam } = context.world();
  const found = iam.findAccessKey(authorization.accessKeyId);
  if (!found || found.key.status !== "Active") throw COMMON_ERRORS.unknownKey[protocol]();
  const check = await checkSigV4Signature(
    { method: request.method ?? "GET", url: request.url ?? "/", headers: request.headers, body },
    authorization,
    found.key.secretAccessKey,
  );
  if (check === "incomplete") {
    throw COMMON_ERRORS.incompleteSignature[protocol](
      "The request must carry X-Amz-Date and Host, and sign every header it lists in SignedHeaders.",
    );
  }
  if (check === "mismatch") throw COMMON_ERRORS.signatureMismatch[protocol]();
  // The world may have been replaced while the signature was checked: use the key as it is now.
  const current = context.world().iam.findAccessKey(authorization.accessKeyId);
  if (!current) throw COMMON_ERRORS.unknownKey[protocol]();
  return {
    caller: { user: current.user, key: current.key, region: authorization.region },
    service: authorization.service,
  };
}

function authorize(call: Call, protocol: Protocol, action: string, resource: string): void {
  const evaluation = call.iam.evaluate(call.caller.user, action, resource);
  if (evaluation.decision !== "allowed") {
    throw COMMON_ERRORS.accessDenied[protocol](
      accessDeniedMessage(call.caller.user, action, resource, evaluation.decision),
    );
  }
}

async function handleQuery(
  context: AwsApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
  requestId: string,
): Promise<string> {
  const search = (request.url ?? "/").split("?")[1] ?? "";
  const params = new QueryParams(new URLSearchParams(search), new URLSearchParams(body.toString("utf8")));
  const actionName = params.get("Action") ?? "";
  // Until the signature names the service, errors use SES's namespace.
  let service = SES_SERVICE;
  try {
    const { caller, service: signingName } = await authenticate(context, "query", request, body);
    const services: Record<string, [typeof SES_SERVICE, Record<string, QueryOperation>]> = {
      ses: [SES_SERVICE, SES_OPERATIONS],
      iam: [IAM_SERVICE, IAM_OPERATIONS],
    };
    const entry = services[signingName];
    if (entry) service = entry[0];
    const world = context.world();
    world.iam.recordKeyUse(caller.key.accessKeyId, signingName, caller.region);
    const operation = entry && Object.hasOwn(entry[1], actionName) ? entry[1][actionName] : undefined;
    const version = params.get("Version");
    if (!entry || !operation || version !== service.version) {
      const what = actionName === "" ? "(no Action parameter)" : actionName;
      throw new AwsApiError(
        "InvalidAction",
        400,
        entry
          ? `Could not find operation ${what} for version ${version ?? "(none)"}. The SES simulator answers: ${Object.keys(entry[1]).join(", ")} (Version ${service.version}).`
          : `The SES simulator does not simulate the "${signingName}" service (requests signed for "ses" or "iam" only).`,
      );
    }
    if (world.scenario.throttleApiCalls) throw COMMON_ERRORS.throttled.query();
    const call: QueryCall = { caller, world, iam: world.iam, context, params };
    authorize(call, "query", operation.action, operation.resource?.(call) ?? "*");
    const result = operation.run(call);
    sendQueryResult(response, service, actionName, requestId, result);
    return `${signingName} ${actionName} by ${caller.key.accessKeyId}: 200`;
  } catch (error) {
    if (!(error instanceof AwsApiError)) throw error;
    sendQueryError(response, service, requestId, error);
    return `query ${actionName || "(no Action)"}: ${error.status} ${error.code}`;
  }
}

async function handleRestJson(
  context: AwsApiContext,
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
  requestId: string,
): Promise<string> {
  const method = request.method ?? "GET";
  const pathname = (request.url ?? "/").split("?")[0]!;
  try {
    const { caller, service } = await authenticate(context, "rest-json", request, body);
    const world = context.world();
    world.iam.recordKeyUse(caller.key.accessKeyId, service, caller.region);
    let found: { operation: JsonOperation; match: RegExpExecArray } | undefined;
    for (const candidate of SESV2_OPERATIONS) {
      const match = candidate.method === method ? candidate.path.exec(pathname) : null;
      if (match) found = { operation: candidate, match };
    }
    if (service !== "ses" || !found) {
      throw new AwsApiError(
        "UnknownOperationException",
        404,
        `The SES simulator does not simulate ${method} ${pathname}. It answers: ${SESV2_OPERATIONS.map((op) => `${op.name} (${op.method} ${op.template})`).join(", ")}.`,
      );
    }
    if (world.scenario.throttleApiCalls) throw COMMON_ERRORS.throttled["rest-json"]();
    let input: unknown = undefined;
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString("utf8"));
      } catch {
        throw badRequest("The request body is not valid JSON.");
      }
    }
    const { operation, match } = found;
    const call: JsonCall = { caller, world, iam: world.iam, context, match, body: input };
    authorize(call, "rest-json", operation.action, operation.resource?.(call) ?? "*");
    sendJsonResult(response, requestId, operation.run(call));
    return `sesv2 ${operation.name} by ${caller.key.accessKeyId}: 200`;
  } catch (error) {
    if (!(error instanceof AwsApiError)) throw error;
    sendJsonError(response, requestId, error);
    return `sesv2 ${method} ${pathname}: ${error.status} ${error.code}`;
  }
}

/** Answers one AWS API request (see isAwsApiRequest) in the wire format of its protocol. */
export async function handleAwsApiRequest(
  context: AwsApiContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const pathname = (request.url ?? "/").split("?")[0]!;
  const protocol: Protocol = pathname.startsWith("/v2/") ? "rest-json" : "query";
  const requestId = randomUUID();
  let body: Buffer;
  try {
    body = await readBody(request);
  } catch (error) {
    if (!(error instanceof AwsApiError)) throw error;
    if (protocol === "query") sendQueryError(response, SES_SERVICE, requestId, error);
    else sendJsonError(response, requestId, error);
    return;
  }
  try {
    const line =
      protocol === "query"
        ? await handleQuery(context, request, response, body, requestId)
        : await handleRestJson(context, request, response, body, requestId);
    context.log(`api ${line}`);
  } catch (error) {
    // A bug in the simulator: answer like AWS's internal failure rather than dropping the request.
    const message = error instanceof Error ? error.message : String(error);
    context.log(`api ${request.method} ${request.url} failed: ${message}`);
    if (response.headersSent) return void response.end();
    const failure = new AwsApiError(
      protocol === "query" ? "InternalFailure" : "InternalServerErrorException",
      500,
      message,
    );
    if (protocol === "query") sendQueryError(response, SES_SERVICE, requestId, failure);
    else sendJsonError(response, requestId, failure);
  }
}

/** The IAM actions each simulated operation needs, for documentation and tests. */
export const SIMULATED_AWS_OPERATIONS = {
  ses: Object.fromEntries(Object.entries(SES_OPERATIONS).map(([name, operation]) => [name, operation.action])),
  sesv2: Object.fromEntries(SESV2_OPERATIONS.map((operation) => [operation.name, operation.action])),
  iam: Object.fromEntries(Object.entries(IAM_OPERATIONS).map(([name, operation]) => [name, operation.action])),
} as const;
