/**
 * The Zalo adapter (zca-js): listener messages → core → paced replies. zca-js's socket drops (close code 1006) and is
 * not always retried, so a watchdog reconnects with backoff (1, 2, 4, 8 s); a "duplicate connection" close (another
 * Zalo Web session opened) is reported clearly and not fought.
 */
import { ThreadType, type Message, type TMessage } from "zca-js";
import type { BotCore } from "../../bot/core.js";
import type { Db } from "../../db/client.js";
import type { I18n, Language } from "../../i18n.js";
import type { Logger } from "../../logger.js";
import type { Outgoing } from "../port.js";
import { toEvent } from "./events.js";
import { ZALO_CAPABILITIES, ZaloSender, type ZaloApi } from "./sender.js";

export interface ZaloAdapterOptions {
  api: ZaloApi;
  core: BotCore;
  db: Db;
  i18n: I18n;
  language: Language;
  logger: Logger;
  sendIntervalMs: number;
  loadStoredFile: (id: number) => Promise<Uint8Array>;
  reconnect?: { baseMs: number; maxMs: number };
  fetchFile?: typeof fetch;
  /**
   * Sends one reply through the account's shared pacer (main.ts: a PacedSender over this adapter's sender, the
   * same the outbox uses); when given, it paces replies and this adapter's own pause between sends is skipped.
   */
  send?: (out: Outgoing) => Promise<unknown>;
}

export type ZaloState = "stopped" | "listening" | "reconnecting" | "duplicate-session";

export interface ZaloAdapter {
  sender: ZaloSender;
  start(): void;
  stop(): Promise<void>;
  state(): ZaloState;
  /** Resolves when every queued reply has been sent (tests). */
  idle(): Promise<void>;
}

/** Close codes from zca-js's CloseReason: another session took over, or the account was kicked. */
const DUPLICATE_CONNECTION = 3000;
const KICK_CONNECTION = 3003;

export function createZaloAdapter(o: ZaloAdapterOptions): ZaloAdapter {
  const ownId = o.api.getOwnId();
  const recent = new Map<string, TMessage>();
  const types = new Map<string, ThreadType>();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const sender = new ZaloSender({
    api: o.api,
    threadType: async (chatId) => {
      const known = types.get(chatId);
      if (known !== undefined) return known;
      const chat = await o.db.chat.findUnique({
        where: { platform_platformChatId: { platform: "zalo", platformChatId: chatId } },
      });
      return chat?.kind === "group" ? ThreadType.Group : ThreadType.User;
    },
    loadStoredFile: o.loadStoredFile,
    answerHint: (count) =>
      o.i18n.t(o.language, "zalo-answer-hint", {
        list: Array.from({ length: count }, (_, i) => String(i + 1)).join(", "),
      }),
    recent: (id) => recent.get(id),
    fetchFile: o.fetchFile,
  });
  let queue: Promise<unknown> = Promise.resolve();
  const paced = (fn: () => Promise<unknown>) => {
    queue = queue
      .then(fn)
      .catch((err) =>
        o.logger.warn({ failure: String((err as Error)?.message ?? err) }, "a Zalo reply could not be sent"),
      )
      .then(() => (o.send ? undefined : sleep(o.sendIntervalMs)));
    return queue;
  };

  let state: ZaloState = "stopped";
  let attempts = 0;
  let timer: NodeJS.Timeout | undefined;
  const { baseMs, maxMs } = o.reconnect ?? { baseMs: 1000, maxMs: 8000 };

  const onMessage = async (message: Message) => {
    types.set(message.threadId, message.type);
    recent.set(String(message.data.msgId), message.data);
    if (recent.size > 500) recent.delete(recent.keys().next().value!);
    const event = toEvent(message, ownId);
    if (!event) return;
    try {
      const replies = await o.core.handle(event, {
        capabilities: ZALO_CAPABILITIES,
        download: (ref) => sender.downloadFile(ref),
      });
      for (const r of replies) void paced(() => (o.send ? o.send(r) : sender.send(r)));
    } catch (err) {
      o.logger.error({ err }, "handling a Zalo message failed");
    }
  };

  const reconnect = () => {
    if (state === "stopped" || state === "duplicate-session") return;
    state = "reconnecting";
    const delay = Math.min(maxMs, baseMs * 2 ** attempts);
    attempts++;
    timer = setTimeout(() => {
      try {
        o.api.listener.start({ retryOnClose: true });
      } catch (err) {
        o.logger.warn({ failure: String((err as Error)?.message ?? err) }, "Zalo reconnect failed; trying again");
        reconnect();
      }
    }, delay);
    o.logger.warn({ inMs: delay, attempt: attempts }, "Zalo listener closed; reconnecting");
  };

  o.api.listener.on("message", (m) => void onMessage(m));
  o.api.listener.on("connected", () => {
    attempts = 0;
    if (state === "reconnecting") state = "listening";
  });
  o.api.listener.on("closed", (code: number) => {
    if (state === "stopped") return;
    if (code === DUPLICATE_CONNECTION || code === KICK_CONNECTION) {
      state = "duplicate-session";
      o.logger.error(
        { code },
        "Zalo closed this session because the account was opened in another Zalo Web session. The bot stops listening on Zalo instead of fighting it: close the other session, then restart the bot.",
      );
      return;
    }
    reconnect();
  });
  o.api.listener.on("error", (err: unknown) =>
    o.logger.warn({ failure: String((err as Error)?.message ?? err) }, "Zalo listener error"),
  );

  return {
    sender,
    start() {
      state = "listening";
      o.api.listener.start({ retryOnClose: true });
    },
    async stop() {
      state = "stopped";
      if (timer) clearTimeout(timer);
      o.api.listener.stop();
      await queue;
    },
    state: () => state,
    idle: async () => {
      for (let q = queue; ; q = queue) {
        await q;
        if (q === queue) return;
      }
    },
  };
}
