/**
 * The Telegram adapter (grammY): updates → inbox → core → replies. Long polling with @grammyjs/runner or a webhook
 * whose secret-token header is checked; command menus per language and chat type. Every update is stored in the inbox
 * before Telegram learns it arrived, and marked handled once its replies went out; `replayInbox` handles what a crash
 * left behind. Replies take their slot from the account's shared pacer (the outbox uses the same one), first in line,
 * retried on transient faults; a person whose reply finally fails is told so.
 */
import http from "node:http";
import { autoRetry } from "@grammyjs/auto-retry";
import { type RunnerHandle, run, sequentialize } from "@grammyjs/runner";
import { Api, Bot, type Context } from "grammy";
import type { BotCommand, Update } from "grammy/types";
import type { BotCore } from "../../bot/core.js";
import type { ChatLock } from "../../db/chat-lock.js";
import type { UpdateInbox } from "../../db/inbox-store.js";
import type { I18n, Language } from "../../i18n.js";
import type { Logger } from "../../logger.js";
import { PacedSender } from "../../scheduler/paced-sender.js";
import { SharedPacer } from "../../scheduler/pacer.js";
import { type Outgoing, recordedJson, sendFollowingMove } from "../port.js";
import { applyChatChange, type ChatChanges, chatChangeOf } from "./chat-events.js";
import { ChatReplies, inboxRow, inOrder, keepInInbox, type RecordedReplies, unwrapNotStored } from "./delivery.js";
import { toEvent } from "./events.js";
import { HandlingSlots } from "./handling-slots.js";
import { type LoadStoredFile, TELEGRAM_CAPABILITIES, TelegramSender } from "./sender.js";
import { malformedAt } from "./update-shape.js";
import { UpdateNotStored, webhookHandler } from "./webhook.js";

export interface TelegramOptions {
  token: string;
  apiRoot: string;
  core: BotCore;
  /** Where a group's changes go (removed, added back, renamed, upgraded to a supergroup): services/chats.ts. */
  chats: ChatChanges;
  i18n: I18n;
  /** The language of what the bot says to a whole group (DEFAULT_LANGUAGE); Vietnamese unless set. */
  language?: Language;
  logger: Logger;
  loadStoredFile: LoadStoredFile;
  /** Tests hand in their own fetch (grammY's client.fetch). */
  fetch?: typeof fetch;
  /**
   * Pause after an empty getUpdates, so a Bot API server that ignores the long-poll timeout cannot make polling spin.
   */
  idlePollDelayMs?: number;
  /** The account's shared pacer (main.ts); without one, replies are not paced (tests, the throughput bench). */
  pacer?: SharedPacer;
  /** Time limit of one send. */
  sendTimeoutMs?: number;
  /** Where updates are kept until handled; without one, an update in flight at a crash is lost. */
  inbox?: UpdateInbox;
  /**
   * Keeps a chat's updates one at a time across processes (PostgreSQL: db/chat-lock.ts); within this process
   * grammY's sequentialize already does.
   */
  chatLock?: ChatLock;
  /**
   * Updates handled at once by this process: while none arrive (default 16), and while the webhook keeps storing them
   * (default 1; handling-slots.ts).
   */
  handlingAtOnce?: { idle: number; whileArriving: number };
  /**
   * Test only (TEST_PAUSE_AFTER_COMMIT_MS): a pause after the core handled a button press, its writes in, before the
   * adapter records and sends its replies, so a spec can kill the process there (typed messages and replayed updates
   * do not pause).
   */
  pauseAfterHandleMs?: number;
}

export interface TelegramAdapter {
  bot: Bot;
  /** Interactive replies (with auto-retry). */
  sender: TelegramSender;
  /** For the outbox: no auto-retry, so a 429 comes back at once with its retry_after. */
  outboxSender: TelegramSender;
  /** The account's sender behind its shared pacer: interactive replies and the outbox both use it. */
  paced: PacedSender;
  init(): Promise<void>;
  /** Handles the updates a crash left stored but unhandled, oldest first; returns how many. */
  replayInbox(): Promise<number>;
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
  const unpaced = () =>
    new SharedPacer({ perSecond: Number.MAX_SAFE_INTEGER, perChatPerMinute: Number.MAX_SAFE_INTEGER });
  const paced = new PacedSender(outboxSender, o.pacer ?? unpaced(), { timeoutMs: o.sendTimeoutMs, logger: o.logger });
  /** Updates the webhook stored (and took) already: their handling, in the background, does not take them again. */
  const admitted = new Set<number>();
  /** Updates `replayInbox` is handling again now. */
  const replaying = new Set<number>();
  if (o.inbox) keepInInbox(bot, o.inbox, o.logger, admitted);
  // An update of the wrong shape goes no further (and, kept in the inbox, is marked handled): logged once, no reply.
  bot.use((ctx, next) => {
    const problem = malformedAt(ctx.update);
    if (!problem) return next();
    o.logger.warn({ platform: "telegram", updateId: ctx.update.update_id, problem }, "a malformed update was skipped");
  });
  // An update is through once its replies went out: they are sent after the chat's lock is released (below).
  const replies = new ChatReplies(o.logger);
  bot.use(async (ctx, next) => {
    await next();
    await replies.of(ctx);
  });

