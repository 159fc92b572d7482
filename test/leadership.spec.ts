/** One poller (or Zalo listener) per bot account across processes: the others wait as standbys and one takes over. */
import { afterAll, describe, expect, it } from "vitest";
import { leadership } from "../src/db/leadership.js";
import { freshSchema, postgresOrSkip } from "./helpers/postgres.js";

const server = await postgresOrSkip("the leadership checks");
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("leadership on SQLite", () => {
  it("is held at once: one process per database file", async () => {
    const l = leadership("telegram-poller", { engine: "sqlite", databaseUrl: "file:x.db" });
    expect(await l.held).toBe(true);
  });
});

describe.skipIf(!server)("leadership on PostgreSQL", () => {
  it("is held by one process; a standby waits, and takes over when the holder goes", async () => {
    const s = await freshSchema(server ?? "");
    cleanups.push(s.drop);
    const o = { engine: "postgresql" as const, databaseUrl: s.url, retryMs: 20 };
    const first = leadership("telegram-poller", o);
    cleanups.push(() => first.release());
    expect(await first.held).toBe(true);
    let waiting = 0;
    const standby = leadership("telegram-poller", { ...o, onWaiting: () => waiting++ });
    cleanups.push(() => standby.release());
    const other = leadership("zalo-listener", o);
    cleanups.push(() => other.release());
    expect(await other.held).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(waiting).toBe(1);
    let tookOver = false;
    void standby.held.then((h) => (tookOver = h));
    await new Promise((r) => setTimeout(r, 100));
    expect(tookOver).toBe(false);
    await first.release();
    expect(await standby.held).toBe(true);
  });

  it("is not held by another schema's bot, and a standby released before it got it says so", async () => {
    const [a, b] = [await freshSchema(server ?? ""), await freshSchema(server ?? "")];
    cleanups.push(a.drop, b.drop);
    const la = leadership("telegram-poller", { engine: "postgresql", databaseUrl: a.url });
    const lb = leadership("telegram-poller", { engine: "postgresql", databaseUrl: b.url });
    cleanups.push(
      () => la.release(),
      () => lb.release(),
    );
    expect(await la.held).toBe(true);
    expect(await lb.held).toBe(true);
    const late = leadership("telegram-poller", { engine: "postgresql", databaseUrl: a.url, retryMs: 20 });
    await late.release();
    expect(await late.held).toBe(false);
  });
});
