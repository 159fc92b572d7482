/** The PostgreSQL ChatLock (a transaction-scoped advisory lock; see chat-lock.ts), apart so SQLite never loads `pg`. */
import crypto from "node:crypto";
import pg from "pg";
import type { ChatLock } from "./chat-lock.js";
import { postgresConnection } from "./url.js";

export interface PostgresChatLockOptions {
  /** Connections, so updates of this many chats can be handled at once by this process (default 16). */
  max?: number;
  /** Longest wait for a chat another process is handling before the update fails (default 2 minutes). */
  waitMs?: number;
}

export class PostgresChatLock implements ChatLock {
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly waitMs: number;

  constructor(databaseUrl: string, options: PostgresChatLockOptions = {}) {
    const { connectionString, schema } = postgresConnection(databaseUrl);
    this.schema = schema;
    this.waitMs = options.waitMs ?? 120_000;
    this.pool = new pg.Pool({ connectionString, max: options.max ?? 16 });
    // A connection the server closes while idle (a restart) is dropped; the next update opens a new one.
    this.pool.on("error", () => undefined);
  }

  /**
   * The lock's 64-bit key: advisory locks are shared by the whole database, so the schema is part of it (two bots, or
   * two tests, in two schemas never wait for each other).
   */
  key(platform: string, chatId: string): bigint {
    const digest = crypto.createHash("sha256").update(`${this.schema}\0${platform}\0${chatId}`).digest();
    return digest.readBigInt64BE(0);
  }

  async run<T>(platform: string, chatId: string, fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // While held, the connection is ours: its loss (the server restarts, the network drops) must not crash the
    // process. The lock is gone with it; the handling under way finishes, and the connection is thrown away.
    const lost = (err: Error) => void (broken ??= err);
    client.on("error", lost);
    const release = () => {
      client.off("error", lost);
      client.release(broken);
    };
    try {
      // One round trip; the key is a number computed here, the time a whole number of milliseconds.
      await client.query(
        `BEGIN; SET LOCAL lock_timeout = ${Math.round(this.waitMs)}; SELECT pg_advisory_xact_lock(${this.key(platform, chatId)})`,
      );
    } catch (err) {
      await client.query("ROLLBACK").catch((e: Error) => (broken ??= e));
      release();
      throw err;
    }
    try {
      return await fn();
    } finally {
      // Ending the transaction frees the lock; a connection lost meanwhile freed it already (and is thrown away).
      if (!broken) await client.query("ROLLBACK").catch((e: Error) => (broken ??= e));
      release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
