/**
 * The Zalo adapter (zca-js): listener events → core → replies.
 * - Each thread's messages are handled in order (zca-js emits one frame's messages back to back), threads in parallel;
 *   replies go out through one queue per chat, so a stalled send (a file whose `file_done` never comes) holds up only
 *   its own chat, and only until the call's time limit.
 * - The socket is watched: a drop (1006) reconnects with backoff (1, 2, 4, 8 s) and then asks Zalo for the messages
 *   missed in the gap; a socket that stays open but answers no ping is closed and reconnected; a take-over by another
 *   Zalo Web session (3000/3003) or a refused session (HTTP 401) stops Zalo, says so once, and tells staff.
 * - Group events: the bot removed → the chat is inactive; renamed → the title follows; members joined → a welcome
 *   that offers the unit's help. A recalled message that was not handled yet is dropped.
 */
import {
  type GroupEvent,
  GroupEventType,
  type Message,
  type Reaction,
  ThreadType,
  type TMessage,
  type Undo,
} from "zca-js";
import type { BotCore } from "../../bot/core.js";
import type { Db } from "../../db/client.js";
import type { I18n, Language } from "../../i18n.js";
import type { Logger } from "../../logger.js";
import type { ChatService } from "../../services/chats.js";
import type { Choice, IncomingEvent, Outgoing, PlatformSender } from "../port.js";
import { toSendError, withTimeout } from "./errors.js";
import { toEvent } from "./events.js";
import { ZALO_CAPABILITIES, ZaloSender, type ZaloApi } from "./sender.js";

export type SessionLoss = "refused" | "duplicate";

export interface ZaloAdapterOptions {
  api: ZaloApi;
  core: BotCore;
  db: Db;
  chats: Pick<ChatService, "touch" | "markBlocked">;
  i18n: I18n;
  language: Language;
  logger: Logger;
  loadStoredFile: (id: number) => Promise<Uint8Array>;
  reconnect?: { baseMs: number; maxMs: number };
  fetchFile?: typeof fetch;
  /** Longest wait for any one zca-js call (ZALO_TIMEOUT_MS). */
  timeoutMs?: number;
  /** A WebSocket ping goes out this often; a socket that answered nothing since the last one is closed. */
  heartbeatMs?: number;
  /** How long the account rests after Zalo's "too many requests" (221). */
  restMs?: number;
  /**
   * Wraps the sender interactive replies go through: the one pacer per Zalo account (ZALO_SEND_INTERVAL_MS) that the
   * outbox shares. Without it replies go out as fast as the per-chat queues allow.
   */
  wrapSender?: (sender: PlatformSender) => PlatformSender;
  /** The session was taken over or refused: Zalo has stopped until someone logs in again (tell staff). */
  onSessionLost?: (reason: SessionLoss) => Promise<void> | void;
}

export type ZaloState = "stopped" | "listening" | "reconnecting" | "duplicate-session" | "session-refused";

export interface ZaloAdapter {
  sender: ZaloSender;
  start(): void;
  stop(): Promise<void>;
  state(): ZaloState;
  /** Resolves when every queued message has been handled and every queued reply sent (tests). */
  idle(): Promise<void>;
}

/** Close codes from zca-js's CloseReason: another session took over, or the account was kicked. */
const DUPLICATE_CONNECTION = 3000;
const KICK_CONNECTION = 3003;
const NEW_LOGIN = "Run `npm run zalo:login` and scan a new QR code with the Zalo app, then restart the bot.";

/** The bits of ws's WebSocket the heartbeat uses (zca-js keeps it in `listener.ws`). */
interface Socket {
  ping(): void;
  terminate(): void;
  on(event: "pong" | "message", fn: () => void): void;
}

/** A chain of tasks per key: tasks of one key run in order, keys run in parallel. */
class KeyedQueues {
  private readonly tails = new Map<string, Promise<void>>();

  push(key: string, task: () => Promise<void>): void {
    const next = (this.tails.get(key) ?? Promise.resolve()).then(task).catch(() => undefined);
    this.tails.set(key, next);
    void next.then(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
  }

  async idle(): Promise<void> {
    while (this.tails.size) await Promise.all(this.tails.values());
  }
}

class Bounded<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.max) this.delete(this.keys().next().value as K);
    return this;
  }
}

