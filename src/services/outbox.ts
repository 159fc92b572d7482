/**
 * The outbox: every message of a broadcast, reminder or digest is first written here with a unique key, then sent by
 * the worker (scheduler/outbox-worker.ts). The key makes sending the same thing twice impossible by construction.
 * The statements the worker runs for every message (claim, mark, renew) go to SQLite through better-sqlite3 directly:
 * through Prisma's JS engine each costs about a millisecond (ten on a busy machine), which at 30 messages a second
 * was most of the sending process's time. That connection never waits on SQLite's lock inside the event loop.
 */
import Database from "better-sqlite3";
import type { Clock } from "../clock.js";
import { databaseFile, type Db, sqlTime } from "../db/client.js";
import { retryBusy } from "../db/faults.js";
import type { Outgoing, Reply } from "../platforms/port.js";

export interface OutboxItem {
  key: string;
  platform: string;
  platformChatId: string;
  reply: Reply;
  kind: "announcement" | "reminder" | "digest" | "notice";
  announcementId?: number;
  unitId?: number;
  /** Not before this moment (default: now). */
  notBefore?: Date;
}

/** How long a claimed row stays with its worker unless renewed (the worker renews it every third of that). */
export const DEFAULT_LEASE_MS = 10_000;

export interface Progress {
  pending: number;
  sent: number;
  failed: number;
}

export interface ClaimedMessage {
  id: number;
  key: string;
  platform: string;
  platformChatId: string;
  payload: string;
  kind: string;
  announcementId: number | null;
  unitId: number | null;
  attempts: number;
}

/** Replies are stored as JSON; file bytes must be stored files (referenced by id), never inline. */
export function encodeReply(reply: Reply): string {
  if ((reply.kind === "file" && reply.data instanceof Uint8Array) || reply.kind === "picture") {
    throw new Error("the outbox stores files by reference: save them as StoredFile first");
  }
  return JSON.stringify(reply);
}

export function decodeReply(payload: string): Reply {
  return JSON.parse(payload) as Reply;
}

/** Rows per INSERT: 9 parameters each, well under SQLite's 999. */
const ROWS_PER_INSERT = 50;

export class OutboxService {
  private fastDb?: Database.Database;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Writes messages; an item whose key is already there is skipped (returns how many were new). */
  async enqueue(items: OutboxItem[], tx: Db = this.db): Promise<number> {
    let added = 0;
    const created = sqlTime(this.clock.now());
    for (let i = 0; i < items.length; i += ROWS_PER_INSERT) {
      const chunk = items.slice(i, i + ROWS_PER_INSERT);
      added += await tx.$executeRawUnsafe(
        `INSERT OR IGNORE INTO "OutboxMessage"
           (key, platform, platformChatId, payload, kind, announcementId, unitId, status, attempts, nextAttemptAt, createdAt)
         VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)").join(", ")}`,
        ...chunk.flatMap((item) => [
          item.key,
          item.platform,
          item.platformChatId,
          encodeReply(item.reply),
          item.kind,
          item.announcementId ?? null,
          item.unitId ?? null,
          sqlTime(item.notBefore ?? this.clock.now()),
          created,
        ]),
      );
    }
    return added;
  }

  /** The direct connection, opened on first use. */
  private get fast(): Database.Database {
    if (!this.fastDb) {
      const file = databaseFile(this.db);
      if (!file) throw new Error("open the database with openDatabase() so the outbox can share its file");
      this.fastDb = new Database(file, { timeout: 0 });
      this.fastDb.pragma("busy_timeout = 0");
      this.fastDb.pragma("synchronous = NORMAL");
    }
    return this.fastDb;
  }

  /** Runs a statement, retrying asynchronously while another connection holds the write lock. */
  private write<T>(fn: (db: Database.Database) => T): Promise<T> {
    return retryBusy(async () => fn(this.fast), 100_000);
  }

