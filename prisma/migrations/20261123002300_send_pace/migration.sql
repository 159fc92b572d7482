-- One pacer per bot account across processes (issue 20): the account's next free send slot, shared in the database.

-- CreateTable
CREATE TABLE "SendPace" (
    "account" TEXT NOT NULL PRIMARY KEY,
    "nextAt" BIGINT NOT NULL
);
