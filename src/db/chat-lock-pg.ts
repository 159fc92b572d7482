/** The PostgreSQL ChatLock (a transaction-scoped advisory lock; see chat-lock.ts), apart so SQLite never loads `pg`. */
import crypto from "node:crypto";
import type pg from "pg";
import type { Logger } from "../logger.js";
import type { ChatLock } from "./chat-lock.js";
import { storageFault } from "./faults.js";
import { pgPool } from "./pg-pool.js";
import { postgresConnection } from "./url.js";

export interface PostgresChatLockOptions {
  /** Connections, so updates of this many chats can be handled at once by this process (default 16). */
  max?: number;
  /** Longest wait for a chat another process is handling before the update fails (default 2 minutes). */
  waitMs?: number;
  /**
   * How long the lock is asked for again while the server cannot be reached (a restart, a network cut) before the
   * update goes on without it (default 30 s; the core then answers "try again later" if the server is still away).
   */
  reconnectMs?: number;
  logger?: Logger;
}

export class PostgresChatLock implements ChatLock {
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly waitMs: number;
  private readonly reconnectMs: number;
  /** Connections held by updates now, and the updates waiting for one while all are held (see `release`). */
  private held = 0;
  private readonly waiting: ((handed: pg.PoolClient | undefined) => void)[] = [];
  private readonly size: number;

  constructor(
    databaseUrl: string,
    private readonly options: PostgresChatLockOptions = {},
  ) {
    this.schema = postgresConnection(databaseUrl).schema;
    this.waitMs = options.waitMs ?? 120_000;
    this.reconnectMs = options.reconnectMs ?? 30_000;
    // One connection per update being handled (held while it is): up to 16, or the URL's connection_limit.
    this.pool = pgPool(databaseUrl, { max: options.max ?? 16 });
    this.size = this.pool.options.max;
    // A connection's loss is noticed by whoever holds it (`lost` below), but pg also emits it as an event, which with
    // no listener would end the process: a connection ending its transaction after its holder let go, or being handed
    // over, has none of its own.
    this.pool.on("connect", (client) => client.on("error", () => undefined));
  }

  /**
   * The lock's 64-bit key: advisory locks are shared by the whole database, so the schema is part of it (two bots, or
   * two tests, in two schemas never wait for each other).
   */
  key(platform: string, chatId: string): bigint {
    const digest = crypto.createHash("sha256").update(`${this.schema}\0${platform}\0${chatId}`).digest();
    return digest.readBigInt64BE(0);
  }

  /**
   * Runs `fn` under the chat's lock. While the server cannot be reached the lock is asked for again, with growing
   * pauses, for up to `reconnectMs`: an update stored before a cut is answered once the server is back, rather than
   * failing unanswered (#35). Past that, `fn` runs without the lock, logged: its own first read then fails and the
   * member hears "try again later", or the server is back and nobody else holds the chat's updates.
   */
  async run<T>(platform: string, chatId: string, fn: () => Promise<T>): Promise<T> {
    const until = Date.now() + this.reconnectMs;
    for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
      let entered = false;
      try {
        return await this.locked(platform, chatId, () => {
          entered = true;
          return fn();
        });
      } catch (err) {
        if (entered || storageFault(err) !== "unreachable") throw err;
        if (Date.now() + pause > until) {
          this.options.logger?.warn({ platform, chatId, err }, "the chat's lock cannot be had: handling without it");
          return fn();
        }
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }

  private async locked<T>(platform: string, chatId: string, fn: () => Promise<T>): Promise<T> {
    const { client, dirty } = await this.connection();
    let broken: Error | undefined;
    // While held, the connection is ours: its loss (the server restarts, the network drops) must not crash the
    // process. The lock is gone with it; the handling under way finishes, and the connection is thrown away.
    const lost = (err: Error) => void (broken ??= err);
    client.on("error", lost);
    const done = () => client.off("error", lost);
    try {
      // One round trip; the key is a number computed here, the time a whole number of milliseconds. A connection
      // handed over by an update that just finished first ends that update's transaction, freeing its chat.
      await client.query(
        `${dirty ? "ROLLBACK; " : ""}BEGIN; SET LOCAL lock_timeout = ${Math.round(this.waitMs)}; SELECT pg_advisory_xact_lock(${this.key(platform, chatId)})`,
      );
    } catch (err) {
      await client.query("ROLLBACK").catch((e: Error) => (broken ??= e));
      done();
      this.release(client, broken);
      throw err;
    }
    try {
      return await fn();
    } finally {
      done();
      this.release(client, broken, true);
    }
  }

  /**
   * A connection for the next lock: from the pool while fewer than its size are held, else handed over by the next
   * update to finish (`dirty`: still in that update's transaction, which the next lock's query ends).
   */
  private async connection(): Promise<{ client: pg.PoolClient; dirty: boolean }> {
    if (this.held >= this.size) {
      const handed = await new Promise<pg.PoolClient | undefined>((resolve) => this.waiting.push(resolve));
      if (handed) return { client: handed, dirty: true };
    }
    this.held++;
    try {
      return { client: await this.pool.connect(), dirty: false };
    } catch (err) {
      this.held--;
      this.waiting.shift()?.(undefined);
      throw err;
    }
  }

  /**
   * Frees a connection's lock. Under load an update waits for a connection: it gets this one still in its
   * transaction, and ends it in the same round trip that takes its own lock (one statement less per update). Else the
   * transaction is ended here and the connection goes back to the pool; a broken one is thrown away, and a waiting
   * update takes a new one.
   */
  private release(client: pg.PoolClient, broken: Error | undefined, inTransaction = false): void {
    const next = this.waiting.shift();
    if (!broken && inTransaction && next) {
      next(client);
      return;
    }
    this.held--;
    next?.(undefined);
    if (broken || !inTransaction) {
      client.release(broken);
      return;
    }
    client.query("ROLLBACK").then(
      () => client.release(),
      (err: Error) => client.release(err),
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
