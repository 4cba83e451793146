// The simulator's IAM: users with their access keys, tags, inline policies and group memberships,
// groups with their inline policies, and one policy evaluation that both the SMTP side ("may this
// user send?") and the API side (SimulatePrincipalPolicy, and every API call's own permission
// check) use. Built from the scenario; the IAM API calls change it in memory.
import { createHash, randomInt } from "node:crypto";
import type { SesSimulatorScenario, SimulatedIamUser } from "./scenario";

export const SENDING_GROUP_NAME = "AWSSESSendingGroupDoNotRename";
export const SENDING_POLICY_NAME = "AmazonSesSendingAccess";
/** The policy the SES console creates for SMTP users (user policy before September 2024, group policy since). */
export const SENDING_POLICY_DOCUMENT = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "ses:SendRawEmail", Resource: "*" }],
});
/** The tag the console put on SMTP users that got the inline policy. */
export const CONSOLE_TAG = { key: "InvokedBy", value: "SESConsole" } as const;
/** IAM's limit of access keys per user. */
export const MAX_ACCESS_KEYS_PER_USER = 2;
/** The name under which a scenario user's `permissions` appear in SimulatePrincipalPolicy's MatchedStatements. */
export const SCENARIO_PERMISSIONS_POLICY_ID = "ScenarioPermissions";

/**
 * An error the simulated AWS API answers with: AWS's error code (the query protocol's Code, the
 * JSON protocol's x-amzn-ErrorType), its HTTP status and AWS's message.
 */
export class AwsApiError extends Error {
  override name = "AwsApiError";
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const noSuchUser = (name: string) =>
  new AwsApiError("NoSuchEntity", 404, `The user with name ${name} cannot be found.`);
export const noSuchGroup = (name: string) =>
  new AwsApiError("NoSuchEntity", 404, `The group with name ${name} cannot be found.`);

export interface IamTag {
  Key: string;
  Value: string;
}

export interface IamAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
  status: "Active" | "Inactive";
  createDate: Date;
  lastUsed?: { date: Date; serviceName: string; region: string };
}

export interface IamUser {
  name: string;
  userId: string;
  path: string;
  arn: string;
  createDate: Date;
  tags: IamTag[];
  /** Inline user policies: name → policy document (JSON text). */
  inlinePolicies: Map<string, string>;
  /** Names of the groups the user is in, in the order it joined them. */
  groups: string[];
  /** The scenario's `permissions`: action patterns allowed on every resource. */
  permissions: string[];
  accessKeys: IamAccessKey[];
}

export interface IamGroup {
  name: string;
  groupId: string;
  path: string;
  arn: string;
  createDate: Date;
  inlinePolicies: Map<string, string>;
}

export type EvalDecision = "allowed" | "explicitDeny" | "implicitDeny";

export interface MatchedStatement {
  SourcePolicyId: string;
  SourcePolicyType: "user" | "group" | "user-managed";
}

export interface Evaluation {
  decision: EvalDecision;
  matched: MatchedStatement[];
}

interface PolicyStatement {
  effect: "Allow" | "Deny";
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
}

const malformed = (detail: string) => new AwsApiError("MalformedPolicyDocument", 400, detail);

function stringList(value: unknown, field: string): string[] {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((entry) => typeof entry === "string")) {
    throw malformed(`Syntax errors in policy: ${field} must be a string or a list of strings.`);
  }
  return list as string[];
}

/**
 * Reads an identity-based policy document the way IAM checks one on Put*Policy: a JSON object
 * with Statement(s) of Effect, Action/NotAction and Resource/NotResource. Conditions are accepted
 * and ignored by the evaluation (the simulator has no request context to test them against).
 */
