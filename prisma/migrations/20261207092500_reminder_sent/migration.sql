-- One reminder message a unit a day (issue 26.10): each reminder item on record with the message that carried it.

-- CreateTable
CREATE TABLE "ReminderSent" (
    "occurrenceId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "offsetDays" INTEGER NOT NULL,
    "messageKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("occurrenceId", "unitId", "offsetDays"),
    CONSTRAINT "ReminderSent_occurrenceId_fkey" FOREIGN KEY ("occurrenceId") REFERENCES "DeadlineOccurrence" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

