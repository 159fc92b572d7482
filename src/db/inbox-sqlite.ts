/**
 * The inbox: every update a platform hands over is written here before the platform is told it arrived (Telegram:
 * before the next getUpdates confirms it through its offset, or before the webhook answers 200), and marked handled
 * once its replies went out. At start-up the adapter handles what a crash left unhandled. It is the platform's only
 * de-duplication (the core keeps no ProcessedUpdate row for it): each update costs two writes. Runs on better-sqlite3
 * directly (microseconds, on every update; the file's connection shared with the hot store, sqlite-connection.ts)
 * and never waits on SQLite's lock inside the event loop: while a Prisma transaction holds it, the write is retried
 * asynchronously.
 */
import Database from "better-sqlite3";
import { retryBusy } from "./faults.js";
import type { StoredUpdate, UpdateInbox } from "./inbox-store.js";
import { type SharedConnection, sharedConnection } from "./sqlite-connection.js";

const WEEK_MS = 7 * 86_400_000;

export type { StoredUpdate } from "./inbox-store.js";

export class InboxStore implements UpdateInbox {
  private readonly connection: SharedConnection;
  private readonly db: Database.Database;
  private readonly stmt;
  private readonly insertAll: (platform: string, rows: StoredUpdate[], at: string) => number;
  private stores = 0;
  /** Updates being handled now: Telegram may deliver one again meanwhile. */
  private readonly inFlight = new Set<string>();

  constructor(file: string) {
    this.connection = sharedConnection(file);
    this.db = this.connection.db;
    this.stmt = {
      store: this.db.prepare(
        `INSERT OR IGNORE INTO "InboxUpdate" (platform, updateId, payload, receivedAt, chatId) VALUES (?, ?, ?, ?, ?)`,
      ),
      handled: this.db.prepare(`UPDATE "InboxUpdate" SET handledAt = ? WHERE platform = ? AND updateId = ?`),
      replies: this.db.prepare(`UPDATE "InboxUpdate" SET replies = ? WHERE platform = ? AND updateId = ?`),
      isHandled: this.db.prepare(`SELECT handledAt FROM "InboxUpdate" WHERE platform = ? AND updateId = ?`),
      unhandled: this.db.prepare(
        `SELECT updateId, payload, replies FROM "InboxUpdate" WHERE platform = ? AND handledAt IS NULL
          ORDER BY CAST(updateId AS INTEGER), updateId`,
      ),
      overtaken: this.db.prepare(
        `SELECT 1 FROM "InboxUpdate" WHERE platform = ? AND handledAt IS NOT NULL
            AND CAST(updateId AS INTEGER) > CAST(? AS INTEGER) AND chatId = ? LIMIT 1`,
      ),
      prune: this.db.prepare(`DELETE FROM "InboxUpdate" WHERE handledAt IS NOT NULL AND handledAt < ?`),
    };
    // Made once: better-sqlite3 prepares BEGIN/COMMIT for each transaction function it makes.
    this.insertAll = this.db.transaction((platform: string, rows: StoredUpdate[], at: string) => {
      let added = 0;
      for (const u of rows) added += this.stmt.store.run(platform, u.updateId, u.payload, at, u.chatId ?? null).changes;
      return added;
    });
  }

  /** Writes updates durably (one transaction); ones already there are left as they are. Returns how many were new. */
  async store(platform: string, updates: StoredUpdate[]): Promise<number> {
    if (!updates.length) return 0;
    const now = new Date().toISOString();
    const added = await this.write(() => this.insertAll(platform, updates, now));
    if (++this.stores % 1000 === 0)
      await this.write(() => this.stmt.prune.run(new Date(Date.now() - WEEK_MS).toISOString()));
    return added;
  }

  async take(platform: string, update: StoredUpdate): Promise<boolean> {
    const k = `${platform}:${update.updateId}`;
    const seen = this.seen(platform, update.updateId);
    if (seen === "handled" || this.inFlight.has(k)) return false;
    this.inFlight.add(k);
    // New here (a webhook update, or one handed in directly): stored now. A polled one was stored with its batch.
    if (!seen)
      await this.store(platform, [update]).catch((err: unknown) => {
        this.inFlight.delete(k);
        throw err;
      });
    return true;
  }

  async markHandled(platform: string, updateId: string): Promise<void> {
    try {
      await this.write(() => this.stmt.handled.run(new Date().toISOString(), platform, updateId));
    } finally {
      this.inFlight.delete(`${platform}:${updateId}`);
    }
  }

  async recordReplies(platform: string, updateId: string, replies: string): Promise<void> {
    await this.write(() => this.stmt.replies.run(replies, platform, updateId));
  }

  /** At start-up: every update still unhandled (this file has one process). */
  async leftover(platform: string): Promise<StoredUpdate[]> {
    return this.unhandled(platform).filter((u) => !this.inFlight.has(`${platform}:${u.updateId}`));
  }

  async overtaken(platform: string, updateId: string, chat: string): Promise<boolean> {
    return this.stmt.overtaken.get(platform, updateId, chat) !== undefined;
  }

  isHandled(platform: string, updateId: string): boolean {
    return this.seen(platform, updateId) === "handled";
  }

  /** Whether an update is here, and handled or not (one read, no write). */
  seen(platform: string, updateId: string): "handled" | "unhandled" | undefined {
    const row = this.stmt.isHandled.get(platform, updateId) as { handledAt: string | null } | undefined;
    return row ? (row.handledAt ? "handled" : "unhandled") : undefined;
  }

  unhandled(platform: string): StoredUpdate[] {
    return this.stmt.unhandled.all(platform) as StoredUpdate[];
  }

  close(): void {
    this.connection.release();
  }

  private write<T>(fn: () => T): Promise<T> {
    return retryBusy(async () => fn(), 50_000);
  }
}
