-- The From address a sending domain's tests (and Inflowave's emails) use. Domains saved before
-- it existed get no-reply@ their domain, which the domain page lets the owner change.
ALTER TABLE "SendingDomain" ADD COLUMN "fromAddress" TEXT;
UPDATE "SendingDomain" SET "fromAddress" = 'no-reply@' || "domain" WHERE "fromAddress" IS NULL;
ALTER TABLE "SendingDomain" ALTER COLUMN "fromAddress" SET NOT NULL;
