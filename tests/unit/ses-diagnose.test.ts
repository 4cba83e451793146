import { describe, expect, it } from "vitest";
import { Secret } from "@/lib/crypto/secret";
import { CAUSE_TABLE, CAUSES } from "@/lib/ses/causes";
import { DIAGNOSIS_CAUSES, diagnose, parseSmtpReply, type DiagnosisCause } from "@/lib/ses/diagnose";
import { parseAccessDenied, parseUnverifiedIdentities } from "@/lib/ses/smtp-reply";
import {
  EXAMPLE_ACCESS_KEY_ID,
  EXAMPLE_SECRET_ACCESS_KEY,
  EXAMPLE_SIGV2_PASSWORD,
  EXAMPLE_SMTP_PASSWORD,
  EXAMPLE_TEMPORARY_KEY_ID,
  SES_REPLY_CORPUS,
} from "./fixtures/ses-replies";

// Decided here, not read from the table, so a wrong `retryable` in causes.ts fails a test.
const TRANSIENT_CAUSES: readonly DiagnosisCause[] = [
  "max-send-rate-exceeded",
  "daily-quota-exceeded",
  "temporary-service-failure",
  "too-many-connections",
];

const PLAIN_535 = "535 Authentication Credentials Invalid";

describe("the reply corpus", () => {
  it.each(SES_REPLY_CORPUS.map((entry, index) => [`#${index} ${entry.cause} (${entry.source})`, entry] as const))(
    "%s",
    (_name, entry) => {
      expect(diagnose(entry.input, entry.context).cause).toBe(entry.cause);
    },
  );

  it("covers every cause with at least two real replies or errors", () => {
    for (const cause of DIAGNOSIS_CAUSES) {
      const cases = SES_REPLY_CORPUS.filter((entry) => entry.cause === cause);
      expect(cases.length, cause).toBeGreaterThanOrEqual(2);
    }
  });

  it("marks exactly the transient causes as retryable", () => {
    for (const entry of SES_REPLY_CORPUS) {
      expect(diagnose(entry.input, entry.context).retryable, entry.source).toBe(TRANSIENT_CAUSES.includes(entry.cause));
    }
    for (const cause of DIAGNOSIS_CAUSES) {
      expect(CAUSES[cause].retryable, cause).toBe(TRANSIENT_CAUSES.includes(cause));
    }
  });
});

describe("the contract", () => {
  it("keeps the cause names other parts rely on", () => {
    expect(DIAGNOSIS_CAUSES).toEqual([
      "auth-failed",
      "aws-secret-key-as-password",
      "legacy-sigv2-credentials",
      "temporary-credentials",
      "account-not-subscribed",
      "sandbox-unverified-address",
      "missing-sending-policy",
      "max-send-rate-exceeded",
      "daily-quota-exceeded",
      "account-sending-paused",
      "configuration-set-missing",
      "message-too-large",
      "invalid-address",
      "starttls-required",
      "auth-required",
      "tls-mode-mismatch",
      "tls-certificate-error",
      "endpoint-not-found",
      "connection-refused",
      "connection-timeout",
      "too-many-connections",
      "temporary-service-failure",
      "iam-console-permissions-missing",
      "unknown",
    ]);
  });
});

