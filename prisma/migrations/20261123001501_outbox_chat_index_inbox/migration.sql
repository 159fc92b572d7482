-- CreateTable
CREATE TABLE "InboxUpdate" (
    "platform" TEXT NOT NULL,
    "updateId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handledAt" DATETIME,

    PRIMARY KEY ("platform", "updateId")
);

-- CreateIndex
CREATE INDEX "InboxUpdate_handledAt_idx" ON "InboxUpdate"("handledAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_platform_platformChatId_status_idx" ON "OutboxMessage"("platform", "platformChatId", "status");
