/**
 * A brand-new database with every migration applied, removed after the test file. The suite runs on SQLite (a file in
 * a temporary folder) unless TEST_DATABASE=postgresql: then each database is a schema of its own on the PostgreSQL
 * server of test/helpers/postgres.ts (`npm run test:pg`).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDatabase, type Db, openDatabase } from "../../src/db/client.js";
import { findPostgres, freshSchema } from "./postgres.js";

export const TEST_ENGINE: "sqlite" | "postgresql" =
  process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";

const opened: { db: Db; cleanup(): Promise<void> }[] = [];
let server: Promise<string> | undefined;

/** The PostgreSQL server of the run; a run asked for PostgreSQL fails loudly when there is none. */
function postgresServer(): Promise<string> {
  server ??= findPostgres().then((found) => {
    if ("url" in found) return found.url;
    throw new Error(`TEST_DATABASE=postgresql but no PostgreSQL answers: ${found.reason}`);
  });
  return server;
}

/** `file` is the SQLite file (undefined on PostgreSQL); `url` the DATABASE_URL that opens the same database. */
export async function freshDb(): Promise<{ db: Db; url: string; file: string | undefined }> {
  if (TEST_ENGINE === "postgresql") {
    const schema = await freshSchema(await postgresServer());
    // Two connections per pool: a test file opens many databases, the server allows about a hundred sessions.
    const url = `${schema.url}&connection_limit=2`;
    const db = await openDatabase(url);
    opened.push({ db, cleanup: schema.drop });
    return { db, url, file: undefined };
  }
  return freshSqliteDb();
}

/** A fresh SQLite database whatever the run's engine (for what only SQLite has: its file, its faults). */
export async function freshSqliteDb(): Promise<{ db: Db; url: string; file: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "union-bot-test-"));
  const file = path.join(dir, "test.db");
  const url = `file:${file}`;
  const db = await openDatabase(url);
  opened.push({ db, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) });
  return { db, url, file };
}

/** For spec files about SQLite's own file and faults: skipped, saying why, when the run is on PostgreSQL. */
export function sqliteOnly(what: string): boolean {
  if (TEST_ENGINE !== "postgresql") return false;
  console.warn(`SKIPPED on PostgreSQL: ${what} (SQLite's file; tested in the SQLite run).`);
  return true;
}

/** How many file descriptors this process holds open whose target `matches` (Linux's /proc). */
export function descriptorsWhere(matches: (target: string) => boolean): number {
  return fs.readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return matches(fs.readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      return false;
    }
  }).length;
}

export async function closeAll(): Promise<void> {
  for (const { db, cleanup } of opened.splice(0)) {
    await closeDatabase(db).catch(() => undefined);
    await cleanup().catch(() => undefined);
  }
}
