-- CreateEnum
CREATE TYPE "AwsDiagnosticsSource" AS ENUM ('access_key', 'default_chain');

-- CreateTable
CREATE TABLE "AwsDiagnosticsAccess" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "source" "AwsDiagnosticsSource" NOT NULL,
    "accessKeyId" TEXT,
    "secretCiphertext" TEXT,
    "secretKeyId" TEXT,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AwsDiagnosticsAccess_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProvisionedSmtpCredential" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "region" TEXT NOT NULL,
    "iamUserName" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordCiphertext" TEXT NOT NULL,
    "passwordKeyId" TEXT NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProvisionedSmtpCredential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AwsAccountCheck" (
    "id" UUID NOT NULL,
    "workspaceId" UUID NOT NULL,
    "region" TEXT NOT NULL,
    "report" JSONB NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AwsAccountCheck_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AwsDiagnosticsAccess_workspaceId_key" ON "AwsDiagnosticsAccess"("workspaceId");

-- CreateIndex
CREATE INDEX "ProvisionedSmtpCredential_workspaceId_createdAt_idx" ON "ProvisionedSmtpCredential"("workspaceId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "AwsAccountCheck_workspaceId_region_key" ON "AwsAccountCheck"("workspaceId", "region");

-- AddForeignKey
ALTER TABLE "AwsDiagnosticsAccess" ADD CONSTRAINT "AwsDiagnosticsAccess_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProvisionedSmtpCredential" ADD CONSTRAINT "ProvisionedSmtpCredential_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AwsAccountCheck" ADD CONSTRAINT "AwsAccountCheck_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
