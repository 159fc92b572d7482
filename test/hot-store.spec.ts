import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "../src/db/client.js";
import { sqlTime } from "../src/db/client.js";
import { openPostgresDatabase } from "../src/db/client-pg.js";
import { HotStore } from "../src/db/hot.js";
import { PostgresHotStore } from "../src/db/hot-pg.js";
import type { HotStorage } from "../src/db/hot-store.js";
import { ChatService } from "../src/services/chats.js";
import { UnitService } from "../src/services/units.js";
import { closeAll, freshSqliteDb } from "./helpers/db.js";
import { freshSchema, postgresOrSkip } from "./helpers/postgres.js";

const server = await postgresOrSkip("the hot-store checks");
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await closeAll();
});

interface Engine {
  name: string;
  available: boolean;
  open(): Promise<{ db: Db; hot: HotStorage }>;
}

const engines: Engine[] = [
  {
    name: "SQLite (better-sqlite3)",
    available: true,
    async open() {
      const { db, file } = await freshSqliteDb();
      const hot = new HotStore(file);
      cleanups.push(() => hot.close());
      return { db, hot };
    },
  },
  {
    name: "PostgreSQL (pg)",
    available: server !== undefined,
    async open() {
      const s = await freshSchema(server ?? "");
      cleanups.push(s.drop);
      const db = await openPostgresDatabase(s.url);
      cleanups.push(() => db.$disconnect());
      const hot = new PostgresHotStore(s.url);
      cleanups.push(() => hot.close());
      return { db, hot };
    },
  },
];

/** Two units, a chair with two roles and two platform accounts, through Prisma (the shared `Db` type). */
async function seed(db: Db) {
  const province = await db.unit.create({
    data: { code: "LDLD", name: "LĐLĐ tỉnh Lai Châu", kind: "province", path: "/" },
  });
  await db.unit.update({ where: { id: province.id }, data: { path: `/${province.id}/` } });
  const grassroots = await db.unit.create({
    data: {
      code: "CDCS-1",
      name: "CĐCS Trường Tiểu học Tân Phong",
      kind: "grassroots",
      path: "",
      parentId: province.id,
    },
  });
  await db.unit.update({ where: { id: grassroots.id }, data: { path: `/${province.id}/${grassroots.id}/` } });
  const chair = await db.person.create({
    data: {
      displayName: "Nguyễn Thị Hoa",
      identities: {
        create: [
          { platform: "telegram", platformUserId: "7001", displayName: "Hoa NT" },
          { platform: "zalo", platformUserId: "z-7001" },
        ],
      },
      memberships: { create: [{ unitId: grassroots.id, role: "chair" }] },
    },
  });
  await db.membership.create({ data: { personId: chair.id, unitId: province.id, role: "member" } });
  return { province, grassroots, chair };
}

const key = { platform: "telegram", chatId: "-100", userId: "7001" };
const t = (iso: string) => sqlTime(new Date(iso));

