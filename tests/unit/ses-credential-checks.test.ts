import { describe, expect, it } from "vitest";
import { Secret } from "@/lib/crypto/secret";
import {
  checkCredentials,
  CREDENTIAL_FIELDS,
  CREDENTIAL_FINDING_CODES,
  CREDENTIAL_STEP_SCHEMAS,
  CREDENTIAL_STEPS,
  credentialErrorsFromZod,
  credentialsStepSchema,
  connectionStepSchema,
  findingsFromZodError,
  sesSmtpSettingsSchema,
  type CredentialFinding,
  type CredentialFindingCode,
  type CredentialInput,
} from "@/lib/ses/credential-checks";

const SMTP_PASSWORD = "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9"; // us-east-1, AWS example key
const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const LEGACY_PASSWORD = "AnkqhOiWEcszZZzTMCQbOY1sPGoLFgMH9zhp4eNgSjo4";
const ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";

const VALID: CredentialInput = {
  domain: "example.com",
  fromAddress: "hello@example.com",
  region: "us-east-1",
  host: "email-smtp.us-east-1.amazonaws.com",
  port: 587,
  username: ACCESS_KEY_ID,
  password: SMTP_PASSWORD,
};

const check = (changes: Partial<Record<keyof CredentialInput, unknown>>) =>
  checkCredentials({ ...VALID, ...changes } as Partial<CredentialInput>);
const codesOf = (findings: CredentialFinding[]) => findings.map((f) => `${f.field}:${f.code}:${f.severity}`);
const only = (changes: Partial<Record<keyof CredentialInput, unknown>>) => codesOf(check(changes).findings);

describe("checkCredentials on valid input", () => {
  it("finds nothing and cleans the values", () => {
    const result = check({});
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.cleaned).toMatchObject({ ...VALID, password: expect.any(Secret), tlsMode: "starttls" });
    expect(result.cleaned.password?.reveal()).toBe(SMTP_PASSWORD);
  });

  it("fills the host from the region and the port with 587", () => {
    const result = check({ host: "", port: undefined, region: "eu-west-2" });
    expect(result.ok).toBe(true);
    expect(result.cleaned).toMatchObject({
      host: "email-smtp.eu-west-2.amazonaws.com",
      port: 587,
      tlsMode: "starttls",
    });
  });

  it("accepts a Secret as the password, and a port as text", () => {
    const result = check({ password: new Secret(SMTP_PASSWORD), port: " 2465 " });
    expect(result.ok).toBe(true);
    expect(result.cleaned.port).toBe(2465);
    expect(result.cleaned.tlsMode).toBe("implicit");
  });

  it("accepts the region's FIPS host and a From address in a subdomain", () => {
    expect(only({ host: "email-smtp-fips.us-east-1.amazonaws.com", fromAddress: "News@Mail.Example.com" })).toEqual([]);
    expect(check({ fromAddress: "News@Mail.Example.com" }).cleaned.fromAddress).toBe("News@mail.example.com");
  });

  it("forgives case and paste noise in the domain and region", () => {
    const result = check({ domain: "https://Example.COM./", region: "US-EAST-1" });
    expect(result.ok).toBe(true);
    expect(result.cleaned).toMatchObject({ domain: "example.com", region: "us-east-1" });
  });
});

