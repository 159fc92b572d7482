/**
 * Cross-process invalidation of the short caches (a person's roles, a chat's row: 30 seconds each). A process that
 * changes something forgets its own copy and publishes the key; the other processes on the database hear it and
 * forget theirs, so a role granted in one process counts in all of them at once rather than within 30 seconds.
 *
 * SQLite is one process: `LOCAL_CACHE_BUS` publishes nothing. On PostgreSQL, `PostgresCacheBus` uses LISTEN/NOTIFY
 * on one dedicated connection (a channel per schema), which it opens again when it is lost; as changes may have been
 * missed meanwhile, subscribers are then told to drop everything ("all"). A notice that could not be
 * sent is owed, and sent as "all" once it can. The caches' lifetime stays as the backstop for changes made outside.
 */

export type CacheTopic = "person" | "chat";
export type CacheChange = { topic: CacheTopic; key: string } | { topic: "all" };

export interface CacheBus {
  /** Tells the other processes that what they cache under `key` changed (call after the change is committed). */
  publish(topic: CacheTopic, key: string): Promise<void>;
  /** `fn` hears the changes other processes publish; returns the way to stop listening. */
  subscribe(fn: (change: CacheChange) => void): () => void;
  close(): Promise<void>;
}

/** One process: it forgets its own copies itself, there is nobody else to tell. */
export const LOCAL_CACHE_BUS: CacheBus = {
  publish: async () => undefined,
  subscribe: () => () => undefined,
  close: async () => undefined,
};
