-- AlterTable
ALTER TABLE "SendingDomain" ADD COLUMN     "maxSendRate" DOUBLE PRECISION NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "SendingRateLimit" (
    "sendingDomainId" UUID NOT NULL,
    "nextSlotAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SendingRateLimit_pkey" PRIMARY KEY ("sendingDomainId")
);

-- AddForeignKey
ALTER TABLE "SendingRateLimit" ADD CONSTRAINT "SendingRateLimit_sendingDomainId_fkey" FOREIGN KEY ("sendingDomainId") REFERENCES "SendingDomain"("id") ON DELETE CASCADE ON UPDATE CASCADE;
