import { spawnSync } from "node:child_process";
import os from "node:os";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { App } from "../src/app.js";
import type { FakeClock } from "../src/clock.js";
import { createTelegramAdapter } from "../src/platforms/telegram/adapter.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { realTime, SharedPacer } from "../src/scheduler/pacer.js";
import { choicesOf, giveRole, Talker, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { FakeSender } from "./helpers/fake-sender.js";
import { TOKEN } from "./helpers/telegram.js";

afterAll(closeAll);

async function queue(app: App, chats: string[], platform = "telegram") {
  await app.services.outbox.enqueue(
    chats.map((c) => ({
      key: `${platform}:${c}`,
      platform,
      platformChatId: c,
      kind: "notice" as const,
      reply: { kind: "text" as const, text: `tin cho ${c}` },
    })),
  );
}

const groups = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `-${from + i}`);

function workerFor(app: App & { clock: FakeClock }, sender: FakeSender, id?: string) {
  return new OutboxWorker({
    outbox: app.services.outbox,
    senders: { telegram: sender },
    pacing: { telegram: { perSecond: 10_000, perChatPerMinute: 20 } },
    clock: app.clock,
    logger: app.logger,
    workerId: id,
    time: { now: () => app.clock.now().getTime(), sleep: async (ms) => app.clock.advance(ms) },
  });
}

/** The id of a process that has run and exited on this host. */
function deadPid(): number {
  return spawnSync(process.execPath, ["-e", ""]).pid!;
}

describe("after a crash", () => {
  it("a restarted worker takes over at once the rows a dead process of this host had claimed", async () => {
    const app = await testApp({ units: false });
    await queue(app, groups(30));
    const dead = `${os.hostname()}/${deadPid()}/abcd1234`;
    expect(await app.services.outbox.claim(dead, app.clock.now(), 10)).toHaveLength(10);
    const sender = new FakeSender();
    const startedAt = app.clock.now().getTime();
    await workerFor(app, sender).drain();
    expect(new Set(sender.sent.map((o) => o.chatId)).size).toBe(30);
    expect(app.clock.now().getTime() - startedAt).toBeLessThan(5_000);
    expect(await app.services.outbox.counts()).toEqual({ sent: 30 });
  });

  it("rows of a worker elsewhere wait only for its short lease, which a live worker keeps renewing", async () => {
    const app = await testApp({ units: false });
    await queue(app, groups(6));
    const outbox = app.services.outbox;
    const held = await outbox.claim("other-host/1/alive", app.clock.now(), 3);
    expect(held).toHaveLength(3);
    expect(await outbox.claim("other-host/2/dies", app.clock.now(), 3)).toHaveLength(3);
    const sender = new FakeSender();
    await workerFor(app, sender).drain();
    expect(sender.sent).toHaveLength(0);
    for (let i = 0; i < 3; i++) {
      app.clock.advance(4_000);
      await outbox.renew(
        "other-host/1/alive",
        app.clock.now(),
        held.map((m) => m.id),
      );
    }
    // 12 s later: the lease (10 s) of the silent worker has lapsed, the renewed one has not.
    await workerFor(app, sender).drain();
    expect(sender.sent).toHaveLength(3);
    expect(await outbox.counts()).toEqual({ sent: 3, sending: 3 });
  });
});

describe("a stalled send", () => {
  it("holds up neither the other chats nor another platform, and is retried after its time limit", async () => {
    const app = await testApp({ units: false });
    await queue(app, groups(20));
    await queue(app, groups(5, 100), "zalo");
    const telegram = new FakeSender("telegram");
    const zalo = new FakeSender("zalo");
    telegram.stall.add("-1");
    zalo.stall.add("-100");
    const worker = new OutboxWorker({
      outbox: app.services.outbox,
      senders: { telegram, zalo },
      pacing: { telegram: { perSecond: 1000, perChatPerMinute: 20 }, zalo: { perSecond: 1000, perChatPerMinute: 20 } },
      clock: app.clock,
      logger: app.logger,
      sendTimeoutMs: 400,
    });
    worker.start(50);
    await vi.waitFor(
      async () => {
        expect(telegram.sent).toHaveLength(19);
        expect(zalo.sent).toHaveLength(4);
        const stalled = await app.db.outboxMessage.findMany({
          where: { platformChatId: { in: ["-1", "-100"] } },
          orderBy: { id: "asc" },
        });
        expect(stalled.map((m) => [m.status, m.lastError])).toEqual([
          ["pending", "telegram text timed out after 400 ms"],
          ["pending", "zalo text timed out after 400 ms"],
        ]);
      },
      { timeout: 10_000, interval: 100 },
    );
    await worker.stop();
  });
});

