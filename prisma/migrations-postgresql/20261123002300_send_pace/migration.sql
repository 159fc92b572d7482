-- CreateTable
CREATE TABLE "SendPace" (
    "account" TEXT NOT NULL,
    "nextAt" BIGINT NOT NULL,

    CONSTRAINT "SendPace_pkey" PRIMARY KEY ("account")
);

