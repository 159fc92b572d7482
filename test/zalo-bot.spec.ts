/**
 * Zalo's Bot Platform as a fourth adapter, through its HTTP API (the fake of zalo-bot-api.ts): polling and webhook,
 * the inbox, groups only where getMe allows them, texts cut at 2,000 characters, the send interval.
 */
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import { loadConfig } from "../src/config.js";
import { silentLogger } from "../src/logger.js";
import { ZaloBotClient } from "../src/platforms/zalo-bot/client.js";
import { ZaloBotSender } from "../src/platforms/zalo-bot/sender.js";
import { testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { wellFormed } from "./helpers/text.js";
import { FakeZaloBotApi, until, WEBHOOK_SECRET, type ZaloBotRig, zaloBotRig } from "./helpers/zalo-bot.js";

const rigs: ZaloBotRig[] = [];
afterAll(async () => {
  for (const r of rigs) await r.close().catch(() => undefined);
  await closeAll();
});

async function setup(o: Parameters<typeof zaloBotRig>[1] = {}) {
  const app = await testApp();
  const rig = await zaloBotRig(app, o);
  rigs.push(rig);
  return { app, rig, api: rig.api };
}

const HOA = { id: "7001", name: "Chị Hoa" };

describe.each(["polling", "webhook"] as const)("Zalo Bot by %s", (mode) => {
  it("answers a private chat, as a platform of its own (its user ids are not zca-js's)", async () => {
    const { app, rig, api } = await setup({ mode });
    await rig.says(HOA, "/trogiup");
    expect(api.inChat(HOA.id).at(-1)!.text).toMatch(/^Các lệnh dành cho bạn/);
    const identity = await app.db.identity.findFirstOrThrow({ where: { platformUserId: HOA.id } });
    expect(identity.platform).toBe("zalo-bot");
    expect(mode === "webhook" ? api.deliveries : []).toEqual(mode === "webhook" ? [200] : []);
  });

  it("reads the sender's name from first_name, name or display_name", async () => {
    const { app, api, rig } = await setup({ mode });
    for (const [i, field] of (["first_name", "name", "display_name"] as const).entries()) {
      const who = { id: `71${i}`, name: `Người ${field}` };
      const id = await api.says(who, "/vaitro", { nameField: field });
      await rig.handled(who.id, id);
    }
    const people = await app.db.identity.findMany({ where: { platform: "zalo-bot" }, include: { person: true } });
    expect(people.map((p) => p.person.displayName).sort()).toEqual([
      "Người display_name",
      "Người first_name",
      "Người name",
    ]);
  });

  it("stores each update before handling it, and handles an update Zalo delivers twice once", async () => {
    const { app, api, rig } = await setup({ mode });
    const update = {
      event_name: "message.text.received",
      message: {
        message_id: "m-1",
        chat: { id: HOA.id, chat_type: "PRIVATE" },
        from: { id: HOA.id, display_name: HOA.name },
        date: Date.now(),
        text: "/trogiup",
      },
    };
    api.chats.set(HOA.id, "PRIVATE");
    await api.pushRaw(update);
    await rig.handled(HOA.id, "m-1");
    await api.pushRaw(update);
    await until(() => api.pending === 0);
    await rig.adapter.idle();
    expect(api.inChat(HOA.id)).toHaveLength(1);
    const row = await app.db.inboxUpdate.findUniqueOrThrow({
      where: { platform_updateId: { platform: "zalo-bot", updateId: `${HOA.id}:m-1` } },
    });
    expect(JSON.parse(row.payload)).toEqual(update);
  });
});

describe("Zalo Bot's inbox over a restart", () => {
  it("handles at start what a stop left stored but unhandled", async () => {
    const { app, api, rig } = await setup();
    await rig.close();
    const raw = {
      event_name: "message.text.received",
      message: {
        message_id: "left-1",
        chat: { id: HOA.id, chat_type: "PRIVATE" },
        from: { id: HOA.id },
        text: "/vaitro",
      },
    };
    const { openInbox } = await import("../src/db/client.js");
    await openInbox(app.db).store("zalo-bot", [{ updateId: `${HOA.id}:left-1`, payload: JSON.stringify(raw) }]);
    // Stored ten minutes ago by a process that stopped (on PostgreSQL only such a stale row is another's to take).
    await app.db.inboxUpdate.update({
      where: { platform_updateId: { platform: "zalo-bot", updateId: `${HOA.id}:left-1` } },
      data: { receivedAt: new Date(Date.now() - 600_000) },
    });
    const again = await new FakeZaloBotApi().start();
    again.chats.set(HOA.id, "PRIVATE");
    const rig2 = await zaloBotRig(app, { api: again });
    rigs.push(rig2);
    await rig2.handled(HOA.id, "left-1");
    expect(again.inChat(HOA.id)).toHaveLength(1);
    expect(api.sent).toHaveLength(0);
  });
});

describe("Zalo Bot in groups", () => {
  it("answers in a group when getMe says the bot may join groups", async () => {
    const { app, rig, api } = await setup();
    await rig.says(HOA, "/donvi", { group: "g-1" });
    expect(api.inChat("g-1")).toHaveLength(1);
    const chat = await app.db.chat.findFirstOrThrow({ where: { platform: "zalo-bot", platformChatId: "g-1" } });
    expect(chat.kind).toBe("group");
  });

  it("reads '@bot /donvi' as the command, and answers a bare mention with a short hint", async () => {
    const { rig, api } = await setup();
    await rig.says(HOA, "@bot.congdoan /donvi", { group: "g-3" });
    expect(api.inChat("g-3").at(-1)!.text).toMatch(/^Nhóm này chưa liên kết với đơn vị nào/);
    await rig.says(HOA, "chào cả nhà", { group: "g-3" });
    expect(api.inChat("g-3")).toHaveLength(1);
    await rig.says(HOA, "@bot.congdoan", { group: "g-3" });
    expect(api.inChat("g-3").at(-1)!.text).toBe("Gõ /trogiup để xem tôi giúp được gì.");
  });

  it("skips group messages when it may not join groups, and still answers private chats", async () => {
    const api = await new FakeZaloBotApi().start();
    api.canJoinGroups = false;
    const { rig } = await setup({ api });
    const id = await api.says(HOA, "/donvi", { group: "g-2" });
    await rig.says(HOA, "/trogiup");
    expect(api.inChat("g-2")).toHaveLength(0);
    expect(api.inChat(HOA.id)).toHaveLength(1);
    expect(id).toBeTruthy();
  });
});

describe("Zalo Bot's webhook", () => {
  it("answers 401 to a request without the secret or with another one, and goes on", async () => {
    const { rig, api } = await setup({ mode: "webhook" });
    expect(api.webhook).toEqual({ url: `${rig.base}/zalo-bot/webhook`, secret: WEBHOOK_SECRET });
    const update = { message: { message_id: "x", chat: { id: HOA.id }, from: { id: HOA.id }, text: "/trogiup" } };
    expect(await api.post(api.webhook!.url, update)).toBe(401);
    expect(await api.post(api.webhook!.url, update, "another-secret")).toBe(401);
    expect(await api.post(api.webhook!.url, "{not json", WEBHOOK_SECRET)).toBe(400);
    expect(api.sent).toHaveLength(0);
    await rig.says(HOA, "/trogiup");
    expect(api.inChat(HOA.id)).toHaveLength(1);
  });

  it("reads an update posted in getUpdates' {ok, result} envelope as well as a bare one", async () => {
    const { rig, api } = await setup({ mode: "webhook" });
    api.chats.set(HOA.id, "PRIVATE");
    const message = {
      message_id: "env-1",
      chat: { id: HOA.id, chat_type: "PRIVATE" },
      from: { id: HOA.id },
      text: "/trogiup",
    };
    const envelope = { ok: true, result: { event_name: "message.text.received", message } };
    expect(await api.post(api.webhook!.url, envelope, WEBHOOK_SECRET)).toBe(200);
    await rig.handled(HOA.id, "env-1");
    expect(api.inChat(HOA.id)).toHaveLength(1);
  });

  it("getUpdates is refused while a webhook is set; polling deletes the webhook first", async () => {
    const api = await new FakeZaloBotApi().start();
    api.webhook = { url: "http://127.0.0.1:9/hook", secret: "old-secret" };
    const refused = await fetch(`${api.url}/bot${api.token}/getUpdates`, { method: "POST", body: "{}" });
    expect(await refused.json()).toMatchObject({ ok: false, error_code: 409 });
    const { rig } = await setup({ api, mode: "polling" });
    expect(api.webhook).toBeUndefined();
    await rig.says(HOA, "/trogiup");
    expect(api.inChat(HOA.id)).toHaveLength(1);
  });
});

describe("Zalo Bot's texts", () => {
  it("cuts a text over 2,000 characters between graphemes (the API refuses more), never inside an emoji", async () => {
    const { rig, api } = await setup();
    api.chats.set(HOA.id, "PRIVATE");
    const text = `${"Công đoàn ".repeat(150)}\n${"👨‍👩‍👧‍👦".repeat(400)}`;
    await rig.adapter.sender.send({ chatId: HOA.id, reply: { kind: "text", text } });
    const parts = api.inChat(HOA.id).map((s) => s.text!);
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(2000);
      expect(wellFormed(p)).toBe(true);
    }
    expect(parts.join("").replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
  });

  it("keeps ZALO_BOT_SEND_INTERVAL_MS between the messages one reply becomes (on the fake clock)", async () => {
    const api = await new FakeZaloBotApi().start();
    rigs.push({ close: () => api.close() } as ZaloBotRig);
    api.chats.set(HOA.id, "PRIVATE");
    const clock = new FakeClock(new Date("2026-03-02T02:00:00Z"));
    const at: number[] = [];
    const client = new ZaloBotClient({
      token: api.token,
      apiRoot: api.url,
      logger: silentLogger,
      timeoutMs: 3000,
      fetch: (url, init) => {
        at.push(clock.now().getTime());
        return fetch(url, init);
      },
    });
    const app = await testApp();
    const sender = new ZaloBotSender({
      client,
      i18n: app.i18n,
      language: "vi",
      isGroup: async () => false,
      loadStoredFile: async () => new Uint8Array(),
      minIntervalMs: 1500,
      now: () => clock.now().getTime(),
      sleep: async (ms) => clock.advance(ms),
      timeoutMs: 3000,
    });
    await sender.send({ chatId: HOA.id, reply: { kind: "text", text: "a ".repeat(2500) } });
    expect(at).toHaveLength(3);
    expect(at.slice(1).map((t, i) => t - at[i]!)).toEqual([1500, 1500]);
  });
});

describe("Zalo Bot's settings", () => {
  const TOKEN = "1234567890:abcDEF_ghi-jkl";

  it("is on with ZALO_BOT_TOKEN, polling by default, with zca-js's send interval", () => {
    const c = loadConfig({ ZALO_BOT_TOKEN: TOKEN, ADMIN_IDS: "zalo-bot:7001,zalo:1" }, "/tmp");
    expect(c.zaloBot).toMatchObject({ enabled: true, mode: "polling", sendIntervalMs: 1500 });
    expect(c.zaloBot.apiRoot).toBe("https://bot-api.zaloplatforms.com");
    expect(c.adminIds).toEqual(["zalo-bot:7001", "zalo:1"]);
    expect(c.playground.enabled).toBe(false);
    expect(loadConfig({}, "/tmp").zaloBot.enabled).toBe(false);
  });

  it("webhook mode needs a secret and PUBLIC_URL, and posts to PUBLIC_URL/zalo-bot/webhook", () => {
    expect(() => loadConfig({ ZALO_BOT_TOKEN: TOKEN, ZALO_BOT_MODE: "webhook" }, "/tmp")).toThrow(
      /ZALO_BOT_WEBHOOK_SECRET: expected 8-256 characters[\s\S]*PUBLIC_URL: expected the address Zalo posts updates to/,
    );
    expect(() => loadConfig({ ZALO_BOT_TOKEN: "not a token" }, "/tmp")).toThrow(
      /Setting ZALO_BOT_TOKEN: expected the token/,
    );
    const c = loadConfig(
      {
        ZALO_BOT_TOKEN: TOKEN,
        ZALO_BOT_MODE: "webhook",
        ZALO_BOT_WEBHOOK_SECRET: "s3cret-s3cret",
        PUBLIC_URL: "https://bot.example.org/",
        ZALO_BOT_SEND_INTERVAL_MS: "2000",
      },
      "/tmp",
    );
    expect(c.zaloBot).toMatchObject({
      mode: "webhook",
      webhookUrl: "https://bot.example.org/zalo-bot/webhook",
      webhookSecret: "s3cret-s3cret",
      sendIntervalMs: 2000,
    });
  });
});
