/**
 * The webhook's intake is not held by the bot's sending pace: an update is answered 200 as soon as it is stored, and
 * handled after; a chat's lock covers the handling only, never the wait for a send slot; a chat's replies go out in
 * the order of its updates, never interleaved.
 */
import type { Update } from "grammy/types";
import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import type { ChatLock } from "../src/db/chat-lock.js";
import { databaseFile, databaseUrlOf, engineOf } from "../src/db/client.js";
import { PostgresInboxStore } from "../src/db/inbox-pg.js";
import { InboxStore } from "../src/db/inbox-sqlite.js";
import type { UpdateInbox } from "../src/db/inbox-store.js";
import { createTelegramAdapter } from "../src/platforms/telegram/adapter.js";
import { testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { recordingFetch, TOKEN, webhookOf } from "./helpers/telegram.js";

afterAll(closeAll);

const SECRET = "intake-secret-0123456789";

const text = (id: number, words: string, from = 77): Update => ({
  update_id: id,
  message: {
    message_id: id,
    date: 0,
    chat: { id: from, type: "private", first_name: "Thu" },
    from: { id: from, is_bot: false, first_name: "Thu", language_code: "vi" },
    text: words,
    ...(words.startsWith("/")
      ? { entities: [{ type: "bot_command" as const, offset: 0, length: words.split(" ")[0]!.length }] }
      : {}),
  },
});

function inboxOf(app: App): UpdateInbox {
  return engineOf(app.db) === "postgresql"
    ? new PostgresInboxStore(databaseUrlOf(app.db))
    : new InboxStore(databaseFile(app.db)!);
}

/** A gate the Bot API's sendMessage waits at: nothing goes out until the test opens it (a send slot far away). */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the webhook's intake", () => {
  it("answers an update once it is stored, handles it under the chat's lock, and sends its replies after, in order", async () => {
    const app = await testApp();
    const g = gate();
    const api = recordingFetch();
    const sentTexts: string[] = [];
    const fetchImpl = (async (input: string, init?: { body?: string }) => {
      if (String(input).endsWith("/sendMessage")) {
        await g.opened;
        sentTexts.push(JSON.parse(init?.body ?? "{}").text);
      }
      return api.fetch(input, init as RequestInit);
    }) as unknown as typeof fetch;
    let held = 0;
    const handledWhileLocked: number[] = [];
    const lock: ChatLock = {
      async run(_platform, _chat, fn) {
        held++;
        try {
          return await fn();
        } finally {
          held--;
        }
      },
      close: async () => undefined,
    };
    const inbox = inboxOf(app);
    const core = Object.create(app.core) as typeof app.core;
    core.handle = async (event, ctx) => {
      handledWhileLocked.push(held);
      return app.core.handle(event, ctx);
    };
    const adapter = createTelegramAdapter({
      token: TOKEN,
      apiRoot: "http://127.0.0.1:1",
      core,
      chats: app.services.chats,
      i18n: app.i18n,
      logger: app.logger,
      fetch: fetchImpl,
      loadStoredFile: async () => new Uint8Array(),
      inbox,
      chatLock: lock,
    });
    await adapter.init();
    const post = await webhookOf(adapter, SECRET);
    const handled = async (id: number) =>
      !!(
        await app.db.inboxUpdate.findUnique({
          where: { platform_updateId: { platform: "telegram", updateId: String(id) } },
        })
      )?.handledAt;
    try {
      // A wrong answer's two replies and the next update's reply wait for their slots; the webhook has answered all.
      expect(await post(text(1, "/ngonngu"))).toBe(200);
      expect(await post(text(2, "9"))).toBe(200);
      expect(await post(text(3, "/trogiup"))).toBe(200);
      expect(await app.db.inboxUpdate.count({ where: { updateId: { in: ["1", "2", "3"] } } })).toBe(3);
      // All three handled while the first reply still waits: the lock was not held for the send slot.
      await until("the three are handled by the core", () => handledWhileLocked.length === 3);
      expect(handledWhileLocked).toEqual([1, 1, 1]);
      expect(held).toBe(0);
      expect(sentTexts).toEqual([]);
      expect(await handled(1)).toBe(false);

      g.open();
      await until(
        "all three are marked handled",
        async () => (await handled(1)) && (await handled(2)) && (await handled(3)),
      );
      // In the order of the updates: the language question, the wrong answer's two replies, then the help.
      expect(sentTexts).toHaveLength(4);
      expect(sentTexts[0]).toBe(sentTexts[2]);
      expect(sentTexts[3]).toContain("/trogiup");
    } finally {
      await adapter.stop();
      await inbox.close();
    }
  }, 120_000);
});
