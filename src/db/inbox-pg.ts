/**
 * The Telegram inbox on PostgreSQL, shared by several processes (see inbox-sqlite.ts for what the inbox is for).
 * With webhooks behind a load balancer, Telegram may deliver an update again to another process while the first one
 * still handles it, or after the first one died. So each process handles only what it `take`s: an update it stored
 * first (its own poll's batch, or a webhook update new to the table), or one left unhandled by a process that died
 * (stored, or last taken, more than `staleMs` ago), taken over by one atomic UPDATE so only one process gets it.
 * `takeStale` is run at start and every minute by each process: what a SIGKILLed process held is handled once.
 */
import type pg from "pg";
import type { StoredUpdate, UpdateInbox } from "./inbox-store.js";
import { pgPool } from "./pg-pool.js";

/** Longer than any update takes to handle (a large plan file is read in seconds): older unhandled rows are orphans. */
export const STALE_MS = 5 * 60_000;
const WEEK_MS = 7 * 86_400_000;

export class PostgresInboxStore implements UpdateInbox {
  private readonly pool: pg.Pool;
  /** Updates this process stored (or took over) and has not handled yet. */
  private readonly mine = new Set<string>();
  private stores = 0;

  constructor(
    databaseUrl: string,
    private readonly clock: () => Date = () => new Date(),
    private readonly staleMs = STALE_MS,
  ) {
    // Commits that wait for their WAL flush: the inbox is what survives a crash.
    this.pool = pgPool(databaseUrl, { max: 2 });
  }

  /** Times as UTC text: Prisma keeps UTC in `timestamp(3)` columns, and `pg` would send a Date in local time. */
  private now(): string {
    return this.clock().toISOString();
  }

  private ago(ms: number): string {
    return new Date(this.clock().getTime() - ms).toISOString();
  }

  /** Writes updates durably (one statement); the ones new to the table are this process's to handle. */
  async store(platform: string, updates: StoredUpdate[]): Promise<number> {
    if (!updates.length) return 0;
    const values = updates.map((_, i) => `($1, $${i * 2 + 3}, $${i * 2 + 4}, $2)`).join(", ");
    const r = await this.pool.query<{ updateId: string }>(
      `INSERT INTO "InboxUpdate" ("platform", "updateId", "payload", "receivedAt") VALUES ${values}
       ON CONFLICT DO NOTHING RETURNING "updateId"`,
      [platform, this.now(), ...updates.flatMap((u) => [u.updateId, u.payload])],
    );
    for (const row of r.rows) this.mine.add(key(platform, row.updateId));
    if (++this.stores % 1000 === 0)
      await this.pool.query(`DELETE FROM "InboxUpdate" WHERE "handledAt" < $1`, [this.ago(WEEK_MS)]);
    return r.rowCount ?? 0;
  }

  /**
   * Whether this process should handle the update now: it is this process's (stored or taken over by it), or it is
   * new to the table and stored now, or an orphan taken over now. False while another process has it, or once handled.
   */
  async take(platform: string, update: StoredUpdate): Promise<boolean> {
    if (this.mine.has(key(platform, update.updateId))) return true;
    if (await this.store(platform, [update])) return true;
    const r = await this.pool.query(
      `UPDATE "InboxUpdate" SET "receivedAt" = $3
        WHERE "platform" = $1 AND "updateId" = $2 AND "handledAt" IS NULL AND "receivedAt" < $4`,
      [platform, update.updateId, this.now(), this.ago(this.staleMs)],
    );
    if (!r.rowCount) return false;
    this.mine.add(key(platform, update.updateId));
    return true;
  }

  async markHandled(platform: string, updateId: string): Promise<void> {
    await this.pool.query(`UPDATE "InboxUpdate" SET "handledAt" = $3 WHERE "platform" = $1 AND "updateId" = $2`, [
      platform,
      updateId,
      this.now(),
    ]);
    this.mine.delete(key(platform, updateId));
  }

  /**
   * Takes over the updates that processes which died left unhandled (each to one process only), oldest first; at
   * start-up also this process's own from before its restart, once they are stale.
   */
  async takeStale(platform: string, limit = 100): Promise<StoredUpdate[]> {
    const r = await this.pool.query<StoredUpdate>(
      `UPDATE "InboxUpdate" SET "receivedAt" = $2
        WHERE ("platform", "updateId") IN (
          SELECT "platform", "updateId" FROM "InboxUpdate"
           WHERE "platform" = $1 AND "handledAt" IS NULL AND "receivedAt" < $3
           ORDER BY "receivedAt" LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING "updateId", "payload"`,
      [platform, this.now(), this.ago(this.staleMs), limit],
    );
    const rows = r.rows.sort((a, b) => Number(a.updateId) - Number(b.updateId));
    for (const row of rows) this.mine.add(key(platform, row.updateId));
    return rows;
  }

  leftover(platform: string): Promise<StoredUpdate[]> {
    return this.takeStale(platform);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

const key = (platform: string, updateId: string) => `${platform}:${updateId}`;
