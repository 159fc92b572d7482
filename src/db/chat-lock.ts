/**
 * Updates of one chat handled one at a time even when they reach different processes (webhook workers behind a load
 * balancer): the adapter runs each update's handling inside `run(platform, chat, …)`. In one process the adapter's
 * own ordering (grammY's sequentialize) is enough, so SQLite uses `SAME_PROCESS`. On PostgreSQL, `PostgresChatLock`
 * takes a transaction-scoped advisory lock keyed by the chat on a pooled connection of its own, held while the update
 * is handled: a second process with an update of the same chat waits for it, and nothing is left locked if a process
 * dies (its connection closes, and the lock with it). The lock serialises; it cannot reorder two updates that reach
 * two processes at the same instant, which then go in the order their processes asked for the lock.
 */

export interface ChatLock {
  /** Runs `fn` when no other process is handling an update of this chat, and keeps them out until it ends. */
  run<T>(platform: string, chatId: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One process: its adapters already handle a chat's updates one after another. */
export const SAME_PROCESS: ChatLock = {
  run: (_platform, _chatId, fn) => fn(),
  close: async () => undefined,
};
