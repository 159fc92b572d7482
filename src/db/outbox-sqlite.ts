/**
 * The outbox on SQLite (see outbox-store.ts for the contract). The statements the worker runs for every message
 * (claim, mark, renew) go to the file through better-sqlite3 directly: through Prisma's JS engine each costs about a
 * millisecond (ten on a busy machine), which at 30 messages a second was most of the sending process's time. This
 * connection never waits on SQLite's lock inside the event loop (busy_timeout 0, retried asynchronously); SQLite's
 * single writer serialises claims, so two workers never take the same row.
 */
import Database from "better-sqlite3";
import { retryBusy } from "./faults.js";
import type { ClaimedMessage, OutboxStore } from "./outbox-store.js";
import { type SharedConnection, sharedConnection } from "./sqlite-connection.js";

export class SqliteOutboxStore implements OutboxStore {
  private connection?: SharedConnection;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly file: string) {}

  insertStatement(rows: number): string {
    return `INSERT OR IGNORE INTO "OutboxMessage"
        (key, platform, platformChatId, payload, kind, announcementId, unitId, status, attempts, nextAttemptAt, createdAt)
      VALUES ${Array.from({ length: rows }, () => "(?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)").join(", ")}`;
  }

  /** The direct connection, opened on first use. */
  private get fast(): Database.Database {
    this.connection ??= sharedConnection(this.file);
    return this.connection.db;
  }

  /** Runs a statement, retrying asynchronously while another connection holds the write lock. */
  private write<T>(fn: (db: Database.Database) => T): Promise<T> {
    return retryBusy(async () => fn(this.fast), 100_000);
  }

  /** A statement prepared once per SQL text (preparing costs more than running these). */
  private prepared(db: Database.Database, sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private run(sql: string, ...params: (string | number | null)[]): Promise<number> {
    return this.write((db) => this.prepared(db, sql).run(...params).changes);
  }

  /**
   * A row is skipped while another row of its chat is being sent, or an earlier one waits for a retry; rows of one
   * chat that are all due are claimed together (the worker sends them in order, as one lane). A worker never takes
   * back its own rows as abandoned: their lease is measured on the bot's clock, which the playground moves ahead by
   * days while a lane is still sending them (that sent each message twice).
   */
  claim(worker: string, now: string, leaseUntil: string, limit: number, platforms?: string[]) {
    const only = platforms?.length ? `AND m.platform IN (${platforms.map(() => "?").join(", ")})` : "";
    return this.write((db) =>
      this.prepared(
        db,
        `UPDATE "OutboxMessage" SET status = 'sending', lockedBy = ?, lockedUntil = ?, attempts = attempts + 1
        WHERE id IN (
          SELECT m.id FROM "OutboxMessage" m
           WHERE ((m.status = 'pending' AND m.nextAttemptAt <= ?)
               OR (m.status = 'sending' AND m.lockedUntil < ? AND (m.lockedBy IS NULL OR m.lockedBy <> ?))) ${only}
             AND NOT EXISTS (
               SELECT 1 FROM "OutboxMessage" o
                WHERE o.platform = m.platform AND o.platformChatId = m.platformChatId AND o.id <> m.id
                  AND ((o.status = 'sending' AND (o.lockedUntil >= ? OR o.lockedBy = ?))
                    OR (o.status = 'pending' AND o.id < m.id AND o.nextAttemptAt > ?)))
           ORDER BY m.nextAttemptAt, m.id LIMIT ?)
        RETURNING id, key, platform, platformChatId, payload, kind, announcementId, unitId, attempts`,
      ).all(worker, leaseUntil, now, now, worker, ...(platforms ?? []), now, worker, now, limit),
    ) as Promise<ClaimedMessage[]>;
  }

  async renew(worker: string, leaseUntil: string, ids: number[], now: string): Promise<number> {
    const list = JSON.stringify(ids);
    const renewed = await this.run(
      `UPDATE "OutboxMessage" SET lockedUntil = ?
        WHERE status = 'sending' AND lockedBy = ? AND id IN (SELECT value FROM json_each(?))`,
      leaseUntil,
      worker,
      list,
    );
    await this.run(
      `UPDATE "OutboxMessage" SET status = 'pending', lockedBy = NULL, lockedUntil = NULL
        WHERE status = 'sending' AND lockedBy = ? AND lockedUntil < ? AND id NOT IN (SELECT value FROM json_each(?))`,
      worker,
      now,
      list,
    );
    return renewed;
  }

  async hold(worker: string, leaseUntil: string, id: number): Promise<boolean> {
    const held = await this.run(
      `UPDATE "OutboxMessage" SET lockedUntil = ? WHERE status = 'sending' AND lockedBy = ? AND id = ?`,
      leaseUntil,
      worker,
      id,
    );
    return held === 1;
  }

  async holders(): Promise<string[]> {
    const rows = await this.write(
      (db) =>
        this.prepared(
          db,
          `SELECT DISTINCT lockedBy FROM "OutboxMessage" WHERE status = 'sending' AND lockedBy IS NOT NULL`,
        ).all() as { lockedBy: string }[],
    );
    return rows.map((r) => r.lockedBy);
  }

  release(worker: string): Promise<number> {
    return this.run(
      `UPDATE "OutboxMessage" SET status = 'pending', lockedBy = NULL, lockedUntil = NULL,
              attempts = MAX(attempts - 1, 0)
        WHERE status = 'sending' AND lockedBy = ?`,
      worker,
    );
  }

  async markSent(id: number, messageId: string, at: string): Promise<void> {
    await this.run(
      `UPDATE "OutboxMessage" SET status = 'sent', sentAt = ?, platformMessageId = ?, lockedBy = NULL, lockedUntil = NULL
        WHERE id = ?`,
      at,
      messageId,
      id,
    );
  }

  async retryLater(id: number, at: string, error: string | null, countAttempt: boolean): Promise<void> {
    await this.run(
      `UPDATE "OutboxMessage" SET status = 'pending', nextAttemptAt = ?, lastError = ?, lockedBy = NULL,
              lockedUntil = NULL, attempts = attempts - ? WHERE id = ?`,
      at,
      error,
      countAttempt ? 0 : 1,
      id,
    );
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.run(
      `UPDATE "OutboxMessage" SET status = 'failed', lastError = ?, lockedBy = NULL, lockedUntil = NULL WHERE id = ?`,
      error,
      id,
    );
  }

  async close(): Promise<void> {
    this.connection?.release();
    this.connection = undefined;
    this.statements.clear();
  }
}