describe("the cause table", () => {
  it("has one complete entry per cause, linking only to AWS documentation", () => {
    expect(CAUSE_TABLE.map((entry) => entry.cause).sort()).toEqual([...DIAGNOSIS_CAUSES].sort());
    for (const cause of DIAGNOSIS_CAUSES) {
      const entry = CAUSES[cause];
      expect(entry.title.trim(), cause).not.toBe("");
      expect(entry.summary.trim(), cause).not.toBe("");
      expect(entry.reasons.length, cause).toBeGreaterThan(0);
      expect(entry.fixSteps.length, cause).toBeGreaterThan(0);
      expect(entry.links.length, cause).toBeGreaterThan(0);
      for (const link of entry.links) {
        expect(link.url, cause).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
        expect(link.title.trim(), cause).not.toBe("");
      }
      expect(new Set(entry.links.map((link) => link.url)).size, `${cause}: duplicate links`).toBe(entry.links.length);
    }
  });

  it("links the five pages of Inflowave's SES guide where they belong", () => {
    const urls = (cause: DiagnosisCause) => CAUSES[cause].links.map((link) => link.url);
    expect(urls("auth-failed")).toContain("https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html");
    expect(urls("aws-secret-key-as-password")).toContain(
      "https://docs.aws.amazon.com/ses/latest/dg/send-email-concepts-credentials.html",
    );
    expect(urls("endpoint-not-found")).toContain("https://docs.aws.amazon.com/general/latest/gr/ses.html");
    expect(urls("sandbox-unverified-address")).toContain(
      "https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html",
    );
    expect(urls("daily-quota-exceeded")).toContain("https://docs.aws.amazon.com/ses/latest/dg/quotas.html");
  });

  it("uses no stateful (global or sticky) patterns", () => {
    for (const entry of CAUSE_TABLE) {
      for (const pattern of entry.match.text ?? []) expect(pattern.flags, String(pattern)).not.toMatch(/[gy]/);
    }
  });
});

describe("context sharpens a 535", () => {
  it("turns the same reply into four causes with four contexts", () => {
    expect(diagnose(PLAIN_535, { username: EXAMPLE_ACCESS_KEY_ID, password: EXAMPLE_SMTP_PASSWORD }).cause).toBe(
      "auth-failed",
    );
    expect(diagnose(PLAIN_535, { username: EXAMPLE_ACCESS_KEY_ID, password: EXAMPLE_SECRET_ACCESS_KEY }).cause).toBe(
      "aws-secret-key-as-password",
    );
    expect(diagnose(PLAIN_535, { username: EXAMPLE_TEMPORARY_KEY_ID, password: EXAMPLE_SMTP_PASSWORD }).cause).toBe(
      "temporary-credentials",
    );
    expect(diagnose(PLAIN_535, { username: EXAMPLE_ACCESS_KEY_ID, password: EXAMPLE_SIGV2_PASSWORD }).cause).toBe(
      "legacy-sigv2-credentials",
    );
  });

  it("reads a Secret's shape as well as a string's", () => {
    expect(diagnose(PLAIN_535, { password: new Secret(EXAMPLE_SECRET_ACCESS_KEY) }).cause).toBe(
      "aws-secret-key-as-password",
    );
    expect(diagnose(PLAIN_535, { password: new Secret(`  ${EXAMPLE_SECRET_ACCESS_KEY}\n`) }).cause).toBe(
      "aws-secret-key-as-password",
    );
  });

  it("offers to derive the SMTP password for the region when the secret key was pasted", () => {
    const d = diagnose(PLAIN_535, { password: EXAMPLE_SECRET_ACCESS_KEY, region: "eu-west-1" });
    expect(d.fixSteps[0]).toMatch(/derive the SMTP password for eu-west-1/);
    expect(d.fixSteps.join(" ")).toContain("SES console → SMTP settings → Create SMTP credentials");
  });

  it("doesn't call a 40-character secret wrong over the API, where it is the right thing", () => {
    const apiError = Object.assign(new Error("The request signature we calculated does not match"), {
      name: "SignatureDoesNotMatch",
      $metadata: {},
    });
    const d = diagnose(apiError, { password: EXAMPLE_SECRET_ACCESS_KEY });
    expect(d.cause).toBe("auth-failed");
    expect(d.stage).toBe("api");
  });

  it("ranks a plain 535's reasons: region (named), whitespace, inactive key, deleted user", () => {
    const d = diagnose(PLAIN_535, { region: "eu-west-1", username: EXAMPLE_ACCESS_KEY_ID });
    expect(d.cause).toBe("auth-failed");
    const at = (pattern: RegExp) => d.reasons.findIndex((reason) => pattern.test(reason));
    expect(at(/region/)).toBe(0);
    expect(d.reasons[0]).toContain("eu-west-1");
    expect(at(/space or line break/)).toBeGreaterThan(at(/region/));
    expect(at(/deleted or deactivated/)).toBeGreaterThan(at(/space or line break/));
    expect(at(/IAM user .* was deleted/)).toBeGreaterThan(at(/deleted or deactivated/));
    expect(d.fixSteps[0]).toContain("email-smtp.eu-west-1.amazonaws.com");
  });

  it("puts pasted whitespace first when the password carries it, and drops it when it doesn't", () => {
    const padded = diagnose(PLAIN_535, { password: ` ${EXAMPLE_SMTP_PASSWORD}` });
    expect(padded.cause).toBe("auth-failed");
    expect(padded.reasons[0]).toMatch(/space or line break/);
    const clean = diagnose(PLAIN_535, { password: EXAMPLE_SMTP_PASSWORD });
    expect(clean.reasons.some((reason) => /space or line break/.test(reason))).toBe(false);
    expect(clean.reasons[0]).toMatch(/region/);
  });

  it("spots an IAM user name entered as the SMTP user name", () => {
    const d = diagnose(PLAIN_535, { username: "ses-smtp-user.20240101-120000", password: EXAMPLE_SMTP_PASSWORD });
    expect(d.reasons[0]).toMatch(/looks like an IAM user name/);
  });

  it("explains an account that isn't subscribed", () => {
    expect(diagnose("535 Account not subscribed to SES", { password: EXAMPLE_SECRET_ACCESS_KEY }).cause).toBe(
      "account-not-subscribed",
    );
  });
});

