/** A Bot API server on loopback that enforces Telegram's broadcast limits and records what it accepted. */
import http from "node:http";

export interface FakeBotApi {
  url: string;
  received: { chat: string; key: string; at: number }[];
  rejected: number;
  close(): Promise<void>;
}

export async function startFakeBotApi(limits = { perSecond: 30, perChatPerMinute: 20 }): Promise<FakeBotApi> {
  const received: FakeBotApi["received"] = [];
  const recent: number[] = [];
  const perChat = new Map<string, number[]>();
  let rejected = 0;
  let messageId = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const method = (req.url ?? "").split("/").pop() ?? "";
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
      const reply = (status: number, data: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(data));
      };
      if (method === "getMe")
        return reply(200, { ok: true, result: { id: 1, is_bot: true, first_name: "Bench", username: "bench_bot" } });
      if (method !== "sendMessage") return reply(200, { ok: true, result: true });
      const now = Date.now();
      while (recent.length && recent[0]! <= now - 1000) recent.shift();
      const chat = String(body.chat_id);
      const list = (perChat.get(chat) ?? []).filter((t) => t > now - 60_000);
      if (recent.length >= limits.perSecond || list.length >= limits.perChatPerMinute) {
        rejected++;
        return reply(429, {
          ok: false,
          error_code: 429,
          description: "Too Many Requests: retry after 1",
          parameters: { retry_after: 1 },
        });
      }
      recent.push(now);
      list.push(now);
      perChat.set(chat, list);
      received.push({ chat, key: `${chat}:${String(body.text).slice(0, 40)}`, at: now });
      reply(200, {
        ok: true,
        result: {
          message_id: ++messageId,
          date: Math.floor(now / 1000),
          chat: { id: Number(chat), type: "group", title: "g" },
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
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
