/**
 * The Zalo Bot Platform adapter: updates → inbox → core → replies, as its own platform ("zalo-bot") beside Telegram
 * and the zca-js account.
 * - Polling: getUpdates long polls one update at a time (the webhook is deleted first: getUpdates is refused beside
 *   one). Webhook: Zalo posts to PUBLIC_URL/zalo-bot/webhook with the secret in `X-Bot-Api-Secret-Token`; a request
 *   without it or with another one gets 401 and the process goes on.
 * - Each update is stored in the inbox before it is handled and marked handled once its replies went out; what a stop
 *   left unhandled is handled at the next start. getUpdates takes no offset: an update is gone from Zalo once
 *   answered, so a crash between that answer and the inbox write loses it (the README says so).
 * - A chat's updates are handled in order, chats in parallel. Numbered choices are read back from a typed number or
 *   label (zalo/offers.ts, shared with zca-js). Groups only when getMe says the bot may join them.
 * - Malformed updates and unknown event_names are logged and skipped; a refused token (401/403) stops this adapter
 *   with one log line and `onStopped` (staff are told), the other platforms go on.
 */
import crypto from "node:crypto";
import type http from "node:http";
import type { BotCore } from "../../bot/core.js";
import type { ChatLock } from "../../db/chat-lock.js";
import type { Db } from "../../db/client.js";
import type { UpdateInbox } from "../../db/inbox-store.js";
import type { I18n, Language } from "../../i18n.js";
import type { Logger } from "../../logger.js";
import type { Choice, IncomingEvent, Outgoing, PlatformSender } from "../port.js";
import { ZaloOffers } from "../zalo/offers.js";
import { Bounded, KeyedQueues } from "../zalo/queues.js";
import { ZaloBotApiError, ZaloBotClient } from "./client.js";
import { parseUpdate } from "./events.js";
import { type ShareFile, ZALO_BOT_CAPABILITIES, ZaloBotSender } from "./sender.js";

export interface ZaloBotAdapterOptions {
  token: string;
  apiRoot: string;
  mode: "polling" | "webhook";
  /** Webhook mode: the public URL Zalo posts to and the secret it sends back. */
  webhook?: { url: string; secret: string };
  core: BotCore;
  db: Db;
  inbox?: UpdateInbox;
  /** Keeps a chat's updates one at a time across processes (PostgreSQL, webhook mode); within one the queues do. */
  chatLock?: ChatLock;
  i18n: I18n;
  language: Language;
  logger: Logger;
  loadStoredFile: (id: number) => Promise<Uint8Array>;
  share?: ShareFile;
  /** Longest wait for one call (ZALO_TIMEOUT_MS). */
  timeoutMs?: number;
  /** ZALO_BOT_SEND_INTERVAL_MS between the messages one reply becomes. */
  sendIntervalMs?: number;
  /** getUpdates' long-poll timeout in seconds (30 unless set). */
  pollTimeoutSec?: number;
  /** First pause after a failed call (doubled up to 30 s). */
  retryBaseMs?: number;
  /** The account's pacer shared with the outbox (main.ts). */
  wrapSender?: (sender: PlatformSender) => PlatformSender;
  fetch?: typeof fetch;
  /** The token was refused: this adapter has stopped (tell staff). */
  onStopped?: (err: ZaloBotApiError) => Promise<unknown> | unknown;
}

export interface ZaloBotAdapter {
  sender: ZaloBotSender;
  /** getMe, the inbox's leftovers, then polling or setWebhook. */
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): "idle" | "running" | "stopped";
  /** Handles what a stop (or, on PostgreSQL, a process that died) left unhandled; returns how many. */
  replayInbox(): Promise<number>;
  /** The webhook's request handler: true when the request was for it (mount it on the web server). */
  webhook(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean>;
  /** Resolves when every received update has been handled (tests). */
  idle(): Promise<void>;
}

export const ZALO_BOT_WEBHOOK_PATH = "/zalo-bot/webhook";
const MAX_BODY = 1024 * 1024;

