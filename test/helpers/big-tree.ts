/**
 * A province-sized unit tree written set-based (a few statements whatever the size): province P, `districts`
 * districts D1..Dn, `grassroots` units G1..Gm spread over them, and a Telegram group chat for the first `groups`
 * grassroots units (chat id -(100000 + unit id)). Used by the parameter-limit spec and the broadcast benchmark.
 */
import { type Db, engineOf } from "../../src/db/client.js";

export async function bigTree(db: Db, o: { districts: number; grassroots: number; groups: number }): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO "Unit" (id, code, name, kind, "parentId", path, depth, "memberCount", active, "updatedAt")
     VALUES (1, 'P', 'Liên đoàn Lao động tỉnh', 'province', NULL, '/1/', 0, 0, TRUE, CURRENT_TIMESTAMP)`,
  );
  await db.$executeRawUnsafe(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO "Unit" (id, code, name, kind, "parentId", path, depth, "memberCount", active, "updatedAt")
     SELECT 1 + i, 'D' || i, 'LĐLĐ huyện ' || i, 'district', 1, '/1/' || (1 + i) || '/', 1, 0, TRUE, CURRENT_TIMESTAMP
       FROM n`,
    o.districts,
  );
  await db.$executeRawUnsafe(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO "Unit" (id, code, name, kind, "parentId", path, depth, "memberCount", active, "updatedAt")
     SELECT 1 + d + i, 'G' || i, 'CĐCS số ' || i, 'grassroots', 2 + (i % d),
            '/1/' || (2 + (i % d)) || '/' || (1 + d + i) || '/', 2, 20, TRUE, CURRENT_TIMESTAMP
       FROM n, (SELECT CAST(? AS INTEGER) AS d) k`,
    o.grassroots,
    o.districts,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Chat" (platform, "platformChatId", kind, title, "unitId", status, "createdAt")
     SELECT 'telegram', '-' || (100000 + id), 'group', name, id, 'active', CURRENT_TIMESTAMP
       FROM "Unit" WHERE kind = 'grassroots' ORDER BY id LIMIT ?`,
    o.groups,
  );
  // Ids were given by hand: PostgreSQL's sequence must move past them (SQLite takes the largest id by itself).
  if (engineOf(db) === "postgresql")
    await db.$executeRawUnsafe(`SELECT setval(pg_get_serial_sequence('"Unit"', 'id'), (SELECT MAX(id) FROM "Unit"))`);
}
