/**
 * Zalo through zca-js's real classes against the local Zalo of test/helpers/zalo-server.ts, wired as main.ts wires it
 * (a PacedSender that retries replies, one shared pacer per account). Three figures:
 * - zalo-stall: GROUPS groups each ask /trogiup in one burst; the wall time until every answer is out, with no stall
 *   (baseline) and while a chair's /xuatbaocao waits for a `file_done` that never comes (ZALO_TIMEOUT_MS = 5 s);
 *   also the chair's own /vaitro during that stall (and with none), and how long after the upload began the chair
 *   hears that the files are late. Pacing is off here (interval 0): it measures queueing, not ZALO_SEND_INTERVAL_MS.
 * - zalo-catch-up: the socket stays open but delivers nothing while five members write at 2, 10, 28, 35 and 57 s (the
 *   bot's wall clock moved by hand, the heartbeat at 200 ms): how many are answered after the reconnect.
 * - zalo-send-gap: the shortest gap between two sends at ZALO_SEND_INTERVAL_MS = BENCH_ZALO_INTERVAL_MS (500 ms), over
 *   an idle spell, a 221 rest, and a text long enough for two messages.
 */

import { PacedSender } from "../src/scheduler/paced-sender.js";
import { SharedPacer } from "../src/scheduler/pacer.js";
import { giveRole, testApp } from "../test/helpers/app.js";
import { closeAll } from "../test/helpers/db.js";
import { type RigOptions, zaloRig } from "../test/helpers/zalo.js";
import { report, timed } from "./util.js";

const GROUPS = Number(process.env.BENCH_ZALO_GROUPS ?? 40);
const TIMEOUT_MS = 5000;
const INTERVAL_MS = Number(process.env.BENCH_ZALO_INTERVAL_MS ?? 500);
const CHAIR = { uid: "2001", name: "Chị Hoa" };

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 2));
}

/** An app with an open consultation and a chair, and the Zalo adapter wired as in main.ts. */
async function setup(intervalMs: number, o: RigOptions = {}) {
  const app = await testApp();
  const pacer = new SharedPacer({ perSecond: 1000, perChatPerMinute: 1000, minIntervalMs: intervalMs });
  const rig = await zaloRig(app, {
    timeoutMs: TIMEOUT_MS,
    sendIntervalMs: intervalMs,
    wrapSender: (s) => new PacedSender(s, pacer, { timeoutMs: 30_000 }),
    ...o,
  });
  await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD", "zalo");
  await giveRole(app, "9000", "Cán bộ", "staff", "LC", "zalo");
  const staff = await app.services.people.resolve("zalo", "9000", "Cán bộ");
  await app.services.consultations.open(staff, {
    title: "Góp ý",
    items: ["Dự thảo A"],
    rootUnitCode: "LC",
    closesAt: new Date(app.clock.now().getTime() + 86_400_000),
  });
  return { app, rig, server: rig.server };
}

async function stall(): Promise<void> {
  const { rig, server } = await setup(0);
  let round = 0;
  const burst = async () => {
    round++;
    const inGroups = () => server.sent.filter((s) => s.group).length;
    const before = inGroups();
    for (let g = 0; g < GROUPS; g++) {
      await server.pushGroup(`77${round}${String(g).padStart(4, "0")}`, [{ uid: `5${g}`, text: "/trogiup" }]);
    }
    await until(() => inGroups() >= before + GROUPS);
  };
  const ownReply = async () => {
    const before = server.sent.length;
    await server.pushUser([{ ...CHAIR, text: "/vaitro" }]);
    await until(() => server.sent.slice(before).some((s) => s.text?.startsWith("Vai trò của bạn")));
  };
  await burst(); // warm-up: chats and people are created
  await ownReply();
  const baseline = await timed(burst);
  const ownBaseline = await timed(ownReply);
  server.withholdFileDone = true;
  await server.pushUser([{ ...CHAIR, text: "/xuatbaocao" }]);
  await until(() => server.calls.some((c) => c.path.endsWith("/asyncfile/upload")));
  const uploadAt = Date.now();
  const own = await timed(ownReply);
  const stalled = await timed(burst);
  const answeredBeforeLimit = Date.now() - uploadAt < TIMEOUT_MS;
  await until(() => server.sent.some((s) => s.text?.startsWith("Zalo chưa xác nhận")));
  const toldAfter = Date.now() - uploadAt;
  await rig.close();
  const ratio = stalled.ms / baseline.ms;
  report(
    "zalo-stall",
    {
      groups: GROUPS,
      baseline_ms: baseline.ms,
      during_stall_ms: stalled.ms,
      ratio,
      answered_before_time_limit: answeredBeforeLimit ? "yes" : "no",
      own_reply_ms: own.ms,
      own_reply_baseline_ms: ownBaseline.ms,
      told_late_after_ms: toldAfter,
    },
    "ratio <= 1.5, answered before the 5 s limit, own reply < 1 s, told within 5 s + 1 s of the upload",
    ratio <= 1.5 && answeredBeforeLimit && own.ms < 1000 && toldAfter <= TIMEOUT_MS + 1000,
  );
}

