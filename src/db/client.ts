import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";
import { compilerFromBytes } from "./compiler-wasm.js";
import { retryBusy } from "./faults.js";
import { HotStore } from "./hot.js";
import type { HotStorage } from "./hot-store.js";
import { InboxStore } from "./inbox-sqlite.js";
import type { UpdateInbox } from "./inbox-store.js";
import { migrate } from "./migrate.js";
import { SqliteOutboxStore } from "./outbox-sqlite.js";
import type { OutboxStore } from "./outbox-store.js";
import { postgresReader, type Reader, sqliteReader } from "./reader.js";
import { assertWritable } from "./startup.js";
import type { Db, Engine } from "./types.js";
import { databaseEngine, sqliteFilePath } from "./url.js";

export type { Db, Engine } from "./types.js";

interface Opened {
  engine: Engine;
  url: string;
  /** The SQLite file (for the hot path's and the outbox's own connections); undefined on PostgreSQL. */
  file?: string;
  /** A new hot-path store on the same database. */
  hot(): HotStorage;
  /** The outbox's statements on the same database (their own connection or pool). */
  outbox(): OutboxStore;
  /** Telegram's inbox on the same database. */
  inbox(): UpdateInbox;
  /** A reader for large aggregates on the engine's own driver. */
  reader(): Reader;
  /** What closes the stores handed out (their connections and pools). */
  closers: (() => unknown)[];
}

const opened = new WeakMap<Db, Opened>();

/** The SQLite file a client was opened on (for the hot path's own connection); undefined on PostgreSQL. */
export function databaseFile(db: Db): string | undefined {
  return opened.get(db)?.file;
}

function openedOf(db: Db): Opened {
  const o = opened.get(db);
  if (!o) throw new Error("open the database with openDatabase() so the hot path and the outbox can share it");
  return o;
}

/** Which engine a client runs on. */
export function engineOf(db: Db): Engine {
  return openedOf(db).engine;
}

/** The DATABASE_URL a client was opened with (PostgreSQL stores open their own pools on it). */
export function databaseUrlOf(db: Db): string {
  return openedOf(db).url;
}

/** A store made for the client's database by its engine, closed with it (closeDatabase). */
function handOut<T extends { close(): unknown }>(db: Db, make: (o: Opened) => T): T {
  const o = openedOf(db);
  const store = make(o);
  o.closers.push(() => store.close());
  return store;
}

/** A hot-path store (update de-duplication, conversation state, roles) on the client's database. */
export const openHotStore = (db: Db): HotStorage => handOut(db, (o) => o.hot());

/** The outbox's own statements on the client's database (the engine's: better-sqlite3 or a `pg` pool). */
export const openOutboxStore = (db: Db): OutboxStore => handOut(db, (o) => o.outbox());

/** Telegram's inbox on the client's database (on PostgreSQL shared with the other processes). */
export const openInbox = (db: Db): UpdateInbox => handOut(db, (o) => o.inbox());

/** A reader of large aggregates on the client's database (see reader.ts). */
export const openReader = (db: Db): Reader => handOut(db, (o) => o.reader());

/** Closes the client and every store handed out for it (tests open many databases; a process closes its one). */
export async function closeDatabase(db: Db): Promise<void> {
  const o = opened.get(db);
  // Each store's connection ends with the process or the test's database anyway: one that fails must not keep the
  // others and the client below open.
  for (const close of o?.closers.splice(0) ?? []) await Promise.resolve(close()).catch(() => undefined);
  await db.$disconnect();
}

/**
 * Opens the database named by DATABASE_URL, applying committed migrations first: `postgresql://` opens PostgreSQL
 * (its client and pool are loaded only then), anything else the SQLite file (created when missing). Throws
 * StorageStartError when the SQLite file or its folder cannot be written.
 */
