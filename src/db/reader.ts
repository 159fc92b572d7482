/**
 * Large read-only aggregates (the tally over a province's million opinions) on the engine's own driver, not through
 * Prisma: a raw query through Prisma's driver adapter costs microseconds per row returned (its rows are converted
 * and typed one by one), which a tally of 150,000 groups pays in full. SQL in the shared subset (sql.ts); numbers may
 * come back as numbers, bigints or (PostgreSQL's COUNT) strings: callers convert with Number().
 */
import Database from "better-sqlite3";
import type { Pool } from "pg";
import { toPostgres } from "./sql.js";

export interface Reader {
  rows<T>(sql: string, ...params: unknown[]): Promise<T[]>;
  /**
   * Gives back what a big read left behind: on SQLite the connection and its page cache (up to 16 MB with
   * better-sqlite3's defaults) are closed, to be opened again on the next read; on PostgreSQL the pool's idle
   * connections end by themselves.
   */
  release(): void;
  close(): unknown;
}

export function sqliteReader(file: string): Reader {
  let db: Database.Database | undefined;
  const statements = new Map<string, Database.Statement>();
  return {
    async rows<T>(sql: string, ...params: unknown[]) {
      // A connection of its own, opened on first use; in WAL mode reads never wait for a writer.
      db ??= new Database(file, { readonly: true, timeout: 5000 });
      let stmt = statements.get(sql);
      if (!stmt) statements.set(sql, (stmt = db.prepare(sql)));
      return stmt.all(...params) as T[];
    },
    release: () => {
      statements.clear();
      db?.close();
      db = undefined;
    },
    close: () => db?.close(),
  };
}

export function postgresReader(pool: Pool): Reader {
  return {
    async rows<T>(sql: string, ...params: unknown[]) {
      return (await pool.query(toPostgres(sql), params)).rows as T[];
    },
    release: () => undefined,
    close: () => pool.end(),
  };
}
