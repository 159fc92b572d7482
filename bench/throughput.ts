/**
 * Updates per second of a guided conversation handled in process (grammY handleUpdate, fake Bot API, SQLite file),
 * against a bare grammY echo bot on the same fake API in the same run. Target: ratio ≥ 0.25.
 */
import path from "node:path";
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { InboxStore } from "../src/db/inbox-sqlite.js";
import { silentLogger } from "../src/logger.js";
import { createTelegramAdapter } from "../src/platforms/telegram/adapter.js";
import { instantBotApi, report, tempDir, timed } from "./util.js";

const USERS = Number(process.env.BENCH_USERS ?? 400);
const TOKEN = "123:bench-token-abcdefghijklmnopqrstuvwxyz";

function message(updateId: number, userId: number, text: string): Update {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 0,
      chat: { id: userId, type: "private", first_name: "U" },
      from: { id: userId, is_bot: false, first_name: "U" },
      text,
      ...(text.startsWith("/") ? { entities: [{ type: "bot_command", offset: 0, length: text.length }] } : {}),
    },
  };
}

function callback(updateId: number, userId: number, data: string): Update {
  return {
    update_id: updateId,
    callback_query: {
      id: String(updateId),
      chat_instance: "x",
      from: { id: userId, is_bot: false, first_name: "U" },
      data,
      message: { message_id: 1, date: 0, chat: { id: userId, type: "private", first_name: "U" } } as any,
    },
  };
}

/**
 * Each user has met the bot before (/start, not timed); then /ngonngu → a wrong answer (re-asked) → presses English →
 * /ngonngu → types 1.
 */
function conversation(): { warmUp: Update[]; timed: Update[] } {
  const warmUp: Update[] = [];
  const timed: Update[] = [];
  let id = 1;
  for (let u = 0; u < USERS; u++) {
    const user = 10_000 + u;
    warmUp.push(message(id++, user, "/start"));
    timed.push(
      message(id++, user, "/ngonngu"),
      message(id++, user, "9"),
      callback(id++, user, "lg|choose|en"),
      message(id++, user, "/ngonngu"),
      message(id++, user, "1"),
    );
  }
  return { warmUp, timed };
}

export async function benchThroughput(): Promise<void> {
  const { warmUp, timed: updates } = conversation();
  const dir = tempDir("bench-throughput-");
  const config = loadConfig(
    { DATABASE_URL: `file:${path.join(dir, "bench.db")}`, PLAYGROUND: "off", LOG_LEVEL: "silent" },
    dir,
  );
  const db = await openDatabase(config.databaseUrl);
  const app = createApp({ config, db, logger: silentLogger });
  const adapter = createTelegramAdapter({
    token: TOKEN,
    apiRoot: "http://127.0.0.1:1",
    core: app.core,
    chats: app.services.chats,
    i18n: app.i18n,
    logger: silentLogger,
    loadStoredFile: async () => new Uint8Array(),
    fetch: instantBotApi(),
    // As in production: every update is kept in the inbox until handled.
    inbox: new InboxStore(path.join(dir, "bench.db")),
  });
  await adapter.init();

  const echo = new Bot(TOKEN, { client: { apiRoot: "http://127.0.0.1:1", fetch: instantBotApi() } });
  echo.on("message", (ctx) => ctx.reply(ctx.message.text ?? ""));
  echo.on("callback_query", (ctx) => ctx.answerCallbackQuery());
  await echo.init();

  for (const u of warmUp) {
    await echo.handleUpdate(u);
    await adapter.bot.handleUpdate(u);
  }
  const baseline = await timed(async () => {
    for (const u of updates) await echo.handleUpdate(u);
  });
  const ours = await timed(async () => {
    for (const u of updates) await adapter.bot.handleUpdate(u);
  });
  const languages = await db.person.count({ where: { language: "vi" } });
  await db.$disconnect();
  const baseRate = updates.length / (baseline.ms / 1000);
  const ourRate = updates.length / (ours.ms / 1000);
  const ratio = ourRate / baseRate;
  report(
    "throughput",
    {
      updates: updates.length,
      conversation_per_s: ourRate,
      echo_per_s: baseRate,
      ratio,
      finished_conversations: languages,
    },
    "ratio >= 0.25",
    ratio >= 0.25,
  );
}
