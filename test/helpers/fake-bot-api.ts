/**
 * A Bot API server on loopback that does what Telegram does, and records what it accepted.
 *
 * Limits: at most 30 messages in any second overall, 20 in any minute into one group (negative chat id), one a second
 * into one private chat; beyond them it answers 429 with a retry_after. With `faultRate`, that share of requests fails
 * before anything is accepted: a 500 without error_code, a 502 HTML page from a "proxy", or a reset connection.
 *
 * Groups change as they do in Telegram (each change also queued as the updates Telegram sends, for getUpdates):
 * - `upgrade`: a group becomes a supergroup with a new id. The bot gets a `my_chat_member` for the supergroup, the
 *   service message `migrate_to_chat_id` in the old group and `migrate_from_chat_id` in the new one (none of them with
 *   `notify: false`, as when the bot polls only later); every send to the old id answers 400 "group chat was upgraded
 *   to a supergroup chat" with `parameters.migrate_to_chat_id`;
 * - `removeBot` / `addBot`: a `my_chat_member` update ("kicked" in a supergroup, "left" in a basic group; "member"),
 *   and while removed every send answers 403 "bot was kicked from the … chat";
 * - `rename`: a `new_chat_title` service message;
 * - `makeForum`, and `userSays` with a `threadId`: a message in a forum topic (`message_thread_id`,
 *   `is_topic_message`); the bot's sends record the topic they went to;
 * - `neverStarted`: people who never opened the bot's private chat; a send there answers 403.
 */
import http from "node:http";

export interface FakeBotApiOptions {
  perSecond?: number;
  perGroupPerMinute?: number;
  privateIntervalMs?: number;
  faultRate?: number;
}

export interface Received {
  chat: string;
  key: string;
  at: number;
  /** The whole text (or caption) sent, and the labels of its buttons when it had any. */
  text: string;
  buttons: { text: string; data?: string; url?: string; webApp?: string }[];
  /** The forum topic it went to (message_thread_id), if any. */
  thread?: number;
  /** The message id the fake gave it. */
  messageId: number;
}

/** A send refused for what the chat is (moved, bot removed, never started), with Telegram's answer. */
export interface Refused {
  chat: string;
  status: 400 | 403;
  description: string;
}

export interface FakeUser {
  id: number;
  name: string;
}

export type BotStatus = "kicked" | "left" | "member";

export interface FakeBotApi {
  url: string;
  /** The bot itself, as getMe describes it. */
  bot: { id: number; username: string };
  received: Received[];
  refused: Refused[];
  /** Updates for getUpdates, oldest first (those already confirmed by a later offset are dropped). */
  pending: unknown[];
  /** 429 answers, in all and to the bot's own replies (texts that are not a broadcast's "THÔNG BÁO"). */
  rejected: number;
  rejectedReplies: number;
  faults: { "500": number; "502-html": number; reset: number };
  /** Requests being answered right now. */
  inFlight: number;
  /** Private chats (user ids) the bot may not write to first. */
  neverStarted: Set<string>;
  /** Gives a group its title (and type, from its id: -100… is a supergroup). */
  group(chatId: number, title: string): void;
  /** A person writes in a chat; returns the update id. `threadId`: a forum topic. */
  userSays(o: { chat: number; from: FakeUser; text: string; threadId?: number }): number;
  /** A person presses a button under one of the bot's messages. */
  press(o: { chat: number; from: FakeUser; data: string; messageId: number }): number;
  upgrade(group: number, supergroup: number, o?: { by?: FakeUser; notify?: boolean }): void;
  /** `notify: false`: the update is lost (the bot was not listening); only the next send tells. */
  removeBot(chat: number, o?: { by?: FakeUser; notify?: boolean }): void;
  addBot(chat: number, by?: FakeUser): void;
  rename(chat: number, title: string, by?: FakeUser): void;
  makeForum(chat: number): void;
  close(): Promise<void>;
}

interface ChatState {
  title: string;
  movedTo?: number;
  botStatus: BotStatus;
  forum: boolean;
}

const ADMIN: FakeUser = { id: 777, name: "Quản trị nhóm" };

