/**
 * The outbox: every message of a broadcast, reminder or digest is first written here with a unique key, then sent by
 * the worker (scheduler/outbox-worker.ts). The key makes sending the same thing twice impossible by construction, also
 * when several processes (or schedulers) queue the same post: the second INSERT is skipped. The statements themselves
 * are the engine's (db/outbox-store.ts): better-sqlite3 on the SQLite file, or a `pg` pool on PostgreSQL, where the
 * workers of several processes claim disjoint rows side by side.
 */
import type { Clock } from "../clock.js";
import { type Db, openOutboxStore, sqlTime } from "../db/client.js";
import { type ClaimedMessage, insertValues, type NewOutboxRow, type OutboxStore } from "../db/outbox-store.js";
import type { Outgoing, Reply } from "../platforms/port.js";

export type { ClaimedMessage } from "../db/outbox-store.js";

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

export interface OutboxOptions {
  /** The engine's statements; by default the ones of the engine `db` was opened on (client.ts openOutboxStore). */
  store?: OutboxStore;
}

export class OutboxService {
  private opened?: OutboxStore;

  /** `db` must come from openDatabase() unless `options.store` is given. */
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly options: OutboxOptions = {},
  ) {}

  /** The engine's statements, set up on first use (a service that never sends opens no connection). */
  private get store(): OutboxStore {
    this.opened ??= this.options.store ?? openOutboxStore(this.db);
    return this.opened;
  }

  /**
   * Writes messages; an item whose key is already there is skipped (returns how many were new). Runs on `tx` when
   * given, so the messages commit with the caller's other writes.
   */
  async enqueue(items: OutboxItem[], tx: Db = this.db): Promise<number> {
    let added = 0;
    for (const rows of this.batches(items))
      added += await tx.$executeRawUnsafe(this.store.insertStatement(rows.length), ...insertValues(rows));
    return added;
  }

  /**
   * Like enqueue, and says which keys were new (a key already there was skipped): for a caller that records
   * something beside a message only when it really queued it (the reminders' ReminderSent), in the same transaction.
   */
  async enqueueNew(items: OutboxItem[], tx: Db = this.db): Promise<Set<string>> {
    const added = new Set<string>();
    for (const rows of this.batches(items)) {
      const sql = `${this.store.insertStatement(rows.length)} RETURNING "key"`;
      for (const r of await tx.$queryRawUnsafe<{ key: string }[]>(sql, ...insertValues(rows))) added.add(r.key);
    }
    return added;
  }

  /** The rows of `items` as stored, ROWS_PER_INSERT at a time. */
  private batches(items: OutboxItem[]): NewOutboxRow[][] {
    const createdAt = sqlTime(this.clock.now());
    const out: NewOutboxRow[][] = [];
    for (let i = 0; i < items.length; i += ROWS_PER_INSERT)
      out.push(
        items.slice(i, i + ROWS_PER_INSERT).map((item) => ({
          key: item.key,
          platform: item.platform,
          platformChatId: item.platformChatId,
          payload: encodeReply(item.reply),
          kind: item.kind,
          announcementId: item.announcementId ?? null,
          unitId: item.unitId ?? null,
          nextAttemptAt: sqlTime(item.notBefore ?? this.clock.now()),
          createdAt,
        })),
      );
    return out;
  }

  /**
   * Claims up to `limit` due messages for one worker, atomically, under a lease of `leaseMs` that the worker renews
   * while it works: pending ones whose time has come, and ones whose lease ran out (their worker died; they may go out
   * twice only if it died after the platform accepted them). A chat is served by one worker at a time and in order:
   * a row is skipped while another row of its chat is being sent, or an earlier one waits for a retry.
   */
  claim(
    worker: string,
    now: Date,
    limit: number,
    leaseMs = DEFAULT_LEASE_MS,
    platforms?: string[],
  ): Promise<ClaimedMessage[]> {
    return this.store.claim(worker, sqlTime(now), sqlTime(new Date(now.getTime() + leaseMs)), limit, platforms);
  }

  /**
   * Extends the lease of the rows `ids` this worker still works on (it is alive and tracks them), and gives back to
   * the queue its other rows once their lease ran out: a row the worker no longer tracks is never held by it forever.
   */
  renew(worker: string, now: Date, ids: number[], leaseMs = DEFAULT_LEASE_MS): Promise<number> {
    return this.store.renew(worker, sqlTime(new Date(now.getTime() + leaseMs)), ids, sqlTime(now));
  }

  /**
   * Extends one row's lease if this worker still holds it: after an outage its lease may have run out and another
   * worker taken it, and then it must not be sent here too.
   */
  hold(worker: string, now: Date, id: number, leaseMs = DEFAULT_LEASE_MS): Promise<boolean> {
    return this.store.hold(worker, sqlTime(new Date(now.getTime() + leaseMs)), id);
  }

  /** Workers holding rows right now (to find the claims of a process that died). */
  holders(): Promise<string[]> {
    return this.store.holders();
  }

  /** Frees the rows of a worker known to be dead, so they are claimed at once instead of when their lease ends. */
  release(worker: string): Promise<number> {
    return this.store.release(worker);
  }

  markSent(id: number, messageId: string, now: Date): Promise<void> {
    return this.store.markSent(id, messageId, sqlTime(now));
  }

  /** Back to the queue at a later time; `countAttempt: false` when the delay was our own pacing, not a failure. */
  retryLater(id: number, at: Date, error: string | null, countAttempt = true): Promise<void> {
    return this.store.retryLater(id, sqlTime(at), error, countAttempt);
  }

  markFailed(id: number, error: string): Promise<void> {
    return this.store.markFailed(id, error);
  }

  /** Closes the store's own connections (a PostgreSQL pool); the next use opens them again. */
  async close(): Promise<void> {
    const store = this.opened;
    this.opened = undefined;
    if (store && store !== this.options.store) await store.close();
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
    const count = (files: boolean) =>
      this.db.outboxMessage.groupBy({
        by: ["status"],
        where: { announcementId, key: files ? { endsWith: ":file" } : { not: { endsWith: ":file" } } },
        _count: { _all: true },
      });
    const out = { chats: { pending: 0, sent: 0, failed: 0 }, files: { pending: 0, sent: 0, failed: 0 } };
    for (const [side, rows] of [
      [out.chats, await count(false)],
      [out.files, await count(true)],
    ] as const) {
      for (const r of rows) {
        const status = r.status === "sent" || r.status === "failed" ? r.status : "pending";
        side[status] += r._count._all;
      }
    }
    return out;
  }

  toOutgoing(m: ClaimedMessage): Outgoing {
    return { chatId: m.platformChatId, reply: decodeReply(m.payload) };
  }
}
