/**
 * The outbox's statements, one contract for both engines: `SqliteOutboxStore` (outbox-sqlite.ts, better-sqlite3 on
 * the database file; the write lock serialises claims) and `PostgresOutboxStore` (outbox-pg.ts, a `pg` pool; claims
 * of several processes run side by side with `FOR UPDATE SKIP LOCKED`). Both keep the same rules: a claimed row is
 * held under a lease its worker renews, and a chat is served by one worker at a time, in queue order. Times are the
 * strings `sqlTime()` writes ("2026-01-02T03:04:05.678+00:00").
 */

/** What a message is, as queued: its key, where it goes, its payload and what it belongs to. */
interface OutboxMessageFields {
  key: string;
  platform: string;
  platformChatId: string;
  payload: string;
  kind: string;
  announcementId: number | null;
  unitId: number | null;
}

export interface ClaimedMessage extends OutboxMessageFields {
  id: number;
  attempts: number;
}

/** One row to queue (`insertValues` puts its values in the column order of `insertStatement`). */
export interface NewOutboxRow extends OutboxMessageFields {
  nextAttemptAt: string;
  createdAt: string;
}

export interface OutboxStore {
  /**
   * An INSERT of `rows` rows (9 parameters each, in NewOutboxRow's order) that skips a row whose key is already
   * there. It is run through Prisma, so it joins the caller's transaction (an announcement and its messages commit
   * together).
   */
  insertStatement(rows: number): string;
  /** Due rows for one worker: pending ones whose time has come and ones whose lease ran out, per-chat order kept. */
  claim(
    worker: string,
    now: string,
    leaseUntil: string,
    limit: number,
    platforms?: string[],
  ): Promise<ClaimedMessage[]>;
  /**
   * Extends the lease of the rows `ids` the worker still works on, and gives back to the queue the worker's other rows
   * whose lease ran out (ones it lost track of: a claim whose answer never arrived). Returns how many were renewed.
   */
  renew(worker: string, leaseUntil: string, ids: number[], now: string): Promise<number>;
  /** Extends the lease of one row if the worker still holds it; false when another worker took it meanwhile. */
  hold(worker: string, leaseUntil: string, id: number): Promise<boolean>;
  /** Workers holding rows right now. */
  holders(): Promise<string[]>;
  /** Frees the rows of a worker known to be dead (its claim is not counted as an attempt). */
  release(worker: string): Promise<number>;
  markSent(id: number, messageId: string, at: string): Promise<void>;
  /** Back to the queue at `at`; `countAttempt: false` gives the claim's attempt back. */
  retryLater(id: number, at: string, error: string | null, countAttempt: boolean): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
  close(): Promise<void>;
}

/** The NewOutboxRow values of a batch, flattened in `insertStatement` order. */
export function insertValues(rows: NewOutboxRow[]): (string | number | null)[] {
  return rows.flatMap((r) => [
    r.key,
    r.platform,
    r.platformChatId,
    r.payload,
    r.kind,
    r.announcementId,
    r.unitId,
    r.nextAttemptAt,
    r.createdAt,
  ]);
}
