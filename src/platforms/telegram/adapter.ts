/**
 * The Telegram adapter (grammY): updates → core → replies. Long polling with @grammyjs/runner or a webhook whose
 * secret-token header is checked; auto-retry for interactive replies; command menus per language and chat type.
 */
import http from "node:http";
import { autoRetry } from "@grammyjs/auto-retry";
import { run, sequentialize, type RunnerHandle } from "@grammyjs/runner";
import { Api, Bot, type Context } from "grammy";
import type { BotCommand, Update } from "grammy/types";
import type { BotCore } from "../../bot/core.js";
import type { I18n } from "../../i18n.js";
import type { Logger } from "../../logger.js";
import { toEvent } from "./events.js";
import { webhookHandler } from "./webhook.js";
import { TELEGRAM_CAPABILITIES, TelegramSender, type LoadStoredFile } from "./sender.js";

export interface TelegramOptions {
  token: string;
  apiRoot: string;
  core: BotCore;
  i18n: I18n;
  logger: Logger;
  loadStoredFile: LoadStoredFile;
  /** Tests hand in their own fetch (grammY's client.fetch). */
  fetch?: typeof fetch;
  /**
   * Pause after an empty getUpdates, so a Bot API server that ignores the long-poll timeout cannot make polling spin.
   */
  idlePollDelayMs?: number;
}

export interface TelegramAdapter {
  bot: Bot;
  /** Interactive replies (with auto-retry). */
  sender: TelegramSender;
  /** For the outbox: no auto-retry, so a 429 comes back at once with its retry_after. */
  outboxSender: TelegramSender;
  init(): Promise<void>;
  registerCommandMenus(): Promise<void>;
  startPolling(): RunnerHandle;
  startWebhook(options: { url: string; secret: string; host: string; port: number }): Promise<http.Server>;
  stop(): Promise<void>;
}

export function createTelegramAdapter(o: TelegramOptions): TelegramAdapter {
  const client = { apiRoot: o.apiRoot, ...(o.fetch ? { fetch: o.fetch } : {}) };
  const bot = new Bot(o.token, { client });
  const idleDelay = o.idlePollDelayMs ?? 1000;
  bot.api.config.use(async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method === "getUpdates" && res.ok && Array.isArray(res.result) && res.result.length === 0) {
      await new Promise((r) => setTimeout(r, idleDelay));
    }
    return res;
  });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));
  const username = () => bot.botInfo?.username ?? "bot";
  const fileRoot = () => `${o.apiRoot}/file/bot${o.token}`;
  const sender = new TelegramSender(bot.api, username, o.loadStoredFile, fileRoot);
  const outboxSender = new TelegramSender(new Api(o.token, client), username, o.loadStoredFile, fileRoot);

  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()));
  bot.on(["message", "callback_query"], async (ctx) => {
    const event = toEvent(ctx.update, { id: ctx.me.id, username: ctx.me.username });
    if (!event) return;
    const replies = await o.core.handle(event, {
      capabilities: TELEGRAM_CAPABILITIES,
      botUsername: ctx.me.username,
      download: (ref) => sender.downloadFile(ref),
    });
    if (ctx.callbackQuery)
      await ctx.answerCallbackQuery().catch((err) => o.logger.warn({ err: String(err) }, "answerCallbackQuery failed"));
    for (const out of replies) {
      try {
        await sender.send(out);
      } catch (err) {
        o.logger.warn({ chat: out.chatId, failure: (err as Error).message }, "a reply could not be sent");
      }
    }
  });
  bot.catch((err) => o.logger.error({ err: err.error, updateId: err.ctx.update.update_id }, "telegram update failed"));

  let runner: RunnerHandle | undefined;
  let server: http.Server | undefined;

  return {
    bot,
    sender,
    outboxSender,
    init: () => bot.init(),
    async registerCommandMenus() {
      for (const lang of ["vi", "en"] as const) {
        for (const type of ["all_private_chats", "all_group_chats"] as const) {
          const kind = type === "all_private_chats" ? "private" : "group";
          const commands: BotCommand[] = o.core.commands.all
            .filter((c) => c.chats.includes(kind))
            .map((c) => ({
              command: lang === "vi" ? c.names[0] : (c.names[1] ?? c.names[0]),
              description: o.i18n.t(lang, c.description).slice(0, 256),
            }));
          await bot.api.setMyCommands(commands, { scope: { type }, ...(lang === "en" ? { language_code: "en" } : {}) });
        }
      }
    },
    startPolling() {
      runner = run(bot, { runner: { fetch: { allowed_updates: ["message", "callback_query", "my_chat_member"] } } });
      return runner;
    },
    async startWebhook({ url, secret, host, port }) {
      server = http.createServer(
        webhookHandler({
          secret,
          path: new URL(url).pathname,
          logger: o.logger,
          handle: (update) => bot.handleUpdate(update as unknown as Update),
        }),
      );
      await new Promise<void>((resolve) => server!.listen(port, host, resolve));
      await bot.api.setWebhook(url, {
        secret_token: secret,
        allowed_updates: ["message", "callback_query", "my_chat_member"],
      });
      return server;
    },
    async stop() {
      if (runner?.isRunning()) await runner.stop();
      if (server) await new Promise<void>((r) => server!.close(() => r()));
    },
  };
}
