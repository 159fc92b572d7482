-- CreateTable
CREATE TABLE "StepOutcome" (
    "key" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StepOutcome_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "StepOutcome_createdAt_idx" ON "StepOutcome"("createdAt");

