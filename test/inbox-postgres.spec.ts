/**
 * The Telegram inbox shared by several processes on PostgreSQL: an update Telegram delivers to two processes is
 * handled by one; one left unhandled by a process that died is taken over by exactly one other, once it is stale.
 */
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { PostgresInboxStore } from "../src/db/inbox-pg.js";
import { freshSchema, postgresOrSkip } from "./helpers/postgres.js";

const server = await postgresOrSkip("the shared inbox checks");
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Three "processes" on one schema, each with its inbox, all reading one movable clock. */
async function inboxes(clock: { at: Date }, staleMs: number | null = 60_000) {
  const s = await freshSchema(server ?? "");
  cleanups.push(s.drop);
  const db = await openDatabase(s.url);
  cleanups.push(() => db.$disconnect());
  const open = () => {
    const inbox = new PostgresInboxStore(s.url, () => clock.at, staleMs ?? undefined);
    cleanups.push(() => inbox.close());
    return inbox;
  };
  return { db, inboxes: [open(), open(), open()] };
}

const update = (id: number) => ({ updateId: String(id), payload: JSON.stringify({ update_id: id }) });

describe.skipIf(!server)("the inbox on PostgreSQL", () => {
  it("lets exactly one of three processes take an update delivered to all three at once", async () => {
    const clock = { at: new Date("2026-03-02T02:00:00Z") };
    const {
      inboxes: [a, b, c],
    } = await inboxes(clock);
    for (let id = 1; id <= 50; id++) {
      const taken = await Promise.all([a, b, c].map((x) => x!.take("telegram", update(id))));
      expect(taken.filter(Boolean)).toHaveLength(1);
    }
  });

  it("stores updates arriving together in one statement, each new one handled once, one delivered twice at once once", async () => {
    const clock = { at: new Date("2026-03-02T02:00:00Z") };
    const {
      db,
      inboxes: [a],
    } = await inboxes(clock);
    const ids = [61, 62, 62, 63, 61, 64];
    const taken = await Promise.all(ids.map((id) => a!.take("telegram", update(id))));
    expect(taken).toEqual([true, true, false, true, false, true]);
    expect(await db.inboxUpdate.count()).toBe(4);
    await Promise.all([61, 62, 63, 64].map((id) => a!.markHandled("telegram", String(id))));
    expect(await db.inboxUpdate.count({ where: { handledAt: { not: null } } })).toBe(4);
  });

  it("tells each update asked about at once whether an earlier one of its chat waits in another process", async () => {
    const clock = { at: new Date("2026-03-02T02:00:00Z") };
    const {
      inboxes: [a, b],
    } = await inboxes(clock);
    const takeAll = async (inbox: PostgresInboxStore, taken: [number, string][]) => {
      for (const [id, chatId] of taken) await inbox.take("telegram", { ...update(id), chatId });
    };
    await takeAll(a!, [
      [71, "X"],
      [72, "X"],
      [73, "Y"],
    ]);
    await takeAll(b!, [
      [74, "X"],
      [75, "Y"],
      [76, "Z"],
    ]);
    const ask = (inbox: PostgresInboxStore, asked: [number, string][]) =>
      Promise.all(asked.map(([id, chat]) => inbox.earlierPending("telegram", String(id), chat)));
    expect(
      await ask(b!, [
        [74, "X"],
        [75, "Y"],
        [76, "Z"],
        [73, "Y"],
      ]),
    ).toEqual([true, true, false, false]);
    // A process does not wait for what it is handling itself.
    expect(
      await ask(a!, [
        [72, "X"],
        [73, "Y"],
      ]),
    ).toEqual([false, false]);
    await Promise.all([71, 72].map((id) => a!.markHandled("telegram", String(id))));
    expect(
      await ask(b!, [
        [74, "X"],
        [75, "Y"],
      ]),
    ).toEqual([false, true]);
  });

  it("gives a polled batch to the process that stored it, and nothing once handled", async () => {
    const clock = { at: new Date("2026-03-02T02:00:00Z") };
    const {
      inboxes: [a, b],
    } = await inboxes(clock);
    expect(await a!.store("telegram", [update(7), update(8)])).toBe(2);
    expect(await b!.take("telegram", update(7))).toBe(false);
    expect(await a!.take("telegram", update(7))).toBe(true);
    await a!.markHandled("telegram", "7");
    expect(await a!.take("telegram", update(7))).toBe(false);
    clock.at = new Date(clock.at.getTime() + 3_600_000);
    expect(await b!.take("telegram", update(7))).toBe(false);
  });

  it("hands what a dead process held to one other process once it is stale, oldest first, and then never again", async () => {
    const clock = { at: new Date("2026-03-02T02:00:00Z") };
    const {
      db,
      inboxes: [dead, b, c],
    } = await inboxes(clock);
    await dead!.store("telegram", [update(12), update(11)]);
    await dead!.take("telegram", update(13));
    expect(await b!.takeStale("telegram")).toEqual([]);
    expect(await b!.take("telegram", update(11))).toBe(false);

    clock.at = new Date(clock.at.getTime() + 61_000);
    const [fromB, fromC] = await Promise.all([b!.takeStale("telegram"), c!.takeStale("telegram")]);
    const ids = (us: { updateId: string }[]) => us.map((u) => u.updateId);
    expect([...ids(fromB), ...ids(fromC)].sort()).toEqual(["11", "12", "13"]);
    for (const [inbox, taken] of [
      [b!, fromB],
      [c!, fromC],
    ] as const) {
      expect(ids(taken)).toEqual([...ids(taken)].sort());
      for (const u of taken) {
        expect(await inbox.take("telegram", u)).toBe(true);
        await inbox.markHandled("telegram", u.updateId);
      }
    }
    clock.at = new Date(clock.at.getTime() + 3_600_000);
    expect(await c!.takeStale("telegram")).toEqual([]);
    expect(await db.inboxUpdate.count({ where: { handledAt: null } })).toBe(0);
  });

  it("takes over a dead process's updates within seconds, never a live one's: a heartbeat, not minutes of staleness", async () => {
    const clock = { at: new Date("2026-03-02T02:00:00Z") };
    const {
      inboxes: [alive, dies, other],
    } = await inboxes(clock, null);
    await alive!.store("telegram", [update(21)]);
    await dies!.store("telegram", [update(22)]);
    // A minute of handling update 21 (a large file): its process's heartbeat keeps it.
    for (let s = 0; s < 60; s += 5) {
      clock.at = new Date(clock.at.getTime() + 5_000);
      await alive!.heartbeat();
      if (s === 0) await dies!.close();
    }
    expect((await other!.takeStale("telegram")).map((u) => u.updateId)).toEqual(["22"]);
    // 20 s after the dead process's last heartbeat, not 5 minutes.
    const fresh = await inboxes(clock, null);
    await fresh.inboxes[0]!.store("telegram", [update(23)]);
    await fresh.inboxes[0]!.close();
    clock.at = new Date(clock.at.getTime() + 20_000);
    expect((await fresh.inboxes[1]!.takeStale("telegram")).map((u) => u.updateId)).toEqual(["23"]);
  });

  it("writes a refused 'handled' mark again until it is taken, and ignores the update delivered again meanwhile", async () => {
    const clock = { at: new Date("2026-03-02T02:00:00Z") };
    const {
      db,
      inboxes: [a],
    } = await inboxes(clock, null);
    expect(await a!.take("telegram", update(31))).toBe(true);
    expect(await a!.take("telegram", update(31))).toBe(false);
    // The first attempt meets a broken connection (as during a server restart); the next ones go through.
    const pool = (a as unknown as { pool: { query: (...args: unknown[]) => Promise<unknown> } }).pool;
    const query = pool.query.bind(pool);
    let refused = 0;
    const textOf = (q: unknown) => (typeof q === "string" ? q : (q as { text: string }).text);
    pool.query = (...args: unknown[]) =>
      textOf(args[0]).includes('SET "handledAt"') && refused < 2
        ? Promise.reject(new Error(`Connection terminated unexpectedly (${++refused})`))
        : query(...args);
    await a!.markHandled("telegram", "31");
    expect(refused).toBe(2);
    expect(await db.inboxUpdate.count({ where: { updateId: "31", handledAt: { not: null } } })).toBe(1);
  });
});
