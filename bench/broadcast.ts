/**
 * Broadcast at province scale, against a fake Bot API that enforces Telegram's limits (test/helpers/fake-bot-api.ts), all
 * in one run:
 *   broadcast        2,000 groups (BENCH_CHATS) with the bot's own replies (a burst of 30 group replies, 10 people
 *                    getting 3 messages each) going out meanwhile: wall ÷ 2000/30 s, lost, duplicated, 429s;
 *   broadcast-tree   20,000 units and 5,000 linked groups: /thongbao to the whole tree through the bot core;
 *   broadcast-crash  SIGKILL the sending process after a third of 300 groups, restart: lost, duplicated, how soon the
 *                    restarted process sends again, and how many sends were in flight at the kill;
 *   broadcast-faults 600 groups while 2% of requests answer 500 / an HTML 502 / a reset connection: lost.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { systemClock } from "../src/clock.js";
import { openDatabase } from "../src/db/client.js";
import { OutboxService } from "../src/services/outbox.js";
import { choicesOf, giveRole, lastText, Talker, testApp } from "../test/helpers/app.js";
import { bigTree } from "../test/helpers/big-tree.js";
import { type Received, startFakeBotApi } from "../test/helpers/fake-bot-api.js";
import { startSending } from "./broadcast-worker.js";
import { report, tempDir, timed } from "./util.js";

const CHATS = Number(process.env.BENCH_CHATS ?? 2000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function prepare(file: string, chats: number): Promise<string> {
  const url = `file:${file}`;
  const db = await openDatabase(url);
  const outbox = new OutboxService(db, systemClock);
  await outbox.enqueue(
    Array.from({ length: chats }, (_, i) => ({
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

/** Lost and duplicated broadcast messages (group chats only; replies into groups carry other texts). */
function count(received: Received[], chats: number) {
  const broadcast = received.filter((r) => r.key.includes("THÔNG BÁO"));
  const distinct = new Set(broadcast.map((r) => r.key));
  return { lost: chats - distinct.size, duplicated: broadcast.length - distinct.size };
}

/** The sending process (bench/broadcast-worker.ts) as a child, so the fake Bot API does not share its CPU. */
function sender(url: string, apiRoot: string, ...flags: string[]) {
  return spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "broadcast-worker.ts"), "--child", url, apiRoot, ...flags],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
}

async function benchScale(dir: string): Promise<void> {
  const api = await startFakeBotApi();
  const url = await prepare(path.join(dir, "broadcast.db"), CHATS);
  const child = sender(url, api.url, "--replies");
  let out = "";
  child.stdout.on("data", (d) => (out += String(d)));
  await new Promise((r) => child.once("exit", r));
  const result = JSON.parse(out.trim().split("\n").pop()!) as {
    startedAt: number;
    finishedAt: number;
    latencies: number[];
  };
  const replyLatency = result.latencies;
  const run = { ms: result.finishedAt - result.startedAt };
  const ideal = (CHATS / 30) * 1000;
  const ratio = run.ms / ideal;
  const c = count(api.received, CHATS);
  await api.close();
  report(
    "broadcast",
    {
      chats: CHATS,
      replies: replyLatency.length,
      wall_s: run.ms / 1000,
      ideal_s: ideal / 1000,
      ratio,
      lost: c.lost,
      duplicated: c.duplicated,
      answered_429: api.rejected,
      reply_429: api.rejectedReplies,
      slowest_reply_ms: Math.max(...replyLatency),
    },
    "ratio <= 1.15, 0 lost, 0 duplicated, no 429 to the bot's replies",
    ratio <= 1.15 && c.lost === 0 && c.duplicated === 0 && api.rejectedReplies === 0,
  );
}

