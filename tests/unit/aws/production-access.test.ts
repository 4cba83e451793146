import { describe, expect, it } from "vitest";
import {
  PRODUCTION_ACCESS_ADVICE,
  productionAccessRequestSchema,
  type ProductionAccessRequestInput,
  requestProductionAccess,
} from "@/lib/aws/production-access";
import { accessDeniedV2, expectNothingSecret, restJsonError } from "./fakes";
import { arrange, calledActions, diagnosticsClients, inputsOf, type Replies } from "./mock-aws";

const REQUEST: ProductionAccessRequestInput = {
  mailType: "TRANSACTIONAL",
  websiteUrl: "https://shop.example.com",
  useCaseDescription: "Order receipts and sign-in links, about 2,000 a day; bounces are suppressed automatically.",
  additionalContactEmailAddresses: ["ops@example.com"],
  contactLanguage: "EN",
};

async function send(replies: Replies, request: unknown = REQUEST) {
  arrange(replies);
  const result = await requestProductionAccess(diagnosticsClients().sesv2, request as ProductionAccessRequestInput);
  expectNothingSecret(result);
  return result;
}

const underReview = {
  ProductionAccessEnabled: false,
  Details: { ReviewDetails: { Status: "PENDING", CaseId: "17123" } },
};

describe("requestProductionAccess", () => {
  it("sends the request with ProductionAccessEnabled and reads the review back", async () => {
    const result = await send({ PutAccountDetails: {}, GetAccount: underReview });
    expect(result).toEqual({ ok: true, review: { status: "PENDING", caseId: "17123" } });
    expect(calledActions()).toEqual(["ses:PutAccountDetails", "ses:GetAccount"]);
    expect(inputsOf("PutAccountDetails")).toEqual([
      {
        MailType: "TRANSACTIONAL",
        WebsiteURL: "https://shop.example.com",
        ContactLanguage: "EN",
        UseCaseDescription: REQUEST.useCaseDescription,
        AdditionalContactEmailAddresses: ["ops@example.com"],
        ProductionAccessEnabled: true,
      },
    ]);
  });

  it("leaves out an empty contact list (AWS wants 1 to 4) and takes contacts as text", async () => {
    await send({ PutAccountDetails: {}, GetAccount: underReview }, { ...REQUEST, additionalContactEmailAddresses: [] });
    expect(inputsOf("PutAccountDetails")[0]).not.toHaveProperty("AdditionalContactEmailAddresses");
    await send(
      { PutAccountDetails: {}, GetAccount: underReview },
      { ...REQUEST, additionalContactEmailAddresses: "a@example.com, b@example.com\nc@example.com" },
    );
    expect(inputsOf("PutAccountDetails")[0]!.AdditionalContactEmailAddresses).toEqual([
      "a@example.com",
      "b@example.com",
      "c@example.com",
    ]);
  });

  it("says a review is already in progress on a conflict", async () => {
    const result = await send({
      PutAccountDetails: restJsonError("ConflictException", "A review is in progress", 409),
    });
    expect(result).toMatchObject({
      ok: false,
      problem: {
        kind: "conflict",
        action: "ses:PutAccountDetails",
        message: expect.stringContaining("already in progress"),
      },
    });
    expect(calledActions()).toEqual(["ses:PutAccountDetails"]);
  });

  it("names the missing permission", async () => {
    const result = await send({ PutAccountDetails: accessDeniedV2("ses:PutAccountDetails") });
    expect(result).toEqual({
      ok: false,
      problem: {
        kind: "access-denied",
        action: "ses:PutAccountDetails",
        message:
          "The diagnostics key is not allowed to call ses:PutAccountDetails. Add that action to its IAM policy (see the policy below).",
      },
    });
  });

  it("passes on AWS's reason for a rejected value", async () => {
    const result = await send({
      PutAccountDetails: restJsonError("BadRequestException", "WebsiteURL is not a valid URL"),
    });
    expect(result).toMatchObject({
      ok: false,
      problem: {
        kind: "invalid-input",
        message: "AWS rejected the values sent with ses:PutAccountDetails: WebsiteURL is not a valid URL.",
      },
    });
  });

  it("reports throttling", async () => {
    const result = await send({ PutAccountDetails: restJsonError("TooManyRequestsException") });
    expect(result).toMatchObject({ ok: false, problem: { kind: "throttled" } });
  });

  it("refuses bad input with field messages, without calling AWS", async () => {
    const result = await send({}, { ...REQUEST, websiteUrl: "example", useCaseDescription: "  " });
    expect(result).toMatchObject({
      ok: false,
      problem: { kind: "invalid-input", action: "ses:PutAccountDetails" },
      fieldErrors: {
        websiteUrl: [expect.stringContaining("https://")],
        useCaseDescription: [expect.stringContaining("reviewers")],
      },
    });
    expect(calledActions()).toEqual([]);
  });

  it("assumes PENDING when the status cannot be read back, and says why", async () => {
    const result = await send({ PutAccountDetails: {}, GetAccount: accessDeniedV2("ses:GetAccount") });
    expect(result).toEqual({
      ok: true,
      review: { status: "PENDING" },
      note: expect.stringContaining("not allowed to call ses:GetAccount"),
    });
    const quiet = await send({ PutAccountDetails: {}, GetAccount: { ProductionAccessEnabled: false } });
    expect(quiet).toEqual({ ok: true, review: { status: "PENDING" } });
  });
});

