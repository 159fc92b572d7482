import http from "node:http";
import type { AddressInfo } from "node:net";
import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../src/logger.js";
import type { SendError } from "../src/platforms/port.js";
import { TelegramSender } from "../src/platforms/telegram/sender.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { PacedSender } from "../src/scheduler/paced-sender.js";
import { SharedPacer } from "../src/scheduler/pacer.js";
import { testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

// A Bot API server on loopback that answers each chat's first sendMessage with a chosen fault, then normally.
type Fault = "500-json-no-code" | "502-html" | "reset" | "stall" | "400" | "403" | "429" | "503-json" | "400-migrated";
const faults = new Map<string, Fault>();
const accepted: string[] = [];
let server: http.Server;
let apiRoot = "";

function answer(res: http.ServerResponse, status: number, body: unknown, type = "application/json") {
  res.writeHead(status, { "content-type": type }).end(typeof body === "string" ? body : JSON.stringify(body));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      const chat = String(body.chat_id);
      const fault = faults.get(chat);
      faults.delete(chat);
      if (fault === "500-json-no-code") return answer(res, 500, { ok: false, description: "Internal Server Error" });
      if (fault === "503-json")
        return answer(res, 503, { ok: false, error_code: 503, description: "Service Unavailable" });
      if (fault === "502-html") return answer(res, 502, "<html><body>502 Bad Gateway</body></html>", "text/html");
      if (fault === "reset") return req.socket.destroy();
      if (fault === "stall") return; // never answers
      if (fault === "400") return answer(res, 400, { ok: false, error_code: 400, description: "Bad Request: x" });
      if (fault === "400-migrated")
        return answer(res, 400, {
          ok: false,
          error_code: 400,
          description: "Bad Request: group chat was upgraded to a supergroup chat",
          parameters: { migrate_to_chat_id: -1001557912345 },
        });
      if (fault === "403")
        return answer(res, 403, { ok: false, error_code: 403, description: "Forbidden: bot was kicked" });
      if (fault === "429")
        return answer(res, 429, {
          ok: false,
          error_code: 429,
          description: "Too Many Requests: retry after 3",
          parameters: { retry_after: 3 },
        });
      accepted.push(chat);
      answer(res, 200, { ok: true, result: { message_id: accepted.length, date: 0, chat: { id: Number(chat) } } });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await closeAll();
});

const telegram = () =>
  new TelegramSender(
    new Api("1:token", { apiRoot }),
    () => "bot",
    async () => new Uint8Array(),
    () => apiRoot,
  );

async function failureOf(fault: Fault, chat: string, timeoutMs = 5000): Promise<SendError> {
  faults.set(chat, fault);
  const paced = new PacedSender(telegram(), new SharedPacer({ perSecond: 1000, perChatPerMinute: 1000 }), {
    timeoutMs,
  });
  try {
    await paced.sendOnce({ chatId: chat, reply: { kind: "text", text: "x" } }, "bulk");
  } catch (err) {
    return err as SendError;
  }
  throw new Error("the send did not fail");
}

describe("a failed Telegram send", () => {
  it("is transient for a 5xx with or without error_code, an HTML 502, a reset connection and a timeout", async () => {
    expect((await failureOf("500-json-no-code", "-1")).failure).toBe("transient");
    expect((await failureOf("503-json", "-2")).failure).toBe("transient");
    expect((await failureOf("502-html", "-3")).failure).toBe("transient");
    expect((await failureOf("reset", "-4")).failure).toBe("transient");
    const stalled = await failureOf("stall", "-5", 1000);
    expect(stalled).toMatchObject({ failure: "transient" });
    expect(stalled.message).toContain("timed out");
  });

  it("is final only for the Bot API's explicit 400 and 403, and waits the retry_after of a 429", async () => {
    expect((await failureOf("400", "-6")).failure).toBe("rejected");
    expect((await failureOf("403", "-7")).failure).toBe("blocked");
    expect(await failureOf("429", "-8")).toMatchObject({ failure: "rate-limited", retryAfterSec: 3 });
  });

  it("is 'moved', with the new id, for a 400 that names migrate_to_chat_id (a group upgraded to a supergroup)", async () => {
    expect(await failureOf("400-migrated", "-9")).toMatchObject({ failure: "moved", movedTo: "-1001557912345" });
  });
});

describe("the outbox against a faulty Bot API", () => {
  it("delivers every message after transient faults, and fails only the explicit refusals", async () => {
    const app = await testApp({ units: false });
    const transient: Fault[] = ["500-json-no-code", "503-json", "502-html", "reset", "stall"];
    const chats = Array.from({ length: 12 }, (_, i) => `-${500 + i}`);
    chats.forEach((c, i) => {
      if (i < transient.length) faults.set(c, transient[i]!);
    });
    faults.set(chats[10]!, "400");
    faults.set(chats[11]!, "429");
    await app.services.outbox.enqueue(
      chats.map((c) => ({
        key: `k${c}`,
        platform: "telegram",
        platformChatId: c,
        kind: "notice" as const,
        reply: { kind: "text" as const, text: "thông báo" },
      })),
    );
    const failed: string[] = [];
    const worker = new OutboxWorker({
      outbox: app.services.outbox,
      senders: { telegram: telegram() },
      pacing: { telegram: { perSecond: 1000, perChatPerMinute: 20 } },
      sendTimeoutMs: 2000,
      clock: app.clock,
      logger: silentLogger,
      onFailed: async (m, f) => void failed.push(`${m.platformChatId}:${f}`),
      time: { now: () => app.clock.now().getTime(), sleep: async (ms) => app.clock.advance(ms) },
    });
    await worker.drain();
    app.clock.advance(3_000);
    await worker.drain();
    expect(failed).toEqual([`${chats[10]}:rejected`]);
    expect(new Set(accepted.filter((c) => chats.includes(c)))).toEqual(new Set(chats.filter((_, i) => i !== 10)));
    expect(await app.services.outbox.counts()).toEqual({ sent: 11, failed: 1 });
  });
});