export function createZaloAdapter(o: ZaloAdapterOptions): ZaloAdapter {
  const ownId = String(o.api.getOwnId());
  const timeoutMs = o.timeoutMs ?? 60_000;
  const recent = new Bounded<string, TMessage>(500);
  const types = new Map<string, ThreadType>();
  const titles = new Map<string, string | null>();
  const offeredByMessage = new Bounded<string, Choice[]>(2000);
  const offeredInChat = new Bounded<string, Choice[]>(5000);
  const recalled = new Bounded<string, true>(500);
  /** Messages the bot acted on (it answered them), by thread and message id. */
  const actedOn = new Bounded<string, true>(500);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const inbound = new KeyedQueues();
  const outbound = new KeyedQueues();

  let state: ZaloState = "stopped";
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
    answerHint: (count, words) =>
      [
        count
          ? o.i18n.t(o.language, "zalo-answer-hint", {
              list: Array.from({ length: count }, (_, i) => String(i + 1)).join(", "),
            })
          : "",
        words.length
          ? o.i18n.t(o.language, count ? "zalo-answer-words" : "zalo-answer-words-only", {
              words: words.map((w) => `«${w}»`).join(", "),
            })
          : "",
      ]
        .filter(Boolean)
        .join(" "),
    recent: (id) => recent.get(id),
    fetchFile: o.fetchFile,
    timeoutMs,
    restMs: o.restMs,
    unavailable: () =>
      state === "duplicate-session"
        ? "Zalo is stopped: the account was opened in another Zalo Web session"
        : state === "session-refused"
          ? "Zalo is stopped: the saved session was refused"
          : undefined,
    offered: (chatId, messageId, choices) => {
      offeredByMessage.set(messageId, choices);
      offeredInChat.set(chatId, choices);
    },
  });
  const replySender = o.wrapSender ? o.wrapSender(sender) : sender;
  let offersLoaded: Promise<unknown> = Promise.resolve();

  /** After a restart, choices of recent broadcasts (an announcement's "Đã nhận") can still be typed or quoted. */
  const recallOffers = async () => {
    const rows = await o.db.outboxMessage.findMany({
      where: { platform: "zalo", status: "sent", payload: { contains: '"choices"' } },
      orderBy: { id: "desc" },
      take: 2000,
      select: { platformChatId: true, platformMessageId: true, payload: true },
    });
    for (const row of rows.reverse()) {
      const reply = JSON.parse(row.payload) as { kind?: string; choices?: Choice[] };
      if (reply.kind !== "text" || !reply.choices?.length) continue;
      if (row.platformMessageId) offeredByMessage.set(row.platformMessageId, reply.choices);
      offeredInChat.set(row.platformChatId, reply.choices);
    }
  };

  const warn = (err: unknown, msg: string, extra: Record<string, unknown> = {}) =>
    o.logger.warn({ ...extra, failure: String((err as Error)?.message ?? err) }, msg);

  /** One reply, in its chat's queue; a refused personal reply is replaced by what to do; a rate limit waits once. */
  const deliver = async (out: Outgoing, retried = false): Promise<void> => {
    try {
      await replySender.send(out);
    } catch (err) {
      const e = toSendError(err, o.restMs);
      if (e.failure === "rate-limited" && !retried) {
        o.logger.warn({ chat: out.chatId, restSec: e.retryAfterSec }, "Zalo asked the account to slow down; resting");
        await sleep((e.retryAfterSec ?? 60) * 1000);
        return deliver(out, true);
      }
      warn(e, "a Zalo reply could not be sent", { chat: out.chatId, kind: e.failure });
      if (e.failure === "blocked" && out.ifRefused) reply(out.ifRefused);
    }
  };
  const reply = (out: Outgoing) => outbound.push(out.chatId, () => deliver(out));

  const groupTitle = async (threadId: string): Promise<string | undefined> => {
    if (titles.has(threadId)) return titles.get(threadId) ?? undefined;
    try {
      // A title is a nicety: the first message of a group waits for it a few seconds at most.
      const info = await withTimeout(o.api.getGroupInfo(threadId), Math.min(timeoutMs, 5000), "getGroupInfo");
      const name = info.gridInfoMap?.[threadId]?.name;
      titles.set(threadId, name ?? null);
      return name;
    } catch (err) {
      warn(err, "could not read a Zalo group's name", { chat: threadId });
      titles.set(threadId, null);
      return undefined;
    }
  };

  const handle = async (event: IncomingEvent): Promise<void> => {
    const replies = await o.core.handle(event, {
      capabilities: ZALO_CAPABILITIES,
      download: (ref) => sender.downloadFile(ref),
    });
    if (replies.length && event.messageId) actedOn.set(`${event.chat.id}:${event.messageId}`, true);
    for (const r of replies) reply(r);
  };

  const onMessage = (message: Message) => {
    if (message.isSelf) return;
    types.set(message.threadId, message.type);
    recent.set(String(message.data.msgId), message.data);
    inbound.push(message.threadId, async () => {
      if (recalled.has(`${message.threadId}:${message.data.msgId}`)) return;
      await offersLoaded;
      try {
        const title = message.type === ThreadType.Group ? await groupTitle(message.threadId) : undefined;
        const event = toEvent(message, ownId, {
          offeredIn: (id) => offeredByMessage.get(id),
          offeredLastIn: (chatId) => offeredInChat.get(chatId),
          title,
        });
        if (event) await handle(event);
      } catch (err) {
        o.logger.error({ err }, "handling a Zalo message failed");
      }
    });
  };

  /** A reaction to one of the bot's messages that offers a single choice ("Đã nhận") presses it. */
  const onReaction = (r: Reaction) => {
    if (r.isSelf || !r.data.content?.rIcon) return;
    const target = r.data.content.rMsg?.[0]?.gMsgID;
    const choices = target ? offeredByMessage.get(String(target)) : undefined;
    if (choices?.length !== 1) return;
    const event: IncomingEvent = {
      platform: "zalo",
      updateId: `${r.threadId}:reaction:${r.data.msgId}`,
      chat: { id: r.threadId, kind: r.isGroup ? "group" : "private" },
      sender: { id: String(r.data.uidFrom), name: r.data.dName || String(r.data.uidFrom) },
      choice: choices[0]!.id,
    };
    inbound.push(r.threadId, () => handle(event).catch((err) => o.logger.error({ err }, "a Zalo reaction failed")));
  };

  /**
   * A recalled message not handled yet is dropped; one the bot already took (an answer in a conversation) cannot be
   * taken back, so the member hears that and how to start again.
   */
  const onUndo = (u: Undo) => {
    const id = (u.data.content as { globalMsgId?: unknown }).globalMsgId;
    if (id === undefined || u.isSelf) return;
    const key = `${u.threadId}:${id}`;
    recalled.set(key, true);
    if (!actedOn.has(key)) return;
    actedOn.delete(key);
    const name = u.data.dName || String(u.data.uidFrom);
    reply({ chatId: u.threadId, reply: { kind: "text", text: o.i18n.t(o.language, "zalo-recalled", { name }) } });
  };

  const onGroupEvent = (e: GroupEvent) => {
    const data = e.data as { groupName?: string; updateMembers?: { id: string; dName?: string }[] };
    const members = Array.isArray(data.updateMembers) ? data.updateMembers : [];
    const includesBot = members.some((m) => String(m.id) === ownId);
    inbound.push(e.threadId, async () => {
      try {
        if (
          includesBot &&
          [GroupEventType.REMOVE_MEMBER, GroupEventType.BLOCK_MEMBER, GroupEventType.LEAVE].includes(e.type)
        ) {
          await o.chats.markBlocked("zalo", e.threadId);
          o.logger.warn({ chat: e.threadId }, "the bot is no longer in a Zalo group; the chat is marked inactive");
          return;
        }
        if (e.type === GroupEventType.UPDATE && data.groupName) {
          titles.set(e.threadId, data.groupName);
          await o.chats.touch("zalo", e.threadId, "group", data.groupName);
          return;
        }
        if (e.type === GroupEventType.JOIN) await welcome(e.threadId, members, includesBot);
      } catch (err) {
        o.logger.error({ err }, "handling a Zalo group event failed");
      }
    });
  };

  const welcome = async (threadId: string, members: { id: string; dName?: string }[], botJoined: boolean) => {
    types.set(threadId, ThreadType.Group);
    const chat = await o.chats.touch("zalo", threadId, "group", await groupTitle(threadId));
    const t = (key: string, args?: Record<string, string>) => o.i18n.t(o.language, key, args);
    if (botJoined) return reply({ chatId: threadId, reply: { kind: "text", text: t("zalo-bot-added") } });
    if (!chat.unit?.active) return;
    const names = members.map((m) => m.dName ?? m.id).join(", ");
    reply({ chatId: threadId, reply: { kind: "text", text: t("zalo-welcome", { names, unit: chat.unit.name }) } });
  };

  // ---- the socket ----
  let attempts = 0;
  let timer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let refusedBySocket = false;
  /** When the socket last went down (unset once the reconnect asked for what was missed). */
  let gapSince: number | undefined;
  /** Messages sent from this moment on are fetched after a reconnect. */
  let missedSince = Date.now();
  const { baseMs, maxMs } = o.reconnect ?? { baseMs: 1000, maxMs: 8000 };

  const startListener = () => {
    try {
      o.api.listener.start({ retryOnClose: true });
    } catch (err) {
      if (!/already started/i.test(String((err as Error)?.message))) throw err;
    }
  };

  const watch = () => {
    if (heartbeat) clearInterval(heartbeat);
    const ws = (o.api.listener as unknown as { ws?: Socket | null }).ws;
    if (!ws || !o.heartbeatMs) return;
    let answered = true;
    const heard = () => {
      answered = true;
    };
    ws.on("pong", heard);
    ws.on("message", heard);
    heartbeat = setInterval(() => {
      if (!answered) {
        o.logger.warn("the Zalo socket is open but silent (no pong); reconnecting");
        if (heartbeat) clearInterval(heartbeat);
        ws.terminate();
        return;
      }
      answered = false;
      try {
        ws.ping();
      } catch {
        // not open any more: the close event reconnects
      }
    }, o.heartbeatMs);
  };

  const stopFor = (reason: SessionLoss, code?: number) => {
    state = reason === "refused" ? "session-refused" : "duplicate-session";
    if (heartbeat) clearInterval(heartbeat);
    if (timer) clearTimeout(timer);
    o.api.listener.stop();
    o.logger.error(
      { code },
      reason === "refused"
        ? `Zalo refused the saved session (expired, or logged out on the phone). Zalo is stopped. ${NEW_LOGIN}`
        : "Zalo closed this session because the account was opened in another Zalo Web session. The bot stops using Zalo instead of fighting it: close the other session, then restart the bot.",
    );
    void Promise.resolve(o.onSessionLost?.(reason)).catch((err) =>
      o.logger.error({ err }, "telling staff about the Zalo session failed"),
    );
  };

  const reconnect = () => {
    if (state !== "listening" && state !== "reconnecting") return;
    state = "reconnecting";
    const delay = Math.min(maxMs, baseMs * 2 ** attempts);
    attempts++;
    timer = setTimeout(() => {
      try {
        startListener();
      } catch (err) {
        warn(err, "Zalo reconnect failed; trying again");
        reconnect();
      }
    }, delay);
    o.logger.warn({ inMs: delay, attempt: attempts }, "Zalo listener closed; reconnecting");
  };

  const onOldMessages = (messages: Message[]) => {
    for (const m of messages) if (Number(m.data.ts) >= missedSince - 5000) onMessage(m);
  };

  const l = o.api.listener;
  l.on("message", onMessage);
  l.on("reaction", onReaction);
  l.on("undo", onUndo);
  l.on("group_event", onGroupEvent);
  l.on("old_messages", onOldMessages);
  l.on("connected", () => {
    attempts = 0;
    watch();
    if (state === "reconnecting") state = "listening";
    if (gapSince !== undefined) {
      // The messages sent while the socket was down: zca-js asks for them; old ones (before the gap) are skipped.
      missedSince = gapSince;
      gapSince = undefined;
      try {
        l.requestOldMessages(ThreadType.Group);
        l.requestOldMessages(ThreadType.User);
      } catch (err) {
        warn(err, "could not ask Zalo for the messages missed during the reconnect");
      }
    }
  });
  // Every close, whether zca-js retries by itself (its close_and_retry_codes) or leaves it to the watchdog here.
  l.on("disconnected", () => {
    if (heartbeat) clearInterval(heartbeat);
    if (state === "listening" || state === "reconnecting") gapSince ??= Date.now();
  });
  l.on("closed", (code: number) => {
    if (heartbeat) clearInterval(heartbeat);
    if (state !== "listening" && state !== "reconnecting") return;
    if (refusedBySocket) return stopFor("refused", code);
    if (code === DUPLICATE_CONNECTION || code === KICK_CONNECTION) return stopFor("duplicate", code);
    reconnect();
  });
  l.on("error", (err: unknown) => {
    const message = String((err as Error)?.message ?? err);
    if (/\b401\b/.test(message)) refusedBySocket = true;
    o.logger.warn({ failure: message }, "Zalo listener error");
  });

  return {
    sender,
    start() {
      state = "listening";
      offersLoaded = recallOffers().catch((err) => warn(err, "could not read the choices of recent Zalo broadcasts"));
      startListener();
    },
    async stop() {
      const was = state;
      state = "stopped";
      if (timer) clearTimeout(timer);
      if (heartbeat) clearInterval(heartbeat);
      if (was === "listening" || was === "reconnecting") o.api.listener.stop();
      await inbound.idle();
      await outbound.idle();
    },
    state: () => state,
    idle: async () => {
      await inbound.idle();
      await outbound.idle();
      await inbound.idle();
    },
  };
}
