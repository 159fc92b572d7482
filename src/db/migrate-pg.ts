/**
 * Applies the committed PostgreSQL migrations (prisma/migrations-postgresql/<name>/migration.sql) at start-up, the
 * counterpart of src/db/migrate.ts for SQLite. Prisma's WASM schema engine cannot run `migrate deploy` on PostgreSQL
 * ("External error id#0"), so the project applies the SQL itself and keeps Prisma's own `_prisma_migrations` table
 * with Prisma's checksums (sha256 of the file), as Prisma would. Several processes starting at once are serialised by
 * a session advisory lock; each migration runs in its own transaction (PostgreSQL's DDL is transactional).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { postgresConnection } from "./url.js";

/** The project's prisma/migrations-postgresql, found from this file whether it runs from src/ or dist/src/. */
export const PG_MIGRATIONS_DIR = findDir(import.meta.dirname);

function findDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "prisma", "migrations"))) return path.join(dir, "prisma", "migrations-postgresql");
    if (path.dirname(dir) === dir) throw new Error(`prisma/migrations not found above ${from}`);
  }
}

/** Any constant: the advisory lock every starting process takes while it migrates. */
const MIGRATION_LOCK = 2_026_112_320;

/** Prisma's bookkeeping table as Prisma creates it on PostgreSQL. */
const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface PgMigrationResult {
  schema: string;
  applied: string[];
}

/** The migration folders of a directory, in order. */
export function migrationNames(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

export async function migratePostgres(
  databaseUrl: string,
  migrationsDir = PG_MIGRATIONS_DIR,
): Promise<PgMigrationResult> {
  const { connectionString, schema } = postgresConnection(databaseUrl);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await requireBytewiseCollation(client);
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    await client.query(BOOKKEEPING);
    const applied: string[] = [];
    for (const name of migrationNames(migrationsDir)) {
      if (await isApplied(client, name)) continue;
      await applyOne(client, migrationsDir, name);
      applied.push(name);
    }
    return { schema, applied };
  } finally {
    // Ending the session below releases the lock anyway (an unlock fails only on a broken connection).
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/**
 * A subtree is a range of materialised paths ("/1/4/" up to "/1/40"), which only holds when text compares byte by
 * byte: a linguistic collation such as en_US.UTF-8 ignores the slashes and puts "/1/4/" outside "/1/"'s range.
 */
async function requireBytewiseCollation(client: pg.Client): Promise<void> {
  const r = await client.query<{ bytewise: boolean; db: string }>(
    `SELECT ('/1/4/' < '/10' AND '/1/9/' < '/10') AS bytewise, current_database() AS db`,
  );
  const row = r.rows[0];
  if (row && !row.bytewise) {
    throw new Error(
      `PostgreSQL database "${row.db}" sorts text linguistically; the bot needs byte order. Create it with ` +
        `CREATE DATABASE ${row.db} TEMPLATE template0 LOCALE_PROVIDER libc LOCALE 'C.UTF-8' (README "Database")`,
    );
  }
}

async function isApplied(client: pg.Client, name: string): Promise<boolean> {
  const r = await client.query(
    `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    [name],
  );
  return (r.rowCount ?? 0) > 0;
}

async function applyOne(client: pg.Client, dir: string, name: string): Promise<void> {
  const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
  const checksum = crypto.createHash("sha256").update(sql).digest("hex");
  await client.query("BEGIN");
  try {
    await client.query(sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, now(), $3, now(), 1)`,
      [crypto.randomUUID(), checksum, name],
    );
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK");
    throw new Error(`PostgreSQL migration ${name} failed: ${(err as Error).message}`);
  }
}
