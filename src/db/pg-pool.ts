/**
 * The small `pg` pools the PostgreSQL stores keep beside Prisma's (the hot path, the outbox, the inbox, the send pace,
 * the chat lock): the URL's schema on the search path, at most `max` connections (and no more than the URL's
 * `connection_limit`), and a listener for idle connections the server closes (a restart): without one, `pg`'s
 * 'error' event would end the process; the pool drops that connection and opens a new one for the next query.
 *
 * `fastCommit` turns synchronous_commit off: a commit no longer waits for its WAL flush (about 8 ms to 1 ms a write
 * here). As with SQLite's synchronous=NORMAL, a server crash may forget the last moments, never corrupts.
 */
import pg from "pg";
import { postgresConnection } from "./url.js";

export function pgPool(databaseUrl: string, o: { max: number; fastCommit?: boolean }): pg.Pool {
  const { connectionString, schema, poolSize } = postgresConnection(databaseUrl);
  const settings = `-c search_path="${schema}"${o.fastCommit ? " -c synchronous_commit=off" : ""}`;
  const pool = new pg.Pool({ connectionString, max: Math.min(poolSize ?? o.max, o.max), options: settings });
  pool.on("error", () => undefined);
  return pool;
}
