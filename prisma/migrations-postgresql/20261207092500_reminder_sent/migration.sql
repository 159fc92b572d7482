-- CreateTable
CREATE TABLE "ReminderSent" (
    "occurrenceId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "offsetDays" INTEGER NOT NULL,
    "messageKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReminderSent_pkey" PRIMARY KEY ("occurrenceId","unitId","offsetDays")
);

-- AddForeignKey
ALTER TABLE "ReminderSent" ADD CONSTRAINT "ReminderSent_occurrenceId_fkey" FOREIGN KEY ("occurrenceId") REFERENCES "DeadlineOccurrence"("id") ON DELETE CASCADE ON UPDATE CASCADE;

