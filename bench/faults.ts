/**
 * #35's scenario as figures: three real bot processes (test/helpers/bot-processes.ts: src/main.ts, Telegram webhook
 * mode) on one PostgreSQL schema, each reaching the server through a TCP relay (test/helpers/pg-relay.ts) that is cut
 * to stand for a server restart (~1 s: every connection reset, new ones refused) and a 20 s network cut, a
 * limit-enforcing fake Bot API (30 a second, 20 a minute a group, one a second a private chat). The shared server is
 * never restarted: others use it. Three stages on one schema, each through faults, each process killed replaced by a
 * new one (as a supervisor would):
 * 1. reminders: 500 groups owe a report due in three days; the three schedulers queue the reminders as they start; one
 *    process is SIGKILLed and the database cut for ~1 s while they go out. Exactly one each, none stuck.
 * 2. broadcast: staff announce to 1,000 groups through the webhooks; a kill, a ~1 s cut and a 20 s cut while it goes
 *    out. Lost, duplicated (against the sends in flight at the faults), the "sent" summary once and true.
 * 3. conversation: 300 members × 5 steps of /ngonngu (as bench/scale.ts) through a ~1 s cut and a kill; an update the
 *    webhook does not take (5xx, or a dead process) is delivered again to a live process, as Telegram does. Every
 *    update handled, each member answered as the others are, none later than 30 s after the database is back.
 * PostgreSQL only: `npm run bench -- --postgresql faults` or `npx tsx bench/faults.ts`.
 */
import fs from "node:fs";
import path from "node:path";
import { FakeClock } from "../src/clock.js";
import { type Db, openDatabase } from "../src/db/client.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import { giveRole, testApp } from "../test/helpers/app.js";
import { bigTree } from "../test/helpers/big-tree.js";
import {
  type BotProcess,
  callbackUpdate,
  LANGUAGE_STEPS,
  messageUpdate,
  phraseInDays,
  startBotProcess,
  stopBotProcesses,
  waitHandled,
} from "../test/helpers/bot-processes.js";
import { type FakeBotApi, type Received, startFakeBotApi } from "../test/helpers/fake-bot-api.js";
import { type PgRelay, pgRelay } from "../test/helpers/pg-relay.js";
import { BENCH_ENGINE, benchSchema } from "./bench-db.js";
import { report } from "./util.js";

const GROUPS = 1000;
const OWING = 500;
const MEMBERS = 300;
const STAFF = 9001;
const IN_FLIGHT = 40;
/** Which stages run (BENCH_FAULTS_PARTS=reminders,broadcast,conversation: all by default). */
const PARTS = (process.env.BENCH_FAULTS_PARTS ?? "reminders,broadcast,conversation").split(",");
const SETTINGS = { REMINDER_TIME: "00:00", DIGEST_TIME: "23:59" };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, done: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) {
      console.log(`faults: gave up waiting for ${what} after ${timeoutMs} ms`);
      return false;
    }
    await sleep(100);
  }
  return true;
}

interface Rig {
  db: Db;
  api: FakeBotApi;
  relay: PgRelay;
  processes: BotProcess[];
  databaseUrl: string;
  nextIndex: number;
}

const alive = (rig: Rig) => rig.processes.filter((p) => !p.child.killed && p.child.exitCode === null);

/** SIGKILLs the first live process (`replace` starts another later, as a supervisor would). */
async function killOne(rig: Rig): Promise<void> {
  const victim = alive(rig)[0]!;
  victim.kill();
  await victim.exited;
}

async function replace(rig: Rig): Promise<void> {
  const wanted = 3 - alive(rig).length;
  const started = await Promise.all(
    Array.from({ length: wanted }, () =>
      startBotProcess(rig.nextIndex++, {
        databaseUrl: rig.databaseUrl,
        apiRoot: rig.api.url,
        env: SETTINGS,
        startTimeoutMs: 120_000,
      }),
    ),
  );
  rig.processes.push(...started);
}

/** The relay cut for `ms`: returns when it is restored, and the moment it was. */
async function cutFor(rig: Rig, ms: number): Promise<number> {
  await rig.relay.cut();
  await sleep(ms);
  await rig.relay.restore();
  return Date.now();
}

/** Posts `update` to the live processes in turn until one stores it (200), as Telegram redelivers. */
let turn = 0;
async function deliver(rig: Rig, update: object): Promise<void> {
  for (;;) {
    const live = alive(rig);
    const p = live[turn++ % live.length];
    const status = p ? await p.post(update).catch(() => 0) : 0;
    if (status === 200) return;
    await sleep(500);
  }
}