export function parsePolicyDocument(text: string): PolicyStatement[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw malformed("Syntax errors in policy.");
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw malformed("Syntax errors in policy.");
  }
  const statementValue = (document as Record<string, unknown>).Statement;
  const statements = Array.isArray(statementValue) ? statementValue : [statementValue];
  if (statementValue === undefined || statements.length === 0) throw malformed("Syntax errors in policy.");
  return statements.map((raw): PolicyStatement => {
    if (typeof raw !== "object" || raw === null) throw malformed("Syntax errors in policy.");
    const statement = raw as Record<string, unknown>;
    if ("Principal" in statement || "NotPrincipal" in statement) {
      throw malformed("Policy document should not specify a principal.");
    }
    if (statement.Effect !== "Allow" && statement.Effect !== "Deny") {
      throw malformed("Syntax errors in policy: Effect must be Allow or Deny.");
    }
    if ("Action" in statement === "NotAction" in statement) {
      throw malformed("Syntax errors in policy: a statement needs Action or NotAction.");
    }
    if ("Resource" in statement === "NotResource" in statement) {
      throw malformed("Policy statement must contain resources.");
    }
    return {
      effect: statement.Effect,
      ...("Action" in statement ? { actions: stringList(statement.Action, "Action") } : {}),
      ...("NotAction" in statement ? { notActions: stringList(statement.NotAction, "NotAction") } : {}),
      ...("Resource" in statement ? { resources: stringList(statement.Resource, "Resource") } : {}),
      ...("NotResource" in statement ? { notResources: stringList(statement.NotResource, "NotResource") } : {}),
    };
  });
}

const patternCache = new Map<string, RegExp>();
/** IAM's wildcard match: * is any run of characters, ? one character; actions ignore case. */
export function wildcardMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const cacheKey = `${ignoreCase ? "i" : "s"}${pattern}`;
  let regex = patternCache.get(cacheKey);
  if (!regex) {
    const source = pattern
      .split("")
      .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[.+^${}()|[\]\\/-]/g, "\\$&")))
      .join("");
    regex = new RegExp(`^${source}$`, ignoreCase ? "is" : "s");
    patternCache.set(cacheKey, regex);
  }
  return regex.test(value);
}

function statementApplies(statement: PolicyStatement, action: string, resource: string): boolean {
  const actionMatches = statement.actions
    ? statement.actions.some((pattern) => wildcardMatches(pattern, action, true))
    : !statement.notActions!.some((pattern) => wildcardMatches(pattern, action, true));
  if (!actionMatches) return false;
  // Resource "*" in a simulation means "any resource": only statements for every resource apply.
  return statement.resources
    ? statement.resources.some((pattern) => wildcardMatches(pattern, resource, false))
    : !statement.notResources!.some((pattern) => wildcardMatches(pattern, resource, false));
}

/** An id like IAM's: a 4-letter prefix and 17 capitals/digits, stable for the same account and name. */
function stableId(prefix: string, accountId: string, name: string): string {
  const digest = createHash("sha256").update(`${accountId}/${prefix}/${name}`).digest();
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  return prefix + Array.from(digest.subarray(0, 17), (byte) => alphabet[byte % alphabet.length]).join("");
}

const CAPITALS_AND_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const randomText = (alphabet: string, length: number) =>
  Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join("");

export class SimulatedIam {
  readonly accountId: string;
  readonly #now: () => number;
  /** By lower-case name: IAM names are unique regardless of case. */
  readonly #users = new Map<string, IamUser>();
  readonly #groups = new Map<string, IamGroup>();

  constructor(accountId: string, now: () => number = Date.now) {
    this.accountId = accountId;
    this.#now = now;
  }

  /** The IAM world a scenario describes; see SimulatedIamUser.sendingPolicy for what each policy becomes. */
  static fromScenario(scenario: SesSimulatorScenario, now: () => number = Date.now): SimulatedIam {
    const iam = new SimulatedIam(scenario.accountId, now);
    for (const entry of scenario.users) iam.#addScenarioUser(entry);
    return iam;
  }

  #addScenarioUser(entry: SimulatedIamUser): void {
    const tags = Object.entries(entry.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
    const user = this.createUser(entry.name, tags);
    user.permissions = [...(entry.permissions ?? [])];
    if (entry.accessKeyId !== undefined && entry.secretAccessKey !== undefined) {
      user.accessKeys.push({
        accessKeyId: entry.accessKeyId,
        secretAccessKey: entry.secretAccessKey,
        status: "Active",
        createDate: user.createDate,
      });
    }
    if (entry.sendingPolicy === "inline") {
      user.inlinePolicies.set(SENDING_POLICY_NAME, SENDING_POLICY_DOCUMENT);
      if (!user.tags.some((tag) => tag.Key === CONSOLE_TAG.key)) {
        user.tags.push({ Key: CONSOLE_TAG.key, Value: CONSOLE_TAG.value });
      }
    } else if (entry.sendingPolicy === "group") {
      if (!this.findGroup(SENDING_GROUP_NAME)) {
        this.createGroup(SENDING_GROUP_NAME);
        this.putGroupPolicy(SENDING_GROUP_NAME, SENDING_POLICY_NAME, SENDING_POLICY_DOCUMENT);
      }
      this.addUserToGroup(SENDING_GROUP_NAME, user.name);
    }
  }

