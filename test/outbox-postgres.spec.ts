import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import type { Db } from "../src/db/client.js";
import { openDatabase } from "../src/db/client.js";
import { postgresConnection } from "../src/db/url.js";
import { silentLogger } from "../src/logger.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { type ClaimedMessage, type OutboxItem, OutboxService } from "../src/services/outbox.js";
import { FakeSender } from "./helpers/fake-sender.js";
import { freshSchema, postgresOrSkip } from "./helpers/postgres.js";

const server = await postgresOrSkip("the outbox on PostgreSQL");
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const T0 = new Date("2026-03-02T02:00:00.000Z");

/** One database and `n` "processes" on it: each its own OutboxService, so its own pool of connections. */
async function processes(n: number): Promise<{ db: Db; url: string; clock: FakeClock; outboxes: OutboxService[] }> {
  const s = await freshSchema(server ?? "");
  cleanups.push(s.drop);
  const db = await openDatabase(s.url);
  cleanups.push(() => db.$disconnect());
  const clock = new FakeClock(T0);
  const outboxes = Array.from({ length: n }, () => {
    const o = new OutboxService(db, clock);
    cleanups.push(() => o.close());
    return o;
  });
  return { db, url: s.url, clock, outboxes };
}

/** `perChat` messages into each of `chats` groups, numbered in queue order within the chat. */
function messages(chats: number, perChat: number, tag = "m"): OutboxItem[] {
  const items: OutboxItem[] = [];
  for (let k = 1; k <= perChat; k++)
    for (let c = 1; c <= chats; c++)
      items.push({
        key: `${tag}:${c}:${k}`,
        platform: "telegram",
        platformChatId: `-${c}`,
        kind: "announcement",
        reply: { kind: "text", text: `${k}` },
      });
  return items;
}

const textOf = (m: ClaimedMessage) => (JSON.parse(m.payload) as { text: string }).text;