  /** The chat's records follow a group upgraded to a supergroup, and the reply goes to its new id. */
  const chatMoved = (from: string, to: string) => o.chats.migrate("telegram", from, to);
  const reply = async (out: Outgoing, languageCode?: string): Promise<void> => {
    try {
      await sendFollowingMove(out, (one) => paced.send(one), chatMoved);
    } catch (err) {
      const failure = (err as { failure?: string }).failure;
      o.logger.warn({ chat: out.chatId, kind: failure, err }, "a reply could not be sent");
      // A private chat the person never opened: the group hears how to open it (the reply's own fallback).
      if (failure === "blocked") return out.ifRefused ? reply(out.ifRefused, languageCode) : undefined;
      const lang = languageCode?.startsWith("en") ? "en" : "vi";
      const text = o.i18n.t(lang, "reply-failed", { kind: out.reply.kind });
      // The failure is logged above; the apology failing in the same chat says nothing more.
      await paced.send({ chatId: out.chatId, reply: { kind: "text", text } }).catch(() => undefined);
    }
  };

  const chatOf = (ctx: Context) => ctx.chat?.id.toString() ?? ctx.from?.id.toString();
  // A migration's service messages arrive in the old chat and in the new one: each waits for both chats' updates.
  const movedOf = (ctx: Context) => ctx.message?.migrate_to_chat_id ?? ctx.message?.migrate_from_chat_id;
  // An update taken over from a dead process does not queue here: a later update of its chat may already hold the
  // chat's turn in this process, waiting (inOrder) for this very one to be handled, and would wait out its minute. It
  // is still one at a time: later updates wait for it in inOrder, the chat's lock keeps out the others, and the replay
  // handles its updates one after another, oldest first.
  bot.use(
    sequentialize((ctx) => {
      if (replaying.has(ctx.update.update_id)) return undefined;
      const chat = chatOf(ctx);
      const other = movedOf(ctx);
      return chat && other !== undefined ? [chat, String(other)] : chat;
    }),
  );
  const lock = o.chatLock;
  const inbox = o.inbox;
  if (lock && inbox?.earlierPending)
    bot.use(async (ctx, next) => {
      const chat = ctx.chat?.id.toString();
      if (chat) await inOrder(inbox, String(ctx.update.update_id), chat, o.logger);
      return next();
    });
  // After the chat's turn came (a wait for another process holds no slot), before its lock.
  const slots = new HandlingSlots({
    size: o.handlingAtOnce?.idle ?? 16,
    whileArriving: o.handlingAtOnce?.whileArriving ?? 1,
  });
  bot.use((_ctx, next) => slots.run(next));
  // Once the core handled an update and the chat's lock is free again (the next update of the chat may be handled
  // meanwhile; its replies queue behind these), still in the update's handling slot (on SQLite these writes share the
  // one thread and writer with the webhook): the button's spinner stopped, the replies recorded, then queued in order
  // behind the chat's earlier replies, to wait for their send slots.
  const answered = new WeakMap<Context, { outs: Outgoing[]; lang: string | undefined; stepReplies?: string }>();
  bot.use(async (ctx, next) => {
    await next();
    const done = answered.get(ctx);
    if (!done) return;
    if (o.pauseAfterHandleMs && ctx.callbackQuery && !replaying.has(ctx.update.update_id)) {
      o.logger.info({ updateId: ctx.update.update_id }, "paused after the core's writes (test)");
      await new Promise((r) => setTimeout(r, o.pauseAfterHandleMs));
    }
    if (ctx.callbackQuery)
      await ctx.answerCallbackQuery().catch((err) => o.logger.warn({ err }, "answerCallbackQuery failed"));
    await recordReplies(String(ctx.update.update_id), done);
    replies.queue(ctx, chatOf(ctx) ?? "", async () => {
      for (const out of done.outs) await reply(out, done.lang);
    });
  });
  if (lock)
    bot.use((ctx, next) => {
      const chat = chatOf(ctx);
      return chat ? lock.run("telegram", chat, next) : next();
    });
  bot.use(async (ctx, next) => {
    const change = chatChangeOf(ctx.update);
    if (!change) return next();
    const back = await applyChatChange(o.chats, change);
    if (back) {
      const text = o.i18n.t(o.language ?? "vi", "chat-returned", { unit: back.unit });
      await reply({ chatId: back.chatId, reply: { kind: "text", text } });
    }
  });
  bot.on(["message", "callback_query"], async (ctx) => {
    const event = toEvent(ctx.update, { id: ctx.me.id, username: ctx.me.username });
    if (!event) return;
    let stepReplies: string | undefined;
    const outs = await o.core.handle(event, {
      capabilities: TELEGRAM_CAPABILITIES,
      botUsername: ctx.me.username,
      download: (ref, maxBytes) => sender.downloadFile(ref, maxBytes),
      deduplicated: !!o.inbox,
      stepRecorded: (replies) => {
        stepReplies = replies;
      },
    });
    answered.set(ctx, { outs, lang: event.sender.languageCode, stepReplies });
  });
  bot.catch((err) => o.logger.error({ err: err.error, updateId: err.ctx.update.update_id }, "telegram update failed"));

