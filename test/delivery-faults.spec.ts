/**
 * Telegram's updates and the bot's messages through PostgreSQL's faults, for real: the server stops answering (a
 * TCP relay in front of it is cut) while updates arrive and messages are sent. Nothing Telegram hands over is
 * acknowledged before it is stored, so nothing is lost; it is handled once the server is back.
 */
import type { Update } from "grammy/types";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresCacheBus } from "../src/db/cache-bus-pg.js";
import { openDatabase } from "../src/db/client.js";
import { PostgresInboxStore } from "../src/db/inbox-pg.js";
import { createTelegramAdapter } from "../src/platforms/telegram/adapter.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { Scheduler } from "../src/scheduler/reminders.js";
import type { OutboxService } from "../src/services/outbox.js";
import { choicesOf, giveRole, Talker, testApp } from "./helpers/app.js";
import { FakeSender } from "./helpers/fake-sender.js";
import { pgRelay } from "./helpers/pg-relay.js";
import { freshSchema, postgresOrSkip } from "./helpers/postgres.js";
import { recordingFetch, TOKEN, webhookOf } from "./helpers/telegram.js";

const server = await postgresOrSkip("the delivery fault checks");
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

const SECRET = "delivery-secret-0123456789";

const help = (id: number, from = 77): Update => ({
  update_id: id,
  message: {
    message_id: id,
    date: 0,
    chat: { id: from, type: "private", first_name: "Thu" },
    from: { id: from, is_bot: false, first_name: "Thu", language_code: "vi" },
    text: "/trogiup",
    entities: [{ type: "bot_command", offset: 0, length: 8 }],
  },
});

/** A bot whose database (the app's and the inbox's) is reached through a relay that the test cuts. */
async function botBehindRelay(answer?: (method: string, payload: any) => unknown) {
  const schema = await freshSchema(server!);
  cleanups.push(schema.drop);
  const relay = await pgRelay(new URL(schema.url));
  cleanups.push(() => relay.close());
  const db = await openDatabase(relay.url(schema.url));
  cleanups.push(() => db.$disconnect());
  const app = await testApp({ db });
  const inbox = new PostgresInboxStore(relay.url(schema.url));
  cleanups.push(() => inbox.close());
  const api = recordingFetch(answer);
  const adapter = createTelegramAdapter({
    token: TOKEN,
    apiRoot: "http://127.0.0.1:1",
    core: app.core,
    chats: app.services.chats,
    i18n: app.i18n,
    logger: app.logger,
    fetch: api.fetch,
    idlePollDelayMs: 20,
    loadStoredFile: async () => new Uint8Array(),
    inbox,
  });
  await adapter.init();
  cleanups.push(() => adapter.stop());
  const sent = () => api.calls.filter((c) => c.method === "sendMessage");
  const stored = async (id: number) =>
    db.inboxUpdate.findUnique({ where: { platform_updateId: { platform: "telegram", updateId: String(id) } } });
  return { app, relay, adapter, api, sent, stored, direct: schema.url };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!server)("an update that arrives while PostgreSQL does not answer", () => {
  it("is answered 503 at the webhook, so Telegram delivers it again, and handled once when it comes back", async () => {
    const bot = await botBehindRelay();
    const post = await webhookOf(bot.adapter, SECRET);

    expect(await post(help(1))).toBe(200);
    await until("the first is answered", () => bot.sent().length === 1);

    await bot.relay.cut();
    expect(await post(help(2))).toBe(503);
    expect(await post(help(3, 78))).toBe(503);
    expect(bot.sent()).toHaveLength(1);

    await bot.relay.restore();
    // Telegram delivers both again: each handled, and answered, once.
    expect(await post(help(2))).toBe(200);
    expect(await post(help(3, 78))).toBe(200);
    await until(
      "both are handled",
      async () => !!(await bot.stored(2))?.handledAt && !!(await bot.stored(3))?.handledAt,
    );
    expect(await post(help(2))).toBe(200);
    expect(bot.sent().map((c) => String((c.payload as { chat_id: unknown }).chat_id))).toEqual(["77", "77", "78"]);
    expect((await bot.stored(2))?.handledAt).not.toBeNull();
    expect((await bot.stored(3))?.handledAt).not.toBeNull();
  }, 120_000);

  it("is not confirmed by polling: the next getUpdates asks for it again until it is stored", async () => {
    const pending = [help(11), help(12, 78)];
    const offsets: number[] = [];
    const bot = await botBehindRelay((method, payload: { offset?: number }) => {
      if (method !== "getUpdates") return true;
      offsets.push(payload.offset ?? 0);
      return pending.filter((u) => u.update_id >= (payload.offset ?? 0));
    });
    await bot.relay.cut();
    bot.adapter.startPolling();
    await until("getUpdates was asked three times", () => offsets.length >= 3);
    expect(bot.sent()).toHaveLength(0);
    expect(offsets.every((o) => o <= 11)).toBe(true);

    await bot.relay.restore();
    await until("both updates are answered", () => bot.sent().length >= 2);
    await until("polling confirmed them", () => offsets.at(-1) === 13);
    await until(
      "both are marked handled",
      async () => !!(await bot.stored(11))?.handledAt && !!(await bot.stored(12))?.handledAt,
    );
    expect(bot.sent()).toHaveLength(2);
  }, 120_000);
});