  userArn(name: string, path = "/"): string {
    return `arn:aws:iam::${this.accountId}:user${path}${name}`;
  }

  groupArn(name: string, path = "/"): string {
    return `arn:aws:iam::${this.accountId}:group${path}${name}`;
  }

  users(): IamUser[] {
    return [...this.#users.values()];
  }

  findUser(name: string): IamUser | undefined {
    return this.#users.get(name.toLowerCase());
  }

  findGroup(name: string): IamGroup | undefined {
    return this.#groups.get(name.toLowerCase());
  }

  getUser(name: string): IamUser {
    const user = this.findUser(name);
    if (!user) throw noSuchUser(name);
    return user;
  }

  getGroup(name: string): IamGroup {
    const group = this.findGroup(name);
    if (!group) throw noSuchGroup(name);
    return group;
  }

  /** The user an access key id belongs to, and the key. */
  findAccessKey(accessKeyId: string): { user: IamUser; key: IamAccessKey } | undefined {
    for (const user of this.#users.values()) {
      const key = user.accessKeys.find((candidate) => candidate.accessKeyId === accessKeyId);
      if (key) return { user, key };
    }
    return undefined;
  }

  groupsOf(user: IamUser): IamGroup[] {
    return user.groups.map((name) => this.findGroup(name)).filter((group): group is IamGroup => group !== undefined);
  }

  /**
   * IAM's identity-based evaluation of `action` on `resource` for a user (its scenario
   * permissions, inline policies and its groups' inline policies) or a group: an explicit deny
   * wins, then any allow; otherwise an implicit deny.
   */
  evaluate(principal: IamUser | IamGroup, action: string, resource: string): Evaluation {
    const sources: { id: string; type: MatchedStatement["SourcePolicyType"]; statements: PolicyStatement[] }[] = [];
    if ("permissions" in principal) {
      if (principal.permissions.length > 0) {
        sources.push({
          id: SCENARIO_PERMISSIONS_POLICY_ID,
          type: "user-managed",
          statements: [{ effect: "Allow", actions: principal.permissions, resources: ["*"] }],
        });
      }
      for (const [name, document] of principal.inlinePolicies) {
        sources.push({ id: name, type: "user", statements: parsePolicyDocument(document) });
      }
      for (const group of this.groupsOf(principal)) {
        for (const [name, document] of group.inlinePolicies) {
          sources.push({ id: name, type: "group", statements: parsePolicyDocument(document) });
        }
      }
    } else {
      for (const [name, document] of principal.inlinePolicies) {
        sources.push({ id: name, type: "group", statements: parsePolicyDocument(document) });
      }
    }
    const allows: MatchedStatement[] = [];
    const denies: MatchedStatement[] = [];
    for (const source of sources) {
      for (const statement of source.statements) {
        if (!statementApplies(statement, action, resource)) continue;
        (statement.effect === "Deny" ? denies : allows).push({
          SourcePolicyId: source.id,
          SourcePolicyType: source.type,
        });
      }
    }
    if (denies.length > 0) return { decision: "explicitDeny", matched: denies };
    if (allows.length > 0) return { decision: "allowed", matched: allows };
    return { decision: "implicitDeny", matched: [] };
  }

  isAllowed(user: IamUser, action: string, resource: string): boolean {
    return this.evaluate(user, action, resource).decision === "allowed";
  }

  createUser(name: string, tags: IamTag[] = [], path = "/"): IamUser {
    if (this.findUser(name))
      throw new AwsApiError("EntityAlreadyExists", 409, `User with name ${name} already exists.`);
    const user: IamUser = {
      name,
      userId: stableId("AIDA", this.accountId, name.toLowerCase()),
      path,
      arn: this.userArn(name, path),
      createDate: new Date(this.#now()),
      tags: [...tags],
      inlinePolicies: new Map(),
      groups: [],
      permissions: [],
      accessKeys: [],
    };
    this.#users.set(name.toLowerCase(), user);
    return user;
  }

  createGroup(name: string, path = "/"): IamGroup {
    if (this.findGroup(name))
      throw new AwsApiError("EntityAlreadyExists", 409, `Group with name ${name} already exists.`);
    const group: IamGroup = {
      name,
      groupId: stableId("AGPA", this.accountId, name.toLowerCase()),
      path,
      arn: this.groupArn(name, path),
      createDate: new Date(this.#now()),
      inlinePolicies: new Map(),
    };
    this.#groups.set(name.toLowerCase(), group);
    return group;
  }

  putGroupPolicy(groupName: string, policyName: string, document: string): void {
    const group = this.getGroup(groupName);
    parsePolicyDocument(document);
    group.inlinePolicies.set(policyName, document);
  }

  putUserPolicy(userName: string, policyName: string, document: string): void {
    const user = this.getUser(userName);
    parsePolicyDocument(document);
    user.inlinePolicies.set(policyName, document);
  }

  deleteUserPolicy(userName: string, policyName: string): void {
    const user = this.getUser(userName);
    if (!user.inlinePolicies.delete(policyName)) {
      throw new AwsApiError("NoSuchEntity", 404, `The user policy with name ${policyName} cannot be found.`);
    }
  }

  deleteGroupPolicy(groupName: string, policyName: string): void {
    const group = this.getGroup(groupName);
    if (!group.inlinePolicies.delete(policyName)) {
      throw new AwsApiError("NoSuchEntity", 404, `The group policy with name ${policyName} cannot be found.`);
    }
  }

  addUserToGroup(groupName: string, userName: string): void {
    const group = this.getGroup(groupName);
    const user = this.getUser(userName);
    if (!user.groups.some((name) => name.toLowerCase() === group.name.toLowerCase())) user.groups.push(group.name);
  }

  removeUserFromGroup(groupName: string, userName: string): void {
    const group = this.getGroup(groupName);
    const user = this.getUser(userName);
    const index = user.groups.findIndex((name) => name.toLowerCase() === group.name.toLowerCase());
    if (index === -1) {
      throw new AwsApiError("NoSuchEntity", 404, `The user ${user.name} is not in the group ${group.name}.`);
    }
    user.groups.splice(index, 1);
  }

  /** A new key: AKIA + 16 capitals/digits and a 40-character secret, as IAM makes them. */
  createAccessKey(userName: string): IamAccessKey {
    const user = this.getUser(userName);
    if (user.accessKeys.length >= MAX_ACCESS_KEYS_PER_USER) {
      throw new AwsApiError(
        "LimitExceeded",
        409,
        `Cannot exceed quota for AccessKeysPerUser: ${MAX_ACCESS_KEYS_PER_USER}`,
      );
    }
    let accessKeyId: string;
    do accessKeyId = `AKIA${randomText(CAPITALS_AND_DIGITS, 16)}`;
    while (this.findAccessKey(accessKeyId));
    const key: IamAccessKey = {
      accessKeyId,
      secretAccessKey: randomText(SECRET_ALPHABET, 40),
      status: "Active",
      createDate: new Date(this.#now()),
    };
    user.accessKeys.push(key);
    return key;
  }

  deleteAccessKey(userName: string, accessKeyId: string): void {
    const user = this.getUser(userName);
    const index = user.accessKeys.findIndex((key) => key.accessKeyId === accessKeyId);
    if (index === -1) {
      throw new AwsApiError("NoSuchEntity", 404, `The Access Key with id ${accessKeyId} cannot be found.`);
    }
    user.accessKeys.splice(index, 1);
  }

  tagUser(userName: string, tags: IamTag[]): void {
    const user = this.getUser(userName);
    const merged = user.tags.map((tag) => ({ ...tag }));
    for (const tag of tags) {
      const existing = merged.find((candidate) => candidate.Key === tag.Key);
      if (existing) existing.Value = tag.Value;
      else merged.push({ ...tag });
    }
    if (merged.length > 50) throw new AwsApiError("LimitExceeded", 409, "Cannot exceed quota for TagsPerUser: 50");
    user.tags = merged;
  }

  untagUser(userName: string, keys: string[]): void {
    const user = this.getUser(userName);
    user.tags = user.tags.filter((tag) => !keys.includes(tag.Key));
  }

  /** Notes a successful use of a key, for GetAccessKeyLastUsed. */
  recordKeyUse(accessKeyId: string, serviceName: string, region: string): void {
    const found = this.findAccessKey(accessKeyId);
    if (found) found.key.lastUsed = { date: new Date(this.#now()), serviceName, region };
  }
}
