-- The replies of an update, written before they are sent (issue 25.6): a restart sends them instead of handling the
-- update again. The chat of each update (issue 33): a chat's updates are handled in order across processes.

-- AlterTable
ALTER TABLE "InboxUpdate" ADD COLUMN "replies" TEXT;
ALTER TABLE "InboxUpdate" ADD COLUMN "chatId" TEXT;

-- CreateIndex
CREATE INDEX "InboxUpdate_platform_chatId_handledAt_idx" ON "InboxUpdate"("platform", "chatId", "handledAt");