describe.skipIf(!server)("the outbox on PostgreSQL", () => {
  it("queues a key once, however many processes queue the same posts at the same moment", async () => {
    const { db, outboxes } = await processes(3);
    const items = messages(40, 2, "rem");
    const added = await Promise.all(outboxes.map((o) => o.enqueue(items)));
    expect(added.reduce((a, b) => a + b, 0)).toBe(80);
    expect(await db.outboxMessage.count()).toBe(80);
    expect(await outboxes[0]!.enqueue(items.slice(0, 10))).toBe(0);
  });

  it("joins the caller's transaction: messages of a rolled-back announcement are not queued", async () => {
    const { db, outboxes } = await processes(1);
    await expect(
      db.$transaction(async (tx) => {
        await outboxes[0]!.enqueue(messages(3, 1), tx as unknown as Db);
        throw new Error("the announcement failed");
      }),
    ).rejects.toThrow("the announcement failed");
    expect(await db.outboxMessage.count()).toBe(0);
  });

  it("hands concurrent claimers disjoint rows: every message once, each chat with one worker at a time, in order", async () => {
    const { db, clock, outboxes } = await processes(3);
    await outboxes[0]!.enqueue(messages(60, 4));
    const holder = new Map<string, string>();
    const delivered = new Map<string, string[]>();
    const claimedIds: number[] = [];
    const overlaps: string[] = [];
    const work = async (outbox: OutboxService, worker: string) => {
      for (let idle = 0; idle < 3; ) {
        const rows = await outbox.claim(worker, clock.now(), 7);
        if (!rows.length) {
          idle++;
          await new Promise((r) => setImmediate(r));
          continue;
        }
        idle = 0;
        claimedIds.push(...rows.map((r) => r.id));
        for (const r of rows) {
          const other = holder.get(r.platformChatId);
          if (other && other !== worker) overlaps.push(`${r.platformChatId}: ${other} and ${worker}`);
          holder.set(r.platformChatId, worker);
        }
        for (const r of rows.sort((a, b) => a.id - b.id)) {
          await new Promise((resolve) => setImmediate(resolve));
          delivered.set(r.platformChatId, [...(delivered.get(r.platformChatId) ?? []), textOf(r)]);
          holder.delete(r.platformChatId);
          await outbox.markSent(r.id, `${worker}-${r.id}`, clock.now());
        }
      }
    };
    await Promise.all(outboxes.map((o, i) => work(o, `host-${i}/1/w`)));
    expect(claimedIds).toHaveLength(240);
    expect(new Set(claimedIds).size).toBe(240);
    expect(overlaps).toEqual([]);
    expect(delivered.size).toBe(60);
    for (const texts of delivered.values()) expect(texts).toEqual(["1", "2", "3", "4"]);
    expect(await db.outboxMessage.count({ where: { status: "sent" } })).toBe(240);
  });

  it("claims only the head of a chat's queue; a later row waits while an earlier one waits for its retry", async () => {
    const { clock, outboxes } = await processes(2);
    const [a, b] = outboxes as [OutboxService, OutboxService];
    await a.enqueue(messages(1, 3));
    const first = await a.claim("a/1/x", clock.now(), 10);
    expect(first.map(textOf)).toEqual(["1"]);
    expect(await b.claim("b/1/x", clock.now(), 10)).toEqual([]);
    await a.retryLater(first[0]!.id, new Date(T0.getTime() + 60_000), "502");
    expect(await b.claim("b/1/x", clock.now(), 10)).toEqual([]);
    clock.advance(60_000);
    const again = await b.claim("b/1/x", clock.now(), 10);
    expect(again.map((m) => [textOf(m), m.attempts])).toEqual([["1", 2]]);
    await b.markSent(again[0]!.id, "m1", clock.now());
    expect((await a.claim("a/1/x", clock.now(), 10)).map(textOf)).toEqual(["2"]);
  });

  it("skips a row another process is claiming this very moment, and takes nothing else of that chat meanwhile", async () => {
    const { url, clock, outboxes } = await processes(1);
    const [b] = outboxes as [OutboxService];
    await b.enqueue([...messages(1, 3), ...messages(1, 1, "other").map((m) => ({ ...m, platformChatId: "-2" }))]);
    // A claim of another process, caught between locking the chat's first row and committing.
    const { connectionString, schema } = postgresConnection(url);
    const elsewhere = new pg.Client({ connectionString, options: `-c search_path="${schema}"` });
    await elsewhere.connect();
    cleanups.push(() => elsewhere.end());
    await elsewhere.query("BEGIN");
    await elsewhere.query(`SELECT "id" FROM "OutboxMessage" WHERE "key" = 'm:1:1' FOR UPDATE`);
    expect((await b.claim("b/1/x", clock.now(), 10)).map((m) => m.platformChatId)).toEqual(["-2"]);
    await elsewhere.query("ROLLBACK");
    expect((await b.claim("b/1/x", clock.now(), 10)).map(textOf)).toEqual(["1"]);
  });

  it("keeps leases: renewed rows stay, a silent worker's rows are taken over, release gives them back at once", async () => {
    const { db, clock, outboxes } = await processes(3);
    const [a, b, c] = outboxes as [OutboxService, OutboxService, OutboxService];
    await a.enqueue(messages(6, 1));
    const held = await a.claim("a/1/alive", clock.now(), 2, 10_000);
    expect(held).toHaveLength(2);
    expect(await b.claim("b/2/silent", clock.now(), 2, 10_000)).toHaveLength(2);
    expect(await c.claim("c/3/dead", clock.now(), 2, 10_000)).toHaveLength(2);
    expect((await c.holders()).sort()).toEqual(["a/1/alive", "b/2/silent", "c/3/dead"]);
    expect(await a.release("c/3/dead")).toBe(2);
    const freed = await a.claim("a/1/alive", clock.now(), 10);
    expect(freed.map((m) => m.attempts)).toEqual([1, 1]);
    const tracked = [...held, ...freed].map((m) => m.id);
    for (let i = 0; i < 3; i++) {
      clock.advance(4_000);
      expect(await a.renew("a/1/alive", clock.now(), tracked, 10_000)).toBe(4);
    }
    const taken = await c.claim("c/4/new", clock.now(), 10);
    expect(taken).toHaveLength(2);
    expect(taken.map((m) => m.attempts)).toEqual([2, 2]);
    expect(await db.outboxMessage.count({ where: { lockedBy: "a/1/alive" } })).toBe(4);
    await c.markFailed(taken[0]!.id, "blocked: kicked");
    expect(await a.counts()).toEqual({ sending: 5, failed: 1 });
  });

  it("lets three workers on one database send a broadcast together, each chat exactly once", async () => {
    const { db, clock, outboxes } = await processes(3);
    const items = messages(300, 1);
    await outboxes[0]!.enqueue(items);
    const time = { now: () => clock.now().getTime(), sleep: async (ms: number) => clock.advance(ms) };
    const senders = outboxes.map(() => new FakeSender());
    const workers = outboxes.map(
      (outbox, i) =>
        new OutboxWorker({
          outbox,
          senders: { telegram: senders[i]! },
          pacing: { telegram: { perSecond: 10_000, perChatPerMinute: 20 } },
          clock,
          logger: silentLogger,
          workerId: `host-${i}/1/w`,
          isAlive: () => true,
          time,
        }),
    );
    await Promise.all(workers.map((w) => w.drain()));
    const sent = senders.flatMap((s) => s.sent.map((o) => o.chatId));
    expect(sent).toHaveLength(300);
    expect(new Set(sent).size).toBe(300);
    expect(senders.filter((s) => s.sent.length > 0).length).toBeGreaterThan(1);
    expect(await db.outboxMessage.count({ where: { status: "sent" } })).toBe(300);
    expect(await outboxes[1]!.progress(0)).toEqual({
      chats: { pending: 0, sent: 0, failed: 0 },
      files: { pending: 0, sent: 0, failed: 0 },
    });
  });
});
