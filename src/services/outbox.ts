/**
 * The outbox: every message of a broadcast, reminder or digest is first written here with a unique key, then sent by
 * the worker (scheduler/outbox-worker.ts). The key makes sending the same thing twice impossible by construction.
 */
import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";
import { sqlTime } from "../db/client.js";
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

export class OutboxService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Writes messages; an item whose key is already there is skipped (returns how many were new). */
  async enqueue(items: OutboxItem[], tx: Db = this.db): Promise<number> {
    let added = 0;
    for (const item of items) {
      added += await tx.$executeRawUnsafe(
        `INSERT OR IGNORE INTO "OutboxMessage"
           (key, platform, platformChatId, payload, kind, announcementId, unitId, status, attempts, nextAttemptAt, createdAt)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
        item.key,
        item.platform,
        item.platformChatId,
        encodeReply(item.reply),
        item.kind,
        item.announcementId ?? null,
        item.unitId ?? null,
        sqlTime(item.notBefore ?? this.clock.now()),
        sqlTime(this.clock.now()),
      );
    }
    return added;
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
    return this.db.$queryRawUnsafe<ClaimedMessage[]>(
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
      worker,
      sqlTime(new Date(now.getTime() + leaseMs)),
      at,
      at,
      ...(platforms ?? []),
      at,
      at,
      limit,
    );
  }

  /** Extends the lease of every row this worker holds (it is alive and still working on them). */
  async renew(worker: string, now: Date, leaseMs = DEFAULT_LEASE_MS): Promise<number> {
    return this.db.$executeRawUnsafe(
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
    return this.db.$executeRawUnsafe(
      `UPDATE "OutboxMessage" SET status = 'pending', lockedBy = NULL, lockedUntil = NULL,
              attempts = MAX(attempts - 1, 0)
        WHERE status = 'sending' AND lockedBy = ?`,
      worker,
    );
  }

  async markSent(id: number, messageId: string, now: Date): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: { status: "sent", sentAt: now, platformMessageId: messageId, lockedBy: null, lockedUntil: null },
    });
  }

  /** Back to the queue at a later time; `countAttempt: false` when the delay was our own pacing, not a failure. */
  async retryLater(id: number, at: Date, error: string | null, countAttempt = true): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: {
        status: "pending",
        nextAttemptAt: at,
        lastError: error,
        lockedBy: null,
        lockedUntil: null,
        ...(countAttempt ? {} : { attempts: { decrement: 1 } }),
      },
    });
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: { status: "failed", lastError: error, lockedBy: null, lockedUntil: null },
    });
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
