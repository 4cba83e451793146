-- Test sends can now exist before their sending domain is saved: they belong to a workspace,
-- and to a domain once it is saved. Existing rows take their domain's workspace.
ALTER TABLE "TestSend" ADD COLUMN     "createdById" UUID,
ADD COLUMN     "settingsFingerprint" TEXT,
ADD COLUMN     "stages" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "workspaceId" UUID,
ALTER COLUMN "sendingDomainId" DROP NOT NULL;

UPDATE "TestSend" t SET "workspaceId" = d."workspaceId" FROM "SendingDomain" d WHERE d."id" = t."sendingDomainId";

ALTER TABLE "TestSend" ALTER COLUMN "workspaceId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "TestSend_workspaceId_startedAt_idx" ON "TestSend"("workspaceId", "startedAt" DESC);

-- AddForeignKey
ALTER TABLE "TestSend" ADD CONSTRAINT "TestSend_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestSend" ADD CONSTRAINT "TestSend_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
