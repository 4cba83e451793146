// Tailors the explanation of sign-in and permission failures to the settings. SES answers every
// credential problem with the same 535, so what the user name and password look like decides which
// reason comes first; an IAM refusal names the user, action and resource, which are named back.
// Browser-safe: no Node imports.

import { AUTH_FAILED_REASONS } from "./causes";
import { classifyPassword, classifyUsername } from "./credential-shapes";
import type { Diagnosis } from "./diagnose";
import { regionOf, type Facts } from "./diagnosis-signals";
import { putFirst, quoteReply } from "./diagnosis-wording";
import { parseAccessDenied } from "./smtp-reply";

function hasOuterWhitespace(value: string | undefined): boolean {
  return value !== undefined && value !== value.trim();
}

export function explainAuthFailure(d: Diagnosis, facts: Facts): void {
  if (facts.signals.fromSdk) return explainApiKeyRejected(d, facts);
  const { settings, reply } = facts;
  const region = regionOf(facts);
  const quoted = quoteReply(reply);
  if (quoted) {
    d.summary = `SES refused the sign-in with ${quoted}. It gives this one answer for every kind of credential problem, so the likely reasons are listed below, most likely first.`;
  }
  const wrongRegion = region
    ? `SMTP credentials only work in the region they were created for, and this connection goes to ${region}. Credentials created, or a password derived, for any other region fail here.`
    : AUTH_FAILED_REASONS.wrongRegion;
  const reasons: string[] = [
    wrongRegion,
    AUTH_FAILED_REASONS.whitespace,
    AUTH_FAILED_REASONS.keyInactive,
    AUTH_FAILED_REASONS.userDeleted,
  ];
  const password = settings.password;
  if (password === undefined) {
    // Without the password, the most common mistake of all can't be ruled out.
    reasons.splice(1, 0, AUTH_FAILED_REASONS.awsKeys);
  } else {
    const trimmed = password.trim();
    if (!/\s/.test(password)) reasons.splice(reasons.indexOf(AUTH_FAILED_REASONS.whitespace), 1);
    const kind = classifyPassword(trimmed);
    if (kind === "access-key-id") {
      putFirst(
        reasons,
        "The password field holds an access key ID (starting with AKIA or ASIA), not the SMTP password. The access key ID belongs in the user name field.",
      );
    } else if (kind === "other") {
      putFirst(
        reasons,
        `The password isn't shaped like an SMTP password: those are 44 characters and start with “B”, and this one is ${trimmed.length} characters. It may be an AWS console password or a different value altogether.`,
      );
    }
    if (/\s/.test(password)) {
      putFirst(
        reasons,
        hasOuterWhitespace(password)
          ? "The password has a space or line break before or after it, copied along with it."
          : "The password contains a space or line break. SMTP passwords never do, so part of it was copied wrongly.",
        AUTH_FAILED_REASONS.whitespace,
      );
    }
  }
  const username = settings.username;
  if (username !== undefined) {
    const kind = classifyUsername(username.trim());
    if (hasOuterWhitespace(username)) {
      putFirst(reasons, "The user name has a space or line break before or after it, copied along with it.");
    }
    if (username.includes("@")) {
      putFirst(
        reasons,
        "The user name is an email address. The SMTP user name is an access key ID: 20 characters starting with AKIA, shown next to the SMTP password when the credentials were created.",
      );
    } else if (kind === "iam-user-name") {
      putFirst(
        reasons,
        `The user name “${username.trim()}” looks like an IAM user name. The SMTP user name is the access key ID: 20 characters starting with AKIA, shown next to the SMTP password when the credentials were created.`,
      );
    }
  }
  d.reasons = reasons;
  if (region) {
    d.fixSteps[0] = `Check the region: this connection goes to ${region} (email-smtp.${region}.amazonaws.com), so the credentials must have been created, or the password derived, for ${region}.`;
  }
}

// The API signs with the access key and secret directly: no region binding, no SMTP password.
export function explainApiKeyRejected(d: Diagnosis, facts: Facts): void {
  const signatureMismatch =
    facts.signals.sdkName === "SignatureDoesNotMatch" ||
    /signature we calculated does not match/i.test(facts.signals.text);
  d.title = "AWS didn't accept the access key";
  d.summary = signatureMismatch
    ? "AWS refused the request because the secret access key doesn't belong to the access key ID."
    : "AWS refused the request because it doesn't know the access key ID: it was deleted, deactivated or mistyped.";
  const smtpForApi =
    "The SMTP user name and password were entered where the AWS access key ID and secret access key belong. The SMTP password is derived from the secret and can't be used in its place.";
  d.reasons = signatureMismatch
    ? [
        "The secret access key is wrong or belongs to a different access key ID.",
        smtpForApi,
        AUTH_FAILED_REASONS.whitespace,
      ]
    : [
        "The access key ID was deleted or deactivated in IAM, or has a typo.",
        "The access key is a temporary (STS) key used without its session token.",
        AUTH_FAILED_REASONS.whitespace,
      ];
  d.fixSteps = [
    "IAM console → Users → the user → Security credentials → Access keys: check the key exists and is active.",
    "Enter the access key ID and secret access key again, with no spaces before or after.",
    "If the secret is lost, create a new access key there (AWS shows the secret only once).",
  ];
}

