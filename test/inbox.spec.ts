import type { Update } from "grammy/types";
import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { databaseFile, databaseUrlOf, engineOf } from "../src/db/client.js";
import { PostgresInboxStore, STALE_MS } from "../src/db/inbox-pg.js";
import { InboxStore } from "../src/db/inbox-sqlite.js";
import type { UpdateInbox } from "../src/db/inbox-store.js";
import { createTelegramAdapter } from "../src/platforms/telegram/adapter.js";
import { giveRole, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { recordingFetch, TOKEN } from "./helpers/telegram.js";

afterAll(closeAll);

const command = (id: number, from: number, text: string): Update => ({
  update_id: id,
  message: {
    message_id: id,
    date: 0,
    chat: { id: from, type: "private", first_name: "Thu" },
    from: { id: from, is_bot: false, first_name: "Thu" },
    text,
    entities: [{ type: "bot_command", offset: 0, length: text.length }],
  },
});
const start = (id: number, from = 77): Update => command(id, from, "/start");

/** A process's inbox on the app's database, reading the app's fake clock (PostgreSQL's takes over stale rows). */
function inboxOf(app: App): UpdateInbox {
  return engineOf(app.db) === "postgresql"
    ? new PostgresInboxStore(databaseUrlOf(app.db), () => app.clock.now())
    : new InboxStore(databaseFile(app.db)!);
}

/**
 * The time a restarted process waits before handling what is left: none on SQLite (one process per file); on
 * PostgreSQL the left rows may be another live process's, so only stale ones are taken over.
 */
function restartWait(app: App & { clock: { advance(ms: number): void } }): void {
  if (engineOf(app.db) === "postgresql") app.clock.advance(STALE_MS + 1000);
}

const unhandled = (app: App) => app.db.inboxUpdate.count({ where: { platform: "telegram", handledAt: null } });

/** A bot process: its own inbox connection and a faked Bot API that hands over `pending` at the next getUpdates. */
function process(app: App, pending: Update[] = [], inbox = inboxOf(app)) {
  const api = recordingFetch((method) => (method === "getUpdates" ? pending.splice(0) : true));
  const adapter = createTelegramAdapter({
    token: TOKEN,
    apiRoot: "http://127.0.0.1:1",
    core: app.core,
    chats: app.services.chats,
    i18n: app.i18n,
    logger: app.logger,
    fetch: api.fetch,
    loadStoredFile: async () => new Uint8Array(),
    inbox,
  });
  const sent = () => api.calls.filter((c) => c.method === "sendMessage");
  return { adapter, sent };
}

describe("the Telegram inbox", () => {
  it("keeps an update handed over just before a crash, and handles it once after the restart", async () => {
    const app = await testApp();
    const first = process(app, [start(41)]);
    await first.adapter.init();
    // getUpdates answered: from now on the next poll's offset would confirm update 41 to Telegram. The process dies
    // before handling it.
    expect(await first.adapter.bot.api.getUpdates({ offset: 0 })).toHaveLength(1);
    expect(first.sent()).toHaveLength(0);

    const second = process(app);
    await second.adapter.init();
    restartWait(app);
    expect(await second.adapter.replayInbox()).toBe(1);
    expect(second.sent()).toHaveLength(1);
    expect(await second.adapter.replayInbox()).toBe(0);
    // Telegram delivering it once more (its confirmation was lost too) changes nothing.
    await second.adapter.bot.handleUpdate(start(41));
    expect(second.sent()).toHaveLength(1);
  });

  it("handles again in full an update whose handling a crash cut short after the core had recorded it", async () => {
    const app = await testApp();
    const first = process(app);
    await first.adapter.init();
    await inboxOf(app).store("telegram", [{ updateId: "42", payload: JSON.stringify(start(42, 78)) }]);
    // The core's de-duplication saw update 42, then the process died before any reply went out.
    await app.deps.hot.markUpdate("telegram", "42", new Date().toISOString());

    const second = process(app);
    await second.adapter.init();
    restartWait(app);
    expect(await second.adapter.replayInbox()).toBe(1);
    expect(second.sent().map((c) => (c.payload as { chat_id: number }).chat_id)).toEqual(["78"]);
    expect(await unhandled(app)).toBe(0);
  });

  it("records an update as handled once its reply went out", async () => {
    const app = await testApp();
    const { adapter, sent } = process(app);
    await adapter.init();
    await adapter.bot.handleUpdate(start(43, 79));
    expect(sent()).toHaveLength(1);
    expect(await app.db.inboxUpdate.count({ where: { updateId: "43", handledAt: { not: null } } })).toBe(1);
  });

  it("writes a conversation step's replies once, with its state (also a wrong answer's); a command's after the core", async () => {
    const app = await testApp();
    const inbox = inboxOf(app);
    const writtenAfter: string[] = [];
    const record = inbox.recordReplies.bind(inbox);
    inbox.recordReplies = async (platform, updateId, replies) => {
      writtenAfter.push(updateId);
      return record(platform, updateId, replies);
    };
    const { adapter, sent } = process(app, [], inbox);
    await adapter.init();
    await adapter.bot.handleUpdate(start(61, 81));
    await adapter.bot.handleUpdate(command(62, 81, "/ngonngu"));
    const wrong = command(63, 81, "Klingon");
    if ("message" in wrong && wrong.message) delete wrong.message.entities;
    await adapter.bot.handleUpdate(wrong);
    expect(sent()).toHaveLength(4);
    expect(writtenAfter).toEqual(["61"]);
    for (const updateId of ["62", "63"]) {
      const step = await app.db.inboxUpdate.findFirstOrThrow({ where: { updateId } });
      expect(step.replies).toContain("Chọn ngôn ngữ");
    }
  });

  it("handles once an update Telegram delivers twice at the same time, and is its only record of it", async () => {
    const app = await testApp();
    const { adapter, sent } = process(app);
    await adapter.init();
    await Promise.all([adapter.bot.handleUpdate(start(44, 80)), adapter.bot.handleUpdate(start(44, 80))]);
    expect(sent()).toHaveLength(1);
    // The core's own de-duplication row is not written for Telegram: the inbox's row does that job.
    expect(await app.db.processedUpdate.count({ where: { platform: "telegram" } })).toBe(0);
  });

  it("drops with a log line, unanswered, a replayed update its chat has moved past (a later one was handled)", async () => {
    const app = await testApp();
    const infos: string[] = [];
    const logger = Object.create(app.logger) as typeof app.logger;
    logger.info = ((...args: unknown[]) => void infos.push(String(args.at(-1)))) as typeof logger.info;
    const first = process(Object.assign(Object.create(app), { logger }));
    await first.adapter.init();
    // Update 45 was in flight at a crash; the member went on, and update 46 was handled by another process.
    await inboxOf(app).store("telegram", [{ updateId: "45", payload: JSON.stringify(start(45, 81)) }]);
    await first.adapter.bot.handleUpdate(start(46, 81));
    // Another member's leftover still fits: it is answered.
    await inboxOf(app).store("telegram", [{ updateId: "47", payload: JSON.stringify(start(47, 82)) }]);
    expect(first.sent()).toHaveLength(1);

    restartWait(app);
    expect(await first.adapter.replayInbox()).toBe(2);
    expect(first.sent().map((c) => String((c.payload as { chat_id: unknown }).chat_id))).toEqual(["81", "82"]);
    expect(infos).toContain("a replayed update no longer fits its chat's conversation; dropped");
    expect(await unhandled(app)).toBe(0);
  });

  it("sends the recorded replies of a replayed update even when its chat has moved past it", async () => {
    const app = await testApp();
    const first = process(app);
    await first.adapter.init();
    // Update 51's step committed with its replies (a "Gửi": the opinion stored); the member went on with update 52.
    const inbox = inboxOf(app);
    await inbox.store("telegram", [{ updateId: "51", payload: JSON.stringify(start(51, 84)), chatId: "84" }]);
    const outs = [{ chatId: "84", reply: { kind: "text", text: "Cảm ơn bạn!" } }];
    await inbox.recordReplies("telegram", "51", JSON.stringify({ lang: "vi", outs }));
    await first.adapter.bot.handleUpdate(start(52, 84));

    restartWait(app);
    expect(await first.adapter.replayInbox()).toBe(1);
    expect(first.sent().map((c) => (c.payload as { text: string }).text)).toContain("Cảm ơn bạn!");
    expect(await unhandled(app)).toBe(0);
  });

  it("sends after a restart the replies of an update whose writes were in when the process died sending them", async () => {
    const app = await testApp();
    const press = (id: number): Update => ({
      update_id: id,
      callback_query: {
        id: String(id),
        chat_instance: "i",
        from: { id: 83, is_bot: false, first_name: "Thu", language_code: "vi" },
        data: "lg|choose|en",
        message: { message_id: 1, date: 0, chat: { id: 83, type: "private", first_name: "Thu" } },
      },
    });
    // The first process handles the press (the member's language is written) and dies while its reply is being sent.
    const attempted: string[] = [];
    let dies = false;
    const inbox = inboxOf(app);
    const dying = createTelegramAdapter({
      token: TOKEN,
      apiRoot: "http://127.0.0.1:1",
      core: app.core,
      chats: app.services.chats,
      i18n: app.i18n,
      logger: app.logger,
      fetch: (async (input: string, init?: RequestInit) =>
        dies && String(input).endsWith("/sendMessage")
          ? new Promise(() => attempted.push(String(init?.body)))
          : recordingFetch().fetch(input, init)) as unknown as typeof fetch,
      loadStoredFile: async () => new Uint8Array(),
      inbox,
    });
    await dying.init();
    await giveRole(app, "83", "Thu", "member", "LC-TD-01");
    const ask = start(49, 83);
    ask.message!.text = "/ngonngu";
    ask.message!.entities = [{ type: "bot_command", offset: 0, length: 8 }];
    await dying.bot.handleUpdate(ask);
    dies = true;
    void dying.bot.handleUpdate(press(50));
    const person = () => app.db.person.findFirst({ where: { identities: { some: { platformUserId: "83" } } } });
    await until(async () => (await person())?.language === "en" && attempted.length > 0);
    await inbox.close();

    const second = process(app);
    await second.adapter.init();
    restartWait(app);
    expect(await second.adapter.replayInbox()).toBe(1);
    const texts = second.sent().map((c) => (c.payload as { text: string }).text);
    expect(texts).toEqual([app.i18n.t("en", "language-set")]);
    expect(await unhandled(app)).toBe(0);
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}
