/**
 * The inbox: every update a platform hands over is written here before the platform is told it arrived (Telegram:
 * before the next getUpdates confirms it through its offset, or before the webhook answers 200), and marked handled
 * once its replies went out. At start-up the adapter handles what a crash left unhandled. It is the platform's only
 * de-duplication (the core keeps no ProcessedUpdate row for it): each update costs two writes. Runs on better-sqlite3
 * directly (microseconds, on every update) and never waits on SQLite's lock inside the event loop: while a Prisma
 * transaction holds it, the write is retried asynchronously.
 */
import Database from "better-sqlite3";
import { retryBusy } from "../db/faults.js";

const WEEK_MS = 7 * 86_400_000;

export interface StoredUpdate {
  updateId: string;
  payload: string;
}

export class InboxStore {
  private readonly db: Database.Database;
  private readonly stmt;
  private readonly insertAll: (platform: string, rows: StoredUpdate[], at: string) => number;
  private stores = 0;

  constructor(file: string) {
    this.db = new Database(file, { timeout: 0 });
    this.db.pragma("busy_timeout = 0");
    // WAL with NORMAL: a commit survives the process being killed (not a power cut), at no fsync per update.
    this.db.pragma("synchronous = NORMAL");
    this.stmt = {
      store: this.db.prepare(
        `INSERT OR IGNORE INTO "InboxUpdate" (platform, updateId, payload, receivedAt) VALUES (?, ?, ?, ?)`,
      ),
      handled: this.db.prepare(`UPDATE "InboxUpdate" SET handledAt = ? WHERE platform = ? AND updateId = ?`),
      isHandled: this.db.prepare(`SELECT handledAt FROM "InboxUpdate" WHERE platform = ? AND updateId = ?`),
      unhandled: this.db.prepare(
        `SELECT updateId, payload FROM "InboxUpdate" WHERE platform = ? AND handledAt IS NULL
          ORDER BY CAST(updateId AS INTEGER), updateId`,
      ),
      prune: this.db.prepare(`DELETE FROM "InboxUpdate" WHERE handledAt IS NOT NULL AND handledAt < ?`),
    };
    // Made once: better-sqlite3 prepares BEGIN/COMMIT for each transaction function it makes.
    this.insertAll = this.db.transaction((platform: string, rows: StoredUpdate[], at: string) => {
      let added = 0;
      for (const u of rows) added += this.stmt.store.run(platform, u.updateId, u.payload, at).changes;
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

  async markHandled(platform: string, updateId: string): Promise<void> {
    await this.write(() => this.stmt.handled.run(new Date().toISOString(), platform, updateId));
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
    this.db.close();
  }

  private write<T>(fn: () => T): Promise<T> {
    return retryBusy(async () => fn(), 50_000);
  }
}
