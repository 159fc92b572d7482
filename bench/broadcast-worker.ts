/** The sending process of the crash test: drains the outbox of a database into a Bot API server, then exits. */
import { Api } from "grammy";
import { systemClock } from "../src/clock.js";
import { openDatabase } from "../src/db/client.js";
import { silentLogger } from "../src/logger.js";
import { TelegramSender } from "../src/platforms/telegram/sender.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { OutboxService } from "../src/services/outbox.js";

export const BENCH_TOKEN = "123:bench-token-abcdefghijklmnopqrstuvwxyz";

export async function drainInto(databaseUrl: string, apiRoot: string, workerId: string): Promise<void> {
  const db = await openDatabase(databaseUrl);
  const sender = new TelegramSender(
    new Api(BENCH_TOKEN, { apiRoot }),
    () => "bench_bot",
    async () => new Uint8Array(),
    () => apiRoot,
  );
  const worker = new OutboxWorker({
    outbox: new OutboxService(db, systemClock),
    senders: { telegram: sender },
    pacing: { telegram: { perSecond: 30, perChatPerMinute: 20 } },
    clock: systemClock,
    logger: silentLogger,
    workerId,
    concurrency: 8,
  });
  for (;;) {
    await worker.drain();
    const left = await db.outboxMessage.count({ where: { status: { in: ["pending", "sending"] } } });
    if (!left) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await db.$disconnect();
}

if (process.argv[2] === "--child") {
  await drainInto(process.argv[3]!, process.argv[4]!, `child-${process.pid}`);
}
