/** The PostgreSQL CacheBus (LISTEN/NOTIFY; see cache-bus.ts), in a file of its own so SQLite never loads `pg`. */
import crypto from "node:crypto";
import pg from "pg";
import type { Logger } from "../logger.js";
import type { CacheBus, CacheChange, CacheTopic } from "./cache-bus.js";
import { postgresConnection } from "./url.js";

export interface PostgresCacheBusOptions {
  logger?: Logger;
  /** First wait before opening a lost connection again; doubled on each failure up to 30 s (default 1 s). */
  reconnectMs?: number;
}

export class PostgresCacheBus implements CacheBus {
  /** Whose notices these are: a process skips its own. */
  private readonly origin = crypto.randomUUID();
  private readonly listeners = new Set<(change: CacheChange) => void>();
  private readonly channel: string;
  private readonly connection: pg.ClientConfig;
  private client?: pg.Client;
  private closed = false;
  private retryMs: number;
  private timer?: NodeJS.Timeout;
  private publishing: Promise<void> = Promise.resolve();
  /** A change was not announced: the next notice is "all". */
  private owed = false;

  private constructor(
    databaseUrl: string,
    private readonly o: PostgresCacheBusOptions,
  ) {
    const { connectionString, schema } = postgresConnection(databaseUrl);
    this.channel = `cache_${schema}`.slice(0, 63);
    this.connection = { connectionString, application_name: `union-bot cache ${schema}`.slice(0, 63) };
    this.retryMs = o.reconnectMs ?? 1000;
  }

  /** A bus listening on the database's channel (resolves once it listens). */
  static async open(databaseUrl: string, options: PostgresCacheBusOptions = {}): Promise<PostgresCacheBus> {
    const bus = new PostgresCacheBus(databaseUrl, options);
    await bus.connect();
    return bus;
  }

  /**
   * One notice at a time on the connection: pg warns (and pg@9 refuses) a query handed to a client still running one,
   * which several changes at once, or one during an outage, would do. A notice that could not go out (no connection,
   * or its query failed) is owed: the next one that goes out tells the others to drop everything instead, so no change
   * waits for the caches' lifetime to count elsewhere.
   */
  publish(topic: CacheTopic, key: string): Promise<void> {
    return this.announce({ t: topic, k: key });
  }

  private announce(change: { t: CacheTopic | "all"; k?: string }): Promise<void> {
    const next = this.publishing.then(async () => {
      const client = this.client;
      if (!client) return void (this.owed = true);
      const notice = { o: this.origin, ...(this.owed ? { t: "all" } : change) };
      try {
        await client.query("SELECT pg_notify($1, $2)", [this.channel, JSON.stringify(notice)]);
        this.owed = false;
      } catch (err) {
        this.owed = true;
        this.o.logger?.warn({ err }, "a cache change could not be announced");
      }
    });
    this.publishing = next;
    return next;
  }

  subscribe(fn: (change: CacheChange) => void): () => void {
    this.listeners.add(fn);
    return () => void this.listeners.delete(fn);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    // Closing: a connection that is already broken has nothing left to end.
    await client?.end().catch(() => undefined);
  }

  private emit(change: CacheChange): void {
    for (const fn of this.listeners) fn(change);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.connection);
    client.on("error", () => this.lost(client));
    client.on("end", () => this.lost(client));
    client.on("notification", (n) => {
      if (n.channel !== this.channel || !n.payload) return;
      const m = JSON.parse(n.payload) as { o: string; t: CacheTopic | "all"; k: string };
      if (m.o === this.origin) return;
      this.emit(m.t === "all" ? { topic: "all" } : { topic: m.t, key: m.k });
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch (err) {
      // The connect's own error is thrown below; ending a connection that never opened adds nothing to it.
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) return void (await client.end());
    this.client = client;
    this.retryMs = this.o.reconnectMs ?? 1000;
  }

  /** The connection is gone: open a new one, with growing pauses, and tell subscribers what they may have missed. */
  private lost(client: pg.Client): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    this.o.logger?.warn("the cache-change connection was lost; opening it again");
    const again = () => {
      this.timer = setTimeout(() => {
        if (this.closed) return;
        this.connect().then(
          () => {
            this.emit({ topic: "all" });
            // What was changed here meanwhile is announced now, as "all".
            if (this.owed) void this.announce({ t: "all" });
          },
          () => {
            this.retryMs = Math.min(this.retryMs * 2, 30_000);
            again();
          },
        );
      }, this.retryMs);
    };
    again();
  }
}
