/**
 * No log line carries a secret, whatever throws: the bot token (grammY's error context holds it as `api.token`), the
 * webhook secret, the web view's session secret, the database password, Zalo's cookie and imei. Malformed but
 * authenticated updates go through the real webhook, a handler throws with grammY's context, a send fails with the
 * token in its URL, and errors carrying the secrets in their message, cause and fields are logged; every line written
 * is then searched for each secret.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GrammyError, HttpError } from "grammy";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { loadConfig, secretValues } from "../src/config.js";
import { createLogger } from "../src/logger.js";
import { readCredentials, saveCredentials } from "../src/platforms/zalo/login.js";
import { testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { adapterFor, freePort, recordingFetch, TOKEN } from "./helpers/telegram.js";

afterAll(closeAll);

const WEBHOOK_SECRET = "hook-Secret_0123456789abcdef";
const SESSION_SECRET = "session-secret-0123456789-abcdefghijklmnop";
const DB_PASSWORD = "p@ss:W0rd/with-odd=chars";
const DATABASE_URL = `postgresql://bot:${encodeURIComponent(DB_PASSWORD)}@127.0.0.1:5432/union`;
const ZALO = {
  imei: "3f2a9c1e-imei-5b7d-a0c4-112233445566",
  userAgent: "Mozilla/5.0",
  cookie: [{ key: "zpw_sek", value: "zpwSek.Cookie-Value.0123456789" }],
};

const user = { id: 77, is_bot: false, first_name: "Thu" };
const chat = { id: 77, type: "private" };
/** Updates whose shape broke handling in the fuzz run (issue 25): a null chat id, a number as text, no sender. */
const MALFORMED = [
  { message: { message_id: 1, date: 0, chat: { id: null, type: "private" }, from: user, text: "/start" } },
  { message: { message_id: 2, date: 0, chat, from: user, text: 12345 } },
  { callback_query: { id: "3", chat_instance: "c", data: "ack|1" } },
  { message: { message_id: 4, date: 0, chat, from: null, text: "/trogiup" } },
  { message: { message_id: 5, date: 0, chat: { id: "77", type: "private" }, from: user, caption: ["x"] } },
  { callback_query: { id: "6", from: { id: "seven" }, chat_instance: "c", data: 42 } },
  { message: { message_id: 7, date: 0, chat, from: user, text: "/vaitro", entities: "bot_command" } },
  { edited_message: { message_id: 8, date: 0, chat, from: user, text: "sửa" } },
];

describe("the log never carries a secret", () => {
  it("hides the token, the webhook, session and database secrets and Zalo's login, whatever is logged", async () => {
    const env = {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_MODE: "webhook",
      TELEGRAM_WEBHOOK_URL: "https://bot.example.org/tg/hook",
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      WEB_SESSION_SECRET: SESSION_SECRET,
    };
    const base = await testApp({ env });
    const lines: string[] = [];
    const secrets = [...secretValues(base.config), ...secretValues(loadConfig({ DATABASE_URL }, os.tmpdir()))];
    expect(secrets).toEqual(expect.arrayContaining([TOKEN, WEBHOOK_SECRET, SESSION_SECRET, DB_PASSWORD]));
    const logger = createLogger({ level: "trace", destination: { write: (l: string) => void lines.push(l) }, secrets });
    const credentials = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "log-secrets-")), "zalo.json");
    saveCredentials(credentials, ZALO);
    readCredentials(credentials);

    const app = createApp({ config: base.config, db: base.db, logger, clock: base.clock });
    // The first send meets a network fault: grammY's HttpError wraps a fetch failure whose message names the URL.
    const { fetch: answering } = recordingFetch();
    let faults = 1;
    const fetchImpl = (async (input: unknown, init?: unknown) => {
      if (String(input).endsWith("/sendMessage") && faults-- > 0)
        throw new TypeError(`fetch failed: connect ECONNREFUSED ${String(input)}`, { cause: { url: String(input) } });
      return answering(input as string, init as RequestInit);
    }) as typeof fetch;
    const adapter = adapterFor(app, "http://127.0.0.1:1", fetchImpl);
    await adapter.init();
    // Whatever a later handler throws reaches bot.catch as a BotError holding grammY's context (and so `api.token`).
    adapter.bot.on("edited_message", () => {
      throw new Error("a handler failed");
    });
    const port = await freePort();
    await adapter.startWebhook({ url: env.TELEGRAM_WEBHOOK_URL, secret: WEBHOOK_SECRET, host: "127.0.0.1", port });
    const post = (body: unknown, secret = WEBHOOK_SECRET) =>
      globalThis
        .fetch(`http://127.0.0.1:${port}/tg/hook`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
          body: JSON.stringify(body),
        })
        .then((r) => r.status);
    try {
      for (const [i, update] of MALFORMED.entries()) expect(await post({ update_id: 100 + i, ...update })).toBe(200);
      const start = { message: { message_id: 9, date: 0, chat, from: user, text: "/start" } };
      expect(await post({ update_id: 200, ...start })).toBe(200);
      expect(await post({ update_id: 201, ...start }, `${WEBHOOK_SECRET}x`)).toBe(401);
    } finally {
      await adapter.stop();
    }

    // Errors and objects that carry the secrets in their message, their cause, their fields and nested options.
    const everything = `${TOKEN} ${WEBHOOK_SECRET} ${SESSION_SECRET} ${DATABASE_URL} ${ZALO.imei} ${ZALO.cookie[0]!.value}`;
    const request = { url: `http://127.0.0.1:1/bot${TOKEN}/getMe`, headers: { cookie: ZALO.cookie[0]!.value } };
    logger.error({ err: new Error(`could not connect: ${everything}`, { cause: new Error(everything) }) }, "one");
    logger.error({ err: Object.assign(new Error("with fields"), { request, options: { everything } }) }, "two");
    logger.error(
      {
        err: new GrammyError("call failed", { ok: false, error_code: 400, description: "x" }, "sendMessage", {
          text: everything,
        }),
      },
      "three",
    );
    logger.error({ err: new HttpError("network", new Error(everything)) }, "four");
    logger.warn({ failure: everything, error: String(new Error(everything)), request }, everything);
    logger.child({ platform: "telegram", updateId: "1" }).error({ err: new Error(everything) }, everything);

    const log = lines.join("");
    expect(lines.length).toBeGreaterThan(8);
    expect(log).toContain("[hidden]");
    for (const secret of [TOKEN, TOKEN.split(":")[1]!, WEBHOOK_SECRET, SESSION_SECRET, DB_PASSWORD, ZALO.imei])
      expect(log).not.toContain(secret);
    expect(log).not.toContain(encodeURIComponent(DB_PASSWORD));
    expect(log).not.toContain(ZALO.cookie[0]!.value);
  }, 60_000);
});