describe("every finding code", () => {
  // Each case: the code, an input that has this one problem, and every finding it yields.
  const cases: [CredentialFindingCode, Partial<Record<keyof CredentialInput, unknown>>, ...string[]][] = [
    ["required", { username: "" }, "username:required:error"],
    ["too-long", { username: "A".repeat(129) }, "username:too-long:error"],
    ["invalid-domain", { domain: "localhost" }, "domain:invalid-domain:error"],
    ["invalid-from-address", { fromAddress: "hello at example.com" }, "fromAddress:invalid-from-address:error"],
    ["from-outside-domain", { fromAddress: "hello@gmail.com" }, "fromAddress:from-outside-domain:error"],
    ["unknown-region", { region: "us-east-7", host: "" }, "region:unknown-region:error"],
    [
      "region-without-smtp",
      { region: "ap-southeast-3", host: "", password: "BHcFMJvfr0NNQfqAqRnqWSrtfSumHY4rjOIA8yoWQqkZ" },
      "region:region-without-smtp:error",
    ],
    ["region-smtp-unconfirmed", { region: "me-south-1", host: "" }, "region:region-smtp-unconfirmed:warning"],
    ["not-an-ses-smtp-host", { host: "email.us-east-1.amazonaws.com" }, "host:not-an-ses-smtp-host:error"],
    ["host-region-mismatch", { host: "email-smtp.eu-west-1.amazonaws.com" }, "host:host-region-mismatch:error"],
    [
      "fips-host-unconfirmed",
      { region: "us-east-2", host: "email-smtp-fips.us-east-2.amazonaws.com" },
      "host:fips-host-unconfirmed:warning",
    ],
    ["host-cleaned", { host: "smtp://email-smtp.us-east-1.amazonaws.com" }, "host:host-cleaned:info"],
    [
      "host-port-conflict",
      { host: "email-smtp.us-east-1.amazonaws.com:465" },
      "host:host-cleaned:info",
      "host:host-port-conflict:warning",
    ],
    ["unsupported-port", { port: 2525 }, "port:unsupported-port:error"],
    ["port-25-throttled", { port: 25 }, "port:port-25-throttled:warning"],
    ["invalid-access-key-id", { username: "AKIA123" }, "username:invalid-access-key-id:error"],
    ["temporary-credentials", { username: "ASIAIOSFODNN7EXAMPLE" }, "username:temporary-credentials:error"],
    [
      "iam-user-name-as-username",
      { username: "ses-smtp-user.20240101-123456" },
      "username:iam-user-name-as-username:error",
    ],
    ["credentials-swapped", { password: ACCESS_KEY_ID }, "password:credentials-swapped:error"],
    ["invalid-smtp-password", { password: "hunter2" }, "password:invalid-smtp-password:error"],
    ["aws-secret-key-as-password", { password: AWS_SECRET }, "password:aws-secret-key-as-password:error"],
    ["legacy-sigv2-password", { password: LEGACY_PASSWORD }, "password:legacy-sigv2-password:error"],
    ["whitespace-trimmed", { password: ` ${SMTP_PASSWORD}\n` }, "password:whitespace-trimmed:info"],
  ];

  it("has a case for each code", () => {
    expect(cases.map(([code]) => code).sort()).toEqual([...CREDENTIAL_FINDING_CODES].sort());
  });

  it.each(cases)("%s", (code, changes, ...expected) => {
    const result = check(changes);
    expect(codesOf(result.findings)).toEqual(expected);
    expect(result.ok).toBe(!expected.some((finding) => finding.endsWith(":error")));
    const finding = result.findings.find((f) => f.code === code);
    expect(finding?.message.length).toBeGreaterThan(20);
    expect(finding?.message).toMatch(/[.!?]$/);
  });
});

describe("credential findings in detail", () => {
  it("offers to derive the SMTP password from a pasted secret key, naming the region", () => {
    const [finding] = check({ password: AWS_SECRET, region: "eu-west-1", host: "" }).findings;
    expect(finding).toMatchObject({ code: "aws-secret-key-as-password", offer: "derive-smtp-password" });
    expect(finding?.message).toMatch(/secret access key \(40 characters\)/);
    expect(finding?.fix).toMatch(/eu-west-1/);
  });

  it("explains the IAM user name mistake in terms of the credentials file", () => {
    expect(check({ username: "ses-smtp-user.20240101-123456" }).findings[0]?.message).toMatch(/starts with AKIA/);
    expect(only({ username: "inflowave-smtp" })).toEqual(["username:iam-user-name-as-username:error"]);
  });

  it("flags swapped credentials on both fields", () => {
    expect(only({ username: SMTP_PASSWORD, password: ACCESS_KEY_ID })).toEqual([
      "username:credentials-swapped:error",
      "password:credentials-swapped:error",
    ]);
    expect(only({ username: AWS_SECRET })).toEqual(["username:credentials-swapped:error"]);
  });

  it("tells a lower-case key id and an email address apart from other bad user names", () => {
    expect(check({ username: ACCESS_KEY_ID.toLowerCase() }).findings[0]?.message).toMatch(/capital letters/);
    expect(check({ username: "me@example.com" }).findings[0]?.message).toMatch(/email address/);
    expect(check({ username: "AKIA123" }).findings[0]?.message).toMatch(/7 characters long/);
  });

  it("describes a wrong password by its shape only", () => {
    const message = check({ password: "short pw" }).findings[0]?.message;
    expect(message).toBe(
      "An SMTP password from AWS is 44 characters and starts with B. This one is 8 characters long and contains spaces.",
    );
  });

  it("mentions 535 when it trims a pasted password, and cleans it", () => {
    const result = check({ password: `\t${SMTP_PASSWORD} ` });
    expect(result.ok).toBe(true);
    expect(result.findings[0]?.message).toMatch(/535/);
    expect(result.cleaned.password?.reveal()).toBe(SMTP_PASSWORD);
  });

  it("announces trimming on other fields too", () => {
    expect(only({ domain: " example.com ", username: ` ${ACCESS_KEY_ID}` })).toEqual([
      "domain:whitespace-trimmed:info",
      "username:whitespace-trimmed:info",
    ]);
  });
});

