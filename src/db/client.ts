import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";
import { migrate } from "./migrate.js";
import { sqliteFilePath } from "./url.js";

export type Db = PrismaClient;

const files = new WeakMap<Db, string>();

/** The SQLite file a client was opened on (for the hot path's own connection). */
export function databaseFile(db: Db): string | undefined {
  return files.get(db);
}

/** Opens the database, applying committed migrations first (a fresh file is created). */
export async function openDatabase(databaseUrl: string): Promise<Db> {
  migrate(databaseUrl);
  const adapter = new PrismaBetterSQLite3({ url: sqliteFilePath(databaseUrl), timeout: 10_000 });
  const db = new PrismaClient({ adapter });
  await db.$connect();
  // WAL with synchronous=NORMAL: no fsync per commit, still never corrupt; the last moments may be lost on power cut.
  await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  files.set(db, sqliteFilePath(databaseUrl));
  return db;
}

/** A DateTime as Prisma's SQLite adapter stores it ("2026-01-02T03:04:05.678+00:00"), for comparisons in raw SQL. */
export function sqlTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}
