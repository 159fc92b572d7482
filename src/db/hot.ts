/**
 * The statements run on every incoming update (de-duplication, conversation state, the sender's roles, the chat row),
 * on better-sqlite3 directly: a Prisma query through the JS engine costs about a millisecond, these a few microseconds
 * (bench/throughput measures the difference), on the file's connection shared with the inbox and the outbox
 * (sqlite-connection.ts). It never waits on a lock inside SQLite (busy_timeout 0): when another writer holds it (an
 * open Prisma transaction), it retries asynchronously, so the event loop is never blocked.
 */
import Database from "better-sqlite3";
import { retryBusy, StorageGoneError, StorageWatch } from "./faults.js";
import type { ActorRows, ChatRows, ConversationRow, HotStorage, StepAnswer } from "./hot-store.js";
import { type SharedConnection, sharedConnection } from "./sqlite-connection.js";

export type { ActorRows, ConversationRow } from "./hot-store.js";

export class HotStore implements HotStorage {
  private readonly connection: SharedConnection;
  private readonly db: Database.Database;
  private readonly stmt;
  private readonly watch: StorageWatch;
  private rescue?: string;
  private rescued?: Promise<boolean>;

  constructor(private readonly file: string) {
    this.watch = new StorageWatch(file);
    this.connection = sharedConnection(file);
    this.db = this.connection.db;
    this.stmt = {
      markUpdate: this.db.prepare(`INSERT OR IGNORE INTO "ProcessedUpdate" (platform, updateId, at) VALUES (?, ?, ?)`),
      getConversation: this.db.prepare(
        `SELECT flow, step, data, expiresAt FROM "ConversationState" WHERE platform = ? AND chatId = ? AND userId = ?`,
      ),
      saveConversation: this.db.prepare(
        `INSERT INTO "ConversationState" (platform, chatId, userId, flow, step, data, updatedAt, expiresAt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, chatId, userId) DO UPDATE SET flow = excluded.flow, step = excluded.step,
           data = excluded.data, updatedAt = excluded.updatedAt, expiresAt = excluded.expiresAt`,
      ),
      deleteConversation: this.db.prepare(
        `DELETE FROM "ConversationState" WHERE platform = ? AND chatId = ? AND userId = ?`,
      ),
      stepAnswer: this.db.prepare(`UPDATE "InboxUpdate" SET replies = ? WHERE platform = ? AND updateId = ?`),
      touchConversation: this.db.prepare(
        `UPDATE "ConversationState" SET expiresAt = ? WHERE platform = ? AND chatId = ? AND userId = ?`,
      ),
      identity: this.db.prepare(
        `SELECT p.id AS personId, p.displayName, p.language, i.displayName AS identityName
           FROM "Identity" i JOIN "Person" p ON p.id = i.personId
          WHERE i.platform = ? AND i.platformUserId = ?`,
      ),
      personById: this.db.prepare(
        `SELECT id AS personId, displayName, language, NULL AS identityName FROM "Person" WHERE id = ?`,
      ),
      memberships: this.db.prepare(
        `SELECT m.unitId, u.code AS unitCode, u.name AS unitName, u.path AS unitPath, m.role
           FROM "Membership" m JOIN "Unit" u ON u.id = m.unitId
          WHERE m.personId = ? ORDER BY m.id`,
      ),
      identities: this.db.prepare(`SELECT platform, platformUserId FROM "Identity" WHERE personId = ?`),
      setLanguage: this.db.prepare(`UPDATE "Person" SET language = ? WHERE id = ?`),
      chat: this.db.prepare(
        `SELECT c.id, c.platform, c.platformChatId, c.kind, c.title, c.unitId, c.linkedById, c.linkedAt, c.status,
           c.createdAt, CASE WHEN u.id IS NULL THEN NULL ELSE json_object('id', u.id, 'code', u.code, 'name', u.name,
             'kind', u.kind, 'parentId', u.parentId, 'path', u.path, 'depth', u.depth, 'memberCount', u.memberCount,
             'active', u.active, 'createdAt', u.createdAt, 'updatedAt', u.updatedAt) END AS unit
           FROM "Chat" c LEFT JOIN "Unit" u ON u.id = c.unitId WHERE c.platform = ? AND c.platformChatId = ?`,
      ),
    };
  }