describe("host findings", () => {
  it("names both regions on a mismatch", () => {
    const [finding] = check({ host: "https://email-smtp.eu-west-1.amazonaws.com." }).findings.filter(
      (f) => f.severity === "error",
    );
    expect(finding?.message).toBe(
      "That host is for eu-west-1 (Europe (Ireland)) but you picked us-east-1 (US East (N. Virginia)). SMTP credentials only work in the region they were created in, so the host, the region and the credentials must all match.",
    );
    expect(finding?.fix).toMatch(/email-smtp\.us-east-1\.amazonaws\.com/);
  });

  it("cleans scheme, trailing dot, port suffix and case, keeping the matching port quietly", () => {
    const result = check({ host: "  SMTP://Email-SMTP.US-EAST-1.amazonaws.com.:587 ", port: "" });
    expect(result.ok).toBe(true);
    expect(result.cleaned).toMatchObject({ host: "email-smtp.us-east-1.amazonaws.com", port: 587 });
    expect(codesOf(result.findings)).toEqual(["host:whitespace-trimmed:info", "host:host-cleaned:info"]);
  });

  it("takes the port from the host when the port is left empty", () => {
    const result = check({ host: "email-smtp.us-east-1.amazonaws.com:465", port: undefined });
    expect(result.cleaned).toMatchObject({ port: 465, tlsMode: "implicit" });
  });

  it.each([
    ["email.us-east-1.amazonaws.com", /API endpoint/],
    ["email-fips.us-east-1.amazonaws.com", /API endpoint/],
    ["email.us-east-1.api.aws", /API endpoint/],
    ["inbound-smtp.us-east-1.amazonaws.com", /receives mail/],
    ["email-smtp.YOUR-REGION.amazonaws.com", /placeholder/],
    ["email-smtp.<region>.amazonaws.com", /placeholder/],
    ["smtp.us-east-1.amazonaws.com", /start with "email-smtp\."/],
    ["email-smtp.amazonaws.com", /does not name a region/],
    ["email-smtp.us-east-9.amazonaws.com", /us-east-9, which is not a region/],
    ["smtp.gmail.com", /not an Amazon SES SMTP host/],
  ])("%s is not an SES SMTP host: %s", (host, message) => {
    const findings = check({ host }).findings.filter((f) => f.severity === "error");
    expect(findings).toHaveLength(1);
    expect(findings[0]?.code).toBe("not-an-ses-smtp-host");
    expect(findings[0]?.message).toMatch(message);
    expect(findings[0]?.fix).toMatch(/email-smtp\.us-east-1\.amazonaws\.com/);
  });

  it("suggests the region's host when fixing a placeholder", () => {
    const [finding] = check({ host: "email-smtp.YOUR-REGION.amazonaws.com", region: "eu-west-1" }).findings;
    expect(finding?.fix).toBe("For eu-west-1 (Europe (Ireland)) the host is email-smtp.eu-west-1.amazonaws.com.");
  });

  it("points at the host's region when the region is missing", () => {
    const result = check({ region: "", host: "email-smtp.eu-west-1.amazonaws.com" });
    expect(codesOf(result.findings)).toEqual(["region:required:error"]);
    expect(result.findings[0]?.message).toMatch(/Your host is for eu-west-1 \(Europe \(Ireland\)\)/);
  });
});

