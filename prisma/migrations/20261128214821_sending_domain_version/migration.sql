-- AlterTable
ALTER TABLE "SendingDomain" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