async function reminders(rig: Rig): Promise<void> {
  const rows = () => rig.db.outboxMessage.findMany({ where: { kind: "reminder" } });
  const owing = new Set(
    (await rig.db.chat.findMany({ where: { unit: { code: { in: owingCodes() } } } })).map((c) => c.platformChatId),
  );
  const toOwing = () => rig.api.received.filter((r) => owing.has(r.chat));
  await until("a fifth of the reminders", () => toOwing().length >= OWING / 5, 120_000);
  const sendingAtKill = await rig.db.outboxMessage.count({ where: { kind: "reminder", status: "sending" } });
  await killOne(rig);
  await until("half of the reminders", () => toOwing().length >= OWING / 2, 120_000);
  const sendingAtCut = await rig.db.outboxMessage.count({ where: { kind: "reminder", status: "sending" } });
  await cutFor(rig, 1000);
  await replace(rig);
  await until("every reminder sent", async () => (await rows()).every((r) => r.status === "sent"), 180_000);
  const all = await rows();
  const perGroup = new Map<string, number>();
  for (const r of toOwing()) perGroup.set(r.chat, (perGroup.get(r.chat) ?? 0) + 1);
  const once = [...owing].filter((c) => perGroup.get(c) === 1).length;
  const missing = [...owing].filter((c) => !perGroup.has(c)).length;
  const twice = [...perGroup.values()].filter((n) => n > 1).length;
  const stuck = all.filter((r) => r.status !== "sent").length;
  report(
    "faults-reminders",
    {
      groups: OWING,
      rows: all.length,
      exactly_once: once,
      missing,
      twice,
      stuck,
      in_flight_at_faults: sendingAtKill + sendingAtCut,
    },
    "one each, none stuck",
    once === OWING && stuck === 0,
  );
}

function owingCodes(): string[] {
  return Array.from({ length: OWING }, (_, i) => `G${i + 1}`);
}

async function broadcast(rig: Rig): Promise<void> {
  const at = async (update: object): Promise<Received[]> => {
    const before = rig.api.received.filter((r) => r.chat === String(STAFF)).length;
    await deliver(rig, update);
    await waitHandled(rig.db, update, 120_000);
    return rig.api.received.filter((r) => r.chat === String(STAFF)).slice(before);
  };
  await at(messageUpdate(STAFF, "/thongbao", "Cán bộ tỉnh"));
  const asked = await at(messageUpdate(STAFF, "Kính gửi các đơn vị: hội nghị giao ban ngày 05/7/2026.", "Cán bộ tỉnh"));
  const counted = await at(callbackUpdate(STAFF, asked.at(-1)!.buttons[0]!.data!, "Cán bộ tỉnh"));
  const started = Date.now();
  await at(callbackUpdate(STAFF, counted.at(-1)!.buttons[0]!.data!, "Cán bộ tỉnh"));
  const groups = new Set(
    (await rig.db.outboxMessage.findMany({ where: { kind: "announcement" } })).map((r) => r.platformChatId),
  );
  const sent = () => rig.api.received.filter((r) => groups.has(r.chat) && r.text.includes("hội nghị giao ban"));
  const sending = () => rig.db.outboxMessage.count({ where: { kind: "announcement", status: "sending" } });
  let inFlight = 0;
  const faults: [string, number][] = [];
  await until("a quarter of the broadcast", () => sent().length >= GROUPS / 4, 120_000);
  inFlight += await sending();
  faults.push(["kill", Date.now()]);
  await killOne(rig);
  await until("half of the broadcast", () => sent().length >= GROUPS / 2, 120_000);
  inFlight += await sending();
  faults.push(["1 s cut", Date.now()]);
  await cutFor(rig, 1000);
  await until("three quarters of the broadcast", () => sent().length >= (GROUPS * 3) / 4, 120_000);
  inFlight += await sending();
  faults.push(["20 s cut", Date.now()]);
  const back = await cutFor(rig, 20_000);
  await replace(rig);
  await until("every group reached", () => new Set(sent().map((r) => r.chat)).size >= groups.size, 240_000);
  const seconds = (Date.now() - started) / 1000;
  const afterBack = (Date.now() - back) / 1000;
  await until(
    "the summary",
    async () =>
      (await rig.db.outboxMessage.count({ where: { key: { startsWith: "ann-done:" }, status: "sent" } })) >= 1,
    90_000,
  );
  await sleep(5000); // a second summary, if any, would go out now
  const reached = new Set(sent().map((r) => r.chat)).size;
  const lost = groups.size - reached;
  const duplicated = sent().length - reached;
  const summaries = rig.api.received.filter(
    (r) => r.chat === String(STAFF) && r.text.startsWith("Đã gửi xong thông báo"),
  );
  const truthful = summaries.length === 1 && summaries[0]!.text.includes(`${fmt(reached)}/${fmt(groups.size)}`);
  const stuck = await rig.db.outboxMessage.count({ where: { kind: "announcement", status: { not: "sent" } } });
  report(
    "faults-broadcast",
    {
      groups: groups.size,
      lost,
      duplicated,
      in_flight_at_faults: inFlight,
      stuck,
      summaries: summaries.length,
      summary: JSON.stringify(summaries[0]?.text.split(";")[0] ?? ""),
      seconds,
      done_s_after_20s_cut: afterBack,
      refused_429: rig.api.rejected,
    },
    "0 lost, duplicated <= in flight, one true summary",
    lost === 0 && duplicated <= inFlight && truthful,
  );
  // Which fault each second copy followed: the last fault before the copy was sent.
  const seen = new Set<string>();
  const after = new Map<string, number>();
  for (const r of sent()) {
    if (!seen.has(r.chat)) seen.add(r.chat);
    else {
      const fault = faults.filter(([, t]) => t <= r.at).at(-1)?.[0] ?? "none";
      after.set(fault, (after.get(fault) ?? 0) + 1);
    }
  }
  if (after.size) console.log(`  second copies after: ${[...after].map(([f, n]) => `${f} ${n}`).join(", ")}`);
}

