/**
 * A broadcast to 300 group chats through the outbox and the real grammY API client, against a fake Bot API on loopback
 * that enforces ~30 messages a second and 20 a minute per chat (429 with retry_after beyond). Prints wall time over the
 * ideal 300/30 s, lost and duplicated messages. Then the crash test: the sending process is killed with SIGKILL midway,
 * restarted, and the messages counted again.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { openDatabase } from "../src/db/client.js";
import { systemClock } from "../src/clock.js";
import { OutboxService } from "../src/services/outbox.js";
import { drainInto } from "./broadcast-worker.js";
import { startFakeBotApi } from "./fake-bot-api.js";
import { report, tempDir, timed } from "./util.js";

const CHATS = Number(process.env.BENCH_CHATS ?? 300);

async function prepare(file: string): Promise<string> {
  const url = `file:${file}`;
  const db = await openDatabase(url);
  const outbox = new OutboxService(db, systemClock);
  await outbox.enqueue(
    Array.from({ length: CHATS }, (_, i) => ({
      key: `ann:1:telegram:-${1000 + i}`,
      platform: "telegram",
      platformChatId: `-${1000 + i}`,
      kind: "announcement" as const,
      reply: {
        kind: "text" as const,
        text: `THÔNG BÁO KẾ HOẠCH số 122/KH-LĐLĐ — nhóm ${i}`,
        choices: [{ id: "ack|1", label: "Đã nhận" }],
      },
    })),
  );
  await db.$disconnect();
  return url;
}

function count(received: { key: string }[]) {
  const distinct = new Set(received.map((r) => r.key));
  return { lost: CHATS - distinct.size, duplicated: received.length - distinct.size };
}

export async function benchBroadcast(): Promise<void> {
  const dir = tempDir("bench-broadcast-");
  const api = await startFakeBotApi();
  const url = await prepare(path.join(dir, "broadcast.db"));
  const run = await timed(() => drainInto(url, api.url, "bench"));
  const ideal = (CHATS / 30) * 1000;
  const ratio = run.ms / ideal;
  const c = count(api.received);
  await api.close();
  report(
    "broadcast",
    {
      chats: CHATS,
      wall_s: run.ms / 1000,
      ideal_s: ideal / 1000,
      ratio,
      lost: c.lost,
      duplicated: c.duplicated,
      answered_429: api.rejected,
    },
    "ratio <= 1.15, 0 lost, 0 duplicated",
    ratio <= 1.15 && c.lost === 0 && c.duplicated === 0,
  );

  // Crash test: SIGKILL the sender after a third of the chats, restart it, count.
  const api2 = await startFakeBotApi();
  const url2 = await prepare(path.join(dir, "crash.db"));
  const child = (): ReturnType<typeof spawn> =>
    spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "broadcast-worker.ts"), "--child", url2, api2.url],
      { stdio: "inherit" },
    );
  const first = child();
  while (api2.received.length < CHATS / 3) await new Promise((r) => setTimeout(r, 20));
  first.kill("SIGKILL");
  await new Promise((r) => first.once("exit", r));
  const killedAt = api2.received.length;
  // The killed worker's claimed rows wait out their lock (60 s); the restarted worker then sends them.
  const second = child();
  await new Promise((r) => second.once("exit", r));
  const c2 = count(api2.received);
  await api2.close();
  report(
    "broadcast-crash",
    {
      chats: CHATS,
      received_before_kill: killedAt,
      received: api2.received.length,
      lost: c2.lost,
      duplicated: c2.duplicated,
    },
    "0 lost; duplicates only for messages accepted just before the kill",
    c2.lost === 0 && c2.duplicated <= 8,
  );
}