/** A worker of this test's outbox service, pacing on the app's fake clock. */
function workerOf(
  app: Awaited<ReturnType<typeof botBehindRelay>>["app"],
  outbox: OutboxService,
  sender: FakeSender,
  concurrency?: number,
) {
  return new OutboxWorker({
    concurrency,
    outbox,
    senders: { telegram: sender },
    pacing: { telegram: { perSecond: 10_000, perChatPerMinute: 20 } },
    clock: app.clock,
    logger: app.logger,
    workerId: "this-host/1/worker",
    isAlive: () => true,
    outcomeRetryMs: 20,
    onSettled: (m) => app.services.announcements.deliverySettled(m),
    time: { now: () => app.clock.now().getTime(), sleep: async (ms) => app.clock.advance(ms) },
  });
}

describe.skipIf(!server)("an outbox row whose outcome cannot be written", () => {
  it("is written once the database is back: each group gets the announcement once, staff one true summary", async () => {
    const { app, relay } = await botBehindRelay();
    const units = await app.db.unit.findMany({ where: { kind: "grassroots" }, orderBy: { id: "asc" }, take: 6 });
    for (const [i, u] of units.entries())
      await app.db.chat.create({
        data: { platform: "telegram", platformChatId: `-${i + 1}`, kind: "group", unitId: u.id },
      });
    const root = await app.db.unit.findFirstOrThrow({ where: { depth: 0 } });
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", root.code);
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    await staff.send("/thongbao");
    const targets = await staff.send("Kính gửi các đơn vị: họp giao ban ngày 05/7/2026.");
    await staff.press(choicesOf(await staff.press(choicesOf(targets)[0]!.id))[0]!.id);

    // The database stops answering right after the third announcement went out, before it is marked sent; it is back
    // after the worker's third try to write that.
    const real = app.services.outbox;
    let marks = 0;
    let refused = 0;
    const outbox = Object.create(real) as OutboxService;
    outbox.markSent = async (...args) => {
      if (++marks === 3) await relay.cut();
      try {
        return await real.markSent(...args);
      } catch (err) {
        if (++refused === 3) await relay.restore();
        throw err;
      }
    };
    const sender = new FakeSender();
    await workerOf(app, outbox, sender).drain();

    expect(refused).toBeGreaterThanOrEqual(3);
    const groups = sender.sent.filter((o) => o.chatId.startsWith("-")).map((o) => o.chatId);
    expect(groups.sort()).toEqual(units.map((_, i) => `-${i + 1}`).sort());
    expect(await app.db.outboxMessage.count({ where: { status: "sending" } })).toBe(0);
    const summaries = sender.sent.filter((o) => o.chatId === "1");
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.reply.kind === "text" && summaries[0]!.reply.text).toContain(
      `${units.length}/${units.length}`,
    );
  }, 120_000);

  it("stops the worker's sends until it is written; a row another worker took meanwhile is not sent twice", async () => {
    const { app, relay, direct } = await botBehindRelay();
    const outbox = app.services.outbox;
    const chats = ["-1", "-2", "-3", "-4"];
    await outbox.enqueue(
      chats.map((c) => ({
        key: `n${c}`,
        platform: "telegram",
        platformChatId: c,
        kind: "notice" as const,
        reply: { kind: "text" as const, text: `tin ${c}` },
      })),
    );
    // The database stops answering when the first notice is to be marked sent. While it is away, the lease of "-4"
    // runs out and another process takes it (written here past the relay, as that process would).
    const other = await openDatabase(direct);
    cleanups.push(() => other.$disconnect());
    const guarded = Object.create(outbox) as OutboxService;
    let refused = 0;
    guarded.markSent = async (...args) => {
      if (!refused) await relay.cut();
      try {
        return await outbox.markSent(...args);
      } catch (err) {
        if (++refused === 3) {
          await other.outboxMessage.updateMany({ where: { key: "n-4" }, data: { lockedBy: "other-host/2/worker" } });
          await relay.restore();
        }
        throw err;
      }
    };
    const sender = new FakeSender();
    // One chat after another: the outage comes while the other three are claimed and not yet sent.
    await workerOf(app, guarded, sender, 1).drain();
    // The first went out before the cut; the other two still held went out after it; "-4" is the other worker's.
    expect(sender.sent.map((o) => o.chatId).sort()).toEqual(["-1", "-2", "-3"]);
    expect(await other.outboxMessage.findUniqueOrThrow({ where: { key: "n-4" } })).toMatchObject({
      status: "sending",
      lockedBy: "other-host/2/worker",
    });
  }, 120_000);

  it("is not held by a worker that lost track of it: its lease is not renewed, and the row goes out", async () => {
    const { app } = await botBehindRelay();
    const outbox = app.services.outbox;
    await outbox.enqueue([
      { key: "lost", platform: "telegram", platformChatId: "-7", kind: "notice", reply: { kind: "text", text: "x" } },
    ]);
    // A claim whose answer never reached the worker: the row is its, and it does not know.
    expect(await outbox.claim("this-host/1/worker", app.clock.now(), 10, 900)).toHaveLength(1);
    const sender = new FakeSender();
    const worker = workerOf(app, outbox, sender);
    Object.assign(worker, { leaseMs: 900 });
    worker.start(20);
    try {
      app.clock.advance(1000);
      await until("the lost row went out", () => sender.sent.length === 1);
      await until("it is marked sent", async () => (await outbox.counts()).sent === 1);
    } finally {
      await worker.stop();
    }
    expect(sender.sent).toHaveLength(1);
  }, 120_000);
});