describe("productionAccessRequestSchema", () => {
  const parse = (changes: Record<string, unknown>) =>
    productionAccessRequestSchema.safeParse({ ...REQUEST, ...changes });
  const messages = (changes: Record<string, unknown>) => {
    const result = parse(changes);
    return result.success ? [] : result.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
  };

  it("accepts a complete request and defaults the language to English", () => {
    const { contactLanguage: _language, ...rest } = REQUEST;
    expect(productionAccessRequestSchema.parse(rest)).toMatchObject({ contactLanguage: "EN" });
    expect(parse({ contactLanguage: "JA", mailType: "MARKETING" }).success).toBe(true);
    expect(parse({ additionalContactEmailAddresses: undefined }).data?.additionalContactEmailAddresses).toEqual([]);
  });

  it.each([
    [{ mailType: "NEWSLETTER" }, /mailType: Choose what you send: transactional/],
    [{ websiteUrl: "" }, /websiteUrl: Enter your website's address/],
    [{ websiteUrl: "ftp://example.com" }, /websiteUrl: .*https:\/\//],
    [{ websiteUrl: `https://example.com/${"a".repeat(1000)}` }, /websiteUrl: .*at most 1000/],
    [{ useCaseDescription: "" }, /useCaseDescription: Describe how you send email: .*reviewers ask for this/],
    [{ useCaseDescription: "x".repeat(5001) }, /useCaseDescription: Keep the description under 5,000/],
    [{ additionalContactEmailAddresses: ["a@b.co", "c@d.co", "e@f.co", "g@h.co", "i@j.co"] }, /at most 4 extra/],
    [{ additionalContactEmailAddresses: ["a@b"] }, /"a@b" is too short/],
    [{ additionalContactEmailAddresses: ["not-an-address"] }, /"not-an-address" is not an email address/],
    [{ contactLanguage: "FR" }, /contactLanguage: Choose English \(EN\) or Japanese \(JA\)/],
  ])("explains %j beside the field", (changes, words) => {
    expect(messages(changes).join("\n")).toMatch(words);
  });
});

describe("PRODUCTION_ACCESS_ADVICE", () => {
  it("covers what reviewers ask about", () => {
    const text = PRODUCTION_ACCESS_ADVICE.join(" ");
    for (const topic of ["volume", "bounce", "complain", "unsubscribe", "Vague"]) expect(text).toContain(topic);
  });
});