export async function startFakeBotApi(o: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const perSecond = o.perSecond ?? 30;
  const perGroup = o.perGroupPerMinute ?? 20;
  const privateGap = o.privateIntervalMs ?? 1000;
  const bot = { id: 1, username: "bench_bot" };
  const received: Received[] = [];
  const refused: Refused[] = [];
  const recent: number[] = [];
  const perChat = new Map<string, number[]>();
  const faults = { "500": 0, "502-html": 0, reset: 0 };
  const chats = new Map<number, ChatState>();
  const neverStarted = new Set<string>();
  let pending: { update_id: number }[] = [];
  let confirmedUpTo = 0;
  let rejected = 0;
  let rejectedReplies = 0;
  let messageId = 0;
  let updateId = 0;
  let inFlight = 0;

  const stateOf = (id: number): ChatState => {
    let state = chats.get(id);
    if (!state) chats.set(id, (state = { title: "g", botStatus: "member", forum: false }));
    return state;
  };
  const chatOf = (id: number) => {
    const type = id > 0 ? "private" : String(id).startsWith("-100") ? "supergroup" : "group";
    const state = stateOf(id);
    return type === "private"
      ? { id, type, first_name: "p" }
      : { id, type, title: state.title, ...(state.forum ? { is_forum: true } : {}) };
  };
  const userOf = (u: FakeUser) => ({ id: u.id, is_bot: false, first_name: u.name });
  const botUser = { id: bot.id, is_bot: true, first_name: "Bench", username: bot.username };
  const queue = (update: Record<string, unknown>): number => {
    const id = ++updateId;
    pending.push({ update_id: id, ...update });
    return id;
  };
  const serviceMessage = (chat: number, by: FakeUser, fields: Record<string, unknown>) =>
    queue({
      message: { message_id: ++messageId, date: now(), chat: chatOf(chat), from: userOf(by), ...fields },
    });
  const memberUpdate = (chat: number, by: FakeUser, from: BotStatus, to: BotStatus) =>
    queue({
      my_chat_member: {
        chat: chatOf(chat),
        from: userOf(by),
        date: now(),
        old_chat_member: { user: botUser, status: from },
        new_chat_member: { user: botUser, status: to, ...(to === "kicked" ? { until_date: 0 } : {}) },
      },
    });

  /** Why Telegram would refuse any send to this chat, or undefined. */
  const refusal = (chat: string): { status: 400 | 403; description: string; parameters?: object } | undefined => {
    const id = Number(chat);
    const state = chats.get(id);
    if (id > 0)
      return neverStarted.has(chat)
        ? { status: 403, description: "Forbidden: bot can't initiate conversation with a user" }
        : undefined;
    if (state?.movedTo !== undefined)
      return {
        status: 400,
        description: "Bad Request: group chat was upgraded to a supergroup chat",
        parameters: { migrate_to_chat_id: state.movedTo },
      };
    if (state && state.botStatus !== "member") {
      const kind = chat.startsWith("-100") ? "supergroup chat" : "group chat";
      return { status: 403, description: `Forbidden: bot was kicked from the ${kind}` };
    }
    return undefined;
  };

  /** Seconds to wait (0: may send now). */
  const limitFor = (chat: string, now: number): number => {
    while (recent.length && (recent[0] ?? now) <= now - 1000) recent.shift();
    const list = (perChat.get(chat) ?? []).filter((t) => t > now - 60_000);
    perChat.set(chat, list);
    if (recent.length >= perSecond) return 1;
    if (chat.startsWith("-")) return list.length >= perGroup ? Math.ceil(((list[0] ?? now) + 60_000 - now) / 1000) : 0;
    const last = list[list.length - 1];
    return last !== undefined && now - last < privateGap ? 1 : 0;
  };

  const server = http.createServer((req, res) => {
    inFlight++;
    res.on("close", () => inFlight--);
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const method = (req.url ?? "").split("/").pop() ?? "";
      const reply = (status: number, data: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(data));
      };
      const body = bodyOf(req.headers["content-type"], Buffer.concat(chunks));
      if (method === "getMe") return reply(200, { ok: true, result: { ...botUser, first_name: "Bench" } });
      if (method === "getUpdates") {
        const offset = Number(body.offset ?? 0);
        if (offset > confirmedUpTo) {
          confirmedUpTo = offset;
          pending = pending.filter((u) => u.update_id >= offset);
        }
        return reply(200, { ok: true, result: pending });
      }
      if (!method.startsWith("send")) return reply(200, { ok: true, result: true });
      const roll = Math.random();
      if (o.faultRate && roll < o.faultRate) {
        const kind = Math.floor((roll / o.faultRate) * 3);
        if (kind === 0) {
          faults["500"]++;
          return reply(500, { ok: false, description: "Internal Server Error" });
        }
        if (kind === 1) {
          faults["502-html"]++;
          res.writeHead(502, { "content-type": "text/html" });
          return res.end("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>");
        }
        faults.reset++;
        return req.socket.destroy();
      }
      const now = Date.now();
      const chat = String(body.chat_id);
      const refuse = refusal(chat);
      if (refuse) {
        refused.push({ chat, status: refuse.status, description: refuse.description });
        return reply(refuse.status, {
          ok: false,
          error_code: refuse.status,
          description: refuse.description,
          ...(refuse.parameters ? { parameters: refuse.parameters } : {}),
        });
      }
      // Telegram opens Mini App buttons only in private chats: in a group such a keyboard is refused.
      if (Number(chat) < 0 && buttonsOf(body).some((b) => b.webApp))
        return reply(400, { ok: false, error_code: 400, description: "Bad Request: BUTTON_TYPE_INVALID" });
      const wait = limitFor(chat, now);
      if (wait > 0) {
        rejected++;
        if (process.env.BENCH_DEBUG) console.log("429", chat, recent.length, now - (recent[0] ?? now), wait);
        if (!String(body.text).includes("THÔNG BÁO")) rejectedReplies++;
        return reply(429, {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${wait}`,
          parameters: { retry_after: wait },
        });
      }
      recent.push(now);
      perChat.get(chat)?.push(now);
      const text = String(body.text ?? body.caption ?? "");
      const thread = body.message_thread_id === undefined ? undefined : Number(body.message_thread_id);
      const id = ++messageId;
      received.push({
        chat,
        key: `${chat}:${text.slice(0, 40)}`,
        at: now,
        text,
        buttons: buttonsOf(body),
        messageId: id,
        ...(thread !== undefined ? { thread } : {}),
      });
      reply(200, {
        ok: true,
        result: {
          message_id: id,
          date: Math.floor(now / 1000),
          chat: chatOf(Number(chat)),
          from: botUser,
          text: body.text,
          ...(thread !== undefined ? { message_thread_id: thread, is_topic_message: true } : {}),
        },
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    bot,
    received,
    refused,
    get pending() {
      return pending;
    },
    get rejected() {
      return rejected;
    },
    get rejectedReplies() {
      return rejectedReplies;
    },
    faults,
    get inFlight() {
      return inFlight;
    },
    neverStarted,
    group(chatId, title) {
      stateOf(chatId).title = title;
    },
    userSays({ chat, from, text, threadId }) {
      const command = text.startsWith("/") ? text.split(/\s/)[0]?.length : undefined;
      return queue({
        message: {
          message_id: ++messageId,
          date: now(),
          chat: chatOf(chat),
          from: userOf(from),
          text,
          ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command }] } : {}),
          ...(threadId !== undefined ? { message_thread_id: threadId, is_topic_message: true } : {}),
        },
      });
    },
    press({ chat, from, data, messageId: pressedOn }) {
      return queue({
        callback_query: {
          id: String(++messageId),
          from: userOf(from),
          chat_instance: String(chat),
          data,
          message: { message_id: pressedOn, date: now(), chat: chatOf(chat), from: botUser, text: "…" },
        },
      });
    },
    upgrade(group, supergroup, { by = ADMIN, notify = true } = {}) {
      stateOf(supergroup).title = stateOf(group).title;
      stateOf(group).movedTo = supergroup;
      if (!notify) return;
      memberUpdate(supergroup, by, "left", "member");
      serviceMessage(group, by, { migrate_to_chat_id: supergroup });
      serviceMessage(supergroup, by, { migrate_from_chat_id: group });
    },
    removeBot(chat, { by = ADMIN, notify = true } = {}) {
      const state = stateOf(chat);
      const status = String(chat).startsWith("-100") ? "kicked" : "left";
      if (notify) memberUpdate(chat, by, state.botStatus, status);
      state.botStatus = status;
    },
    addBot(chat, by = ADMIN) {
      const state = stateOf(chat);
      memberUpdate(chat, by, state.botStatus, "member");
      state.botStatus = "member";
    },
    rename(chat, title, by = ADMIN) {
      stateOf(chat).title = title;
      serviceMessage(chat, by, { new_chat_title: title });
    },
    makeForum(chat) {
      stateOf(chat).forum = true;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const now = () => Math.floor(Date.now() / 1000);

/** A request's parameters: JSON, or the plain fields of a multipart form (grammY uploads files that way). */
function bodyOf(contentType: string | undefined, raw: Buffer): Record<string, unknown> {
  if (!raw.length) return {};
  if (contentType?.startsWith("multipart/form-data")) {
    const fields: Record<string, unknown> = {};
    for (const m of raw.toString("latin1").matchAll(/name="([^"]+)"\r\n\r\n([^\r]*)\r\n/g))
      fields[m[1] ?? ""] = Buffer.from(m[2] ?? "", "latin1").toString("utf8");
    return fields;
  }
  return JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
}

/** The labels of an inline keyboard (grammY sends reply_markup as an object, or as JSON text in a multipart form). */
function buttonsOf(body: { reply_markup?: unknown }): Received["buttons"] {
  const markup = typeof body.reply_markup === "string" ? JSON.parse(body.reply_markup) : body.reply_markup;
  type Button = { text: string; callback_data?: string; url?: string; web_app?: { url: string } };
  const rows = (markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? [];
  return rows.flat().map((b) => ({
    text: b.text,
    ...(b.callback_data ? { data: b.callback_data } : {}),
    ...(b.url ? { url: b.url } : {}),
    ...(b.web_app ? { webApp: b.web_app.url } : {}),
  }));
}