  private readonly statements = new Map<string, Database.Statement>();

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
   * Claims up to `limit` due messages for one worker, atomically, under a lease of `leaseMs` that the worker renews
   * while it works: pending ones whose time has come, and ones whose lease ran out (their worker died; they may go out
   * twice only if it died after the platform accepted them). A chat is served by one worker at a time and in order:
   * a row is skipped while another row of its chat is being sent, or an earlier one waits for a retry.
   */
  async claim(
    worker: string,
    now: Date,
    limit: number,
    leaseMs = DEFAULT_LEASE_MS,
    platforms?: string[],
  ): Promise<ClaimedMessage[]> {
    const only = platforms?.length ? `AND m.platform IN (${platforms.map(() => "?").join(", ")})` : "";
    const at = sqlTime(now);
    return this.write((db) =>
      this.prepared(
        db,
        `UPDATE "OutboxMessage" SET status = 'sending', lockedBy = ?, lockedUntil = ?, attempts = attempts + 1
        WHERE id IN (
          SELECT m.id FROM "OutboxMessage" m
           WHERE ((m.status = 'pending' AND m.nextAttemptAt <= ?) OR (m.status = 'sending' AND m.lockedUntil < ?)) ${only}
             AND NOT EXISTS (
               SELECT 1 FROM "OutboxMessage" o
                WHERE o.platform = m.platform AND o.platformChatId = m.platformChatId AND o.id <> m.id
                  AND ((o.status = 'sending' AND o.lockedUntil >= ?)
                    OR (o.status = 'pending' AND o.id < m.id AND o.nextAttemptAt > ?)))
           ORDER BY m.nextAttemptAt, m.id LIMIT ?)
        RETURNING id, key, platform, platformChatId, payload, kind, announcementId, unitId, attempts`,
      ).all(worker, sqlTime(new Date(now.getTime() + leaseMs)), at, at, ...(platforms ?? []), at, at, limit),
    ) as Promise<ClaimedMessage[]>;
  }

  /** Extends the lease of every row this worker holds (it is alive and still working on them). */
  async renew(worker: string, now: Date, leaseMs = DEFAULT_LEASE_MS): Promise<number> {
    return this.run(
      `UPDATE "OutboxMessage" SET lockedUntil = ? WHERE status = 'sending' AND lockedBy = ?`,
      sqlTime(new Date(now.getTime() + leaseMs)),
      worker,
    );
  }

  /** Workers holding rows right now (to find the claims of a process that died). */
  async holders(): Promise<string[]> {
    const rows = await this.db.$queryRawUnsafe<{ lockedBy: string }[]>(
      `SELECT DISTINCT lockedBy FROM "OutboxMessage" WHERE status = 'sending' AND lockedBy IS NOT NULL`,
    );
    return rows.map((r) => r.lockedBy);
  }

  /** Frees the rows of a worker known to be dead, so they are claimed at once instead of when their lease ends. */
  async release(worker: string): Promise<number> {
    return this.run(
      `UPDATE "OutboxMessage" SET status = 'pending', lockedBy = NULL, lockedUntil = NULL,
              attempts = MAX(attempts - 1, 0)
        WHERE status = 'sending' AND lockedBy = ?`,
      worker,
    );
  }

  async markSent(id: number, messageId: string, now: Date): Promise<void> {
    await this.run(
      `UPDATE "OutboxMessage" SET status = 'sent', sentAt = ?, platformMessageId = ?, lockedBy = NULL, lockedUntil = NULL
        WHERE id = ?`,
      sqlTime(now),
      messageId,
      id,
    );
  }

  /** Back to the queue at a later time; `countAttempt: false` when the delay was our own pacing, not a failure. */
  async retryLater(id: number, at: Date, error: string | null, countAttempt = true): Promise<void> {
    await this.run(
      `UPDATE "OutboxMessage" SET status = 'pending', nextAttemptAt = ?, lastError = ?, lockedBy = NULL,
              lockedUntil = NULL, attempts = attempts - ? WHERE id = ?`,
      sqlTime(at),
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

  async counts(): Promise<Record<string, number>> {
    const rows = await this.db.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } });
    return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
  }

  /**
   * Where one announcement's delivery stands: its messages (one per chat) and the plan files sent beside them, each
   * as pending (waiting or being sent), sent and failed.
   */
  async progress(announcementId: number): Promise<{ chats: Progress; files: Progress }> {
    const rows = await this.db.$queryRawUnsafe<{ file: number | bigint; status: string; n: number | bigint }[]>(
      `SELECT (key LIKE '%:file') AS file, status, COUNT(*) AS n FROM "OutboxMessage"
        WHERE announcementId = ? GROUP BY 1, 2`,
      announcementId,
    );
    const out = { chats: { pending: 0, sent: 0, failed: 0 }, files: { pending: 0, sent: 0, failed: 0 } };
    for (const r of rows) {
      const side = Number(r.file) ? out.files : out.chats;
      const status = r.status === "sent" || r.status === "failed" ? r.status : "pending";
      side[status] += Number(r.n);
    }
    return out;
  }

  toOutgoing(m: ClaimedMessage): Outgoing {
    return { chatId: m.platformChatId, reply: decodeReply(m.payload) };
  }
}