export function explainSecretKeyAsPassword(d: Diagnosis, facts: Facts): void {
  const region = regionOf(facts);
  if (region) {
    d.fixSteps[0] = `Let Inflowave derive the SMTP password for ${region} from this secret access key (AWS documents how). The key's IAM user also needs permission to send (ses:SendRawEmail).`;
  }
  const username = facts.settings.username?.trim();
  if (username && classifyUsername(username) === "long-term") {
    d.reasons.push("The user name is already right: it's an access key ID (AKIA…). Only the password needs changing.");
  }
}

export function explainLegacyCredentials(d: Diagnosis, facts: Facts): void {
  const saidBySes = /Signature Version 2\b|\bSigV2\b/i.test(facts.signals.text);
  if (saidBySes) {
    d.summary = `SES says these credentials use Signature Version 2, which it no longer accepts. ${d.summary}`;
  } else {
    d.summary =
      "The password is 44 characters and starts with “A”, the mark of a Signature Version 2 SMTP password. SES no longer accepts those (they come from credentials created before January 2019), so they need replacing.";
    const derived = d.reasons[1];
    if (derived) putFirst(d.reasons, derived);
  }
}

export function explainTemporaryCredentials(d: Diagnosis, facts: Facts): void {
  if (!facts.settings.username?.trim().startsWith("ASIA") && /expired/i.test(facts.signals.text)) {
    d.summary =
      "AWS says the security token has expired: the key is a temporary (STS) key from a role or a sign-in session. SES SMTP only accepts credentials made from a permanent IAM user access key (starting with AKIA).";
  }
}

function describePrincipal(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const name = arn.slice(arn.lastIndexOf("/") + 1);
  if (arn.includes(":assumed-role/")) return `the role session ${name}`;
  if (arn.includes(":role/")) return `the role ${name}`;
  if (arn.includes(":user/")) return `the IAM user ${name}`;
  return arn;
}

export function explainAccessDenied(d: Diagnosis, facts: Facts): void {
  const details = parseAccessDenied(facts.signals.text);
  const principal = describePrincipal(details?.principal);
  const action = details?.action;
  const resource = details?.resource;
  const who = principal ?? "the IAM user behind these credentials";

  if (action && /^ses:/i.test(action) && !/^ses:Send/i.test(action)) {
    // Not a send: an account check (GetSendQuota, GetAccount …) made with a key that may only send.
    d.title = "This AWS key isn't allowed to read SES settings";
    d.summary = `AWS refused ${action} for ${who}${details?.principal ? ` (${details.principal})` : ""}. The key used can't do that.`;
    d.reasons = [
      "The key belongs to the SMTP user, whose policy only allows sending (ses:SendRawEmail). Account checks need a key whose policy also allows reading SES settings.",
      `No policy attached to ${who} allows ${action}.`,
      "An organization policy (SCP) or a permissions boundary denies it.",
    ];
    d.fixSteps = [
      `Use a separate key whose IAM policy allows ${action} (and the other read actions Inflowave's account checks use).`,
      `Or add ${action} to the user's permissions: IAM console → Users → the user → Add permissions.`,
      "Don't add read permissions to the SMTP user itself: keep the sending credentials limited to sending.",
    ];
    return;
  }

  const onResource = resource ? ` on ${resource}` : "";
  d.summary = `SES refused the message because ${who}${details?.principal ? ` (${details.principal})` : ""} isn't allowed to send (${action ?? "ses:SendRawEmail"})${onResource}.`;
  if (resource?.includes(":identity/")) {
    const identity = resource.slice(resource.indexOf(":identity/") + ":identity/".length);
    const limited = d.reasons[1];
    if (limited) {
      d.reasons[1] = `The policy's Resource is limited to some identities and doesn't cover ${identity}, so sending as ${identity} is refused.`;
    }
  }
  if (resource?.includes(":configuration-set/")) {
    const set = resource.slice(resource.indexOf(":configuration-set/") + ":configuration-set/".length);
    putFirst(
      d.reasons,
      `The policy's Resource doesn't include the configuration set ${set}. When a message uses a configuration set, SES checks permission on the set as well as on the identity.`,
    );
  }
  if (details?.explicitDeny) {
    putFirst(
      d.reasons,
      "AWS reports an explicit deny: a service control policy (SCP), a permissions boundary or a Deny statement blocks sending, and no Allow can override it.",
    );
  }
}

const CONSOLE_PERMISSIONS = [
  "iam:CreateUser",
  "iam:CreateGroup",
  "iam:PutGroupPolicy",
  "iam:AddUserToGroup",
  "iam:CreateAccessKey",
];

export function explainConsolePermissions(d: Diagnosis, facts: Facts): void {
  const details = parseAccessDenied(facts.signals.text);
  const action = details?.action;
  if (!action) return;
  const who = describePrincipal(details?.principal) ?? "your AWS user";
  d.summary = `AWS refused ${action} for ${who}. The SES console needs it to create SMTP credentials, because it creates an IAM user, a group and an access key for them.`;
  const known = CONSOLE_PERMISSIONS.some((permission) => permission.toLowerCase() === action.toLowerCase());
  d.reasons.unshift(
    known
      ? `Your user doesn't have ${action}, one of the five permissions the console needs (${CONSOLE_PERMISSIONS.join(", ")}).`
      : `Your user doesn't have ${action}. The console asked for it while creating SMTP credentials.`,
  );
}
