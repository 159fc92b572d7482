/**
 * The inbox's contract (Telegram's updates kept from arrival until handled; see inbox-sqlite.ts for why), one
 * interface for both engines: `InboxStore` on the SQLite file (one process), `PostgresInboxStore` shared by several
 * processes, where an update Telegram delivers to two of them is handled by one.
 */
/**
 * How often a process on PostgreSQL renews the updates it holds (its heartbeat), and looks for those of processes whose
 * heartbeat stopped (db/inbox-pg.ts).
 */
export const INBOX_HEARTBEAT_MS = 5_000;

export interface StoredUpdate {
  updateId: string;
  payload: string;
  /** The chat it belongs to (stored with it, so a chat's updates are found without reading payloads). */
  chatId?: string;
  /** The replies its handling produced (JSON), when they were recorded before a stop cut their sending short. */
  replies?: string | null;
}

export interface UpdateInbox {
  /** Writes a polled batch durably, before its offset confirms it to Telegram. Returns how many were new. */
  store(platform: string, updates: StoredUpdate[]): Promise<number>;
  /**
   * Whether this process handles the update now (storing it first when new); false when it was handled already or
   * is being handled (here, or on PostgreSQL by another process). A true is followed by `markHandled`.
   */
  take(platform: string, update: StoredUpdate): Promise<boolean>;
  markHandled(platform: string, updateId: string): Promise<void>;
  /**
   * Records the replies an update's handling produced, before they are sent: its writes are in, so a restart sends
   * these rather than handling it again (which would find its step done and say something else, or nothing).
   */
  recordReplies(platform: string, updateId: string, replies: string): Promise<void>;
  /** Updates to handle again, oldest first: what a stop left unhandled (PostgreSQL: also other processes' orphans). */
  leftover(platform: string): Promise<StoredUpdate[]>;
  /**
   * Whether an earlier update of this chat is stored and not yet handled by another process (PostgreSQL: several
   * processes take a chat's updates; this one waits for it, so a chat's updates are handled in order).
   */
  earlierPending?(platform: string, updateId: string, chat: string): Promise<boolean>;
  /** Whether a later update of this chat was handled already (a replayed one would no longer fit its conversation). */
  overtaken(platform: string, updateId: string, chat: string): Promise<boolean>;
  close(): unknown;
}
