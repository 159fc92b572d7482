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
   * Claims up to `limit` due messages for one worker, atomically: pending ones whose time has come, and ones a crashed
   * worker left "sending" past their lock (they may go out twice only if the crash fell after the platform accepted
   * them).
   */
  async claim(
    worker: string,
    now: Date,
    limit: number,
    lockMs = 60_000,
    platforms?: string[],
  ): Promise<ClaimedMessage[]> {
    const only = platforms?.length ? `AND platform IN (${platforms.map(() => "?").join(", ")})` : "";
    return this.db.$queryRawUnsafe<ClaimedMessage[]>(
      `UPDATE "OutboxMessage" SET status = 'sending', lockedBy = ?, lockedUntil = ?, attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM "OutboxMessage"
           WHERE ((status = 'pending' AND nextAttemptAt <= ?) OR (status = 'sending' AND lockedUntil < ?)) ${only}
           ORDER BY nextAttemptAt, id LIMIT ?)
        RETURNING id, key, platform, platformChatId, payload, kind, announcementId, unitId, attempts`,
      worker,
      sqlTime(new Date(now.getTime() + lockMs)),
      sqlTime(now),
      sqlTime(now),
      ...(platforms ?? []),
      limit,
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

  toOutgoing(m: ClaimedMessage): Outgoing {
    return { chatId: m.platformChatId, reply: decodeReply(m.payload) };
  }
}
