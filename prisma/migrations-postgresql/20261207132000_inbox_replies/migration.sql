-- AlterTable
ALTER TABLE "InboxUpdate" ADD COLUMN     "chatId" TEXT,
ADD COLUMN     "replies" TEXT;

-- CreateIndex
CREATE INDEX "InboxUpdate_platform_chatId_handledAt_idx" ON "InboxUpdate"("platform", "chatId", "handledAt");

