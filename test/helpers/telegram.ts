/** A Telegram Bot API emulator (telegram-test-api) on loopback, and a recording fake of grammY's client.fetch. */
import http from "node:http";
import { createRequire } from "node:module";
import net from "node:net";
import type { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import type { App } from "../../src/app.js";
import { createTelegramAdapter, type TelegramAdapter } from "../../src/platforms/telegram/adapter.js";

export const TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz";

/**
 * Posts one update to a webhook on loopback as the Bot API does, over `agent`'s connections (kept open, so a spec can
 * see them reused); resolves with the HTTP status once the answer is read. A kept-open connection the server closed
 * as idle (Node's server closes them after 5 s) just as the request went out is reset: the update is posted again on
 * a new one, as Telegram delivers again an update whose request failed (the inbox keeps each update_id once).
 */
export function postKeptOpen(
  agent: http.Agent,
  to: { port: number; path: string; secret: string },
  update: object,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: to.port,
        path: to.path,
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": to.secret },
      },
      (res) => res.resume().once("end", () => resolve(res.statusCode ?? 0)),
    );
    req.once("error", (e: NodeJS.ErrnoException) => {
      if (req.reusedSocket && e.code === "ECONNRESET") postKeptOpen(agent, to, update).then(resolve, reject);
      else reject(e);
    });
    req.end(JSON.stringify(update));
  });
}

/**
 * Starts the adapter's webhook on a free local port (path /tg); the function returned posts one update with the
 * secret header, as Telegram does, and gives the HTTP status.
 */
export async function webhookOf(adapter: TelegramAdapter, secret: string): Promise<(u: object) => Promise<number>> {
  const port = await freePort();
  await adapter.startWebhook({ url: "https://bot.example.org/tg", secret, host: "127.0.0.1", port });
  return async (u) => {
    const r = await fetch(`http://127.0.0.1:${port}/tg`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify(u),
    });
    await r.arrayBuffer();
    return r.status;
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const Emulator = createRequire(import.meta.url)("telegram-test-api") as typeof TelegramServer;

export async function startEmulator(): Promise<TelegramServer> {
  const server = new Emulator({ port: await freePort(), host: "127.0.0.1", storeTimeout: 60 });
  await server.start();
  return server;
}

export function adapterFor(app: App, apiRoot: string, fetchImpl?: typeof fetch): TelegramAdapter {
  return createTelegramAdapter({
    token: TOKEN,
    apiRoot,
    core: app.core,
    chats: app.services.chats,
    i18n: app.i18n,
    logger: app.logger,
    fetch: fetchImpl,
    idlePollDelayMs: 30,
    loadStoredFile: async (id) => (await app.db.storedFile.findUniqueOrThrow({ where: { id } })).data,
  });
}

/** Polls the emulator for the bot's messages to a client until `count` arrived (or 5 s passed). */
export async function botMessages(
  client: ReturnType<TelegramServer["getClient"]>,
  count = 1,
): Promise<
  {
    text: string;
    reply_markup?: { inline_keyboard: { text: string; callback_data?: string; url?: string }[][] };
    message_id?: number;
  }[]
> {
  const got: any[] = [];
  const until = Date.now() + 5000;
  while (got.length < count && Date.now() < until) {
    const res = await client.getUpdates();
    got.push(...res.result.map((u: any) => ({ ...u.message, message_id: u.messageId })));
    if (got.length < count) await new Promise((r) => setTimeout(r, 25));
  }
  return got;
}

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown> | FormData;
}

/** A fake Bot API behind grammY's client.fetch: records every call and answers like Telegram. */
export function recordingFetch(answer: (method: string, payload: any) => unknown = () => true) {
  const calls: RecordedCall[] = [];
  let messageId = 1000;
  const fetchImpl = (async (input: any, init?: any) => {
    const url = String(input);
    const method = url.slice(url.lastIndexOf("/") + 1);
    let payload: any = {};
    const body = init?.body;
    if (typeof body === "string") payload = JSON.parse(body);
    else if (body) payload = { multipart: true };
    calls.push({ method, payload });
    const result =
      method === "getMe"
        ? {
            id: 42,
            is_bot: true,
            first_name: "Union",
            username: "union_test_bot",
            can_join_groups: true,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
          }
        : method.startsWith("send")
          ? { message_id: ++messageId, date: 0, chat: { id: Number(payload.chat_id ?? 0), type: "private" } }
          : answer(method, payload);
    if (result && typeof result === "object" && "error_code" in (result as object)) {
      return new Response(JSON.stringify({ ok: false, ...(result as object) }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    }
    return new Response(JSON.stringify({ ok: true, result }), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  }) as unknown as typeof fetch;
  return { fetch: fetchImpl, calls };
}