  let runner: RunnerHandle | undefined;
  let server: http.Server | undefined;

  /**
   * Writes an update's replies to its inbox row before they are sent (not files made in memory: those are redone),
   * unless a conversation step already wrote these very replies with its state.
   */
  const recordReplies = async (
    updateId: string,
    { outs, lang, stepReplies }: { outs: Outgoing[]; lang: string | undefined; stepReplies?: string },
  ): Promise<void> => {
    if (!o.inbox || !outs.length) return;
    const json = recordedJson(lang, outs);
    if (json === undefined || json === stepReplies) return;
    await o.inbox
      .recordReplies("telegram", updateId, json)
      .catch((err: unknown) => o.logger.warn({ updateId, err }, "an update's replies were not recorded"));
  };

  /**
   * A webhook update: once it is stored, the webhook may answer (Telegram sends the next); it is handled in the
   * background, in order per chat (sequentialize, the chat lock), and marked handled when its replies went out. A crash
   * meanwhile leaves it in the inbox for a restart or another process. Without an inbox, it is handled first.
   */
  const admit = async (update: Update): Promise<void> => {
    const inbox = o.inbox;
    if (!inbox) return bot.handleUpdate(update).catch(unwrapNotStored);
    const row = inboxRow(update);
    slots.arrived();
    const mine = await inbox.take("telegram", row).catch((err: unknown) => {
      throw new UpdateNotStored(err);
    });
    if (!mine) return;
    admitted.add(update.update_id);
    void bot.handleUpdate(update).catch((err: unknown) => {
      admitted.delete(update.update_id);
      o.logger.error(
        { err: (err as { error?: unknown }).error ?? err, updateId: update.update_id },
        "telegram update failed",
      );
    });
  };

  return {
    bot,
    sender,
    outboxSender,
    paced,
    init: () => bot.init(),
    async replayInbox() {
      if (!o.inbox) return 0;
      const left = await o.inbox.leftover("telegram");
      for (const u of left) {
        const update = JSON.parse(u.payload) as Update;
        const recorded = u.replies ? (JSON.parse(u.replies) as RecordedReplies) : undefined;
        if (recorded) {
          // Handled before the stop, its writes are in (recorded with them): its replies go out now, even late, and it
          // is not handled again. The member hears what was done ("Cảm ơn bạn!" for a stored opinion).
          for (const out of recorded.outs) await reply(out, recorded.lang);
          await o.inbox.markHandled("telegram", u.updateId);
          o.logger.info({ updateId: u.updateId }, "sent the replies of an update handled before a stop");
          continue;
        }
        const chat = update.message?.chat.id ?? update.callback_query?.message?.chat.id;
        if (chat !== undefined && (await o.inbox.overtaken("telegram", u.updateId, String(chat)))) {
          // The member went on meanwhile: answered now, it would reopen or repeat a step they have left behind.
          o.logger.info({ updateId: u.updateId }, "a replayed update no longer fits its chat's conversation; dropped");
          await o.inbox.markHandled("telegram", u.updateId);
          continue;
        }
        replaying.add(update.update_id);
        await bot
          .handleUpdate(update)
          .catch((err: unknown) => o.logger.error({ err }, "a replayed update failed"))
          .finally(() => replaying.delete(update.update_id));
      }
      if (left.length) o.logger.info({ updates: left.length }, "handled the updates a stop left unhandled");
      return left.length;
    },
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
      // Silent: a getUpdates whose batch could not be stored is logged by the inbox step, and asked for again.
      runner = run(bot, {
        runner: { silent: true, fetch: { allowed_updates: ["message", "callback_query", "my_chat_member"] } },
      });
      return runner;
    },
    async startWebhook({ url, secret, host, port }) {
      server = http.createServer(
        webhookHandler({
          secret,
          path: new URL(url).pathname,
          logger: o.logger,
          handle: (update) => admit(update as unknown as Update),
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