export function createZaloBotAdapter(o: ZaloBotAdapterOptions): ZaloBotAdapter {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const pollSec = o.pollTimeoutSec ?? 30;
  const baseMs = o.retryBaseMs ?? 500;
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
  let state: "idle" | "running" | "stopped" = "idle";
  let canJoinGroups = false;
  /** The bot's account_name (getMe): its mention is taken out of group messages. */
  let accountName: string | undefined;
  const groups = new Map<string, boolean>();
  const offers = new ZaloOffers();
  const inbound = new KeyedQueues();
  const inFlight = new Set<Promise<unknown>>();
  /** Who wrote recent messages: an offer quoting a member's message answered that member (zalo/offers.ts). */
  const authors = new Bounded<string, string>(500);

  const client = new ZaloBotClient({
    token: o.token,
    apiRoot: o.apiRoot,
    logger: o.logger,
    timeoutMs,
    retryBaseMs: baseMs,
    fetch: o.fetch,
    onTokenRefused: (err) => {
      state = "stopped";
      o.logger.error(
        { error_code: err.errorCode, description: err.description },
        "Zalo Bot refused the token: the Zalo Bot adapter has stopped (the other platforms go on); " +
          "put a valid ZALO_BOT_TOKEN from Zalo Bot Manager and restart",
      );
      void Promise.resolve(o.onStopped?.(err)).catch((e) =>
        o.logger.error({ err: e }, "telling staff that Zalo Bot stopped failed"),
      );
    },
  });

  const sender = new ZaloBotSender({
    client,
    i18n: o.i18n,
    language: o.language,
    isGroup: async (chatId) => {
      const known = groups.get(chatId);
      if (known !== undefined) return known;
      const chat = await o.db.chat.findUnique({
        where: { platform_platformChatId: { platform: "zalo-bot", platformChatId: chatId } },
      });
      return chat?.kind === "group";
    },
    loadStoredFile: o.loadStoredFile,
    share: o.share,
    minIntervalMs: o.sendIntervalMs,
    timeoutMs,
    fetchFile: o.fetch,
    offered: (out, messageId, choices) =>
      offers.offered(out.chatId, messageId, choices, out.replyToMessageId && authors.get(out.replyToMessageId)),
  });
  const replySender = o.wrapSender ? o.wrapSender(sender) : sender;

  /** After a restart, choices of recent broadcasts (an announcement's "Đã nhận") can still be typed. */
  const recallOffers = async () => {
    const rows = await o.db.outboxMessage.findMany({
      where: { platform: "zalo-bot", status: "sent", payload: { contains: '"choices"' } },
      orderBy: { id: "desc" },
      take: 2000,
      select: { platformChatId: true, platformMessageId: true, payload: true },
    });
    for (const row of rows.reverse()) {
      const reply = JSON.parse(row.payload) as { kind?: string; choices?: Choice[] };
      if (reply.kind === "text" && reply.choices?.length)
        offers.offered(row.platformChatId, row.platformMessageId ?? undefined, reply.choices);
    }
  };

  const reply = async (out: Outgoing): Promise<void> => {
    try {
      await replySender.send(out);
    } catch (err) {
      const failure = (err as { failure?: string }).failure;
      o.logger.warn({ chat: out.chatId, failure, err }, "a Zalo Bot reply could not be sent");
      // A private chat the person never opened refuses the bot: the group hears what to do instead.
      if (failure === "blocked" && out.ifRefused) return reply(out.ifRefused);
      if (failure === "blocked" || client.stopped) return;
      const text = o.i18n.t(out.language ?? o.language, "reply-failed", { kind: out.reply.kind });
      await replySender.send({ chatId: out.chatId, reply: { kind: "text", text } }).catch(() => undefined);
    }
  };

  const handle = async (event: IncomingEvent) => {
    // A command may take seconds (a tally's chart, an export): the person sees "typing…" meanwhile.
    if (event.text?.trimStart().startsWith("/"))
      void client.call("sendChatAction", { chat_id: event.chat.id, action: "typing" }).catch(() => undefined);
    const offered = offers.latestFor(event.chat.id, event.sender.id);
    const answers = await o.core.handle(offered?.length ? { ...event, offeredChoices: offered } : event, {
      capabilities: ZALO_BOT_CAPABILITIES,
      download: (ref, maxBytes) => sender.downloadFile(ref, maxBytes),
      deduplicated: !!o.inbox,
    });
    for (const out of answers) await reply(out);
  };

  /** One update as it came: checked, stored, then handled in its chat's order. */
  const receive = async (raw: unknown) => {
    const parsed = parseUpdate(raw, accountName);
    if (!parsed.ok) {
      if (parsed.problem !== "from-bot")
        o.logger.warn({ problem: parsed.problem, detail: parsed.detail }, "a Zalo Bot update was skipped");
      return;
    }
    const event = parsed.event;
    if (event.chat.kind === "group" && !canJoinGroups) {
      o.logger.warn(
        { chat: event.chat.id },
        "a Zalo Bot group update was skipped: getMe says the bot cannot join groups",
      );
      return;
    }
    const row = { updateId: event.updateId, payload: JSON.stringify(raw) };
    await o.inbox?.store("zalo-bot", [row]);
    queue(event, row);
  };

  const queue = (event: IncomingEvent, row: { updateId: string; payload: string }) => {
    groups.set(event.chat.id, event.chat.kind === "group");
    if (event.messageId) authors.set(event.messageId, event.sender.id);
    inbound.push(event.chat.id, async () => {
      try {
        if (o.inbox && !(await o.inbox.take("zalo-bot", row))) return;
        try {
          await (o.chatLock ? o.chatLock.run("zalo-bot", event.chat.id, () => handle(event)) : handle(event));
        } finally {
          await o.inbox?.markHandled("zalo-bot", row.updateId);
        }
      } catch (err) {
        o.logger.error({ err, updateId: row.updateId }, "handling a Zalo Bot update failed");
      }
    });
  };

  const stopping = new AbortController();
  /** What one long poll brought: none, one update, or several. */
  const updatesIn = (result: unknown): unknown[] => (Array.isArray(result) ? result : result ? [result] : []);
  /** After a failed poll: stop (stopping, or the token refused), poll again at once (408: nothing came), or wait. */
  const afterPollFailure = (err: unknown): "stop" | "again" | "wait" => {
    if (state !== "running" || (err instanceof ZaloBotApiError && err.tokenRefused)) return "stop";
    if (err instanceof ZaloBotApiError && err.errorCode === 408) return "again";
    return "wait";
  };
  const poll = async () => {
    let pause = 0;
    while (state === "running") {
      try {
        const result = await client.call("getUpdates", { timeout: pollSec }, pollSec * 1000, stopping.signal);
        pause = 0;
        for (const u of updatesIn(result)) await receive(u);
      } catch (err) {
        const next = afterPollFailure(err);
        if (next === "stop") break;
        if (next === "again") continue;
        pause = Math.min(30_000, pause ? pause * 2 : baseMs);
        o.logger.warn({ inMs: pause, err }, "Zalo Bot polling failed; trying again");
        await sleep(pause);
      }
    }
  };

  let polling: Promise<void> | undefined;

  /** getMe, waited for while Zalo cannot be reached (5 s doubling up to 5 min), without holding up other platforms. */
  const getMe = async () => {
    for (let pause = Math.max(baseMs, 10) * 10; ; pause = Math.min(300_000, pause * 2)) {
      try {
        return (await client.call("getMe")) as { can_join_groups?: unknown; account_name?: unknown } | null;
      } catch (err) {
        if (!(err instanceof ZaloBotApiError) || !err.transient || stopping.signal.aborted) throw err;
        o.logger.warn({ inMs: pause, err }, "Zalo Bot cannot be reached; trying again");
        await sleep(pause);
      }
    }
  };

  /** Queues what a stop left stored but unhandled (PostgreSQL: also what a process that died left); returns how many. */
  const replayInbox = async () => {
    const left = (await o.inbox?.leftover("zalo-bot")) ?? [];
    for (const u of left) {
      const parsed = parseUpdate(JSON.parse(u.payload), accountName);
      if (parsed.ok) queue(parsed.event, u);
    }
    if (left.length) o.logger.info({ updates: left.length }, "handling the Zalo Bot updates a stop left unhandled");
    return left.length;
  };

  return {
    sender,
    replayInbox,
    state: () => state,
    async start() {
      const me = await getMe();
      canJoinGroups = me?.can_join_groups === true;
      accountName = typeof me?.account_name === "string" && me.account_name ? me.account_name : undefined;
      await recallOffers().catch((err) => o.logger.warn({ err }, "could not read recent Zalo Bot offers"));
      await replayInbox();
      state = "running";
      if (o.mode === "webhook") {
        if (!o.webhook) throw new Error("Zalo Bot webhook mode needs a URL and a secret");
        await client.call("setWebhook", { url: o.webhook.url, secret_token: o.webhook.secret });
      } else {
        await client.call("deleteWebhook");
        polling = poll();
      }
      o.logger.info({ bot: me?.account_name, mode: o.mode, canJoinGroups }, "zalo bot started");
    },
    async stop() {
      if (state === "running") state = "idle";
      stopping.abort();
      await polling?.catch(() => undefined);
      await Promise.all(inFlight);
      await inbound.idle();
    },
    async webhook(req, res) {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const own = o.webhook ? new URL(o.webhook.url).pathname : ZALO_BOT_WEBHOOK_PATH;
      if (path !== own) return false;
      const answer = (status: number) => {
        res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
        res.end(status === 200 ? "" : `${status}\n`);
        if (status !== 200) req.resume();
        return true;
      };
      if (req.method !== "POST") return answer(405);
      if (state !== "running" || !sameSecret(req.headers["x-bot-api-secret-token"], o.webhook?.secret)) {
        o.logger.warn({ status: 401 }, "a Zalo Bot webhook request was refused (no or wrong secret)");
        return answer(401);
      }
      const body = await readBody(req);
      let raw: unknown;
      try {
        raw = body === undefined ? undefined : JSON.parse(body);
      } catch {
        raw = undefined;
      }
      if (raw === undefined) {
        o.logger.warn({ status: body === undefined ? 413 : 400 }, "a Zalo Bot webhook body was refused");
        return answer(body === undefined ? 413 : 400);
      }
      const stored = receive(raw);
      inFlight.add(stored);
      try {
        await stored;
        answer(200);
      } catch (err) {
        o.logger.error({ err }, "a Zalo Bot webhook update could not be stored");
        answer(500);
      } finally {
        inFlight.delete(stored);
      }
      return true;
    },
    async idle() {
      await Promise.all(inFlight);
      await inbound.idle();
    },
  };
}

function sameSecret(given: string | string[] | undefined, secret: string | undefined): boolean {
  if (typeof given !== "string" || !secret) return false;
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(secret).digest();
  return crypto.timingSafeEqual(a, b);
}

async function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