const fmt = (n: number) => n.toLocaleString("de-DE");

/** The number of replies most members got, and the members who got another number (with what they got). */
/** The core's "try again later" (locales/vi: storage-unavailable): an answer, in place of a step's usual replies. */
const TRY_AGAIN = "Xin lỗi, bot chưa lưu được dữ liệu";

/**
 * Each member's replies against the usual count: `odd` got another number of replies and no "try again later" (a
 * reply lost, or one too many), `toldToRetry` got "try again later" in place of a step's replies (allowed by #35).
 */
function answersPerMember(
  received: Received[],
  users: number[],
): { usual: number; odd: [string, string[]][]; toldToRetry: number } {
  const members = new Set(users.map(String));
  const perMember = new Map<string, string[]>();
  for (const r of received) if (members.has(r.chat)) perMember.set(r.chat, [...(perMember.get(r.chat) ?? []), r.text]);
  const counts = new Map<number, number>();
  for (const texts of perMember.values()) counts.set(texts.length, (counts.get(texts.length) ?? 0) + 1);
  const usual = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const others = [...perMember.entries()].filter(([, t]) => t.length !== usual);
  const retried = (t: string[]) => t.some((x) => x.startsWith(TRY_AGAIN)) && t.length < usual;
  return {
    usual,
    odd: others.filter(([, t]) => !retried(t)),
    toldToRetry: others.filter(([, t]) => retried(t)).length,
  };
}

