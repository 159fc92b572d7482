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
import { GroupWrite } from "./group-write.js";
import { INBOX_HEARTBEAT_MS, type StoredUpdate, type UpdateInbox } from "./inbox-store.js";
import { pgPool } from "./pg-pool.js";

export const HEARTBEAT_MS = INBOX_HEARTBEAT_MS;
/** Three missed heartbeats: an unhandled row not renewed for this long belonged to a process that died. */
export const STALE_MS = 3 * HEARTBEAT_MS;
const WEEK_MS = 7 * 86_400_000;
const HEARTBEAT_CHUNK = 500;

export class PostgresInboxStore implements UpdateInbox {
  private readonly pool: pg.Pool;
  private readonly intake: pg.Pool;
  private readonly newRows = new GroupWrite((rows: { platform: string; update: StoredUpdate }[]) => this.insert(rows));
  private readonly marks = new GroupWrite((rows: { platform: string; updateId: string }[]) => this.markAll(rows));
  private readonly earlier = new GroupWrite((asked: { platform: string; updateId: string; chat: string }[]) =>
    this.earlierOf(asked),
  );
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
    // Commits that wait for their WAL flush: the inbox is what survives a crash. The intake has connections of its own,
    // so a webhook's update is never stored behind the handling's reads and marks.
    this.pool = pgPool(databaseUrl, { max: 4 });
    this.intake = pgPool(databaseUrl, { max: 2 });
    this.heartbeatTimer = setInterval(() => void this.heartbeat().catch(() => undefined), HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  /**
   * Tells the other processes this one is alive: the updates it holds are renewed (by the timer; tests call it). In
   * statements of at most `HEARTBEAT_CHUNK` rows, each its own transaction: in a burst a process holds thousands of
   * stored updates ahead of their handling, and one statement renewing 12,000 rows took up to 0.7 s, holding their row
   * locks (the handling's marks on them waited) and one long WAL flush the webhook's commits queued behind.
   */
  async heartbeat(): Promise<number> {
    const ids = [...this.mine].map((k) => k.split(":")).map(([platform, updateId]) => ({ platform, updateId }));
    let renewed = 0;
    for (let i = 0; i < ids.length; i += HEARTBEAT_CHUNK) {
      const chunk = ids.slice(i, i + HEARTBEAT_CHUNK);
      const r = await this.pool.query(
        `UPDATE "InboxUpdate" SET "receivedAt" = $1
          WHERE ("platform", "updateId") IN (SELECT * FROM unnest($2::text[], $3::text[])) AND "handledAt" IS NULL`,
        [this.now(), chunk.map((c) => c.platform), chunk.map((c) => c.updateId)],
      );
      renewed += r.rowCount ?? 0;
    }
    return renewed;
  }

  /** Times as UTC text: Prisma keeps UTC in `timestamp(3)` columns, and `pg` would send a Date in local time. */
  private now(): string {
    return this.clock().toISOString();
  }

  private ago(ms: number): string {
    return new Date(this.clock().getTime() - ms).toISOString();
  }

  /**
   * Writes updates durably; the ones new to the table are this process's to handle. Updates arriving together (webhook
   * requests in flight at once) share one INSERT and one commit, on the intake's own connections.
   */
  async store(platform: string, updates: StoredUpdate[]): Promise<number> {
    if (!updates.length) return 0;
    const added = await Promise.all(updates.map((update) => this.newRows.add({ platform, update })));
    if (++this.stores % 1000 === 0)
      void this.pool
        .query(`DELETE FROM "InboxUpdate" WHERE "handledAt" < $1`, [this.ago(WEEK_MS)])
        .catch(() => undefined);
    return added.filter(Boolean).length;
  }

  /** One INSERT for a batch; an update twice in it (Telegram delivering it again at once) is new for its first only. */
  private async insert(rows: { platform: string; update: StoredUpdate }[]): Promise<boolean[]> {
    const values = rows.map((_, i) => `($${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}, $1, $${i * 4 + 5})`).join(", ");
    const r = await this.intake.query<{ platform: string; updateId: string }>(
      `INSERT INTO "InboxUpdate" ("platform", "updateId", "payload", "receivedAt", "chatId") VALUES ${values}
       ON CONFLICT DO NOTHING RETURNING "platform", "updateId"`,
      [this.now(), ...rows.flatMap((r) => [r.platform, r.update.updateId, r.update.payload, r.update.chatId ?? null])],
    );
    const fresh = new Set(r.rows.map((row) => key(row.platform, row.updateId)));
    return rows.map((row) => {
      const k = key(row.platform, row.update.updateId);
      if (!fresh.delete(k)) return false;
      this.mine.add(k);
      return true;
    });
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

  /**
   * Written again until the database takes it (or the inbox is closed): an answered update is never taken over. Marks
   * asked for together go in one UPDATE.
   */
  async markHandled(platform: string, updateId: string): Promise<void> {
    await this.marks.add({ platform, updateId });
  }

  private async markAll(rows: { platform: string; updateId: string }[]): Promise<true[]> {
    for (let wait = 250; ; wait = Math.min(wait * 2, 5_000)) {
      try {
        await this.pool.query({
          name: "inbox-handled",
          text: `UPDATE "InboxUpdate" SET "handledAt" = $1
            WHERE ("platform", "updateId") IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
          values: [this.now(), rows.map((r) => r.platform), rows.map((r) => r.updateId)],
        });
        break;
      } catch (err) {
        if (this.closed) throw err;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    for (const r of rows) {
      const k = key(r.platform, r.updateId);
      this.mine.delete(k);
      this.handling.delete(k);
    }
    return rows.map(() => true);
  }

  /**
   * Whether an earlier update of the chat is stored and unhandled by another process. Asked by every update before its
   * handling, many at once while updates arrive: the questions asked meanwhile go to the server together, in one query.
   */
  async earlierPending(platform: string, updateId: string, chat: string): Promise<boolean> {
    const earlier = await this.earlier.add({ platform, updateId, chat });
    return earlier.some((id) => !this.handling.has(key(platform, id)));
  }

  /** For each (platform, update, chat) asked, the ids of the chat's earlier updates not handled yet. */
  private async earlierOf(asked: { platform: string; updateId: string; chat: string }[]): Promise<string[][]> {
    const r = await this.pool.query<{ i: string; updateId: string }>({
      name: "inbox-earlier",
      text: `SELECT q."i", r."updateId"
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS q("platform", "updateId", "chat", "i")
         JOIN "InboxUpdate" r ON r."platform" = q."platform" AND r."chatId" = q."chat" AND r."handledAt" IS NULL
          AND (CASE WHEN r."updateId" ~ '^[0-9]+$' THEN r."updateId"::numeric END) < q."updateId"::numeric`,
      values: [asked.map((a) => a.platform), asked.map((a) => a.updateId), asked.map((a) => a.chat)],
    });
    const earlier = asked.map((): string[] => []);
    for (const row of r.rows) earlier[Number(row.i) - 1]!.push(row.updateId);
    return earlier;
  }

  async recordReplies(platform: string, updateId: string, replies: string): Promise<void> {
    await this.pool.query({
      name: "inbox-replies",
      text: `UPDATE "InboxUpdate" SET "replies" = $3 WHERE "platform" = $1 AND "updateId" = $2`,
      values: [platform, updateId, replies],
    });
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
    await Promise.all([this.pool.end(), this.intake.end()]);
  }
}

const key = (platform: string, updateId: string) => `${platform}:${updateId}`;
