/**
 * The hot path's contract (update de-duplication, conversation state, the sender's roles), one interface for both
 * engines: `HotStore` in hot.ts (better-sqlite3, synchronous reads) and `PostgresHotStore` in hot-pg.ts (pg, every
 * call asynchronous). Reads may answer synchronously or with a promise, so callers `await` every call; times are the
 * strings `sqlTime()` writes ("2026-01-02T03:04:05.678+00:00"), and both stores give them back in that form.
 */
export interface ActorRows {
  personId: number;
  displayName: string;
  language: string;
  identityName: string | null;
  memberships: { unitId: number; unitCode: string; unitName: string; unitPath: string; role: string }[];
  identities: { platform: string; platformUserId: string }[];
}

export interface ConversationRow {
  flow: string;
  step: string;
  data: string;
  expiresAt: string;
}

/**
 * A chat with its linked unit as one statement reads them (ChatService turns it into Prisma's row): times as the ISO
 * text `sqlTime()` writes (both engines give it back so), SQLite's booleans as 0 or 1.
 */
export interface ChatRows {
  id: number;
  platform: string;
  platformChatId: string;
  kind: string;
  title: string | null;
  unitId: number | null;
  linkedById: number | null;
  linkedAt: string | null;
  status: string;
  createdAt: string;
  unit: {
    id: number;
    code: string;
    name: string;
    kind: string;
    parentId: number | null;
    path: string;
    depth: number;
    memberCount: number;
    active: boolean | number;
    createdAt: string;
    updatedAt: string;
  } | null;
}

export type MaybePromise<T> = T | Promise<T>;

export interface ConversationKey {
  platform: string;
  chatId: string;
  userId: string;
}

/**
 * An update's replies written with the conversation step it made (the same transaction as the state's write): its
 * inbox row (InboxUpdate, by platform and update id) keeps them, so a process killed before it recorded or sent them
 * sends them after a restart instead of handling the update again (its step is done, and would answer otherwise).
 */
export interface StepAnswer {
  platform: string;
  updateId: string;
  /** RecordedReplies as JSON (platforms/port.ts). */
  replies: string;
}

export interface HotStorage {
  /** Records an update id; true the first time, false for a repeat (whichever process saw it first). */
  markUpdate(platform: string, updateId: string, at: string): Promise<boolean>;
  conversation(platform: string, chatId: string, userId: string): MaybePromise<ConversationRow | undefined>;
  saveConversation(
    k: ConversationKey,
    flow: string,
    step: string,
    data: string,
    now: string,
    expiresAt: string,
    answer?: StepAnswer,
  ): Promise<void>;
  /** True when there was a conversation to end. */
  deleteConversation(k: ConversationKey, answer?: StepAnswer): Promise<boolean>;
  touchConversation(k: ConversationKey, expiresAt: string, answer?: StepAnswer): Promise<void>;
  /** A person with their roles, by platform identity or by id; undefined when unknown. */
  actor(by: { platform: string; platformUserId: string } | { personId: number }): MaybePromise<ActorRows | undefined>;
  setLanguage(personId: number, language: string): Promise<void>;
  /** A chat and its linked unit in one statement, by platform id; undefined when the bot has not met it. */
  chat(platform: string, platformChatId: string): MaybePromise<ChatRows | undefined>;
  /** Throws when the storage itself is gone (SQLite: the file was deleted or replaced); PostgreSQL has no such check. */
  checkStorage?(): void;
  close(): MaybePromise<void>;
}
