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
  /** Updates to handle again, oldest first: what a stop left unhandled (PostgreSQL: also other processes' orphans). */
  leftover(platform: string): Promise<StoredUpdate[]>;
  /** Whether a later update of this chat was handled already (a replayed one would no longer fit its conversation). */
  overtaken(platform: string, updateId: string, chat: string): Promise<boolean>;
  close(): unknown;
}
