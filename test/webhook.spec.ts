import http from "node:http";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { adapterFor, freePort, postKeptOpen, recordingFetch } from "./helpers/telegram.js";

afterAll(closeAll);

const SECRET = "s3cret-token-for-tests";

function start(id: number) {
  return {
    update_id: id,
    message: {
      message_id: id,
      date: 0,
      chat: { id: 77, type: "private" },
      from: { id: 77, is_bot: false, first_name: "Thu" },
      text: "/start",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
    },
  };
}

describe("the Telegram webhook, whatever is posted to it", () => {
  it("answers 400, 404, 405, 413 to broken requests, keeps running and still handles the next good update", async () => {
    const app = await testApp();
    const { fetch, calls } = recordingFetch();
    const adapter = adapterFor(app, "http://127.0.0.1:1", fetch);
    await adapter.init();
    const port = await freePort();
    await adapter.startWebhook({ url: "https://bot.example.org/tg/hook", secret: SECRET, host: "127.0.0.1", port });
    const send = (body: string | undefined, path = "/tg/hook", method = "POST", headers: Record<string, string> = {}) =>
      globalThis
        .fetch(`http://127.0.0.1:${port}${path}`, {
          method,
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET, ...headers },
          ...(body !== undefined ? { body } : {}),
        })
        .then((r) => r.status);
    try {
      expect(await send("{not json")).toBe(400);
      expect(await send("null")).toBe(400);
      expect(await send("")).toBe(400);
      expect(await send(undefined)).toBe(400);
      expect(await send("[]")).toBe(400);
      expect(await send('"text"')).toBe(400);
      expect(await send('{"update_id":"1"}')).toBe(400);
      expect(await send('{"message":{}}')).toBe(400);
      expect(await send("\uFEFF{}")).toBe(400);
      expect(await send(JSON.stringify(start(1)), "/other")).toBe(404);
      expect(await send(JSON.stringify(start(1)), "/tg/hook/../../etc/passwd")).toBe(404);
      expect(await send(undefined, "/tg/hook", "GET")).toBe(405);
      expect(await send(JSON.stringify({ update_id: 5, pad: "x".repeat(2 * 1024 * 1024) }))).toBe(413);
      expect(await send(JSON.stringify(start(2)), "/tg/hook", "POST", { "x-telegram-bot-api-secret-token": "" })).toBe(
        401,
      );
      // Well-formed JSON that is not a sane update: accepted (Telegram must not redeliver it), handled without a reply.
      expect(await send('{"update_id":3,"message":"hello"}')).toBe(200);
      expect(await send('{"update_id":4,"callback_query":{}}')).toBe(200);
      expect(await send('{"update_id":6,"message":{"chat":null,"from":7}}')).toBe(200);
      expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(0);
      expect(await send(JSON.stringify(start(7)))).toBe(200);
      expect(await send(JSON.stringify(start(8)), "/")).toBe(200);
      const replies = calls.filter((c) => c.method === "sendMessage");
      expect(replies).toHaveLength(2);
      expect((replies[0]!.payload as { text: string }).text).toMatch(/^Xin chào Thu!/);
    } finally {
      await adapter.stop();
    }
  });

  it("keeps the connection of a stored update open for the next, as Telegram reuses its 40, and closes a refused one's", async () => {
    const app = await testApp();
    const { fetch } = recordingFetch();
    const adapter = adapterFor(app, "http://127.0.0.1:1", fetch);
    await adapter.init();
    const port = await freePort();
    const server = await adapter.startWebhook({
      url: "https://x.example/tg/hook",
      secret: SECRET,
      host: "127.0.0.1",
      port,
    });
    let connections = 0;
    server.on("connection", () => connections++);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (update: object, secret = SECRET) => postKeptOpen(agent, { port, path: "/tg/hook", secret }, update);
    try {
      for (const id of [11, 12, 13]) expect(await post(start(id))).toBe(200);
      expect(connections).toBe(1);
      expect(await post(start(14), "wrong")).toBe(401);
      expect(await post(start(15))).toBe(200);
      expect(connections).toBe(2);
    } finally {
      agent.destroy();
      await adapter.stop();
    }
  });

  it("is posted again, as Telegram does, when the server drops a kept-open connection as the request goes out", async () => {
    // A server that answers the first request on each connection and resets the connection on its second: the race
    // between Node's 5 s idle close and the next request, made certain.
    const bodies: string[] = [];
    const server = net.createServer((socket) => {
      let requests = 0;
      socket.on("data", (chunk) => {
        if (++requests > 1) return void socket.destroy();
        bodies.push(chunk.toString().split("\r\n\r\n")[1]!);
        socket.write("HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: keep-alive\r\n\r\n");
      });
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const to = { port, path: "/tg", secret: SECRET };
      expect(await postKeptOpen(agent, to, start(21))).toBe(200);
      expect(await postKeptOpen(agent, to, start(22))).toBe(200);
      expect(bodies.map((b) => JSON.parse(b).update_id)).toEqual([21, 22]);
    } finally {
      agent.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});
