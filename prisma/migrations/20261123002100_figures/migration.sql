-- Figures against targets (issue 21): indicators a deadline asks for, targets per unit, reported figures with history.

-- CreateTable
CREATE TABLE "Indicator" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deadlineId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "measure" TEXT NOT NULL,
    "rollup" TEXT NOT NULL,
    "comparator" TEXT NOT NULL,
    "target" REAL,
    "strive" BOOLEAN NOT NULL DEFAULT false,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "UnitTarget" (
    "indicatorId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "value" REAL NOT NULL,
    "source" TEXT NOT NULL,
    "setById" INTEGER NOT NULL,
    "setAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("indicatorId", "unitId")
);

-- CreateTable
CREATE TABLE "FigureReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "indicatorId" INTEGER NOT NULL,
    "occurrenceId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "value" REAL NOT NULL,
    "reportedById" INTEGER NOT NULL,
    "reportedAt" DATETIME NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "current" BOOLEAN NOT NULL DEFAULT true
);

-- CreateIndex
CREATE UNIQUE INDEX "Indicator_deadlineId_position_key" ON "Indicator"("deadlineId", "position");

-- CreateIndex
CREATE INDEX "FigureReport_indicatorId_current_occurrenceId_unitId_value_idx" ON "FigureReport"("indicatorId", "current", "occurrenceId", "unitId", "value");

-- CreateIndex
CREATE INDEX "FigureReport_unitId_indicatorId_occurrenceId_idx" ON "FigureReport"("unitId", "indicatorId", "occurrenceId");
