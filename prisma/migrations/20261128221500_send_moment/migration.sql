-- AlterTable
ALTER TABLE "SendingRateLimit" ADD COLUMN     "lastSentAt" TIMESTAMPTZ(3);
