/**
 * The hot path on PostgreSQL (see hot-store.ts for the contract and hot.ts for the SQLite twin): a small `pg` pool
 * of its own with the schema on the search path, plain parameterised statements, no Prisma on the way. Every
 * statement is one round trip and safe with several processes on the same database: de-duplication is an
 * `INSERT … ON CONFLICT DO NOTHING` on the primary key, conversation state an upsert on its unique key.
 */
import type pg from "pg";
import type { ActorRows, ChatRows, ConversationKey, ConversationRow, HotStorage, StepAnswer } from "./hot-store.js";
import { pgPool } from "./pg-pool.js";

/** A timestamp column as sqlTime() writes it; Prisma keeps UTC in `timestamp(3)` columns. */
const isoText = (col: string) => `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"+00:00"')`;

const ACTOR_COLUMNS = `p."id" AS "personId", p."displayName" AS "displayName", p."language" AS "language",
  COALESCE((SELECT json_agg(json_build_object('unitId', m."unitId", 'unitCode', u."code", 'unitName', u."name",
      'unitPath', u."path", 'role', m."role") ORDER BY m."id")
    FROM "Membership" m JOIN "Unit" u ON u."id" = m."unitId" WHERE m."personId" = p."id"), '[]') AS "memberships",
  COALESCE((SELECT json_agg(json_build_object('platform', x."platform", 'platformUserId', x."platformUserId")
      ORDER BY x."id")
    FROM "Identity" x WHERE x."personId" = p."id"), '[]') AS "identities"`;