describe("554 Email address is not verified", () => {
  const reply =
    "554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: sender@example.com, recipient@example.org";

  it("parses the identities and the region (lower-case)", () => {
    expect(parseUnverifiedIdentities(reply)).toEqual({
      region: "us-east-1",
      identities: ["sender@example.com", "recipient@example.org"],
      truncated: false,
    });
    expect(
      parseUnverifiedIdentities(
        "The following identities failed the check in region AP-SOUTHEAST-2: Ann Mathon <contact@annmathon.com.au>, contact@annmathon.com.au Request Id: babf303a-4172-41ee-809d-ece3163a8fe7",
      ),
    ).toEqual({ region: "ap-southeast-2", identities: ["contact@annmathon.com.au"], truncated: false });
    expect(
      parseUnverifiedIdentities(
        "Email address is not verified. The following identities failed the check in region EU-WEST-1: a@x.com, b@x.com...",
      ),
    ).toMatchObject({ identities: ["a@x.com", "b@x.com"], truncated: true });
  });

  it("explains both readings and names the identities and the region", () => {
    const d = diagnose(reply);
    expect(d.cause).toBe("sandbox-unverified-address");
    expect(d.summary).toContain("sender@example.com");
    expect(d.summary).toContain("recipient@example.org");
    expect(d.summary).toContain("us-east-1");
    expect(d.summary).not.toContain("US-EAST-1");
    expect(d.reasons.some((reason) => /sandbox/.test(reason))).toBe(true);
    expect(d.reasons.some((reason) => /From address .* isn't verified in us-east-1/.test(reason))).toBe(true);
  });

  it("ranks the From reading first when the failing identity is the From address", () => {
    const d = diagnose(reply, { fromAddress: "sender@example.com", toAddress: "someone@elsewhere.net" });
    expect(d.reasons[0]).toMatch(/From address sender@example\.com .* isn't verified in us-east-1/);
    expect(d.reasons[1]).toMatch(/sandbox/);
  });

  it("ranks the From reading first when the failing identity is the From domain", () => {
    const domainReply =
      "554 Message rejected: Email address is not verified. The following identities failed the check in region US-WEST-2: example.com";
    const d = diagnose(domainReply, { fromAddress: "news@example.com" });
    expect(d.reasons[0]).toMatch(/From address example\.com isn't verified in us-west-2/);
  });

  it("ranks the sandbox reading first when the failing identity is the recipient", () => {
    const d = diagnose(reply, { fromAddress: "news@inflowave.test", toAddress: "recipient@example.org" });
    expect(d.reasons[0]).toMatch(/sandbox in us-east-1, and recipient@example\.org isn't a verified recipient/);
    expect(d.reasons[1]).toMatch(/From address/);
  });

  it("says so when SES checked a different region from the one configured", () => {
    const d = diagnose(reply, { region: "eu-west-1", fromAddress: "sender@example.com" });
    expect(d.reasons[0]).toMatch(/SES checked region us-east-1, but these settings are for eu-west-1/);
  });
});

describe("554 Access denied and IAM refusals", () => {
  it("parses user, action and resource in all three spellings", () => {
    expect(
      parseAccessDenied(
        "554 Access denied: User arn:aws:iam::123456789012:user/ses-smtp-user.20240101-120000 is not authorized to perform ses:SendRawEmail on resource arn:aws:ses:us-east-1:123456789012:identity/example.com",
      ),
    ).toEqual({
      principal: "arn:aws:iam::123456789012:user/ses-smtp-user.20240101-120000",
      action: "ses:SendRawEmail",
      resource: "arn:aws:ses:us-east-1:123456789012:identity/example.com",
      explicitDeny: false,
    });
    expect(
      parseAccessDenied(
        "554 Access denied: User `arn:aws:iam::381491960855:user/mwaa-ses' is not authorized to perform `ses:SendRawEmail' on resource `arn:aws:ses:eu-west-2:381491960855:identity/jacob@justice.gov.uk'",
      ),
    ).toMatchObject({
      principal: "arn:aws:iam::381491960855:user/mwaa-ses",
      action: "ses:SendRawEmail",
      resource: "arn:aws:ses:eu-west-2:381491960855:identity/jacob@justice.gov.uk",
    });
    expect(
      parseAccessDenied(
        "User: arn:aws:iam::880656497252:user/JesusLaiz is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::880656497252:user/ with an explicit deny",
      ),
    ).toMatchObject({
      principal: "arn:aws:iam::880656497252:user/JesusLaiz",
      action: "iam:ListUsers",
      explicitDeny: true,
    });
  });

  it("names the user and resource and explains the sending policy", () => {
    const d = diagnose(
      "554 Access denied: User arn:aws:iam::123456789012:user/ses-smtp-user.20240101-120000 is not authorized to perform ses:SendRawEmail on resource arn:aws:ses:us-east-1:123456789012:identity/example.com",
    );
    expect(d.cause).toBe("missing-sending-policy");
    expect(d.stage).toBe("data");
    expect(d.summary).toContain("ses-smtp-user.20240101-120000");
    expect(d.summary).toContain("arn:aws:ses:us-east-1:123456789012:identity/example.com");
    const all = [...d.reasons, ...d.fixSteps].join(" ");
    expect(all).toContain("AmazonSesSendingAccess");
    expect(all).toContain("AWSSESSendingGroupDoNotRename");
    expect(all).toMatch(/Resource is limited .* example\.com/);
    expect(all).toMatch(/Condition/);
    expect(all).toMatch(/SCP/);
  });

  it("puts the configuration set first when the refused resource is one", () => {
    const d = diagnose(
      "554 Access denied: User `arn:aws:iam::745667007186:user/smtp-prod' is not authorized to perform `ses:SendRawEmail' on resource `arn:aws:ses:us-east-1:745667007186:configuration-set/mail-dev'",
    );
    expect(d.reasons[0]).toMatch(/configuration set mail-dev/);
  });

  it("lists the five permissions the console needs to create SMTP credentials", () => {
    const d = diagnose(
      "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:CreateAccessKey on resource: arn:aws:iam::123456789012:user/ses-smtp-user.20240101-120000",
    );
    expect(d.cause).toBe("iam-console-permissions-missing");
    expect(d.summary).toContain("alice");
    expect(d.summary).toContain("iam:CreateAccessKey");
    const all = [...d.reasons, ...d.fixSteps].join(" ");
    for (const permission of [
      "iam:CreateUser",
      "iam:CreateGroup",
      "iam:PutGroupPolicy",
      "iam:AddUserToGroup",
      "iam:CreateAccessKey",
    ]) {
      expect(all).toContain(permission);
    }
  });
});

describe("parseSmtpReply", () => {
  it("reads plain replies, enhanced codes and replies inside messages", () => {
    expect(parseSmtpReply(PLAIN_535)).toEqual({ code: 535, text: "Authentication Credentials Invalid" });
    expect(parseSmtpReply("454 4.7.0 Temporary authentication failure")).toEqual({
      code: 454,
      enhancedCode: "4.7.0",
      text: "Temporary authentication failure",
    });
    expect(parseSmtpReply("451 4.4.2 Timeout waiting for data from client")).toEqual({
      code: 451,
      enhancedCode: "4.4.2",
      text: "Timeout waiting for data from client",
    });
    expect(parseSmtpReply("421 [4.4.2] Timeout waiting for data from client")).toMatchObject({
      code: 421,
      enhancedCode: "4.4.2",
    });
    expect(parseSmtpReply("Error: Invalid login: 535 Authentication Credentials Invalid")).toEqual({
      code: 535,
      text: "Authentication Credentials Invalid",
    });
    expect(parseSmtpReply("SMTPAuthenticationError: (535, b'Authentication Credentials Invalid')")).toEqual({
      code: 535,
      text: "Authentication Credentials Invalid",
    });
  });

  it("prefers the failure over the greeting and 250s of a transcript", () => {
    expect(
      parseSmtpReply(
        "<< 220 email-smtp.amazonaws.com ESMTP SimpleEmailService << 250 Ok >> AUTH LOGIN << 535 Authentication Credentials Invalid !! Expected response code 235",
      ),
    ).toEqual({ code: 535, text: "Authentication Credentials Invalid" });
    expect(parseSmtpReply("454-4.7.0 Temporary\n454 4.7.0 service failure")).toEqual({
      code: 454,
      enhancedCode: "4.7.0",
      text: "Temporary service failure",
    });
  });

  it("doesn't take ports, line numbers or other numbers for replies", () => {
    expect(parseSmtpReply("connect ETIMEDOUT 52.96.184.50:465")).toBeUndefined();
    expect(parseSmtpReply("port 587 is blocked")).toBeUndefined();
    expect(parseSmtpReply("at SMTPConnection._formatError (index.js:535:19)")).toBeUndefined();
    expect(parseSmtpReply("")).toBeUndefined();
    expect(parseSmtpReply(42 as unknown as string)).toBeUndefined();
  });

  it("puts the reply on the diagnosis", () => {
    expect(diagnose("454 4.7.0 Temporary authentication failure").reply).toEqual({
      code: 454,
      enhancedCode: "4.7.0",
      text: "Temporary authentication failure",
    });
    expect(diagnose({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 1.2.3.4:587" }).reply).toBeUndefined();
  });
});

describe("stage", () => {
  it("comes from nodemailer's command", () => {
    const at = (command: string) =>
      diagnose({ code: "EENVELOPE", responseCode: 550, response: "550 x", command }).stage;
    expect(at("AUTH PLAIN")).toBe("auth");
    expect(at("MAIL FROM")).toBe("mail-from");
    expect(at("RCPT TO")).toBe("rcpt-to");
    expect(at("DATA")).toBe("data");
    expect(at("EHLO")).toBe("ehlo");
    expect(at("STARTTLS")).toBe("starttls");
  });

  it("comes from error codes and timeouts when the command is CONN", () => {
    expect(diagnose({ code: "EDNS", originalCode: "ENOTFOUND", command: "CONN" }).stage).toBe("dns");
    expect(diagnose({ code: "ESOCKET", originalCode: "ECONNREFUSED", command: "CONN" }).stage).toBe("connect");
    expect(
      diagnose({
        code: "ETIMEDOUT",
        timeoutType: "GREETING_TIMEOUT",
        command: "CONN",
        message: "Greeting never received",
      }).stage,
    ).toBe("greeting");
    expect(diagnose({ code: "ESOCKET", originalCode: "CERT_HAS_EXPIRED", command: "CONN" }).stage).toBe("tls");
    expect(diagnose({ code: "ETLS", command: "STARTTLS", message: "Error initiating TLS" }).stage).toBe("starttls");
  });

  it("is api for AWS SDK errors", () => {
    expect(diagnose({ name: "Throttling", message: "Maximum sending rate exceeded.", $metadata: {} }).stage).toBe(
      "api",
    );
  });

  it("reads pasted text, falls back to the context, and lets the command win", () => {
    expect(diagnose("530 Authentication required (in reply to MAIL FROM command)").stage).toBe("mail-from");
    expect(diagnose("554 Transaction failed: Duplicate header 'DKIM-Signature'.").stage).toBe("data");
    expect(diagnose("code: 'EAUTH', response: '535 nope', command: 'AUTH LOGIN'").stage).toBe("auth");
    expect(diagnose("Something odd", { stage: "rcpt-to" }).stage).toBe("rcpt-to");
    expect(diagnose({ code: "EAUTH", response: PLAIN_535, command: "AUTH PLAIN" }, { stage: "data" }).stage).toBe(
      "auth",
    );
    expect(diagnose(PLAIN_535).stage).toBe("auth");
    expect(diagnose("Something odd").stage).toBe("unknown");
  });
});

describe("connection problems", () => {
  it("explains which TLS mode each port uses", () => {
    const on587 = diagnose(
      { code: "ESOCKET", command: "CONN", message: "ssl3_get_record:wrong version number" },
      { port: 587 },
    );
    expect(on587.cause).toBe("tls-mode-mismatch");
    expect(on587.reasons[0]).toMatch(/Port 587 starts in plain text .* STARTTLS/);
    expect(on587.summary).toMatch(/465 and 2465 expect TLS from the first byte/);
    expect(on587.fixSteps[0]).toMatch(/secure: false/);

    const on2465 = diagnose({ code: "ETIMEDOUT", command: "CONN", message: "Greeting never received" }, { port: 2465 });
    expect(on2465.cause).toBe("tls-mode-mismatch");
    expect(on2465.reasons[0]).toMatch(/Port 2465 expects TLS from the first byte/);
    expect(on2465.fixSteps[0]).toMatch(/secure: true/);
  });

  it("treats a missing greeting on a STARTTLS port as a held connection, not a TLS mix-up", () => {
    const d = diagnose({ code: "ETIMEDOUT", command: "CONN", message: "Greeting never received" }, { port: 587 });
    expect(d.cause).toBe("connection-timeout");
    expect(d.stage).toBe("greeting");
  });

  it("blames port 25 throttling first for a timeout on port 25", () => {
    const d = diagnose({ code: "ETIMEDOUT", command: "CONN", message: "Connection timeout" }, { port: 25 });
    expect(d.cause).toBe("connection-timeout");
    expect(d.reasons[0]).toMatch(/Port 25 .* EC2/);
    expect(d.fixSteps[0]).toMatch(/587/);
    expect(
      diagnose("connect to email-smtp.us-east-1.amazonaws.com[54.243.71.143]:25: Connection timed out").reasons[0],
    ).toMatch(/Port 25/);
  });

  it("calls a reset connection a cut connection", () => {
    const d = diagnose({ code: "ESOCKET", originalCode: "ECONNRESET", message: "read ECONNRESET", command: "CONN" });
    expect(d.cause).toBe("connection-timeout");
    expect(d.reasons[0]).toMatch(/cut part-way/);
  });

  it("names ports SES doesn't listen on when the connection is refused", () => {
    const d = diagnose({ code: "ESOCKET", originalCode: "ECONNREFUSED", message: "connect ECONNREFUSED 1.2.3.4:2525" });
    expect(d.cause).toBe("connection-refused");
    expect(d.reasons[0]).toMatch(/Port 2525 isn't one SES listens on/);
  });

  it("explains a host that doesn't exist: missing regions, placeholders, typos", () => {
    const zurich = diagnose("getaddrinfo ENOTFOUND email-smtp.eu-central-2.amazonaws.com");
    expect(zurich.cause).toBe("endpoint-not-found");
    expect(zurich.reasons[0]).toMatch(/Zurich region \(eu-central-2\) has no SES SMTP endpoint/);
    expect(zurich.reasons.join(" ")).toMatch(/Jakarta.*Hyderabad.*Zurich/);

    const placeholder = diagnose({
      code: "EDNS",
      originalCode: "ENOTFOUND",
      message: "getaddrinfo ENOTFOUND email-smtp.YOUR-REGION.amazonaws.com",
    });
    expect(placeholder.reasons[0]).toMatch(/placeholder: replace “YOUR-REGION”/);

    const typo = diagnose({ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND email-smtp.eu-west1.amazonaws.com" });
    expect(typo.reasons[0]).toMatch(/“eu-west1” isn't a valid AWS region name/);

    const jakarta = diagnose({ code: "ENOTFOUND" }, { host: "email-smtp.ap-southeast-3.amazonaws.com" });
    expect(jakarta.cause).toBe("endpoint-not-found");
    expect(jakarta.reasons[0]).toMatch(/Jakarta/);
  });

  it("puts the clock first for an expired certificate and the host name first for a name mismatch", () => {
    expect(
      diagnose({ code: "ESOCKET", originalCode: "CERT_HAS_EXPIRED", message: "certificate has expired" }).reasons[0],
    ).toMatch(/clock/);
    expect(
      diagnose({
        code: "ESOCKET",
        originalCode: "ERR_TLS_CERT_ALTNAME_INVALID",
        message: "Hostname/IP does not match certificate's altnames",
      }).reasons[0],
    ).toMatch(/name doesn't match/);
  });
});

describe("the password never shows", () => {
  const password = EXAMPLE_SMTP_PASSWORD;

  it("is hidden from raw, reply and every text, as typed, URL-encoded and base64", () => {
    const leaky = Object.assign(new Error(`Invalid login for ${password}: 535 Authentication Credentials Invalid`), {
      code: "EAUTH",
      response: `535 Authentication Credentials Invalid (${password})`,
      responseCode: 535,
      command: `AUTH PLAIN ${btoa(`\0${EXAMPLE_ACCESS_KEY_ID}\0${password}`)}`,
    });
    for (const secret of [password, new Secret(password)]) {
      const d = diagnose(leaky, { username: EXAMPLE_ACCESS_KEY_ID, password: secret, region: "us-east-1" });
      const json = JSON.stringify(d);
      expect(json).not.toContain(password);
      expect(json).toContain("[redacted]");
    }
    const encoded = diagnose(`smtp://${EXAMPLE_ACCESS_KEY_ID}:${encodeURIComponent(password)}@host failed: 535 x`, {
      password,
    });
    expect(JSON.stringify(encoded)).not.toContain(encodeURIComponent(password));
    const login = diagnose(`>> AUTH LOGIN << 334 UGFzc3dvcmQ6 >> ${btoa(password)} << ${PLAIN_535}`, { password });
    expect(JSON.stringify(login)).not.toContain(btoa(password));
  });

  it("hides a transcript's sign-in even without knowing the password", () => {
    const d = diagnose(
      ">> AUTH LOGIN << 334 VXNlcm5hbWU6 >> ZGh1bWJlcnQ= << 334 UGFzc3dvcmQ6 >> a2FkaW1hamVQT0wyMzU= << 535 Authentication Credentials Invalid",
    );
    expect(d.raw).not.toContain("a2FkaW1hamVQT0wyMzU=");
    expect(
      diagnose("AUTH PLAIN AGFsaWNlAHMzY3IzdHB3ZA== then 535 Authentication Credentials Invalid").raw,
    ).not.toContain("AGFsaWNlAHMzY3IzdHB3ZA==");
  });

  it("is hidden even where a long raw text is cut", () => {
    const raw = `${"x".repeat(1_990)}${password} 535 Authentication Credentials Invalid`;
    const d = diagnose(raw, { password });
    expect(d.raw.length).toBeLessThanOrEqual(2_001);
    expect(d.raw).not.toContain(password.slice(0, 8));
  });
});

describe("never throws", () => {
  const circular: Record<string, unknown> = { message: "loop" };
  circular.self = circular;
  circular.cause = circular;
  const throwingGetters = Object.defineProperties(
    {},
    {
      message: {
        get: () => {
          throw new Error("boom");
        },
        enumerable: true,
      },
      code: {
        get: () => {
          throw new Error("boom");
        },
        enumerable: true,
      },
    },
  );
  const hostileProxy = new Proxy(
    {},
    {
      get: () => {
        throw new Error("boom");
      },
      has: () => {
        throw new Error("boom");
      },
      ownKeys: () => {
        throw new Error("boom");
      },
      getPrototypeOf: () => {
        throw new Error("boom");
      },
    },
  );
  const badToString = {
    toString: () => {
      throw new Error("boom");
    },
    message: 42,
  };

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a number", 42],
    ["an empty object", {}],
    ["an empty string", ""],
    ["a symbol", Symbol("x")],
    ["a bigint", 10n],
    ["a function", () => "535"],
    ["an array", ["535 Authentication Credentials Invalid"]],
    ["a circular object", circular],
    ["an object whose getters throw", throwingGetters],
    ["a proxy that throws on everything", hostileProxy],
    ["an object whose toString throws", badToString],
    ["a huge string", "x".repeat(2_000_000)],
    ["a huge string of digits and spaces", "554 ".repeat(500_000)],
  ])("returns a diagnosis for %s", (_name, input) => {
    const d = diagnose(input);
    expect(DIAGNOSIS_CAUSES).toContain(d.cause);
    expect(typeof d.title).toBe("string");
    expect(d.raw.length).toBeLessThanOrEqual(2_001);
  });

  it("survives a hostile context too", () => {
    const d = diagnose(PLAIN_535, hostileProxy as never);
    expect(d.cause).toBe("auth-failed");
    expect(
      diagnose(PLAIN_535, {
        password: {
          reveal: () => {
            throw new Error("boom");
          },
        } as never,
      }).cause,
    ).toBe("auth-failed");
  });

  it("finds a failure at the end of a long log", () => {
    const d = diagnose(`${"noise line\n".repeat(50_000)}535 Authentication Credentials Invalid`);
    expect(d.cause).toBe("auth-failed");
  });
});

describe("unknown", () => {
  it("quotes the reply and the stage", () => {
    const d = diagnose({
      code: "EENVELOPE",
      responseCode: 550,
      response: "550 Something SES never says",
      command: "RCPT TO",
    });
    expect(d.cause).toBe("unknown");
    expect(d.title).toBe("SES replied with something we don't recognise");
    expect(d.summary).toContain("550 Something SES never says");
    expect(d.summary).toContain("RCPT TO");
    expect(d.reply).toEqual({ code: 550, text: "Something SES never says" });
    expect(d.raw).toContain("550 Something SES never says");
  });

  it("says there is nothing to go on when there is nothing", () => {
    for (const input of [null, {}, ""]) {
      const d = diagnose(input);
      expect(d.cause).toBe("unknown");
      expect(d.stage).toBe("unknown");
      expect(d.raw).toBe("");
    }
  });
});