describe("the shared pacer of one account", () => {
  it("hands the next slot to an interactive reply before the broadcast sends already waiting", async () => {
    let now = 0;
    const pacer = new SharedPacer(
      { perSecond: 2, perChatPerMinute: 20 },
      { now: () => now, sleep: async (ms) => void (now += ms) },
    );
    const order: string[] = [];
    const waits = groups(6).map((c) => pacer.acquire(c, "bulk").then(() => order.push(c)));
    waits.push(pacer.acquire("77", "interactive").then(() => order.push("reply")));
    await Promise.all(waits);
    expect(order.indexOf("reply")).toBeLessThanOrEqual(2);
    expect(order.filter((o) => o !== "reply")).toEqual(groups(6));
  });

  it("keeps a private chat to one message a second and a group to 20 a minute", async () => {
    let now = 0;
    const pacer = new SharedPacer(
      { perSecond: 30, perChatPerMinute: 20, privateChatIntervalMs: 1000 },
      { now: () => now, sleep: async (ms) => void (now += ms) },
      (chat) => (chat.startsWith("-") ? "group" : "private"),
    );
    const at: Record<string, number[]> = { private: [], group: [] };
    for (let i = 0; i < 3; i++) await pacer.acquire("77", "interactive").then(() => at.private!.push(now));
    for (let i = 0; i < 21; i++) await pacer.acquire("-5", "interactive").then(() => at.group!.push(now));
    expect(at.private![2]! - at.private![0]!).toBeGreaterThanOrEqual(2000);
    expect(at.group![20]! - at.group![0]!).toBeGreaterThanOrEqual(60_000);
  });

  it("follows the private rule alone in a private chat: 60 replies in about a minute, not held to 20 a minute", async () => {
    let now = 0;
    const pacer = new SharedPacer(
      { perSecond: 30, perChatPerMinute: 20, privateChatIntervalMs: 1000 },
      { now: () => now, sleep: async (ms) => void (now += ms) },
      (chat) => (chat.startsWith("-") ? "group" : "private"),
    );
    const at: number[] = [];
    for (let i = 0; i < 60; i++) await pacer.acquire("77", "interactive").then(() => at.push(now));
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
    // One a second plus the margin for a request that reaches Telegram late; the 21st is not held to minute 2.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(1300);
    expect(at[59]! - at[0]!).toBeLessThan(80_000);
    // A group in the same account still gets 20 a minute.
    const group: number[] = [];
    for (let i = 0; i < 21; i++) await pacer.acquire("-5", "interactive").then(() => group.push(now));
    expect(group[20]! - group[0]!).toBeGreaterThanOrEqual(60_000);
  });

  it("does not hold a reply to one chat while another chat waits out its gap", async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const pacer = new SharedPacer(
        { perSecond: 30, perChatPerMinute: 20, privateChatIntervalMs: 1000 },
        realTime,
        (chat) => (chat.startsWith("-") ? "group" : "private"),
      );
      const at: Record<string, number> = {};
      const take = (chat: string, name: string) =>
        pacer.acquire(chat, "interactive").then(() => (at[name] = Date.now()));
      await take("77", "first to 77");
      const second = take("77", "second to 77");
      await vi.advanceTimersByTimeAsync(100);
      // 21 to one group: the last waits for the minute.
      const group = Array.from({ length: 21 }, (_, i) => take("-5", `group ${i}`));
      await vi.advanceTimersByTimeAsync(900);
      const other = take("78", "reply to 78");
      await vi.advanceTimersByTimeAsync(0);
      expect(at["reply to 78"]).toBe(1000);
      await vi.advanceTimersByTimeAsync(60_000);
      await Promise.all([second, other, ...group]);
      expect(at["second to 77"]).toBe(1200);
      expect(at["group 20"]! - at["group 0"]!).toBeGreaterThanOrEqual(60_000);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("failures people hear about", () => {
  it("staff are told when a plan file finally fails to reach a unit", async () => {
    const app = await testApp();
    const g = await app.db.unit.findFirstOrThrow({ where: { kind: "grassroots" } });
    await app.db.chat.create({ data: { platform: "telegram", platformChatId: "-9", kind: "group", unitId: g.id } });
    await giveRole(
      app,
      "1",
      "Cán bộ tỉnh",
      "staff",
      (await app.db.unit.findFirstOrThrow({ where: { depth: 0 } })).code,
    );
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    await staff.send("/thongbao");
    const targets = await staff.send("Kính gửi các đơn vị: họp giao ban ngày 05/7/2026.");
    const confirm = await staff.press(choicesOf(targets)[0]!.id);
    await staff.press(choicesOf(confirm)[0]!.id);
    const row = await app.db.outboxMessage.findFirstOrThrow({ where: { platformChatId: "-9" } });
    await app.services.announcements.deliveryFailed({ ...row, key: `${row.key}:file`, attempts: 10 }, "transient");
    const notice = await app.db.outboxMessage.findFirstOrThrow({ where: { kind: "notice", platformChatId: "1" } });
    expect(JSON.parse(notice.payload).text).toBe(
      `Tệp kế hoạch của thông báo số 1 không gửi được tới ${g.name} sau nhiều lần thử (nội dung tóm tắt vẫn được gửi riêng). Đề nghị gửi tệp cho đơn vị bằng cách khác.`,
    );
  });

  it("a person whose reply keeps failing is retried, then told", async () => {
    const app = await testApp();
    const texts: string[] = [];
    const fetchImpl = (async (input: string, init?: { body?: string }) => {
      const method = String(input).slice(String(input).lastIndexOf("/") + 1);
      const payload = init?.body ? JSON.parse(init.body) : {};
      const json = (status: number, body: unknown) =>
        new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
      if (method === "getMe")
        return json(200, { ok: true, result: { id: 42, is_bot: true, first_name: "U", username: "union_test_bot" } });
      if (method !== "sendMessage") return json(200, { ok: true, result: true });
      texts.push(payload.text);
      if (!String(payload.text).startsWith("Xin lỗi, bot chưa gửi được"))
        return json(500, { ok: false, description: "Internal Server Error" });
      return json(200, {
        ok: true,
        result: { message_id: 1, date: 0, chat: { id: payload.chat_id, type: "private" } },
      });
    }) as unknown as typeof fetch;
    let now = 0;
    const adapter = createTelegramAdapter({
      token: TOKEN,
      apiRoot: "http://127.0.0.1:1",
      core: app.core,
      chats: app.services.chats,
      i18n: app.i18n,
      logger: app.logger,
      fetch: fetchImpl,
      loadStoredFile: async () => new Uint8Array(),
      pacer: new SharedPacer(
        { perSecond: 30, perChatPerMinute: 20 },
        { now: () => now, sleep: async (ms) => void (now += ms) },
      ),
    });
    await adapter.init();
    await adapter.bot.handleUpdate({
      update_id: 1,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 77, type: "private", first_name: "Thu" },
        from: { id: 77, is_bot: false, first_name: "Thu" },
        text: "/start",
        entities: [{ type: "bot_command", offset: 0, length: 6 }],
      },
    });
    expect(texts).toHaveLength(5);
    expect(new Set(texts.slice(0, 4)).size).toBe(1);
    expect(texts[4]).toBe(
      "Xin lỗi, bot chưa gửi được tin trả lời cho bạn sau nhiều lần thử. Vui lòng thử lại sau ít phút.",
    );
  });
});
