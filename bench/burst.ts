/**
 * #33's burst: an announcement went to 2,000 groups and ten members of each press "Đã nhận", 20,000 presses posted
 * within 60 s (one every 3 ms, 40 requests in flight at most, as Telegram keeps up to 40 webhook connections) to one
 * real bot process (src/main.ts, Telegram webhook mode) on SQLite, or on PostgreSQL with --postgresql. The fake Bot API
 * enforces Telegram's limits (30 a second for the bot, 20 a minute a group). Measured: from each press's planned
 * arrival to the webhook's 200 (the update is stored), each press stored once and handled, one acknowledgement per
 * unit, and the answers: how many went out while the bench watched, how many were refused (429), and how long the rest
 * takes at 30 a second. Each group gets ten answers (one "received", nine "already"), 20,000 in all: at Telegram's
 * 30 a second they take at least 11 minutes whatever the bot does, so the bench does not wait for all of them.
 */
import path from "node:path";
import { FakeClock } from "../src/clock.js";
import { type Db, openDatabase } from "../src/db/client.js";
import { testApp } from "../test/helpers/app.js";
import { type BotProcess, startBotProcesses, stopBotProcesses } from "../test/helpers/bot-processes.js";
import { startFakeBotApi } from "../test/helpers/fake-bot-api.js";
import { presses, seedPresses } from "../test/helpers/presses.js";
import { BENCH_ENGINE, benchSchema } from "./bench-db.js";
import { report, tempDir } from "./util.js";

const GROUPS = Number(process.env.BENCH_BURST_GROUPS ?? 2000);
const PER_GROUP = 10;
const WINDOW_MS = 60_000;
const IN_FLIGHT = 40;
/** How long the bench watches the answers go out after the last press was stored. */
const WATCH_MS = Number(process.env.BENCH_BURST_WATCH_MS ?? 30_000);
/** The bench stops posting after this long (an intake far below the burst's pace would take many minutes). */
const MAX_MS = Number(process.env.BENCH_BURST_MAX_MS ?? 180_000);
/** How long the bench waits, after the last post, for the core to have handled every press. */
const HANDLED_WAIT_MS = Number(process.env.BENCH_BURST_HANDLED_WAIT_MS ?? 120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The database: a fresh PostgreSQL schema, or a SQLite file in a temporary folder. */
async function database(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  if (BENCH_ENGINE === "postgresql") return benchSchema("burst");
  return { url: `file:${path.join(tempDir("bench-burst-"), "burst.db")}`, drop: async () => undefined };
}

/** The province's 2,000 groups, ten members of each, and an announcement addressed to every unit with a group. */
async function seed(db: Db): Promise<number> {
  const app = await testApp({ db, clock: new FakeClock(new Date()), units: false });
  return seedPresses(db, app, GROUPS, PER_GROUP);
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Posts the presses on their schedule, `IN_FLIGHT` at most at once; each press's ms from planned arrival to 200. */
async function burst(bot: BotProcess, updates: object[]): Promise<{ waits: number[]; failed: number; ms: number }> {
  const waits: number[] = [];
  let failed = 0;
  let next = 0;
  const start = Date.now() + 200;
  const gap = WINDOW_MS / updates.length;
  const lane = async () => {
    while (next < updates.length) {
      if (Date.now() - start > MAX_MS) return; // the rest is left unposted: the report says how many went in
      const i = next++;
      const planned = start + i * gap;
      if (planned > Date.now()) await sleep(planned - Date.now());
      for (;;) {
        const status = await bot.post(updates[i]!).catch(() => 0);
        if (status === 200) break;
        failed++;
        await sleep(500); // Telegram delivers it again later
      }
      waits.push(Date.now() - planned);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return { waits: waits.sort((a, b) => a - b), failed, ms: Date.now() - start };
}

export async function benchBurst(): Promise<void> {
  const store = await database();
  if (!store) return;
  const api = await startFakeBotApi();
  const db = await openDatabase(BENCH_ENGINE === "postgresql" ? `${store.url}&connection_limit=3` : store.url);
  let processes: BotProcess[] = [];
  try {
    const announcementId = await seed(db);
    processes = await startBotProcesses(1, {
      databaseUrl: BENCH_ENGINE === "postgresql" ? `${store.url}&connection_limit=10` : store.url,
      apiRoot: api.url,
      startTimeoutMs: 120_000,
      nodeArgs: process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean),
    });
    const planned = presses(GROUPS, PER_GROUP, announcementId);
    const load = (await import("node:os")).loadavg()[0]!;
    const b = await burst(processes[0]!, planned);
    const storedAt = Date.now();
    // The bot gets nothing but the presses, so the inbox's rows are theirs (counted whole: SQLite takes at most 999
    // parameters). Handled by the core: its replies are written to the row before they queue for a send slot (the row
    // is marked handled only once they went out, which the bot-wide 30 a second spreads over minutes).
    const handled = () =>
      db.inboxUpdate.count({ where: { OR: [{ handledAt: { not: null } }, { replies: { not: null } }] } });
    let handledAll = 0;
    while (Date.now() - storedAt < HANDLED_WAIT_MS && (await handled()) < b.waits.length) await sleep(500);
    if ((await handled()) >= b.waits.length) handledAll = Date.now() - storedAt;
    const remaining = WATCH_MS - (Date.now() - storedAt);
    if (remaining > 0) await sleep(remaining);
    const watchedS = (Date.now() - storedAt + b.ms) / 1000;
    const answers = api.received.filter((r) => r.chat.startsWith("-"));
    const perGroup = new Map<string, number>();
    for (const r of answers) perGroup.set(r.chat, (perGroup.get(r.chat) ?? 0) + 1);
    const overfull = [...perGroup.values()].filter((n) => n > PER_GROUP).length;
    const stored = await db.inboxUpdate.count();
    const acks = await db.acknowledgement.count({ where: { announcementId } });
    const p99 = quantile(b.waits, 0.99);
    report(
      `burst-${BENCH_ENGINE}`,
      {
        presses: planned.length,
        posted: b.waits.length,
        posted_in_s: b.ms / 1000,
        intake_per_s: b.waits.length / (b.ms / 1000),
        p50_ms: quantile(b.waits, 0.5),
        p99_ms: p99,
        max_ms: b.waits.at(-1) ?? 0,
        refused_by_webhook: b.failed,
        stored,
        handled_s_after_last: handledAll ? handledAll / 1000 : `not within ${HANDLED_WAIT_MS / 1000} s`,
        acknowledged_units: acks,
        answers_sent: answers.length,
        answers_per_s: answers.length / watchedS,
        groups_over_10_answers: overfull,
        refused_429: api.rejected,
        rest_of_answers_min: (planned.length - answers.length) / 30 / 60,
        load_1min: load,
      },
      "each stored once, p99 < 1000 ms, answers within the limits",
      b.waits.length === planned.length &&
        stored === planned.length &&
        acks === GROUPS &&
        p99 < 1000 &&
        overfull === 0 &&
        api.rejected === 0,
    );
  } finally {
    await stopBotProcesses(processes);
    await db.$disconnect();
    await api.close();
    await store.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchBurst();
  process.exit();
}