describe("port findings", () => {
  it.each([
    [25, "starttls"],
    [587, "starttls"],
    [2587, "starttls"],
    [465, "implicit"],
    [2465, "implicit"],
  ] as const)("accepts %i with %s", (port, tlsMode) => {
    const result = check({ port });
    expect(result.ok).toBe(true);
    expect(result.cleaned.tlsMode).toBe(tlsMode);
  });

  it.each([2525, 443, 0, 65536, "587a", "five", 587.5, -587])("rejects %j and lists the ports SES offers", (port) => {
    const findings = check({ port }).findings;
    expect(codesOf(findings)).toEqual(["port:unsupported-port:error"]);
    expect(findings[0]?.message).toMatch(/587 \(recommended\), 2587, 465, 2465 and 25/);
  });

  it("says what 443 is for", () => {
    expect(check({ port: 443 }).findings[0]?.message).toMatch(/HTTPS API/);
  });
});

describe("From address findings", () => {
  it.each(["Inflowave <hello@example.com>", "hello", "hello@", "@example.com", "hello@exa mple.com", "a@b"])(
    "rejects %j",
    (fromAddress) => {
      expect(only({ fromAddress })).toEqual(["fromAddress:invalid-from-address:error"]);
    },
  );

  it("rejects the parent of the sending domain and look-alike suffixes", () => {
    expect(only({ domain: "mail.example.com", fromAddress: "hi@example.com" })).toEqual([
      "fromAddress:from-outside-domain:error",
    ]);
    expect(only({ fromAddress: "hi@notexample.com" })).toEqual(["fromAddress:from-outside-domain:error"]);
    expect(check({ fromAddress: "hi@gmail.com" }).findings[0]?.fix).toMatch(/@example\.com/);
  });
});

describe("region findings", () => {
  it.each(["ap-southeast-3", "ap-south-2", "eu-central-2"])("%s has no SMTP and suggests a nearby region", (region) => {
    const [finding] = check({ region, host: "" }).findings.filter((f) => f.code === "region-without-smtp");
    expect(finding?.message).toMatch(/no SMTP endpoint/);
    expect(finding?.fix).toMatch(/such as [a-z]{2}-[a-z]+-\d/);
  });

  it("tells a region code SES lacks from something that is no region at all", () => {
    expect(check({ region: "us-east-7", host: "" }).findings[0]?.message).toMatch(/does not run in us-east-7/);
    expect(check({ region: "Ireland", host: "" }).findings[0]?.message).toMatch(/not an AWS region code/);
  });
});

// What people paste as a password: right, wrong, too short, too long. The first three are
// also tried in the user name field (swapped credentials), where they are just as secret.
const SECRET_SHAPED = [SMTP_PASSWORD, AWS_SECRET, LEGACY_PASSWORD];
const PASSWORD_SAMPLES = [...SECRET_SHAPED, "correct-horse-battery", "x".repeat(500), "Z".repeat(100_000)];

describe("the password never leaks", () => {
  it.each(PASSWORD_SAMPLES.map((password) => [password.slice(0, 24), password]))(
    "%s… is not in findings, cleaned output or zod errors",
    (_, password) => {
      const inputs: unknown[] = [
        { ...VALID, password },
        { ...VALID, password: new Secret(` ${password}\n`) },
        { password },
        ...(SECRET_SHAPED.includes(password) ? [{ ...VALID, username: password, password: ACCESS_KEY_ID }] : []),
      ];
      for (const input of inputs) {
        const result = checkCredentials(input as Partial<CredentialInput>);
        expect(JSON.stringify(result.findings)).not.toContain(password);
        expect(JSON.stringify(result.cleaned)).not.toContain(password);
        const parsed = sesSmtpSettingsSchema.safeParse(input);
        if (!parsed.success) {
          expect(JSON.stringify(parsed.error)).not.toContain(password);
          expect(parsed.error.message).not.toContain(password);
          expect(JSON.stringify(credentialErrorsFromZod(parsed.error))).not.toContain(password);
        }
      }
    },
  );

  it("keeps a secret pasted as the user name out of the cleaned values", () => {
    expect(check({ username: AWS_SECRET }).cleaned.username).toBeUndefined();
  });
});

