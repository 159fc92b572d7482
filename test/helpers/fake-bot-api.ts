/**
 * A Bot API server on loopback that enforces Telegram's limits and records what it accepted: at most 30 messages in
 * any second overall, 20 in any minute into one group (negative chat id), one a second into one private chat; beyond
 * them it answers 429 with a retry_after. With `faultRate`, that share of requests fails before anything is accepted:
 * a 500 without error_code, a 502 HTML page from a "proxy", or a reset connection.
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
  buttons: { text: string; data?: string }[];
}

export interface FakeBotApi {
  url: string;
  received: Received[];
  /** 429 answers, in all and to the bot's own replies (texts that are not a broadcast's "THÔNG BÁO"). */
  rejected: number;
  rejectedReplies: number;
  faults: { "500": number; "502-html": number; reset: number };
  /** Requests being answered right now. */
  inFlight: number;
  close(): Promise<void>;
}

export async function startFakeBotApi(o: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const perSecond = o.perSecond ?? 30;
  const perGroup = o.perGroupPerMinute ?? 20;
  const privateGap = o.privateIntervalMs ?? 1000;
  const received: Received[] = [];
  const recent: number[] = [];
  const perChat = new Map<string, number[]>();
  const faults = { "500": 0, "502-html": 0, reset: 0 };
  let rejected = 0;
  let rejectedReplies = 0;
  let messageId = 0;
  let inFlight = 0;

  /** Seconds to wait (0: may send now). */
  const limitFor = (chat: string, now: number): number => {
    while (recent.length && recent[0]! <= now - 1000) recent.shift();
    const list = (perChat.get(chat) ?? []).filter((t) => t > now - 60_000);
    perChat.set(chat, list);
    if (recent.length >= perSecond) return 1;
    if (chat.startsWith("-")) return list.length >= perGroup ? Math.ceil((list[0]! + 60_000 - now) / 1000) : 0;
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
      if (method === "getMe")
        return reply(200, { ok: true, result: { id: 1, is_bot: true, first_name: "Bench", username: "bench_bot" } });
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
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
      const now = Date.now();
      const chat = String(body.chat_id);
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
      perChat.get(chat)!.push(now);
      const text = String(body.text ?? body.caption ?? "");
      received.push({ chat, key: `${chat}:${text.slice(0, 40)}`, at: now, text, buttons: buttonsOf(body) });
      reply(200, {
        ok: true,
        result: {
          message_id: ++messageId,
          date: Math.floor(now / 1000),
          chat: { id: Number(chat), type: chat.startsWith("-") ? "group" : "private", title: "g" },
          text: body.text,
        },
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
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
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The labels of an inline keyboard (grammY sends reply_markup as an object, or as JSON text in a multipart form). */
function buttonsOf(body: { reply_markup?: unknown }): Received["buttons"] {
  const markup = typeof body.reply_markup === "string" ? JSON.parse(body.reply_markup) : body.reply_markup;
  type Button = { text: string; callback_data?: string };
  const rows = (markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? [];
  return rows.flat().map((b) => ({ text: b.text, ...(b.callback_data ? { data: b.callback_data } : {}) }));
}
