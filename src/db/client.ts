import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";
import { compilerFromBytes } from "./compiler-wasm.js";
import { retryBusy } from "./faults.js";
import { migrate } from "./migrate.js";
import { assertWritable } from "./startup.js";
import { sqliteFilePath } from "./url.js";

export type Db = PrismaClient;

const files = new WeakMap<Db, string>();

/** The SQLite file a client was opened on (for the hot path's own connection). */
export function databaseFile(db: Db): string | undefined {
  return files.get(db);
}

/**
 * Opens the database, applying committed migrations first (a fresh file is created). Throws StorageStartError when
 * the file or its folder cannot be written.
 */
export async function openDatabase(databaseUrl: string): Promise<Db> {
  assertWritable(sqliteFilePath(databaseUrl));
  migrate(databaseUrl);
  const adapter = new PrismaBetterSQLite3({ url: sqliteFilePath(databaseUrl), timeout: 10_000 });
  const db = withBusyRetry(new PrismaClient({ adapter, ...compilerFromBytes("sqlite") }));
  await db.$connect();
  // WAL with synchronous=NORMAL: no fsync per commit, still never corrupt; the last moments may be lost on power cut.
  await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  files.set(db, sqliteFilePath(databaseUrl));
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
