// What the browser sends for the AWS account features, checked with messages for the fields.
// An access key is the thing people mix up most (SMTP password, temporary key, user name), so
// each mix-up gets its own words.
import { z } from "zod";
import {
  AWS_SECRET_ACCESS_KEY,
  classifyPassword,
  classifyUsername,
  LONG_TERM_ACCESS_KEY_ID,
} from "../ses/credential-shapes";
import { findSesRegion } from "../ses/regions";

// Each length is checked in a pipe, once the value is known to be a string (see lib/validation/bounded-string.ts).

export const accessKeyIdSchema = z
  .string({ error: "Enter the access key ID, e.g. AKIAIOSFODNN7EXAMPLE." })
  .pipe(z.string().trim().max(128, "An access key ID is 20 characters, e.g. AKIAIOSFODNN7EXAMPLE."))
  .superRefine((value, issue) => {
    if (value === "") return void issue.addIssue("Enter the access key ID, e.g. AKIAIOSFODNN7EXAMPLE.");
    if (LONG_TERM_ACCESS_KEY_ID.test(value)) return;
    const kind = classifyUsername(value);
    issue.addIssue(
      kind === "temporary"
        ? "This is a temporary key (ASIA…): it stops working within hours. Create an access key for an IAM user instead."
        : kind === "iam-user-name"
          ? "This is an IAM user name, not an access key ID. The access key ID starts with AKIA."
          : "An access key ID is AKIA followed by 16 capital letters or digits, e.g. AKIAIOSFODNN7EXAMPLE.",
    );
  });

export const secretAccessKeySchema = z
  .string({ error: "Enter the secret access key." })
  .pipe(z.string().trim().max(256, "A secret access key is 40 characters."))
  .superRefine((value, issue) => {
    if (value === "") return void issue.addIssue("Enter the secret access key.");
    if (AWS_SECRET_ACCESS_KEY.test(value)) return;
    const kind = classifyPassword(value);
    issue.addIssue(
      kind === "smtp-v4" || kind === "smtp-v2-legacy"
        ? "This looks like an SMTP password, which is derived from a secret key and only works for sending email. Enter the secret access key that was shown when the access key was created."
        : kind === "access-key-id"
          ? "This is an access key ID. Enter the secret access key shown next to it when the key was created."
          : "A secret access key is 40 letters, digits, + and / characters.",
    );
  });

export const awsAccessKeyRequestSchema = z.object({
  accessKeyId: accessKeyIdSchema,
  secretAccessKey: secretAccessKeySchema,
});

export const connectAwsDiagnosticsRequestSchema = z.discriminatedUnion("source", [
  z.object({ source: z.literal("access_key"), accessKeyId: z.unknown(), secretAccessKey: z.unknown() }),
  z.object({ source: z.literal("default_chain") }),
]);

export const sesRegionSchema = z
  .string({ error: "Choose an AWS region." })
  .pipe(z.string().max(32))
  .refine((code) => findSesRegion(code) !== undefined, "Choose an AWS region where Amazon SES runs.");

export type AwsFieldErrors = Partial<Record<string, string[]>>;

/** zod issues as messages by field (the first path element). */
export function awsFieldErrors(error: z.ZodError): AwsFieldErrors {
  const errors: AwsFieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    (errors[field] ??= []).push(issue.message);
  }
  return errors;
}
