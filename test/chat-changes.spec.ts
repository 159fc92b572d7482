/**
 * A group's life, the same on every platform (services/chats.ts): upgraded to a supergroup with a new id, the bot
 * removed and added back, renamed; and what that means for broadcasts, reminders and staff's counts.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { sqlTime } from "../src/db/client.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import type { Outgoing } from "../src/platforms/port.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { Scheduler } from "../src/scheduler/reminders.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { bigTree } from "./helpers/big-tree.js";
import { closeAll } from "./helpers/db.js";
import { FakeSender } from "./helpers/fake-sender.js";

afterAll(closeAll);

type TestApp = Awaited<ReturnType<typeof testApp>>;

async function linkedGroup(app: App, chatId: string, code: string, title = `Nhóm ${code}`) {
  const unit = await app.db.unit.findUniqueOrThrow({ where: { code } });
  return app.db.chat.create({
    data: { platform: "telegram", platformChatId: chatId, kind: "group", title, unitId: unit.id, linkedAt: new Date() },
  });
}

const chatRow = (app: App, platformChatId: string) =>
  app.db.chat.findUnique({ where: { platform_platformChatId: { platform: "telegram", platformChatId } } });

async function conversationAt(app: App, chatId: string, userId: string, step: string) {
  const now = sqlTime(app.clock.now());
  const until = sqlTime(new Date(app.clock.now().getTime() + 3_600_000));
  await app.deps.hot.saveConversation({ platform: "telegram", chatId, userId }, "language", step, "{}", now, until);
}

const text = (reply: { kind: string }) => (reply as { text?: string }).text ?? "";

function worker(app: TestApp, sender: FakeSender) {
  return new OutboxWorker({
    outbox: app.services.outbox,
    senders: { telegram: sender },
    pacing: { telegram: { perSecond: 10_000, perChatPerMinute: 1000 } },
    clock: app.clock,
    logger: app.logger,
    onFailed: (m, f) => app.services.announcements.deliveryFailed(m, f),
    onMoved: (platform, from, to) => app.services.chats.migrate(platform as "telegram", from, to),
    time: { now: () => app.clock.now().getTime(), sleep: async (ms) => app.clock.advance(ms) },
  });
}

describe("a group upgraded to a supergroup", () => {
  it("moves its link, its conversations and its outbox rows to the new id, once, and the audit log says so", async () => {
    const app = await testApp();
    await linkedGroup(app, "-111", "LC-TD-01");
    await linkedGroup(app, "-222", "LC-TD-02");
    await conversationAt(app, "-111", "5", "pick");
    const reminder = { kind: "text" as const, text: "Nhắc hạn" };
    await app.services.outbox.enqueue([
      {
        key: "ann:1:telegram:-111",
        platform: "telegram",
        platformChatId: "-111",
        kind: "announcement",
        reply: reminder,
      },
      {
        key: "ann:1:telegram:-111:file",
        platform: "telegram",
        platformChatId: "-111",
        kind: "announcement",
        reply: reminder,
      },
      {
        key: "rem:1:1:7:telegram:-111",
        platform: "telegram",
        platformChatId: "-111",
        kind: "reminder",
        reply: reminder,
      },
      {
        key: "ann:1:telegram:-222",
        platform: "telegram",
        platformChatId: "-222",
        kind: "announcement",
        reply: reminder,
      },
    ]);
    const sent = await app.db.outboxMessage.findUniqueOrThrow({ where: { key: "rem:1:1:7:telegram:-111" } });
    await app.services.outbox.markSent(sent.id, "9", app.clock.now());

    expect(await app.services.chats.migrate("telegram", "-111", "-100111", { platformUserId: "5", name: "Hoa" })).toBe(
      true,
    );
    expect(await app.services.chats.migrate("telegram", "-111", "-100111")).toBe(false);

    expect(await chatRow(app, "-111")).toBeNull();
    const moved = await app.db.chat.findFirstOrThrow({ where: { platformChatId: "-100111" }, include: { unit: true } });
    expect(moved).toMatchObject({ kind: "group", status: "active", title: "Nhóm LC-TD-01" });
    expect(moved.unit?.code).toBe("LC-TD-01");
    expect(await app.deps.hot.conversation("telegram", "-100111", "5")).toMatchObject({ step: "pick" });
    expect(await app.deps.hot.conversation("telegram", "-111", "5")).toBeUndefined();
    const rows = await app.db.outboxMessage.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.key, r.platformChatId, r.status])).toEqual([
      ["ann:1:telegram:-100111", "-100111", "pending"],
      ["ann:1:telegram:-100111:file", "-100111", "pending"],
      ["rem:1:1:7:telegram:-100111", "-100111", "sent"],
      ["ann:1:telegram:-222", "-222", "pending"],
    ]);
    // The same reminder queued again for the new id (the scheduler's next run) finds it already sent.
    expect(
      await app.services.outbox.enqueue([
        {
          key: "rem:1:1:7:telegram:-100111",
          platform: "telegram",
          platformChatId: "-100111",
          kind: "reminder",
          reply: reminder,
        },
      ]),
    ).toBe(0);
    const audits = await app.db.auditLog.findMany({ where: { action: "chat.migrate" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: "Hoa (telegram:5)", target: "telegram:-111" });
    expect(JSON.parse(audits[0]?.details ?? "{}")).toEqual({
      to: "-100111",
      unit: "LC-TD-01",
      outboxRows: 3,
      conversations: 1,
    });

    // Roles belong to the unit: the group's chair is its chair in the supergroup, without a new /lienket.
    await giveRole(app, "50", "Chị Hoa", "chair", "LC-TD-01");
    const chair = Talker.group(app, "-100111", "50", "Chị Hoa");
    expect(lastText(await chair.send("/donvi"))).toContain("CĐCS Ủy ban nhân dân xã Bình Lư");
  });

  it("takes an acknowledgement pressed in the supergroup for an announcement the old group received", async () => {
    const app = await testApp();
    await linkedGroup(app, "-112", "LC-TD-01");
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
    const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
    const sent = await app.services.announcements.broadcast(
      staff,
      { text: "THÔNG BÁO: lịch trực Tết" },
      { mode: "codes", codes: ["LC-TD-01"], withSubtree: false },
    );
    await worker(app, new FakeSender()).drain();
    await app.services.chats.migrate("telegram", "-112", "-100112");
    await giveRole(app, "51", "Chị Hoa", "chair", "LC-TD-01");
    const pressed = await Talker.group(app, "-100112", "51", "Chị Hoa").press(`ack|${sent.id}`);
    expect(lastText(pressed)).toBe(
      "Đã ghi nhận: CĐCS Ủy ban nhân dân xã Bình Lư đã nhận thông báo (người xác nhận: Chị Hoa).",
    );
    const status = await app.services.announcements.status(staff, sent.seq);
    expect(status.ok && status.rows.map((r) => [r.unit.code, r.sent, !!r.ackAt])).toEqual([["LC-TD-01", 1, true]]);
  });

  it("merges into the new chat when that was seen first: a person's talk there and a message queued there win", async () => {
    const app = await testApp();
    await linkedGroup(app, "-333", "LC-PT-01");
    await app.services.chats.touch("telegram", "-100333", "group", "Nhóm mới");
    await conversationAt(app, "-333", "7", "old");
    await conversationAt(app, "-100333", "7", "new");
    await conversationAt(app, "-333", "8", "only-old");
    const reply = { kind: "text" as const, text: "THÔNG BÁO" };
    await app.services.outbox.enqueue([
      { key: "ann:2:telegram:-333", platform: "telegram", platformChatId: "-333", kind: "announcement", reply },
      { key: "ann:2:telegram:-100333", platform: "telegram", platformChatId: "-100333", kind: "announcement", reply },
    ]);

    expect(await app.services.chats.migrate("telegram", "-333", "-100333")).toBe(true);
    expect(await chatRow(app, "-333")).toBeNull();
    const merged = await app.db.chat.findFirstOrThrow({
      where: { platformChatId: "-100333" },
      include: { unit: true },
    });
    expect(merged.unit?.code).toBe("LC-PT-01");
    expect(merged.title).toBe("Nhóm mới");
    expect(await app.deps.hot.conversation("telegram", "-100333", "7")).toMatchObject({ step: "new" });
    expect(await app.deps.hot.conversation("telegram", "-100333", "8")).toMatchObject({ step: "only-old" });
    const rows = await app.db.outboxMessage.findMany();
    expect(rows.map((r) => [r.key, r.platformChatId])).toEqual([["ann:2:telegram:-100333", "-100333"]]);
  });

  it("moves once when two notices of the same migration come at the same moment (the service message and a 400)", async () => {
    const app = await testApp();
    const codes = ["LC-TD-01", "LC-TD-02", "LC-PT-01"];
    for (const [i, code] of codes.entries()) await linkedGroup(app, `-80${i + 1}`, code);
    // The third group's new chat was already seen (its first message came before the migration was known).
    await app.services.chats.touch("telegram", "-100803", "group");
    const results = await Promise.all(
      [1, 2, 3].flatMap((n) => [1, 2, 3].map(() => app.services.chats.migrate("telegram", `-80${n}`, `-10080${n}`))),
    );
    expect(results.filter(Boolean)).toHaveLength(3);
    expect(await app.db.auditLog.count({ where: { action: "chat.migrate" } })).toBe(3);
    const moved = await app.db.chat.findMany({
      where: { platformChatId: { startsWith: "-10080" } },
      include: { unit: true },
    });
    expect(moved.map((c) => c.unit?.code).sort()).toEqual(codes.sort());
    expect(await app.db.chat.count({ where: { platformChatId: { in: ["-801", "-802", "-803"] } } })).toBe(0);
  });

  it("keeps the new chat's own link when someone linked it since", async () => {
    const app = await testApp();
    await linkedGroup(app, "-444", "LC-PT-01");
    await linkedGroup(app, "-100444", "LC-PT-02");
    expect(await app.services.chats.migrate("telegram", "-444", "-100444")).toBe(true);
    const kept = await app.db.chat.findFirstOrThrow({ where: { platformChatId: "-100444" }, include: { unit: true } });
    expect(kept.unit?.code).toBe("LC-PT-02");
  });

  it("the outbox sends the message that met the 400 to the new id, with the rest of that chat's queue", async () => {
    const app = await testApp();
    await linkedGroup(app, "-555", "LC-TD-01");
    const sender = new FakeSender();
    sender.movedTo.set("-555", "-100555");
    const reply = (n: number) => ({ kind: "text" as const, text: `Tin ${n}` });
    await app.services.outbox.enqueue(
      [1, 2, 3].map((n) => ({
        key: `notice:${n}:telegram:-555`,
        platform: "telegram",
        platformChatId: "-555",
        kind: "notice" as const,
        reply: reply(n),
      })),
    );
    await worker(app, sender).drain();
    expect(sender.sent.map((o) => [o.chatId, text(o.reply)])).toEqual([
      ["-100555", "Tin 1"],
      ["-100555", "Tin 2"],
      ["-100555", "Tin 3"],
    ]);
    expect(sender.refusedMoved).toBe(1);
    expect(await app.db.outboxMessage.count({ where: { status: "sent", platformChatId: "-100555" } })).toBe(3);
    expect((await chatRow(app, "-100555"))?.unitId).not.toBeNull();
    expect(await app.db.auditLog.count({ where: { action: "chat.migrate" } })).toBe(1);
  });
});

describe("the bot removed from a group, and added back", () => {
  async function withChairs() {
    const app = await testApp();
    await linkedGroup(app, "-601", "LC-TD-01", "CĐ xã Bình Lư");
    await giveRole(app, "61", "Chị Hoa", "chair", "LC-TD-01");
    await giveRole(app, "62", "Anh Páo", "chair", "LC-TD-01", "zalo");
    await giveRole(app, "63", "Chủ tịch khác", "chair", "LC-TD-02");
    return app;
  }

  it("marks the chat removed once, audit-logs it and tells the unit's chairs in private, on the group's platform when they can", async () => {
    const app = await withChairs();
    expect(await app.services.chats.removed("telegram", "-601", { platformUserId: "99", name: "Quản trị" })).toBe(true);
    expect(await app.services.chats.removed("telegram", "-601")).toBe(false);
    expect((await chatRow(app, "-601"))?.status).toBe("blocked");
    expect((await chatRow(app, "-601"))?.unitId).not.toBeNull();
    const notices = await app.db.outboxMessage.findMany({ where: { kind: "notice" }, orderBy: { platform: "asc" } });
    expect(notices.map((n) => [n.platform, n.platformChatId])).toEqual([
      ["telegram", "61"],
      ["zalo", "62"],
    ]);
    expect(text(JSON.parse(notices[0]?.payload ?? "{}"))).toBe(
      "Bot đã bị xóa khỏi nhóm «CĐ xã Bình Lư» của CĐCS Ủy ban nhân dân xã Bình Lư: thông báo và lời nhắc hạn sẽ không tới nhóm này nữa. Khi thêm bot lại vào nhóm, nhóm hoạt động lại ngay, không cần liên kết lại.",
    );
    const audits = await app.db.auditLog.findMany({ where: { action: "chat.removed" } });
    expect(audits.map((a) => [a.actor, a.target])).toEqual([["Quản trị (telegram:99)", "telegram:-601"]]);

    // A private chat whose person blocked the bot: marked, but nobody is told and nothing is logged.
    await app.services.chats.touch("telegram", "61", "private");
    expect(await app.services.chats.removed("telegram", "61")).toBe(true);
    expect(await app.db.outboxMessage.count({ where: { kind: "notice" } })).toBe(2);
    expect(await app.db.auditLog.count({ where: { action: "chat.removed" } })).toBe(1);
  });

  it("added back, the chat is active and linked as before, without /lienket, and the return is audit-logged", async () => {
    const app = await withChairs();
    await app.services.chats.removed("telegram", "-601");
    const back = await app.services.chats.returned("telegram", "-601", "group", "CĐ Bình Lư (mới)");
    expect(back.wasRemoved).toBe(true);
    expect(back.chat).toMatchObject({ status: "active", title: "CĐ Bình Lư (mới)" });
    expect(back.chat.unit?.code).toBe("LC-TD-01");
    expect((await app.services.chats.returned("telegram", "-601", "group")).wasRemoved).toBe(false);
    expect(await app.db.auditLog.count({ where: { action: "chat.returned" } })).toBe(1);
  });

  it("broadcasts and reminders skip it; staff's confirm step and /tinhtrang count the units that lost their group", async () => {
    const app = await withChairs();
    for (const code of ["LC-TD-02", "LC-PT-01", "LC-PT-02"]) await linkedGroup(app, `-6${code.slice(-4)}`, code);
    for (const code of ["LC-PT-01", "LC-PT-02"]) await app.services.chats.removed("telegram", `-6${code.slice(-4)}`);
    await app.services.chats.removed("telegram", "-601");
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    await staff.send("/thongbao");
    const targets = await staff.send("Đề nghị các đơn vị dự hội nghị giao ban quý I vào 8 giờ ngày 20/3/2026.");
    const confirm = await staff.press(choicesOf(targets)[0]?.id ?? "");
    expect(texts(confirm).join("\n")).toContain(
      "Sẽ gửi tới 1 nhóm chat của 1 đơn vị; 32 đơn vị khác được chọn chưa có nhóm liên kết nên chưa nhận được.",
    );
    expect(texts(confirm).join("\n")).toContain(
      "3 đơn vị: bot đã bị xóa khỏi nhóm, nên không gửi được (LC-PT-01, LC-PT-02, LC-TD-01).",
    );
    await staff.press(choicesOf(confirm)[0]?.id ?? "");
    const sender = new FakeSender();
    await worker(app, sender).drain();
    const groupsReached = sender.sent.filter((o) => o.chatId.startsWith("-")).map((o) => o.chatId);
    expect(groupsReached).toEqual(["-6D-02"]);
    const status = lastText(await staff.send("/tinhtrang 1"));
    expect(status).toContain("3 đơn vị: bot đã bị xóa khỏi nhóm (LC-PT-01, LC-PT-02, LC-TD-01)");
    expect(status).toContain("Chưa có nhóm liên kết nên chưa gửi được (32 đơn vị)");

    // A deadline owed by two units: the reminder reaches the one whose group still has the bot.
    const scheduler = new Scheduler(app);
    const actor = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
    const units = await app.db.unit.findMany({ where: { code: { in: ["LC-TD-01", "LC-TD-02"] } } });
    const root = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
    const phrase = "chậm nhất ngày 09/3/2026";
    const spec = readDatePhrase(phrase)?.spec;
    if (!spec) throw new Error(`cannot read ${phrase}`);
    app.clock.set(new Date("2026-03-01T02:00:00Z"));
    await app.services.deadlines.create(actor, {
      what: "Báo cáo quý",
      phrase,
      spec,
      owingUnitIds: units.map((u) => u.id),
      rootUnitId: root.id,
    });
    app.clock.set(new Date("2026-03-02T00:30:00Z"));
    await scheduler.tick();
    const reminders = await app.db.outboxMessage.findMany({ where: { kind: "reminder" } });
    expect(reminders.map((r) => r.platformChatId)).toEqual(["-6D-02"]);

    // Added back: the next reminder reaches it again, without a new link.
    await app.services.chats.returned("telegram", "-601", "group");
    app.clock.set(new Date("2026-03-06T00:30:00Z"));
    await scheduler.tick();
    const later = await app.db.outboxMessage.findMany({ where: { kind: "reminder" }, orderBy: { id: "asc" } });
    expect(
      later
        .slice(1)
        .map((r) => r.platformChatId)
        .sort(),
    ).toEqual(["-601", "-6D-02"]);
  });
});

describe("forum topics", () => {
  it("answers a command written in a topic in that topic, and nothing else gets the topic", async () => {
    const app = await testApp();
    await linkedGroup(app, "-100700", "LC-TD-01");
    const member = Talker.group(app, "-100700", "71", "Anh Tú");
    const answer = await member.send("/donvi", { threadId: "42" });
    expect(answer.map((o: Outgoing) => [o.chatId, o.threadId])).toEqual([["-100700", "42"]]);
    expect((await member.send("/donvi")).map((o) => o.threadId)).toEqual([undefined]);
  });
});

describe("the country", () => {
  it("counts 60,000 units with 5,000 groups, 500 of which removed the bot, in the confirm step and /tinhtrang", async () => {
    const app = await testApp({ units: false });
    await bigTree(app.db, { districts: 700, grassroots: 60_000, groups: 5000 });
    await app.db.$executeRawUnsafe(
      `UPDATE "Chat" SET status = 'blocked' WHERE id IN (SELECT id FROM "Chat" ORDER BY id LIMIT 500)`,
    );
    await giveRole(app, "1", "Cán bộ", "staff", "P");
    const staff = Talker.private(app, "1", "Cán bộ");
    await staff.send("/thongbao");
    const targets = await staff.send("Đề nghị các đơn vị dự hội nghị giao ban quý I vào 8 giờ ngày 20/3/2026.");
    const confirm = await staff.press(choicesOf(targets)[0]?.id ?? "");
    expect(texts(confirm).join("\n")).toContain("Sẽ gửi tới 4.500 nhóm chat của 4.500 đơn vị; 55.701 đơn vị khác");
    expect(texts(confirm).join("\n")).toContain("500 đơn vị: bot đã bị xóa khỏi nhóm");
    await staff.press(choicesOf(confirm)[0]?.id ?? "");
    expect(lastText(await staff.send("/tinhtrang 1"))).toContain("500 đơn vị: bot đã bị xóa khỏi nhóm");
  }, 120_000);
});
