/**
 * The outbox on PostgreSQL (see outbox-store.ts for the contract): a small `pg` pool of its own with the schema on the
 * search path, one statement per call. Several processes claim at the same time without waiting for each other:
 * `FOR UPDATE SKIP LOCKED` hands each a disjoint set of rows.
 *
 * Per-chat order with concurrent claimers: SQLite serialises claims, so there a claim may take several due rows of a
 * chat at once. Here two claims run side by side, each on its own snapshot; if both could take rows of one chat,
 * one would take row 1 and the other, skipping the locked row 1, row 2. So a row is claimed only when it is the head
 * of its chat's queue: no earlier row of the chat is pending or being sent, and no row of it is being sent under a
 * live lease. The head is locked by the claim that takes it, and every later row of the chat sees an earlier one still
 * waiting, so a chat is served by one worker at a time and in order; its next row is claimed once this one is done.
 * A worker never takes back its own rows as abandoned (see outbox-sqlite.ts: the lease is on the bot's clock).
 */
import type pg from "pg";
import type { ClaimedMessage, OutboxStore } from "./outbox-store.js";
import { pgPool } from "./pg-pool.js";

const COLUMNS = `"id", "key", "platform", "platformChatId", "payload", "kind", "announcementId", "unitId", "attempts"`;

/** Timestamps arrive as sqlTime() text with a +00:00 offset; the columns are UTC `timestamp(3)` (Prisma's choice). */
const T = "::timestamp(3)";

function claimSql(withPlatforms: boolean): string {
  return `WITH picked AS (
    SELECT m."id" FROM "OutboxMessage" m
     WHERE ((m."status" = 'pending' AND m."nextAttemptAt" <= $3${T})
         OR (m."status" = 'sending' AND m."lockedUntil" < $3${T} AND m."lockedBy" IS DISTINCT FROM $1))
       ${withPlatforms ? `AND m."platform" = ANY($5::text[])` : ""}
       AND NOT EXISTS (
         SELECT 1 FROM "OutboxMessage" o
          WHERE o."platform" = m."platform" AND o."platformChatId" = m."platformChatId" AND o."id" <> m."id"
            AND ((o."status" = 'sending' AND (o."lockedUntil" >= $3${T} OR o."lockedBy" = $1))
              OR (o."id" < m."id" AND o."status" IN ('pending', 'sending'))))
     ORDER BY m."nextAttemptAt", m."id"
     LIMIT $4
     FOR UPDATE OF m SKIP LOCKED)
  UPDATE "OutboxMessage" u SET "status" = 'sending', "lockedBy" = $1, "lockedUntil" = $2${T},
         "attempts" = u."attempts" + 1
    FROM picked WHERE u."id" = picked."id"
  RETURNING ${COLUMNS.replace(/"(\w+)"/g, 'u."$1"')}`;
}

const SQL = {
  claim: claimSql(false),
  claimOn: claimSql(true),
  renew: `UPDATE "OutboxMessage" SET "lockedUntil" = $1${T}
    WHERE "status" = 'sending' AND "lockedBy" = $2 AND "id" = ANY($3::int[])`,
  releaseUntracked: `UPDATE "OutboxMessage" SET "status" = 'pending', "lockedBy" = NULL, "lockedUntil" = NULL
    WHERE "status" = 'sending' AND "lockedBy" = $1 AND "lockedUntil" < $2${T} AND NOT ("id" = ANY($3::int[]))`,
  holders: `SELECT DISTINCT "lockedBy" FROM "OutboxMessage" WHERE "status" = 'sending' AND "lockedBy" IS NOT NULL`,
  release: `UPDATE "OutboxMessage" SET "status" = 'pending', "lockedBy" = NULL, "lockedUntil" = NULL,
      "attempts" = GREATEST("attempts" - 1, 0)
    WHERE "status" = 'sending' AND "lockedBy" = $1`,
  markSent: `UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = $1${T}, "platformMessageId" = $2,
      "lockedBy" = NULL, "lockedUntil" = NULL
    WHERE "id" = $3`,
  retryLater: `UPDATE "OutboxMessage" SET "status" = 'pending', "nextAttemptAt" = $1${T}, "lastError" = $2,
      "lockedBy" = NULL, "lockedUntil" = NULL, "attempts" = "attempts" - $3::int
    WHERE "id" = $4`,
  markFailed: `UPDATE "OutboxMessage" SET "status" = 'failed', "lastError" = $1, "lockedBy" = NULL, "lockedUntil" = NULL
    WHERE "id" = $2`,
};

export class PostgresOutboxStore implements OutboxStore {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string, options: { max?: number } = {}) {
    // Fast commits: a server crash may forget the last "sent" marks (those messages would go out once more).
    this.pool = pgPool(databaseUrl, { max: options.max ?? 4, fastCommit: true });
  }

  insertStatement(rows: number): string {
    const values = Array.from({ length: rows }, (_, r) => {
      const p = (i: number) => `$${r * 9 + i}`;
      return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}::int, ${p(7)}::int, 'pending', 0, ${p(8)}${T}, ${p(9)}${T})`;
    });
    return `INSERT INTO "OutboxMessage" ("key", "platform", "platformChatId", "payload", "kind", "announcementId",
        "unitId", "status", "attempts", "nextAttemptAt", "createdAt")
      VALUES ${values.join(", ")}
      ON CONFLICT ("key") DO NOTHING`;
  }

  async claim(worker: string, now: string, leaseUntil: string, limit: number, platforms?: string[]) {
    const params: unknown[] = [worker, leaseUntil, now, limit];
    if (platforms?.length) params.push(platforms);
    const res = await this.pool.query<ClaimedMessage>(platforms?.length ? SQL.claimOn : SQL.claim, params);
    return res.rows;
  }

  async renew(worker: string, leaseUntil: string, ids: number[], now: string): Promise<number> {
    const renewed = ids.length ? ((await this.pool.query(SQL.renew, [leaseUntil, worker, ids])).rowCount ?? 0) : 0;
    await this.pool.query(SQL.releaseUntracked, [worker, now, ids]);
    return renewed;
  }

  async hold(worker: string, leaseUntil: string, id: number): Promise<boolean> {
    return ((await this.pool.query(SQL.renew, [leaseUntil, worker, [id]])).rowCount ?? 0) === 1;
  }

  async holders(): Promise<string[]> {
    return (await this.pool.query<{ lockedBy: string }>(SQL.holders)).rows.map((r) => r.lockedBy);
  }

  async release(worker: string): Promise<number> {
    return (await this.pool.query(SQL.release, [worker])).rowCount ?? 0;
  }

  async markSent(id: number, messageId: string, at: string): Promise<void> {
    await this.pool.query(SQL.markSent, [at, messageId, id]);
  }

  async retryLater(id: number, at: string, error: string | null, countAttempt: boolean): Promise<void> {
    await this.pool.query(SQL.retryLater, [at, error, countAttempt ? 0 : 1, id]);
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.pool.query(SQL.markFailed, [error, id]);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
