-- The playground's chats kept in the database, so the page shows each chat's history after a restart (issue 30).

-- CreateTable
CREATE TABLE "PlaygroundMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "chat" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "storedFileId" INTEGER,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "PlaygroundMessage_chat_id_idx" ON "PlaygroundMessage"("chat", "id");

-- CreateIndex
CREATE INDEX "PlaygroundMessage_storedFileId_idx" ON "PlaygroundMessage"("storedFileId");