async function benchTree(): Promise<void> {
  const app = await testApp({ units: false });
  await bigTree(app.db, { districts: 100, grassroots: 19_899, groups: 5000 });
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
  const staff = Talker.private(app, "1", "Cán bộ tỉnh");
  await staff.send("/thongbao");
  const asked = await timed(() => staff.send("Kính gửi các đơn vị: hội nghị giao ban ngày 05/7/2026."));
  const counted = await timed(() => staff.press(choicesOf(asked.value)[0]!.id));
  const queued = await timed(() => staff.press(choicesOf(counted.value)[0]!.id));
  const rows = await app.db.outboxMessage.count({ where: { kind: "announcement" } });
  const actor = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  const status = await timed(() => app.services.announcements.status(actor, 1));
  const ok = status.value.ok && rows === 5000 && !lastText(queued.value).includes("lỗi");
  report(
    "broadcast-tree",
    {
      units: await app.db.unit.count(),
      groups: 5000,
      count_ms: counted.ms,
      queue_ms: queued.ms,
      status_ms: status.ms,
      queued: rows,
    },
    "/thongbao to the whole tree queues 5,000 messages",
    ok,
  );
  await app.db.$disconnect();
}

async function benchCrash(dir: string): Promise<void> {
  const chats = 300;
  const api = await startFakeBotApi();
  const url = await prepare(path.join(dir, "crash.db"), chats);
  const child = () => sender(url, api.url);
  const first = child();
  while (api.received.length < chats / 3) await sleep(5);
  first.kill("SIGKILL");
  const inFlightAtApi = api.inFlight;
  await new Promise((r) => first.once("exit", r));
  const killedAt = api.received.length;
  // Rows the dead process had claimed: those the API had already accepted are the possible duplicates.
  const db = await openDatabase(url);
  const claimed = await db.outboxMessage.findMany({ where: { status: "sending" } });
  const accepted = new Set(api.received.map((r) => r.chat));
  const acceptedUnmarked = claimed.filter((m) => accepted.has(m.platformChatId)).length;
  await db.$disconnect();
  const restartAt = Date.now();
  const before = api.received.length;
  const second = child();
  while (api.received.length === before) await sleep(5);
  const resumeMs = Date.now() - restartAt;
  await new Promise((r) => second.once("exit", r));
  const c = count(api.received, chats);
  await api.close();
  report(
    "broadcast-crash",
    {
      chats,
      received_before_kill: killedAt,
      claimed_at_kill: claimed.length,
      in_flight_at_kill: acceptedUnmarked,
      api_requests_open_at_kill: inFlightAtApi,
      resumed_after_ms: resumeMs,
      lost: c.lost,
      duplicated: c.duplicated,
    },
    "0 lost, resumes within 5 s, duplicates <= sends in flight",
    c.lost === 0 && resumeMs <= 5000 && c.duplicated <= acceptedUnmarked,
  );
}

async function benchFaults(dir: string): Promise<void> {
  const chats = 600;
  const api = await startFakeBotApi({ faultRate: 0.02 });
  const url = await prepare(path.join(dir, "faults.db"), chats);
  const sending = await startSending(url, api.url);
  const run = await timed(() => sending.done());
  const failed = await sending.db.outboxMessage.count({ where: { status: "failed" } });
  await sending.stop();
  const c = count(api.received, chats);
  await api.close();
  report(
    "broadcast-faults",
    {
      chats,
      faults_500: api.faults["500"],
      faults_502_html: api.faults["502-html"],
      faults_reset: api.faults.reset,
      wall_s: run.ms / 1000,
      failed,
      lost: c.lost,
      duplicated: c.duplicated,
    },
    "0 lost",
    c.lost === 0 && failed === 0,
  );
}

export async function benchBroadcast(): Promise<void> {
  const dir = tempDir("bench-broadcast-");
  const only = process.env.BENCH_BROADCAST_PARTS?.split(",");
  const parts: Record<string, () => Promise<void>> = {
    scale: () => benchScale(dir),
    tree: () => benchTree(),
    crash: () => benchCrash(dir),
    faults: () => benchFaults(dir),
  };
  for (const [name, run] of Object.entries(parts)) if (!only || only.includes(name)) await run();
}
