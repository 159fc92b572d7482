import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "../src/db/client.js";
import { openPostgresDatabase } from "../src/db/client-pg.js";
import { freshSchema, postgresOrSkip } from "./helpers/postgres.js";

const server = await postgresOrSkip("the PostgreSQL client checks");
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(): Promise<{ db: Db; schema: string }> {
  const s = await freshSchema(server ?? "");
  cleanups.push(s.drop);
  const db = await openPostgresDatabase(s.url);
  cleanups.push(() => db.$disconnect());
  return { db, schema: s.schema };
}

describe.skipIf(!server)("the PostgreSQL client", () => {
  it("opens a migrated schema of its own: Prisma queries and raw SQL see the same tables, other schemas nothing", async () => {
    const a = await open();
    const b = await open();
    await a.db.unit.create({ data: { code: "LDLD", name: "LĐLĐ tỉnh", kind: "province", path: "/1/" } });
    expect(await a.db.$queryRawUnsafe(`SELECT "code", "parentId" FROM "Unit"`)).toEqual([
      { code: "LDLD", parentId: null },
    ]);
    expect(await b.db.unit.count()).toBe(0);
    expect(await b.db.$queryRawUnsafe(`SELECT count(*)::int AS n FROM "Unit"`)).toEqual([{ n: 0 }]);
  });

  it("keeps times as instants: a DateTime written by Prisma reads back equal and compares with sqlTime() text", async () => {
    const { db } = await open();
    const at = new Date("2026-03-02T02:00:00.123Z");
    await db.processedUpdate.create({ data: { platform: "telegram", updateId: "1", at } });
    expect((await db.processedUpdate.findFirstOrThrow()).at.toISOString()).toBe(at.toISOString());
    const due = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "ProcessedUpdate" WHERE "at" <= $1`,
      "2026-03-02T02:00:00.123+00:00",
    );
    expect(due).toEqual([{ n: 1 }]);
  });
});
