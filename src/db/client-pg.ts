/**
 * The PostgreSQL Prisma client (generated from prisma/postgresql/schema.prisma into src/generated/prisma-pg), opened
 * after the PostgreSQL migrations are applied, and handed out as the project's one `Db` type (the SQLite client's).
 *
 * Why one type and a cast: both clients are generated from the same models by the same generator and share one runtime
 * (@prisma/client/runtime: the same query methods, error classes, `Prisma.sql`), so at run time they are the same API.
 * Their TypeScript types differ only where PostgreSQL offers more (`mode: "insensitive"`, `skipDuplicates`, four
 * isolation levels): code typed against the SQLite client uses only what both engines accept, which is what we want.
 * TypeScript cannot prove the two assignable (it does not relate the generic conditional types of two generated
 * namespaces), hence the single cast below; the whole suite run on PostgreSQL (`npm run test:pg`) is the proof.
 *
 * Raw SQL is written once, in the subset both engines share (sql.ts); this client rewrites its placeholders.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma-pg/client.js";
import { migratePostgres } from "./migrate-pg.js";
import { toPostgres } from "./sql.js";
import type { Db } from "./types.js";
import { postgresConnection } from "./url.js";

export async function openPostgresDatabase(databaseUrl: string): Promise<Db> {
  await migratePostgres(databaseUrl);
  const { connectionString, schema, poolSize } = postgresConnection(databaseUrl);
  // `schema` qualifies Prisma's own queries; the search path makes raw SQL find the same tables.
  const pool = { connectionString, options: `-c search_path="${schema}"`, max: poolSize ?? 10 };
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { schema }) });
  await db.$connect();
  return withPortableSql(db as unknown as Db);
}

const RAW = new Set(["$queryRawUnsafe", "$executeRawUnsafe"]);

/** The client (and the `tx` of every interactive transaction) with raw SQL rewritten for PostgreSQL. */
function withPortableSql<T extends object>(client: T): T {
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      if (typeof prop === "string" && RAW.has(prop))
        return (sql: string, ...params: unknown[]) => value.call(target, toPostgres(sql), ...params);
      if (prop === "$transaction")
        return (arg: unknown, ...rest: unknown[]) =>
          typeof arg === "function"
            ? value.call(target, (tx: object) => arg(withPortableSql(tx)), ...rest)
            : value.call(target, arg, ...rest);
      return value.bind(target);
    },
  });
}
