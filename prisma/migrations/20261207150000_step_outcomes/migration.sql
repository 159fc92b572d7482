-- What a conversation's last step wrote, under the stored step it answered (issue 25.6): a step handled again after
-- a crash answers with what was written instead of writing it twice.

-- CreateTable
CREATE TABLE "StepOutcome" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "outcome" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "StepOutcome_createdAt_idx" ON "StepOutcome"("createdAt");

