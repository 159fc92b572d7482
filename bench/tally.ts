/**
 * The province's tally over 10,000 units and 1,000,000 opinions, against a hand-written SQL GROUP BY (no ORM: the
 * driver itself) computing the per-unit, per-item, per-kind counts on the same database in the same run. Target ≤ 2.
 * SQLite by default; PostgreSQL with BENCH_DATABASE=postgresql (bench/bench-db.ts). The data are made by the database
 * itself (INSERT … SELECT over a generated series of numbers), in SQL both engines accept.
 */
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { FakeClock } from "../src/clock.js";
import { openDatabase, sqlTime } from "../src/db/client.js";
import { toPostgres } from "../src/db/sql.js";
import { postgresConnection } from "../src/db/url.js";
import { ConsultationService } from "../src/services/consultations.js";
import { TallyService } from "../src/services/tally.js";
import { UnitService } from "../src/services/units.js";
import { BENCH_ENGINE, benchSchema } from "./bench-db.js";
import { report, tempDir, timed } from "./util.js";

const UNITS = Number(process.env.BENCH_UNITS ?? 10_000);
const OPINIONS = Number(process.env.BENCH_OPINIONS ?? 1_000_000);
const PEOPLE = Math.max(1000, Math.floor(OPINIONS / 4));
const DISTRICTS = 100;

/** The hand-written baseline. */
const GROUP_BY = `SELECT "unitId", "itemId", kind, COUNT(*) AS n FROM "Opinion"
  WHERE "consultationId" = 1 AND status = 'active' GROUP BY "unitId", "itemId", kind`;

/** Numbers 0 … count-1 as `s(i)`: a recursive CTE of √count rows crossed with itself (both engines have it). */
function series(count: number): string {
  const side = Math.ceil(Math.sqrt(count));
  return `WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < ${side - 1}),
    s(i) AS (SELECT a.n * ${side} + b.n FROM k a CROSS JOIN k b)`;
}

/** A pseudo-random whole number from `i` (a multiplicative hash; deterministic, so every run has the same data). */
const hash = (salt: number) => `((CAST(i AS BIGINT) * 1103515245 + ${salt}) % 2147483648 / 16)`;

/**
 * Province → 100 districts → grassroots units; 250,000 people; opinions spread over grassroots units, 3 items,
 * 5 kinds, one in fifty withdrawn; the participation rows the service keeps alongside. `now` is a timestamp literal.
 */
function statements(now: string): string[] {
  const firstGrassroots = 2 + DISTRICTS;
  const unitCols = `(id, code, name, kind, "parentId", path, depth, "memberCount", active, "createdAt", "updatedAt")`;
  const person = `1 + ${hash(12345)} % ${PEOPLE}`;
  return [
    `INSERT INTO "Unit" ${unitCols} VALUES (1, 'P', 'Tỉnh', 'province', NULL, '/1/', 0, 0, TRUE, ${now}, ${now})`,
    `INSERT INTO "Unit" ${unitCols} ${series(DISTRICTS)}
      SELECT 2 + i, 'D' || i, 'Huyện ' || i, 'district', 1, '/1/' || (2 + i) || '/', 1, 0, TRUE, ${now}, ${now}
      FROM s WHERE i < ${DISTRICTS}`,
    `INSERT INTO "Unit" ${unitCols} ${series(UNITS + 1)}
      SELECT i, 'G' || i, 'Cơ sở ' || i, 'grassroots', 2 + i % ${DISTRICTS},
        '/1/' || (2 + i % ${DISTRICTS}) || '/' || i || '/', 2, 50 + i % 200, TRUE, ${now}, ${now}
      FROM s WHERE i >= ${firstGrassroots} AND i <= ${UNITS}`,
    `INSERT INTO "Person" (id, "displayName", language, "createdAt") ${series(PEOPLE + 1)}
      SELECT i, 'Người ' || i, 'vi', ${now} FROM s WHERE i >= 1 AND i <= ${PEOPLE}`,
    `INSERT INTO "Consultation" (id, code, title, "rootUnitId", "opensAt", "closesAt", "createdById", "createdAt")
      VALUES (1, 'GY1', 'Bench', 1, ${now}, ${now}, 1, ${now})`,
    `INSERT INTO "ConsultationItem" (id, "consultationId", position, title)
      VALUES (1, 1, 1, 'Văn kiện 1'), (2, 1, 2, 'Văn kiện 2'), (3, 1, 3, 'Văn kiện 3')`,
    `INSERT INTO "Opinion" ("consultationId", "itemId", "unitId", "personId", kind, text, status, "createdAt", "updatedAt")
      ${series(OPINIONS)}
      SELECT 1, 1 + ${hash(777)} % 3, ${firstGrassroots} + (${person}) % ${UNITS - firstGrassroots + 1}, ${person},
        CASE ${hash(4242)} % 5 WHEN 0 THEN 'agree' WHEN 1 THEN 'add' WHEN 2 THEN 'amend' WHEN 3 THEN 'propose' ELSE 'other' END,
        'ý kiến', CASE WHEN ${hash(99)} % 50 = 0 THEN 'withdrawn' ELSE 'active' END, ${now}, ${now}
      FROM s WHERE i < ${OPINIONS}`,
    `INSERT INTO "Participation" ("consultationId", "unitId", "personId", opinions)
      SELECT "consultationId", "unitId", "personId", COUNT(*) FROM "Opinion" WHERE status = 'active'
      GROUP BY "consultationId", "unitId", "personId"`,
  ];
}