describe("junk input", () => {
  const huge = "a".repeat(100_000);
  const junk: unknown[] = [
    undefined,
    null,
    42,
    "text",
    [],
    [1, 2],
    () => 1,
    Symbol("s"),
    { domain: 42, fromAddress: {}, region: ["us-east-1"], host: null, port: {}, username: 1e21, password: 123 },
    { domain: huge, fromAddress: huge, region: huge, host: huge, port: huge, username: huge, password: huge },
    { host: `${".".repeat(100_000)}x`, password: ` ${huge} `, domain: `${".".repeat(100_000)}` },
    JSON.parse('{"__proto__": {"password": "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9"}, "region": "us-east-1"}'),
    Object.create({ username: ACCESS_KEY_ID }),
    {
      get password() {
        throw new Error("hostile getter");
      },
    },
    { port: Number.POSITIVE_INFINITY, region: Number.NaN },
  ];

  it.each(junk.map((value, i) => [i, value] as const))(
    "case %i never throws and fails with field messages",
    (_, input) => {
      const started = performance.now();
      expect(() => checkCredentials(input as Partial<CredentialInput>)).not.toThrow();
      expect(checkCredentials(input as Partial<CredentialInput>, CREDENTIAL_FIELDS).ok).toBe(false);
      const parsed = sesSmtpSettingsSchema.safeParse(input);
      expect(parsed.success).toBe(false);
      for (const issue of parsed.error?.issues ?? []) {
        expect(CREDENTIAL_FIELDS).toContain(issue.path[0]);
        expect(issue.message.length).toBeLessThan(400);
      }
      for (const schema of Object.values(CREDENTIAL_STEP_SCHEMAS)) expect(() => schema.safeParse(input)).not.toThrow();
      expect(performance.now() - started).toBeLessThan(1_000);
    },
  );

  it("caps long values with a clear message and does not echo them", () => {
    const findings = checkCredentials({ ...VALID, host: huge, username: huge, domain: huge }).findings;
    expect(codesOf(findings)).toEqual(["domain:too-long:error", "host:too-long:error", "username:too-long:error"]);
    expect(findings[2]?.message).toBe("That is too long for the SMTP user name (at most 128 characters).");
    expect(JSON.stringify(findings)).not.toContain("aaaaaaaaaa");
  });

  it("does not read inherited properties", () => {
    const input = JSON.parse(`{"__proto__": {"username": "${ACCESS_KEY_ID}"}}`);
    expect(checkCredentials(input).cleaned.username).toBeUndefined();
  });
});

describe("what checkCredentials reports", () => {
  it("without fields: checks what is given, and does not ask for what was left out", () => {
    const result = checkCredentials({ region: "eu-west-1", username: ACCESS_KEY_ID, password: SMTP_PASSWORD });
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.cleaned).toMatchObject({
      host: "email-smtp.eu-west-1.amazonaws.com",
      port: 587,
      tlsMode: "starttls",
    });
    expect(checkCredentials({}).ok).toBe(true);
    expect(only({ domain: null, fromAddress: undefined })).toEqual([]);
  });

  it("without fields: still asks for a field that is there but empty", () => {
    expect(codesOf(checkCredentials({ username: " ", password: "" }).findings)).toEqual([
      "username:required:error",
      "password:required:error",
    ]);
  });

  it("with fields: reports only those, requires each, and keeps the others as context", () => {
    const result = checkCredentials(
      { region: "us-east-1", host: "email-smtp.eu-west-1.amazonaws.com", password: "x" },
      CREDENTIAL_STEPS.connection,
    );
    expect(codesOf(result.findings)).toEqual(["host:host-region-mismatch:error"]);
    expect(Object.keys(result.cleaned).sort()).toEqual(["host", "port", "region", "tlsMode"]);
    expect(codesOf(checkCredentials({}, CREDENTIAL_STEPS.sender).findings)).toEqual([
      "domain:required:error",
      "fromAddress:required:error",
    ]);
  });
});