  /** Runs a write, retrying asynchronously while another connection holds the write lock. */
  private write<T>(fn: () => T): Promise<T> {
    return retryBusy(async () => fn(), 50_000);
  }

  markUpdate(platform: string, updateId: string, at: string): Promise<boolean> {
    return this.write(() => this.stmt.markUpdate.run(platform, updateId, at).changes === 1);
  }

  conversation(platform: string, chatId: string, userId: string): ConversationRow | undefined {
    return this.stmt.getConversation.get(platform, chatId, userId) as ConversationRow | undefined;
  }

  saveConversation(
    k: { platform: string; chatId: string; userId: string },
    flow: string,
    step: string,
    data: string,
    now: string,
    expiresAt: string,
    answer?: StepAnswer,
  ): Promise<void> {
    return this.write(() =>
      this.withAnswer(answer, () =>
        this.stmt.saveConversation.run(k.platform, k.chatId, k.userId, flow, step, data, now, expiresAt),
      ),
    ).then(() => undefined);
  }

  deleteConversation(k: { platform: string; chatId: string; userId: string }, answer?: StepAnswer): Promise<boolean> {
    return this.write(() =>
      this.withAnswer(answer, () => this.stmt.deleteConversation.run(k.platform, k.chatId, k.userId).changes > 0),
    );
  }

  /** A conversation's write and the update's replies in one transaction (hot-store.ts: StepAnswer). */
  private withAnswer<T>(answer: StepAnswer | undefined, write: () => T): T {
    if (!answer) return write();
    return this.db.transaction(() => {
      const result = write();
      this.stmt.stepAnswer.run(answer.replies, answer.platform, answer.updateId);
      return result;
    })();
  }

  touchConversation(
    k: { platform: string; chatId: string; userId: string },
    expiresAt: string,
    answer?: StepAnswer,
  ): Promise<void> {
    return this.write(() =>
      this.withAnswer(answer, () => void this.stmt.touchConversation.run(expiresAt, k.platform, k.chatId, k.userId)),
    );
  }

  /** A person with their roles, by platform identity or by id; undefined when unknown. */
  actor(by: { platform: string; platformUserId: string } | { personId: number }): ActorRows | undefined {
    const p = (
      "personId" in by ? this.stmt.personById.get(by.personId) : this.stmt.identity.get(by.platform, by.platformUserId)
    ) as Omit<ActorRows, "memberships" | "identities"> | undefined;
    if (!p) return undefined;
    return {
      ...p,
      memberships: this.stmt.memberships.all(p.personId) as ActorRows["memberships"],
      identities: this.stmt.identities.all(p.personId) as ActorRows["identities"],
    };
  }

  setLanguage(personId: number, language: string): Promise<void> {
    return this.write(() => void this.stmt.setLanguage.run(language, personId));
  }

  chat(platform: string, platformChatId: string): ChatRows | undefined {
    const row = this.stmt.chat.get(platform, platformChatId) as
      | (Omit<ChatRows, "unit"> & { unit: string | null })
      | undefined;
    return row && { ...row, unit: row.unit === null ? null : (JSON.parse(row.unit) as ChatRows["unit"]) };
  }

  /** Throws StorageGoneError when the database file was deleted or replaced since it was opened. */
  checkStorage(): void {
    try {
      this.watch.check();
    } catch (err) {
      if (!(err instanceof StorageGoneError)) throw err;
      // SQLite still holds the unlinked file open: copy what it holds next to where the file was, once.
      if (this.rescue === undefined) {
        this.rescue = `${this.file}.rescued-${new Date().toISOString().replace(/[:.]/g, "-")}`;
        this.rescued = this.db.backup(this.rescue).then(
          () => true,
          () => false,
        );
      }
      throw new StorageGoneError(this.file, this.rescue);
    }
  }

  /** The copy made when the database file vanished (tests wait for it); undefined while the file is in place. */
  rescuedCopy(): Promise<boolean> | undefined {
    return this.rescued;
  }

  /** Runs a PRAGMA on this connection (start-up checks; tests use it to limit the file's size). */
  pragma(statement: string): unknown {
    return this.db.pragma(statement);
  }

  close(): void {
    this.connection.release();
  }
}
