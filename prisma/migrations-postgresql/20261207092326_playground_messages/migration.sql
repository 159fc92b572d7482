-- CreateTable
CREATE TABLE "PlaygroundMessage" (
    "id" SERIAL NOT NULL,
    "chat" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "storedFileId" INTEGER,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlaygroundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PlaygroundMessage_chat_id_idx" ON "PlaygroundMessage"("chat", "id");

-- CreateIndex
CREATE INDEX "PlaygroundMessage_storedFileId_idx" ON "PlaygroundMessage"("storedFileId");