describe("zod schemas", () => {
  it("parse valid input to settings with the TLS mode and a Secret password", () => {
    const settings = sesSmtpSettingsSchema.parse({ ...VALID, host: "", port: "2587" });
    expect(settings).toMatchObject({
      host: "email-smtp.us-east-1.amazonaws.com",
      port: 2587,
      tlsMode: "starttls",
      username: ACCESS_KEY_ID,
    });
    expect(settings.password).toBeInstanceOf(Secret);
    expect(settings.password.reveal()).toBe(SMTP_PASSWORD);
  });

  it("report exactly the error findings, with codes, field paths and fixes", () => {
    const input = { ...VALID, host: "email.us-east-1.amazonaws.com", port: 25, password: ` ${AWS_SECRET}` };
    const errors = checkCredentials(input).findings.filter((f) => f.severity === "error");
    const parsed = sesSmtpSettingsSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.error.issues.map((issue) => [issue.path, issue.message])).toEqual(
      errors.map((f) => [[f.field], f.message]),
    );
    expect(findingsFromZodError(parsed.error)).toEqual(
      errors.map(({ field, code, severity, message, fix }) => ({ field, code, severity, message, fix })),
    );
    expect(credentialErrorsFromZod(parsed.error)).toEqual({
      fieldErrors: { host: [errors[0]?.message], password: [errors[1]?.message] },
      codes: { host: ["not-an-ses-smtp-host"], password: ["aws-secret-key-as-password"] },
      formErrors: [],
    });
  });

  it("do not fail on warnings or notices", () => {
    const input = { ...VALID, region: "me-south-1", host: " ", port: 25, password: ` ${SMTP_PASSWORD}` };
    expect(checkCredentials(input).findings.map((f) => f.severity)).toEqual(["warning", "warning", "info"]);
    expect(sesSmtpSettingsSchema.safeParse(input).success).toBe(true);
  });

  it("check only their step's fields", () => {
    expect(Object.keys(CREDENTIAL_STEP_SCHEMAS)).toEqual(Object.keys(CREDENTIAL_STEPS));
    const parsed = credentialsStepSchema.safeParse({ username: ACCESS_KEY_ID, password: SMTP_PASSWORD });
    expect(parsed.data).toEqual({ username: ACCESS_KEY_ID, password: expect.any(Secret) });
    expect(CREDENTIAL_STEP_SCHEMAS.sender.parse({ domain: "example.com", fromAddress: "a@example.com" })).toEqual({
      domain: "example.com",
      fromAddress: "a@example.com",
    });
    const region = CREDENTIAL_STEP_SCHEMAS.region.safeParse({ region: "eu-central-2" });
    expect(region.error && credentialErrorsFromZod(region.error).codes).toEqual({ region: ["region-without-smtp"] });
    const issue = region.error?.issues[0];
    expect(issue?.code === "custom" && issue.params).toMatchObject({ code: "region-without-smtp", fix: /such as/ });
  });

  it("check the connection against the region, and derive host and TLS mode", () => {
    expect(connectionStepSchema.parse({ region: "eu-west-1" })).toEqual({
      region: "eu-west-1",
      host: "email-smtp.eu-west-1.amazonaws.com",
      port: 587,
      tlsMode: "starttls",
    });
    const mismatch = connectionStepSchema.safeParse({
      region: "us-east-1",
      host: "email-smtp.eu-west-1.amazonaws.com",
    });
    expect(mismatch.error && credentialErrorsFromZod(mismatch.error).codes).toEqual({ host: ["host-region-mismatch"] });
  });

  it("leave issues from elsewhere as plain form errors", () => {
    const parsed = sesSmtpSettingsSchema.safeParse({});
    if (parsed.success) throw new Error("expected failure");
    parsed.error.issues.push({ code: "custom", message: "Something else.", path: [], input: undefined });
    const errors = credentialErrorsFromZod(parsed.error);
    expect(errors.formErrors).toEqual(["Something else."]);
    expect(findingsFromZodError(parsed.error).every((f) => f.code === "required")).toBe(true);
  });
});
