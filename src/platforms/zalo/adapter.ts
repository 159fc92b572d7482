/**
 * The Zalo adapter (zca-js): listener events → core → replies.
 * - Each thread's messages are handled in order (zca-js emits one frame's messages back to back), threads in parallel;
 *   replies go out through one queue per chat, files on a lane of their own (replies.ts), so a file whose `file_done`
 *   comes late or never holds up no one.
 * - The socket is kept alive and watched (connection.ts); messages missed while it was down or deaf are fetched.
 * - Numbered choices are read back from a typed number or label, a quote or a reaction (offers.ts); a group's name
 *   and members come from getGroupInfo (groups.ts).
 * - Group events go to the chat service shared with Telegram (services/chats.ts): the bot removed → the chat is
 *   inactive and the unit's chairs are told; the bot added back → active again with its link; renamed → the title
 *   follows; members joined → a welcome that offers the unit's help. A recalled message that was not handled yet is
 *   dropped.
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
import { type SessionLoss, ZaloConnection, type ZaloState } from "./connection.js";
import { toEvent } from "./events.js";
import { ZaloGroups } from "./groups.js";
import { ZaloOffers } from "./offers.js";
import { Bounded, KeyedQueues } from "./queues.js";
import { ZaloReplies } from "./replies.js";
import { realZaloTime, ZALO_CAPABILITIES, type ZaloApi, ZaloSender, type ZaloTime } from "./sender.js";

export type { SessionLoss, ZaloState };

export interface ZaloAdapterOptions {
  api: ZaloApi;
  core: BotCore;
  db: Db;
  chats: Pick<ChatService, "touch" | "removed" | "returned" | "renamed">;
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
  /** Wall time and waiting (real by default). */
  time?: ZaloTime;
  /** ZALO_SEND_INTERVAL_MS: also kept between the messages one reply becomes (the pacer spaces whole replies). */
  sendIntervalMs?: number;
  /** The session was taken over or refused: Zalo has stopped until someone logs in again (tell staff). */
  onSessionLost?: (reason: SessionLoss) => Promise<void> | void;
}

export interface ZaloAdapter {
  sender: ZaloSender;
  start(): void;
  stop(): Promise<void>;
  state(): ZaloState;
  /** Resolves when every queued message has been handled and every queued reply sent (tests). */
  idle(): Promise<void>;
}

