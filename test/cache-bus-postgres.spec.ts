import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { type CacheBus, type CacheChange, LOCAL_CACHE_BUS } from "../src/db/cache-bus.js";
import { PostgresCacheBus } from "../src/db/cache-bus-pg.js";
import { freshSchema, postgresOrSkip } from "./helpers/postgres.js";

const server = await postgresOrSkip("the cache-change bus");
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A schema and `n` processes' buses on it. */
async function buses(n: number): Promise<{ schema: string; buses: PostgresCacheBus[] }> {
  const s = await freshSchema(server ?? "");
  cleanups.push(s.drop);
  const all: PostgresCacheBus[] = [];
  for (let i = 0; i < n; i++) {
    const bus = await PostgresCacheBus.open(s.url, { reconnectMs: 5 });
    cleanups.push(() => bus.close());
    all.push(bus);
  }
  return { schema: s.schema, buses: all };
}

/** Everything a bus hears, and a way to wait for the next thing. */
function recorder(bus: CacheBus) {
  const heard: CacheChange[] = [];
  let wake: (() => void) | undefined;
  bus.subscribe((c) => {
    heard.push(c);
    wake?.();
  });
  return {
    heard,
    async next(count = heard.length + 1): Promise<CacheChange[]> {
      while (heard.length < count) await new Promise<void>((r) => (wake = r));
      return heard;
    },
  };
}

describe.skipIf(!server)("cache changes announced across processes (PostgreSQL LISTEN/NOTIFY)", () => {
  it("reach every other process on the database, not the one that made them", async () => {
    const { buses: three } = await buses(3);
    const [a, b, c] = three as [PostgresCacheBus, PostgresCacheBus, PostgresCacheBus];
    const [ra, rb, rc] = [recorder(a), recorder(b), recorder(c)];
    await a.publish("person", "12");
    await b.publish("chat", "telegram:-100");
    expect(await rc.next(2)).toEqual([
      { topic: "person", key: "12" },
      { topic: "chat", key: "telegram:-100" },
    ]);
    expect(await rb.next(1)).toEqual([{ topic: "person", key: "12" }]);
    expect(await ra.next(1)).toEqual([{ topic: "chat", key: "telegram:-100" }]);
  });

  it("stay within their schema: another bot on the same server hears none of them", async () => {
    const [mine] = (await buses(1)).buses as [PostgresCacheBus];
    const { buses: theirs } = await buses(2);
    const listener = recorder(theirs[0]!);
    await mine.publish("person", "12");
    await theirs[1]!.publish("person", "99");
    expect(await listener.next(1)).toEqual([{ topic: "person", key: "99" }]);
  });

  it("come back after the connection is lost, telling subscribers to drop everything they may have missed", async () => {
    const { schema, buses: pair } = await buses(2);
    const [a, b] = pair as [PostgresCacheBus, PostgresCacheBus];
    const [ra, rb] = [recorder(a), recorder(b)];
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    const killed = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`,
      [`union-bot cache ${schema}`],
    );
    await admin.end();
    expect(killed.rowCount).toBe(2);
    expect(await ra.next(1)).toEqual([{ topic: "all" }]);
    expect(await rb.next(1)).toEqual([{ topic: "all" }]);
    await a.publish("person", "12");
    expect(await rb.next(2)).toEqual([{ topic: "all" }, { topic: "person", key: "12" }]);
  });

  it("announce a change made while the connection was lost once it is back, as 'drop everything'", async () => {
    const { buses: pair } = await buses(2);
    const [a, b] = pair as [PostgresCacheBus, PostgresCacheBus];
    const rb = recorder(b);
    const pid = (a as unknown as { client: pg.Client & { processID: number } }).client.processID;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    await admin.end();
    // Made during the outage: the notice cannot go out now (the connection is gone, or its query fails).
    await a.publish("person", "12");
    expect(await rb.next(1)).toEqual([{ topic: "all" }]);
    await a.publish("person", "13");
    expect(await rb.next(2)).toEqual([{ topic: "all" }, { topic: "person", key: "13" }]);
  });

  it("on SQLite (one process) are nobody's business: the local bus publishes nothing and never calls back", async () => {
    let called = false;
    const stop = LOCAL_CACHE_BUS.subscribe(() => (called = true));
    await LOCAL_CACHE_BUS.publish("person", "12");
    stop();
    expect(called).toBe(false);
  });
});