export async function openDatabase(databaseUrl: string): Promise<Db> {
  if (databaseEngine(databaseUrl) === "postgresql") {
    // `pg` and PostgreSQL's Prisma client are loaded only here (about 15 MB an SQLite bot never needs).
    const [{ openPostgresDatabase }, { PostgresHotStore }, { PostgresOutboxStore }, { PostgresInboxStore }, pools] =
      await Promise.all([
        import("./client-pg.js"),
        import("./hot-pg.js"),
        import("./outbox-pg.js"),
        import("./inbox-pg.js"),
        import("./pg-pool.js"),
      ]);
    // Deadlock and serialisation victims are run again, as SQLite's lock errors are.
    const db = withBusyRetry(await openPostgresDatabase(databaseUrl));
    opened.set(db, {
      engine: "postgresql",
      url: databaseUrl,
      hot: () => new PostgresHotStore(databaseUrl),
      outbox: () => new PostgresOutboxStore(databaseUrl),
      inbox: () => new PostgresInboxStore(databaseUrl),
      reader: () => postgresReader(pools.pgPool(databaseUrl, { max: 2 })),
      closers: [],
    });
    return db;
  }
  return openSqliteDatabase(databaseUrl);
}

async function openSqliteDatabase(databaseUrl: string): Promise<Db> {
  assertWritable(sqliteFilePath(databaseUrl));
  migrate(databaseUrl);
  const adapter = new PrismaBetterSQLite3({ url: sqliteFilePath(databaseUrl), timeout: 10_000 });
  const db = withBusyRetry(new PrismaClient({ adapter, ...compilerFromBytes("sqlite") }));
  await db.$connect();
  // WAL with synchronous=NORMAL: no fsync per commit, still never corrupt; the last moments may be lost on power cut.
  await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  const file = sqliteFilePath(databaseUrl);
  opened.set(db, {
    engine: "sqlite",
    url: databaseUrl,
    file,
    hot: () => new HotStore(file),
    outbox: () => new SqliteOutboxStore(file),
    inbox: () => new InboxStore(file),
    reader: () => sqliteReader(file),
    closers: [],
  });
  return db;
}

/** A DateTime as Prisma's SQLite adapter stores it ("2026-01-02T03:04:05.678+00:00"), for comparisons in raw SQL. */
export function sqlTime(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

const RAW = new Set(["$queryRaw", "$queryRawUnsafe", "$executeRaw", "$executeRawUnsafe"]);

/**
 * Every write path retries lock errors: each model call and raw query outside a transaction, and an interactive
 * `$transaction(async (tx) => …)` as a whole (a stale read snapshot, SQLITE_BUSY_SNAPSHOT, can only be cured by
 * starting the transaction again; queries on `tx` are not retried one by one). The array form of `$transaction`
 * is refused with a clear error: the calls this wrapper returns are ordinary promises, not Prisma's lazy ones.
 */
export function withBusyRetry(client: PrismaClient): PrismaClient {
  const delegates = new Map<PropertyKey, unknown>();
  const wrapCalls = (target: object) =>
    new Proxy(target, {
      get(t, m) {
        const f = Reflect.get(t, m, t) as unknown;
        if (typeof f !== "function") return f;
        return (...args: unknown[]) => retryBusy(() => Promise.resolve(f.apply(t, args)));
      },
    });
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === "$transaction" && typeof value === "function")
        return (...args: unknown[]) => {
          if (Array.isArray(args[0]))
            throw new Error("use $transaction(async (tx) => …): the array form is not retried");
          return retryBusy(() => Promise.resolve(value.apply(target, args)));
        };
      if (typeof prop === "string" && RAW.has(prop) && typeof value === "function")
        return (...args: unknown[]) => retryBusy(() => Promise.resolve(value.apply(target, args)));
      if (
        typeof prop === "string" &&
        !prop.startsWith("$") &&
        !prop.startsWith("_") &&
        value &&
        typeof value === "object"
      ) {
        if (!delegates.has(prop)) delegates.set(prop, wrapCalls(value));
        return delegates.get(prop);
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