const SQL = {
  markUpdate: `INSERT INTO "ProcessedUpdate" ("platform", "updateId", "at") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
  getConversation: `SELECT "flow", "step", "data", ${isoText('"expiresAt"')} AS "expiresAt" FROM "ConversationState"
    WHERE "platform" = $1 AND "chatId" = $2 AND "userId" = $3`,
  saveConversation: `INSERT INTO "ConversationState"
      ("platform", "chatId", "userId", "flow", "step", "data", "updatedAt", "expiresAt")
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
    ON CONFLICT ("platform", "chatId", "userId") DO UPDATE SET "flow" = EXCLUDED."flow", "step" = EXCLUDED."step",
      "data" = EXCLUDED."data", "updatedAt" = EXCLUDED."updatedAt", "expiresAt" = EXCLUDED."expiresAt"`,
  deleteConversation: `DELETE FROM "ConversationState" WHERE "platform" = $1 AND "chatId" = $2 AND "userId" = $3`,
  /** The same writes, each with the update's replies on its inbox row, in one statement (hot-store.ts: StepAnswer). */
  saveConversationAnswered: `WITH answer AS (UPDATE "InboxUpdate" SET "replies" = $9 WHERE "platform" = $10
      AND "updateId" = $11)
    INSERT INTO "ConversationState"
      ("platform", "chatId", "userId", "flow", "step", "data", "updatedAt", "expiresAt")
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
    ON CONFLICT ("platform", "chatId", "userId") DO UPDATE SET "flow" = EXCLUDED."flow", "step" = EXCLUDED."step",
      "data" = EXCLUDED."data", "updatedAt" = EXCLUDED."updatedAt", "expiresAt" = EXCLUDED."expiresAt"`,
  deleteConversationAnswered: `WITH answer AS (UPDATE "InboxUpdate" SET "replies" = $4 WHERE "platform" = $5
      AND "updateId" = $6)
    DELETE FROM "ConversationState" WHERE "platform" = $1 AND "chatId" = $2 AND "userId" = $3`,
  touchConversation: `UPDATE "ConversationState" SET "expiresAt" = $1
    WHERE "platform" = $2 AND "chatId" = $3 AND "userId" = $4`,
  touchConversationAnswered: `WITH answer AS (UPDATE "InboxUpdate" SET "replies" = $5 WHERE "platform" = $6
      AND "updateId" = $7)
    UPDATE "ConversationState" SET "expiresAt" = $1 WHERE "platform" = $2 AND "chatId" = $3 AND "userId" = $4`,
  /** The person with roles and accounts in one round trip (the memberships and accounts as JSON arrays). */
  identity: `SELECT ${ACTOR_COLUMNS}, i."displayName" AS "identityName"
    FROM "Identity" i JOIN "Person" p ON p."id" = i."personId" WHERE i."platform" = $1 AND i."platformUserId" = $2`,
  personById: `SELECT ${ACTOR_COLUMNS}, NULL AS "identityName" FROM "Person" p WHERE p."id" = $1`,
  setLanguage: `UPDATE "Person" SET "language" = $1 WHERE "id" = $2`,
  /** The chat and its unit (as JSON) in one round trip: Prisma's upsert with its include took six. */
  chat: `SELECT c."id", c."platform", c."platformChatId", c."kind", c."title", c."unitId", c."linkedById",
      ${isoText('c."linkedAt"')} AS "linkedAt", c."status", ${isoText('c."createdAt"')} AS "createdAt",
      CASE WHEN u."id" IS NULL THEN NULL ELSE json_build_object('id', u."id", 'code', u."code", 'name', u."name",
        'kind', u."kind", 'parentId', u."parentId", 'path', u."path", 'depth', u."depth",
        'memberCount', u."memberCount", 'active', u."active", 'createdAt', ${isoText('u."createdAt"')},
        'updatedAt', ${isoText('u."updatedAt"')}) END AS "unit"
    FROM "Chat" c LEFT JOIN "Unit" u ON u."id" = c."unitId" WHERE c."platform" = $1 AND c."platformChatId" = $2`,
};

export class PostgresHotStore implements HotStorage {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string, options: { max?: number } = {}) {
    this.pool = pgPool(databaseUrl, { max: options.max ?? 4, fastCommit: true });
  }

  /**
   * A statement prepared once per connection (named): on the hot path PostgreSQL then neither parses nor plans it again
   * for every update (the roles' query has two subqueries), and each call sends only its values.
   */
  private run<R extends pg.QueryResultRow = pg.QueryResultRow>(name: keyof typeof SQL, values: unknown[]) {
    return this.pool.query<R>({ name: `hot-${name}`, text: SQL[name], values });
  }

  async markUpdate(platform: string, updateId: string, at: string): Promise<boolean> {
    return (await this.run("markUpdate", [platform, updateId, at])).rowCount === 1;
  }

  async conversation(platform: string, chatId: string, userId: string): Promise<ConversationRow | undefined> {
    return (await this.run<ConversationRow>("getConversation", [platform, chatId, userId])).rows[0];
  }

  async saveConversation(
    k: ConversationKey,
    flow: string,
    step: string,
    data: string,
    now: string,
    expiresAt: string,
    answer?: StepAnswer,
  ): Promise<void> {
    const row = [k.platform, k.chatId, k.userId, flow, step, data, now, expiresAt];
    if (!answer) await this.run("saveConversation", row);
    else await this.run("saveConversationAnswered", [...row, ...answerOf(answer)]);
  }

  async deleteConversation(k: ConversationKey, answer?: StepAnswer): Promise<boolean> {
    const key = [k.platform, k.chatId, k.userId];
    const res = answer
      ? await this.run("deleteConversationAnswered", [...key, ...answerOf(answer)])
      : await this.run("deleteConversation", key);
    return (res.rowCount ?? 0) > 0;
  }

  async touchConversation(k: ConversationKey, expiresAt: string, answer?: StepAnswer): Promise<void> {
    const row = [expiresAt, k.platform, k.chatId, k.userId];
    if (!answer) await this.run("touchConversation", row);
    else await this.run("touchConversationAnswered", [...row, ...answerOf(answer)]);
  }

  async actor(by: { platform: string; platformUserId: string } | { personId: number }): Promise<ActorRows | undefined> {
    const found =
      "personId" in by
        ? await this.run<ActorRows>("personById", [by.personId])
        : await this.run<ActorRows>("identity", [by.platform, by.platformUserId]);
    return found.rows[0];
  }

  async setLanguage(personId: number, language: string): Promise<void> {
    await this.run("setLanguage", [language, personId]);
  }

  async chat(platform: string, platformChatId: string): Promise<ChatRows | undefined> {
    return (await this.run<ChatRows>("chat", [platform, platformChatId])).rows[0];
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function answerOf(a: StepAnswer): string[] {
  return [a.replies, a.platform, a.updateId];
}
