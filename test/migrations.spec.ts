import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrate } from "../src/db/migrate.js";

describe("migrations", () => {
  it("create every table in a file that does not exist yet, once", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mig-"));
    const url = `file:${path.join(dir, "nested", "fresh.db")}`;
    const first = migrate(url);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(migrate(url).applied).toEqual([]);
    const db = new Database(first.file);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    db.close();
    for (const t of [
      "Unit",
      "Person",
      "Identity",
      "Membership",
      "Chat",
      "Plan",
      "Consultation",
      "ConsultationItem",
      "Opinion",
      "MeetingResult",
      "Deadline",
      "DeadlineOccurrence",
      "Submission",
      "OutboxMessage",
      "ConversationState",
      "ProcessedUpdate",
      "AuditLog",
    ]) {
      expect(tables).toContain(t);
    }
  });

  it("are recorded the way the Prisma CLI expects (migrate status sees the database up to date)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mig-"));
    const url = `file:${path.join(dir, "cli.db")}`;
    migrate(url);
    const root = path.join(import.meta.dirname, "..");
    const out = execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "status"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      encoding: "utf8",
    });
    expect(out).toMatch(/Database schema is up to date/);
  });
});