async function conversation(rig: Rig): Promise<void> {
  const users = Array.from({ length: MEMBERS }, (_, i) => 50_000 + i);
  const firstPost = new Map<string, number>();
  const feed = async (updates: object[], fault?: { after: number; run: () => Promise<void> }) => {
    let next = 0;
    let faulted: Promise<void> | undefined;
    const lane = async () => {
      while (next < updates.length) {
        const i = next++;
        if (fault && i === fault.after) faulted = fault.run();
        const u = updates[i]!;
        firstPost.set(String((u as { update_id: number }).update_id), Date.now());
        await deliver(rig, u);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    await faulted;
  };
  const starts = users.map((u) => messageUpdate(u, "/start"));
  await feed(starts);
  for (const u of starts) await waitHandled(rig.db, u, 180_000);
  const ids: string[] = [];
  const handled = () => rig.db.inboxUpdate.count({ where: { updateId: { in: ids }, handledAt: { not: null } } });
  let cutStart = 0;
  let back = 0;
  for (const [k, step] of LANGUAGE_STEPS.entries()) {
    const updates = users.map(step);
    ids.push(...updates.map((u) => String((u as { update_id: number }).update_id)));
    const fault =
      k === 1
        ? {
            after: MEMBERS / 2,
            run: async () => {
              cutStart = Date.now();
              back = await cutFor(rig, 1000);
            },
          }
        : k === 3
          ? { after: MEMBERS / 2, run: () => killOne(rig) }
          : undefined;
    await feed(updates, fault);
    // As bench/scale.ts: members answer once they have the bot's reply, so step k+1 waits for step k's answers.
    await until("the step handled", async () => (await handled()) >= ids.length, 180_000);
  }
  await replace(rig);
  await sleep(5000); // a late second answer, if any, would come now
  const rows = await rig.db.inboxUpdate.findMany({ where: { updateId: { in: ids } } });
  // How long after it was first posted (or after the database was back, if it was posted during the cut) each update
  // was handled.
  const late = rows.map((r) => {
    const posted = firstPost.get(r.updateId) ?? 0;
    const from = posted >= cutStart && posted < back ? back : posted;
    return r.handledAt ? (r.handledAt.getTime() - from) / 1000 : Number.POSITIVE_INFINITY;
  });
  const { usual, odd, toldToRetry } = answersPerMember(rig.api.received, users);
  const finished = await rig.db.person.count({
    where: {
      language: "vi",
      identities: { some: { platform: "telegram", platformUserId: { in: users.map(String) } } },
    },
  });
  report(
    "faults-conversation",
    {
      updates: ids.length,
      handled: rows.filter((r) => r.handledAt).length,
      finished: `${finished}/${MEMBERS}`,
      replies_per_member: usual,
      told_to_try_again: toldToRetry,
      members_answered_otherwise: odd.length,
      slowest_s: Math.max(...late),
      over_30s: late.filter((s) => s > 30).length,
    },
    "every update answered once, none later than 30 s",
    rows.every((r) => r.handledAt) && odd.length === 0 && late.every((s) => s <= 30) && finished === MEMBERS,
  );
  for (const [chat, texts] of odd.slice(0, 3))
    console.log(`  member ${chat}: ${texts.map((t) => JSON.stringify(t.slice(0, 40))).join(" | ")}`);
}

export async function benchFaults(): Promise<void> {
  if (BENCH_ENGINE !== "postgresql" && import.meta.url !== `file://${process.argv[1]}`) {
    console.log("faults: SKIPPED on SQLite: several processes need PostgreSQL (npm run bench -- --postgresql faults)");
    return;
  }
  const schema = await benchSchema("faults");
  if (!schema) return;
  const relay = await pgRelay(new URL(schema.url));
  const api = await startFakeBotApi();
  const db = await openDatabase(`${schema.url}&connection_limit=3`);
  const rig: Rig = {
    db,
    api,
    relay,
    processes: [],
    databaseUrl: `${relay.url(schema.url)}&connection_limit=5`,
    nextIndex: 0,
  };
  try {
    const app = await testApp({
      db,
      clock: new FakeClock(new Date(Date.now() - 10 * 86_400_000)),
      env: SETTINGS,
      units: false,
    });
    await bigTree(db, { districts: 20, grassroots: GROUPS, groups: GROUPS });
    await giveRole(app, String(STAFF), "Cán bộ tỉnh", "staff", "P");
    const staff = await app.services.people.resolve("telegram", String(STAFF), "Cán bộ tỉnh");
    const phrase = phraseInDays(3);
    if (PARTS.includes("reminders"))
      await app.services.deadlines.create(staff, {
        what: "Báo cáo kết quả",
        phrase,
        spec: readDatePhrase(phrase)!.spec,
        owingUnitIds: (await db.unit.findMany({ where: { code: { in: owingCodes() } } })).map((u) => u.id),
        rootUnitId: 1,
      });
    await replace(rig);
    if (PARTS.includes("reminders")) await reminders(rig);
    if (PARTS.includes("broadcast")) await broadcast(rig);
    if (PARTS.includes("conversation")) await conversation(rig);
    const crashed = rig.processes.filter((p) => !p.child.killed && p.child.exitCode !== null);
    if (crashed.length) console.log(`faults: ${crashed.length} process(es) ended by themselves`);
  } finally {
    // BENCH_FAULTS_LOG_DIR: each process's JSON log, for reading what happened to an answer that went missing.
    const logDir = process.env.BENCH_FAULTS_LOG_DIR;
    if (logDir)
      for (const [i, p] of rig.processes.entries()) fs.writeFileSync(path.join(logDir, `bot-${i}.log`), p.output());
    await stopBotProcesses(rig.processes);
    await db.$disconnect();
    await api.close();
    await relay.close();
    await schema.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchFaults();
  process.exit();
}
