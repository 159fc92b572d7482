/**
 * The Telegram inbox on PostgreSQL, shared by several processes (see inbox-sqlite.ts for what the inbox is for).
 * With webhooks behind a load balancer, Telegram may deliver an update again to another process while the first one
 * still handles it, or after the first one died. So each process handles only what it `take`s: an update it stored
 * first (its own poll's batch, or a webhook update new to the table), or one left unhandled by a process that died,
 * taken over by one atomic UPDATE so only one process gets it. A process shows it is alive by a heartbeat: every
 * `HEARTBEAT_MS` it moves `receivedAt` of the updates it holds to now, so a row not moved for `staleMs` (15 s) is an
 * orphan. `takeStale` is run at start and every few seconds by each process: what a SIGKILLed process held is handled
 * once, within seconds. A "handled" mark that the database refused is written again until it is taken (the row stays
 * this process's meanwhile, kept alive by the heartbeat), so no other process takes over an update already answered.
 */
import type pg from "pg";
import { INBOX_HEARTBEAT_MS, type StoredUpdate, type UpdateInbox } from "./inbox-store.js";
import { pgPool } from "./pg-pool.js";

export const HEARTBEAT_MS = INBOX_HEARTBEAT_MS;
/** Three missed heartbeats: an unhandled row not renewed for this long belonged to a process that died. */
export const STALE_MS = 3 * HEARTBEAT_MS;
const WEEK_MS = 7 * 86_400_000;

export class PostgresInboxStore implements UpdateInbox {
  private readonly pool: pg.Pool;
  /** Updates this process stored (or took over) and has not handled yet. */
  private readonly mine = new Set<string>();
  /** Updates being handled now here: Telegram may deliver one again meanwhile. */
  private readonly handling = new Set<string>();
  private stores = 0;
  private readonly heartbeatTimer: NodeJS.Timeout;
  private closed = false;

  constructor(
    databaseUrl: string,
    private readonly clock: () => Date = () => new Date(),
    private readonly staleMs = STALE_MS,
  ) {
    // Commits that wait for their WAL flush: the inbox is what survives a crash.
    this.pool = pgPool(databaseUrl, { max: 4 });
    this.heartbeatTimer = setInterval(() => void this.heartbeat().catch(() => undefined), HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  /** Tells the other processes this one is alive: the updates it holds are renewed (by the timer; tests call it). */
  async heartbeat(): Promise<number> {
    if (!this.mine.size) return 0;
    const ids = [...this.mine].map((k) => k.split(":")).map(([platform, updateId]) => ({ platform, updateId }));
    const r = await this.pool.query(
      `UPDATE "InboxUpdate" SET "receivedAt" = $1
        WHERE ("platform", "updateId") IN (SELECT * FROM unnest($2::text[], $3::text[])) AND "handledAt" IS NULL`,
      [this.now(), ids.map((i) => i.platform), ids.map((i) => i.updateId)],
    );
    return r.rowCount ?? 0;
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
    const values = updates.map((_, i) => `($1, $${i * 3 + 3}, $${i * 3 + 4}, $2, $${i * 3 + 5})`).join(", ");
    const r = await this.pool.query<{ updateId: string }>(
      `INSERT INTO "InboxUpdate" ("platform", "updateId", "payload", "receivedAt", "chatId") VALUES ${values}
       ON CONFLICT DO NOTHING RETURNING "updateId"`,
      [platform, this.now(), ...updates.flatMap((u) => [u.updateId, u.payload, u.chatId ?? null])],
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
    const k = key(platform, update.updateId);
    if (this.handling.has(k)) return false;
    if (this.mine.has(k) || (await this.store(platform, [update]))) {
      this.handling.add(k);
      return true;
    }
    const r = await this.pool.query(
      `UPDATE "InboxUpdate" SET "receivedAt" = $3
        WHERE "platform" = $1 AND "updateId" = $2 AND "handledAt" IS NULL AND "receivedAt" < $4`,
      [platform, update.updateId, this.now(), this.ago(this.staleMs)],
    );
    if (!r.rowCount || this.handling.has(k)) return false;
    this.mine.add(k);
    this.handling.add(k);
    return true;
  }

  /** Written again until the database takes it (or the inbox is closed): an answered update is never taken over. */
  async markHandled(platform: string, updateId: string): Promise<void> {
    const k = key(platform, updateId);
    for (let wait = 250; ; wait = Math.min(wait * 2, 5_000)) {
      try {
        await this.pool.query(`UPDATE "InboxUpdate" SET "handledAt" = $3 WHERE "platform" = $1 AND "updateId" = $2`, [
          platform,
          updateId,
          this.now(),
        ]);
        break;
      } catch (err) {
        if (this.closed) throw err;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    this.mine.delete(k);
    this.handling.delete(k);
  }

  async earlierPending(platform: string, updateId: string, chat: string): Promise<boolean> {
    const r = await this.pool.query<{ updateId: string }>(
      `SELECT "updateId" FROM "InboxUpdate"
        WHERE "platform" = $1 AND "chatId" = $3 AND "handledAt" IS NULL
          AND (CASE WHEN "updateId" ~ '^[0-9]+$' THEN "updateId"::numeric END) < $2::numeric`,
      [platform, updateId, chat],
    );
    return r.rows.some((row) => !this.handling.has(key(platform, row.updateId)));
  }

  async recordReplies(platform: string, updateId: string, replies: string): Promise<void> {
    await this.pool.query(`UPDATE "InboxUpdate" SET "replies" = $3 WHERE "platform" = $1 AND "updateId" = $2`, [
      platform,
      updateId,
      replies,
    ]);
  }

  /**
   * Whether a later update of the same chat was handled already: a replayed update the conversation has moved past
   * (the member went on while it waited), which answered now would be out of place.
   */
  async overtaken(platform: string, updateId: string, chat: string): Promise<boolean> {
    const r = await this.pool.query(
      `SELECT 1 FROM "InboxUpdate"
        WHERE "platform" = $1 AND "chatId" = $3 AND "handledAt" IS NOT NULL
          AND (CASE WHEN "updateId" ~ '^[0-9]+$' THEN "updateId"::numeric END) > $2::numeric
        LIMIT 1`,
      [platform, updateId, chat],
    );
    return (r.rowCount ?? 0) > 0;
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
        RETURNING "updateId", "payload", "replies"`,
      [platform, this.now(), this.ago(this.staleMs), limit],
    );
    const rows = r.rows.sort((a, b) => Number(a.updateId) - Number(b.updateId));
    for (const row of rows) this.mine.add(key(platform, row.updateId));
    return rows;
  }

  leftover(platform: string): Promise<StoredUpdate[]> {
    return this.takeStale(platform);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeatTimer);
    return this.pool.end();
  }
}

const key = (platform: string, updateId: string) => `${platform}:${updateId}`;