/** The database to measure on: its DATABASE_URL, how to load it, the hand-written query, and clean-up. */
interface Target {
  url: string;
  load(): Promise<void>;
  groupBy(): Promise<{ n: number | string | bigint }[]>;
  close(): Promise<void>;
}

function sqliteTarget(): Target {
  const file = path.join(tempDir("bench-tally-"), "tally.db");
  let raw: Database.Database | undefined;
  return {
    url: `file:${file}`,
    async load() {
      const db = new Database(file);
      db.pragma("synchronous = OFF");
      const now = `'${sqlTime(new Date())}'`;
      db.transaction(() => {
        for (const sql of statements(now)) db.exec(sql);
      })();
      db.exec("ANALYZE");
      db.close();
      raw = new Database(file, { readonly: true });
    },
    groupBy: async () => raw!.prepare(GROUP_BY).all() as { n: number }[],
    close: async () => void raw?.close(),
  };
}

async function postgresTarget(): Promise<Target | undefined> {
  const schema = await benchSchema("tally");
  if (!schema) return undefined;
  const { connectionString, schema: name } = postgresConnection(schema.url);
  const raw = new pg.Client({ connectionString, options: `-c search_path="${name}"` });
  await raw.connect();
  return {
    url: schema.url,
    async load() {
      await raw.query("BEGIN");
      await withoutSecondaryIndexes(raw, ["Opinion", "Participation"], async () => {
        for (const sql of statements(`CAST('${new Date().toISOString()}' AS TIMESTAMP)`)) await raw.query(sql);
      });
      await raw.query("COMMIT");
      // The visibility map lets both queries read the covering index alone, as a settled production table would.
      await raw.query('VACUUM ANALYZE "Unit", "Opinion", "Participation", "Person"');
    },
    groupBy: async () => (await raw.query(toPostgres(GROUP_BY))).rows,
    async close() {
      await raw.end();
      await schema.drop();
    },
  };
}

/**
 * Loads with the tables' foreign keys and secondary indexes dropped, then puts them back (each checked or built in
 * one pass): row by row, the checks and index updates made PostgreSQL's load of a million opinions take 40 s.
 */
async function withoutSecondaryIndexes(raw: pg.Client, tables: string[], load: () => Promise<void>): Promise<void> {
  const mine = `c.relnamespace = CAST(current_schema() AS regnamespace) AND c.relname = ANY($1)`;
  const { rows: keys } = await raw.query<{ tbl: string; name: string; def: string }>(
    `SELECT c.relname AS tbl, k.conname AS name, pg_get_constraintdef(k.oid) AS def
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'f' AND ${mine}`,
    [tables],
  );
  const { rows: indexes } = await raw.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid WHERE NOT x.indisprimary AND ${mine}`,
    [tables],
  );
  for (const k of keys) await raw.query(`ALTER TABLE "${k.tbl}" DROP CONSTRAINT "${k.name}"`);
  for (const i of indexes) await raw.query(`DROP INDEX "${i.name}"`);
  await load();
  for (const i of indexes) await raw.query(i.def);
  for (const k of keys) await raw.query(`ALTER TABLE "${k.tbl}" ADD CONSTRAINT "${k.name}" ${k.def}`);
}

export async function benchTally(): Promise<void> {
  const target = BENCH_ENGINE === "postgresql" ? await postgresTarget() : sqliteTarget();
  if (!target) return;
  try {
    await measure(target);
  } finally {
    await target.close();
  }
}

async function measure(target: Target): Promise<void> {
  // Opening first applies the migrations; the data go in through the driver.
  const db = await openDatabase(target.url);
  const gen = await timed(() => target.load());
  const clock = new FakeClock(new Date());
  const units = new UnitService(db);
  const consultations = new ConsultationService(db, units, clock);
  const tally = new TallyService(db, units, consultations, clock);
  const consultation = (await consultations.byCode("GY1"))!;
  const province = (await units.byCode("P"))!;

  await target.groupBy();
  await tally.compute(consultation, province); // warm both
  const runs = 3;
  let base = Infinity;
  let ours = Infinity;
  let total = 0;
  let baseTotal = 0;
  for (let i = 0; i < runs; i++) {
    const b = await timed(() => target.groupBy());
    base = Math.min(base, b.ms);
    baseTotal = b.value.reduce((s, r) => s + Number(r.n), 0);
    const o = await timed(() => tally.compute(consultation, province));
    ours = Math.min(ours, o.ms);
    total = o.value.root.total.opinions;
  }
  await db.$disconnect();
  const ratio = ours / base;
  report(
    BENCH_ENGINE === "postgresql" ? "tally-postgresql" : "tally",
    {
      units: UNITS,
      opinions: OPINIONS,
      generate_ms: Math.round(gen.ms),
      group_by_ms: Math.round(base),
      tally_ms: Math.round(ours),
      ratio,
      same_total: String(total === baseTotal),
    },
    "ratio <= 2",
    ratio <= 2 && total === baseTotal,
  );
}
