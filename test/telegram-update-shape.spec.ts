/**
 * A Telegram update whose shape the bot cannot read (a `null` chat id, a number for text, a press without its sender)
 * is checked at the edge: logged once at warn with its update id, never answered, never an error; the webhook answers
 * 200 (Telegram would only send it again) and polling goes past it. Updates of the right shape around it are handled.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { openInbox } from "../src/db/client.js";
import { createLogger } from "../src/logger.js";
import { createTelegramAdapter } from "../src/platforms/telegram/adapter.js";
import { testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { adapterFor, freePort, recordingFetch, TOKEN } from "./helpers/telegram.js";

afterAll(closeAll);

const SECRET = "shape-secret-0123456789";
const user = { id: 77, is_bot: false, first_name: "Thu" };
const chat = { id: 77, type: "private" };
const MALFORMED: Record<string, unknown>[] = [
  { message: { message_id: 1, date: 0, chat: { id: null, type: "private" }, from: user, text: "/start" } },
  { message: { message_id: 2, date: 0, chat, from: user, text: 12345 } },
  { callback_query: { id: "3", chat_instance: "c", data: "ack|1" } },
  { message: { message_id: 4, date: 0, chat, from: null, text: "/trogiup" } },
  { message: { message_id: 5, date: 0, chat: { id: "77", type: "private" }, from: user, text: "/start" } },
  { callback_query: { id: "6", from: user, chat_instance: "c", data: 42 } },
  { message: { message_id: 7, date: 0, chat, from: user, text: "/start", entities: "bot_command" } },
  { edited_message: { message_id: 8, date: 0, chat: {}, from: user, text: "sửa" } },
  { my_chat_member: { chat: { id: -5, type: "group" }, from: user, new_chat_member: { status: 5 } } },
  { message: { message_id: 9, date: 0, chat, from: { ...user, id: 1.5 }, text: "/start" } },
  { message: { message_id: 10, date: 0, chat, from: user, document: { file_name: "a.pdf" } } },
  { message: "hello" },
];
const start = (id: number) => ({
  update_id: id,
  message: {
    message_id: id,
    date: 0,
    chat,
    from: user,
    text: "/start",
    entities: [{ type: "bot_command", offset: 0, length: 6 }],
  },
});

async function capturingApp() {
  const base = await testApp();
  const lines: { level: number; msg: string; updateId?: number; problem?: string }[] = [];
  const logger = createLogger({
    level: "debug",
    destination: { write: (l: string) => void lines.push(JSON.parse(l)) },
  });
  return { app: createApp({ config: base.config, db: base.db, logger, clock: base.clock }), lines };
}

describe("a Telegram update of the wrong shape", () => {
  it("through the webhook: 200, no reply, one warning naming its update id, and the next update answered", async () => {
    const { app, lines } = await capturingApp();
    const { fetch, calls } = recordingFetch();
    const adapter = adapterFor(app, "http://127.0.0.1:1", fetch);
    await adapter.init();
    const port = await freePort();
    await adapter.startWebhook({ url: "https://bot.example.org/hook", secret: SECRET, host: "127.0.0.1", port });
    const post = (body: unknown) =>
      globalThis
        .fetch(`http://127.0.0.1:${port}/hook`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
          body: JSON.stringify(body),
        })
        .then((r) => r.status);
    try {
      for (const [i, update] of MALFORMED.entries()) expect(await post({ update_id: 100 + i, ...update })).toBe(200);
      expect(calls.filter((c) => c.method.startsWith("send") || c.method === "answerCallbackQuery")).toEqual([]);
      expect(await post(start(300))).toBe(200);
    } finally {
      await adapter.stop();
    }
    expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(1);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    const warned = lines.filter((l) => l.msg === "a malformed update was skipped");
    expect(warned.map((l) => l.updateId)).toEqual(MALFORMED.map((_, i) => 100 + i));
    expect(warned.every((l) => l.level === 40 && !!l.problem)).toBe(true);
    expect(lines.filter((l) => l.level === 40)).toHaveLength(MALFORMED.length);
  }, 60_000);

  it("through polling: skipped and marked handled in the inbox, and polling goes on to the next update", async () => {
    const { app, lines } = await capturingApp();
    const batches = [MALFORMED.map((u, i) => ({ update_id: 100 + i, ...u })), [start(300)]];
    const { fetch, calls } = recordingFetch((method) => (method === "getUpdates" ? (batches.shift() ?? []) : true));
    const adapter = createTelegramAdapter({
      token: TOKEN,
      apiRoot: "http://127.0.0.1:1",
      core: app.core,
      chats: app.services.chats,
      i18n: app.i18n,
      logger: app.logger,
      fetch,
      idlePollDelayMs: 30,
      inbox: openInbox(app.db),
      loadStoredFile: async () => new Uint8Array(),
    });
    await adapter.init();
    adapter.startPolling();
    try {
      for (let i = 0; i < 400 && !calls.some((c) => c.method === "sendMessage"); i++)
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      await adapter.stop();
    }
    expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(1);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.filter((l) => l.msg === "a malformed update was skipped")).toHaveLength(MALFORMED.length);
    expect(await adapter.replayInbox()).toBe(0);
  }, 60_000);
});
