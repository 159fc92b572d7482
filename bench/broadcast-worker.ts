/**
 * The sending side of the broadcast benchmarks, wired as main.ts wires it: a TelegramSender behind the account's
 * shared pacer (30/s, 20/min per group, 1/s per private chat), the outbox worker's per-platform pipeline. Run as a
 * child process (`--child DB_URL API_ROOT`) for the crash test: it sends until the outbox is empty, then exits.
 */
import { Api } from "grammy";
import { systemClock } from "../src/clock.js";
import { type Db, openDatabase } from "../src/db/client.js";
import { silentLogger } from "../src/logger.js";
import { TelegramSender } from "../src/platforms/telegram/sender.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { PacedSender } from "../src/scheduler/paced-sender.js";
import { SharedPacer, telegramChatKind } from "../src/scheduler/pacer.js";
import { OutboxService } from "../src/services/outbox.js";

export const BENCH_TOKEN = "123:bench-token-abcdefghijklmnopqrstuvwxyz";

export interface Sending {
  db: Db;
  paced: PacedSender;
  worker: OutboxWorker;
  /** Resolves when no message is pending or being sent. */
  done(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSending(databaseUrl: string, apiRoot: string): Promise<Sending> {
  const db = await openDatabase(databaseUrl);
  const sender = new TelegramSender(
    new Api(BENCH_TOKEN, { apiRoot }),
    () => "bench_bot",
    async () => new Uint8Array(),
    () => apiRoot,
  );
  const pacer = new SharedPacer(
    { perSecond: 30, perChatPerMinute: 20, privateChatIntervalMs: 1000 },
    undefined,
    telegramChatKind,
  );
  const paced = new PacedSender(sender, pacer, { timeoutMs: 10_000 });
  const worker = new OutboxWorker({
    outbox: new OutboxService(db, systemClock),
    senders: { telegram: paced },
    clock: systemClock,
    logger: silentLogger,
  });
  worker.start(100);
  return {
    db,
    paced,
    worker,
    async done() {
      for (;;) {
        const left = await db.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } });
        if (!left) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      await worker.stop();
      await db.$disconnect();
    },
  };
}

/**
 * The bot's own replies while a broadcast runs: a burst of 30 /lienket answers into groups the broadcast serves, then
 * ten people each getting a three-message tally in their private chat. Returns each reply's wait in milliseconds.
 */
export async function interactiveReplies(paced: PacedSender): Promise<number[]> {
  const latency: number[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const reply = async (chatId: string, text: string) => {
    const t = Date.now();
    await paced.send({ chatId, reply: { kind: "text", text } });
    latency.push(Date.now() - t);
  };
  await sleep(2000);
  await Promise.all(Array.from({ length: 30 }, (_, i) => reply(`-${1000 + i * 7}`, "Đã liên kết nhóm.")));
  await sleep(8000);
  await Promise.all(
    Array.from({ length: 10 }, async (_, p) => {
      for (let m = 0; m < 3; m++) await reply(String(5000 + p), `Tổng hợp phần ${m + 1}`);
    }),
  );
  return latency;
}

if (process.argv[2] === "--child") {
  const startedAt = Date.now();
  const sending = await startSending(process.argv[3]!, process.argv[4]!);
  const replies = process.argv.includes("--replies") ? interactiveReplies(sending.paced) : Promise.resolve([]);
  await sending.done();
  const latencies = await replies;
  await sending.stop();
  console.log(JSON.stringify({ startedAt, finishedAt: Date.now(), latencies }));
}
