-- A submission row is either a report handed in or an excusal by staff.
ALTER TABLE "Submission" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'submitted';