export function createZaloAdapter(o: ZaloAdapterOptions): ZaloAdapter {
  const ownId = String(o.api.getOwnId());
  const timeoutMs = o.timeoutMs ?? 60_000;
  const recent = new Bounded<string, TMessage>(500);
  const types = new Map<string, ThreadType>();
  const offers = new ZaloOffers();
  const recalled = new Bounded<string, true>(500);
  /** Messages the bot acted on (it answered them), by thread and message id. */
  const actedOn = new Bounded<string, true>(500);
  const time = o.time ?? realZaloTime;
  const inbound = new KeyedQueues();

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
    now: time.now,
    sleep: time.sleep,
    minIntervalMs: o.sendIntervalMs,
    unavailable: () =>
      connection.state === "duplicate-session"
        ? "Zalo is stopped: the account was opened in another Zalo Web session"
        : connection.state === "session-refused"
          ? "Zalo is stopped: the saved session was refused"
          : undefined,
    // An offer quoting a member's message answered that member (see offers.ts).
    offered: (out, messageId, choices) =>
      offers.offered(out.chatId, messageId, choices, out.replyToMessageId && recent.get(out.replyToMessageId)?.uidFrom),
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
      offers.offered(row.platformChatId, row.platformMessageId ?? undefined, reply.choices);
    }
  };

  const warn = (err: unknown, msg: string, extra: Record<string, unknown> = {}) =>
    o.logger.warn({ ...extra, err }, msg);

  const replies = new ZaloReplies({
    send: (out) => replySender.send(out),
    i18n: o.i18n,
    language: o.language,
    logger: o.logger,
    timeoutMs,
    restMs: o.restMs,
    time,
  });
  const reply = (out: Outgoing) => replies.send(out);
  const groups = new ZaloGroups({ api: o.api, timeoutMs, now: time.now, logger: o.logger });

  const handle = async (event: IncomingEvent): Promise<void> => {
    const answers = await o.core.handle(event, {
      capabilities: ZALO_CAPABILITIES,
      download: (ref, maxBytes) => sender.downloadFile(ref, maxBytes),
      isChatMember: (chatId, userId) => groups.isMember(chatId, userId),
    });
    if (answers.length && event.messageId) actedOn.set(`${event.chat.id}:${event.messageId}`, true);
    const typed = event.text?.trim() ?? "";
    replies.sendAll(answers, typed.startsWith("/") ? typed.split("\n")[0]?.slice(0, 100) : undefined);
  };

  const onMessage = (message: Message) => {
    if (message.isSelf) return;
    types.set(message.threadId, message.type);
    recent.set(String(message.data.msgId), message.data);
    inbound.push(message.threadId, async () => {
      if (recalled.has(`${message.threadId}:${message.data.msgId}`)) return;
      await offersLoaded;
      try {
        const title = message.type === ThreadType.Group ? await groups.title(message.threadId) : undefined;
        const event = toEvent(message, ownId, {
          offeredIn: (id) => offers.inMessage(id),
          offeredTo: (chatId, memberId) => offers.latestFor(chatId, memberId),
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
    const choices = target ? offers.inMessage(String(target)) : undefined;
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
          await o.chats.removed("zalo", e.threadId);
          o.logger.warn({ chat: e.threadId }, "the bot is no longer in a Zalo group; the chat is marked inactive");
          return;
        }
        if (e.type === GroupEventType.UPDATE && data.groupName) {
          groups.renamed(e.threadId, data.groupName);
          await o.chats.renamed("zalo", e.threadId, data.groupName);
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
    groups.joined(
      threadId,
      members.map((m) => m.id),
    );
    const title = await groups.title(threadId);
    const t = (key: string, args?: Record<string, string>) => o.i18n.t(o.language, key, args);
    if (botJoined) {
      // Added back to a group still linked to its unit: active again, no new /lienket needed.
      const { chat } = await o.chats.returned("zalo", threadId, "group", title);
      const text = chat.unit?.active ? t("chat-returned", { unit: chat.unit.name }) : t("zalo-bot-added");
      return reply({ chatId: threadId, reply: { kind: "text", text } });
    }
    const chat = await o.chats.touch("zalo", threadId, "group", title);
    if (!chat.unit?.active) return;
    const names = members.map((m) => m.dName ?? m.id).join(", ");
    reply({ chatId: threadId, reply: { kind: "text", text: t("zalo-welcome", { names, unit: chat.unit.name }) } });
  };

  const l = o.api.listener;
  l.on("message", onMessage);
  l.on("reaction", onReaction);
  l.on("undo", onUndo);
  l.on("group_event", onGroupEvent);
  const connection = new ZaloConnection({
    listener: l,
    logger: o.logger,
    time,
    heartbeatMs: o.heartbeatMs,
    reconnect: o.reconnect,
    onMissed: onMessage,
    onSessionLost: (reason) =>
      void Promise.resolve(o.onSessionLost?.(reason)).catch((err) =>
        o.logger.error({ err }, "telling staff about the Zalo session failed"),
      ),
  });

  return {
    sender,
    start() {
      offersLoaded = recallOffers().catch((err) => warn(err, "could not read the choices of recent Zalo broadcasts"));
      connection.start();
    },
    async stop() {
      connection.stop();
      await inbound.idle();
      await replies.queued();
    },
    state: () => connection.state,
    idle: async () => {
      await inbound.idle();
      await replies.idle();
      await inbound.idle();
    },
  };
}
