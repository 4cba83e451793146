-- AlterTable
ALTER TABLE "SendingRateLimit" ADD COLUMN     "lastAnsweredAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastSentAt" TIMESTAMPTZ(3);
