// The simulator's IAM without sockets: what each sendingPolicy builds, IAM's wildcard matching,
// the evaluation order (explicit deny, allow, implicit deny) and the policy documents IAM refuses.
import { describe, expect, it } from "vitest";
import {
  AwsApiError,
  parsePolicyDocument,
  SENDING_GROUP_NAME,
  SENDING_POLICY_NAME,
  SimulatedIam,
  wildcardMatches,
} from "@/lib/ses-simulator/iam-model";
import { parseSesSimulatorScenario } from "@/lib/ses-simulator/scenario";

const scenario = parseSesSimulatorScenario({
  accountId: "123456789012",
  defaultRegion: "us-east-1",
  users: [
    { name: "inline", accessKeyId: "AKIAINLINE0000000001", secretAccessKey: "s1", sendingPolicy: "inline" },
    { name: "grouped", accessKeyId: "AKIAGROUPED000000001", secretAccessKey: "s2" },
    { name: "nothing", sendingPolicy: "none", tags: { InvokedBy: "Someone" }, permissions: ["iam:Get*", "ses:*"] },
  ],
});
const IDENTITY = "arn:aws:ses:us-east-1:123456789012:identity/example.com";

describe("SimulatedIam.fromScenario", () => {
  it("builds the console's inline policy and tag, the sending group, and users without keys", () => {
    const iam = SimulatedIam.fromScenario(scenario, () => Date.parse("2026-03-01T09:00:00Z"));
    const inline = iam.getUser("INLINE");
    expect([...inline.inlinePolicies.keys()]).toEqual([SENDING_POLICY_NAME]);
    expect(inline.tags).toEqual([{ Key: "InvokedBy", Value: "SESConsole" }]);
    expect(inline.groups).toEqual([]);
    expect(inline.createDate.toISOString()).toBe("2026-03-01T09:00:00.000Z");

    const grouped = iam.getUser("grouped");
    expect(grouped.groups).toEqual([SENDING_GROUP_NAME]);
    expect([...iam.getGroup(SENDING_GROUP_NAME).inlinePolicies.keys()]).toEqual([SENDING_POLICY_NAME]);

    const nothing = iam.getUser("nothing");
    expect(nothing.accessKeys).toEqual([]);
    expect(nothing.tags).toEqual([{ Key: "InvokedBy", Value: "Someone" }]);
    expect(iam.findAccessKey("AKIAGROUPED000000001")?.user.name).toBe("grouped");
    expect(iam.findAccessKey("AKIAUNKNOWN000000001")).toBeUndefined();
  });

  it("evaluates scenario permissions, inline and group policies alike", () => {
    const iam = SimulatedIam.fromScenario(scenario);
    expect(iam.isAllowed(iam.getUser("inline"), "ses:SendRawEmail", IDENTITY)).toBe(true);
    expect(iam.isAllowed(iam.getUser("inline"), "SES:sendrawemail", IDENTITY)).toBe(true); // actions ignore case
    expect(iam.isAllowed(iam.getUser("inline"), "ses:SendEmail", IDENTITY)).toBe(false);
    expect(iam.evaluate(iam.getUser("grouped"), "ses:SendRawEmail", IDENTITY)).toEqual({
      decision: "allowed",
      matched: [{ SourcePolicyId: SENDING_POLICY_NAME, SourcePolicyType: "group" }],
    });
    const nothing = iam.getUser("nothing");
    expect(iam.isAllowed(nothing, "iam:GetUser", "*")).toBe(true);
    expect(iam.isAllowed(nothing, "iam:CreateUser", "*")).toBe(false);
    expect(iam.isAllowed(nothing, "ses:SendRawEmail", IDENTITY)).toBe(true); // "ses:*" includes sending
  });

  it("lets an explicit Deny win, and matches resources with wildcards", () => {
    const iam = SimulatedIam.fromScenario(scenario);
    iam.putUserPolicy(
      "grouped",
      "DenyOtherDomains",
      JSON.stringify({
        Statement: {
          Effect: "Deny",
          Action: "ses:Send*",
          NotResource: "arn:aws:ses:*:123456789012:identity/example.com",
        },
      }),
    );
    const user = iam.getUser("grouped");
    expect(iam.evaluate(user, "ses:SendRawEmail", IDENTITY).decision).toBe("allowed");
    expect(iam.evaluate(user, "ses:SendRawEmail", IDENTITY.replace("example.com", "other.org"))).toEqual({
      decision: "explicitDeny",
      matched: [{ SourcePolicyId: "DenyOtherDomains", SourcePolicyType: "user" }],
    });
  });

  it("changes in place: groups, keys (two at most), tags, policies", () => {
    const iam = SimulatedIam.fromScenario(scenario);
    expect(() => iam.createUser("Inline")).toThrow(AwsApiError);
    const key = iam.createAccessKey("nothing");
    expect(key.accessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    expect(key.secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    iam.createAccessKey("nothing");
    expect(() => iam.createAccessKey("nothing")).toThrow("Cannot exceed quota for AccessKeysPerUser: 2");
    iam.removeUserFromGroup(SENDING_GROUP_NAME, "grouped");
    expect(iam.isAllowed(iam.getUser("grouped"), "ses:SendRawEmail", IDENTITY)).toBe(false);
    expect(() => iam.removeUserFromGroup(SENDING_GROUP_NAME, "grouped")).toThrow(AwsApiError);
    iam.untagUser("inline", ["InvokedBy"]);
    expect(iam.getUser("inline").tags).toEqual([]);
    expect(() => iam.deleteUserPolicy("inline", "Other")).toThrow("The user policy with name Other cannot be found.");
  });
});

describe("IAM policy documents and wildcards", () => {
  it("matches * and ? like IAM, actions without case", () => {
    expect(wildcardMatches("ses:Get*", "ses:GetAccount", true)).toBe(true);
    expect(wildcardMatches("ses:Get?ccount", "SES:GETACCOUNT", true)).toBe(true);
    expect(wildcardMatches("ses:Get*", "ses:PutAccountDetails", true)).toBe(false);
    expect(wildcardMatches("arn:aws:ses:*:1:identity/a.b", "arn:aws:ses:us-east-1:1:identity/a.b", false)).toBe(true);
    expect(wildcardMatches("arn:aws:ses:*:1:identity/a.b", "arn:aws:ses:us-east-1:1:identity/aXb", false)).toBe(false);
  });

  it("refuses documents IAM would refuse, with MalformedPolicyDocument", () => {
    const refused = [
      "not json",
      "{}",
      JSON.stringify({ Statement: [{ Effect: "Maybe", Action: "*", Resource: "*" }] }),
      JSON.stringify({ Statement: [{ Effect: "Allow", Resource: "*" }] }),
      JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*" }] }),
      JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*", Principal: "*" }] }),
    ];
    for (const document of refused) {
      expect(() => parsePolicyDocument(document)).toThrow(expect.objectContaining({ code: "MalformedPolicyDocument" }));
    }
    expect(
      parsePolicyDocument(
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["ses:SendRawEmail"], Resource: "*", Condition: { StringEquals: {} } },
          ],
        }),
      ),
    ).toEqual([{ effect: "Allow", actions: ["ses:SendRawEmail"], resources: ["*"] }]);
  });
});
