/**
 * Telegram groups change under the bot, end to end: grammY polls the project's fake Bot API (which does what Telegram
 * does: the migration service messages, 400 with `migrate_to_chat_id` on sends to an upgraded group's old id,
 * `my_chat_member`, 403 "bot was kicked", `new_chat_title`, forum topics) and the outbox worker sends through the
 * adapter's paced sender, as main.ts wires them. One part runs through telegram-test-api, which can carry service
 * messages and topics but not `my_chat_member` or error answers.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createTelegramAdapter } from "../src/platforms/telegram/adapter.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { realTime, SharedPacer, telegramChatKind } from "../src/scheduler/pacer.js";
import { giveRole, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { type FakeBotApi, type FakeUser, startFakeBotApi } from "./helpers/fake-bot-api.js";
import { adapterFor, botMessages, startEmulator, TOKEN } from "./helpers/telegram.js";

afterAll(closeAll);

const running: { stop(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop();
});

/** Waits until `check` holds (the adapter polls and handles on its own time); fails naming `what` after 20 s. */
async function until<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string): Promise<T> {
  const end = Date.now() + 20_000;
  for (;;) {
    const got = await check();
    if (got) return got;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const STAFF: FakeUser = { id: 9100, name: "Cán bộ tỉnh" };
const group = (n: number) => -4000 - n;
const supergroup = (n: number) => -1_000_000_004_000 - n;

async function setup() {
  const app = await testApp();
  const api = await startFakeBotApi();
  running.push({ stop: () => api.close() });
  const adapter = createTelegramAdapter({
    token: TOKEN,
    apiRoot: api.url,
    core: app.core,
    chats: app.services.chats,
    i18n: app.i18n,
    logger: app.logger,
    idlePollDelayMs: 20,
    loadStoredFile: async (id) => (await app.db.storedFile.findUniqueOrThrow({ where: { id } })).data,
    pacer: new SharedPacer(
      { perSecond: 30, perChatPerMinute: 20, privateChatIntervalMs: 1000 },
      realTime,
      telegramChatKind,
    ),
  });
  await adapter.init();
  adapter.startPolling();
  running.push(adapter);
  const worker = new OutboxWorker({
    outbox: app.services.outbox,
    senders: { telegram: adapter.paced },
    clock: app.clock,
    logger: app.logger,
    onFailed: (m, f) => app.services.announcements.deliveryFailed(m, f),
    onSettled: (m) => app.services.announcements.deliverySettled(m),
    onMoved: (platform, from, to) => app.services.chats.migrate(platform as "telegram", from, to),
  });
  // 30 groups, each linked to a unit (in code order, the province aside).
  const units = await app.db.unit.findMany({ where: { NOT: { code: "LC" } }, orderBy: { code: "asc" }, take: 30 });
  for (const [i, unit] of units.entries()) {
    const title = `CĐ ${unit.code}`;
    api.group(group(i + 1), title);
    await app.db.chat.create({
      data: { platform: "telegram", platformChatId: String(group(i + 1)), kind: "group", title, unitId: unit.id },
    });
  }
  await giveRole(app, String(STAFF.id), STAFF.name, "staff", "LC");
  const chat = (id: number) =>
    app.db.chat.findUnique({
      where: { platform_platformChatId: { platform: "telegram", platformChatId: String(id) } },
      include: { unit: true },
    });
  /** What the bot said into a chat after the `after`-th of all received messages. */
  const saidIn = (id: number, after = 0) => api.received.slice(after).filter((r) => r.chat === String(id));
  /** A person writes; resolves with the bot's first answer in that chat. */
  const ask = async (chatId: number, from: FakeUser, text: string, threadId?: number) => {
    const before = api.received.length;
    api.userSays({ chat: chatId, from, text, ...(threadId !== undefined ? { threadId } : {}) });
    return until(() => saidIn(chatId, before)[0], `an answer to ${text}`);
  };
  return { app, api, adapter, worker, units, chat, saidIn, ask };
}

/** Presses the button labelled `label` under the bot's message; resolves with the bot's next message there. */
async function press(api: FakeBotApi, message: FakeBotApi["received"][number], label: string, from: FakeUser) {
  const button = message.buttons.find((b) => b.text.startsWith(label));
  if (!button?.data) throw new Error(`no button ${label}: ${message.buttons.map((b) => b.text).join(" | ")}`);
  const before = api.received.length;
  api.press({ chat: Number(message.chat), from, data: button.data, messageId: message.messageId });
  return until(() => api.received.slice(before).find((r) => r.chat === message.chat), `the answer to ${label}`);
}

describe("30 linked groups: 5 upgraded to supergroups, the bot removed from 3, then staff announce to all", () => {
  it("reaches the 27 groups that still have the bot, the upgraded ones at their new ids, and says who lost their group", async () => {
    const { app, api, worker, units, chat, saidIn, ask } = await setup();
    const chairs = [6, 7, 8].map((n) => ({ id: 5000 + n, name: `Chủ tịch ${n}` }));
    for (const [i, c] of chairs.entries()) await giveRole(app, String(c.id), c.name, "chair", units[5 + i]?.code ?? "");
    api.neverStarted.add(String(chairs[2]?.id));

    // Two upgrades the bot hears of (service messages), three it only learns of when it sends.
    for (const n of [1, 2]) api.upgrade(group(n), supergroup(n));
    for (const n of [3, 4, 5]) api.upgrade(group(n), supergroup(n), { notify: false });
    for (const n of [6, 7, 8]) api.removeBot(group(n));
    api.rename(group(9), "CĐ đổi tên");
    await until(async () => (await chat(supergroup(2)))?.unit && (await chat(supergroup(1)))?.unit, "the moves");
    await until(async () => (await app.db.chat.count({ where: { status: "blocked" } })) === 3, "the removals");
    await until(async () => (await chat(group(9)))?.title === "CĐ đổi tên", "the new title");
    expect(await chat(group(1))).toBeNull();

    await ask(STAFF.id, STAFF, "/thongbao");
    const targets = await ask(STAFF.id, STAFF, "THÔNG BÁO: hội nghị giao ban quý I lúc 8 giờ ngày 20/3/2026.");
    const confirm = await press(api, targets, "Toàn bộ", STAFF);
    expect(confirm.text).toContain("Sẽ gửi tới 27 nhóm chat của 27 đơn vị;");
    expect(confirm.text).toContain("3 đơn vị: bot đã bị xóa khỏi nhóm");
    const queued = await press(api, confirm, "Gửi", STAFF);
    expect(queued.text).toContain("27 nhóm chat");
    await worker.drain();

    const announced = api.received.filter((r) => r.text.startsWith("THÔNG BÁO") && r.chat.startsWith("-"));
    const expected = [...[1, 2, 3, 4, 5].map(supergroup), ...Array.from({ length: 22 }, (_, i) => group(i + 9))].map(
      String,
    );
    expect(announced.map((r) => r.chat).sort()).toEqual(expected.sort());
    // The three silent upgrades met one 400 each; the removed groups were never tried.
    expect(
      api.refused
        .filter((r) => r.status === 400)
        .map((r) => r.chat)
        .sort(),
    ).toEqual([3, 4, 5].map((n) => String(group(n))).sort());
    expect(api.refused.filter((r) => r.chat.startsWith("-") && r.status === 403)).toEqual([]);
    expect(await app.db.auditLog.count({ where: { action: "chat.migrate" } })).toBe(5);
    for (const n of [3, 4, 5]) expect((await chat(supergroup(n)))?.unit?.code).toBe(units[n - 1]?.code);
    // The chairs of the groups that removed the bot heard of it, where the bot may write to them.
    for (const c of chairs.slice(0, 2))
      expect(saidIn(c.id).map((r) => r.text)).toEqual([expect.stringMatching(/^Bot đã bị xóa khỏi nhóm «CĐ /)]);
    expect(api.refused).toContainEqual({
      chat: String(chairs[2]?.id),
      status: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });
    // The summary into staff's private chat may wait for that chat's pace (a second of the app's clock).
    await until(async () => {
      app.clock.advance(1000);
      await worker.drain();
      return saidIn(STAFF.id).find((r) => r.text.startsWith("Đã gửi xong"));
    }, "the summary");
    expect(saidIn(STAFF.id).find((r) => r.text.startsWith("Đã gửi xong"))?.text).toContain("27/27 nhóm; lỗi: không có");

    // Added back: active again with its link, and the group hears it needs no new /lienket.
    api.addBot(group(6));
    const back = await until(() => saidIn(group(6))[0], "the greeting");
    expect(back.text).toBe(`Bot đã trở lại nhóm. Nhóm vẫn liên kết với ${units[5]?.name}, không cần liên kết lại.`);
    expect(await chat(group(6))).toMatchObject({ status: "active", unitId: units[5]?.id });
  }, 60_000);
});

describe("what else changes in a group", () => {
  it("answers at the new id when a command written just before the upgrade meets the 400, and the link follows", async () => {
    const { app, api, chat, saidIn } = await setup();
    api.upgrade(group(10), supergroup(10), { notify: false });
    api.userSays({ chat: group(10), from: { id: 61, name: "Anh Tú" }, text: "/donvi" });
    const answer = await until(() => saidIn(supergroup(10))[0], "the answer at the new id");
    expect(answer.text).toContain("CĐ");
    expect(saidIn(group(10))).toEqual([]);
    expect((await chat(supergroup(10)))?.unitId).not.toBeNull();
    expect(await app.db.auditLog.count({ where: { action: "chat.migrate" } })).toBe(1);
  });

  it("a 403 on a broadcast marks the group removed and tells its chair, though the bot never saw my_chat_member", async () => {
    const { app, api, worker, units, chat, saidIn } = await setup();
    await giveRole(app, "5011", "Chủ tịch 11", "chair", units[10]?.code ?? "");
    const staff = await app.services.people.resolve("telegram", String(STAFF.id), STAFF.name);
    await app.services.announcements.broadcast(
      staff,
      { text: "THÔNG BÁO: lịch trực Tết" },
      { mode: "codes", codes: [units[10]?.code ?? ""], withSubtree: false },
    );
    // Removed while the bot was not listening: its update is lost, only the send tells.
    api.removeBot(group(11), { notify: false });
    await worker.drain();
    expect(api.refused).toContainEqual({
      chat: String(group(11)),
      status: 403,
      description: "Forbidden: bot was kicked from the group chat",
    });
    expect((await chat(group(11)))?.status).toBe("blocked");
    await worker.drain();
    expect(saidIn(5011).map((r) => r.text)).toEqual([expect.stringMatching(/^Bot đã bị xóa khỏi nhóm «CĐ /)]);
    expect(saidIn(STAFF.id).map((r) => r.text)).toContainEqual(expect.stringMatching(/bị chặn hoặc bị xóa khỏi nhóm/));
  });

  it("answers a command written in a forum topic in that topic", async () => {
    const { api, ask } = await setup();
    api.upgrade(group(12), supergroup(12));
    api.makeForum(supergroup(12));
    const answer = await ask(supergroup(12), { id: 62, name: "Chị Lan" }, "/donvi", 42);
    expect(answer.thread).toBe(42);
    expect(answer.text).toContain("CĐ");
    const general = await ask(supergroup(12), { id: 62, name: "Chị Lan" }, "/donvi");
    expect(general.thread).toBeUndefined();
  });
});

describe("through telegram-test-api", () => {
  it("follows a migration's service message and a new title, and answers in a forum topic", async () => {
    const server = await startEmulator();
    running.push({ stop: () => server.stop() });
    const app = await testApp();
    const adapter = adapterFor(app, server.config.apiURL);
    await adapter.init();
    adapter.startPolling();
    running.push(adapter);
    const unit = await app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD-01" } });
    await app.db.chat.create({
      data: { platform: "telegram", platformChatId: "-5201", kind: "group", unitId: unit.id },
    });
    const old = server.getClient(TOKEN, { userId: 71, chatId: -5201, firstName: "Chị Hoa", type: "group" });
    const client = server.getClient(TOKEN, {
      userId: 71,
      chatId: -1005201,
      firstName: "Chị Hoa",
      type: "supergroup",
      chatTitle: "CĐ Bình Lư",
    });
    await old.sendMessage(old.makeMessage(undefined as unknown as string, { migrate_to_chat_id: -1005201 }));
    await client.sendMessage(client.makeMessage(undefined as unknown as string, { new_chat_title: "CĐ Bình Lư mới" }));
    const moved = () =>
      app.db.chat.findFirst({ where: { platformChatId: "-1005201", title: "CĐ Bình Lư mới", unitId: unit.id } });
    await until(moved, "the link and the title at the new id");
    await client.sendCommand(
      client.makeCommand("/donvi", { message_thread_id: 7, is_topic_message: true, chat: { is_forum: true } }),
    );
    const [answer] = await botMessages(client);
    expect(answer?.text).toContain("CĐCS Ủy ban nhân dân xã Bình Lư");
    expect((answer as { message_thread_id?: number } | undefined)?.message_thread_id).toBe(7);
  });
});
