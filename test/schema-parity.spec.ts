import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { postgresqlSchema, SQLITE_SCHEMA } from "../scripts/prisma-postgresql.js";
import { migrate } from "../src/db/migrate.js";
import { migratePostgres, migrationNames, PG_MIGRATIONS_DIR } from "../src/db/migrate-pg.js";
import { postgresConnection } from "../src/db/url.js";
import { freshSchema, postgresOrSkip } from "./helpers/postgres.js";
import { postgresShape, sqliteShape } from "./helpers/schema-shape.js";

const server = await postgresOrSkip("the schema-parity checks");
const dropLater: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of dropLater.splice(0)) await drop();
});

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const { connectionString } = postgresConnection(url);
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe("PostgreSQL migrations (files)", () => {
  it("were generated from the current prisma/schema.prisma (else: npm run db:pg-migration)", () => {
    const snapshot = fs.readFileSync(path.join(PG_MIGRATIONS_DIR, "datamodel.prisma"), "utf8");
    expect(snapshot, "prisma/schema.prisma changed since the PostgreSQL migrations: npm run db:pg-migration").toBe(
      postgresqlSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8")),
    );
    expect(fs.readFileSync(path.join(PG_MIGRATIONS_DIR, "migration_lock.toml"), "utf8")).toMatch(
      /provider = "postgresql"/,
    );
    expect(migrationNames(PG_MIGRATIONS_DIR).length).toBeGreaterThan(0);
  });
});

describe.skipIf(!server)("SQLite and PostgreSQL migrations", () => {
  it("build the same tables, columns, primary keys, indexes and foreign keys", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "parity-")), "parity.db");
    migrate(`file:${file}`);
    const sqlite = sqliteShape(file);
    fs.rmSync(path.dirname(file), { recursive: true });

    const s = await freshSchema(server ?? "");
    dropLater.push(s.drop);
    await migratePostgres(s.url);
    const postgres = await withClient(s.url, (c) => postgresShape(c, s.schema));

    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
    expect(Object.keys(sqlite).length).toBeGreaterThan(15);
    for (const table of Object.keys(sqlite)) expect({ table, ...postgres[table] }).toEqual({ table, ...sqlite[table] });
  });

  it("are applied once, recorded in _prisma_migrations with Prisma's checksum, even by two processes at once", async () => {
    const s = await freshSchema(server ?? "");
    dropLater.push(s.drop);
    const [a, b] = await Promise.all([migratePostgres(s.url), migratePostgres(s.url)]);
    const names = migrationNames(PG_MIGRATIONS_DIR);
    expect([...(a?.applied ?? []), ...(b?.applied ?? [])].sort()).toEqual(names);
    expect((await migratePostgres(s.url)).applied).toEqual([]);
    const rows = await withClient(s.url, async (c) => {
      await c.query(`SET search_path TO "${s.schema}"`);
      return (
        await c.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
          `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
        )
      ).rows;
    });
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    for (const r of rows) {
      const sql = fs.readFileSync(path.join(PG_MIGRATIONS_DIR, r.migration_name, "migration.sql"));
      expect(r.checksum).toBe(crypto.createHash("sha256").update(sql).digest("hex"));
      expect(r.finished_at).toBeInstanceOf(Date);
    }
  });

  it("refuse a database that sorts text linguistically (subtree ranges of paths would break), saying how to fix it", async (ctx) => {
    const name = `t_coll_${crypto.randomBytes(4).toString("hex")}`;
    const created = await withClient(server ?? "", (c) =>
      c
        .query(
          `CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US-u-ka-shifted' LOCALE 'C.UTF-8'`,
        )
        .then(() => true)
        .catch((err: Error) => err.message),
    );
    if (created !== true) return ctx.skip(`this PostgreSQL cannot create an ICU database: ${created}`);
    dropLater.push(() => withClient(server ?? "", async (c) => void (await c.query(`DROP DATABASE ${name}`))));
    const u = new URL(server ?? "");
    u.pathname = `/${name}`;
    await expect(migratePostgres(u.toString())).rejects.toThrow(
      new RegExp(`database "${name}" sorts text linguistically.*LOCALE 'C.UTF-8'`),
    );
  });

  it("leave nothing behind when one fails: its changes are rolled back and it is not recorded", async () => {
    const s = await freshSchema(server ?? "");
    dropLater.push(s.drop);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pgmig-"));
    fs.mkdirSync(path.join(dir, "001_ok"));
    fs.writeFileSync(path.join(dir, "001_ok", "migration.sql"), `CREATE TABLE "A" ("id" INTEGER PRIMARY KEY);`);
    fs.mkdirSync(path.join(dir, "002_bad"));
    fs.writeFileSync(path.join(dir, "002_bad", "migration.sql"), `CREATE TABLE "B" ("id" INTEGER); SELECT nonsense;`);
    await expect(migratePostgres(s.url, dir)).rejects.toThrow(/002_bad failed/);
    const state = await withClient(s.url, async (c) => {
      await c.query(`SET search_path TO "${s.schema}"`);
      const tables = await c.query<{ t: string }>(
        `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
        [s.schema],
      );
      const done = await c.query<{ n: string }>(`SELECT migration_name AS n FROM "_prisma_migrations"`);
      return { tables: tables.rows.map((r) => r.t), done: done.rows.map((r) => r.n) };
    });
    expect(state).toEqual({ tables: ["A", "_prisma_migrations"], done: ["001_ok"] });
    fs.rmSync(dir, { recursive: true });
  });
});
