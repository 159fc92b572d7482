/**
 * Applies the committed migrations (prisma/migrations/<name>/migration.sql) to an SQLite file at start-up.
 * It keeps Prisma's own bookkeeping table `_prisma_migrations` with Prisma's checksums, so the Prisma CLI
 * (`prisma migrate status`, `migrate deploy`, `migrate dev`) sees the same history. Written in-process because
 * tests create many fresh databases and spawning the CLI for each would cost seconds.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { sqliteFilePath } from "./url.js";

/** The project's prisma/migrations, found from this file whether it runs from src/ (tsx) or dist/src/ (built). */
export const MIGRATIONS_DIR = findMigrationsDir(import.meta.dirname);

function findMigrationsDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "prisma", "migrations");
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`prisma/migrations not found above ${from}`);
  }
}

export interface MigrationResult {
  file: string;
  applied: string[];
}

export function migrate(databaseUrl: string, migrationsDir = MIGRATIONS_DIR): MigrationResult {
  const file = sqliteFilePath(databaseUrl);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 10000");
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "checksum" TEXT NOT NULL,
      "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL,
      "logs" TEXT,
      "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
    )`);
    const done = new Set(
      (
        db
          .prepare(
            `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
          )
          .all() as {
          migration_name: string;
        }[]
      ).map((r) => r.migration_name),
    );
    const names = fs
      .readdirSync(migrationsDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && fs.existsSync(path.join(migrationsDir, d.name, "migration.sql")))
      .map((d) => d.name)
      .sort();
    const applied: string[] = [];
    for (const name of names) {
      if (done.has(name)) continue;
      const sql = fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
      const checksum = crypto.createHash("sha256").update(sql).digest("hex");
      // BEGIN IMMEDIATE: a second process starting at the same moment waits instead of applying twice.
      db.exec("BEGIN IMMEDIATE");
      try {
        const again = db
          .prepare(`SELECT 1 FROM _prisma_migrations WHERE migration_name = ? AND finished_at IS NOT NULL`)
          .get(name);
        if (!again) {
          db.exec(sql);
          db.prepare(
            `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
             VALUES (?, ?, current_timestamp, ?, current_timestamp, 1)`,
          ).run(crypto.randomUUID(), checksum, name);
          applied.push(name);
        }
        db.exec("COMMIT");
      } catch (err) {
        db.exec("ROLLBACK");
        throw new Error(`Migration ${name} failed: ${(err as Error).message}`);
      }
    }
    return { file, applied };
  } finally {
    db.close();
  }
}
