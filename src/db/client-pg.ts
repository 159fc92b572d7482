/**
 * The PostgreSQL Prisma client (generated from prisma/postgresql/schema.prisma into src/generated/prisma-pg), opened
 * after the PostgreSQL migrations are applied, and handed out as the project's one `Db` type (the SQLite client's).
 *
 * Why one type and a cast: both clients are generated from the same models by the same generator and share one runtime
 * (@prisma/client/runtime: the same query methods, error classes, `Prisma.sql`), so at run time they are the same API.
 * Their TypeScript types differ only where PostgreSQL offers more (`mode: "insensitive"`, `skipDuplicates`, four
 * isolation levels): code typed against the SQLite client uses only what both engines accept, which is what we want.
 * TypeScript cannot prove the two assignable (it does not relate the generic conditional types of two generated
 * namespaces), hence the single cast below; test/hot-store.spec.ts and, later, the whole suite on PostgreSQL are the
 * proof that counts. Raw SQL is the part that really differs (README "Database").
 */
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma-pg/client.js";
import type { Db } from "./client.js";
import { migratePostgres } from "./migrate-pg.js";
import { postgresConnection } from "./url.js";

export async function openPostgresDatabase(databaseUrl: string): Promise<Db> {
  await migratePostgres(databaseUrl);
  const { connectionString, schema } = postgresConnection(databaseUrl);
  // `schema` qualifies Prisma's own queries; the search path makes raw SQL find the same tables.
  const pool = { connectionString, options: `-c search_path="${schema}"` };
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { schema }) });
  await db.$connect();
  return db as unknown as Db;
}