describe.each(engines)("hot store on $name", (engine) => {
  if (!engine.available) {
    it.skip("PostgreSQL not reachable: skipped (see the warning above)", () => undefined);
    return;
  }

  it("records an update id once: a repeat, even many at the same moment, is recognised", async () => {
    const { hot } = await engine.open();
    expect(await hot.markUpdate("telegram", "501", t("2026-03-02T02:00:00Z"))).toBe(true);
    expect(await hot.markUpdate("telegram", "501", t("2026-03-02T02:00:01Z"))).toBe(false);
    expect(await hot.markUpdate("zalo", "501", t("2026-03-02T02:00:01Z"))).toBe(true);
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => hot.markUpdate("telegram", "502", t("2026-03-02T02:00:02Z"))),
    );
    expect(burst.filter(Boolean)).toHaveLength(1);
  });

  it("keeps one conversation per person and chat: saved, replaced, its expiry moved, ended once", async () => {
    const { db, hot } = await engine.open();
    expect(await hot.conversation(key.platform, key.chatId, key.userId)).toBeUndefined();
    await hot.saveConversation(key, "gopy", "item", '{"a":1}', t("2026-03-02T02:00:00Z"), t("2026-03-02T02:30:00Z"));
    await hot.saveConversation(
      { ...key, userId: "7002" },
      "gopy",
      "unit",
      "{}",
      t("2026-03-02T02:00:00Z"),
      t("2026-03-02T02:30:00Z"),
    );
    expect(await hot.conversation(key.platform, key.chatId, key.userId)).toEqual({
      flow: "gopy",
      step: "item",
      data: '{"a":1}',
      expiresAt: "2026-03-02T02:30:00.000+00:00",
    });
    await hot.saveConversation(
      key,
      "gopy",
      "text",
      '{"a":2,"ý":"Đồng ý"}',
      t("2026-03-02T02:05:00Z"),
      t("2026-03-02T02:35:00.250Z"),
    );
    expect(await hot.conversation(key.platform, key.chatId, key.userId)).toEqual({
      flow: "gopy",
      step: "text",
      data: '{"a":2,"ý":"Đồng ý"}',
      expiresAt: "2026-03-02T02:35:00.250+00:00",
    });
    await hot.touchConversation(key, t("2026-03-02T03:00:00Z"));
    expect((await hot.conversation(key.platform, key.chatId, key.userId))?.expiresAt).toBe(
      "2026-03-02T03:00:00.000+00:00",
    );
    const viaPrisma = await db.conversationState.findFirstOrThrow({ where: { userId: key.userId } });
    expect(viaPrisma.expiresAt.toISOString(), "Prisma reads the same instant").toBe("2026-03-02T03:00:00.000Z");
    expect(await hot.deleteConversation(key)).toBe(true);
    expect(await hot.deleteConversation(key)).toBe(false);
    expect(await hot.conversation(key.platform, key.chatId, key.userId)).toBeUndefined();
    expect((await hot.conversation(key.platform, key.chatId, "7002"))?.step).toBe("unit");
  });

  it("finds a person with their roles by platform account or by id, and nobody for an unknown account", async () => {
    const { db, hot } = await engine.open();
    const { province, grassroots, chair } = await seed(db);
    const expected = {
      personId: chair.id,
      displayName: "Nguyễn Thị Hoa",
      language: "vi",
      memberships: [
        {
          unitId: grassroots.id,
          unitCode: "CDCS-1",
          unitName: "CĐCS Trường Tiểu học Tân Phong",
          unitPath: `/${province.id}/${grassroots.id}/`,
          role: "chair",
        },
        {
          unitId: province.id,
          unitCode: "LDLD",
          unitName: "LĐLĐ tỉnh Lai Châu",
          unitPath: `/${province.id}/`,
          role: "member",
        },
      ],
      identities: [
        { platform: "telegram", platformUserId: "7001" },
        { platform: "zalo", platformUserId: "z-7001" },
      ],
    };
    expect(await hot.actor({ platform: "telegram", platformUserId: "7001" })).toEqual({
      ...expected,
      identityName: "Hoa NT",
    });
    expect(await hot.actor({ platform: "zalo", platformUserId: "z-7001" })).toEqual({
      ...expected,
      identityName: null,
    });
    expect(await hot.actor({ personId: chair.id })).toEqual({ ...expected, identityName: null });
    expect(await hot.actor({ platform: "telegram", platformUserId: "9999" })).toBeUndefined();
    expect(await hot.actor({ personId: chair.id + 1000 })).toBeUndefined();
  });

  it("changes a person's language and nothing else", async () => {
    const { db, hot } = await engine.open();
    const { chair } = await seed(db);
    const before = await hot.actor({ personId: chair.id });
    await hot.setLanguage(chair.id, "en");
    expect(await hot.actor({ personId: chair.id })).toEqual({ ...before, language: "en" });
    expect((await db.person.findUniqueOrThrow({ where: { id: chair.id } })).language).toBe("en");
  });

  it("reads a chat with its linked unit in one statement, as Prisma reads them, and no chat it never met", async () => {
    const { db, hot } = await engine.open();
    const { grassroots, chair } = await seed(db);
    await db.unit.update({ where: { id: grassroots.id }, data: { active: false, memberCount: 42 } });
    await db.chat.create({
      data: {
        platform: "telegram",
        platformChatId: "-100",
        kind: "group",
        title: "CĐCS Tân Phong",
        unitId: grassroots.id,
        linkedById: chair.id,
        linkedAt: new Date("2026-03-02T02:03:04.567Z"),
      },
    });
    await db.chat.create({ data: { platform: "telegram", platformChatId: "7001", kind: "private" } });
    const chats = new ChatService(db, new UnitService(db), hot);
    for (const [id, kind] of [
      ["-100", "group"],
      ["7001", "private"],
    ] as const) {
      const where = { platform_platformChatId: { platform: "telegram", platformChatId: id } };
      const prisma = await db.chat.findUniqueOrThrow({ where, include: { unit: true } });
      expect(await chats.touch("telegram", id, kind)).toEqual(prisma);
    }
    expect(await hot.chat("telegram", "-999")).toBeUndefined();
    expect(await hot.chat("zalo", "-100")).toBeUndefined();
  });
});
