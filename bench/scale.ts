/**
 * Conversation throughput of several bot processes on one PostgreSQL schema against one process on its own schema, in
 * the same run: real processes (test/helpers/bot-processes.ts: src/main.ts, Telegram webhook mode, a fake Bot API
 * without limits), updates posted to the webhooks as a round-robin load balancer would, so consecutive updates of one
 * member reach different processes. Each member has met the bot (/start, not timed), then /ngonngu → a wrong answer →
 * presses English → /ngonngu → types 1. Every member's step k goes out before anyone's step k+1 (a member answers a
 * few seconds later, as people do; the bot paces replies to one private chat at one a second, so a wrong answer's two
 * replies take a second). BENCH_IN_FLIGHT requests are in flight in all, however many processes share them: Telegram
 * keeps up to 40 webhook connections open to one bot (setWebhook's max_connections). PostgreSQL only. The report
 * gives the ceiling that pacing sets (ceiling_per_s): with few members a step lasts at least a reply's gap, whatever
 * the processes do; BENCH_SCALE_USERS=2000 makes the processes' own work the limit.
 */
import type pg from "pg";
import { openDatabase } from "../src/db/client.js";
import { pgPool } from "../src/db/pg-pool.js";
import { Pacer, PRIVATE_MARGIN_MS } from "../src/scheduler/pacer.js";
import {
  type BotProcess,
  LANGUAGE_STEPS,
  messageUpdate,
  startBotProcesses,
  stopBotProcesses,
} from "../test/helpers/bot-processes.js";
import { startFakeBotApi } from "../test/helpers/fake-bot-api.js";
import { BENCH_ENGINE, benchSchema } from "./bench-db.js";
import { report, timed } from "./util.js";

const USERS = Number(process.env.BENCH_SCALE_USERS ?? 600);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 40);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 3);
const GLOBAL_PER_SECOND = 1000;

/**
 * Posts every update, `IN_FLIGHT` at a time, each to the next process in turn, then waits until all are handled (the
 * webhook answers once an update is stored; it is handled, and its replies sent, after).
 */
async function feed(db: pg.Pool, processes: BotProcess[], updates: object[]): Promise<void> {
  let next = 0;
  let turn = 0;
  const lane = async () => {
    while (next < updates.length) {
      const update = updates[next++]!;
      const status = await processes[turn++ % processes.length]!.post(update);
      if (status !== 200) throw new Error(`webhook answered ${status}`);
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  const posted = Date.now() - t0;
  // Every update was stored before its webhook answered: the step is through once none is left unhandled. One plain
  // query every 20 ms: the bench's own watching takes little of the machine's two cores from the processes measured.
  const pending = async () =>
    (await db.query(`SELECT 1 FROM "InboxUpdate" WHERE "handledAt" IS NULL LIMIT 1`)).rowCount! > 0;
  while (await pending()) await new Promise((r) => setTimeout(r, 20));
  if (process.env.BENCH_VERBOSE)
    console.log(`step: ${updates.length} posted in ${posted} ms, handled after ${Date.now() - t0} ms`);
}

/**
 * The most updates a second any bot could be measured at here: a member's reply goes out at least a second and the
 * pacer's margin after the one before (Telegram's private-chat rule), and a step is over when its last reply went
 * out; nor can the account send faster than its global rate.
 */
function ceiling(replies: number): number {
  const perMember = (replies / USERS) * (1000 + PRIVATE_MARGIN_MS);
  const all = replies * new Pacer({ perSecond: GLOBAL_PER_SECOND, perChatPerMinute: 20 }).spacing();
  return (USERS * LANGUAGE_STEPS.length) / (Math.max(perMember, all) / 1000);
}

/** Updates per second of `count` processes on a fresh schema, how many members finished, and the bench's ceiling. */
async function run(count: number): Promise<{ perSecond: number; finished: number; ceiling: number } | undefined> {
  const schema = await benchSchema("scale");
  if (!schema) return undefined;
  const api = await startFakeBotApi({ perSecond: 1e9, perGroupPerMinute: 1e9, privateIntervalMs: 0 });
  // Applies the migrations once, before the processes start.
  await (await openDatabase(schema.url)).$disconnect();
  const db = pgPool(schema.url, { max: 1 });
  let processes: BotProcess[] = [];
  try {
    processes = await startBotProcesses(count, {
      // Six for queries (each process also opens up to 16 for chat locks and a few for the inbox, pace and bus): three
      // processes stay well within a default server's 100 connections.
      databaseUrl: `${schema.url}&connection_limit=6`,
      apiRoot: api.url,
      env: { OUTBOX_GLOBAL_PER_SECOND: String(GLOBAL_PER_SECOND), LOG_LEVEL: "info" },
      nodeArgs: process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean),
    });
    const users = Array.from({ length: USERS }, (_, i) => 10_000 + i);
    await feed(
      db,
      processes,
      users.map((u) => messageUpdate(u, "/start")),
    );
    const before = api.received.length;
    const t = await timed(async () => {
      for (const step of LANGUAGE_STEPS) await feed(db, processes, users.map(step));
    });
    const replies = api.received.length - before;
    const finished = Number(
      (await db.query<{ n: string }>(`SELECT count(*) AS n FROM "Person" WHERE "language" = 'vi'`)).rows[0]!.n,
    );
    return { perSecond: (USERS * LANGUAGE_STEPS.length) / (t.ms / 1000), finished, ceiling: ceiling(replies) };
  } finally {
    await stopBotProcesses(processes);
    await db.end();
    await api.close();
    await schema.drop();
  }
}

export async function benchScale(): Promise<void> {
  if (BENCH_ENGINE !== "postgresql") {
    console.log("scale: SKIPPED on SQLite: several processes need PostgreSQL (npm run bench -- --postgresql scale)");
    return;
  }
  const one = await run(1);
  if (!one) return;
  const many = await run(PROCESSES);
  if (!many) return;
  const ratio = many.perSecond / one.perSecond;
  report(
    "scale-postgresql",
    {
      updates: USERS * LANGUAGE_STEPS.length,
      in_flight: IN_FLIGHT,
      one_process_per_s: one.perSecond,
      [`processes_${PROCESSES}_per_s`]: many.perSecond,
      ratio,
      ceiling_per_s: one.ceiling,
      finished: `${one.finished}/${many.finished} of ${USERS}`,
    },
    `${PROCESSES} processes >= 1`,
    ratio >= 1 && one.finished === USERS && many.finished === USERS,
  );
}
