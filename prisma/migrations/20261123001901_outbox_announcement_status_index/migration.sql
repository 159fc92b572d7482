-- CreateIndex
CREATE INDEX "OutboxMessage_announcementId_kind_status_idx" ON "OutboxMessage"("announcementId", "kind", "status");
