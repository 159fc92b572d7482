import { afterAll, describe, expect, it } from "vitest";
import { openPostgresDatabase } from "../src/db/client-pg.js";
import { PostgresSendPace } from "../src/db/send-pace-pg.js";
import { Pacer, type PaceTime, type Pacing, SharedPacer } from "../src/scheduler/pacer.js";
import { freshSchema, postgresOrSkip } from "./helpers/postgres.js";

const server = await postgresOrSkip("the shared send pace");
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const T0 = Date.parse("2026-03-02T02:00:00.000Z");
const TELEGRAM: Pacing = { perSecond: 30, perChatPerMinute: 20 };

/** A migrated schema and `n` processes' shared paces of one bot account on it, each with its own connections. */
async function paces(n: number, account = "telegram:5001"): Promise<PostgresSendPace[]> {
  const s = await freshSchema(server ?? "");
  cleanups.push(s.drop);
  const db = await openPostgresDatabase(s.url);
  await db.$disconnect();
  return Array.from({ length: n }, () => {
    const p = new PostgresSendPace(s.url, account);
    cleanups.push(() => p.close());
    return p;
  });
}

/**
 * A process's own clock: it moves only when that process sleeps (no real time passes in these tests), and, as a real
 * sleep, after what was already due ran (a send handed its slot reads the clock before the pacer's next wait moves it).
 */
function processTime(start = T0): PaceTime {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms) => {
      await null;
      t += ms;
    },
  };
}

/** The most sends inside any one second. */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[j]! <= sorted[i]! - 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** Each process sends `each` messages into groups of its own as fast as its pacer lets it; the moments they go out. */
async function broadcast(pacers: SharedPacer[], each: number): Promise<number[]> {
  const at: number[] = [];
  await Promise.all(
    pacers.map(async (pacer, p) => {
      for (let i = 0; i < each; i++) {
        await pacer.acquire(`-${p}${i}`, "bulk");
        at.push(pacer.time.now());
      }
    }),
  );
  return at;
}

describe.skipIf(!server)("one send pace per bot account across processes (PostgreSQL)", () => {
  it("hands three processes' reservations distinct slots, a spacing apart, never more than 30 in a second", async () => {
    const three = await paces(3);
    const spacing = new Pacer(TELEGRAM).spacing();
    const slots: number[] = [];
    await Promise.all(
      three.map(async (pace) => {
        for (let i = 0; i < 40; i++) slots.push(T0 + (await pace.reserve(T0, spacing)));
      }),
    );
    const sorted = [...slots].sort((a, b) => a - b);
    expect(new Set(sorted).size).toBe(120);
    expect(sorted[0]).toBe(T0);
    // A spacing apart in whole milliseconds (a process carries its fraction of one to its next reservation).
    for (let i = 1; i < sorted.length; i++)
      expect([Math.floor(spacing), Math.ceil(spacing)]).toContain(sorted[i]! - sorted[i - 1]!);
    expect(busiestSecond(slots)).toBeLessThanOrEqual(30);
  });

  it("keeps three processes' pacers together to the bot's 30 a second (alone, each would allow 30 of its own)", async () => {
    const three = await paces(3);
    const shared = three.map((pace) => new SharedPacer(TELEGRAM, processTime(), () => "group", pace));
    const together = await broadcast(shared, 60);
    expect(together).toHaveLength(180);
    expect(busiestSecond(together)).toBeLessThanOrEqual(30);
    expect(Math.max(...together) - T0).toBeGreaterThanOrEqual(179 * 34);

    const alone = [0, 1, 2].map(() => new SharedPacer(TELEGRAM, processTime()));
    expect(busiestSecond(await broadcast(alone, 60))).toBeGreaterThan(60);
  });

  it("reserves the slots of sends waiting together in one statement, eight at most, still 30 a second in all", async () => {
    const three = await paces(3);
    let statements = 0;
    const shared = three.map((pace) => {
      const counted = {
        reserve: (now: number, spacingMs: number, count?: number) => (
          statements++, pace.reserve(now, spacingMs, count)
        ),
        pause: (until: number) => pace.pause(until),
      };
      return new SharedPacer(TELEGRAM, processTime(), () => "group", counted);
    });
    const at: number[] = [];
    await Promise.all(
      shared.flatMap((pacer, p) =>
        Array.from({ length: 60 }, (_, i) => pacer.acquire(`-${p}${i}`, "bulk").then(() => at.push(pacer.time.now()))),
      ),
    );
    // Each process's first send found nobody else waiting and went alone; the other 59 went eight at a time.
    expect(statements).toBe(3 * (1 + Math.ceil(59 / 8)));
    const sorted = [...at].sort((a, b) => a - b);
    const spacing = Math.floor(new Pacer(TELEGRAM).spacing()) - 1;
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(spacing);
    expect(busiestSecond(at)).toBeLessThanOrEqual(30);
  });

  it("sends 1,000 a second when the account may (Telegram's paid broadcasts), not 500 for whole milliseconds", async () => {
    const three = await paces(3);
    const fast: Pacing = { perSecond: 1000, perChatPerMinute: 20 };
    const shared = three.map((pace) => new SharedPacer(fast, processTime(), () => "group", pace));
    const at = await broadcast(shared, 1000);
    expect(at).toHaveLength(3000);
    expect(busiestSecond(at)).toBeLessThanOrEqual(1000);
    // 1.05 ms apart: 3,000 sends in 3.15 s (rounded up to 2 ms each, they took 6 s).
    expect(Math.max(...at) - T0).toBeLessThan(3300);
  });

  it("rests every process when one of them is told to wait (a 429), and counts accounts apart", async () => {
    const [a, b] = await paces(2);
    await a!.pause(T0 + 5_000);
    const other = new SharedPacer(TELEGRAM, processTime(), () => "group", b);
    await other.acquire("-1", "bulk");
    expect(other.time.now()).toBe(T0 + 5_000);
    const spacing = new Pacer(TELEGRAM).spacing();
    expect(Math.abs((await b!.reserve(T0 + 5_000, spacing)) - spacing)).toBeLessThan(1);

    const s = await freshSchema(server ?? "");
    cleanups.push(s.drop);
    await (await openPostgresDatabase(s.url)).$disconnect();
    const [bot1, bot2] = [new PostgresSendPace(s.url, "telegram:1"), new PostgresSendPace(s.url, "telegram:2")];
    cleanups.push(
      () => bot1.close(),
      () => bot2.close(),
    );
    await bot1.pause(T0 + 60_000);
    expect(await bot2.reserve(T0, spacing)).toBe(0);
  });

  it("lets a process pace on its own when the shared row cannot be reached, saying so once", async () => {
    const s = await freshSchema(server ?? "");
    cleanups.push(s.drop);
    const warnings: string[] = [];
    const logger = { warn: (_: unknown, msg: string) => warnings.push(msg) } as never;
    const pace = new PostgresSendPace(s.url, "telegram:5001", { logger });
    cleanups.push(() => pace.close());
    expect(await pace.reserve(T0, 35)).toBe(0);
    expect(await pace.reserve(T0, 35)).toBe(0);
    expect(warnings).toEqual(["the shared send pace cannot be reached: this process paces on its own until it can"]);
  });
});