async function catchUp(): Promise<void> {
  const frozeAt = Date.now() - 60_000;
  let wall = frozeAt;
  const { rig, server } = await setup(0, {
    heartbeatMs: 200,
    time: { now: () => wall, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
  });
  const group = "8880001";
  await rig.group(group, [{ ...CHAIR, text: "/lienket LC-TD" }]);
  const before = server.sent.length;
  rig.freeze();
  for (const [i, second] of [2, 10, 28, 35, 57].entries()) {
    wall = frozeAt + second * 1000;
    await server.pushGroup(group, [{ uid: `300${i}`, name: `Người ${i + 1}`, text: "/trogiup", ts: wall }]);
  }
  wall = frozeAt + 60_000;
  await until(() => server.socketsOpened === 2);
  // Answers come within a second of the reconnect; two seconds leave room for a busy machine.
  await new Promise((r) => setTimeout(r, 2000));
  await rig.adapter.idle();
  const answered = server.sent.length - before;
  await rig.close();
  report("zalo-catch-up", { written_while_deaf: 5, answered }, "5 of 5", answered === 5);
}

async function sendGap(): Promise<void> {
  const { rig, server } = await setup(INTERVAL_MS, { restMs: 2 * INTERVAL_MS });
  const ask = (group: string) => server.pushGroup(group, [{ uid: "5001", text: "/trogiup" }]);
  const sent = (n: number) => until(() => server.sent.length >= n);
  await ask("8880001");
  await sent(1);
  await new Promise((r) => setTimeout(r, 4 * INTERVAL_MS)); // idle
  await ask("8880002");
  await ask("8880003");
  await sent(3);
  server.failures.push({ path: /\/(quote|sendmsg)$/, code: 221, message: "Vượt quá số request cho phép", times: 1 });
  await ask("8880004");
  await ask("8880005");
  await sent(5);
  const long = Array.from({ length: 80 }, (_, i) => `Dòng ${i + 1}: ${"nội dung ".repeat(4)}`).join("\n");
  await rig.adapter.sender.send({ chatId: "8880001", reply: { kind: "text", text: long } });
  await sent(7);
  const at = server.sent.map((s) => s.at).sort((a, b) => a - b);
  const gaps = at.slice(1).map((t, i) => t - (at[i] ?? t));
  const minGap = Math.min(...gaps);
  await rig.close();
  report(
    "zalo-send-gap",
    { interval_ms: INTERVAL_MS, sends: at.length, min_gap_ms: minGap, ratio: minGap / INTERVAL_MS },
    "min gap >= the interval (ratio >= 1)",
    minGap >= INTERVAL_MS,
  );
}

export async function benchZalo(): Promise<void> {
  const parts = (process.env.BENCH_ZALO_PARTS ?? "stall,catch-up,send-gap").split(",");
  if (parts.includes("stall")) await stall();
  if (parts.includes("catch-up")) await catchUp();
  if (parts.includes("send-gap")) await sendGap();
  await closeAll();
}