describe.skipIf(!server)("the scheduler's minute cut off by the database", () => {
  it("is resumed as soon as the database answers again, not left to the next minute", async () => {
    const { app, relay } = await botBehindRelay();
    const scheduler = new Scheduler(app);
    // The database stops answering in the middle of the minute's work, after the deadlines were topped up.
    const reminders = app.services.reminders;
    const queue = reminders.queueReminders.bind(reminders);
    let cut = false;
    let done = 0;
    reminders.queueReminders = async (...args) => {
      if (!cut) {
        cut = true;
        await relay.cut();
      }
      const n = await queue(...args);
      done++;
      return n;
    };
    let waits = 0;
    const queued = await scheduler.tickUntilDone(async () => {
      if (++waits === 2) await relay.restore();
    });
    expect(queued).toBeGreaterThanOrEqual(0);
    expect(waits).toBeGreaterThanOrEqual(2);
    expect(done).toBe(1);
  }, 120_000);
});

describe.skipIf(!server)("the cache-change connection", () => {
  it("announces many changes at once without handing pg a query while it runs another", async () => {
    const schema = await freshSchema(server!);
    cleanups.push(schema.drop);
    const bus = await PostgresCacheBus.open(schema.url);
    cleanups.push(() => bus.close());
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      await Promise.all(Array.from({ length: 20 }, (_, i) => bus.publish("person", String(i))));
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.includes("already executing a query"))).toEqual([]);
  });
});
