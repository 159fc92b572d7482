/**
 * What only one process may do at a time for a bot account — poll Telegram (a second getUpdates gets 409 Conflict),
 * hold Zalo's listener (Zalo drops the older of two connections) — is done by the holder of a named leadership.
 * On PostgreSQL that is a session advisory lock on a connection of its own: the other processes wait as standbys and
 * one takes over within `retryMs` when the holder dies (its session ends, the server frees the lock). If the holder's
 * own connection breaks it may no longer be the only one: `onLost` is called (main.ts exits, a supervisor restarts).
 * On SQLite (one process per database file) it is held at once.
 */
import type { Engine } from "./types.js";
import { postgresConnection } from "./url.js";

export interface Leadership {
  /** True when this process holds it; false when released before it got it. */
  readonly held: Promise<boolean>;
  release(): Promise<void>;
}

export interface LeadershipOptions {
  engine: Engine;
  databaseUrl: string;
  retryMs?: number;
  /** Called once when another process holds it and this one starts waiting. */
  onWaiting?: () => void;
  /** Called when the lock's connection broke while held. */
  onLost?: (err: Error) => void;
}

export function leadership(name: string, o: LeadershipOptions): Leadership {
  if (o.engine === "sqlite") return { held: Promise.resolve(true), release: async () => undefined };
  let stopped = false;
  let client: import("pg").Client | undefined;
  const take = async (): Promise<boolean> => {
    const pg = (await import("pg")).default;
    const { connectionString, schema } = postgresConnection(o.databaseUrl);
    // Per schema: two bots (two schemas) on one server never wait for each other.
    const key = `${schema}:${name}`;
    client = new pg.Client({ connectionString });
    let holding = false;
    client.on("error", (err) => {
      if (holding && !stopped) o.onLost?.(err);
    });
    await client.connect();
    for (let waited = false; !stopped; waited = true) {
      const r = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [key]);
      if (r.rows[0]?.ok) {
        holding = true;
        return true;
      }
      if (!waited) o.onWaiting?.();
      await new Promise((resolve) => setTimeout(resolve, o.retryMs ?? 2000));
    }
    return false;
  };
  // Released while connecting: the connection's failure only means "not held".
  const held = take().catch((err: unknown) => {
    if (stopped) return false;
    throw err;
  });
  return {
    held,
    async release() {
      stopped = true;
      // A session that is already broken has released its lock: nothing is left to end.
      await client?.end().catch(() => undefined);
    },
  };
}
